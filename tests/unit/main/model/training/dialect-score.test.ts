/**
 * `eval` scores the text in the model's dialect: a tune written with `>` and grace notes scores
 * exactly what its Nottingham spelling scores, and the result says how much was mapped. Tunes are
 * scored side by side in batched rows that take the next tune as theirs ends: that gives what
 * scoring each tune alone gives.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { toBrokenDialect } from '../../../../../src-shared/abc/dialect'
import type { LstmEngine } from '../../../../../src-main/engine/types'
import { readShippedModel, shippedWeights } from '../../../../../src-main/model/default-model'
import { chooseEngine } from '../../../../../src-main/model/training/backend'
import { scoreTunes, scoreTunesAsync, scoredText } from '../../../../../src-main/model/training/score-tunes'
import { samplingModel } from '../../../../../src-main/model/sampling/sampling-model'
import type { Vocab } from '../../../../../src-main/model/vocab'
import type { CharLstmWeights } from '../../../../../src-main/engine/weights'
import { corpusTunes } from '../sampling/helpers'

const RESOURCES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../resources')

/** The bar: the batched figure equals the per-tune one within a millionth of a bit per character. */
const BITS_TOLERANCE = 1e-6

let engine: LstmEngine
let weights: CharLstmWeights
let vocab: Vocab

beforeAll(async () => {
  const shipped = await readShippedModel(RESOURCES)
  if (!shipped) throw new Error('the default model is missing from resources/models/default')
  weights = await shippedWeights(shipped)
  vocab = shipped.vocab
  engine = await chooseEngine()
})

describe('scoring through the dialect mapping', () => {
  it('a >/grace-note tune scores what its Nottingham spelling scores, and says what was mapped', () => {
    const originals = corpusTunes('ashover.abc').slice(0, 6)
    const rewritten = originals.map((t) => toBrokenDialect(t))
    expect(rewritten.some((t) => t.includes('>'))).toBe(true)
    const base = scoreTunes(engine, weights, vocab, originals)
    const mapped = scoreTunes(engine, weights, vocab, rewritten)
    expect(mapped.chars).toBe(base.chars)
    expect(mapped.bitsPerChar).toBeCloseTo(base.bitsPerChar, 6)
    expect(base.dialect).toEqual([])
    expect(base.dialectSummary).toBe('all 6 tunes read as written')
    expect(mapped.dialect.length).toBeGreaterThan(3)
    expect(mapped.dialectSummary).toMatch(/^\d of 6 tunes mapped for the model: \d+ broken rhythms given as dotted lengths, \d+ grace-note groups/)
  })
})

/** The evaluation as it was before batching: each tune alone, batch 1, one step per character. */
function perTuneBits(tunes: string[]): { bits: number[]; bitsPerChar: number; chars: number } {
  const stepper = engine.createStepper(weights, 1)
  const newline = vocab.idOf('\n') as number
  const token = new Int32Array(1)
  let totalNats = 0
  let totalChars = 0
  const bits = tunes.map((tune) => {
    const ids = vocab.encodeStrict(scoredText(tune, vocab).text)
    stepper.reset()
    token[0] = newline
    let logits = stepper.step(token)
    let nats = 0
    for (const id of ids) {
      const max = Math.max(...logits)
      nats += max + Math.log(logits.reduce((s, x) => s + Math.exp(x - max), 0)) - logits[id]
      token[0] = id
      logits = stepper.step(token)
    }
    totalNats += nats
    totalChars += ids.length
    return nats / ids.length / Math.LN2
  })
  stepper.dispose()
  return { bits, bitsPerChar: totalNats / totalChars / Math.LN2, chars: totalChars }
}

describe('batched scoring', () => {
  // Reels and jigs of different lengths, and tunes with characters the vocabulary lacks or maps.
  const tunes = [...corpusTunes('reelsa-c.abc').slice(0, 9), ...corpusTunes('jigs.abc').slice(0, 6), ...corpusTunes('waltzes.abc').slice(0, 3)]

  it('equals scoring each tune alone, per tune and overall, with rows refilled (batch 5) and with a row per tune', async () => {
    const reference = perTuneBits(tunes)
    for (const batch of [5, 64]) {
      const result = scoreTunes(engine, weights, vocab, tunes, { batch })
      expect(result.chars).toBe(reference.chars)
      expect(Math.abs(result.bitsPerChar - reference.bitsPerChar), `batch ${batch}`).toBeLessThan(BITS_TOLERANCE)
      result.tunes.forEach((t, i) => expect(Math.abs(t.bits - reference.bits[i]), `tune ${i}, batch ${batch}`).toBeLessThan(BITS_TOLERANCE))
    }
    const model = samplingModel(weights, vocab, (w, rows) => engine.createStepper(w, rows), engine.kind)
    const served = await scoreTunesAsync(model, tunes, { batch: 8 })
    model.dispose()
    expect(Math.abs(served.bitsPerChar - reference.bitsPerChar)).toBeLessThan(BITS_TOLERANCE)
    // A real model on real tunes: well under 2 bits/char, and not a constant.
    expect(reference.bitsPerChar).toBeLessThan(2)
    expect(new Set(reference.bits.map((b) => b.toFixed(3))).size).toBeGreaterThan(10)
  })
})
