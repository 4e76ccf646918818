/**
 * What the rest of the app needs from an LSTM engine. The fast native/WebAssembly engine and the
 * tfjs reference both implement these, so the trainer and the sampler never know which one runs.
 * Weights always travel as `CharLstmWeights` (Keras layout, see model/weights.ts).
 */
import type { CharLstmWeights, ModelShape } from './weights'

export type EngineKind = 'native' | 'wasm' | 'js' | 'tfjs-node' | 'tfjs-wasm' | 'tfjs-cpu'

export interface TrainerOptions {
  batchSize: number
  seqLen: number
  /** Dropout after each LSTM layer, applied in training steps only. */
  dropout: number
  learningRate: number
  /** Clip gradients by global norm (0 = no clipping). */
  clipNorm: number
  /** Seed of dropout masks, so a run is reproducible. */
  seed: number
  /** Worker threads / BLAS threads to use; undefined = engine's choice. */
  threads?: number
}

/** Adam moments and step count, saved in checkpoints so a resumed run continues exactly. */
export interface OptimizerState {
  step: number
  /** First and second moments, one array per weight tensor, in `weightTensorOrder`. */
  m: Float32Array[]
  v: Float32Array[]
}

export interface LstmTrainer {
  readonly kind: EngineKind
  readonly shape: ModelShape
  readonly options: TrainerOptions
  /**
   * One stateful training step on a [batchSize, seqLen] window (row b of `inputs` continues the
   * stream that row b of the previous window left off). `targets` are the next characters.
   * Returns the mean cross-entropy in nats over the window. The native engine returns NaN and
   * skips the update when the loss or gradients are not finite (weights stay as they were).
   */
  trainStep(inputs: Int32Array, targets: Int32Array): number
  /** Mean cross-entropy (nats) with no dropout and no update; carries its own evaluation state. */
  evaluate(inputs: Int32Array, targets: Int32Array): number
  /** Zero the carried LSTM state (start of an epoch); `which` picks training or evaluation state. */
  resetState(which?: 'train' | 'eval'): void
  getWeights(): CharLstmWeights
  setWeights(weights: CharLstmWeights): void
  getOptimizerState(): OptimizerState
  setOptimizerState(state: OptimizerState): void
  /** The Adam step size from the next step on (the loop's schedule: warm-up, per-epoch decay). */
  setLearningRate(lr: number): void
  dispose(): void
}

/**
 * Forward-only stepping for sampling, batched over variations: one call advances every row by
 * one character and returns the logits (pre-softmax) for the next character.
 */
export interface LstmStepper {
  readonly kind: EngineKind
  readonly batchSize: number
  readonly vocabSize: number
  /** Feed one token per row; returns logits [batchSize * vocabSize] (valid until the next call). */
  step(tokens: Int32Array): Float32Array
  /** Zero every row's state. */
  reset(): void
  /** Zero one row's state while the others go on (a row starting its next tune in batched scoring). */
  resetRow(row: number): void
  /** Copy row `from`'s state to row `to` (prime once, then fan out to N variations). */
  copyRow(from: number, to: number): void
  /**
   * Row `row`'s state: h then c of each layer, bottom up (Σ 2·units floats). Any stepper over the
   * same weights reads it back with setRowState, whatever its batch size or engine, so a context
   * every row shares is read once by a one-row stepper instead of by every row.
   */
  getRowState(row: number): Float32Array
  setRowState(row: number, state: Float32Array): void
  dispose(): void
}

export interface LstmEngine {
  readonly kind: EngineKind
  /** Human-readable description for the UI ("native, OpenBLAS 0.3.21, 2 threads"). */
  describe(): string
  createTrainer(weights: CharLstmWeights, options: TrainerOptions): LstmTrainer
  createStepper(weights: CharLstmWeights, batchSize: number): LstmStepper
}
