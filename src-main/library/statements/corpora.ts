/** SQL for corpora, prepared once per open library. */
import type Database from 'better-sqlite3'
import { prepare } from './prepare'

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
    list: prepare<[], CorpusRow>(db, `${SELECT} ORDER BY c.source, c.name`),
    getById: prepare<[number], CorpusRow>(db, `${SELECT} WHERE c.id = ?`),
    getByName: prepare<[string], CorpusRow>(db, `${SELECT} WHERE c.name = ?`),
    insert: prepare<[string, string]>(db, `INSERT INTO corpora (name, source) VALUES (?, ?)`),
    remove: prepare<[number]>(db, `DELETE FROM corpora WHERE id = ?`),
  }
}

export type CorpusStatements = ReturnType<typeof prepareCorpusStatements>
