/**
 * The char-LSTM's weights as plain arrays, in the Keras/tfjs Layers layout, so the training
 * engine, the fast sampler and tfjs all read and write the same numbers:
 * - embedding: [vocabSize, embeddingDim]
 * - LSTM kernel: [inputSize, 4 * units], recurrent kernel: [units, 4 * units], bias: [4 * units],
 *   gates in Keras order i, f, c (candidate), o; recurrent activation sigmoid, activation tanh
 * - dense kernel: [units of the last LSTM, vocabSize], bias: [vocabSize]
 * All row-major Float32Array.
 */
import type { ModelShape } from '../../src-shared/model-shape'

export type { ModelShape }

export interface LstmLayerWeights {
  inputSize: number
  units: number
  kernel: Float32Array
  recurrentKernel: Float32Array
  bias: Float32Array
}

export interface CharLstmWeights {
  vocabSize: number
  embeddingDim: number
  embedding: Float32Array
  layers: LstmLayerWeights[]
  dense: { kernel: Float32Array; bias: Float32Array }
}

/** The seed tutorial's architecture: Embedding 512 → 3 × LSTM 256 → Dense. */
export const SEED_SHAPE: Omit<ModelShape, 'vocabSize'> = { embeddingDim: 512, lstmUnits: [256, 256, 256] }

export function parameterCount(shape: ModelShape): number {
  let n = shape.vocabSize * shape.embeddingDim
  let input = shape.embeddingDim
  for (const units of shape.lstmUnits) {
    n += input * 4 * units + units * 4 * units + 4 * units
    input = units
  }
  return n + input * shape.vocabSize + shape.vocabSize
}
