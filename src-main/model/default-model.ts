/**
 * The shipped default model: resources/models/default/ holds model.json + the weights .bin (tfjs
 * Layers format, loadable by tf.loadLayersModel and by Keras via tensorflowjs), vocab.json and
 * TRAINING.md (how it was trained). `ensureDefaultModel` copies it into the library once (as a
 * 'bundled' model with one checkpoint marked best) and makes it the default when none is set;
 * it is replaced when the shipped weights change (their SHA-256 is kept in the model's config).
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { Library } from '../library/open-library'
import type { ModelRecord } from '../library/models'
import { artifactsToWeights, MODEL_JSON, type LayersModelJson } from '../engine/layers-read'
import { Vocab } from './vocab'
import type { CharLstmWeights, ModelShape } from '../engine/weights'

export const DEFAULT_MODEL_NAME = 'Nottingham (default)'
export const VOCAB_JSON = 'vocab.json'

export function defaultModelDir(resourcesDir: string): string {
  return path.join(resourcesDir, 'models', 'default')
}

/** The exported checkpoint's scores, kept in model.json's `userDefinedMetadata.tunesmith.checkpoint`. */
export interface ShippedCheckpointMeta {
  step: number
  epoch: number
  trainLoss: number | null
  valBits: number | null
}

export interface ShippedModel {
  dir: string
  modelJson: string
  weightData: Uint8Array
  vocab: Vocab
  sha256: string
  checkpoint: ShippedCheckpointMeta | null
}

function readCheckpointMeta(modelJson: unknown): ShippedCheckpointMeta | null {
  const meta = (modelJson as { userDefinedMetadata?: { tunesmith?: { checkpoint?: Partial<ShippedCheckpointMeta> } } }).userDefinedMetadata?.tunesmith?.checkpoint
  if (!meta || typeof meta.step !== 'number' || typeof meta.epoch !== 'number') return null
  const orNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
  return { step: meta.step, epoch: meta.epoch, trainLoss: orNull(meta.trainLoss), valBits: orNull(meta.valBits) }
}

/** Reads the shipped files, or null when this build ships no default model yet. */
export async function readShippedModel(resourcesDir: string): Promise<ShippedModel | null> {
  const dir = defaultModelDir(resourcesDir)
  let modelJson: string
  try {
    modelJson = await fs.readFile(path.join(dir, MODEL_JSON), 'utf8')
  } catch {
    return null
  }
  const parsed = JSON.parse(modelJson) as LayersModelJson
  const paths = parsed.weightsManifest?.flatMap((g) => g.paths) ?? []
  if (paths.length === 0) throw new Error(`${path.join(dir, MODEL_JSON)} names no weight files`)
  const weightData = new Uint8Array(Buffer.concat(await Promise.all(paths.map((p) => fs.readFile(path.join(dir, p))))))
  const vocab = Vocab.fromJson(await fs.readFile(path.join(dir, VOCAB_JSON), 'utf8'))
  const sha256 = createHash('sha256').update(weightData).update(modelJson).digest('hex')
  return { dir, modelJson, weightData, vocab, sha256, checkpoint: readCheckpointMeta(parsed) }
}

export async function shippedWeights(model: ShippedModel): Promise<CharLstmWeights> {
  const weights = await artifactsToWeights({ modelJson: JSON.parse(model.modelJson) as LayersModelJson, weightData: model.weightData })
  if (weights.vocabSize !== model.vocab.size) {
    throw new Error(`The default model's weights are for ${weights.vocabSize} characters but vocab.json has ${model.vocab.size}`)
  }
  return weights
}

/** Puts the shipped model into the library (once per version of its files); null when none ships. */
export async function ensureDefaultModel(library: Library, resourcesDir: string): Promise<ModelRecord | null> {
  const shipped = await readShippedModel(resourcesDir)
  if (!shipped) return null
  const existing = library.models.getByName(DEFAULT_MODEL_NAME)
  if (existing && existing.config.sha256 === shipped.sha256 && existing.bestCheckpointId !== null) return existing
  const weights = await shippedWeights(shipped)
  const shape: ModelShape = { vocabSize: weights.vocabSize, embeddingDim: weights.embeddingDim, lstmUnits: weights.layers.map((l) => l.units) }
  const id = library.transaction(() => {
    // Look again inside the transaction: another service may have put it there meanwhile.
    const current = library.models.getByName(DEFAULT_MODEL_NAME)
    if (current && current.config.sha256 === shipped.sha256 && current.bestCheckpointId !== null) return current.id
    const wasDefault = current?.isDefault ?? false
    if (current) library.models.remove(current.id)
    const model = library.models.create({
      name: DEFAULT_MODEL_NAME,
      shape,
      vocab: [...shipped.vocab.chars],
      config: { sha256: shipped.sha256, shippedFrom: 'resources/models/default' },
      source: 'bundled',
    })
    const meta = shipped.checkpoint
    library.models.saveCheckpoint({
      modelId: model.id,
      step: meta?.step ?? 0,
      epoch: meta?.epoch ?? 0,
      trainLoss: meta?.trainLoss ?? null,
      valBitsPerChar: meta?.valBits ?? null,
      isBest: true,
      modelJson: shipped.modelJson,
      weights: shipped.weightData,
    })
    if (wasDefault || !library.models.getDefault()) library.models.setDefault(model.id)
    return model.id
  })
  return library.models.get(id)
}
