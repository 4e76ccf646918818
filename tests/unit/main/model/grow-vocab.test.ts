/**
 * Growing a model for characters appended to its vocabulary (model/grow-vocab.ts): shapes, the
 * parent's numbers kept, and what the file comment promises about the grown model's outputs,
 * checked on real steps of the plain-JS stepper over real corpus text; then a save/load round
 * trip through the Layers format.
 */
import { describe, expect, it } from 'vitest'
import { createJsStepper } from '../../../../src-main/engine/js-stepper'
import { artifactsToWeights, checkpointFromBytes, checkpointToBytes, weightsToArtifacts } from '../../../../src-main/engine/layers-format'
import { NEW_CHAR_LOGIT_OFFSET, growVocabWeights } from '../../../../src-main/model/grow-vocab'
import { prepareTrainingData, MIN_GROW_COUNT } from '../../../../src-main/model/corpus/training-data'
import { describeDialect, trainingTextCleaner } from '../../../../src-main/model/corpus/training-text'
import { Vocab } from '../../../../src-main/model/vocab'
import type { CharLstmWeights } from '../../../../src-main/engine/weights'
import { corpusTunes, corpusVocab, seededWeights } from './sampling/helpers'
import { chooseEngine } from '../../../../src-main/model/training/backend'
import { runTrainingLoop } from '../../../../src-main/model/training/loop'
import { tinyConfig, tinyData, tinyShape, tinyTunes, tinyWeights } from './helpers'

const ADDED = 3

/** Softmax of one row of logits, in float64. */
function softmax(logits: ArrayLike<number>, from: number, size: number): number[] {
  let max = -Infinity
  for (let i = 0; i < size; i++) max = Math.max(max, logits[from + i])
  const exps = Array.from({ length: size }, (_, i) => Math.exp(logits[from + i] - max))
  const sum = exps.reduce((a, b) => a + b, 0)
  return exps.map((e) => e / sum)
}

/** Each step's output distribution of `weights` reading `ids` from the zero state. */
function distributions(weights: CharLstmWeights, ids: readonly number[]): number[][] {
  const stepper = createJsStepper(weights, 1)
  const out = ids.map((id) => softmax(stepper.step(Int32Array.of(id)), 0, weights.vocabSize))
  stepper.dispose()
  return out
}

