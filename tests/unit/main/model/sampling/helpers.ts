/** Real corpus text, its vocabulary, and small seeded models over it for sampling tests. */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { splitTunes } from '../../../../../src-shared/abc/split'
import type { runCli } from '../../../../../src-main/cli/main'
import { initWeights } from '../../../../../src-main/engine/init-weights'
import { openLibrary } from '../../../../../src-main/library/open-library'
import { weightsToArtifacts } from '../../../../../src-main/engine/layers-format'
import { Vocab } from '../../../../../src-main/model/vocab'
import type { CharLstmWeights } from '../../../../../src-main/engine/weights'
import { readShippedModel, shippedWeights } from '../../../../../src-main/model/default-model'
import { chooseStepper } from '../../../../../src-main/model/sampling/engine-choice'
import { samplingModel, type PooledSamplingModel } from '../../../../../src-main/model/sampling/sampling-model'
import type { SamplingModel } from '../../../../../src-main/model/sampling/sampler'

export const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../resources/corpus/nottingham')

export function corpusFile(file: string): string {
  return readFileSync(path.join(CORPUS_DIR, file), 'latin1')
}

export function corpusTunes(file = 'jigs.abc'): string[] {
  return splitTunes(corpusFile(file)).tunes.map((t) => t.text)
}

let vocab: Vocab | null = null
/** The vocabulary of the whole bundled corpus (88 characters). */
export function corpusVocab(): Vocab {
  vocab ??= Vocab.fromTexts(readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.abc')).map(corpusFile))
  return vocab
}

/**
 * Seeded random weights, made "opinionated": scaled so the next-character distributions are far
 * from uniform and depend on the history (untrained Glorot weights give nearly flat outputs).
 */
export function seededWeights(seed = 3, units = [48, 40]): CharLstmWeights {
  const weights = initWeights({ vocabSize: corpusVocab().size, embeddingDim: 24, lstmUnits: units }, seed)
  weights.embedding.forEach((x, i, a) => (a[i] = x * 20))
  for (const l of weights.layers) l.recurrentKernel.forEach((x, i, a) => (a[i] = x * 3))
  weights.dense.kernel.forEach((x, i, a) => (a[i] = x * 12))
  return weights
}

export function seededModel(seed = 3): SamplingModel {
  return samplingModel(seededWeights(seed), corpusVocab())
}

/**
 * A model whose output layer ignores the LSTM and always prefers the given characters with the
 * given logits (others get -30): a real stepper, but a predictable writer.
 */
export function biasedModel(logits: Record<string, number>, seed = 1): PooledSamplingModel {
  const v = corpusVocab()
  const weights = seededWeights(seed)
  weights.dense.kernel.fill(0)
  weights.dense.bias.fill(-30)
  for (const [ch, logit] of Object.entries(logits)) {
    const id = v.idOf(ch)
    if (id === undefined) throw new Error(`no ${ch} in the vocabulary`)
    weights.dense.bias[id] = logit
  }
  return samplingModel(weights, v)
}

/**
 * Stores a small seeded character model (the bundled corpus's vocabulary) with one checkpoint
 * marked best, through its own connection as training does. Returns the model's id.
 */
export async function storeSeededModel(libraryPath: string, name = 'seeded test model', seed = 5): Promise<number> {
  const library = openLibrary(libraryPath)
  try {
    const weights = seededWeights(seed)
    const artifacts = await weightsToArtifacts(weights)
    const record = library.models.create({
      name,
      shape: { vocabSize: weights.vocabSize, embeddingDim: weights.embeddingDim, lstmUnits: weights.layers.map((l) => l.units) },
      vocab: [...corpusVocab().chars],
      source: 'trained',
    })
    library.models.saveCheckpoint({ modelId: record.id, step: 1, epoch: 0, isBest: true, modelJson: JSON.stringify(artifacts.modelJson), weights: artifacts.weightData })
    return record.id
  } finally {
    library.close()
  }
}

const RESOURCES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../resources')

/** The shipped default model (resources/models/default) on the fastest stepper; dispose it after. */
export async function shippedSamplingModel(): Promise<PooledSamplingModel> {
  const shipped = await readShippedModel(RESOURCES_DIR)
  if (!shipped) throw new Error('the default model is missing from resources/models/default')
  const fast = chooseStepper()
  return samplingModel(await shippedWeights(shipped), shipped.vocab, fast.factory, fast.engine)
}

/** The streams runCli writes to. */
export type CliIo = NonNullable<Parameters<typeof runCli>[1]>

/** A stream that collects what is written (runCli only calls write()), standing in for stdout/stderr. */
export function sink<S>(): { stream: S; text: () => string } {
  let text = ''
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk)
      done()
    },
  })
  return { stream: stream as unknown as S, text: () => text }
}
