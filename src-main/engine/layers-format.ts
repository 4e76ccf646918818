/**
 * Converts between `CharLstmWeights` and the tfjs Layers format (model.json with the Keras
 * topology + weightsManifest, plus one weights .bin), in a folder or as one byte blob for the
 * library's checkpoint column. The same checkpoint therefore trains in the native engine, samples
 * in the engine or in tfjs, and opens in Keras: see docs/model-format.md for the round trip.
 *
 * Reading (layers-read.ts) takes the engine's own layout straight from the bytes; anything else goes
 * through tf.loadLayersModel here, so model.json files written by tensorflowjs_converter from a
 * Keras .h5 load too; the layers are then recognised by class (Embedding, LSTM, Dense,
 * TimeDistributed(Dense)), not by name.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import './tfjs-env'
import * as tfl from '@tensorflow/tfjs-layers'
import type { CharLstmWeights, LstmLayerWeights, ModelShape } from './weights'
import { buildTfjsModel } from './tfjs-model'
import { shapeOf, validateWeights, weightTensors } from './flat-weights'
import type { OptimizerState } from './types'
import { MODEL_JSON, WEIGHTS_BIN, artifactsToWeights, type LayersArtifacts, type LayersModelJson } from './layers-read'

export { MODEL_JSON, WEIGHTS_BIN, artifactsToWeights, type LayersArtifacts, type LayersModelJson } from './layers-read'

export interface SaveOptions {
  /** Batch size and window length written into the topology (Keras needs fixed ones for stateful). */
  batchSize?: number
  seqLen?: number | null
  dropout?: number
}

/** Reads a tfjs/Keras model's weights into `CharLstmWeights`. */
export function modelToWeights(model: tfl.LayersModel): CharLstmWeights {
  let embedding: Float32Array | null = null
  let vocabSize = 0
  let embeddingDim = 0
  const layers: LstmLayerWeights[] = []
  let dense: CharLstmWeights['dense'] | null = null
  const read = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync())
  for (const layer of model.layers) {
    const cls = layer.getClassName()
    const inner = cls === 'TimeDistributed' ? (layer as unknown as { layer: tfl.layers.Layer }).layer : layer
    const innerCls = inner.getClassName()
    const w = inner.getWeights()
    const shape0 = (w[0]?.shape ?? []) as number[]
    if (innerCls === 'Embedding') {
      ;[vocabSize, embeddingDim] = shape0
      embedding = read(w[0])
    } else if (innerCls === 'LSTM') {
      if (w.length !== 3) throw new Error(`LSTM layer ${layer.name} has ${w.length} weight tensors; expected kernel, recurrent kernel and bias`)
      const config = inner.getConfig()
      if (config.recurrentActivation !== 'sigmoid' || (config.activation ?? 'tanh') !== 'tanh') {
        throw new Error(`LSTM layer ${layer.name} uses ${String(config.recurrentActivation)}/${String(config.activation)}; only sigmoid/tanh LSTMs are supported`)
      }
      const [inputSize, fourUnits] = shape0
      layers.push({ inputSize, units: fourUnits / 4, kernel: read(w[0]), recurrentKernel: read(w[1]), bias: read(w[2]) })
    } else if (innerCls === 'Dense') {
      if (dense) throw new Error('the model has more than one Dense layer; expected Embedding → LSTM… → Dense')
      dense = { kernel: read(w[0]), bias: w[1] ? read(w[1]) : new Float32Array(shape0[1]) }
    } else if (innerCls !== 'Dropout' && innerCls !== 'InputLayer' && innerCls !== 'Activation') {
      throw new Error(`unsupported layer ${layer.name} (${innerCls}); expected Embedding → LSTM… → Dense`)
    }
  }
  if (!embedding || layers.length === 0 || !dense) throw new Error('not a character LSTM: needs an Embedding, at least one LSTM and a Dense layer')
  const weights: CharLstmWeights = { vocabSize, embeddingDim, embedding, layers, dense }
  validateWeights(weights)
  return weights
}

/** Copies `weights` into a tf.layers model built for `shapeOf(weights)`. */
export function setModelWeights(model: tfl.LayersModel, weights: CharLstmWeights): void {
  validateWeights(weights)
  const specs = model.getWeights()
  const tensors = weightTensors(weights).map((t, i) => tf.tensor(t, specs[i].shape))
  model.setWeights(tensors)
  tf.dispose(tensors)
}

export function weightsToModel(weights: CharLstmWeights, options: SaveOptions & { output?: 'softmax' | 'logits' } = {}): tfl.Sequential {
  const model = buildTfjsModel(shapeOf(weights), {
    batchSize: options.batchSize ?? 1,
    seqLen: options.seqLen === undefined ? null : options.seqLen,
    dropout: options.dropout ?? 0,
    output: options.output,
  })
  setModelWeights(model, weights)
  return model
}

export async function weightsToArtifacts(weights: CharLstmWeights, options: SaveOptions = {}): Promise<LayersArtifacts> {
  const model = weightsToModel(weights, options)
  let saved: tf.io.ModelArtifacts | null = null
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    }),
  )
  model.dispose()
  const artifacts = saved as tf.io.ModelArtifacts | null
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error('tfjs produced no weights while saving')
  const data = artifacts.weightData instanceof ArrayBuffer ? artifacts.weightData : tf.io.concatenateArrayBuffers(artifacts.weightData)
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs }],
    },
    weightData: new Uint8Array(data),
  }
}

