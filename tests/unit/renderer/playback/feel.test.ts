/**
 * The tune played as musicians play it, measured on the onsets the player schedules (whole notes):
 * swing and lilt per tune type and slider, ornaments laid out inside the written note, backing
 * patterns per rhythm landing on the beats, with the bass under them.
 */
import { describe, expect, it } from 'vitest'
import { corpusTunes } from '../../shared/abc/helpers'
import { buildTimeline, type PlayNote, type Timeline } from '../../../../src-renderer/src/playback/timing/timeline'
import { GRACE_LENGTH } from '../../../../src-renderer/src/playback/timing/ornaments'
import { at, parse } from './helpers'

const tune = (header: string, body: string): string => `X:1\nT:Test\n${header}\nL:1/8\nK:G\n${body}\n`
const onsets = (notes: readonly PlayNote[]): number[] => [...new Set(notes.map((n) => n.start))].sort((a, b) => a - b)

/**
 * Long:short ratios of quaver pairs: an onset on a beat, exactly one onset before the next beat,
 * and an onset on that next beat. `beat` is the pair's length (a crotchet).
 */
function pairRatios(timeline: Timeline, beat = 1 / 4): number[] {
  const times = onsets(timeline.melody.filter((n) => !n.ornament))
  const ratios: number[] = []
  for (const bar of timeline.bars) {
    for (let b = bar.start; b + beat <= bar.end + 1e-9; b += beat) {
      const inside = times.filter((t) => t > b - 1e-9 && t < b + beat + 1e-9)
      if (inside.length !== 3 || Math.abs(inside[0] - b) > 1e-6 || Math.abs(inside[2] - (b + beat)) > 1e-6) continue
      ratios.push((inside[1] - inside[0]) / (inside[2] - inside[1]))
    }
  }
  return ratios
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

describe('feel per tune type', () => {
  const hornpipes = corpusTunes().filter((t) => /^R:\s*hornpipe/im.test(t.text))

  it('plays the Nottingham hornpipes dotted, 2:1, and straight with the slider at 0', () => {
    expect(hornpipes.length).toBeGreaterThan(60)
    const swung: number[] = []
    const straight: number[] = []
    for (const h of hornpipes) {
      swung.push(...pairRatios(buildTimeline(parse(h.text).tune)))
      straight.push(...pairRatios(buildTimeline(parse(h.text).tune, { feelAmount: 0 })))
    }
    expect(swung.length).toBeGreaterThan(1000)
    expect(median(swung)).toBeCloseTo(2, 4)
    expect(median(straight)).toBeCloseTo(1, 4)
    expect(buildTimeline(parse(hornpipes[0].text).tune).feel.name).toBe('hornpipe')
  })

  it('scales the swing with the slider: half as much at 0.5, more at 1.5', () => {
    const text = tune('M:4/4\nR:hornpipe', 'GABc dBAG|FGAB cAFD|')
    expect(median(pairRatios(buildTimeline(parse(text).tune, { feelAmount: 0.5 })))).toBeCloseTo(1.5, 4)
    expect(median(pairRatios(buildTimeline(parse(text).tune, { feelAmount: 1.5 })))).toBeCloseTo(2.5, 4)
  })

  it('swings a reel slightly and keeps every beat where it is written', () => {
    const timeline = buildTimeline(parse(tune('M:4/4\nR:reel', 'GABc dBAG|FGAB cAFD|')).tune)
    expect(median(pairRatios(timeline))).toBeCloseTo(1.2, 4)
    const beats = timeline.melody.filter((_, i) => i % 2 === 0).map((n) => n.start)
    expect(beats).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75])
  })

  it('gives a 6/8 jig its lilt (long, short, even) from the metre alone', () => {
    const timeline = buildTimeline(parse(tune('M:6/8', 'GAB cBA|dBG AFD|')).tune)
    expect(timeline.feel.name).toBe('jig')
    const bar = onsets(timeline.melody).slice(0, 4)
    const lengths = [bar[1] - bar[0], bar[2] - bar[1], bar[3] - bar[2]].map((x) => x / (3 / 8))
    expect(lengths[0]).toBeCloseTo(1.15 / 3, 6)
    expect(lengths[1]).toBeCloseTo(0.85 / 3, 6)
    expect(lengths[2]).toBeCloseTo(1 / 3, 6)
    // The dotted crotchet beats stay put.
    expect(bar[3]).toBeCloseTo(3 / 8, 5)
  })

  it('plays a strathspey snap as written: the short note first, a quarter of the pair', () => {
    const timeline = buildTimeline(parse(tune('M:4/4\nR:strathspey', 'G<A B>c d<e f>g|')).tune)
    const t = onsets(timeline.melody)
    expect((t[1] - t[0]) / 0.25).toBeCloseTo(0.25, 6)
    expect((t[3] - t[2]) / 0.25).toBeCloseTo(0.75, 6)
  })

  it('leaves a pickup straight and lines the lilt up with the bar after it', () => {
    const timeline = buildTimeline(parse(tune('M:6/8', 'D|GAB cBA|')).tune)
    const t = onsets(timeline.melody)
    expect(t[1]).toBeCloseTo(0.125, 5)
    expect(t[2] - t[1]).toBeCloseTo((1.15 / 3) * 0.375, 6)
  })
})

