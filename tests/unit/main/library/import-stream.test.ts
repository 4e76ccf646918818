/**
 * The shells' import (library/import/import-stream.ts): the same verdicts and ordinals as the
 * one-transaction import, written in slices with turns for the event loop between them, and all
 * or nothing still: a write failing part-way, or a cancel, leaves the library as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importFiles, importFilesStreaming, ImportCancelledError, recoverUnfinishedImport, type Library } from '../../../../src-main/library'
import { readImportFile } from '../../../../src-main/library'
import type { FileReadFn } from '../../../../src-main/library/import/import-stream'
import { counts, nottinghamFiles, tempLibraries, tuneFile, type TempLibraries } from './helpers'

let temp: TempLibraries
beforeEach(() => {
  temp = tempLibraries()
})
afterEach(() => temp.cleanup())

const tune = (x: number, title: string): string => `X:${x}\nT:${title}\nM:4/4\nL:1/8\nK:G\nGABc dBAG|FGAB c${'ABcd'[x % 4]}FD|${x}\n`
const many = (n: number, title: string): string => Array.from({ length: n }, (_, i) => tune(i + 1, `${title} ${i}`)).join('\n')
const rows = (library: Library): unknown[] => library.db.prepare('SELECT corpus_id, ordinal, title, hash, source_file, start_line FROM tunes ORDER BY id').all()

describe('streaming import', () => {
  it('gives the report and rows the one-transaction import gives (duplicates, rejections, ordinals)', async () => {
    const files = [...nottinghamFiles().slice(0, 3), tuneFile('broken.abc', 'X:1\nT:No Key\nABC|\n\n' + tune(9, 'Kept')), tuneFile('again.abc', tune(9, 'Kept'))]
    const a = temp.open('a.sqlite')
    const b = temp.open('b.sqlite')
    const expected = importFiles(a, { corpusName: 'Mine', files })
    const report = await importFilesStreaming(b, { corpusName: 'Mine', files })
    expect(report).toEqual(expected)
    expect(report.duplicates).toBeGreaterThan(0)
    expect(report.rejected.length).toBeGreaterThan(0)
    expect(rows(b)).toEqual(rows(a))
  })

  it('writes in slices with turns for the event loop between them', async () => {
    const library = temp.open()
    let turns = 0
    const ticker = setInterval(() => turns++, 0)
    const report = await importFilesStreaming(library, { corpusName: 'Many', files: [tuneFile('many.abc', many(5_000, 'Many'))] })
    clearInterval(ticker)
    expect(report.imported).toBe(5_000)
    // One transaction would give the timer no turn at all while writing.
    expect(turns).toBeGreaterThan(3)
  })

  it('undoes every slice written when a write fails part-way (error forced on the last tune)', async () => {
    const library = temp.open()
    importFiles(library, { corpusName: 'Mine', files: [tuneFile('seed.abc', tune(1, 'Seed'))] })
    const before = counts(library)
    library.db.exec(`CREATE TEMP TRIGGER fail_last AFTER INSERT ON main.tunes WHEN new.title = 'Big 2999' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`)
    const files = [tuneFile('big.abc', many(3_000, 'Big'))]
    await expect(importFilesStreaming(library, { corpusName: 'Mine', files })).rejects.toThrow(/disk on fire/)
    await expect(importFilesStreaming(library, { corpusName: 'Brand new', files })).rejects.toThrow(/disk on fire/)
    expect(counts(library)).toEqual(before)
    expect(library.corpora.getByName('Brand new')).toBeNull()
    expect(library.integrityCheck()).toEqual(['ok'])
  })

  it('stops when cancelled, deleting what it wrote, and reports progress until then', async () => {
    const library = temp.open()
    const controller = new AbortController()
    const seen: number[] = []
    const running = importFilesStreaming(library, {
      corpusName: 'Stopped',
      files: [tuneFile('a.abc', many(2_000, 'A')), tuneFile('b.abc', many(2_000, 'B'))],
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.filesDone)
        if (p.filesDone === 1) controller.abort()
      },
    })
    await expect(running).rejects.toBeInstanceOf(ImportCancelledError)
    expect(seen).toContain(1)
    expect(library.corpora.getByName('Stopped')).toBeNull()
    expect(counts(library).tunes).toBe(0)
  })

  it('leaves a journal while it writes, from which a library opened after a crash deletes what it wrote', async () => {
    for (const corpusName of ['Mine', 'Crashed']) {
      const library = temp.open(`${corpusName}.sqlite`)
      importFiles(library, { corpusName: 'Mine', files: [tuneFile('seed.abc', tune(1, 'Seed'))] })
      const before = counts(library)
      // The process "dies" after its first part is written: the reading never ends, no undo runs.
      const read: FileReadFn = (file, onPart) => {
        onPart(importFilesReading(file.name, 1_000))
        return new Promise(() => undefined)
      }
      void importFilesStreaming(library, { corpusName, files: [tuneFile('big.abc', 'X:1\n')], read })
      while (counts(library).tunes < before.tunes + 1_000) await new Promise((r) => setTimeout(r, 10))
      // Another connection to the same file, as a restarted app opens it.
      const reopened = temp.open(`${corpusName}.sqlite`)
      expect(recoverUnfinishedImport(reopened)).toBe(true)
      expect(counts(reopened)).toEqual(before)
      expect(reopened.corpora.getByName('Crashed')).toBeNull()
      expect(recoverUnfinishedImport(reopened)).toBe(false)
    }
  })
})

/** `n` tunes as a worker would send them (read on this thread). */
function importFilesReading(name: string, n: number): ReturnType<typeof readImportFile>['tunes'] {
  return readImportFile({ name, bytes: Buffer.from(many(n, 'Crash')) }).tunes
}
