/**
 * What abcjs is given to draw: the editor's text, offset for offset, with what would make abcjs
 * draw NaN (decorations on the invisible rest X, grace notes before X or Z) drawn as spaces, and
 * nothing else changed. The browser side (no console errors) is tests/e2e/not-a-tune.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { engravable } from '../../../../src-renderer/src/editor/engravable'
import { nothingToDraw } from '../../../../src-renderer/src/editor/drawable'

const HEAD = 'X:1\nT:MX "MX"\nM:4/4\nL:1/8\nK:D\n'

describe('engravable', () => {
  it.each([
    ['abc MX|', 'abc  X|'],
    ['abc !fermata! X|', 'abc           X|'],
    ['DFA M "C"X2|', 'DFA   "C"X2|'],
    ['T4X|', ' 4X|'],
    ['{B}X {b}Z|', '   X    Z|'],
    ['{a}x2|', '   x2|'],
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

/**
 * What the pattern above cannot see, found in abcjs's own parse: the score says where in words
 * instead of drawing NaN. Each of these drew NaN through the pattern before (tests/e2e/
 * garbage-scores.test.ts draws 300 random garbage tunes in Chromium).
 */
describe('nothingToDraw on rests abcjs draws no head for', () => {
  it.each([
    // An unclosed " is read as the quote and its next 5 characters: the v lands on the X.
    ['v"FL:}~X', 'line 6, column 1'],
    // A side annotation (">…" or "<…", here unclosed) beside X, x or Z.
    ['">FZ2\'Z', 'line 6, column 1'],
    ['abc ">x_uux', 'line 6, column 5'],
    ['"<a"Z|', 'line 6, column 1'],
  ])('%j: a message with the place, not a drawing', (body, at) => {
    expect(nothingToDraw(engravable(HEAD + body))).toMatch(new RegExp(`cannot be drawn as a score: .* at ${at}, .*Your text is unchanged`))
  })

  it('draws every bundled Nottingham tune', () => {
    const dir = new URL('../../../../resources/corpus/nottingham/', import.meta.url)
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.abc'))) {
      expect(nothingToDraw(engravable(readFileSync(new URL(name, dir), 'utf8'))), name).toBeNull()
    }
  })
})
