/**
 * Fresh weights for a model shape, reproducible from a seed. Follows Keras's defaults where they
 * are cheap: embedding uniform(-0.05, 0.05), kernels Glorot uniform, biases zero, and the LSTM
 * forget-gate bias 1 (Keras's `unit_forget_bias=True`). One deliberate difference: the recurrent
 * kernels are Glorot uniform rather than Keras's orthogonal (a QR of a 256×1024 matrix that takes
 * minutes on tfjs's cpu backend and buys little for a character model).
 */
import type { CharLstmWeights, LstmLayerWeights, ModelShape } from './weights'
import { mulberry32 } from './rng'

function uniform(n: number, limit: number, rand: () => number): Float32Array {
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) out[i] = (rand() * 2 - 1) * limit
  return out
}

function glorot(fanIn: number, fanOut: number, rand: () => number): Float32Array {
  return uniform(fanIn * fanOut, Math.sqrt(6 / (fanIn + fanOut)), rand)
}

export function initWeights(shape: ModelShape, seed: number): CharLstmWeights {
  if (shape.vocabSize < 1 || shape.embeddingDim < 1 || shape.lstmUnits.length < 1 || shape.lstmUnits.some((u) => u < 1)) {
    throw new Error(`invalid model shape ${JSON.stringify(shape)}: every size must be a positive integer and there must be at least one LSTM layer`)
  }
  const rand = mulberry32(seed)
  const embedding = uniform(shape.vocabSize * shape.embeddingDim, 0.05, rand)
  const layers: LstmLayerWeights[] = []
  let inputSize = shape.embeddingDim
  for (const units of shape.lstmUnits) {
    const bias = new Float32Array(4 * units)
    bias.fill(1, units, 2 * units)
    layers.push({
      inputSize,
      units,
      kernel: glorot(inputSize, 4 * units, rand),
      recurrentKernel: glorot(units, 4 * units, rand),
      bias,
    })
    inputSize = units
  }
  return {
    vocabSize: shape.vocabSize,
    embeddingDim: shape.embeddingDim,
    embedding,
    layers,
    dense: { kernel: glorot(inputSize, shape.vocabSize, rand), bias: new Float32Array(shape.vocabSize) },
  }
}
