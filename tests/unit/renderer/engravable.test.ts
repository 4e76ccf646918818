/**
 * What abcjs is given to draw: the editor's text, offset for offset, with what would make abcjs
 * draw NaN (decorations on the invisible rest X, grace notes before X or Z) drawn as spaces, and
 * nothing else changed. The browser side (no console errors) is tests/e2e/not-a-tune.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { engravable } from '../../../src-renderer/src/editor/engravable'

const HEAD = 'X:1\nT:MX "MX"\nM:4/4\nL:1/8\nK:D\n'

describe('engravable', () => {
  it.each([
    ['abc MX|', 'abc  X|'],
    ['abc !fermata! X|', 'abc           X|'],
    ['DFA M "C"X2|', 'DFA   "C"X2|'],
    ['T4X|', ' 4X|'],
    ['{B}X {b}Z|', '   X    Z|'],
    ['L{X|', ' {X|'],
  ])('draws the decorations of %j as spaces', (body, drawn) => {
    expect(engravable(HEAD + body)).toBe(HEAD + drawn)
  })

  it.each(['MZ Mx ~G {g}A !trill!B|', '"MX" abc|', 'M|X', '[X:2] abc|', 'abc !trill!\nX|'])('leaves %j as it is', (body) => {
    expect(engravable(HEAD + body)).toBe(HEAD + body)
  })

  it('keeps every offset: the same length, Y: commented out', () => {
    const text = `${HEAD}abc MX|\nY:AB\n`
    const drawn = engravable(text)
    expect(drawn).toHaveLength(text.length)
    expect(drawn).toContain('\n%:AB\n')
  })

  it('reads a line of 200,000 decorations without reading it once per decoration', () => {
    // The look-ahead is bounded: unbounded, this line took minutes (it now takes milliseconds).
    const drawn = engravable(`${HEAD}${'M'.repeat(200_000)}X|`)
    expect(drawn).toHaveLength(HEAD.length + 200_002)
    expect(drawn.endsWith(`M${' '.repeat(65)}X|`)).toBe(true)
  })
})
