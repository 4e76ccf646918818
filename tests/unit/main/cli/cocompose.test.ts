/** `infill` and `chords` through runCli, as a shell runs them, over a temp library with a real (seeded) checkpoint. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../../src-main/cli/main'
import { splitTunes } from '../../../../src-shared/abc/split'
import { sink, storeSeededModel, type CliIo as Io } from '../model/sampling/helpers'

const TUNE = 'X:9\nT:CLI\nM:2/4\nL:1/8\nK:G\nGABc|dcBA|GABc|d2B2|\nGABc|dcBA|G2G2|G4|]\n'

describe('CLI infill / chords', () => {
  let dir: string
  let libraryPath: string
  let file: string
  let modelId: number

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-cocompose-cli-'))
    libraryPath = path.join(dir, 'library.sqlite')
    file = path.join(dir, 'tune.abc')
    writeFileSync(file, TUNE)
    modelId = await storeSeededModel(libraryPath, 'cocompose cli model', 6)
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const cli = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out = sink<Io['stdout']>()
    const err = sink<Io['stderr']>()
    const code = await runCli([...args, '--library', libraryPath, '--model', String(modelId)], { stdout: out.stream, stderr: err.stream })
    return { code, out: out.text(), err: err.text() }
  }

  it('infill prints each alternative as the whole tune, its X: line first, only bars 2-3 changed', async () => {
    const r = await cli('infill', '--file', file, '--bars', '2-3', '--n', '3', '--candidates', '16', '--seed', '1')
    expect(r.code, r.err).toBe(0)
    const tunes = splitTunes(r.out).tunes
    expect(tunes.length).toBeGreaterThan(0)
    expect(tunes.length).toBeLessThanOrEqual(3)
    for (const t of tunes) {
      expect(t.text.startsWith('X:9\nT:CLI\nM:2/4\nL:1/8\nK:G\nGABc|')).toBe(true)
      expect(t.text.endsWith('|d2B2|\nGABc|dcBA|G2G2|G4|]')).toBe(true)
    }
    expect(r.err).toMatch(/bars 2-3 as written: fit/)
    expect(r.err).toMatch(/alternative 1: /)
  })

  it('--json prints the whole result; bad selections are refused in words with exit code 2', async () => {
    const r = await cli('infill', '--file', file, '--bars', '4', '--n', '1', '--candidates', '8', '--seed', '2', '--json')
    expect(r.code, r.err).toBe(0)
    const result = JSON.parse(r.out) as { selection: { fromBar: number; toBar: number; text: string }; alternatives: { fullText: string }[] }
    expect(result.selection).toMatchObject({ fromBar: 4, toBar: 4, text: 'd2B2' })
    const refused = async (bars: string, message: RegExp): Promise<void> => {
      const bad = await cli('infill', '--file', file, '--bars', bars)
      expect(bad.code).toBe(2)
      expect(bad.err).toMatch(message)
    }
    await refused('1000000', /at most 10,000/)
    await refused('9', /has 8 bars, so there is no bar 9/)
    await refused('6-5', /not a range|comes before/)
    await refused('x', /--bars takes a bar or a range/)
  })

  it('vary prints whole tunes whose bars 5-6 have the rhythm of the original', async () => {
    const r = await cli('vary', '--file', file, '--bars', '5-6', '--n', '2', '--candidates', '16', '--seed', '3', '--json')
    expect(r.code, r.err).toBe(0)
    const result = JSON.parse(r.out) as { selection: { text: string }; alternatives: { text: string; changed: number; tune: string }[] }
    expect(result.selection.text).toBe('GABc|dcBA')
    for (const a of result.alternatives) {
      // Four notes of the unit length, a bar line, four more: only the pitches are new.
      const note = "(?:\\^\\^|__|[_^=])?[A-Ga-g][,']*"
      expect(a.text).toMatch(new RegExp(`^${note.repeat(4)}\\|${note.repeat(4)}$`))
      expect(a.changed).toBeGreaterThanOrEqual(0.3)
      expect(a.tune.endsWith('|G2G2|G4|]')).toBe(true)
    }
  })

  it('chords prints the tune with a chord symbol at the start of every bar', async () => {
    const r = await cli('chords', '--file', file)
    expect(r.code, r.err).toBe(0)
    expect(r.out.startsWith('X:9\nT:CLI\nM:2/4\nL:1/8\nK:G\n"')).toBe(true)
    expect(r.out.match(/"[^"]*"/g)).toHaveLength(8)
    expect(r.out.trimEnd().replace(/"[^"]*"/g, '')).toBe(TUNE.trimEnd())
    expect(r.err).toMatch(/bar 1: [A-G]/)
  })

  it('chords --bars harmonises only those bars and leaves the rest as written; a bar past the end is refused in words', async () => {
    const withChords = path.join(dir, 'with-chords.abc')
    writeFileSync(withChords, TUNE.replace('GABc|dcBA|', '"G"GABc|"D7"dcBA|'))
    const r = await cli('chords', '--file', withChords, '--bars', '5-6')
    expect(r.code, r.err).toBe(0)
    expect(r.err).toMatch(/^bar 5: /m)
    expect(r.err).not.toMatch(/^bar [1-4]: /m)
    expect(r.err).toMatch(/bars 5-6 harmonised; the others as written/)
    // Bars 1-4 keep their own chords (and none are added); bars 5 and 6 start with one each.
    expect(r.out.startsWith('X:9\nT:CLI\nM:2/4\nL:1/8\nK:G\n"G"GABc|"D7"dcBA|GABc|d2B2|\n"')).toBe(true)
    expect(r.out.trimEnd()).toMatch(/\n"[A-G][^"]*"GABc\|"[A-G][^"]*"dcBA\|G2G2\|G4\|\]$/)
    const past = await cli('chords', '--file', file, '--bars', '9-9')
    expect(past.code).not.toBe(0)
    expect(past.err).toMatch(/The tune has 8 bars, so there is no bar 9/)
  })
})
