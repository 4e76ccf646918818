/**
 * tfjs autodiff of the tf.layers model (the reference the engines must agree with): loss and
 * gradients of one window, after running earlier windows statefully through the same model.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import type { CharLstmWeights } from '../../../../src-main/engine/weights'
import { weightsToModel } from '../../../../src-main/engine/layers-format'

export async function tfjsWindowGradients(
  weights: CharLstmWeights,
  batch: number,
  seqLen: number,
  windows: { inputs: Int32Array; targets: Int32Array }[],
): Promise<{ losses: number[]; gradients: Float32Array[] }> {
  await tf.setBackend('cpu')
  const model = weightsToModel(weights, { batchSize: batch, seqLen, output: 'logits' })
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
  const losses: number[] = []
  const gradients: Float32Array[] = []
  for (const w of windows) {
    const { value, grads } = tf.variableGrads(() => {
      const x = tf.tensor2d(w.inputs, [batch, seqLen], 'int32')
      const y = tf.oneHot(tf.tensor2d(w.targets, [batch, seqLen], 'int32'), weights.vocabSize)
      const logits = model.apply(x, { training: false }) as tf.Tensor
      return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar
    }, vars)
    losses.push(value.dataSync()[0])
    const flat: number[] = []
    for (const v of vars) flat.push(...grads[v.name].dataSync())
    gradients.push(Float32Array.from(flat))
    tf.dispose([value, ...Object.values(grads)])
  }
  model.dispose()
  return { losses, gradients }
}
