import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LATEST_SCHEMA_VERSION, LibraryOpenError, openLibrary } from '../../../../src-main/library'
import { migrate, migrations } from '../../../../src-main/library/migrations'
import { TUNESMITH_APPLICATION_ID } from '../../../../src-main/library/migrations/002-identity'
import { tempLibraries, type TempLibraries } from './helpers'

let temp: TempLibraries
beforeEach(() => {
  temp = tempLibraries()
})
afterEach(() => temp.cleanup())

const tableNames = (db: Database.Database): string[] =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name`).all() as { name: string }[]).map((r) => r.name)

describe('openLibrary', () => {
  it('creates the schema in an empty file and sets the connection up', () => {
    const library = temp.open()
    expect(library.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
    expect(library.migrationsApplied).toEqual(migrations.map((m) => m.version))
    expect(library.backupPath).toBeNull()
    expect(library.db.pragma('application_id', { simple: true })).toBe(TUNESMITH_APPLICATION_ID)
    expect(library.db.prepare('SELECT format FROM tunesmith_library').all()).toEqual([{ format: 'tunesmith-library' }])
    const tables = tableNames(library.db)
    for (const t of ['corpora', 'tunes', 'tunes_fts', 'models', 'checkpoints', 'training_runs', 'training_points', 'pieces', 'pieces_fts', 'tags', 'piece_tags', 'tune_tags']) {
      expect(tables).toContain(t)
    }
    expect(library.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(library.db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(library.db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    expect(library.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0)
    expect(library.integrityCheck()).toEqual(['ok'])
  })

  it('re-opens an existing library without migrating again and keeps its data', () => {
    const first = temp.open()
    first.corpora.create('Mine', 'user')
    first.close()
    const again = temp.open()
    expect(again.migrationsApplied).toEqual([])
    expect(again.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
    expect(again.corpora.list().map((c) => c.name)).toEqual(['Mine'])
  })

  it('loads the better-sqlite3 addon from the nativeBinding path it is given', () => {
    const addon = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node')
    const library = openLibrary(path.join(temp.dir, 'bound.sqlite'), { nativeBinding: addon })
    expect(library.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
    library.close()
    let error: unknown
    try {
      openLibrary(path.join(temp.dir, 'other.sqlite'), { nativeBinding: path.join(temp.dir, 'missing.node') })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(LibraryOpenError)
    expect((error as LibraryOpenError).reason).toBe('cannot-open')
    expect((error as Error).message).toContain('missing.node')
  })

  it('creates the folder of a library path that does not exist yet', () => {
    const file = path.join(temp.dir, 'a', 'b', 'library.sqlite')
    const library = openLibrary(file)
    library.close()
    expect(fs.existsSync(file)).toBe(true)
  })

  it('refuses a library written by a newer version, and leaves the file untouched', () => {
    const file = path.join(temp.dir, 'newer.sqlite')
    const raw = new Database(file)
    raw.exec('CREATE TABLE future (x)')
    raw.pragma(`application_id = ${TUNESMITH_APPLICATION_ID}`)
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    raw.close()
    const before = fs.readFileSync(file)

    let error: unknown
    try {
      openLibrary(file)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(LibraryOpenError)
    expect((error as LibraryOpenError).reason).toBe('newer-version')
    expect((error as Error).message).toMatch(/newer version of Tunesmith/)
    expect((error as Error).message).toContain(`format ${LATEST_SCHEMA_VERSION + 1}`)

    expect(fs.readFileSync(file).equals(before)).toBe(true)
    const check = new Database(file, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1)
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete')
    check.close()
  })

  it('says clearly when the file is not a library at all', () => {
    const file = path.join(temp.dir, 'notes.sqlite')
    fs.writeFileSync(file, 'These are my notes, not a database. '.repeat(200))
    expect(() => openLibrary(file)).toThrow(/is not a Tunesmith library/)
    expect(fs.readFileSync(file, 'utf8').startsWith('These are my notes')).toBe(true)
  })

  it('runs each migration in a transaction: a failing statement leaves the version where it was', () => {
    // A table the first migration wants to create already exists, so migration 1 fails part-way
    // (in a file that says it is a library: any other file with tables is refused untouched).
    const file = path.join(temp.dir, 'clash.sqlite')
    const raw = new Database(file)
    raw.exec('CREATE TABLE pieces (x)')
    raw.pragma(`application_id = ${TUNESMITH_APPLICATION_ID}`)
    raw.close()
    expect(() => openLibrary(file)).toThrow(/pieces already exists/)
    const check = new Database(file, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(0)
    expect(tableNames(check)).toEqual(['pieces'])
    check.close()
  })

  it('applies migrations in order, each with its version in one transaction: a failure keeps the ones before', () => {
    const db = new Database(path.join(temp.dir, 'steps.sqlite'))
    const steps = [
      ...migrations,
      { version: LATEST_SCHEMA_VERSION + 1, description: 'add a table', up: (d: Database.Database) => void d.exec('CREATE TABLE step_two (x)') },
      {
        version: LATEST_SCHEMA_VERSION + 2,
        description: 'fails half-way',
        up: (d: Database.Database) => {
          d.exec('CREATE TABLE step_three (x)')
          d.exec('INSERT INTO no_such_table VALUES (1)')
        },
      },
    ]
    expect(() => migrate(db, steps)).toThrow(/no such table/)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1)
    expect(tableNames(db)).toContain('step_two')
    expect(tableNames(db)).not.toContain('step_three')
    expect(migrate(db, steps.filter((m) => m.version <= LATEST_SCHEMA_VERSION + 1))).toEqual([])
    db.close()
  })

  /** Opens `file`, expecting a refusal; the error. */
  function refused(file: string): LibraryOpenError {
    let error: unknown
    try {
      openLibrary(file)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(LibraryOpenError)
    return error as LibraryOpenError
  }

  it('refuses another program\'s SQLite file, tables or application id, and leaves it byte for byte as it was', () => {
    const withTables = path.join(temp.dir, 'contacts.sqlite')
    const raw = new Database(withTables)
    raw.exec(`CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('Ann', '555-0100')`)
    raw.close()
    const otherApp = path.join(temp.dir, 'other-app.db')
    const other = new Database(otherApp)
    other.pragma('application_id = 1234')
    other.close()
    // A file from another program that numbers its own schema, as high as ours or higher.
    const numbered = path.join(temp.dir, 'numbered.db')
    const third = new Database(numbered)
    third.exec('CREATE TABLE corpora (id INTEGER)')
    third.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`)
    third.close()
    for (const file of [withTables, otherApp, numbered]) {
      const before = fs.readFileSync(file)
      const error = refused(file)
      expect(error.reason, file).toBe('foreign')
      expect(error.message).toContain(`${file} is a database of another program, not a Tunesmith library; it was left as it was`)
      expect(fs.readFileSync(file).equals(before), file).toBe(true)
      expect(fs.readdirSync(temp.dir).filter((f) => f.includes('backup'))).toEqual([])
    }
  })

  it('backs a library up before migrating it: a version-1 file keeps its data, the copy is the file as it was', () => {
    const file = path.join(temp.dir, 'old.sqlite')
    const raw = new Database(file)
    migrate(raw, migrations.filter((m) => m.version === 1))
    raw.prepare(`INSERT INTO corpora (name, source) VALUES ('Mine', 'user')`).run()
    raw.close()

    const library = openLibrary(file)
    expect(library.migrationsApplied).toEqual(migrations.filter((m) => m.version > 1).map((m) => m.version))
    expect(library.backupPath).toBe(path.join(temp.dir, 'old.v1-backup.sqlite'))
    expect(library.corpora.list().map((c) => c.name)).toEqual(['Mine'])
    expect(library.db.pragma('application_id', { simple: true })).toBe(TUNESMITH_APPLICATION_ID)
    library.close()

    const backup = new Database(library.backupPath!, { readonly: true })
    expect(backup.pragma('user_version', { simple: true })).toBe(1)
    expect(backup.pragma('application_id', { simple: true })).toBe(0)
    expect(backup.prepare('SELECT name FROM corpora').all()).toEqual([{ name: 'Mine' }])
    backup.close()
    // Opened again: nothing to migrate, no second copy.
    const again = openLibrary(file)
    expect(again.backupPath).toBeNull()
    again.close()
    expect(fs.readdirSync(temp.dir).filter((f) => f.includes('backup'))).toEqual(['old.v1-backup.sqlite'])
  })
})
