/**
 * The native engine: a C++ N-API addon (src-main/engine/native/) over CBLAS. One call per
 * training step runs the whole window's forward, BPTT backward, clipping and Adam in C++.
 *
 * Where it comes from: `npm install` runs scripts/build-engine.mjs, which builds it with node-gyp
 * against OpenBLAS on Linux (libopenblas-dev) or Accelerate on macOS. N-API is ABI-stable, so the
 * same .node file loads in Node and in Electron (main process or worker threads). Windows and
 * machines without a compiler or BLAS get no addon; a packaged app carries the addon built on the
 * machine that packaged it (resources/native, see docs/desktop.md), and everything else falls back
 * to tfjs for training and the plain-JS stepper for sampling (see load-engine.ts).
 *
 * Threads: OpenBLAS threads, not data-parallel workers: BLAS threads need no gradient averaging
 * and no second copy of the model, and they scale where there are real cores. Measured
 * (docs/engine-performance.md): on the 2-vCPU development VM, whose two vCPUs share one core's
 * FPUs, a second thread is no faster (B=16 is slower: 1 thread 3,000-7,700 chars/s vs 2 threads
 * 2,000-3,300, interleaved runs on a loaded machine); on a 16-core machine without SMT the
 * seed-size model went 1,330 → 2,350 → 4,130 → 6,690 chars/s at 1, 2, 4, 8 threads (batch 64).
 * Hence the default in `defaultThreads`. The count is process-wide (an OpenBLAS setting).
 */
import { existsSync } from 'node:fs'
import os from 'node:os'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CharLstmWeights, ModelShape } from './weights'
import type { LstmEngine, LstmStepper, LstmTrainer, OptimizerState, TrainerOptions } from './types'
import { flattenWeights, shapeOf, splitFlat, unflattenWeights, weightTensorOrder, type TensorSpec } from './flat-weights'
import { checkLearningRate, checkWindow, validateTrainerOptions } from './trainer-options'

interface ModelConfig {
  vocabSize: number
  embeddingDim: number
  lstmUnits: number[]
}

interface NativeTrainerHandle {
  trainStep(inputs: Int32Array, targets: Int32Array): number
  gradients(inputs: Int32Array, targets: Int32Array, out: Float32Array): number
  evaluate(inputs: Int32Array, targets: Int32Array): number
  resetState(which?: 'train' | 'eval'): void
  getParams(out: Float32Array): void
  setParams(params: Float32Array): void
  getAdam(m: Float32Array, v: Float32Array): number
  setAdam(m: Float32Array, v: Float32Array, step: number): void
  setLearningRate(lr: number): void
  profile(reset?: boolean): NativeProfile
  kernels(): string
  dispose(): void
}

interface NativeStepperHandle {
  step(tokens: Int32Array, logits: Float32Array): void
  reset(): void
  resetRow(row: number): void
  copyRow(from: number, to: number): void
  getRowState(row: number, out: Float32Array): void
  setRowState(row: number, state: Float32Array): void
  dispose(): void
}

export interface NativeAddon {
  Trainer: new (config: ModelConfig & Omit<TrainerOptions, 'threads'>, params: Float32Array) => NativeTrainerHandle
  Stepper: new (config: ModelConfig, batchSize: number, params: Float32Array) => NativeStepperHandle
  /**
   * `kernels`: the instruction-set level new trainers and steppers use (the best the CPU has, or
   * TUNESMITH_KERNELS=avx512|avx2|generic; throws when that names a level the CPU lacks);
   * `kernelLevels`: every level this CPU can run, best first.
   */
  info(): { blas: string; threads: number; kernels: string; kernelLevels: string[] }
  setThreads(n: number): void
  /** Seconds per C[m,n] = A[m,k] @ B[k,n] through the engine's BLAS (best of `reps`): the benchmark's ceiling. */
  sgemmSeconds(m: number, k: number, n: number, reps: number): number
}

/** Milliseconds spent per phase of the training step, accumulated since the last reset. */
export interface NativeProfile {
  steps: number
  gradNorm: number
  ms: Record<string, number>
}

