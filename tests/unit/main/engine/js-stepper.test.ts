import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { createJsStepper } from '../../../../src-main/engine/js-stepper'
import { initWeights } from '../../../../src-main/engine/init-weights'
import { weightsToModel } from '../../../../src-main/engine/layers-format'
import { corpusTokens, relativeError, softmaxRows } from './helpers'

describe('plain-JS stepper', () => {
  it('matches tfjs model.predict step by step, batched, with state carried', async () => {
    await tf.setBackend('cpu')
    const { tokens, vocabSize } = corpusTokens()
    const weights = initWeights({ vocabSize, embeddingDim: 32, lstmUnits: [48, 40] }, 7)
    // Larger than initial weights so the gates saturate differently per row.
    for (const l of weights.layers) l.recurrentKernel.forEach((x, i, a) => (a[i] = x * 3))
    const B = 3
    const model = weightsToModel(weights, { batchSize: B, seqLen: 1 })
    const stepper = createJsStepper(weights, B)
    let worst = 0
    for (let t = 0; t < 40; t++) {
      const row = Int32Array.from({ length: B }, (_, b) => tokens[1000 * b + t])
      const expected = tf.tidy(() => (model.predict(tf.tensor2d(row, [B, 1], 'int32')) as tf.Tensor).dataSync())
      const got = softmaxRows(stepper.step(row), vocabSize)
      worst = Math.max(worst, relativeError(got, expected))
    }
    expect(worst).toBeLessThan(1e-4)
    model.dispose()
  })

  it('copyRow fans one primed state out to other rows; reset clears it', () => {
    const weights = initWeights({ vocabSize: 20, embeddingDim: 8, lstmUnits: [16] }, 1)
    const stepper = createJsStepper(weights, 2)
    stepper.step(Int32Array.of(3, 9))
    stepper.step(Int32Array.of(4, 1))
    stepper.copyRow(0, 1)
    const out = stepper.step(Int32Array.of(5, 5)).slice()
    expect(Array.from(out.subarray(20))).toEqual(Array.from(out.subarray(0, 20)))
    stepper.reset()
    const fresh = createJsStepper(weights, 2)
    expect(Array.from(stepper.step(Int32Array.of(5, 6)))).toEqual(Array.from(fresh.step(Int32Array.of(5, 6))))
  })

  it('rejects tokens outside the vocabulary with a clear message', () => {
    const stepper = createJsStepper(initWeights({ vocabSize: 20, embeddingDim: 8, lstmUnits: [16] }, 1), 1)
    expect(() => stepper.step(Int32Array.of(20))).toThrow(/outside the vocabulary/)
    expect(() => stepper.step(Int32Array.of(1, 2))).toThrow(/needs 1 tokens/)
  })
})
