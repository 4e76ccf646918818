/** Loop ranges over played bars, starting from a clicked note, and where the transport is. */
import { describe, expect, it } from 'vitest'
import { buildTimeline } from '../../../../src-renderer/src/playback/timing/timeline'
import { barAt, clampStart, loopRange, noteAt, startOfChar } from '../../../../src-renderer/src/playback/timing/positions'
import { at, nottingham } from './helpers'

describe('positions in a played tune', () => {
  const paddy = nottingham('Paddy in Flow')
  const timeline = buildTimeline(paddy.tune, { feelAmount: 0 }) // written time: the lilt is tested in playback-feel

  it('turns a run of bars A–B into the time from the start of A to the end of B', () => {
    // Bar 0 is the pickup (a quaver), then 6/8 bars of three quarters of a whole note.
    expect(loopRange(timeline.bars, 3, 4)).toEqual({ start: 0.125 + 2 * 0.75, end: 0.125 + 4 * 0.75 })
    expect(loopRange(timeline.bars, 4, 3)).toEqual(loopRange(timeline.bars, 3, 4))
    expect(loopRange(timeline.bars, 0, 0)).toEqual({ start: 0, end: 0.125 })
    expect(loopRange(timeline.bars, 32, 32)?.end).toBeCloseTo(timeline.total, 6)
    expect(loopRange(timeline.bars, 5, 33)).toBeNull()
    expect(loopRange(timeline.bars, -1, 2)).toBeNull()
  })

  it('starts from a clicked note where it first sounds', () => {
    // The B part's tied e is heard at 14 and again at 20 whole notes (repeat): the first is taken.
    const e = at(paddy.text, '=gfe-|"E"eag') + 3
    expect(startOfChar(timeline.melody, e)).toBe(14.25)
    // A second-ending note: after both times through the body.
    const secondEnding = at(paddy.text, '[2"A"Adc "D"def') + 2
    expect(startOfChar(timeline.melody, secondEnding)).toBeCloseTo(timeline.bars[16].start, 6)
    // The tied-over e makes no sound of its own: playing starts with the next note.
    const continuation = at(paddy.text, '=gfe-|"E"eag') + 6
    expect(startOfChar(timeline.melody, continuation)).toBe(14.5)
    expect(startOfChar(timeline.melody, paddy.text.length + 10)).toBeNull()
  })

  it('knows the bar and the note at a moment', () => {
    expect(barAt(timeline.bars, 0)?.number).toBe(0)
    expect(barAt(timeline.bars, 0.125)?.number).toBe(1)
    expect(barAt(timeline.bars, 0.874)?.number).toBe(1)
    expect(barAt(timeline.bars, 100)?.number).toBe(32)
    expect(barAt([], 1)).toBeNull()
    const e = at(paddy.text, '=gfe-|"E"eag') + 3
    // The held e sounds through the bar line (14.25 to 14.5).
    expect(noteAt(timeline.melody, 14.4)?.startChar).toBe(e)
    expect(noteAt(timeline.melody, -1)).toBeNull()
  })

  it('keeps a start inside the tune and inside a loop', () => {
    const loop = loopRange(timeline.bars, 3, 4)
    expect(clampStart(timeline, 5, null)).toBe(5)
    expect(clampStart(timeline, timeline.total, null)).toBe(0)
    expect(clampStart(timeline, -2, null)).toBe(0)
    expect(clampStart(timeline, 10, loop)).toBe(loop!.start)
    expect(clampStart(timeline, 2, loop)).toBe(2)
  })
})