/**
 * A copy of a topology with every initializer replaced by Zeros. tf.loadLayersModel initialises
 * each layer before the stored weights overwrite it, and Keras's default recurrent initializer
 * (Orthogonal, a QR decomposition) takes minutes on tfjs's cpu backend for a 256-unit LSTM.
 */
function withCheapInitializers(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withCheapInitializers)
  if (!node || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const isInitializer = /initializer$/i.test(key) && value && typeof value === 'object' && 'class_name' in value
    out[key] = isInitializer ? { class_name: 'Zeros', config: {} } : withCheapInitializers(value)
  }
  return out
}

/** The tfjs loader, for Layers models that are not the engine's own layout (see layers-read.ts). */
export async function artifactsToWeightsViaTfjs(artifacts: LayersArtifacts): Promise<CharLstmWeights> {
  const { modelJson, weightData } = artifacts
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights)
  const buffer = weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength) as ArrayBuffer
  const modelTopology = withCheapInitializers(modelJson.modelTopology) as tf.io.ModelArtifacts['modelTopology']
  const model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs: specs, weightData: buffer }))
  try {
    return modelToWeights(model)
  } finally {
    model.dispose()
  }
}

export async function saveLayersFolder(weights: CharLstmWeights, dir: string, options: SaveOptions = {}): Promise<void> {
  const artifacts = await weightsToArtifacts(weights, options)
  await fs.mkdir(dir, { recursive: true })
  // Weights first, model.json last: a folder with a model.json is complete.
  await fs.writeFile(path.join(dir, WEIGHTS_BIN), artifacts.weightData)
  await fs.writeFile(path.join(dir, MODEL_JSON), JSON.stringify(artifacts.modelJson))
}

export async function loadLayersFolder(dir: string): Promise<CharLstmWeights> {
  let modelJson: LayersModelJson
  try {
    modelJson = JSON.parse(await fs.readFile(path.join(dir, MODEL_JSON), 'utf8')) as LayersModelJson
  } catch (err) {
    throw new Error(`cannot read ${path.join(dir, MODEL_JSON)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
  }
  const paths = modelJson.weightsManifest?.flatMap((g) => g.paths) ?? []
  const parts = await Promise.all(paths.map((p) => fs.readFile(path.join(dir, p))))
  return artifactsToWeights({ modelJson, weightData: new Uint8Array(Buffer.concat(parts)) })
}

/**
 * One checkpoint as bytes (the library's blob):
 *   "TSCK" | u32 LE header length | header JSON | weights .bin | optimizer m… v… (float32)
 * where the header is { version: 1, modelJson, weightBytes, optimizer?: { step, floats } }.
 * The model.json + .bin inside are exactly what `saveLayersFolder` writes.
 */
interface CheckpointHeader {
  version: 1
  modelJson: LayersModelJson
  weightBytes: number
  optimizer?: { step: number; floats: number[] }
}

const MAGIC = 'TSCK'

export async function checkpointToBytes(weights: CharLstmWeights, optimizer?: OptimizerState, options: SaveOptions = {}): Promise<Uint8Array> {
  const artifacts = await weightsToArtifacts(weights, options)
  const header: CheckpointHeader = { version: 1, modelJson: artifacts.modelJson, weightBytes: artifacts.weightData.byteLength }
  const moments = optimizer ? [...optimizer.m, ...optimizer.v] : []
  if (optimizer) header.optimizer = { step: optimizer.step, floats: optimizer.m.map((a) => a.length) }
  const headerBytes = new TextEncoder().encode(JSON.stringify(header))
  const total = 8 + headerBytes.length + artifacts.weightData.byteLength + moments.reduce((n, a) => n + a.byteLength, 0)
  const out = new Uint8Array(total)
  out.set(new TextEncoder().encode(MAGIC), 0)
  new DataView(out.buffer).setUint32(4, headerBytes.length, true)
  let offset = 8
  for (const part of [headerBytes, artifacts.weightData, ...moments.map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength))]) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}

export async function checkpointFromBytes(bytes: Uint8Array): Promise<{ weights: CharLstmWeights; optimizer?: OptimizerState }> {
  if (bytes.byteLength < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error('not a Tunesmith checkpoint (bad magic)')
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true)
  if (8 + headerLength > bytes.byteLength) throw new Error('checkpoint is truncated (header)')
  let header: CheckpointHeader
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as CheckpointHeader
  } catch (err) {
    throw new Error('checkpoint header is not valid JSON', { cause: err })
  }
  if (header.version !== 1) throw new Error(`checkpoint version ${String(header.version)} is not supported`)
  let offset = 8 + headerLength
  if (offset + header.weightBytes > bytes.byteLength) throw new Error('checkpoint is truncated (weights)')
  const weights = await artifactsToWeights({ modelJson: header.modelJson, weightData: bytes.slice(offset, offset + header.weightBytes) })
  offset += header.weightBytes
  if (!header.optimizer) return { weights }
  const floats = header.optimizer.floats
  const need = floats.reduce((n, f) => n + f, 0) * 8
  if (offset + need !== bytes.byteLength) throw new Error('checkpoint optimizer state is truncated')
  const take = (n: number): Float32Array => {
    const a = new Float32Array(bytes.slice(offset, offset + n * 4).buffer)
    offset += n * 4
    return a
  }
  const m = floats.map(take)
  const v = floats.map(take)
  return { weights, optimizer: { step: header.optimizer.step, m, v } }
}

export type { ModelShape }
