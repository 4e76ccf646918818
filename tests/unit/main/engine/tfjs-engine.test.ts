import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs-core'
import { initWeights } from '../../../../src-main/engine/init-weights'
import { createTfjsEngine, initTfjsBackend } from '../../../../src-main/engine/tfjs-engine'

describe('tfjs fallback trainer', () => {
  it('holds no more tensors after steps, evaluations and optimizer save/restore', async () => {
    const kind = await initTfjsBackend('tfjs-wasm')
    const t = createTfjsEngine(kind).createTrainer(initWeights({ vocabSize: 20, embeddingDim: 8, lstmUnits: [12, 12] }, 1), {
      batchSize: 2, seqLen: 4, dropout: 0.2, learningRate: 0.01, clipNorm: 1, seed: 1,
    })
    const x = Int32Array.from({ length: 8 }, (_, i) => i)
    t.trainStep(x, x)
    t.evaluate(x, x)
    const before = tf.memory().numTensors
    for (let i = 0; i < 4; i++) {
      t.trainStep(x, x)
      t.evaluate(x, x)
      t.setOptimizerState(t.getOptimizerState())
      t.resetState()
    }
    expect(tf.memory().numTensors).toBe(before)
    t.dispose()
  })

  it('our wasm UnsortedSegmentSum kernel (the Embedding gradient) equals the cpu backend', async () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8]
    const ids = [2, 0, 2, 1]
    const run = async (backend: 'tfjs-wasm' | 'tfjs-cpu'): Promise<number[]> => {
      await initTfjsBackend(backend)
      return Array.from(tf.tidy(() => tf.unsortedSegmentSum(tf.tensor2d(x, [4, 2]), tf.tensor1d(ids, 'int32'), 4)).dataSync())
    }
    const wasm = await run('tfjs-wasm')
    expect(wasm).toEqual(await run('tfjs-cpu'))
    expect(wasm).toEqual([3, 4, 7, 8, 6, 8, 0, 0])
  })
})
