/**
 * Messages between the main thread (runner.ts) and the training worker (worker.ts). The worker
 * computes; the main thread owns the library, so checkpoints travel back as bytes (already in
 * Layers format) and the main thread writes them in one transaction and answers with the id.
 */
import type { CheckpointData, LoopConfig, LoopResult, StepReport } from './loop'
import type { ModelShape } from '../../engine/weights'
import type { VocabJson } from '../vocab'
import type { ConformReport } from '../vocab'
import type { EnginePreference } from './backend'
import type { GrownChar } from '../corpus/training-data'
import type { DialectTotals } from '../corpus/training-text'

export type StartWeights =
  | { kind: 'init'; seed: number }
  /** A checkpoint's Layers-format parts; `resumeBlob` set = continue that run exactly. */
  | { kind: 'checkpoint'; modelJson: string; weightData: Uint8Array; resumeBlob?: Uint8Array }

export interface WorkerJob {
  /** Tunes in corpus order (before cleaning). */
  tunes: string[]
  /** Each tune's ordinal in corpus order, for the validation split (see corpus/split.ts). */
  ordinals?: number[]
  /** The parent's vocabulary (fine-tune: grown by the corpus's new characters; resume: kept); omitted = build it from the tunes. */
  vocab?: VocabJson
  /** Sizes of a new model (ignored when starting from a checkpoint: its sizes are kept). */
  sizes: Omit<ModelShape, 'vocabSize'>
  config: LoopConfig
  start: StartWeights
  /** Engine choice: undefined = the best available. */
  engine?: EnginePreference
  /** The native addon's path when it is not in the source tree (packaged app). */
  addonPath?: string
}

/** A loop checkpoint on its way to the library: the weights and resume state as bytes. */
export interface CheckpointMessage extends Omit<CheckpointData, 'weights' | 'resume'> {
  type: 'checkpoint'
  requestId: number
  modelJson: string
  weightData: Uint8Array
  resumeBlob: Uint8Array
}

export type FromWorker =
  | {
      type: 'ready'
      backend: string
      vocab: VocabJson
      shape: ModelShape
      tuneCount: { train: number; validation: number }
      conform: ConformReport
      /** Characters appended to the parent's vocabulary (a fine-tune), with their counts. */
      grown: GrownChar[]
      /** What putting the corpus into the model's dialect did (corpus/training-text.ts). */
      dialect: DialectTotals
      stepsPerEpoch: number
    }
  | ({ type: 'step' } & StepReport)
  /** Paused: every step and checkpoint before this message has been sent, none follows until resumed. */
  | { type: 'paused' }
  | CheckpointMessage
  | { type: 'done'; result: LoopResult }
  | { type: 'error'; message: string }

export type ToWorker =
  | { type: 'start'; job: WorkerJob }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'checkpointSaved'; requestId: number; checkpointId: number }
  | { type: 'checkpointFailed'; requestId: number; message: string }
