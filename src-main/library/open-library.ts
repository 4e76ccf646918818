/**
 * Opens (creating when missing) a library file: connection settings, version check, migrations,
 * and the repositories over one better-sqlite3 connection. better-sqlite3 is synchronous and one
 * connection serves the whole main process; WAL lets a worker (training) read while it writes.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { createCorporaRepository, type CorporaRepository } from './corpora'
import { LibraryOpenError } from './errors'
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from './migrations'
import { createModelsRepository, type ModelsRepository } from './models'
import { createPiecesRepository, type PiecesRepository } from './pieces'
import { createTagsRepository, type TagsRepository } from './tags'
import { createTrainingRunsRepository, type TrainingRunsRepository } from './training-runs'
import { createTunesRepository, type TunesRepository } from './tunes'

export interface OpenLibraryOptions {
  /**
   * Path of the better_sqlite3.node addon to load instead of node_modules' one. Electron passes a
   * copy built for its own ABI; tests, web mode and the CLI leave it out and get the Node build.
   */
  nativeBinding?: string
  /** How long a statement waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number
}

export interface Library {
  readonly path: string
  /** The connection, for code that needs SQL the repositories do not offer (tests, maintenance). */
  readonly db: Database.Database
  /** Schema version after migrations, and the versions this open applied. */
  readonly schemaVersion: number
  readonly migrationsApplied: number[]
  readonly corpora: CorporaRepository
  readonly tunes: TunesRepository
  readonly pieces: PiecesRepository
  readonly tags: TagsRepository
  readonly models: ModelsRepository
  readonly trainingRuns: TrainingRunsRepository
  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T
  /** SQLite's integrity check plus the FTS indexes' own; `['ok']` when all is well. */
  integrityCheck(): string[]
  close(): void
}

function connect(file: string, options: OpenLibraryOptions): Database.Database {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    return new Database(file, { nativeBinding: options.nativeBinding, timeout: options.busyTimeoutMs ?? 5000 })
  } catch (err) {
    throw new LibraryOpenError(`Cannot open the library ${file}: ${err instanceof Error ? err.message : String(err)}`, 'cannot-open')
  }
}

/** Reads the schema version, turning "not a database" into a message a person can act on. */
function readVersion(db: Database.Database, file: string): number {
  try {
    return schemaVersion(db)
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    throw new LibraryOpenError(`${file} is not a Tunesmith library (${detail})`, 'not-a-database')
  }
}

export function openLibrary(file: string, options: OpenLibraryOptions = {}): Library {
  const db = connect(file, options)
  try {
    const found = readVersion(db, file)
    // Checked before anything writes to the file: an older app must not touch a newer schema.
    if (found > LATEST_SCHEMA_VERSION) {
      throw new LibraryOpenError(
        `${file} was written by a newer version of Tunesmith (library format ${found}; this version reads up to ${LATEST_SCHEMA_VERSION}). ` +
          'Update Tunesmith to open it, or choose another library file.',
        'newer-version',
      )
    }
    db.pragma('journal_mode = WAL')
    // In WAL mode NORMAL syncs only at checkpoints, not on every commit: a crash of the app can
    // never corrupt the file or lose a committed transaction; a power cut may lose the last few
    // commits. That trade makes each save (a rating, a loss point) cost no fsync.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    const applied = migrate(db)

    const tags = createTagsRepository(db)
    return {
      path: file,
      db,
      schemaVersion: schemaVersion(db),
      migrationsApplied: applied,
      corpora: createCorporaRepository(db),
      tunes: createTunesRepository(db),
      pieces: createPiecesRepository(db, tags),
      tags,
      models: createModelsRepository(db),
      trainingRuns: createTrainingRunsRepository(db),
      transaction: <T>(fn: () => T): T => db.transaction(fn)(),
      integrityCheck() {
        const rows = db.pragma('integrity_check') as { integrity_check: string }[]
        const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok')
        for (const fts of ['tunes_fts', 'pieces_fts']) {
          try {
            db.prepare(`INSERT INTO ${fts} (${fts}) VALUES ('integrity-check')`).run()
          } catch (err) {
            problems.push(`${fts}: ${err instanceof Error ? err.message : String(err)}`)
          }
        }
        return problems.length ? problems : ['ok']
      },
      close() {
        if (!db.open) return
        // Lets SQLite refresh the planner's statistics for what this session queried (cheap).
        db.pragma('optimize')
        db.close()
      },
    }
  } catch (err) {
    db.close()
    throw err
  }
}