describe('growVocabWeights', () => {
  const parent = seededWeights(7)
  const V = parent.vocabSize
  const grown = growVocabWeights(parent, ADDED, 11)

  it('appends rows and columns of the right shapes and keeps every number of the parent', () => {
    const E = parent.embeddingDim
    const U = parent.layers.at(-1)!.units
    expect(grown.vocabSize).toBe(V + ADDED)
    expect(grown.embedding).toHaveLength((V + ADDED) * E)
    expect(grown.dense.kernel).toHaveLength(U * (V + ADDED))
    expect(grown.dense.bias).toHaveLength(V + ADDED)
    expect(grown.embedding.subarray(0, V * E)).toEqual(parent.embedding)
    expect(grown.dense.bias.subarray(0, V)).toEqual(parent.dense.bias)
    for (let r = 0; r < U; r++) expect(grown.dense.kernel.subarray(r * (V + ADDED), r * (V + ADDED) + V)).toEqual(parent.dense.kernel.subarray(r * V, (r + 1) * V))
    expect(grown.layers).toBe(parent.layers)
    // The parent itself is untouched, and no growth is the same weights.
    expect(parent.vocabSize).toBe(V)
    expect(growVocabWeights(parent, 0, 1)).toBe(parent)
    expect(() => growVocabWeights(parent, -1, 1)).toThrow(/cannot grow/)
  })

  it('gives new characters distinct embedding rows near the mean row, and output entries at the mean', () => {
    const E = parent.embeddingDim
    const meanRow = Array.from({ length: E }, (_, e) => {
      let s = 0
      for (let v = 0; v < V; v++) s += parent.embedding[v * E + e]
      return s / V
    })
    const rows = Array.from({ length: ADDED }, (_, k) => grown.embedding.subarray((V + k) * E, (V + k + 1) * E))
    const spread = Math.sqrt(parent.embedding.reduce((s, x, i) => s + (x - meanRow[i % E]) ** 2, 0) / (V * E))
    for (const row of rows) row.forEach((x, e) => expect(Math.abs(x - meanRow[e])).toBeLessThanOrEqual(spread * 0.1 + 1e-6))
    expect(rows[0]).not.toEqual(rows[1])
    // Seeded: the same seed grows the same rows.
    expect(growVocabWeights(parent, ADDED, 11).embedding).toEqual(grown.embedding)
    const meanBias = parent.dense.bias.reduce((a, b) => a + b, 0) / V
    for (let k = 0; k < ADDED; k++) expect(grown.dense.bias[V + k]).toBeCloseTo(meanBias - NEW_CHAR_LOGIT_OFFSET, 5)
  })

  it('keeps every ratio between old characters and starts each new one below 1/(100·V)', () => {
    const vocab = corpusVocab()
    const text = corpusTunes('reelsa-c.abc')[4]
    const ids = [...vocab.encode(text).ids]
    const before = distributions(parent, ids)
    // The grown model reads the same old characters, then one of its new ones mid-tune.
    const after = distributions(grown, ids)
    const bound = Math.exp(-NEW_CHAR_LOGIT_OFFSET) / V
    let worstRatio = 0
    after.forEach((p, t) => {
      const scale = p.slice(0, V).reduce((a, b) => a + b, 0)
      expect(scale).toBeGreaterThanOrEqual(1 - ADDED * bound - 1e-6)
      for (let i = 0; i < V; i++) worstRatio = Math.max(worstRatio, Math.abs(p[i] / scale - before[t][i]) / Math.max(before[t][i], 1e-12))
      for (let k = 0; k < ADDED; k++) expect(p[V + k]).toBeLessThanOrEqual(bound * (1 + 1e-4))
    })
    // Every old character's probability, renormalised over the old ones, is the parent's.
    expect(worstRatio).toBeLessThan(1e-4)
    const afterNew = distributions(grown, [...ids.slice(0, 40), V + 1, ...ids.slice(40, 60)])
    for (const p of afterNew) for (let k = 0; k < ADDED; k++) expect(p[V + k]).toBeLessThanOrEqual(bound * (1 + 1e-4))
  })

  it('survives a save/load round trip through the Layers format and a checkpoint blob', async () => {
    const artifacts = await weightsToArtifacts(grown)
    const loaded = await artifactsToWeights(artifacts)
    expect(loaded.vocabSize).toBe(V + ADDED)
    expect(loaded.embedding).toEqual(grown.embedding)
    expect(loaded.dense.kernel).toEqual(grown.dense.kernel)
    expect(loaded.dense.bias).toEqual(grown.dense.bias)
    const { weights } = await checkpointFromBytes(await checkpointToBytes(grown))
    expect(weights.dense.bias).toEqual(grown.dense.bias)
  })
})

