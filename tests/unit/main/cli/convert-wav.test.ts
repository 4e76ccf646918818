/**
 * `convert --to wav` as a user runs it: a real Nottingham tune rendered by the app's own player in
 * Debian's Chromium (the renderer built into a temp folder, the shipped instrument samples
 * included), the WAV read back here: its header, its length at the tune's tempo, its sound; and
 * the sampled fiddle heard in the spectrum of a held note, against the synth it replaces.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../../src-main/cli/main'
import { splitTunes } from '../../../../src-shared/abc'
import { decodeWav, levelsAt, onsets, rms, type DecodedWav } from '../../../e2e/audio-onsets'
import { sink } from '../model/sampling/helpers'

const NOTTINGHAM = path.resolve(import.meta.dirname, '../../../../resources/corpus/nottingham')
/** The player's tail after the last note (render.ts RENDER_TAIL_S): the release and the room. */
const TAIL_S = 1.5
/** Building the renderer and starting Chromium on a busy machine. */
const CONVERT_TIMEOUT_MS = 240_000

let dir: string

async function convert(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [stdout, stderr] = [sink<Writable>(), sink<Writable>()]
  const code = await runCli(['convert', ...args, '--library', path.join(dir, 'library.sqlite')], { stdout: stdout.stream, stderr: stderr.stream })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

/** Renders `abc` with `sound` alone (no backing) and reads the file back. */
async function heldNote(name: string, abc: string, sound: string): Promise<DecodedWav> {
  const file = path.join(dir, `${name}.abc`)
  writeFileSync(file, abc)
  const out = path.join(dir, `${name}-${sound}.wav`)
  const result = await convert('--file', file, '--to', 'wav', '--out', out, '--sound', sound, '--backing', 'none')
  expect(result.stderr).not.toMatch(/error/i)
  expect(result.code).toBe(0)
  return decodeWav(new Uint8Array(readFileSync(out)))
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-convert-wav-'))
  // The renderer is built here, not into a developer's out/ (electron.vite.config.ts reads this).
  process.env.TUNESMITH_OUT_DIR = path.join(dir, 'out')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('convert --to wav', () => {
  it('renders a Nottingham reel at its tempo: a 16-bit stereo WAV as long as the tune, with its notes in it', async () => {
    // The 29th of May: 8 bars of A played twice, then 8 of B, the last bar 3 crotchets: 63 crotchets.
    const [tune] = splitTunes(readFileSync(path.join(NOTTINGHAM, 'reelsa-c.abc'), 'utf8')).tunes
    expect(tune.text).toContain('T:The 29th of May')
    const abc = tune.text.replace(/^K:/m, 'Q:1/4=120\nK:')
    const file = path.join(dir, 'may.abc')
    writeFileSync(file, abc)
    const out = path.join(dir, 'may.wav')
    const result = await convert('--file', file, '--to', 'wav', '--out', out, '--json')
    expect(result.stderr).not.toMatch(/error/i)
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as { files: { file: string; title: string; seconds: number; bpm: number; problem: string | null }[] }
    expect(report.files).toEqual([expect.objectContaining({ file: out, title: 'The 29th of May', bpm: 120, problem: null })])

    const bytes = new Uint8Array(readFileSync(out))
    const view = new DataView(bytes.buffer, bytes.byteOffset)
    expect(String.fromCharCode(...bytes.slice(0, 4))).toBe('RIFF')
    expect(view.getUint32(4, true)).toBe(bytes.length - 8)
    expect(String.fromCharCode(...bytes.slice(8, 12))).toBe('WAVE')
    const wav = decodeWav(bytes)
    expect(wav.sampleRate).toBe(44_100)
    expect(wav.channels).toHaveLength(2)
    // 63 crotchets at 120 a minute.
    expect(wav.seconds).toBeCloseTo(63 * 0.5 + TAIL_S, 2)
    // Sound all the way through the music, not only somewhere: every two seconds of it.
    for (let t = 0; t + 2 <= 63 * 0.5; t += 2) expect(rms(wav, t, t + 2), `${t}–${t + 2} s`).toBeGreaterThan(0.01)
    const peak = wav.channels[0].reduce((m, s) => Math.max(m, Math.abs(s)), 0)
    expect(peak).toBeLessThan(1)
    // Quavers and crotchets at 120: far more onsets than bars.
    expect(onsets(wav).length).toBeGreaterThan(60)
  }, CONVERT_TIMEOUT_MS)

  it('plays a held A on the sampled fiddle: a bowed string\'s harmonics on 440 Hz, not the FM synth\'s', async () => {
    const abc = 'X:1\nT:Held A\nM:4/4\nL:1/4\nQ:1/4=60\nK:A\nA4|\n'
    const harmonics = [1, 2, 3, 4].map((k) => 440 * k)
    const fiddle = await heldNote('a4', abc, 'fiddle')
    const [f1, f2, f3, f4] = levelsAt(fiddle, 1, 1.5, harmonics)
    const synth = levelsAt(await heldNote('a4', abc, 'synth'), 1, 1.5, harmonics)
    // The synth's carrier at f and modulator at 2f give odd harmonics only; a violin sounds the
    // even ones too, its second about as loud as its fundamental.
    expect(synth[1] + synth[3]).toBeLessThan(0.05 * synth[0])
    expect(f1).toBeGreaterThan(0.002)
    expect(f2 + f4).toBeGreaterThan(0.4 * f1)
    expect(f3).toBeGreaterThan(0.05 * f1)
    // Between the harmonics there is little: the note is in tune, not smeared by a wrong repitch.
    const between = levelsAt(fiddle, 1, 1.5, [660, 1100])
    for (const level of between) expect(level).toBeLessThan(0.2 * Math.max(f1, f2))
  }, CONVERT_TIMEOUT_MS)

  it('repitches a note between two samples: a fiddle B (493.9 Hz, sampled A and C) sounds on B', async () => {
    const wav = await heldNote('b4', 'X:1\nT:Held B\nM:4/4\nL:1/4\nQ:1/4=60\nK:A\nB4|\n', 'fiddle')
    const [onB, onA, onC] = levelsAt(wav, 1, 1.5, [493.88, 440, 523.25])
    expect(onB).toBeGreaterThan(5 * onA)
    expect(onB).toBeGreaterThan(5 * onC)
  }, CONVERT_TIMEOUT_MS)

  it('says in words when there is no Chromium to render in', async () => {
    const file = path.join(dir, 'x.abc')
    writeFileSync(file, 'X:1\nT:x\nK:C\nC|\n')
    const before = process.env.TUNESMITH_CHROMIUM
    process.env.TUNESMITH_CHROMIUM = path.join(dir, 'no-chromium-here')
    try {
      const result = await convert('--file', file, '--to', 'wav', '--out', path.join(dir, 'x.wav'))
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`Rendering a tune as audio needs Chromium; none found at ${path.join(dir, 'no-chromium-here')}`)
    } finally {
      if (before === undefined) delete process.env.TUNESMITH_CHROMIUM
      else process.env.TUNESMITH_CHROMIUM = before
    }
  })

  it('refuses an unknown instrument in words', async () => {
    const file = path.join(dir, 'x.abc')
    writeFileSync(file, 'X:1\nT:x\nK:C\nC|\n')
    const result = await convert('--file', file, '--to', 'wav', '--out', path.join(dir, 'x.wav'), '--sound', 'banjo')
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--sound must be one of fiddle, flute, accordion, piano, synth, not "banjo"/)
  })
})
