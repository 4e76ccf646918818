/**
 * The one fixed order of weight tensors, shared by every engine, the optimizer state and the
 * tfjs model (it is tf.layers' `getWeights()` order): embedding; per LSTM layer kernel,
 * recurrent kernel, bias; dense kernel, dense bias. Engines keep all parameters in one flat
 * Float32Array in this order so a whole model crosses into native code as one buffer.
 */
import type { CharLstmWeights, ModelShape } from './weights'

export interface TensorSpec {
  name: string
  shape: number[]
}

export function shapeOf(weights: CharLstmWeights): ModelShape {
  return { vocabSize: weights.vocabSize, embeddingDim: weights.embeddingDim, lstmUnits: weights.layers.map((l) => l.units) }
}

export function weightTensorOrder(shape: ModelShape): TensorSpec[] {
  const specs: TensorSpec[] = [{ name: 'embedding', shape: [shape.vocabSize, shape.embeddingDim] }]
  let input = shape.embeddingDim
  shape.lstmUnits.forEach((units, i) => {
    specs.push({ name: `lstm${i}/kernel`, shape: [input, 4 * units] })
    specs.push({ name: `lstm${i}/recurrent_kernel`, shape: [units, 4 * units] })
    specs.push({ name: `lstm${i}/bias`, shape: [4 * units] })
    input = units
  })
  specs.push({ name: 'dense/kernel', shape: [input, shape.vocabSize] })
  specs.push({ name: 'dense/bias', shape: [shape.vocabSize] })
  return specs
}

const size = (s: TensorSpec): number => s.shape.reduce((a, b) => a * b, 1)

/** The tensors of `weights` in `weightTensorOrder`, as views (no copies). */
export function weightTensors(weights: CharLstmWeights): Float32Array[] {
  return [weights.embedding, ...weights.layers.flatMap((l) => [l.kernel, l.recurrentKernel, l.bias]), weights.dense.kernel, weights.dense.bias]
}

/** Checks every tensor's length against the shape; a clear message instead of a crash in C++. */
export function validateWeights(weights: CharLstmWeights): void {
  const specs = weightTensorOrder(shapeOf(weights))
  const tensors = weightTensors(weights)
  let input = weights.embeddingDim
  for (const layer of weights.layers) {
    if (layer.inputSize !== input) throw new Error(`LSTM layer input size ${layer.inputSize} does not match the ${input} values below it`)
    input = layer.units
  }
  specs.forEach((spec, i) => {
    const t = tensors[i]
    if (!(t instanceof Float32Array) || t.length !== size(spec)) {
      throw new Error(`weight ${spec.name} should hold ${size(spec)} float32 values (shape ${spec.shape.join('×')}), got ${t?.length ?? 'none'}`)
    }
  })
}

export function flattenWeights(weights: CharLstmWeights): Float32Array {
  validateWeights(weights)
  const tensors = weightTensors(weights)
  const flat = new Float32Array(tensors.reduce((n, t) => n + t.length, 0))
  let offset = 0
  for (const t of tensors) {
    flat.set(t, offset)
    offset += t.length
  }
  return flat
}

/** Splits a flat array back into tensors in `weightTensorOrder` (copies, so the result is independent). */
export function splitFlat(shape: ModelShape, flat: Float32Array): Float32Array[] {
  const out: Float32Array[] = []
  let offset = 0
  for (const spec of weightTensorOrder(shape)) {
    out.push(flat.slice(offset, offset + size(spec)))
    offset += size(spec)
  }
  if (offset !== flat.length) throw new Error(`flat weights hold ${flat.length} values, shape needs ${offset}`)
  return out
}

export function unflattenWeights(shape: ModelShape, flat: Float32Array): CharLstmWeights {
  const t = splitFlat(shape, flat)
  let k = 1
  let input = shape.embeddingDim
  const layers = shape.lstmUnits.map((units) => {
    const layer = { inputSize: input, units, kernel: t[k], recurrentKernel: t[k + 1], bias: t[k + 2] }
    k += 3
    input = units
    return layer
  })
  return { vocabSize: shape.vocabSize, embeddingDim: shape.embeddingDim, embedding: t[0], layers, dense: { kernel: t[k], bias: t[k + 1] } }
}
