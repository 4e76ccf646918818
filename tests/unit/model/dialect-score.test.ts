/**
 * `eval` scores the text in the model's dialect: a tune written with `>` and grace notes scores
 * exactly what its Nottingham spelling scores, and the result says how much was mapped.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { toBrokenDialect } from '../../../src-shared/abc/dialect'
import type { LstmEngine } from '../../../src-main/engine/types'
import { readShippedModel, shippedWeights } from '../../../src-main/model/default-model'
import { chooseEngine } from '../../../src-main/model/training/backend'
import { scoreTunes } from '../../../src-main/model/training/score-tunes'
import type { Vocab } from '../../../src-main/model/vocab'
import type { CharLstmWeights } from '../../../src-main/engine/weights'
import { corpusTunes } from '../sampling/helpers'

const RESOURCES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources')

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
