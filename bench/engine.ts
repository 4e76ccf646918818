/**
 * Section 'engine': training throughput (chars/s and achieved GFLOP/s) of the native engine at
 * 1 and 2 BLAS threads and batch 16 / 64, beside tfjs wasm and tfjs cpu, for the seed-size and
 * the small model; sampling steps/s for 1 and 3 rows (native, plain JS, tfjs wasm predict).
 * Beside them, this machine's arithmetic ceiling: SGEMM through the same BLAS at the shapes a
 * seed-size training step multiplies (`ceilingGflops`), and how much of it the engine reaches
 * (`ceilingShare`), with the CPU's model, vector features and the kernel level the engine chose.
 * The machine is shared: figures are noisy, so the load average before and after is reported.
 */
import os from 'node:os'
import * as tf from '@tensorflow/tfjs-core'
import type { BenchSection, JsonValue } from './section'
import type { ModelShape } from '../src-main/engine/weights'
import type { LstmStepper, LstmTrainer } from '../src-main/engine/types'
import { initWeights } from '../src-main/engine/init-weights'
import { createNativeEngine, loadAddon, type NativeAddon, type NativeTrainer } from '../src-main/engine/native-engine'
import type { LstmEngine } from '../src-main/engine/types'
import { createTfjsEngine, initTfjsBackend, type TfjsKind } from '../src-main/engine/tfjs-engine'
import { createJsStepper } from '../src-main/engine/js-stepper'
import { weightsToModel } from '../src-main/engine/layers-format'
import { cpuInfo } from '../src-main/engine/cpu-info'

const SEQ = 64
const MODELS: Record<string, ModelShape> = {
  seed: { vocabSize: 88, embeddingDim: 512, lstmUnits: [256, 256, 256] },
  small: { vocabSize: 88, embeddingDim: 64, lstmUnits: [256, 256] },
}

/** Multiply-adds ×2 of forward (input + recurrent projections, dense) ×3 for forward + backward. */
function flopPerChar(shape: ModelShape): number {
  let fwd = 0
  let input = shape.embeddingDim
  for (const units of shape.lstmUnits) {
    fwd += 2 * (input + units) * 4 * units
    input = units
  }
  fwd += 2 * input * shape.vocabSize
  return 3 * fwd
}

/** The native engine's own count: the bottom layer's embedding products go through a per-token table. */
function nativeFlopPerChar(shape: ModelShape): number {
  return flopPerChar(shape) - 3 * 2 * shape.embeddingDim * 4 * shape.lstmUnits[0]
}

function window(batch: number, vocab: number, salt: number): { inputs: Int32Array; targets: Int32Array } {
  // Fixed pseudo-text: throughput does not depend on which characters are fed.
  const inputs = Int32Array.from({ length: batch * SEQ }, (_, i) => (i * 31 + salt * 7) % vocab)
  const targets = Int32Array.from({ length: batch * SEQ }, (_, i) => (i * 17 + salt * 3 + 1) % vocab)
  return { inputs, targets }
}

/** Total seconds of the timed steps, and the fastest step's (the least disturbed by other processes). */
function timeTraining(trainer: LstmTrainer, vocab: number, warmup: number, steps: number): { seconds: number; bestStep: number } {
  const b = trainer.options.batchSize
  for (let i = 0; i < warmup; i++) {
    const w = window(b, vocab, i)
    trainer.trainStep(w.inputs, w.targets)
  }
  const ws = Array.from({ length: steps }, (_, i) => window(b, vocab, i + warmup))
  let seconds = 0
  let bestStep = Infinity
  for (const w of ws) {
    const t0 = performance.now()
    trainer.trainStep(w.inputs, w.targets)
    const s = (performance.now() - t0) / 1000
    seconds += s
    bestStep = Math.min(bestStep, s)
  }
  return { seconds, bestStep }
}

function timeStepper(step: (tokens: Int32Array) => void, rows: number, seconds: number): number {
  const tokens = new Int32Array(rows)
  for (let i = 0; i < 20; i++) step(tokens)
  let n = 0
  const t0 = performance.now()
  while (performance.now() - t0 < seconds * 1000) {
    for (let k = 0; k < 20; k++, n++) {
      tokens[0] = n % 88
      step(tokens)
    }
  }
  return n / ((performance.now() - t0) / 1000)
}

const round = (x: number, digits = 0): number => Math.round(x * 10 ** digits) / 10 ** digits
const THREADS = [1, 2]

interface TrainingRow {
  model: string
  engine: string
  threads: number
  batch: number
  steps: number
  charsPerSec: number
  /** From the fastest timed step: what the engine does when nothing else takes the CPU. */
  bestCharsPerSec: number
  gflopsNominal: number
  msPerStep: number
}

/** What a run measures into: rows, skipped cases (with why), the seed-size batch-64 phase profile. */
interface Collected {
  training: TrainingRow[]
  sampling: JsonValue[]
  skipped: string[]
  profile: JsonValue
}

