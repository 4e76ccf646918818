import { describe, expect, it } from 'vitest'
import { initWeights } from '../../../../src-main/engine/init-weights'
import { loadAddon, createNativeEngine, type NativeTrainer } from '../../../../src-main/engine/native-engine'
import { weightTensorOrder, shapeOf } from '../../../../src-main/engine/flat-weights'
import { corpusTokens, relativeError, windows } from './helpers'
import { tfjsWindowGradients } from './tfjs-reference'

const loaded = loadAddon()
if ('error' in loaded) throw new Error(`${loaded.error} — build it with: node scripts/build-engine.mjs`)
const engine = createNativeEngine(loaded.addon)

describe('native trainer gradients = tfjs autodiff', () => {
  // Both product paths: the packed few-row kernel (AVX-512 machines) and plain BLAS; and every
  // kernel level this CPU can run, forced (TUNESMITH_KERNELS), on saturated gates.
  const levels = loaded.addon.info().kernelLevels
  const cases: { gain: number; blas: boolean; level?: string }[] = [
    { gain: 1, blas: false },
    { gain: 4, blas: false },
    { gain: 4, blas: true },
    ...levels.map((level) => ({ gain: 4, blas: false, level })),
  ]
  for (const { gain, blas, level } of cases) it(`on consecutive stateful windows of real ABC text, per tensor within 1e-4 relative (weights ×${gain}${blas ? ', BLAS only' : ''}${level ? `, ${level} kernels` : ''})`, async () => {
    if (blas) process.env.TUNESMITH_NO_PACKED = '1'
    else delete process.env.TUNESMITH_NO_PACKED
    if (level) process.env.TUNESMITH_KERNELS = level
    const { tokens, vocabSize } = corpusTokens()
    const weights = initWeights({ vocabSize, embeddingDim: 24, lstmUnits: [32, 20, 28] }, 3)
    // ×4 drives gates and cells into saturation, where approximations of exp/tanh would show.
    for (const l of weights.layers) for (const a of [l.kernel, l.recurrentKernel]) a.forEach((x, i) => (a[i] = x * gain))
    const B = 4
    const T = 24
    const ws = windows(tokens, B, T, 3, 500)
    const ref = await tfjsWindowGradients(weights, B, T, ws)
    const trainer = engine.createTrainer(weights, { batchSize: B, seqLen: T, dropout: 0, learningRate: 1e-3, clipNorm: 0, seed: 1 }) as NativeTrainer
    const specs = weightTensorOrder(shapeOf(weights))
    ws.forEach((w, k) => {
      const { loss, gradients } = trainer.gradients(w.inputs, w.targets)
      expect(Math.abs(loss - ref.losses[k]) / ref.losses[k]).toBeLessThan(1e-5)
      let offset = 0
      for (const spec of specs) {
        const n = spec.shape.reduce((a, b) => a * b, 1)
        const err = relativeError(gradients.subarray(offset, offset + n), ref.gradients[k].subarray(offset, offset + n))
        expect(err, `${spec.name} in window ${k}`).toBeLessThan(1e-4)
        offset += n
      }
    })
    if (level) expect(trainer.kernels()).toBe(level)
    trainer.dispose()
    delete process.env.TUNESMITH_NO_PACKED
    delete process.env.TUNESMITH_KERNELS
  })
})
