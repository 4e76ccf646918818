import { beforeAll, describe, expect, it } from 'vitest'
import { barsOfBody, tuneBars } from '../../../../../src-main/model/novelty/bar-notes'
import type { BarIndex } from '../../../../../src-main/model/novelty/bar-index'
import { corpusFolderIndex } from '../../../../../src-main/model/novelty/corpus-index'
import { noveltyReport } from '../../../../../src-main/model/novelty/novelty'
import { CORPUS_DIR } from '../sampling/helpers'

// Eight bars of "Rights of Man" (hpps.abc) re-written: other chord symbols, other spacing, a
// decoration, a slur, a tie, `f/` for `f/2`, `|]` for `:|`; framed by bars of our own.
const PLANTED = `X: 1
T:Planted
M:4/4
L:1/8
K:G
"C"cdec BcAB|"D"d4 d2 GA|"Am" B c A B  G A F G |"C" E F G A  B2 e f|"G"(gfed) "D"e-dBd|"A7" c B A G  "D"A2 G A|
"Em7"B c A B  ~G A F G|"C"E F G A B2ef|"E" g f e d B g f/ g3/ |"Am"e4 e2|]
"G"g2 ab c'2 b2|
`

describe('novelty report', () => {
  let index: BarIndex
  beforeAll(async () => {
    index = await corpusFolderIndex(CORPUS_DIR)
  })

  it('indexes the whole bundled corpus once', async () => {
    expect(index.tuneCount).toBe(1034)
    expect(index.barCount).toBeGreaterThan(18000)
    expect(await corpusFolderIndex(CORPUS_DIR)).toBe(index)
  })

  it('finds a planted copy of 8 bars despite chord symbols, spacing and formatting', () => {
    const report = noveltyReport(index, PLANTED)
    expect(report.longestCopiedBars).toBe(8)
    expect(report.tune?.title).toBe('Rights of Man')
    expect(report.tune?.id).toMatch(/^hpps\.abc:\d+$/)
    expect(report.summary).toMatch(/^echoes 8 bars of Rights of Man \(hpps\.abc:\d+\)$/)
  })

  it('counts only the generated part of a continuation', () => {
    const cut = PLANTED.indexOf('"Em7"')
    const report = noveltyReport(index, PLANTED, PLANTED.slice(0, cut))
    // The prompt ends at a bar line after 4 copied bars: the other 4 are the model's.
    expect(report.longestCopiedBars).toBe(4)
    // A prompt that stops inside a bar: the continuation completed that bar, so it counts.
    const inside = PLANTED.indexOf('~G A F G|"C"E F G A')
    expect(inside).toBeGreaterThan(0)
    expect(noveltyReport(index, PLANTED, PLANTED.slice(0, inside)).longestCopiedBars).toBe(4)
    expect(noveltyReport(index, PLANTED, PLANTED.slice(0, inside + 9 + 8)).longestCopiedBars).toBe(3)
    expect(report.tune?.title).toBe('Rights of Man')
  })

  it('a changed note breaks the run', () => {
    const report = noveltyReport(index, PLANTED.replace('"C"E F G A B2ef', '"C"E F G A B2eg'))
    expect(report.longestCopiedBars).toBeLessThan(8)
    expect(report.longestCopiedBars).toBeGreaterThanOrEqual(4)
  })

  it('bars compare as absolute durations: L:1/8 "A2" = L:1/4 "A" = L:1/16 "A4"', () => {
    expect(barsOfBody('A2 B/ c// | "G"(d3/2e/)', [1, 8])).toEqual(barsOfBody('A B/4 c/8|d3/4 e/4', [1, 4]))
    expect(barsOfBody('A2B2', [1, 8])).toEqual(barsOfBody('A4 B4', [1, 16]))
    expect(barsOfBody('A2B2', [1, 8])).not.toEqual(barsOfBody('A2B2', [1, 4]))
    // Endings and bar-line styles are not notes.
    expect(barsOfBody('|:A2|[1 B2:|[2 c2||', [1, 8])).toEqual(barsOfBody('A2|B2|c2|', [1, 8]))
    // The default unit length follows the meter (1/16 below 3/4).
    expect(tuneBars('X:1\nM:2/4\nK:G\nA2|')).toEqual(tuneBars('X:1\nM:2/4\nL:1/16\nK:G\nA2|'))
  })

  it('a tune with no bar from the corpus says so', () => {
    const report = noveltyReport(index, 'X:1\nM:4/4\nL:1/8\nK:C\n_B,,7 ^^c|_B,,7 ^^c|\n')
    expect(report).toMatchObject({ longestCopiedBars: 0, tune: null, summary: 'no bar found in the corpus' })
  })
})
