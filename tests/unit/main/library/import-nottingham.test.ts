import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUNDLED_CORPUS_NAME, ensureBundledCorpus, importFiles, LibraryConflictError, type Library } from '../../../../src-main/library'
import { CORPUS_DIR, counts, nottinghamFiles, tempLibraries, type TempLibraries } from './helpers'

let temp: TempLibraries
let library: Library
beforeAll(() => {
  temp = tempLibraries()
  library = temp.open()
})
afterAll(() => temp.cleanup())

/** Every `X:` line of the files, in corpus order (file name, then line), read without the code under test. */
function xLinesInCorpusOrder(): { file: string; line: number }[] {
  return nottinghamFiles().flatMap(({ name, bytes }) =>
    bytes
      .toString('latin1')
      .split('\n')
      .flatMap((text, i) => (text.startsWith('X:') ? [{ file: name, line: i + 1 }] : [])),
  )
}

describe('the bundled Nottingham corpus', () => {
  it('is imported on first start: all 1,034 tunes read, 3 exact repeats in jigs.abc skipped', () => {
    const result = ensureBundledCorpus(library, CORPUS_DIR)
    expect(result.imported).toBe(true)
    const report = result.report!
    expect(report.imported + report.duplicates).toBe(1034)
    // jigs.abc holds "The Hundred Pipers" and two other tunes twice, note for note.
    expect(report.duplicates).toBe(3)
    expect(report.imported).toBe(1031)
    expect(report.rejected).toEqual([])
    expect(report.files).toHaveLength(14)
    expect(report.files.every((f) => f.encoding === 'utf-8')).toBe(true)
    expect(report.files.reduce((n, f) => n + f.tunes, 0)).toBe(1034)

    const corpus = library.corpora.getByName(BUNDLED_CORPUS_NAME)!
    expect(corpus.source).toBe('bundled')
    expect(corpus.tuneCount).toBe(1031)
    expect(library.integrityCheck()).toEqual(['ok'])
  })

  it('numbers tunes in corpus order: files by name, tunes in file order, skipped repeats leave gaps', () => {
    const corpus = library.corpora.getByName(BUNDLED_CORPUS_NAME)!
    const rows = library.db
      .prepare('SELECT ordinal, source_file AS file, start_line AS line FROM tunes WHERE corpus_id = ? ORDER BY ordinal')
      .all(corpus.id) as { ordinal: number; file: string; line: number }[]
    // The ordinal is the tune's index among all 1,034 tunes of the files, so the validation
    // split "tune i with i % 10 == 9" is the one defined over the files, repeats included.
    const duplicateStarts = new Set(['jigs.abc:2005', 'jigs.abc:2272', 'jigs.abc:4150'])
    const all = xLinesInCorpusOrder()
    const expected = all.map((x, i) => ({ ...x, ordinal: i })).filter((x) => !duplicateStarts.has(`${x.file}:${x.line}`))
    expect(all).toHaveLength(1034)
    expect(rows).toEqual(expected)
    // corpusText (what training reads) follows the same order.
    const text = library.tunes.corpusText(corpus.id)
    expect(text[0].abc.startsWith('X: 1\nT:A and A\'s Waltz')).toBe(true)
    expect(text.map((t) => t.ordinal)).toEqual(rows.map((r) => r.ordinal))
  })

  it('stores headers of each tune', () => {
    const first = library.tunes.search({ text: "A and A's Waltz", limit: 1, offset: 0 }).items[0]
    const tune = library.tunes.get(first.id)!
    expect(tune).toMatchObject({ title: "A and A's Waltz", key: 'G', meter: '3/4', xNumber: 1, sourceFile: 'ashover.abc', startLine: 2 }) // the file starts with a blank line
  })

  it('is a no-op once it is there', () => {
    const before = counts(library)
    const result = ensureBundledCorpus(library, CORPUS_DIR)
    expect(result.imported).toBe(false)
    expect(result.report).toBeNull()
    expect(counts(library)).toEqual(before)
  })

  it('a re-import of the same files finds nothing but duplicates', () => {
    const before = counts(library)
    const report = importFiles(library, { corpusName: BUNDLED_CORPUS_NAME, files: nottinghamFiles(), source: 'bundled' })
    expect(report).toMatchObject({ imported: 0, duplicates: 1034, rejected: [] })
    expect(counts(library)).toEqual(before)
  })

  it('refuses a user import into the bundled corpus', () => {
    expect(() => importFiles(library, { corpusName: 'nottingham', files: nottinghamFiles().slice(0, 1) })).toThrow(LibraryConflictError)
  })

  it('every bundled tune passes the full abcjs gate (first start skips it for these files)', () => {
    const report = importFiles(library, { corpusName: 'My copy', files: nottinghamFiles() })
    expect(report).toMatchObject({ imported: 1031, duplicates: 3, rejected: [] })
    const tunes = library.tunes.corpusText(report.corpusId!)
    const bundled = library.tunes.corpusText(library.corpora.getByName(BUNDLED_CORPUS_NAME)!.id)
    expect(tunes.map((t) => t.ordinal)).toEqual(bundled.map((t) => t.ordinal))
    expect(tunes.at(-1)!.ordinal).toBe(1033)
  })

  it('trusted skips only the abcjs gate: a tune with no K: is still rejected', () => {
    const noMusic = 'X:1\nT:Bars Only\nK:G\n||||\n\nX:2\nT:No Key\nabc|\n'
    const report = importFiles(library, { corpusName: 'Trusted', files: [{ name: 't.abc', bytes: Buffer.from(noMusic) }], trusted: true })
    expect(report.imported).toBe(1)
    expect(report.rejected.map((r) => r.tune)).toEqual(['No Key'])
    const strict = importFiles(library, { corpusName: 'Strict', files: [{ name: 't.abc', bytes: Buffer.from(noMusic) }] })
    expect(strict.rejected.map((r) => r.tune)).toEqual(['Bars Only', 'No Key'])
  })
})