/** The native trainer also exposes raw gradients (for tests) and its phase profile. */
export interface NativeTrainer extends LstmTrainer {
  /** Forward + backward with no dropout and no update (state carried); flat gradients in weight order. */
  gradients(inputs: Int32Array, targets: Int32Array): { loss: number; gradients: Float32Array }
  profile(reset?: boolean): NativeProfile
  /** The kernel level this trainer runs ("avx512", "avx2", "generic"; see NativeAddon.info). */
  kernels(): string
}

export const ADDON_FILE = 'tunesmith_engine.node'

/** Where `npm install` builds the addon, relative to the project root (the Electron shell and packaging use it too). */
export const ADDON_BUILD_PATH = path.join('src-main', 'engine', 'native', 'build', 'Release', ADDON_FILE)

/**
 * Where the addon may be: an explicit path is the only candidate when given (the Electron shell
 * always passes one: its bundle does not sit beside the source tree, and a desktop app's working
 * directory is anywhere); otherwise the env override, then the project's build folder (the Node
 * shells, from the sources through tsx or from the CLI's bundle in out/cli). Never the working directory.
 */
export function addonCandidates(explicit?: string): string[] {
  if (explicit) return [explicit]
  // Two folders below the project root both as source (src-main/engine) and bundled (out/cli).
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
  return [process.env.TUNESMITH_ENGINE_ADDON, path.join(projectRoot, ADDON_BUILD_PATH)].filter(
    (p): p is string => typeof p === 'string' && p.length > 0,
  )
}

/** Loads the addon, or returns why it could not (never throws). */
export function loadAddon(explicit?: string): { addon: NativeAddon; file: string } | { error: string } {
  const require = createRequire(import.meta.url)
  const tried: string[] = []
  for (const file of addonCandidates(explicit)) {
    if (!existsSync(file)) {
      tried.push(`${file} (missing)`)
      continue
    }
    try {
      return { addon: require(file) as NativeAddon, file }
    } catch (err) {
      tried.push(`${file} (${err instanceof Error ? err.message : String(err)})`)
    }
  }
  return { error: `native engine not available: ${tried.join('; ')}` }
}

function modelConfig(shape: ModelShape): ModelConfig {
  return { vocabSize: shape.vocabSize, embeddingDim: shape.embeddingDim, lstmUnits: [...shape.lstmUnits] }
}

/**
 * Half the logical CPUs, at most 8, and 1 on machines with fewer than 4: desktops with SMT get
 * one thread per physical core (hyperthread pairs share FPUs, so more only adds contention), and
 * small VMs, where the vCPUs are often hyperthreads of one core, stay single-threaded.
 */
export function defaultThreads(logicalCpus = os.availableParallelism()): number {
  return logicalCpus < 4 ? 1 : Math.min(8, Math.floor(logicalCpus / 2))
}

export function createNativeEngine(addon: NativeAddon): LstmEngine {
  // The default count from the start, not OpenBLAS's own (all CPUs): otherwise `describe()` and
  // the sampling steppers follow whatever the last trainer set, and a training run announced
  // "2 BLAS threads" on a 2-vCPU machine while its trainer ran on one.
  addon.setThreads(defaultThreads())
  return {
    kind: 'native',
    describe(): string {
      const info = addon.info()
      return `native C++ engine, ${info.blas}, ${info.kernels} kernels, ${info.threads} BLAS thread${info.threads === 1 ? '' : 's'}`
    },
    createTrainer: (weights: CharLstmWeights, options: TrainerOptions): NativeTrainer => createNativeTrainer(addon, weights, options),
    createStepper: (weights: CharLstmWeights, batchSize: number): LstmStepper => createNativeStepper(addon, weights, batchSize),
  }
}