describe('growing the vocabulary from a corpus', () => {
  const vocab = Vocab.fromTexts(['X:1\nK:G\nGABcdeg|2 \n'])
  const tune = (i: number): string => `X:${1 + (i % 2)}\nK:G\n{g}GAB\u00e9\t|\u00f8\n`

  it('appends the characters used at least MIN_GROW_COUNT times, by code point, after the parent’s', () => {
    const tunes = Array.from({ length: MIN_GROW_COUNT }, (_, i) => tune(i + 1)).concat(['X:2\nK:G\nG@A\n'])
    const data = prepareTrainingData(tunes, { clean: (t) => t, vocab, grow: true })
    expect(data.vocab.chars.slice(0, vocab.size)).toEqual(vocab.chars)
    expect(data.grown.map((g) => g.char)).toEqual(['{', '}', '\u00e9', '\u00f8'])
    expect(data.vocab.chars.slice(vocab.size)).toEqual(['{', '}', '\u00e9', '\u00f8'])
    expect(data.grown[0].count).toBe(MIN_GROW_COUNT)
    // Too rare ('@' once) or layout (tab): still conformed and reported, never grown.
    expect(data.conform.dropped.map((d) => d.from)).toEqual(['@'])
    expect(data.conform.mapped).toEqual([{ from: '\t', to: ' ', count: MIN_GROW_COUNT }])
    expect(data.trainTunes.join('')).toContain('{g}GAB\u00e9 |\u00f8')
  })

  it('counts the training text, after the dialect mapping: broken rhythm and grace notes earn no token', () => {
    const text = trainingTextCleaner()
    const hornpipe = (i: number): string => `X:${1 + (i % 2)}\nY:AB\nK:G\n{g}G>A B<c|{ag}d2>B2 \u00e9G|\n`
    // The parent knows every character of the mapped text but the é.
    const parent = Vocab.fromTexts(['X:12\nK:G\n|GABcd3/2 \n'])
    const data = prepareTrainingData(Array.from({ length: MIN_GROW_COUNT }, (_, i) => hornpipe(i)), { clean: text.clean, vocab: parent, grow: true })
    expect(data.trainTunes[0]).toBe('X:1\nK:G\nG3/2A/2 B/2c3/2|d3B \u00e9G|\n')
    expect(data.grown.map((g) => g.char)).toEqual(['\u00e9'])
    expect(text.totals).toEqual({ tunes: MIN_GROW_COUNT, brokenRhythms: 3 * MIN_GROW_COUNT, graceNotes: 2 * MIN_GROW_COUNT, decorations: 0, unmapped: 0 })
    expect(describeDialect(text.totals)).toBe(
      `training text in the model's dialect (${MIN_GROW_COUNT} tunes): ${3 * MIN_GROW_COUNT} broken rhythms written as lengths, ${2 * MIN_GROW_COUNT} grace-note groups hidden`,
    )
    expect(describeDialect({ tunes: 0, brokenRhythms: 0, graceNotes: 0, decorations: 0, unmapped: 0 })).toBe('')
  })

  it('appends to a vocabulary without moving a character, and refuses repeats and non-characters', () => {
    const grown = vocab.withAppended(['\u00f8', '>'])
    expect(grown.chars).toEqual([...vocab.chars, '\u00f8', '>'])
    expect(Vocab.fromJson(grown.toJson()).chars).toEqual(grown.chars)
    for (const ch of vocab.chars) expect(grown.idOf(ch)).toBe(vocab.idOf(ch))
    expect(() => vocab.withAppended(['G'])).toThrow(/already has/)
    expect(() => vocab.withAppended(['ab'])).toThrow(/not one character/)
  })

  it('grows a space or a newline the parent lacks, but never CR, NBSP or other layout', () => {
    const parent = Vocab.fromTexts(['GAB\n'])
    const texts = Array.from({ length: MIN_GROW_COUNT }, () => 'GA B\r\n\u00a0\u200bG\fB')
    expect(prepareTrainingData(texts, { clean: (t) => t, vocab: Vocab.fromTexts(['GAB ']), grow: true }).grown.map((g) => g.char)).toEqual(['\n'])
    expect(prepareTrainingData(texts, { clean: (t) => t, vocab: parent, grow: true }).grown.map((g) => g.char)).toEqual([' '])
  })

  it('keeps the vocabulary as it is without `grow` (a resume, a score) or below the threshold', () => {
    const few = Array.from({ length: MIN_GROW_COUNT - 1 }, (_, i) => tune(i + 1))
    expect(prepareTrainingData(few, { clean: (t) => t, vocab, grow: true }).vocab).toBe(vocab)
    const many = Array.from({ length: MIN_GROW_COUNT }, (_, i) => tune(i + 1))
    expect(prepareTrainingData(many, { clean: (t) => t, vocab }).vocab).toBe(vocab)
  })
})

describe('a grown model', () => {
  // Every engine the machine has: native when its addon is built, tfjs always.
  for (const preference of ['native', 'tfjs'] as const) {
    it(`fine-tunes on the ${preference} engine and learns its new characters`, async (ctx) => {
      const engine = await chooseEngine(preference).catch(() => null)
      if (!engine) return ctx.skip()
      const parentData = tinyData()
      const parent = tinyWeights(parentData)
      // The user's tunes write every c sharp: '^' is new, and follows every bar line start.
      const tunes = tinyTunes(40).map((t) => t.replace(/\|:(.*):\|/, (body) => body.replace(/c/g, '^c')))
      const data = prepareTrainingData(tunes, { clean: (t) => t, vocab: parentData.vocab, grow: true })
      expect(data.grown.map((g) => g.char)).toEqual(['^'])
      const start = growVocabWeights(parent, 1, 5)
      let last: CharLstmWeights = start
      const shape = { ...tinyShape(parentData), vocabSize: data.vocab.size }
      const config = { ...tinyConfig, epochs: 4, dropout: 0 }
      await runTrainingLoop(engine, shape, data, config, { weights: start }, { saveCheckpoint: (c) => ((last = c.weights), 1) })
      // After "GAB", the parent's vocabulary says c; four short epochs teach the new ^ in front of it
      // (from below 1/(100·V) to about a quarter, on either engine).
      const ids = [...data.vocab.encodeStrict('\n' + tunes[0].slice(0, tunes[0].indexOf('GAB') + 3))]
      const at = (w: CharLstmWeights): number[] => distributions(w, ids).at(-1)!
      const caret = data.vocab.idOf('^')!
      expect(at(start)[caret]).toBeLessThan(Math.exp(-NEW_CHAR_LOGIT_OFFSET) / parentData.vocab.size)
      expect(at(last)[caret]).toBeGreaterThan(0.15)
    }, 120_000)
  }
})
