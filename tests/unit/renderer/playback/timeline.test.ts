/**
 * abcjs's note timing → the player's timeline, on real Nottingham tunes: repeats and endings as
 * written, ties held once, bars as played, chord accompaniment from the chord symbols.
 */
import { describe, expect, it } from 'vitest'
import { corpusTunes } from '../../shared/abc/helpers'
import { buildTimeline, type PlayNote } from '../../../../src-renderer/src/playback/timing/timeline'
import { at, nottingham, parse } from './helpers'

const pitchClasses = (notes: PlayNote[]): number[] => [...new Set(notes.map((n) => n.pitch % 12))].sort((a, b) => a - b)
const sounding = (notes: PlayNote[], from: number, to: number): PlayNote[] =>
  notes.filter((n) => n.start >= from - 1e-6 && n.start < to - 1e-6)

describe('timeline from abcjs setUpAudio', () => {
  // ashover X:29: a one-quaver pickup, two repeated parts each with first and second endings,
  // a tie across a bar line, a key change.
  const paddy = nottingham('Paddy in Flow')
  const timeline = buildTimeline(paddy.tune, { feelAmount: 0 }) // written time: the lilt is tested in playback-feel

  it('numbers the pickup bar 0 and plays 32 full 6/8 bars after it', () => {
    expect(timeline.bars).toHaveLength(33)
    expect(timeline.bars[0]).toEqual({ number: 0, start: 0, end: 0.125 })
    for (const bar of timeline.bars.slice(1)) expect(bar.end - bar.start).toBeCloseTo(0.75, 6)
    expect(timeline.bars.map((b) => b.number)).toEqual(Array.from({ length: 33 }, (_, i) => i))
    expect(timeline.total).toBeCloseTo(0.125 + 32 * 0.75, 6)
  })

  it('plays each part twice, the first ending on the first time only and the second after it', () => {
    const text = paddy.text
    const partA = at(text, '|:"D"DED')
    const firstEnding = at(text, '[1"A"Adc "D"dAF')
    const secondEnding = at(text, '[2"A"Adc "D"def')
    const partEnd = at(text, 'K:A')
    const times = (from: number, to: number): number[] =>
      timeline.melody.filter((n) => n.startChar! >= from && n.startChar! < to).map((n) => n.start)
    // The part's body (bars 1–7) is heard twice, 8 bars apart (7 bars + the first ending).
    const body = at(text, '"D"DED FAB|=cBA')
    expect(times(body, body + 1)).toEqual([0.125, 0.125 + 8 * 0.75])
    const bodyTimes = times(partA, firstEnding)
    expect(bodyTimes.length % 2).toBe(0)
    expect(bodyTimes.filter((t) => t >= 0.125 + 8 * 0.75)).toHaveLength(bodyTimes.length / 2)
    const first = times(firstEnding, secondEnding)
    const second = times(secondEnding, partEnd)
    expect(first.length).toBeGreaterThan(0)
    expect(second.length).toBe(first.length)
    // Bar 8 is the first ending, bar 16 the second.
    expect(Math.min(...first)).toBeCloseTo(timeline.bars[8].start, 6)
    expect(Math.min(...second)).toBeCloseTo(timeline.bars[16].start, 6)
    expect(Math.max(...first)).toBeLessThan(Math.min(...second))
  })

  it('sounds a note tied across a bar line once, held for both lengths', () => {
    const phrase = at(paddy.text, '=gfe-|"E"eag')
    const tiedE = timeline.melody.filter((n) => n.startChar === phrase + 3)
    // In the B part's body: heard on both times through.
    expect(tiedE).toHaveLength(2)
    for (const e of tiedE) {
      expect(e.duration).toBeCloseTo(0.25, 6)
      expect(e.pitch).toBe(76)
    }
    const continuation = timeline.melody.filter((n) => n.startChar! > phrase + 4 && n.startChar! <= phrase + 9)
    expect(continuation).toEqual([])
  })

  it('keeps one melody voice without overlaps, in time order', () => {
    for (let i = 1; i < timeline.melody.length; i++) {
      const prev = timeline.melody[i - 1]
      expect(timeline.melody[i].start).toBeGreaterThanOrEqual(prev.start + prev.duration - 1e-6)
    }
  })

  it('holds every same-pitch tie of the corpus once, and no single note over the next', () => {
    const tied = corpusTunes().filter((t) => /[A-Ga-g][,']*[0-9/]*-/.test(t.text))
    expect(tied.length).toBeGreaterThan(20)
    let samePitch = 0
    let otherPitch = 0
    for (const raw of tied) {
      // The timeline undoes ties between different pitches in place: read the marks from a copy.
      const { tune } = parse(raw.text)
      const melody = buildTimeline(parse(raw.text).tune).melody
      const sounded = new Set(melody.map((n) => n.startChar))
      const title = raw.text.split('\n')[1]
      for (const line of tune.lines) {
        for (const voice of line.staff?.[0]?.voices?.slice(0, 1) ?? []) {
          let previous: (typeof voice)[number] | null = null
          for (const item of voice) {
            if (item.el_type !== 'note' || item.rest) continue
            const before = previous?.el_type === 'note' ? previous.pitches : undefined
            previous = item
            if (before?.length !== 1 || !before[0].startTie || item.pitches?.length !== 1) continue
            if (before[0].pitch === item.pitches[0].pitch) {
              samePitch++
              expect(sounded.has(item.startChar), `${title} @${item.startChar}`).toBe(false)
            } else {
              // A "tie" to another pitch is a slur: both notes sound.
              otherPitch++
              expect(sounded.has(item.startChar), `${title} @${item.startChar}`).toBe(true)
            }
          }
        }
      }
      // A single note (not part of a chord, where one tied note may be held over the next chord)
      // ends by the time the next note starts.
      for (let i = 1; i < melody.length - 1; i++) {
        const [prev, note, next] = [melody[i - 1], melody[i], melody[i + 1]]
        if (prev.start === note.start || next.start === note.start) continue
        expect(note.start + note.duration, `${title} @${note.startChar}`).toBeLessThanOrEqual(next.start + 1e-6)
      }
    }
    expect(samePitch).toBeGreaterThan(20)
    expect(otherPitch).toBeGreaterThan(10)
  })

  it('ends a tie into a repeat\'s endings by the next note on both times through', () => {
    // reelsh-l: "G4-|[1"G"G2 Bc:|[2"G"G2 dd||": abcjs holds the second time's G over 3 bars.
    const kelly = nottingham('Kelly the Boy From Kilken')
    const melody = buildTimeline(kelly.tune).melody
    const tiedG = melody.filter((n) => n.startChar === at(kelly.text, '"G"G4-|[1'))
    expect(tiedG).toHaveLength(2)
    for (const g of tiedG) {
      const next = melody.find((n) => n.start > g.start)!
      expect(g.start + g.duration).toBeLessThanOrEqual(next.start + 1e-6)
    }
  })

  it('accompanies the chord symbols with their notes: D7 then G in a bar of Abacus', () => {
    const abacus = buildTimeline(nottingham('Abacus').tune)
    // Bar 4 is "D7"ABc "G"BAG: the D7 half, then the G half.
    const bar4 = abacus.bars[3]
    expect(bar4.number).toBe(4)
    const d7 = sounding(abacus.accompaniment, bar4.start, bar4.start + 0.375)
    const g = sounding(abacus.accompaniment, bar4.start + 0.375, bar4.end)
    expect(pitchClasses(d7)).toEqual([0, 2, 6, 9])
    expect(pitchClasses(g)).toEqual([2, 7, 11])
    expect(abacus.accompaniment.every((n) => n.startChar === undefined)).toBe(true)
  })

  it('puts the named bass under a slash chord, and has no accompaniment without chord symbols', () => {
    const slash = buildTimeline(parse('X:1\nT:Slash\nM:4/4\nL:1/4\nK:C\n"C/E"c d e f|"G"g4|\n').tune)
    const bass = sounding(slash.accompaniment, 0, 0.25).reduce((lo, n) => (n.pitch < lo.pitch ? n : lo))
    expect(bass.pitch % 12).toBe(4)
    const plain = buildTimeline(parse('X:1\nT:Plain\nM:4/4\nL:1/4\nK:C\nc d e f|g4|\n').tune)
    expect(plain.accompaniment).toEqual([])
    expect(plain.melody.map((n) => n.pitch)).toEqual([72, 74, 76, 77, 79])
  })
})
