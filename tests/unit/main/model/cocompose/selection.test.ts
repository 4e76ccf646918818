/** Finding the selected bars in the musician's text, and refusing selections that cannot be rewritten. */
import { describe, expect, it } from 'vitest'
import { selectBars, SelectionError, tuneSpans } from '../../../../../src-main/model/cocompose/selection'

const JIG = 'X:1\nT:Test\nM:6/8\nL:1/8\nK:G\nD|GAB cde|dBG A2D|GAB cde|\ndBG G2:|\n'
const selectedText = (text: string, from: number, to: number): string => {
  const s = selectBars(text, { bars: { from, to } })
  return text.slice(s.start, s.end)
}
const refusal = (text: string, request: Parameters<typeof selectBars>[1]): string => {
  try {
    selectBars(text, request)
  } catch (err) {
    if (err instanceof SelectionError) return err.message
    throw err
  }
  return 'not refused'
}

describe('selecting bars by number', () => {
  it('numbers bars as the checker does (a pickup is bar 1) and selects from the first note to the bar line after the last bar', () => {
    expect(selectedText(JIG, 2, 2)).toBe('GAB cde')
    expect(selectedText(JIG, 3, 4)).toBe('dBG A2D|GAB cde')
    // A line break between selected bars is part of the selection; the bar line after it is not.
    expect(selectedText('X:1\nM:2/4\nL:1/8\nK:G\nGABc|dcBA|\nGABc|d4|]\n', 2, 3)).toBe('dcBA|\nGABc')
  })

  it('finds the bars of the tune with the X: number asked for, offsets counted in the whole text (CRLF kept)', () => {
    const two = `${JIG}\nX:7\r\nT:Other\r\nM:3/4\r\nL:1/4\r\nK:D\r\nDEF|ABc|d3|]\r\n`
    const s = selectBars(two, { bars: { from: 2, to: 3 }, tune: 7 })
    expect(two.slice(s.start, s.end)).toBe('ABc|d3')
    expect(two.slice(s.tune.start, s.tune.end)).toBe('X:7\r\nT:Other\r\nM:3/4\r\nL:1/4\r\nK:D\r\nDEF|ABc|d3|]')
    expect(tuneSpans(two).map((t) => t.xNumber)).toEqual([1, 7])
  })
})

describe('bars that start an ending', () => {
  it('are refused in words, with the numbered bar line and the bracket alike, and the bars before them can be selected', () => {
    for (const mark of ['|1 ', '|[1 ']) {
      const endings = `X:1\nT:Endings\nM:6/8\nL:1/8\nK:G\n|:GAB cde|dBG A2D${mark}GAB d3:|2 GAB G3|]\n`
      expect(refusal(endings, { bars: { from: 3, to: 3 } })).toMatch(/^Bar 3 starts an ending .*cannot be rewritten yet/)
      expect(refusal(endings, { bars: { from: 2, to: 3 } })).toMatch(/^Bar 3 starts an ending/)
      expect(selectedText(endings, 1, 2)).toBe('GAB cde|dBG A2D')
    }
  })
})

describe("selecting with the editor's range", () => {
  it('snaps a range inside bars outward to whole bars', () => {
    const from = JIG.indexOf('cde')
    const s = selectBars(JIG, { start: from + 1, end: JIG.indexOf('A2D') + 1 })
    expect([s.fromBar, s.toBar]).toEqual([2, 3])
    expect(JIG.slice(s.start, s.end)).toBe('GAB cde|dBG A2D')
  })
})

describe('selections that are refused in words', () => {
  it('refuses an empty text, a text without a tune, the header, and a range across two tunes', () => {
    expect(refusal('  \n', { bars: { from: 1, to: 1 } })).toMatch(/empty/)
    expect(refusal('GAB cde|\n', { bars: { from: 1, to: 1 } })).toMatch(/no tune/)
    expect(refusal(JIG, { start: 0, end: 8 })).toMatch(/header/)
    const two = `${JIG}\n${JIG.replace('X:1', 'X:2')}`
    expect(refusal(two, { start: JIG.indexOf('cde'), end: two.lastIndexOf('cde') })).toMatch(/across a tune boundary/)
    expect(refusal(two, { bars: { from: 2, to: 2 } })).toMatch(/2 tunes: say which one/)
  })

  it('refuses bar numbers the tune lacks (10⁶ bars), a pickup, a repeat sign inside, and too many bars', () => {
    expect(refusal(JIG, { bars: { from: 1, to: 1_000_000 } })).toMatch(/has 5 bars, so there is no bar 1000000/)
    expect(refusal(JIG, { bars: { from: 1, to: 2 } })).toMatch(/Bar 1 is not a whole bar/)
    const repeated = 'X:1\nM:2/4\nL:1/8\nK:G\n|:GABc:|dcBA|GABc|\n'
    expect(refusal(repeated, { bars: { from: 1, to: 2 } })).toMatch(/":\|" after bar 1 is a repeat sign/)
    const long = `X:1\nM:2/4\nL:1/8\nK:G\n${'GABc|'.repeat(20)}\n`
    expect(refusal(long, { bars: { from: 1, to: 17 } })).toMatch(/17 bars are selected; rewrite at most 16/)
  })
})
