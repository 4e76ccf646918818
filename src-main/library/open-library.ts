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
import { IDENTITY_FORMAT, IDENTITY_TABLE, TUNESMITH_APPLICATION_ID } from './migrations/002-identity'
import { createModelsRepository, type ModelsRepository } from './models'
import { createPiecesRepository, type PiecesRepository } from './pieces'
import { createSetsRepository, type SetsRepository } from './sets'
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
  /** The copy written before this open migrated an existing library, or null (nothing migrated). */
  readonly backupPath: string | null
  readonly corpora: CorporaRepository
  readonly tunes: TunesRepository
  readonly pieces: PiecesRepository
  readonly sets: SetsRepository
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

/** Tables every library of schema version 1 has: a file from before the marker is known by them. */
const VERSION_1_TABLES = ['corpora', 'tunes', 'models', 'checkpoints', 'training_runs', 'pieces', 'tags']

/**
 * What the file is, read without writing: 'new' (no schema at all), 'tunesmith' (our application
 * id, or a version-1 library from before it had one), or 'foreign': another program's database,
 * which must not be converted into a library.
 */
function identify(db: Database.Database, version: number): 'new' | 'tunesmith' | 'foreign' {
  const appId = db.pragma('application_id', { simple: true }) as number
  if (appId === TUNESMITH_APPLICATION_ID) return 'tunesmith'
  if (appId !== 0) return 'foreign'
  const names = new Set((db.prepare(`SELECT name FROM sqlite_master`).all() as { name: string }[]).map((r) => r.name))
  if (names.size === 0 && version === 0) return 'new'
  if (names.has(IDENTITY_TABLE)) {
    const row = db.prepare(`SELECT format FROM ${IDENTITY_TABLE} LIMIT 1`).get() as { format?: unknown } | undefined
    return row?.format === IDENTITY_FORMAT ? 'tunesmith' : 'foreign'
  }
  return version >= 1 && VERSION_1_TABLES.every((t) => names.has(t)) ? 'tunesmith' : 'foreign'
}

/** A copy of the library as it is, next to it, before a migration changes it (SQLite's VACUUM INTO). */
function backUp(db: Database.Database, file: string, version: number): string {
  const { dir, name, ext } = path.parse(file)
  let target = path.join(dir, `${name}.v${version}-backup${ext || '.sqlite'}`)
  if (fs.existsSync(target)) target = path.join(dir, `${name}.v${version}-backup-${Date.now()}${ext || '.sqlite'}`)
  try {
    db.prepare('VACUUM INTO ?').run(target)
  } catch (err) {
    throw new LibraryOpenError(`Could not write a backup of ${file} before updating its format (${err instanceof Error ? err.message : String(err)}); the library was left as it was`, 'cannot-open')
  }
  return target
}

export function openLibrary(file: string, options: OpenLibraryOptions = {}): Library {
  const db = connect(file, options)
  try {
    const found = readVersion(db, file)
    const kind = identify(db, found)
    if (kind === 'foreign') {
      throw new LibraryOpenError(
        `${file} is a database of another program, not a Tunesmith library; it was left as it was. ` +
          'Choose another file, or a new file name, for the library.',
        'foreign',
      )
    }
    // Checked before anything writes to the file: an older app must not touch a newer schema.
    if (found > LATEST_SCHEMA_VERSION) {
      throw new LibraryOpenError(
        `${file} was written by a newer version of Tunesmith (library format ${found}; this version reads up to ${LATEST_SCHEMA_VERSION}). ` +
          'Update Tunesmith to open it, or choose another library file.',
        'newer-version',
      )
    }
    // An existing library is copied before a migration rewrites it.
    const backupPath = kind === 'tunesmith' && found >= 1 && found < LATEST_SCHEMA_VERSION ? backUp(db, file, found) : null
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
      backupPath,
      corpora: createCorporaRepository(db),
      tunes: createTunesRepository(db),
      pieces: createPiecesRepository(db, tags),
      sets: createSetsRepository(db),
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
