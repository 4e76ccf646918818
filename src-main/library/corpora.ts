/** Corpora: named collections of tunes, the bundled Nottingham one and the user's imports. */
import type Database from 'better-sqlite3'
import type { CorpusSummary } from '../../src-shared/contract/library'
import { prepareCorpusStatements, type CorpusRow } from './statements/corpora'

export type CorpusSource = CorpusSummary['source']

const toSummary = (row: CorpusRow): CorpusSummary => ({
  id: row.id,
  name: row.name,
  source: row.source,
  tuneCount: row.tune_count,
  createdAt: row.created_at,
})

export interface CorporaRepository {
  /** Every corpus with its tune count; bundled first, then by name. */
  list(): CorpusSummary[]
  get(id: number): CorpusSummary | null
  /** Names are unique regardless of case. */
  getByName(name: string): CorpusSummary | null
  /** Creates an empty corpus and returns its id; throws on a duplicate name. */
  create(name: string, source: CorpusSource): number
  /** Deletes a corpus and (by cascade) its tunes. */
  remove(id: number): boolean
}

export function createCorporaRepository(db: Database.Database): CorporaRepository {
  const sql = prepareCorpusStatements(db)
  return {
    list: () => sql.list.all().map(toSummary),
    get: (id) => {
      const row = sql.getById.get(id)
      return row ? toSummary(row) : null
    },
    getByName: (name) => {
      const row = sql.getByName.get(name)
      return row ? toSummary(row) : null
    },
    create: (name, source) => Number(sql.insert.run(name, source).lastInsertRowid),
    remove: (id) => sql.remove.run(id).changes > 0,
  }
}
