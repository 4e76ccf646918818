/** SQL for tunes: inserts, lookups, FTS5 search and facets, prepared once per open library. */
import type Database from 'better-sqlite3'
import { prepare, preparedPerShape } from './prepare'

export interface TuneRow {
  id: number
  corpus_id: number
  corpus_name: string
  ordinal: number
  x_number: number | null
  title: string
  key: string | null
  meter: string | null
  unit_length: string | null
  rhythm: string | null
  source_file: string
  start_line: number
}

export interface TuneRowWithAbc extends TuneRow {
  abc: string
  hash: string
}

/** A tune as inserted: the stored row without its id and its corpus's name (read by a join). */
export type NewTuneRow = Omit<TuneRowWithAbc, 'id' | 'corpus_name'>

/** Which filters a search uses: one prepared statement per combination (at most 32). */
export interface SearchShape {
  /** 'fts': FTS5 MATCH; 'like': the text had no searchable word, so a substring match. */
  text: 'fts' | 'like' | null
  key: boolean
  meter: boolean
  rhythm: boolean
  corpus: boolean
}

export interface SearchParams {
  text?: string
  key?: string
  meter?: string
  rhythm?: string
  corpus?: number
  limit: number
  offset: number
}

const COLUMNS = `t.id, t.corpus_id, c.name AS corpus_name, t.ordinal, t.x_number, t.title, t.key, t.meter,
  t.unit_length, t.rhythm, t.source_file, t.start_line`

const FACET = (column: 'key' | 'meter' | 'rhythm'): string => `
  SELECT ${column} AS value, count(*) AS count FROM tunes
  WHERE ${column} IS NOT NULL AND ${column} <> '' AND (@corpus IS NULL OR corpus_id = @corpus)
  GROUP BY ${column} ORDER BY count DESC, value`

function searchSql(shape: SearchShape): { count: string; page: string } {
  const where: string[] = []
  let from = 'tunes t JOIN corpora c ON c.id = t.corpus_id'
  if (shape.text === 'fts') {
    from += ' JOIN tunes_fts ON tunes_fts.rowid = t.id'
    where.push('tunes_fts MATCH @text')
  } else if (shape.text === 'like') {
    where.push(`(t.title LIKE @text ESCAPE '\\' OR t.abc LIKE @text ESCAPE '\\')`)
  }
  if (shape.key) where.push('t.key = @key')
  if (shape.meter) where.push('t.meter = @meter')
  if (shape.rhythm) where.push('t.rhythm = @rhythm COLLATE NOCASE')
  if (shape.corpus) where.push('t.corpus_id = @corpus')
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : ''
  // Title matches weigh most; then the ABC text; key/meter/rhythm words count a little.
  const order = shape.text === 'fts' ? 'bm25(tunes_fts, 10.0, 1.0, 2.0, 2.0, 2.0), t.corpus_id, t.ordinal' : 't.corpus_id, t.ordinal'
  return {
    count: `SELECT count(*) AS total FROM ${from} ${whereSql}`,
    page: `SELECT ${COLUMNS} FROM ${from} ${whereSql} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
  }
}

export function prepareTuneStatements(db: Database.Database) {
  return {
    insert: prepare<[NewTuneRow]>(db, `
      INSERT INTO tunes (corpus_id, ordinal, x_number, title, key, meter, unit_length, rhythm, abc, hash, source_file, start_line)
      VALUES (@corpus_id, @ordinal, @x_number, @title, @key, @meter, @unit_length, @rhythm, @abc, @hash, @source_file, @start_line)`),
    getById: prepare<[number], TuneRowWithAbc>(db, `SELECT ${COLUMNS}, t.abc, t.hash FROM tunes t JOIN corpora c ON c.id = t.corpus_id WHERE t.id = ?`),
    hashesOfCorpus: prepare<[number], { hash: string }>(db, `SELECT hash FROM tunes WHERE corpus_id = ?`),
    maxOrdinal: prepare<[number], { max: number | null }>(db, `SELECT max(ordinal) AS max FROM tunes WHERE corpus_id = ?`),
    textOfCorpus: prepare<[number], { id: number; ordinal: number; abc: string }>(db, `SELECT id, ordinal, abc FROM tunes WHERE corpus_id = ? ORDER BY ordinal`),
    countOfCorpus: prepare<[number], { n: number }>(db, `SELECT count(*) AS n FROM tunes WHERE corpus_id = ?`),
    facetKeys: prepare<[{ corpus: number | null }], { value: string; count: number }>(db, FACET('key')),
    facetMeters: prepare<[{ corpus: number | null }], { value: string; count: number }>(db, FACET('meter')),
    facetRhythms: prepare<[{ corpus: number | null }], { value: string; count: number }>(db, `
      SELECT min(rhythm) AS value, count(*) AS count FROM tunes
      WHERE rhythm IS NOT NULL AND rhythm <> '' AND (@corpus IS NULL OR corpus_id = @corpus)
      GROUP BY rhythm COLLATE NOCASE ORDER BY count DESC, value`),
    /** The search statements for one combination of filters, prepared on first use. */
    search: preparedPerShape((shape: SearchShape) => {
      const text = searchSql(shape)
      return { count: prepare<[SearchParams], { total: number }>(db, text.count), page: prepare<[SearchParams], TuneRow>(db, text.page) }
    }),
  }
}

export type TuneStatements = ReturnType<typeof prepareTuneStatements>
