/**
 * The seed tutorial's architecture in tf.layers: Embedding → N × (LSTM, return sequences,
 * stateful → Dropout) → TimeDistributed(Dense, softmax). This is the reference the fast engine is
 * tested against, the tfjs training fallback, and the topology written into checkpoints so Keras
 * can load them (see docs/model-format.md).
 *
 * Initialisers are glorotUniform/zeros on purpose: tf.layers' default orthogonal recurrent
 * initialiser takes minutes on the cpu backend, and real values always come from `initWeights`
 * or a checkpoint anyway. `recurrentActivation: 'sigmoid'` matches Keras 2 (tfjs defaults to
 * hardSigmoid).
 */
import * as tfl from '@tensorflow/tfjs-layers'
import type { ModelShape } from './weights'

export interface TfjsModelOptions {
  /** Fixed batch size (stateful layers need one). */
  batchSize: number
  /** Window length, or null for any length (sampling feeds one character at a time). */
  seqLen: number | null
  dropout: number
  /** 'softmax' as the tutorial (and checkpoints) have it; 'logits' for a numerically stable loss. */
  output?: 'softmax' | 'logits'
  stateful?: boolean
}

export function buildTfjsModel(shape: ModelShape, options: TfjsModelOptions): tfl.Sequential {
  const { batchSize, seqLen, dropout } = options
  const stateful = options.stateful ?? true
  const model = tfl.sequential()
  model.add(
    tfl.layers.embedding({
      inputDim: shape.vocabSize,
      outputDim: shape.embeddingDim,
      batchInputShape: [batchSize, seqLen],
      embeddingsInitializer: 'randomUniform',
    }),
  )
  for (const units of shape.lstmUnits) {
    model.add(
      tfl.layers.lstm({
        units,
        returnSequences: true,
        stateful,
        recurrentActivation: 'sigmoid',
        kernelInitializer: 'glorotUniform',
        recurrentInitializer: 'glorotUniform',
        biasInitializer: 'zeros',
        unitForgetBias: true,
      }),
    )
    model.add(tfl.layers.dropout({ rate: dropout }))
  }
  model.add(
    tfl.layers.timeDistributed({
      layer: tfl.layers.dense({ units: shape.vocabSize, activation: options.output === 'logits' ? 'linear' : 'softmax' }),
    }),
  )
  return model
}