function createNativeTrainer(addon: NativeAddon, weights: CharLstmWeights, options: TrainerOptions): NativeTrainer {
  validateTrainerOptions(options)
  const shape = shapeOf(weights)
  const flat = flattenWeights(weights)
  addon.setThreads(options.threads ?? defaultThreads())
  const { threads: _threads, ...coreOptions } = options
  const handle = new addon.Trainer({ ...modelConfig(shape), ...coreOptions }, flat)
  const specs = weightTensorOrder(shape)
  return {
    kind: 'native',
    shape,
    options: { ...options },
    trainStep(inputs, targets) {
      checkWindow(options, inputs, targets)
      return handle.trainStep(inputs, targets)
    },
    evaluate(inputs, targets) {
      checkWindow(options, inputs, targets)
      return handle.evaluate(inputs, targets)
    },
    gradients(inputs, targets) {
      checkWindow(options, inputs, targets)
      const gradients = new Float32Array(flat.length)
      const loss = handle.gradients(inputs, targets, gradients)
      return { loss, gradients }
    },
    resetState(which) {
      handle.resetState(which)
    },
    getWeights() {
      const out = new Float32Array(flat.length)
      handle.getParams(out)
      return unflattenWeights(shape, out)
    },
    setWeights(w) {
      const next = shapeOf(w)
      if (JSON.stringify(next) !== JSON.stringify(shape)) throw new Error(`weights of shape ${JSON.stringify(next)} do not fit this trainer (${JSON.stringify(shape)})`)
      handle.setParams(flattenWeights(w))
    },
    getOptimizerState(): OptimizerState {
      const m = new Float32Array(flat.length)
      const v = new Float32Array(flat.length)
      const step = handle.getAdam(m, v)
      return { step, m: splitFlat(shape, m), v: splitFlat(shape, v) }
    },
    setOptimizerState(state) {
      if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`optimizer step must be a non-negative integer, got ${state.step}`)
      handle.setAdam(joinMoments(specs, flat.length, state.m, 'm'), joinMoments(specs, flat.length, state.v, 'v'), state.step)
    },
    setLearningRate(lr) {
      checkLearningRate(lr)
      handle.setLearningRate(lr)
    },
    profile(reset) {
      return handle.profile(reset)
    },
    kernels: () => handle.kernels(),
    dispose() {
      handle.dispose()
    },
  }
}

/** One Adam moment (`what`: m or v) as one array of `length` values, from its parts in weight order, each checked. */
function joinMoments(specs: TensorSpec[], length: number, parts: Float32Array[], what: string): Float32Array {
  if (parts.length !== specs.length) throw new Error(`optimizer state has ${parts.length} ${what} tensors, the model has ${specs.length}`)
  const out = new Float32Array(length)
  let offset = 0
  parts.forEach((p, i) => {
    const n = specs[i].shape.reduce((a, b) => a * b, 1)
    if (p.length !== n) throw new Error(`optimizer ${what} tensor ${specs[i].name} has ${p.length} values, expected ${n}`)
    out.set(p, offset)
    offset += n
  })
  return out
}

function createNativeStepper(addon: NativeAddon, weights: CharLstmWeights, batchSize: number): LstmStepper {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`)
  const shape = shapeOf(weights)
  const handle = new addon.Stepper(modelConfig(shape), batchSize, flattenWeights(weights))
  const logits = new Float32Array(batchSize * shape.vocabSize)
  const stateSize = 2 * shape.lstmUnits.reduce((a, b) => a + b, 0)
  return {
    kind: 'native',
    batchSize,
    vocabSize: shape.vocabSize,
    step(tokens) {
      if (!(tokens instanceof Int32Array) || tokens.length !== batchSize) throw new Error(`step needs ${batchSize} tokens (one per row)`)
      handle.step(tokens, logits)
      return logits
    },
    reset() {
      handle.reset()
    },
    resetRow(row) {
      handle.resetRow(row)
    },
    copyRow(from, to) {
      handle.copyRow(from, to)
    },
    getRowState(row) {
      const out = new Float32Array(stateSize)
      handle.getRowState(row, out)
      return out
    },
    setRowState(row, state) {
      handle.setRowState(row, state)
    },
    dispose() {
      handle.dispose()
    },
  }
}
