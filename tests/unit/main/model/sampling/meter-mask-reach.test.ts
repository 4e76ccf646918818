/**
 * The metre mask never leads into a dead end: from every state a walk through it reaches, a short
 * run of allowed characters ends the bar with a plain bar line. In a dead end a model under the
 * mask, denied every note and bar line, writes `\`, `)` and spaces until the maximum length (seen
 * in CI: an unclosed chord `[fA…|` left the mask's chord flag set, so the notes of a tuplet after
 * it were never counted and its bar line was refused for ever).
 *
 * The walk draws characters as often as the corpus writes them in its tunes' bodies, among those
 * the mask allows, so it goes where a model goes; free text (quotes, decorations, comments, field
 * lines) is left out, because nothing in it is music.
 */
import { describe, expect, it } from 'vitest'
import { meterMask } from '../../../../../src-main/model/sampling/masks'
import type { CharConstraint } from '../../../../../src-main/model/sampling/constraints'
import { variationRng } from '../../../../../src-main/model/sampling/rng'
import { RhythmTracker } from '../../../../../src-shared/abc/rhythm-tracker'
import { corpusTunes } from './helpers'

/** Free text: chord symbols, decorations, comments, field lines (letters other than notes and rests). */
const FREE_TEXT = /["!+%H-Yh-wy]/
/** Longer than any bar the walk writes when it is free to end it (the longest seen: ~40). */
const MAX_BAR = 80

/** How often each character other than free text appears in the bodies of some corpus tunes. */
function corpusWeights(): Map<string, number> {
  const weights = new Map<string, number>()
  for (const tune of corpusTunes('reelsa-c.abc').slice(0, 100)) {
    for (const ch of tune.slice(tune.search(/^K:.*$/m)).replace(/^K:.*\n/, '').replace(/"[^"]*"/g, '')) {
      if (!FREE_TEXT.test(ch)) weights.set(ch, (weights.get(ch) ?? 0) + 1)
    }
  }
  return weights
}

/** Walks `steps` characters; returns the most characters written between two bar lines. */
function longestBar(head: string, seed: number, steps: number, weights: Map<string, number>): { chars: number; text: string } {
  const mask = meterMask(head)
  const tracker = new RhythmTracker()
  for (const ch of head) tracker.push(ch)
  const rng = variationRng(seed, 0)
  let longest = { chars: 0, text: '' }
  let bar = ''
  for (let i = 0; i < steps; i++) {
    const allowed = [...weights].filter(([c]) => mask.allows(c))
    let r = rng() * allowed.reduce((sum, [, n]) => sum + n, 0)
    const [ch] = allowed.find(([, n]) => (r -= n) < 0) ?? allowed[allowed.length - 1]
    const bars = tracker.barsWritten
    mask.push(ch)
    tracker.push(ch)
    bar += ch
    if (bar.length > longest.chars) longest = { chars: bar.length, text: bar }
    if (tracker.barsWritten > bars) bar = ''
  }
  return longest
}

describe('the metre mask has no dead ends', () => {
  it('closes a chord left open at a bar line, so a tuplet after it counts its notes', () => {
    const mask = meterMask('X:1\nT:T\nM:4/4\nL:1/8\nK:D\n|:DFAF GBAF|d3 cccAA:| [fAccBc |efec =cBcG|FADF A2(3DEF')
    expect(mask.allows('|')).toBe(true)
  })

  it('lets a chord hold only its notes, and no rest open one', () => {
    const after = (body: string): CharConstraint => meterMask(`X:1\nT:T\nM:4/4\nL:1/8\nK:D\n${body}`)
    expect([...'A^,]| "('].filter((ch) => after('D2[FA').allows(ch))).toEqual(['A', '^', ',', ']'])
    expect([after('D2[').allows('z'), after('D2[').allows('F')]).toEqual([false, true])
  })

  it('after an accidental allows its note, or a second sign only for a double sharp or flat (a model once wrote `[GB,^=^====_^^…]`)', () => {
    const after = (body: string): CharConstraint => meterMask(`X:1\nT:T\nM:4/4\nL:1/8\nK:D\n${body}`)
    const signs = (body: string): string[] => [...'^_=A'].filter((ch) => after(body).allows(ch))
    expect(signs('D2^')).toEqual(['^', 'A'])
    expect(signs('D2_')).toEqual(['_', 'A'])
    expect(signs('D2=')).toEqual(['A'])
    expect(signs('D2^^')).toEqual(['A'])
    expect(signs('D2[F^')).toEqual(['^', 'A'])
    expect(signs('D2[F^^')).toEqual(['A'])
  })

  it('lets a note have at most two octave marks, of one kind (a model once wrote `[c,A,c,c,,,,,,,]`)', () => {
    const after = (body: string): CharConstraint => meterMask(`X:1\nT:T\nM:4/4\nL:1/8\nK:D\n${body}`)
    const marks = (body: string): string[] => [...",'"].filter((ch) => after(body).allows(ch))
    expect(marks('D2C')).toEqual([',', "'"])
    expect(marks('D2C,')).toEqual([','])
    expect(marks("D2c'")).toEqual(["'"])
    expect(marks('D2C,,')).toEqual([])
    expect(marks('D2[C,')).toEqual([','])
    expect(marks('D2[C,,')).toEqual([])
  })

  const weights = corpusWeights()
  for (const [meter, unit] of [['4/4', '1/8'], ['6/8', '1/8'], ['3/4', '1/8'], ['2/4', '1/16'], ['9/8', '1/8']]) {
    it(`in ${meter} with L:${unit}, a walk of 2,000 characters ends every bar within ${MAX_BAR} characters`, () => {
      const head = `X:1\nT:Walk\nM:${meter}\nL:${unit}\nK:G\n`
      for (const seed of [1, 2, 3]) {
        const longest = longestBar(head, seed, 2000, weights)
        expect(longest.chars, longest.text).toBeLessThanOrEqual(MAX_BAR)
      }
    })
  }
})