describe('ornaments played', () => {
  it('plays a roll as note–upper–note–lower–note, five onsets inside the written note', () => {
    const text = tune('M:6/8\nR:jig', '~B3 GAB|')
    const timeline = buildTimeline(parse(text).tune, { feelAmount: 0 })
    const rolled = timeline.melody.filter((n) => n.startChar === at(text, '~B3'))
    // B (71) in G major: upper c (72), lower A (69).
    expect(rolled.map((n) => n.pitch)).toEqual([71, 72, 71, 69, 71])
    expect(onsets(rolled)).toHaveLength(5)
    expect(rolled[0].start).toBe(0)
    const end = Math.max(...rolled.map((n) => n.start + n.duration))
    expect(end).toBeCloseTo(0.375, 5)
    // The written note is on each third; the cut and the tap are short, just before.
    expect(rolled[2].start).toBeCloseTo(0.125, 5)
    expect(rolled[4].start).toBeCloseTo(0.25, 5)
    expect(rolled[1].duration).toBeLessThanOrEqual(GRACE_LENGTH + 1e-9)
    expect(rolled[1].ornament && rolled[3].ornament).toBe(true)
  })

  it('plays a cut short and on the beat, the note right after it', () => {
    const text = tune('M:4/4', '{g}A2 B2 c4|')
    const timeline = buildTimeline(parse(text).tune, { feelAmount: 0 })
    const [cut, a] = timeline.melody
    expect(cut.pitch).toBe(79)
    expect(cut.start).toBe(0)
    expect(cut.duration).toBeCloseTo(GRACE_LENGTH, 5)
    expect(a.pitch).toBe(69)
    expect(a.start).toBeCloseTo(GRACE_LENGTH, 5)
    expect(a.start + a.duration).toBeCloseTo(0.25, 5)
    expect(a.startChar).toBe(at(text, '{g}A2'))
  })

  it('trills with the scale note above, ending on the written note, and keeps its place in the text', () => {
    const text = tune('M:4/4', 'TB4 G4|')
    const trilled = buildTimeline(parse(text).tune).melody.filter((n) => n.startChar === at(text, 'TB4'))
    expect(trilled.length).toBeGreaterThanOrEqual(7)
    expect(new Set(trilled.map((n) => n.pitch))).toEqual(new Set([71, 72]))
    expect(trilled[0].pitch).toBe(71)
    expect(trilled.at(-1)!.pitch).toBe(71)
    expect(trilled.at(-1)!.start + trilled.at(-1)!.duration).toBeCloseTo(0.5, 5)
  })

  it('plays staccato for half the note and an accent louder', () => {
    const text = tune('M:4/4', '.c2 c2 Lc2 c2|')
    const [short, plain, accented, after] = buildTimeline(parse(text).tune).melody
    expect(short.duration).toBeCloseTo(plain.duration / 2, 5)
    expect(accented.velocity).toBeGreaterThan(after.velocity)
  })
})

describe('backing per rhythm, from the chord symbols', () => {
  /** Accompaniment onsets in a bar, relative to its start, and the bass (lowest) note's onsets. */
  function pattern(timeline: Timeline, barIndex: number): { chords: number[]; bass: number[] } {
    const bar = timeline.bars[barIndex]
    const inBar = timeline.accompaniment.filter((n) => n.start >= bar.start - 1e-9 && n.start < bar.end - 1e-9)
    const byOnset = new Map<number, PlayNote[]>()
    for (const n of inBar) byOnset.set(n.start, [...(byOnset.get(n.start) ?? []), n])
    const rel = (t: number): number => Math.round((t - bar.start) * 1e6) / 1e6
    const chords = [...byOnset].filter(([, ns]) => ns.length >= 3).map(([t]) => rel(t))
    const bass = [...byOnset].filter(([, ns]) => ns.length === 1 && ns[0].pitch < 55).map(([t]) => rel(t))
    return { chords: chords.sort((a, b) => a - b), bass: bass.sort((a, b) => a - b) }
  }

  it('vamps a reel: bass on 1 and 3, the chord on 2 and 4', () => {
    const timeline = buildTimeline(parse(tune('M:4/4\nR:reel', '"G"GABc "D"dBAG|"G"G8|')).tune)
    expect(timeline.backing?.name).toBe('vamp')
    expect(pattern(timeline, 0)).toEqual({ bass: [0, 0.5], chords: [0.25, 0.75] })
    // The D chord comes in with its own bass: D (a 2) under bar 1's second half.
    const bar1Bass = timeline.accompaniment.filter((n) => Math.abs(n.start - 0.5) < 1e-9)
    expect(bar1Bass.map((n) => n.pitch % 12)).toEqual([2])
  })

  it('plays a jig 1-2-3 4-5-6: bass on 1 and 4, the chord on the other quavers, lilted with the tune', () => {
    const straight = buildTimeline(parse(tune('M:6/8\nR:jig', '"G"GAB "D"AFD|')).tune, { feelAmount: 0 })
    expect(straight.backing?.name).toBe('1-2-3 4-5-6')
    expect(pattern(straight, 0)).toEqual({ bass: [0, 0.375], chords: [0.125, 0.25, 0.5, 0.625] })
    const lilted = buildTimeline(parse(tune('M:6/8\nR:jig', '"G"GAB "D"AFD|')).tune)
    const melodyOnsets = onsets(lilted.melody)
    // Each backing stroke sounds with a melody note, on the lilt, not on the straight grid.
    for (const t of onsets(lilted.accompaniment)) expect(melodyOnsets.some((m) => Math.abs(m - t) < 1e-6)).toBe(true)
  })

  it('plays a waltz oom-pah-pah and a polka bass–chord–bass–chord', () => {
    const waltz = buildTimeline(parse(tune('M:3/4\nR:waltz', '"G"G4 B2|"D"A6|')).tune)
    expect(pattern(waltz, 0)).toEqual({ bass: [0], chords: [0.25, 0.5] })
    const polka = buildTimeline(parse(tune('M:2/4\nR:polka', '"G"GA BG|"D"A2 A2|')).tune, { feelAmount: 0 })
    expect(pattern(polka, 0)).toEqual({ bass: [0, 0.25], chords: [0.125, 0.375] })
  })
})
