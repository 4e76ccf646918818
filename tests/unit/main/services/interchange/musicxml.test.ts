/**
 * MusicXML out and in (services/musicxml.ts over musicxml-io), judged by what abcjs plays from the
 * ABC before and after (bench/musicxml.ts has the same measure over the whole corpus).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { parse, serializeCompressed } from 'musicxml-io'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { abcToMusicXml, musicXmlToAbc, MusicXmlError } from '../../../../../src-main/services/musicxml'
import { readHeaders } from '../../../../../src-shared/abc'
import { runCli } from '../../../../../src-main/cli/main'
import { openLibrary } from '../../../../../src-main/library'
import { createLibraryService } from '../../../../../src-main/services/library-service'
import { createAbcService } from '../../../../../src-main/services/abc-service'
import { ApiError } from '../../../../../src-shared/contract/errors'
import { corpusTunes, measureRoundTrip, playedNotes } from '../../../../../bench/musicxml'

/** Every SAMPLE_STEP-th Nottingham tune: all nine files, about a hundred tunes. */
const SAMPLE_STEP = 10
const REQUIRED_PERCENT = 99

/**
 * What MuseScore 4 writes for a short waltz in F (partwise MusicXML 4.0, written by hand from the
 * spec): a chord symbol, a dotted rhythm, B♭ from the key, an accidental, a tie over the bar line,
 * a rest and a closing repeat.
 */
const MUSESCORE_WALTZ = readFileSync(path.join(import.meta.dirname, 'fixtures/musescore-waltz.musicxml'), 'utf8')
/** Melody as abcjs plays it, "MIDI pitch@duration in 3840ths of a whole note", once through. */
const WALTZ_ONCE = ['65@960', '67@1440', '69@480', '70@2880', '73@960', '77@960']

let dir: string
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-musicxml-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('MusicXML round trip', () => {
  it(`keeps ≥ ${REQUIRED_PERCENT} % of the notes (pitch and duration) of Nottingham tunes, with and without the ABC hints`, () => {
    const sample = corpusTunes().filter((_, i) => i % SAMPLE_STEP === 0)
    expect(sample.length).toBeGreaterThan(90)
    for (const strip of [false, true]) {
      const trip = measureRoundTrip(sample, strip)
      expect(trip.failed).toBe(0)
      expect(trip.notes).toBeGreaterThan(15_000)
      expect(trip.keptPercent, strip ? 'without hints' : 'as written').toBeGreaterThanOrEqual(REQUIRED_PERCENT)
    }
  })

  it('writes one MusicXML score per tune, titled, in the key and metre of the tune', () => {
    const abc = 'X:1\nT:First\nM:6/8\nK:D\nABc def|\nP:B\nM:9/8\ndef gfe dcB|\n\nX:2\nT:Second\nM:3/4\nK:Gm\nG2 B2 d2|\n'
    const scores = abcToMusicXml(abc)
    expect(scores.map((s) => s.title)).toEqual(['First', 'Second'])
    const second = parse(scores[1].xml)
    const attributes = second.parts[0].measures[0].attributes
    expect(attributes?.key?.fifths).toBe(-2)
    expect(attributes?.time).toMatchObject({ beats: '3', beatType: 4 })
    // ABC-only facts musicxml-io writes as staff words would show as text in MuseScore.
    expect(scores.every((s) => !s.xml.includes('__abc_'))).toBe(true)
    expect(() => abcToMusicXml('no tunes here')).toThrow(MusicXmlError)
  })
})

describe('abc.toMusicXml (the app\'s export)', () => {
  it('answers a score per tune, and a text without tunes as invalid input in words', async () => {
    const service = createAbcService()
    const [score] = await service.toMusicXml({ abc: corpusTunes()[0] })
    expect(playedNotes(musicXmlToAbc(new TextEncoder().encode(score.xml)))).toEqual(playedNotes(corpusTunes()[0]))
    const err = await Promise.resolve()
      .then(() => service.toMusicXml({ abc: 'no tune here' }))
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/no tunes/) })
  })
})

