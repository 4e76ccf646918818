/** Infill over a real (small, seeded) model and the plain-JS stepper: what is written, what is read, how it is scored. */
import { beforeAll, describe, expect, it } from 'vitest'
import { checkBars } from '../../../../../src-shared/abc/bar-check'
import type { SamplingModel } from '../../../../../src-main/model/sampling/sampler'
import { FIT_BARS, infill, type InfillSettings } from '../../../../../src-main/model/cocompose/infill'
import { selectBars } from '../../../../../src-main/model/cocompose/selection'
import { surpriseBits } from '../../../../../src-main/model/sampling/sampler'
import { seededModel, shippedSamplingModel } from '../sampling/helpers'

const TUNE = 'X:3\nT:Infill\nM:6/8\nL:1/8\nK:G\n|:"G"GAB cde|dBG A2D|GAB cde|\n"D"dBG A3|GAB dBG|ABA G3:|\n'
const SETTINGS: InfillSettings = { n: 5, candidates: 12, seed: 7, temperature: 1, topK: 0, topP: 0.95 }
const model = seededModel(3)
/** The shipped model: a seeded random one writes bars no musician would, the trained one writes tunes. */
let shipped: SamplingModel

beforeAll(async () => {
  shipped = await shippedSamplingModel()
})

describe('infill writes whole bars in place of the selection only', () => {
  it('a seeded model that writes anything still writes the bar count, with no empty bar, no line break of its own, no repeat sign', async () => {
    const run = await infill(model, TUNE, { bars: { from: 3, to: 4 } }, SETTINGS)
    for (const c of run.ranked) expect(c.text, c.text).toMatch(/^[^\n:]*[^|\n:]\|\n[^|\n:]+$/)
  })

  it('every candidate has the selected number of whole bars, plain bar lines between them and the line break kept', async () => {
    const run = await infill(shipped, TUNE, { bars: { from: 3, to: 4 } }, SETTINGS)
    expect(TUNE.slice(run.selection.start, run.selection.end)).toBe('GAB cde|\n"D"dBG A3')
    expect(run.ranked.length).toBeGreaterThan(0)
    for (const c of run.ranked) {
      const tune = TUNE.slice(0, run.selection.start) + c.text + TUNE.slice(run.selection.end)
      expect(c.text, c.text).toMatch(/^[^|\n:]+\|\n[^|\n:]+$/)
      expect(checkBars(tune).wrong, tune).toBe(0)
    }
  })

  it('ranks distinct candidates by fit (own surprise breaking ties), and the same seed gives the same candidates', async () => {
    const a = await infill(model, TUNE, { bars: { from: 2, to: 2 } }, SETTINGS)
    const b = await infill(model, TUNE, { bars: { from: 2, to: 2 } }, SETTINGS)
    expect(a.ranked).toEqual(b.ranked)
    const fits = a.ranked.map((c) => c.fitBits)
    expect(fits).toEqual([...fits].sort((x, y) => x - y))
    expect(new Set(a.ranked.map((c) => c.modelText)).size).toBe(a.ranked.length)
    expect(a.ranked.length + a.failed).toBeLessThanOrEqual(SETTINGS.candidates)
  })
})

describe("the musician's own bars are read, not written, and scored like the candidates", () => {
  it('own and fit surprise equal those of one row reading the whole tune', async () => {
    const request = { bars: { from: 3, to: 3 } }
    const run = await infill(model, TUNE, request, SETTINGS)
    const sel = selectBars(TUNE, request)
    const fitEnd = sel.bars[sel.toBar + FIT_BARS - 1].lineEnd
    // The model reads the header's musical fields only (no T: line), then the bars before the selection.
    const prefix = 'X:3\nM:6/8\nL:1/8\nK:G\n' + TUNE.slice(TUNE.indexOf('|:'), sel.start)
    const [own, suffix] = [TUNE.slice(sel.start, sel.end), TUNE.slice(sel.end, fitEnd)]
    expect(run.original.text).toBe(own)
    expect(run.fitChars).toBe(suffix.length)

    const stepper = model.createStepper(1)
    const V = model.vocab.size
    let logits: Float32Array = new Float32Array(0)
    const read = (text: string): number => {
      let bits = 0
      for (const id of model.vocab.encodeStrict(text)) {
        if (logits.length > 0) bits += surpriseBits(logits, 0, V, id)
        logits = stepper.step(Int32Array.of(id))
      }
      return bits
    }
    read(prefix)
    expect(run.original.ownBits).toBeCloseTo(read(own), 2)
    expect(run.original.fitBits).toBeCloseTo(read(suffix), 2)
  })
})
