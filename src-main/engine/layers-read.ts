/**
 * Reading a tfjs Layers checkpoint (model.json + weights) without loading tfjs, for the paths
 * that only read weights: the app and the CLI load the default model in milliseconds instead of
 * first importing tfjs (~0.5 s) and building a tf.layers model. Our own files (and Keras
 * exports of the same Sequential Embedding → LSTM… → Dense) hold the weight tensors in exactly
 * the engine's order, so they are read straight from the bytes; anything else (another layer
 * order, other activations) goes through tfjs's loader in layers-format.ts, as before.
 * Writing (weightsToArtifacts) stays in layers-format.ts: it needs tfjs to write the topology.
 */
import type * as tf from '@tensorflow/tfjs-core'
import type { CharLstmWeights, ModelShape } from './weights'
import { unflattenWeights, validateWeights, weightTensorOrder } from './flat-weights'

export const MODEL_JSON = 'model.json'
export const WEIGHTS_BIN = 'group1-shard1of1.bin'

/** model.json as tfjs writes it (the weights manifest points at WEIGHTS_BIN). */
export interface LayersModelJson {
  format: 'layers-model'
  generatedBy: string
  convertedBy: string | null
  modelTopology: tf.io.ModelArtifacts['modelTopology']
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]
}

/** The two parts of a Layers-format checkpoint. */
export interface LayersArtifacts {
  modelJson: LayersModelJson
  weightData: Uint8Array
}

interface LayerNode {
  class_name?: string
  config?: { layer?: LayerNode; activation?: string; recurrent_activation?: string; use_bias?: boolean }
}

/** The layer classes of a Sequential topology (TimeDistributed unwrapped), or null for anything else. */
function sequentialLayers(topology: unknown): LayerNode[] | null {
  const root = topology as { model_config?: LayerNode; class_name?: string; config?: { layers?: LayerNode[] } } | null
  const model = (root?.model_config ?? root) as { class_name?: string; config?: { layers?: LayerNode[] } } | null
  if (model?.class_name !== 'Sequential' || !Array.isArray(model.config?.layers)) return null
  return model.config.layers.map((l) => (l.class_name === 'TimeDistributed' && l.config?.layer ? l.config.layer : l))
}

/** The model's shape when its topology and manifest are the engine's layout exactly, else null. */
function ownLayoutShape(modelJson: LayersModelJson, specs: tf.io.WeightsManifestEntry[]): ModelShape | null {
  const layers = sequentialLayers(modelJson.modelTopology)
  if (!layers) return null
  const kinds = layers.map((l) => l.class_name).filter((c) => c !== 'Dropout' && c !== 'InputLayer')
  const lstms = layers.filter((l) => l.class_name === 'LSTM')
  const plain = kinds[0] === 'Embedding' && kinds.at(-1) === 'Dense' && kinds.slice(1, -1).every((c) => c === 'LSTM') && lstms.length === kinds.length - 2
  const standard = lstms.every((l) => (l.config?.activation ?? 'tanh') === 'tanh' && l.config?.recurrent_activation === 'sigmoid' && l.config?.use_bias !== false)
  if (!plain || !standard || specs.length !== 3 * lstms.length + 3) return null
  const [vocabSize, embeddingDim] = specs[0].shape
  const lstmUnits = lstms.map((_, i) => specs[2 + 3 * i].shape[0])
  const shape: ModelShape = { vocabSize, embeddingDim, lstmUnits }
  const expected = weightTensorOrder(shape)
  return expected.every((e, i) => e.shape.length === specs[i].shape.length && e.shape.every((n, j) => n === specs[i].shape[j])) ? shape : null
}

/** Checks the manifest against the bytes; returns the weight specs in order. */
function manifestSpecs({ modelJson, weightData }: LayersArtifacts): tf.io.WeightsManifestEntry[] {
  if (!modelJson || typeof modelJson !== 'object' || !modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new Error('not a tfjs Layers model.json: modelTopology or weightsManifest is missing')
  }
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights)
  const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0)
  if (specs.some((s) => s.dtype !== 'float32' || s.quantization)) throw new Error('only float32, unquantized weights are supported')
  if (weightData.byteLength !== expected) throw new Error(`weights file holds ${weightData.byteLength} bytes; the manifest describes ${expected}`)
  return specs
}

export async function artifactsToWeights(artifacts: LayersArtifacts): Promise<CharLstmWeights> {
  const specs = manifestSpecs(artifacts)
  const shape = ownLayoutShape(artifacts.modelJson, specs)
  if (!shape) return (await import('./layers-format')).artifactsToWeightsViaTfjs(artifacts)
  const { weightData } = artifacts
  // A copy: the bytes may sit at any offset of a larger buffer (a checkpoint blob).
  const flat = new Float32Array(weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength))
  const weights = unflattenWeights(shape, flat)
  validateWeights(weights)
  return weights
}
