/** Real library files in a fresh temp folder per test file. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openLibrary, type Library } from '../../../../src-main/library'

export const CORPUS_DIR = fileURLToPath(new URL('../../../../resources/corpus/nottingham', import.meta.url))

export interface TempLibraries {
  dir: string
  /** Opens (creating) a library file in the temp folder; closed by cleanup(). */
  open(name?: string): Library
  cleanup(): void
}

export function tempLibraries(): TempLibraries {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tunesmith-library-'))
  const opened: Library[] = []
  return {
    dir,
    open(name = 'library.sqlite') {
      const library = openLibrary(path.join(dir, name))
      opened.push(library)
      return library
    },
    cleanup() {
      for (const library of opened) library.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The bundled corpus files, read independently of the code under test, sorted by name. */
export function nottinghamFiles(): { name: string; bytes: Buffer }[] {
  return fs
    .readdirSync(CORPUS_DIR)
    .filter((n) => n.endsWith('.abc'))
    .sort()
    .map((name) => ({ name, bytes: fs.readFileSync(path.join(CORPUS_DIR, name)) }))
}

export const tuneFile = (name: string, text: string): { name: string; bytes: Buffer } => ({ name, bytes: Buffer.from(text, 'utf8') })

export function counts(library: Library): Record<string, number> {
  const count = (table: string): number => (library.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  return { corpora: count('corpora'), tunes: count('tunes'), pieces: count('pieces'), fts: count('tunes_fts') }
}
