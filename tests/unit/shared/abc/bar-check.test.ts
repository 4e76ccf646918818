/**
 * The bar-length check, rule by rule: each rule has a tune that must pass and a tune that must
 * fail. Bodies are surrounded by full bars so the bar under test is an interior one unless the
 * rule is about the edges.
 */
import { describe, expect, it } from 'vitest'
import { checkBars } from '../../../../src-shared/abc/bar-check'
import { tune, type Headers } from './helpers'

/** The messages of the wrong bars. */
function wrong(body: string, h: Headers = {}): string[] {
  return checkBars(tune(body, h)).bars.filter((b) => !b.right).map((b) => b.message ?? '')
}

const cases: { rule: string; h: Headers; good: string; bad: string }[] = [
  { rule: 'explicit L:', h: { M: '4/4', L: '1/8' }, good: 'abcd efga|abcd efga|', bad: 'abcd efga|abcd efg|abcd efga|' },
  { rule: 'default L: 1/16 below 3/4', h: { M: '2/4' }, good: 'abcd efga|abcd efga|', bad: 'abcd efga|abcd|abcd efga|' },
  { rule: 'default L: 1/8 from 3/4 up', h: { M: '3/4' }, good: 'abc def|abc def|', bad: 'abc def|abcd efga|abc def|' },
  { rule: 'M:C is 4/4', h: { M: 'C' }, good: 'abcd efga|abcd efga|', bad: 'abcd efga|abcd ef|abcd efga|' },
  { rule: 'M:C| is 2/2', h: { M: 'C|', L: '1/4' }, good: 'abcd|abcd|', bad: 'abcd|abc|abcd|' },
  { rule: 'note lengths A2 A/2 A/ A// A3/2', h: { M: '2/4', L: '1/8' }, good: 'A3/2A/2 A/A// A// A|A2 A2|', bad: 'A2 A2|A3/2A/2 A/A// A//|A2 A2|' },
  { rule: 'rests z x', h: { M: '2/4', L: '1/8' }, good: 'z2 x2|abcd|', bad: 'abcd|z3 x2|abcd|' },
  { rule: 'multi-measure rest Z', h: { M: '2/4', L: '1/8' }, good: 'abcd|Z4|abcd|', bad: 'abcd|Z2 a|abcd|' },
  { rule: 'triplet (3', h: { M: '2/4', L: '1/8' }, good: 'abcd|(3abc (3def|abcd|', bad: 'abcd|(3abc def|abcd|' },
  { rule: 'tuplet (p:q:r', h: { M: '2/4', L: '1/8' }, good: 'abcd|(3:2:6abcdef|(5:4abcde|abcd|', bad: 'abcd|(3:2:3abcdef|abcd|' },
  { rule: 'tuplet (5 takes the time of 2 in a simple meter', h: { M: '2/4', L: '1/8' }, good: 'abcd|(5abcde c c|abcd|', bad: 'abcd|(5abcde|abcd|' },
  { rule: 'broken rhythm > < >>', h: { M: '2/4', L: '1/8' }, good: 'a>b c<d|a>>b c2|abcd|', bad: 'abcd|a>b c2 d|abcd|' },
  { rule: 'chords [CEG], first note and chord suffix', h: { M: '2/4', L: '1/8' }, good: '[CEG]2 [CE]2|[C2E] [CE]2|abcd|', bad: 'abcd|[C2E2G2] [CE]|abcd|' },
  { rule: 'grace notes {...} take no time', h: { M: '2/4', L: '1/8' }, good: 'abcd|{ga}b c {gag}d e|abcd|', bad: 'abcd|{g}abc|abcd|' },
  { rule: 'chord symbols and annotations', h: { M: '2/4', L: '1/8' }, good: 'abcd|"A7"ab "^rit."cd|"Am7/G"abcd|', bad: 'abcd|"A7"ab c|abcd|' },
  { rule: 'decorations ~ . !trill! +trill+ H-Y', h: { M: '2/4', L: '1/8' }, good: 'abcd|~a .b !trill!c +fermata+d|Ta Hb uc vd|abcd|', bad: 'abcd|!trill!abc|abcd|' },
  { rule: 'ties', h: { M: '2/4', L: '1/8' }, good: 'abcd|a2-a2|abcd|', bad: 'abcd|a2-a|abcd|' },
  { rule: 'inline fields [M:] [L:] [K:]', h: { M: '2/4', L: '1/8' }, good: 'abcd|[M:3/4]abc def|[L:1/16]abcd efga abcd|[K:D]abcd efga abcd|', bad: 'abcd|[M:3/4]abcd|abc def|' },
  { rule: 'mid-tune M: and L: lines', h: { M: '2/4', L: '1/8' }, good: 'abcd|\nM:3/4\nabc def|\nL:1/4\nabc|', bad: 'abcd|\nM:3/4\nabcd|abc def|' },
  { rule: 'line continuation and bars across lines', h: { M: '2/4', L: '1/8' }, good: 'abcd|ab\\\ncd|ab\ncd|abcd|', bad: 'abcd|ab\\\nc|abcd|' },
  { rule: 'comments', h: { M: '2/4', L: '1/8' }, good: 'abcd|ab % cdefg|\ncd|abcd|\n%abcdef|\nabcd|', bad: 'abcd|ab % cd\n|abcd|' },
  { rule: 'Y: after K: is not music', h: { M: '2/4', L: '1/8' }, good: 'Y:AAB\nabcd|abcd|', bad: 'Y:AAB\nabcd|abc|abcd|' },
  { rule: 'accidentals and octave marks do not change lengths', h: { M: '2/4', L: '1/8' }, good: "abcd|^a_b=c'C,|abcd|", bad: "abcd|^a_b=c'|abcd|" },
]

