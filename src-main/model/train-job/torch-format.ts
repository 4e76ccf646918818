/**
 * Our weights in PyTorch's layout, as safetensors (the file format PyTorch users exchange weights
 * in): the state_dict of resources/train-job/train.py's CharLSTM, one nn.LSTM per layer.
 *
 *   ours (Keras/tfjs, model/weights)            PyTorch
 *   embedding [V, E]                            embedding.weight [V, E]
 *   LSTM kernel [in, 4H]                        lstms.L.weight_ih_l0 [4H, in]   (transposed)
 *   LSTM recurrent kernel [H, 4H]               lstms.L.weight_hh_l0 [4H, H]    (transposed)
 *   LSTM bias [4H]                              lstms.L.bias_ih_l0 + lstms.L.bias_hh_l0
 *   dense kernel [H, V], bias [V]               dense.weight [V, H] (transposed), dense.bias
 *
 * Both order the gate blocks input, forget, cell candidate, output (PyTorch calls the candidate
 * g, Keras c), so no block moves. PyTorch adds two biases where Keras has one: going out, ours
 * becomes bias_ih and bias_hh is zero; coming home, the two are summed (the gates only ever see
 * their sum).
 */
import type { CharLstmWeights, LstmLayerWeights } from '../../engine/weights'
import { validateWeights } from '../../engine/flat-weights'

export interface NamedTensor {
  shape: number[]
  data: Float32Array
}

export type TorchTensors = Map<string, NamedTensor>

/** [rows, cols] row-major → [cols, rows]. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]
  return out
}

const lstmName = (layer: number, what: 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh'): string => `lstms.${layer}.${what}_l0`

export function toTorchTensors(weights: CharLstmWeights): TorchTensors {
  validateWeights(weights)
  const out: TorchTensors = new Map()
  out.set('embedding.weight', { shape: [weights.vocabSize, weights.embeddingDim], data: weights.embedding })
  weights.layers.forEach((l, i) => {
    const fourH = 4 * l.units
    out.set(lstmName(i, 'weight_ih'), { shape: [fourH, l.inputSize], data: transpose(l.kernel, l.inputSize, fourH) })
    out.set(lstmName(i, 'weight_hh'), { shape: [fourH, l.units], data: transpose(l.recurrentKernel, l.units, fourH) })
    out.set(lstmName(i, 'bias_ih'), { shape: [fourH], data: l.bias })
    out.set(lstmName(i, 'bias_hh'), { shape: [fourH], data: new Float32Array(fourH) })
  })
  const units = weights.layers[weights.layers.length - 1].units
  out.set('dense.weight', { shape: [weights.vocabSize, units], data: transpose(weights.dense.kernel, units, weights.vocabSize) })
  out.set('dense.bias', { shape: [weights.vocabSize], data: weights.dense.bias })
  return out
}

function need(tensors: TorchTensors, name: string, rank: number): NamedTensor {
  const t = tensors.get(name)
  if (!t) throw new Error(`the weights file lacks ${name}; expected train.py's CharLSTM (embedding, lstms.N, dense)`)
  if (t.shape.length !== rank) throw new Error(`${name} has shape [${t.shape.join(', ')}]; expected ${rank} dimensions`)
  return t
}

export function fromTorchTensors(tensors: TorchTensors): CharLstmWeights {
  const embedding = need(tensors, 'embedding.weight', 2)
  const [vocabSize, embeddingDim] = embedding.shape
  const layers: LstmLayerWeights[] = []
  for (let i = 0; tensors.has(lstmName(i, 'weight_ih')); i++) {
    const ih = need(tensors, lstmName(i, 'weight_ih'), 2)
    const hh = need(tensors, lstmName(i, 'weight_hh'), 2)
    const [fourH, inputSize] = ih.shape
    const units = fourH / 4
    const bias = Float32Array.from(need(tensors, lstmName(i, 'bias_ih'), 1).data)
    const biasHh = need(tensors, lstmName(i, 'bias_hh'), 1).data
    for (let k = 0; k < bias.length; k++) bias[k] += biasHh[k]
    layers.push({ inputSize, units, kernel: transpose(ih.data, fourH, inputSize), recurrentKernel: transpose(hh.data, fourH, units), bias })
  }
  if (layers.length === 0) throw new Error('the weights file holds no LSTM layer (lstms.0.weight_ih_l0)')
  const dense = need(tensors, 'dense.weight', 2)
  const weights: CharLstmWeights = {
    vocabSize,
    embeddingDim,
    embedding: embedding.data,
    layers,
    dense: { kernel: transpose(dense.data, vocabSize, dense.shape[1]), bias: need(tensors, 'dense.bias', 1).data },
  }
  validateWeights(weights)
  return weights
}

/**
 * safetensors: u64 LE header length, JSON header { name: { dtype, shape, data_offsets } } padded
 * with spaces to 8 bytes, then the raw little-endian data. Only F32 here (all our weights are).
 */
export function encodeSafetensors(tensors: TorchTensors): Uint8Array {
  const header: Record<string, { dtype: 'F32'; shape: number[]; data_offsets: [number, number] }> = {}
  let offset = 0
  for (const [name, t] of tensors) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] }
    offset += t.data.byteLength
  }
  let head = JSON.stringify(header)
  head += ' '.repeat((8 - (Buffer.byteLength(head) % 8)) % 8)
  const headBytes = new TextEncoder().encode(head)
  const out = new Uint8Array(8 + headBytes.length + offset)
  new DataView(out.buffer).setBigUint64(0, BigInt(headBytes.length), true)
  out.set(headBytes, 8)
  let at = 8 + headBytes.length
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at)
    at += t.data.byteLength
  }
  return out
}

export function decodeSafetensors(bytes: Uint8Array): TorchTensors {
  if (bytes.byteLength < 8) throw new Error('not a safetensors file (too short)')
  const headLength = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true))
  if (8 + headLength > bytes.byteLength) throw new Error('not a safetensors file (the header runs past the end)')
  let header: Record<string, { dtype?: string; shape?: number[]; data_offsets?: [number, number] }>
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headLength))) as typeof header
  } catch (err) {
    throw new Error('not a safetensors file (the header is not JSON)', { cause: err })
  }
  const base = 8 + headLength
  const out: TorchTensors = new Map()
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue
    if (info.dtype !== 'F32') throw new Error(`tensor ${name} is ${String(info.dtype)}; only F32 weights are supported`)
    const [start, end] = info.data_offsets ?? [0, -1]
    const shape = info.shape ?? []
    if (end - start !== shape.reduce((a, b) => a * b, 1) * 4 || base + end > bytes.byteLength) throw new Error(`tensor ${name}: its data does not match its shape`)
    // A copy: the file's bytes need not be 4-aligned for a Float32Array view.
    out.set(name, { shape, data: new Float32Array(bytes.slice(base + start, base + end).buffer) })
  }
  return out
}
