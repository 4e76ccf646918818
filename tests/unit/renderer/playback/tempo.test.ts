/** Tempo: the tune's Q: (as abcjs parses it) or a default per meter, mapped to the transport. */
import { describe, expect, it } from 'vitest'
import {
  beatLabel,
  clampBpm,
  countIn,
  defaultTempo,
  quarterBpm,
  tuneTempo,
  wholeNotesToSeconds,
} from '../../../../src-renderer/src/playback/timing/tempo'
import { nottingham, parse } from './helpers'

describe('tempo', () => {
  it("reads a Nottingham tune's Q: through abcjs", () => {
    // morris.abc, Abram Circle: Q:1/4=180 in 4/4.
    const { tune } = nottingham('Abram Circle')
    const tempo = tuneTempo(tune.metaText.tempo, { num: 4, den: 4 })
    expect(tempo).toEqual({ beat: 0.25, bpm: 180 })
    expect(quarterBpm(tempo)).toBe(180)
  })

  it('maps a dotted-crotchet beat to the quarter notes the transport counts', () => {
    const { tune } = parse('X:1\nT:Jig\nM:6/8\nL:1/8\nQ:3/8=120\nK:D\nABc def|\n')
    const tempo = tuneTempo(tune.metaText.tempo, { num: 6, den: 8 })
    expect(tempo).toEqual({ beat: 0.375, bpm: 120 })
    expect(quarterBpm(tempo)).toBe(180)
    // A 6/8 bar at 120 dotted crotchets a minute: two beats, one second.
    expect(wholeNotesToSeconds(0.75, tempo)).toBeCloseTo(1, 9)
  })

  it('falls back to a per-meter default when the tune has no Q:', () => {
    const jig = nottingham('Abacus')
    expect(jig.tune.metaText.tempo).toBeUndefined()
    expect(tuneTempo(jig.tune.metaText.tempo, { num: 6, den: 8 })).toEqual(defaultTempo({ num: 6, den: 8 }))
    expect(defaultTempo({ num: 6, den: 8 }).beat).toBe(0.375)
    expect(defaultTempo({ num: 9, den: 8 }).beat).toBe(0.375)
    expect(defaultTempo({ num: 4, den: 4 }).beat).toBe(0.25)
    expect(defaultTempo({ num: 3, den: 4 }).beat).toBe(0.25)
    expect(defaultTempo({ num: 2, den: 2 }).beat).toBe(0.5)
    expect(defaultTempo({ num: 6, den: 4 }).beat).toBe(0.75)
    // A reel is quicker in crotchets than a waltz.
    expect(defaultTempo({ num: 4, den: 4 }).bpm).toBeGreaterThan(defaultTempo({ num: 3, den: 4 }).bpm)
  })

  it('keeps asked tempos in range', () => {
    expect(clampBpm(1000)).toBe(400)
    expect(clampBpm(3)).toBe(20)
    expect(clampBpm(Number.NaN)).toBe(20)
    expect(clampBpm(97.6)).toBe(98)
  })

  it('counts in one bar, one click per beat of the meter', () => {
    expect(countIn({ num: 6, den: 8 })).toEqual({
      clicks: [
        { at: 0, downbeat: true },
        { at: 0.375, downbeat: false },
      ],
      length: 0.75,
    })
    expect(countIn({ num: 4, den: 4 }).clicks.map((c) => c.at)).toEqual([0, 0.25, 0.5, 0.75])
    expect(countIn({ num: 9, den: 8 }).clicks).toHaveLength(3)
    expect(countIn({ num: 3, den: 4 }).length).toBe(0.75)
  })

  it('labels beats as note symbols', () => {
    expect(beatLabel(0.25)).toBe('♩')
    expect(beatLabel(0.375)).toBe('♩.')
    expect(beatLabel(3 / 16)).toBe('3/16')
  })
})
