import iconv from 'iconv-lite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importFiles, type Library } from '../../../../src-main/library'
import { MAX_IMPORT_FILE_BYTES } from '../../../../src-shared/contract/library'
import { counts, tempLibraries, tuneFile, type TempLibraries } from './helpers'

let temp: TempLibraries
let library: Library
beforeEach(() => {
  temp = tempLibraries()
  library = temp.open()
})
afterEach(() => temp.cleanup())

const tune = (x: number, title: string, body = 'GABc dBAG|FGAB cAFD|'): string => `X:${x}\nT:${title}\nM:4/4\nL:1/8\nK:G\n${body}\n`

/** A corpus with two tunes stored before each check, to prove nothing stored is lost. */
function seed(): Record<string, number> {
  const report = importFiles(library, { corpusName: 'Mine', files: [tuneFile('seed.abc', tune(1, 'Seed One') + '\n' + tune(2, 'Seed Two', 'DEFG ABcd|'))] })
  expect(report.imported).toBe(2)
  return counts(library)
}

const titles = (): string[] => (library.db.prepare('SELECT title FROM tunes ORDER BY id').all() as { title: string }[]).map((r) => r.title)

describe('import: encodings', () => {
  it('reads a Latin-1 file and a UTF-8 file with the same accented title alike', () => {
    const text = tune(1, 'Café de la Paix')
    const latin1 = { name: 'latin1.abc', bytes: iconv.encode(text, 'latin1') }
    const utf8 = { name: 'utf8.abc', bytes: Buffer.from(tune(2, 'Café Noir', 'ABcd efga|'), 'utf8') }
    expect(latin1.bytes.includes(0xe9)).toBe(true)
    const report = importFiles(library, { corpusName: 'Accents', files: [latin1, utf8] })
    expect(report.imported).toBe(2)
    expect(report.files).toEqual([
      { name: 'latin1.abc', encoding: 'windows-1252 (Latin-1)', tunes: 1 },
      { name: 'utf8.abc', encoding: 'utf-8', tunes: 1 },
    ])
    expect(titles()).toEqual(['Café de la Paix', 'Café Noir'])
    // FTS folds the accent: typing "cafe" finds both.
    expect(library.tunes.search({ text: 'cafe', limit: 10, offset: 0 }).total).toBe(2)
  })

  it('strips a UTF-8 byte-order mark and reads windows-1252 curly quotes', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(tune(1, 'Bom Reel'), 'utf8')])
    const cp1252 = iconv.encode(tune(2, '\u201cQuoted\u201d Jig', 'GAB|'), 'windows-1252')
    const report = importFiles(library, { corpusName: 'Marks', files: [bom, cp1252].map((bytes, i) => ({ name: `f${i}.abc`, bytes })) })
    expect(report.files.map((f) => f.encoding)).toEqual(['utf-8 (BOM)', 'windows-1252 (Latin-1)'])
    const stored = library.db.prepare('SELECT abc FROM tunes ORDER BY id').all() as { abc: string }[]
    expect(stored[0].abc.startsWith('X:1\n')).toBe(true)
    expect(titles()).toEqual(['Bom Reel', '\u201cQuoted\u201d Jig'])
  })

  it('reads UTF-16 with a byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(tune(1, 'Sixteen Bits Ã©'), 'utf-16le')])
    const report = importFiles(library, { corpusName: 'Wide', files: [{ name: 'wide.txt', bytes }] })
    expect(report.files[0].encoding).toBe('utf-16le (BOM)')
    expect(titles()).toEqual(['Sixteen Bits Ã©'])
  })
})

