/** SQL for corpora, prepared once per open library. */
import type Database from 'better-sqlite3'

export interface CorpusRow {
  id: number
  name: string
  source: 'bundled' | 'user'
  created_at: string
  tune_count: number
}

const SELECT = `
  SELECT c.id, c.name, c.source, c.created_at,
         (SELECT count(*) FROM tunes t WHERE t.corpus_id = c.id) AS tune_count
  FROM corpora c`

export function prepareCorpusStatements(db: Database.Database) {
  return {
    list: db.prepare<[], CorpusRow>(`${SELECT} ORDER BY c.source, c.name`),
    getById: db.prepare<[number], CorpusRow>(`${SELECT} WHERE c.id = ?`),
    getByName: db.prepare<[string], CorpusRow>(`${SELECT} WHERE c.name = ?`),
    insert: db.prepare<[string, string]>(`INSERT INTO corpora (name, source) VALUES (?, ?)`),
    remove: db.prepare<[number]>(`DELETE FROM corpora WHERE id = ?`),
  }
}

export type CorpusStatements = ReturnType<typeof prepareCorpusStatements>
