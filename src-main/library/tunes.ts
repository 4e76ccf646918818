/** Tunes: reading and searching what imports stored. Writing happens in import/ (one transaction). */
import type Database from 'better-sqlite3'
import type { Facets, TunePage, TuneSummary } from '../../src-shared/contract/library'
import { toFtsQuery, toLikePattern } from './fts-query'
import { prepareTuneStatements, type SearchParams, type SearchShape, type TuneRow, type TuneStatements } from './statements/tunes'

/** A stored tune with its text and where it came from. */
export interface TuneRecord extends TuneSummary {
  ordinal: number
  unitLength: string | null
  sourceFile: string
  startLine: number
  abc: string
  hash: string
}

export interface TuneSearch {
  /** Words to find in title, ABC text, key, meter or rhythm (prefix match, all words). */
  text?: string
  /** Exact key as stored (e.g. 'G', 'Am'); see facets for the values. */
  key?: string
  meter?: string
  /** Case-insensitive. */
  rhythm?: string
  corpusId?: number
  limit: number
  offset: number
}

const toSummary = (row: TuneRow): TuneSummary => ({
  id: row.id,
  corpusId: row.corpus_id,
  corpusName: row.corpus_name,
  xNumber: row.x_number,
  title: row.title,
  key: row.key,
  meter: row.meter,
  rhythm: row.rhythm,
})

export interface TunesRepository {
  /** The statements, for import/ which writes tunes inside its own transaction. */
  readonly statements: TuneStatements
  /** Full-text search plus filters; `total` counts every match, `items` is one page of them. */
  search(query: TuneSearch): TunePage
  /** Counts per key, meter and rhythm (most frequent first), in one corpus or all. */
  facets(corpusId?: number): Facets
  get(id: number): TuneRecord | null
  /** Every tune of a corpus in ordinal order: the training text and its validation split come from this. */
  corpusText(corpusId: number): { id: number; ordinal: number; abc: string }[]
  count(corpusId: number): number
}

export function createTunesRepository(db: Database.Database): TunesRepository {
  const sql = prepareTuneStatements(db)
  return {
    statements: sql,
    search(query) {
      const text = query.text?.trim() ?? ''
      const fts = text ? toFtsQuery(text) : null
      const shape: SearchShape = {
        text: text ? (fts ? 'fts' : 'like') : null,
        key: Boolean(query.key),
        meter: Boolean(query.meter),
        rhythm: Boolean(query.rhythm),
        corpus: query.corpusId !== undefined,
      }
      // Bind only the parameters the statement names: better-sqlite3 rejects missing ones.
      const params: SearchParams = { limit: query.limit, offset: query.offset }
      if (shape.text === 'fts' && fts) params.text = fts
      if (shape.text === 'like') params.text = toLikePattern(text)
      if (shape.key) params.key = query.key
      if (shape.meter) params.meter = query.meter
      if (shape.rhythm) params.rhythm = query.rhythm
      if (shape.corpus) params.corpus = query.corpusId
      const statements = sql.search(shape)
      const total = statements.count.get(params)?.total ?? 0
      return { total, items: total === 0 ? [] : statements.page.all(params).map(toSummary) }
    },
    facets(corpusId) {
      const corpus = { corpus: corpusId ?? null }
      return { keys: sql.facetKeys.all(corpus), meters: sql.facetMeters.all(corpus), rhythms: sql.facetRhythms.all(corpus) }
    },
    get(id) {
      const row = sql.getById.get(id)
      if (!row) return null
      return {
        ...toSummary(row),
        ordinal: row.ordinal,
        unitLength: row.unit_length,
        sourceFile: row.source_file,
        startLine: row.start_line,
        abc: row.abc,
        hash: row.hash,
      }
    },
    corpusText: (corpusId) => sql.textOfCorpus.all(corpusId),
    count: (corpusId) => sql.countOfCorpus.get(corpusId)?.n ?? 0,
  }
}