describe('import: rejections are reported and lose nothing', () => {
  it('rejects an empty file, a binary file, a file with no X: and a non-ABC name', () => {
    const before = seed()
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])
    const report = importFiles(library, {
      corpusName: 'Mine',
      files: [
        { name: 'empty.abc', bytes: Buffer.alloc(0) },
        { name: 'image.abc', bytes: png },
        tuneFile('notes.txt', 'Some notes about tunes.\nT:Not a tune without X\nK:G\nabc|\n'),
        tuneFile('tune.pdf', tune(9, 'Wrong Extension')),
      ],
    })
    expect(report.imported).toBe(0)
    const byFile = Object.fromEntries(report.rejected.map((r) => [r.file, r.reason]))
    expect(byFile['empty.abc']).toMatch(/empty/)
    expect(byFile['image.abc']).toMatch(/binary/)
    expect(byFile['notes.txt']).toMatch(/no tune.*X:/)
    expect(byFile['tune.pdf']).toMatch(/only \.abc, \.txt and MusicXML/)
    expect(counts(library)).toEqual(before)
    expect(titles()).toEqual(['Seed One', 'Seed Two'])
  })

  it('rejects a binary file made of control characters without NUL bytes', () => {
    seed()
    const bytes = Buffer.alloc(4000, 0x41)
    for (let i = 0; i < bytes.length; i += 7) bytes[i] = 0x01
    const report = importFiles(library, { corpusName: 'Mine', files: [{ name: 'noise.abc', bytes }] })
    expect(report.rejected[0].reason).toMatch(/binary file \(\d+\.\d % control characters\)/)
  })

  it('tells a file one byte over the limit from the limit (was "8.0 MB; the limit is 8.0 MB")', () => {
    seed()
    const over = Buffer.alloc(MAX_IMPORT_FILE_BYTES + 1, 0x41)
    const report = importFiles(library, { corpusName: 'Mine', files: [{ name: 'just-over.abc', bytes: over }] })
    expect(report.rejected).toEqual([{ file: 'just-over.abc', reason: 'the file is 8,388,609 bytes; the limit is 8,388,608 bytes per file' }])
  })

  it('rejects a 50 MB file by its size and the limit, and still imports the other files', () => {
    const before = seed()
    const big = Buffer.from(tune(1, 'Huge').repeat(Math.ceil((50 * 1024 * 1024) / tune(1, 'Huge').length)))
    expect(big.length).toBeGreaterThanOrEqual(50 * 1024 * 1024)
    const report = importFiles(library, { corpusName: 'Mine', files: [{ name: 'big.abc', bytes: big }, tuneFile('small.abc', tune(3, 'Small One', 'cdef gabc|'))] })
    expect(report.rejected).toEqual([{ file: 'big.abc', reason: `the file is 50.0 MB; the limit is ${(MAX_IMPORT_FILE_BYTES / 1024 / 1024).toFixed(1)} MB per file` }])
    expect(report.imported).toBe(1)
    expect(counts(library).tunes).toBe(before.tunes + 1)
  })

  it('rejects a tune with no K: and a tune abcjs finds no music in, with file, tune and line', () => {
    const before = seed()
    const text = [tune(1, 'Good Tune', 'c2 BA G4|'), 'X:2\nT:Keyless\nM:4/4\nabc def|', tune(3, 'Garbage', '\u0001\u0002 ((((]]]]'), tune(4, 'Another Good One', 'd2 ef g4|')].join('\n')
    const report = importFiles(library, { corpusName: 'Mine', files: [tuneFile('mixed.abc', text)] })
    expect(report.imported).toBe(2)
    expect(report.rejected).toEqual([
      { file: 'mixed.abc', tune: 'Keyless', line: 8, reason: expect.stringMatching(/no K: \(key\) line/) },
      { file: 'mixed.abc', tune: 'Garbage', line: 12, reason: 'abcjs found no notes or rests in it' },
    ])
    expect(counts(library).tunes).toBe(before.tunes + 2)
    expect(titles()).toEqual(['Seed One', 'Seed Two', 'Good Tune', 'Another Good One'])
  })

  it('skips a tune already in the corpus and a tune twice in the same import (whitespace, comments and X: differ)', () => {
    seed()
    const same = 'X:77\nT:Seed One\n% a comment\nM:4/4\nL:1/8\nK:G\nGABc  dBAG | FGAB cAFD |\n'
    const report = importFiles(library, { corpusName: 'Mine', files: [tuneFile('again.abc', same + '\n' + tune(5, 'New') + '\n' + tune(6, 'New'))] })
    expect(report).toMatchObject({ imported: 1, duplicates: 2, rejected: [] })
  })

  it('rejects a broken tune each time it appears, never counting it as a duplicate', () => {
    const broken = 'X:1\nT:Broken\nK:G\n||||\n'
    const report = importFiles(library, { corpusName: 'Mine', files: [tuneFile('twice.abc', broken + '\n' + broken)] })
    expect(report.duplicates).toBe(0)
    expect(report.rejected.map((r) => [r.tune, r.line])).toEqual([['Broken', 1], ['Broken', 6]])
  })

  it('does not create a corpus when nothing could be imported', () => {
    const report = importFiles(library, { corpusName: 'Nothing', files: [{ name: 'empty.abc', bytes: Buffer.alloc(0) }] })
    expect(report.corpusId).toBeNull()
    expect(library.corpora.getByName('Nothing')).toBeNull()
  })

  it('rolls the whole import back when a write fails part-way (error forced on the 3rd tune)', () => {
    const before = seed()
    // A real SQLite failure in the middle of the transaction: a temporary trigger aborts the insert.
    library.db.exec(`CREATE TEMP TRIGGER fail_third AFTER INSERT ON main.tunes WHEN new.title = 'Third' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`)
    const files = [tuneFile('a.abc', tune(1, 'First') + '\n' + tune(2, 'Second', 'FGAB|')), tuneFile('b.abc', tune(3, 'Third', 'ABcd|') + '\n' + tune(4, 'Fourth', 'Bcde|'))]
    expect(() => importFiles(library, { corpusName: 'Mine', files })).toThrow(/disk on fire/)
    expect(() => importFiles(library, { corpusName: 'Brand new', files })).toThrow(/disk on fire/)
    expect(counts(library)).toEqual(before)
    expect(library.corpora.getByName('Brand new')).toBeNull()
    expect(library.tunes.search({ text: 'First', limit: 10, offset: 0 }).total).toBe(0)
    library.db.exec('DROP TRIGGER temp.fail_third')
    expect(importFiles(library, { corpusName: 'Mine', files }).imported).toBe(4)
    expect(library.integrityCheck()).toEqual(['ok'])
  })
})