describe('MusicXML import', () => {
  it("reads a MuseScore file into ABC that plays the same notes (the tie held, the repeat played)", () => {
    const abc = musicXmlToAbc(new TextEncoder().encode(MUSESCORE_WALTZ), 'waltz.musicxml')
    const headers = readHeaders(abc)
    expect(headers.title).toBe('Hand Made Waltz')
    expect(headers.meter).toBe('3/4')
    expect(headers.key?.replace(/\s/g, '')).toMatch(/^F(maj)?$/)
    expect(abc).toContain('"F"')
    expect(abc).not.toMatch(/\n\s*\n/)
    expect(playedNotes(abc)).toEqual([...WALTZ_ONCE, ...WALTZ_ONCE])
  })

  it('reads compressed .mxl the same as plain MusicXML', () => {
    const mxl = serializeCompressed(parse(MUSESCORE_WALTZ))
    expect(playedNotes(musicXmlToAbc(mxl, 'waltz.mxl'))).toEqual([...WALTZ_ONCE, ...WALTZ_ONCE])
  })

  it('says in words when a file is not MusicXML', () => {
    expect(() => musicXmlToAbc(new TextEncoder().encode('<html><body>hello</body></html>'), 'page.xml')).toThrow(/page\.xml is not a MusicXML score/)
  })
})

describe('MusicXML import into the library', () => {
  it('stores a MusicXML file (plain or .mxl) as an ABC tune and rejects an unreadable one in words', async () => {
    const library = openLibrary(path.join(dir, 'import.sqlite'))
    try {
      const service = createLibraryService(library)
      const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')
      const report = await service.importFiles({
        corpusName: 'From MuseScore',
        files: [
          { name: 'waltz.musicxml', dataBase64: base64(new TextEncoder().encode(MUSESCORE_WALTZ)) },
          { name: 'waltz-in-d.mxl', dataBase64: base64(serializeCompressed(parse(MUSESCORE_WALTZ.replace('<fifths>-1</fifths>', '<fifths>2</fifths>')))) },
          { name: 'broken.xml', dataBase64: base64(new TextEncoder().encode('<score-partwise><part')) },
        ],
      })
      expect(report.imported).toBe(2)
      expect(report.rejected).toEqual([expect.objectContaining({ file: 'broken.xml', reason: expect.stringMatching(/broken\.xml is not a MusicXML score/) })])
      const page = library.tunes.search({ corpusId: report.corpusId ?? 0, limit: 10, offset: 0 })
      const stored = page.items.map((t) => library.tunes.get(t.id))
      const waltz = stored.find((t) => t?.sourceFile === 'waltz.musicxml')
      expect(waltz?.title).toBe('Hand Made Waltz')
      expect(playedNotes(waltz?.abc ?? '')).toEqual([...WALTZ_ONCE, ...WALTZ_ONCE])
      expect(stored.find((t) => t?.sourceFile === 'waltz-in-d.mxl')?.key).toBe('D')
    } finally {
      library.close()
    }
  })
})

describe('convert --to musicxml', () => {
  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = ''
    let stderr = ''
    const sink = (append: (s: string) => void): Writable => new Writable({ write: (chunk, _enc, done) => void (append(String(chunk)), done()) })
    const code = await runCli([...args, '--library', path.join(dir, 'library.sqlite')], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) })
    return { code, stdout, stderr }
  }

  it('writes FILE for one tune and FILE-1, FILE-2 for several, each read back to the same notes', async () => {
    const tunes = corpusTunes().slice(0, 2)
    const one = path.join(dir, 'one.abc')
    writeFileSync(one, tunes[0])
    const single = await cli('convert', '--file', one, '--to', 'musicxml', '--out', path.join(dir, 'one.musicxml'))
    expect(single.code).toBe(0)
    expect(playedNotes(musicXmlToAbc(readFileSync(path.join(dir, 'one.musicxml'))))).toEqual(playedNotes(tunes[0]))

    const two = path.join(dir, 'two.abc')
    writeFileSync(two, tunes.join('\n\n'))
    const several = await cli('convert', '--file', two, '--to', 'musicxml', '--out', path.join(dir, 'two.musicxml'), '--json')
    expect(several.code).toBe(0)
    const report = JSON.parse(several.stdout) as { files: { title: string; file: string }[] }
    expect(report.files.map((f) => path.basename(f.file))).toEqual(['two-1.musicxml', 'two-2.musicxml'])
    report.files.forEach((f, i) => expect(playedNotes(musicXmlToAbc(readFileSync(f.file)))).toEqual(playedNotes(tunes[i])))
  })
})
