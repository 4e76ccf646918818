/** Vary a phrase: the rhythm mask lets only pitches change; variations keep the rhythm exactly and change enough notes. */
import { describe, expect, it } from 'vitest'
import { rhythmMask, staffSteps } from '../../../../../src-main/model/cocompose/rhythm-mask'
import { compare, MIN_CHANGED, MIN_CONTOUR, sameRhythm, vary } from '../../../../../src-main/model/cocompose/vary'
import { checkTies } from '../../../../../src-shared/abc/tie-check'
import { seededModel, shippedSamplingModel } from '../sampling/helpers'

/** Writes `text` through a fresh mask; the index of the first character refused, or -1. */
function refusedAt(bars: string, text: string): number {
  const mask = rhythmMask(bars)
  for (let i = 0; i < text.length; i++) {
    if (!mask.allows(text[i])) return i
    mask.push(text[i])
  }
  return -1
}

describe('the rhythm mask', () => {
  it('lets pitches, accidentals and octave marks change, and nothing else', () => {
    const bars = '"G"G2A B/c/d|\ne3 z2-e'
    expect(refusedAt(bars, '"G"D2^F B,/c\'/e|\nf3 z2-f|')).toBe(-1)
    expect(refusedAt(bars, '"G"G3')).toBe(4)
    expect(refusedAt(bars, '"D"')).toBe(1)
    expect(refusedAt(bars, '"G"G2 A')).toBe(5)
    expect(refusedAt(bars, '"G"G2A B/c/d|\ne3 G2')).toBe(17)
    // After the last note only the closing bar line.
    expect(refusedAt(bars, '"G"G2A B/c/d|\ne3 z2-e|')).toBe(-1)
    expect(refusedAt(bars, '"G"G2A B/c/d|\ne3 z2-ef')).toBe(21)
  })

  it('compares melodies: notes changed, and steps that go the same way', () => {
    expect(staffSteps("C,Cc c'^F")).toEqual([-7, 0, 7, 14, 3])
    expect(compare([0, 2, 4, 2], [0, 2, 4, 2])).toEqual({ changed: 0, contour: 1 })
    expect(compare([0, 2, 4, 2], [1, 3, 5, 3])).toEqual({ changed: 1, contour: 1 })
    expect(compare([0, 2, 4, 2], [4, 2, 0, 2])).toEqual({ changed: 0.5, contour: 0 })
  })
})

describe('vary', () => {
  it('every variation has the rhythm of the selected bars, changes enough notes and keeps enough of the shape', async () => {
    const tune = 'X:5\nT:Vary\nM:6/8\nL:1/8\nK:G\n|:"G"GAB cde|dBG A2D|GAB cde|\n"D"dBG A3|GAB dBG|ABA G3:|\n'
    const { run, variations } = await vary(seededModel(4), tune, { bars: { from: 2, to: 3 } }, { n: 3, candidates: 24, seed: 3, temperature: 1, topK: 0, topP: 0.95 })
    expect(run.original.text).toBe('dBG A2D|GAB cde')
    expect(variations.length).toBeGreaterThan(0)
    for (const v of variations) {
      expect(sameRhythm(v.modelText, run.original.modelText), v.text).toBe(true)
      expect(v.changed).toBeGreaterThanOrEqual(MIN_CHANGED)
      expect(v.contour).toBeGreaterThanOrEqual(MIN_CONTOUR)
    }
    // Every candidate written kept the rhythm, kept or not.
    for (const c of run.ranked) expect(sameRhythm(c.modelText, run.original.modelText), c.text).toBe(true)
  })

  it('a variation keeps every tie on one pitch: the mask copies a tie, the note after it must be the tied pitch', async () => {
    // A tie inside the selection, across its inner bar line (d3-|d).
    const tune = 'X:6\nT:Ties\nM:6/8\nL:1/8\nK:G\n|:"G"GAB cde|GBG d3-|dBG A2B|\n"D"BAG A3|GAB dBG|ABA G3:|\n'
    // The trained model: a seeded random one almost never writes the tied pitch again.
    const model = await shippedSamplingModel()
    const { run, variations } = await vary(model, tune, { bars: { from: 2, to: 3 } }, { n: 3, candidates: 64, seed: 5, temperature: 1, topK: 0, topP: 0.95 })
    model.dispose()
    expect(variations.length).toBeGreaterThan(0)
    for (const v of variations) {
      const varied = tune.slice(0, run.selection.start) + v.text + tune.slice(run.selection.end)
      expect(checkTies(varied), v.text).toEqual([])
    }
  })
})
