/**
 * Step-up practice, the metronome's beats, the feel kept in a piece's params, and the WAV
 * encoder (decoded back here, header and samples, as a player would read it).
 */
import { describe, expect, it } from 'vitest'
import { buildTimeline } from '../../../../src-renderer/src/playback/timing/timeline'
import { checkStepUp, metronomeBeats, passTempo } from '../../../../src-renderer/src/playback/timing/practice'
import { feelParam, withFeel } from '../../../../src-renderer/src/playback/timing/feel'
import { encodeWav } from '../../../../src-shared/audio/wav'
import { nottingham, parse } from './helpers'

describe('step-up practice', () => {
  it('starts at the first tempo, adds the step each time round and stops rising at the top', () => {
    const plan = { from: 60, step: 15, to: 100, passes: 6 }
    expect(Array.from({ length: 6 }, (_, i) => passTempo(plan, i))).toEqual([60, 75, 90, 100, 100, 100])
  })

  it('says in words what is wrong with a plan', () => {
    expect(checkStepUp({ from: 60, step: 10, to: 120, passes: 5 })).toBeNull()
    expect(checkStepUp({ from: 60, step: -5, to: 120, passes: 5 })).toMatch(/0 or more/)
    expect(checkStepUp({ from: 60, step: 10, to: 120, passes: 0 })).toMatch(/whole number from 1/)
    expect(checkStepUp({ from: Number.NaN, step: 10, to: 120, passes: 3 })).toMatch(/number/)
  })
})

describe('metronome', () => {
  it('clicks every dotted crotchet of a 6/8 jig, the pickup counted back from the first bar', () => {
    const paddy = buildTimeline(nottingham('Paddy in Flow').tune)
    const beats = metronomeBeats(paddy, { num: 6, den: 8 })
    // The quaver pickup has no beat of its own; then two beats a bar for 32 bars.
    expect(beats).toHaveLength(64)
    expect(beats[0]).toEqual({ at: 0.125, downbeat: true })
    expect(beats[1].at).toBeCloseTo(0.5, 9)
    expect(beats.filter((b) => b.downbeat)).toHaveLength(32)
  })

  it('clicks on the beats the swung melody keeps: every hornpipe beat has a note on it', () => {
    const text = 'X:1\nT:H\nM:4/4\nL:1/8\nR:hornpipe\nK:G\nGABc dBAG|FGAB cAFD|\n'
    const timeline = buildTimeline(parse(text).tune)
    const onsets = new Set(timeline.melody.map((n) => n.start))
    const beats = metronomeBeats(timeline, { num: 4, den: 4 })
    expect(beats).toHaveLength(8)
    for (const b of beats) expect(onsets.has(b.at)).toBe(true)
  })
})

describe('feel kept with the piece', () => {
  it('reads and writes the feel in the params, keeping the others', () => {
    const params = withFeel({ temperature: 0.8, seed: 3 }, 1.5)
    expect(params).toEqual({ temperature: 0.8, seed: 3, playbackFeel: 1.5 })
    expect(feelParam(params)).toBe(1.5)
    expect(feelParam({ playbackFeel: 'lots' })).toBeNull()
    expect(feelParam({ playbackFeel: 9 })).toBe(2)
    expect(withFeel(params, null)).toEqual({ temperature: 0.8, seed: 3 })
  })
})

describe('WAV encoding', () => {
  it('writes a 16-bit PCM RIFF file whose header gives the rendered duration', () => {
    const rate = 44_100
    const frames = Math.round(rate * 1.25)
    const left = Float32Array.from({ length: frames }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / rate) * 0.5)
    const right = Float32Array.from({ length: frames }, () => 2) // over full scale: clipped, not wrapped
    const wav = encodeWav([left, right], rate)
    const view = new DataView(wav.buffer)
    const text = (at: number): string => String.fromCharCode(...wav.slice(at, at + 4))
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data'])
    expect(view.getUint16(20, true)).toBe(1)
    expect(view.getUint16(22, true)).toBe(2)
    expect(view.getUint32(24, true)).toBe(rate)
    expect(view.getUint16(34, true)).toBe(16)
    const dataBytes = view.getUint32(40, true)
    expect(view.getUint32(4, true)).toBe(36 + dataBytes)
    expect(dataBytes / (2 * 2) / rate).toBeCloseTo(1.25, 4)
    // A quarter period in: the sine's peak, half scale; the right channel at full scale.
    const frame = Math.round(rate / 440 / 4)
    expect(view.getInt16(44 + frame * 4, true) / 0x7fff).toBeCloseTo(0.5, 2)
    expect(view.getInt16(44 + frame * 4 + 2, true)).toBe(0x7fff)
  })
})
