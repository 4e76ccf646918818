import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs-core'
import { initWeights } from '../../../../src-main/engine/init-weights'
import { loadAddon, createNativeEngine, type NativeTrainer } from '../../../../src-main/engine/native-engine'
import { createTfjsEngine, initTfjsBackend, type TfjsKind } from '../../../../src-main/engine/tfjs-engine'
import { flattenWeights } from '../../../../src-main/engine/flat-weights'
import { weightsToModel } from '../../../../src-main/engine/layers-format'
import type { TrainerOptions } from '../../../../src-main/engine/types'
import { corpusTokens, relativeError, softmaxRows, windows } from './helpers'

const loaded = loadAddon()
if ('error' in loaded) throw new Error(`${loaded.error} — build it with: node scripts/build-engine.mjs`)
const native = createNativeEngine(loaded.addon)
const { tokens, vocabSize } = corpusTokens()
const shape = { vocabSize, embeddingDim: 24, lstmUnits: [32, 24] }
const B = 4
const T = 16
const options: TrainerOptions = { batchSize: B, seqLen: T, dropout: 0, learningRate: 0.01, clipNorm: 1, seed: 5 }

describe('native trainer', () => {
  for (const backend of ['tfjs-cpu', 'tfjs-wasm'] as TfjsKind[]) {
    it(`loss curve and evaluation track a ${backend} run from the same weights (Adam, clipping, state carried)`, async () => {
      await initTfjsBackend(backend)
      const weights = initWeights(shape, 11)
      const a = native.createTrainer(weights, options)
      const b = createTfjsEngine(backend).createTrainer(weights, options)
      const ws = windows(tokens, B, T, 12, 2000)
      const la = ws.map((w) => a.trainStep(w.inputs, w.targets))
      const lb = ws.map((w) => b.trainStep(w.inputs, w.targets))
      for (let i = 0; i < la.length; i++) expect(Math.abs(la[i] - lb[i]), `step ${i}`).toBeLessThan(2e-3 * lb[i])
      expect(la[la.length - 1]).toBeLessThan(la[0] - 0.5) // it learns
      expect(relativeError(flattenWeights(a.getWeights()), flattenWeights(b.getWeights()))).toBeLessThan(1e-3)
      const held = windows(tokens, B, T, 2, 90000)
      for (const w of held) expect(a.evaluate(w.inputs, w.targets)).toBeCloseTo(b.evaluate(w.inputs, w.targets), 3)
      const sa = a.getOptimizerState()
      const sb = b.getOptimizerState()
      expect(sa.step).toBe(12)
      expect(sb.step).toBe(12)
      expect(relativeError(sa.v[1], sb.v[1])).toBeLessThan(1e-2)
      a.dispose()
      b.dispose()
    })
  }

  it('setLearningRate changes the step size from the next step on, in both engines alike (the warm-up schedule)', async () => {
    await initTfjsBackend('tfjs-cpu')
    const weights = initWeights(shape, 13)
    const ws = windows(tokens, B, T, 4, 3000)
    const run = (engine: typeof native, rates: number[]): Float32Array => {
      const t = engine.createTrainer(weights, options)
      ws.forEach((w, i) => {
        t.setLearningRate(rates[i])
        t.trainStep(w.inputs, w.targets)
      })
      const out = flattenWeights(t.getWeights())
      t.dispose()
      return out
    }
    const warm = [0.0025, 0.005, 0.0075, 0.01]
    const nativeWarm = run(native, warm)
    expect(relativeError(nativeWarm, run(createTfjsEngine('tfjs-cpu'), warm))).toBeLessThan(1e-3)
    // Against the constant rate it is another run (the rate was not ignored).
    expect(relativeError(nativeWarm, run(native, [0.01, 0.01, 0.01, 0.01]))).toBeGreaterThan(1e-2)
  })

  it('resumes exactly from saved weights + Adam state', () => {
    const ws = windows(tokens, B, T, 6, 100)
    const a = native.createTrainer(initWeights(shape, 2), { ...options, dropout: 0.3 })
    for (const w of ws.slice(0, 3)) a.trainStep(w.inputs, w.targets)
    const b = native.createTrainer(a.getWeights(), { ...options, dropout: 0.3 })
    b.setOptimizerState(a.getOptimizerState())
    a.resetState()
    // Same seed → same dropout stream only from a fresh trainer, so compare without dropout.
    const c = native.createTrainer(a.getWeights(), options)
    c.setOptimizerState(a.getOptimizerState())
    const d = native.createTrainer(b.getWeights(), options)
    d.setOptimizerState(b.getOptimizerState())
    for (const w of ws.slice(3)) expect(c.trainStep(w.inputs, w.targets)).toBe(d.trainStep(w.inputs, w.targets))
    expect(flattenWeights(c.getWeights())).toEqual(flattenWeights(d.getWeights()))
    for (const t of [a, b, c, d]) t.dispose()
  })

  it('tfjs trainer resumes from the native trainer\'s weights + Adam state onto the same curve', async () => {
    const kind = await initTfjsBackend('tfjs-cpu')
    const ws = windows(tokens, B, T, 6, 3000)
    const a = native.createTrainer(initWeights(shape, 12), options)
    for (const w of ws.slice(0, 3)) a.trainStep(w.inputs, w.targets)
    const b = createTfjsEngine(kind).createTrainer(a.getWeights(), options)
    b.setOptimizerState(a.getOptimizerState())
    a.resetState()
    expect(b.getOptimizerState().step).toBe(3)
    for (const w of ws.slice(3)) {
      const la = a.trainStep(w.inputs, w.targets)
      expect(Math.abs(b.trainStep(w.inputs, w.targets) - la)).toBeLessThan(1e-3 * la)
    }
    expect(relativeError(flattenWeights(b.getWeights()), flattenWeights(a.getWeights()))).toBeLessThan(1e-3)
    a.dispose()
    b.dispose()
  })

  it('dropout changes training steps but never evaluation', () => {
    const w = windows(tokens, B, T, 1, 300)[0]
    const weights = initWeights(shape, 4)
    const plain = native.createTrainer(weights, options) as NativeTrainer
    const dropped = native.createTrainer(weights, { ...options, dropout: 0.5 }) as NativeTrainer
    expect(dropped.evaluate(w.inputs, w.targets)).toBe(plain.evaluate(w.inputs, w.targets))
    expect(dropped.trainStep(w.inputs, w.targets)).not.toBe(plain.trainStep(w.inputs, w.targets))
  })

  it('dropout is reproducible from the seed', () => {
    const ws = windows(tokens, B, T, 3, 700)
    const run = (seed: number): number[] => {
      const t = native.createTrainer(initWeights(shape, 4), { ...options, dropout: 0.4, seed })
      const losses = ws.map((w) => t.trainStep(w.inputs, w.targets))
      t.dispose()
      return losses
    }
    expect(run(8)).toEqual(run(8))
    expect(run(8)).not.toEqual(run(9))
  })

  it('a non-finite gradient skips the update instead of spreading NaN into every weight', () => {
    const weights = initWeights(shape, 6)
    const w = windows(tokens, B, T, 1, 400)[0]
    weights.embedding.fill(Number.NaN, w.inputs[0] * shape.embeddingDim, (w.inputs[0] + 1) * shape.embeddingDim)
    const t = native.createTrainer(weights, options) as NativeTrainer
    const loss = t.trainStep(w.inputs, w.targets)
    expect(Number.isNaN(loss)).toBe(true)
    expect(Array.from(t.getWeights().dense.kernel)).toEqual(Array.from(weights.dense.kernel))
    expect(t.getOptimizerState().step).toBe(0)
    t.dispose()
  })

  it('bad windows give clear errors and lose nothing', () => {
    const t = native.createTrainer(initWeights(shape, 1), options)
    const w = windows(tokens, B, T, 1, 0)[0]
    const before = flattenWeights(t.getWeights())
    const bad = w.inputs.slice()
    bad[5] = vocabSize
    expect(() => t.trainStep(bad, w.targets)).toThrow(/outside the vocabulary/)
    expect(() => t.trainStep(w.inputs.subarray(1), w.targets)).toThrow(/batchSize × seqLen/)
    expect(flattenWeights(t.getWeights())).toEqual(before)
    expect(Number.isFinite(t.trainStep(w.inputs, w.targets))).toBe(true)
    expect(() => native.createTrainer(initWeights(shape, 1), { ...options, dropout: 1 })).toThrow(/dropout/)
    t.dispose()
    expect(() => t.trainStep(w.inputs, w.targets)).toThrow(/disposed/)
  })
})

