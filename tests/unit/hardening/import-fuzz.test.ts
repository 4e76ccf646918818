/**
 * Import fuzzing: hostile or broken files through the real import (decode → split → abcjs gate →
 * one transaction) into a real library. Every case must return a report (never throw), and the
 * library must change by exactly what the report says was imported (never a partial write);
 * PRAGMA integrity_check stays ok. Cases come from a seeded generator, so a failure names its
 * seed and case number and reproduces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_IMPORT_FILE_BYTES, type ImportReport } from '../../../src-shared/contract/library'
import { importFiles, type Library } from '../../../src-main/library'
import { createLibraryService } from '../../../src-main/services/library-service'
import { corpusFile, corpusTunes } from '../main/model/sampling/helpers'
import { tempLibraries, type TempLibraries } from '../main/library/helpers'
import { rowCounts, seededRandom } from './helpers'

const SEED = 7_340_033
let libs: TempLibraries
let library: Library
let casesRun = 0

beforeAll(() => {
  libs = tempLibraries()
  library = libs.open()
  importFiles(library, { corpusName: 'Before', files: [{ name: 'xmas.abc', bytes: Buffer.from(corpusFile('xmas.abc'), 'latin1') }] })
  library.pieces.save({ title: 'Kept piece', abc: 'X:1\nK:D\nDFA|' })
})
afterAll(() => {
  console.log(`import fuzz: ${casesRun} cases (seed ${SEED})`)
  libs?.cleanup()
})

/** Imports one file and checks the report against the rows that changed. */
function importChecked(label: string, name: string, bytes: Uint8Array): ImportReport {
  const before = rowCounts(library)
  let report: ImportReport | undefined
  expect(() => (report = importFiles(library, { corpusName: 'Fuzz', files: [{ name, bytes }] })), label).not.toThrow()
  const after = rowCounts(library)
  expect(after.tunes - before.tunes, `${label}: tunes written vs reported`).toBe(report!.imported)
  expect(after.fts - before.fts, `${label}: search index vs reported`).toBe(report!.imported)
  expect(after.pieces, label).toBe(before.pieces)
  // Everything not imported is accounted for: a duplicate, or a rejection with a reason.
  for (const r of report!.rejected) expect(r.reason.length, label).toBeGreaterThan(5)
  if (report!.imported === 0) expect(report!.rejected.length + report!.duplicates, `${label}: nothing imported and nothing said`).toBeGreaterThan(0)
  casesRun++
  return report!
}

const realTunes = [...corpusTunes('jigs.abc'), ...corpusTunes('reelsa-c.abc')]

