/**
 * Continuing a musician's tune with the default model: whatever the prompt's dialect (`>`, `<`,
 * grace notes, decorations, inline fields, comments, CRLF), every variation is the musician's
 * text byte for byte followed by the continuation, and a `>`-dialect tune is continued with `>`,
 * in the streamed chunks as in the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toBrokenDialect, toModelDialect } from '../../../../../src-shared/abc/dialect'
import { checkTune } from '../../../../../src-shared/abc/check'
import { continueTune, type GenerationDeps, type GenerationSettings } from '../../../../../src-main/model/sampling/generation'
import { tuneToContinue } from '../../../../../src-main/model/sampling/prompt'
import { variationRng } from '../../../../../src-main/model/sampling/rng'
import type { PooledSamplingModel } from '../../../../../src-main/model/sampling/sampling-model'
import { corpusTunes, shippedSamplingModel } from './helpers'

const SETTINGS: GenerationSettings = { n: 2, temperature: 0.7, topK: 0, topP: 1, seed: 11, maxLength: 70, meterAware: true, stayInKey: false }
/** A dotted pair at the unit length in the model's own spelling, in one beam: what `>` should have replaced. */
const MODEL_DOTTED_PAIR = /(?:[A-Ga-g][,']*|\])3\/2[=^_]*[A-Ga-g[][,']*\/2(?![\d/])/

let model: PooledSamplingModel
let deps: GenerationDeps

beforeAll(async () => {
  model = await shippedSamplingModel()
  deps = { model, check: (abc) => checkTune(abc), novelty: null }
})

afterAll(() => model.dispose())

describe('continuing a tune in the musician\'s dialect', () => {
  it('real tunes in the >/grace dialect, cut at random points: the result starts with the text byte for byte', async () => {
    const rng = variationRng(2026, 0)
    const files = ['ashover.abc', 'hpps.abc', 'reelsm-q.abc', 'waltzes.abc']
    const candidates = files.flatMap((f) => corpusTunes(f)).map((t) => toBrokenDialect(t)).filter((t) => (t.match(/>/g) ?? []).length >= 4)
    expect(candidates.length).toBeGreaterThan(20)
    let withBroken = 0
    for (let k = 0; k < 12; k++) {
      const tune = candidates[Math.floor(rng() * candidates.length)]
      const body = tune.indexOf('\nK:') + 1
      const cut = body + Math.floor(rng() * Math.min(300, tune.length - body))
      // Some prompts use CRLF, as a file from another editor would; some follow another tune.
      let text = tune.slice(0, cut)
      if (k % 3 === 1) text = text.replace(/\n/g, '\r\n')
      if (k % 4 === 2) text = `${candidates[0]}\n\n${text}`
      const streamed = new Map<number, string>()
      const onChunk = (variation: number, chunk: string): void => void streamed.set(variation, (streamed.get(variation) ?? '') + chunk)
      const result = await continueTune({ ...deps, onChunk }, text, { bars: 2 }, { ...SETTINGS, seed: 11 + k })
      const prompt = tuneToContinue(text)
      expect(text.endsWith(prompt)).toBe(true)
      expect(result.prompt).toBe(prompt)
      expect(result.mapping.modelPrompt).toBe(toModelDialect(prompt).text)
      for (const v of result.variations) {
        expect(v.fullTune.startsWith(prompt)).toBe(true)
        expect(v.fullTune).toBe(prompt + v.text)
        // What was streamed is what the variation holds: the prompt's dialect as it was written.
        expect(streamed.get(v.index) ?? '').toBe(v.text)
        // The model's spelling of a unit dotted pair never reaches a >-dialect tune: it is written with >.
        expect(v.text).not.toMatch(MODEL_DOTTED_PAIR)
        if (/[<>]/.test(v.text)) withBroken++
        if (text.includes('\r\n')) expect(v.text.replace(/\r\n/g, '')).not.toContain('\n')
      }
    }
    // The model writes dotted pairs in these tunes, and they come back as broken rhythm.
    expect(withBroken).toBeGreaterThan(2)
  })

  const handMade = [
    'X: 17\nT:Hand made\nM:4/4\nL:1/8\nR:hornpipe\nK:D\n|:A>B c<d {g}e2 !trill!f>e|d>c B<A "G"G>A [K:G] B>c|\n',
    'X:3\r\nT:CRLF\r\nM:6/8\r\nK:Am\r\n% a comment line\r\nA>BA {gag}c2e|+fermata+ a>ge ',
    'X:9\nT:Open\nM:4/4\nL:1/4\nK:G\nG>A B>c|d>',
    'X:4\nT:Mixed\nM:2/4\nL:1/16\nK:C\nc2>d2 e>>f [ce]>[df] % end of line comment: > { }\nA><B',
  ]
  it.each(handMade)('hand-made prompt %#: byte for byte, and the mapping said in words', async (text) => {
    const result = await continueTune(deps, text, 'tune', SETTINGS)
    expect(result.prompt).toBe(text)
    expect(result.mapping.asWritten).toBe(false)
    expect(result.mapping.summary).toMatch(/broken rhythm/)
    for (const v of result.variations) {
      expect(v.fullTune.startsWith(text)).toBe(true)
      expect(v.text).not.toMatch(MODEL_DOTTED_PAIR)
    }
  })
})