type Log = (message: string) => void

function recorder(out: Collected, model: string, fpc: number) {
  return (engine: string, threads: number, batch: number, steps: number, { seconds, bestStep }: { seconds: number; bestStep: number }): void => {
    const chars = batch * SEQ * steps
    out.training.push({ model, engine, threads, batch, steps, charsPerSec: round(chars / seconds), bestCharsPerSec: round((batch * SEQ) / bestStep), gflopsNominal: round((chars * fpc) / seconds / 1e9, 1), msPerStep: round((seconds * 1000) / steps, 1) })
  }
}

function nativeTraining(native: LstmEngine, model: string, shape: ModelShape, out: Collected, quick: boolean, log: Log): void {
  const weights = initWeights(shape, 1)
  const record = recorder(out, model, flopPerChar(shape))
  for (const threads of THREADS) {
    for (const batch of [16, 64]) {
      if (quick && threads === 2 && model === 'small') {
        out.skipped.push(`native small threads 2 batch ${batch} (--quick)`)
        continue
      }
      const steps = quick ? (batch === 64 ? 2 : 4) : batch === 64 ? 8 : 24
      log(`engine: native ${model} threads ${threads} batch ${batch}`)
      const trainer = native.createTrainer(weights, { batchSize: batch, seqLen: SEQ, dropout: 0.2, learningRate: 1e-3, clipNorm: 5, seed: 1, threads }) as NativeTrainer
      trainer.trainStep(window(batch, shape.vocabSize, 99).inputs, window(batch, shape.vocabSize, 99).targets)
      trainer.profile(true)
      record('native', threads, batch, steps, timeTraining(trainer, shape.vocabSize, 0, steps))
      if (model === 'seed' && threads === 1 && batch === 64) {
        const p = trainer.profile()
        out.profile = Object.fromEntries(Object.entries(p.ms).map(([k, v]) => [k, round(v / p.steps, 1)]))
      }
      trainer.dispose()
    }
  }
}

async function tfjsTraining(model: string, shape: ModelShape, out: Collected, quick: boolean, log: Log): Promise<void> {
  const weights = initWeights(shape, 1)
  const record = recorder(out, model, flopPerChar(shape))
  const cases: [TfjsKind, number][] = [
    ['tfjs-wasm', 16],
    ['tfjs-cpu', 16],
  ]
  for (const [kind, batch] of cases) {
    if (quick && (kind === 'tfjs-cpu' || model === 'seed')) {
      out.skipped.push(`${kind} ${model} batch ${batch} (--quick: one step takes 4-30 s)`)
      continue
    }
    log(`engine: ${kind} ${model} batch ${batch}`)
    await initTfjsBackend(kind)
    const trainer = createTfjsEngine(kind).createTrainer(weights, { batchSize: batch, seqLen: SEQ, dropout: 0.2, learningRate: 1e-3, clipNorm: 5, seed: 1 })
    const steps = 1
    record(kind, 1, batch, steps, timeTraining(trainer, shape.vocabSize, 1, steps))
    trainer.dispose()
  }
}

/** Sampling: one step advances every row by one character. */
async function samplingRows(native: LstmEngine | null, addon: NativeAddon | null, model: string, shape: ModelShape, out: Collected, quick: boolean): Promise<void> {
  const weights = initWeights(shape, 1)
  const seconds = quick ? 0.3 : 1.5
  for (const rows of [1, 3]) {
    const steppers: [string, () => LstmStepper | null][] = [
      ['native', () => (native ? native.createStepper(weights, rows) : null)],
      ['js', () => createJsStepper(weights, rows)],
    ]
    addon?.setThreads(1)
    for (const [engine, make] of steppers) {
      const stepper = make()
      if (!stepper) continue
      out.sampling.push({ model, engine, rows, stepsPerSec: round(timeStepper((t) => stepper.step(t), rows, engine === 'js' ? seconds / 2 : seconds)) })
      stepper.dispose()
    }
    await initTfjsBackend('tfjs-wasm')
    const tfModel = weightsToModel(weights, { batchSize: rows, seqLen: 1 })
    const perSec = timeStepper((t) => tf.tidy(() => void (tfModel.predict(tf.tensor2d(t, [rows, 1], 'int32')) as tf.Tensor).dataSync()), rows, seconds / 2)
    out.sampling.push({ model, engine: 'tfjs-wasm predict', rows, stepsPerSec: round(perSec) })
    tfModel.dispose()
  }
}

/**
 * The products of one seed-size training step at batch 64 (native engine), as SGEMM shapes with
 * their call counts: per timestep, the recurrent product forward and its transpose backward
 * ([batch, units] × [units, 4·units], every layer, ~40 % of the FLOPs); per window, the input
 * projections, weight and input gradients ([batch·SEQ, units] × [units, 4·units] and the same
 * sizes transposed, ~60 %). The dense layer's products (~1 %) are left out.
 */