describe('import fuzzing', () => {
  it('random bytes (300 files, 0–4 kB, some biased towards ABC-ish characters)', () => {
    const random = seededRandom(SEED)
    const abcish = Buffer.from('X:1\nT:K:M:L:|:abcdefgABCDEFG,\'^_=[]{}()<>/2345 \n%\\"!+')
    for (let i = 0; i < 300; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 4096))
      const biased = i % 2 === 0
      for (let j = 0; j < bytes.length; j++) bytes[j] = biased ? abcish[Math.floor(random() * abcish.length)] : Math.floor(random() * 256)
      importChecked(`random case ${i}`, `random-${i}.abc`, bytes)
    }
    expect(library.integrityCheck()).toEqual(['ok'])
  })

  it('truncated real tunes (200 cuts at random points)', () => {
    const random = seededRandom(SEED + 1)
    for (let i = 0; i < 200; i++) {
      const tune = realTunes[Math.floor(random() * realTunes.length)]
      const cut = tune.slice(0, Math.floor(random() * tune.length))
      // A cut is either a shorter usable tune (imported) or rejected with a reason: both are fine.
      importChecked(`truncated case ${i}`, `cut-${i}.abc`, Buffer.from(cut, 'latin1'))
    }
    expect(library.integrityCheck()).toEqual(['ok'])
  })

  it('control characters, NULs and invalid UTF-8 spliced into real tunes (200 cases)', () => {
    const random = seededRandom(SEED + 2)
    const poisons: number[][] = [
      [0x00],
      [0x01],
      [0x1b, 0x5b, 0x32, 0x4a], // ESC [2J
      [0x7f],
      [0x0b],
      [0xed, 0xa0, 0x80], // an encoded lone surrogate: invalid UTF-8
      [0xc3], // truncated two-byte sequence
      [0xff, 0xfe], // looks like a BOM, in the middle
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xe2, 0x80, 0xae], // U+202E right-to-left override (valid UTF-8)
    ]
    for (let i = 0; i < 200; i++) {
      const tunes = [0, 1, 2].map(() => realTunes[Math.floor(random() * realTunes.length)])
      const bytes = [...Buffer.from(tunes.join('\n'), 'latin1')]
      const count = 1 + Math.floor(random() * 20)
      for (let k = 0; k < count; k++) bytes.splice(Math.floor(random() * bytes.length), 0, ...poisons[Math.floor(random() * poisons.length)])
      importChecked(`poisoned case ${i}`, `poison-${i}.abc`, Uint8Array.from(bytes))
    }
    expect(library.integrityCheck()).toEqual(['ok'])
  })

  it('mixed and unusual encodings are decoded or reported', () => {
    const tune = 'X:1\nT:Caf\u00e9 na Ceili \u2013 Encoding\nM:6/8\nL:1/8\nK:G\n|:GAB c2e|dcB A2G:|\n'
    const cases: [string, Uint8Array, RegExp | null][] = [
      ['utf-8', Buffer.from(tune, 'utf8'), /^utf-8$/],
      ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(tune.replace('X:1', 'X:2'))]), /utf-8 \(BOM\)/],
      ['windows-1252', Buffer.from(tune.replace('X:1', 'X:3').replace('\u2013', '-'), 'latin1'), /windows-1252/],
      ['utf-16le BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tune.replace('X:1', 'X:4'), 'utf16le')]), /utf-16le/],
      ['utf-16be BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(tune.replace('X:1', 'X:5'), 'utf16le').swap16()]), /utf-16be/],
      // UTF-8 and Latin-1 in one file: not valid UTF-8, so read as windows-1252 (mojibake, no loss of tunes).
      ['mixed utf-8 + latin-1', Buffer.concat([Buffer.from(tune.replace('X:1', 'X:6'), 'utf8'), Buffer.from(tune.replace('X:1', 'X:7').replace('\u2013', '-'), 'latin1')]), /windows-1252/],
      // UTF-16 without a BOM is full of NULs: reported as binary.
      ['utf-16le without BOM', Buffer.from(tune.replace('X:1', 'X:8'), 'utf16le'), null],
    ]
    for (const [label, bytes, encoding] of cases) {
      const report = importChecked(label, `${label}.abc`, bytes)
      if (encoding) {
        expect(report.files[0]?.encoding, label).toMatch(encoding)
        expect(report.imported + report.duplicates, label).toBeGreaterThan(0)
      } else {
        expect(report.imported, label).toBe(0)
        expect(report.rejected[0].reason, label).toMatch(/binary/)
      }
    }
    expect(library.integrityCheck()).toEqual(['ok'])
  })

  it('lone surrogates, NULs and control characters in text that arrives over the API', async () => {
    const service = createLibraryService(library)
    const before = rowCounts(library)
    const text = 'X:1\nT:Lone \ud800 surrogate \u0000 and \u0007 bell\nM:4/4\nK:D\n|:DFAF GBAF:|\n'
    // base64 of a JS string with a lone surrogate: Buffer writes U+FFFD, the import reads UTF-8.
    const report = await service.importFiles({ corpusName: 'Fuzz', files: [{ name: 'lone\ud800.abc', dataBase64: Buffer.from(text).toString('base64') }] })
    expect(report.imported).toBe(0)
    expect(report.rejected[0].reason).toMatch(/binary/)
    const clean = await service.importFiles({ corpusName: 'Fuzz', files: [{ name: 'lone\udc00.abc', dataBase64: Buffer.from(text.replace('\u0000', '').replace('\u0007', '')).toString('base64') }] })
    expect(clean.imported + clean.rejected.length).toBe(1)
    // A piece may hold any string; what comes back is what SQLite kept (UTF-8: the surrogate as U+FFFD).
    const piece = await service.savePiece({ title: 'Piece \ud800\u0000 x', abc: text, prompt: '', params: {}, modelId: null, parentTuneId: null, rating: 0, tags: ['t\udfff'] })
    expect(piece.title).toMatch(/^Piece /)
    expect(piece.abc).toContain('|:DFAF GBAF:|')
    expect(rowCounts(library).pieces).toBe(before.pieces + 1)
    expect(library.integrityCheck()).toEqual(['ok'])
    casesRun += 3
  })

  it('a 100,000-tune file and a 50 MB file are refused by size with a message, writing nothing', async () => {
    // Real Nottingham tunes, renumbered and retitled so none is a duplicate: ~30 MB.
    const tunes: string[] = []
    for (let i = 1; i <= 100_000; i++) tunes.push(realTunes[i % realTunes.length].replace(/^X:\s*\d+/, `X:${i}`).replace(/^T:(.*)$/m, `T:$1 ${i}`))
    const big = Buffer.from(tunes.join('\n'), 'latin1')
    expect(big.length).toBeGreaterThan(MAX_IMPORT_FILE_BYTES)
    const hundredK = importChecked('100,000 tunes', 'hundred-thousand.abc', big)
    expect(hundredK.imported).toBe(0)
    expect(hundredK.rejected[0].reason).toMatch(/the file is \d+\.\d MB; the limit is 8\.0 MB per file/)

    // 50 MB through the service, as the UI sends it (base64): refused by size before decoding.
    const fifty = Buffer.alloc(50 * 1024 * 1024, 'X:1\nT:Fill\nK:D\nDFA|\n')
    const service = createLibraryService(library)
    const before = rowCounts(library)
    const report = await service.importFiles({ corpusName: 'Fuzz', files: [{ name: 'fifty.abc', dataBase64: fifty.toString('base64') }] })
    expect(report.imported).toBe(0)
    expect(report.rejected[0].reason).toMatch(/the file is 50\.0 MB; the limit is 8\.0 MB per file/)
    expect(rowCounts(library)).toEqual(before)
    casesRun++

    // Some of the same tunes in a file under the limit go through the full gate and all land.
    const chunk = Buffer.from(tunes.slice(0, 3_000).join('\n'), 'latin1')
    expect(chunk.length).toBeLessThan(MAX_IMPORT_FILE_BYTES)
    const ok = importChecked('3,000 tunes under the limit', 'three-thousand.abc', chunk)
    expect(ok.imported + ok.rejected.length).toBe(3_000)
    expect(ok.imported).toBeGreaterThan(2_900)
    expect(library.integrityCheck()).toEqual(['ok'])
  }, 120_000)
})