describe('native stepper', () => {
  // Both product paths, and every kernel level this CPU can run, forced (TUNESMITH_KERNELS).
  const cases: { blas: boolean; level?: string }[] = [{ blas: false }, { blas: true }, ...loaded.addon.info().kernelLevels.map((level) => ({ blas: false, level }))]
  for (const { blas, level } of cases) it(`logits match tfjs model.predict, 3 rows, state carried, copyRow fan-out, resetRow${blas ? ' (BLAS only)' : ''}${level ? ` (${level} kernels)` : ''}`, async () => {
    if (blas) process.env.TUNESMITH_NO_PACKED = '1'
    if (level) process.env.TUNESMITH_KERNELS = level
    await initTfjsBackend('tfjs-cpu')
    const weights = initWeights({ vocabSize, embeddingDim: 32, lstmUnits: [40, 40, 24] }, 9)
    for (const l of weights.layers) l.recurrentKernel.forEach((x, i, a) => (a[i] = x * 3))
    const model = weightsToModel(weights, { batchSize: 3, seqLen: 1 })
    const stepper = native.createStepper(weights, 3)
    let worst = 0
    for (let t = 0; t < 50; t++) {
      const row = Int32Array.from({ length: 3 }, (_, b) => tokens[5000 * b + t])
      const expected = tf.tidy(() => (model.predict(tf.tensor2d(row, [3, 1], 'int32')) as tf.Tensor).dataSync())
      worst = Math.max(worst, relativeError(softmaxRows(stepper.step(row), vocabSize), expected))
    }
    expect(worst).toBeLessThan(1e-4)
    stepper.copyRow(2, 0)
    const out = stepper.step(Int32Array.of(7, 1, 7))
    expect(Array.from(out.subarray(0, vocabSize))).toEqual(Array.from(out.subarray(2 * vocabSize)))
    expect(() => stepper.step(Int32Array.of(0, vocabSize, 0))).toThrow(/outside the vocabulary/)
    // resetRow zeroes one row: it then reads like a fresh stepper's row, the others go on.
    const fresh = native.createStepper(weights, 1)
    const first = Array.from(fresh.step(Int32Array.of(7)))
    stepper.resetRow(1)
    const after = stepper.step(Int32Array.of(3, 7, 3))
    expect(relativeError(after.subarray(vocabSize, 2 * vocabSize), Float32Array.from(first))).toBeLessThan(1e-5)
    expect(relativeError(after.subarray(0, vocabSize), Float32Array.from(first))).toBeGreaterThan(1e-3)
    expect(() => stepper.resetRow(3)).toThrow(/outside the batch/)
    fresh.dispose()
    model.dispose()
    stepper.dispose()
    delete process.env.TUNESMITH_NO_PACKED
    delete process.env.TUNESMITH_KERNELS
  })

  // Row counts past one register block (AVX2 takes 3 rows at a time, AVX-512 4) and a single row:
  // the packed few-row kernel of each level against the BLAS path, same weights and tokens.
  for (const level of loaded.addon.info().kernelLevels) it(`${level} kernels: 1, 5 and 7 rows step as the BLAS path does`, () => {
    process.env.TUNESMITH_KERNELS = level
    const weights = initWeights({ vocabSize, embeddingDim: 32, lstmUnits: [40, 24] }, 4)
    for (const rows of [1, 5, 7]) {
      const packed = native.createStepper(weights, rows)
      process.env.TUNESMITH_NO_PACKED = '1'
      const blas = native.createStepper(weights, rows)
      delete process.env.TUNESMITH_NO_PACKED
      let worst = 0
      for (let t = 0; t < 20; t++) {
        const row = Int32Array.from({ length: rows }, (_, b) => tokens[3000 * b + t])
        worst = Math.max(worst, relativeError(packed.step(row).slice(), blas.step(row)))
      }
      expect(worst, `${rows} rows`).toBeLessThan(1e-5)
      packed.dispose()
      blas.dispose()
    }
    delete process.env.TUNESMITH_KERNELS
  })
})