function stepShapes(shape: ModelShape, batch: number): { m: number; k: number; n: number; calls: number }[] {
  const layers = shape.lstmUnits.length
  const units = shape.lstmUnits[0]
  return [
    { m: batch, k: units, n: 4 * units, calls: layers * (2 * SEQ - 1) },
    // Input projections, kernel gradients and input gradients above the bottom layer; recurrent gradients in every layer.
    { m: batch * SEQ, k: units, n: 4 * units, calls: 3 * (layers - 1) + layers },
  ]
}

/**
 * SGEMM GFLOP/s at the step's shapes through the engine's BLAS, per thread count: the step's
 * FLOPs over the time SGEMM alone takes for them (each shape timed best-of-N). The ceiling is
 * the best thread count's.
 */
function sgemmCeiling(addon: NativeAddon, quick: boolean): { ceilingGflops: number; shapes: JsonValue[] } {
  const shapes = stepShapes(MODELS.seed, 64)
  const rows: JsonValue[] = []
  let ceiling = 0
  for (const threads of THREADS) {
    addon.setThreads(threads)
    let flops = 0
    let seconds = 0
    for (const { m, k, n, calls } of shapes) {
      const perCall = addon.sgemmSeconds(m, k, n, quick ? 10 : 40)
      rows.push({ threads, m, k, n, gflops: round((2 * m * k * n) / perCall / 1e9, 1) })
      flops += 2 * m * k * n * calls
      seconds += perCall * calls
    }
    ceiling = Math.max(ceiling, flops / seconds / 1e9)
  }
  return { ceilingGflops: round(ceiling, 1), shapes: rows }
}

/** The engine's best effective GFLOP/s on the seed-size model at batch 64 (its own FLOP count), over the ceiling. */
function ceilingShare(training: TrainingRow[], ceilingGflops: number | null): { engineGflops: number | null; share: number | null } {
  // Fastest step against best-of-N SGEMM timings: both the least disturbed by other processes.
  const best = training.filter((r) => r.model === 'seed' && r.engine === 'native' && r.batch === 64).reduce((m, r) => Math.max(m, r.bestCharsPerSec), 0)
  if (best === 0 || !ceilingGflops) return { engineGflops: null, share: null }
  const gflops = (best * nativeFlopPerChar(MODELS.seed)) / 1e9
  return { engineGflops: round(gflops, 1), share: round(gflops / ceilingGflops, 2) }
}

export const engineSection: BenchSection = {
  name: 'engine',
  async run({ quick, log }) {
    const loadStart = os.loadavg().map((x) => round(x, 2))
    const out: Collected = { training: [], sampling: [], skipped: [], profile: null }
    const loaded = loadAddon()
    const addon = 'addon' in loaded ? loaded.addon : null
    const native = addon ? createNativeEngine(addon) : null
    if (!native) out.skipped.push(`native engine: ${'error' in loaded ? loaded.error : ''}`)
    log('engine: SGEMM ceiling at the engine\'s shapes')
    const ceiling = addon ? sgemmCeiling(addon, quick) : null
    for (const [model, shape] of Object.entries(MODELS)) {
      if (native) nativeTraining(native, model, shape, out, quick, log)
      await tfjsTraining(model, shape, out, quick, log)
      await samplingRows(native, addon, model, shape, out, quick)
    }
    const share = ceilingShare(out.training, ceiling?.ceilingGflops ?? null)
    return {
      note: 'machine shared with other processes: figures are noisy; compare rows measured in the same run',
      engine: native ? native.describe() : 'native engine not built',
      cpu: cpuInfo(),
      kernels: addon ? addon.info().kernels : null,
      openblasCoretype: process.env.OPENBLAS_CORETYPE ?? null,
      seqLen: SEQ,
      ceilingGflops: ceiling?.ceilingGflops ?? null,
      ceilingShare: share.share,
      seedBatch64EngineGflops: share.engineGflops,
      ceilingNote: 'SGEMM through the engine\'s BLAS at a seed-size batch-64 step\'s shapes, best of N calls, best thread count; share = the engine\'s fastest seed-size batch-64 step (chars/s × its MFLOP per char) ÷ ceiling',
      sgemm: ceiling?.shapes ?? [],
      gflopsNominal: 'textbook FLOP count per trained character (the work PyTorch and tfjs do) × chars/s',
      mflopPerChar: Object.fromEntries(Object.entries(MODELS).map(([k, s]) => [k, round(flopPerChar(s) / 1e6, 2)])),
      mflopPerCharNative: Object.fromEntries(Object.entries(MODELS).map(([k, s]) => [k, round(nativeFlopPerChar(s) / 1e6, 2)])),
      training: out.training as unknown as JsonValue[],
      seedBatch64Profile_msPerStep: out.profile,
      sampling: out.sampling,
      skipped: out.skipped,
      loadAvgStart: loadStart,
      loadAvgEnd: os.loadavg().map((x) => round(x, 2)),
    }
  },
}