describe('bar check, one rule at a time', () => {
  for (const c of cases) {
    it(`${c.rule}: right bars pass`, () => {
      expect(wrong(c.good, c.h)).toEqual([])
    })
    it(`${c.rule}: a wrong bar is found`, () => {
      expect(wrong(c.bad, c.h)).toHaveLength(1)
    })
  }
})

describe('bar check, pickups and section ends', () => {
  const h = { M: '6/8', L: '1/8' }

  it('accepts a pickup at the start and a closing bar that pairs with it', () => {
    expect(wrong('f|abc def|abc de:|', h)).toEqual([])
    expect(wrong('f|abc def|abc def|[1abc de:|[2abc def||', h)).toEqual([])
  })

  it('rejects a pickup longer than the meter, and a closing bar that pairs with no pickup', () => {
    expect(wrong('abc defg|abc def|', h)).toEqual(['bar 1 has 7/8, the meter 6/8 asks for at most 6/8'])
    expect(wrong('f|abc def|abc d:|', h)).toEqual(['bar 3 has 4/8 before :|, and with bar 1, played after it, makes 5/8: the meter 6/8 asks for 6/8'])
  })

  it('lets a part start with a pickup after a P: line, and a plain | close the part before it', () => {
    expect(wrong('f|abc def|abc de|\nP:B\nf|abc def|abc de|]', h)).toEqual([])
    expect(wrong('f|abc def|abc de|abc def|', h)).toHaveLength(1)
  })

  it('pairs a closing bar with the next section\'s pickup', () => {
    expect(wrong('abc def|abc de||\n|:f|abc de:|', h)).toEqual([])
    // Played twice, the pickup inside the repeat makes a bar of its own the second time.
    expect(wrong('abc def|abc de||\n|:f|abc def:|', h)).toEqual(['bar 3 has 1/8, the meter 6/8 asks for 6/8'])
    expect(wrong('abc def|abc de||\n|:abc def|abc def:|', h)).toHaveLength(1)
  })

  it('knows the repeat and end signs: |: :| :: || |] [|', () => {
    expect(wrong('|:abc def:|abc def::abc def||abc def|]\n[|abc def|]', h)).toEqual([])
    expect(wrong('|:abc def:|abc defg::abc def||', h)).toHaveLength(1)
  })

  it('knows endings written |1 and :|2', () => {
    expect(wrong('f|abc def|1abc de:|2abc def|]', h)).toEqual([])
    expect(wrong('f|abc def|1abc d:|2abc def|]', h)).toHaveLength(1)
  })

  it('reports the bar and its span in the message the editor shows', () => {
    const result = checkBars(tune('abc def|abc def|ab def|abc def|', { M: '6/8', L: '1/8' }))
    expect(result.checked).toBe(4)
    expect(result.wrong).toBe(1)
    expect(result.diagnostics).toEqual([{
      line: 6, column: 17, endColumn: 24, severity: 'warning', source: 'bars',
      message: 'bar 3 has 5/8, the meter 6/8 asks for 6/8',
    }])
  })

  it('does not judge bars under M:none', () => {
    const result = checkBars(tune('abc|abcdefg|a|', { M: 'none', L: '1/8' }))
    expect(result.checked).toBe(0)
    expect(result.wrong).toBe(0)
  })
})

describe('bar check, endings that start mid-bar', () => {
  it('lets every ending share the notes written before it', () => {
    expect(wrong('abc def|abc [1def:|[2dcB||', { M: '6/8', L: '1/8' })).toEqual([])
    expect(wrong('abc def|abc [1def:|[2dc||abc def|', { M: '6/8', L: '1/8' })).toHaveLength(1)
  })

  it('judges a bar by the meter it started in', () => {
    expect(wrong('abc def|abc def|\nM:2/4\nab cd|', { M: '6/8', L: '1/8' })).toEqual([])
    expect(wrong('abc def|abc \nM:2/4\ndef|ab cd|', { M: '6/8', L: '1/8' })).toEqual([])
  })
})

describe('bar check, several voices', () => {
  const twoVoices = (v1: string, v2: string): string =>
    ['X:1', 'T:Duet', 'M:3/4', 'L:1/4', 'V:1 clef=treble', 'V:2 clef=bass', 'K:G', `V:1\n${v1}`, `V:2\n${v2}`, '[V:1] ABc|', '[V:2] A3|'].join('\n')

  it('measures the first voice only, so the other voice\'s rhythm does not add to its bars', () => {
    const result = checkBars(twoVoices('ABc|def|', 'A3|d3|'))
    expect(result.bars.map((b) => b.right)).toEqual([true, true, true])
  })

  it('still finds a wrong bar in the first voice', () => {
    expect(checkBars(twoVoices('ABc|de|', 'A3|d3|')).wrong).toBe(1)
  })
})
