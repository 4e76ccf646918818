/**
 * Schema migrations, numbered by `PRAGMA user_version`: migration N takes a library from version
 * N-1 to N. Append only: a shipped migration is never edited, a change is a new entry.
 */
import type Database from 'better-sqlite3'
import { initialSchema } from './001-initial'
import { identitySchema } from './002-identity'
import { setsSchema } from './003-sets'

export interface Migration {
  version: number
  description: string
  up(db: Database.Database): void
}

export const migrations: readonly Migration[] = [
  { version: 1, description: 'corpora, tunes, models, checkpoints, training runs, pieces, tags, FTS', up: (db) => db.exec(initialSchema) },
  { version: 2, description: 'application id and format marker', up: (db) => db.exec(identitySchema) },
  { version: 3, description: 'sets: ordered tunes and pieces with repeats, key and tempo', up: (db) => db.exec(setsSchema) },
]

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1].version

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Applies every migration above the file's version, each in its own transaction together with
 * its `user_version` bump, so a crash leaves the library at a whole version, never half-way.
 * Returns the versions applied.
 */
export function migrate(db: Database.Database, list: readonly Migration[] = migrations): number[] {
  const applied: number[] = []
  for (const migration of list) {
    if (migration.version <= schemaVersion(db)) continue
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    })()
    applied.push(migration.version)
  }
  return applied
}
