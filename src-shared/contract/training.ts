/**
 * Training: start/pause/resume/stop a run of the char-LSTM on a corpus, follow its progress,
 * list runs, checkpoints and models. One run at a time (training uses every core there is).
 */
import { z } from 'zod'
import { call, event } from './channel'

export type TrainingState = 'idle' | 'preparing' | 'running' | 'paused' | 'stopping'
export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed' | 'interrupted'

export interface ModelSizes {
  /** Embedding width. */
  embedding: number
  /** Units of each stacked LSTM layer, bottom first. */
  units: number[]
}

export interface TrainingProgress {
  runId: number
  modelId: number
  modelName: string
  /** Which engine trains: 'native', 'wasm', 'tfjs-wasm'... and its description. */
  backend: string
  state: TrainingState
  /** Why this event: a periodic step report, a checkpoint written, an epoch ended, the run ended. */
  kind: 'step' | 'checkpoint' | 'epoch' | 'done'
  step: number
  /** Epochs done, fractional (2.5 = halfway through the third epoch). */
  epoch: number
  epochs: number
  /** Mean training cross-entropy (nats/char) over the steps since the last report. */
  trainLoss: number | null
  /** Latest validation cross-entropy in bits per character (null before the first evaluation). */
  valBits: number | null
  bestValBits: number | null
  charsPerSec: number
  /** Seconds left for the planned epochs at the current speed (early stopping may end sooner). */
  etaSeconds: number | null
  checkpointId?: number
  /** Set on 'done': the final status, and the error when it failed. */
  status?: RunStatus
  message?: string
}

export interface TrainingStatusInfo {
  state: TrainingState
  /** The latest progress of the current run, or of the last run in this session. */
  progress: TrainingProgress | null
}

export interface TrainingRunSummary {
  id: number
  modelId: number
  modelName: string
  corpusId: number | null
  status: RunStatus
  backend: string
  startedAt: string
  endedAt: string | null
  error: string | null
  /** The run's learning curve, one point per evaluation. */
  points: { step: number; epoch: number; trainLoss: number | null; valBits: number | null; charsPerSec: number | null }[]
}

export interface CheckpointSummary {
  id: number
  modelId: number
  runId: number | null
  step: number
  epoch: number
  trainLoss: number | null
  valBits: number | null
  isBest: boolean
  createdAt: string
}

export interface ModelSummary {
  id: number
  name: string
  source: 'bundled' | 'trained' | 'imported'
  isDefault: boolean
  sizes: ModelSizes
  vocabSize: number
  parameters: number
  bestCheckpointId: number | null
  bestValBits: number | null
  createdAt: string
}

/** The seed tutorial's sizes: Embedding 512 → 3 × LSTM 256. */
export const DEFAULT_SIZES: ModelSizes = { embedding: 512, units: [256, 256, 256] }

const Sizes = z.object({
  embedding: z.number().int().min(8).max(1024),
  units: z.array(z.number().int().min(8).max(1024)).min(1, 'at least one LSTM layer').max(4, 'at most 4 LSTM layers'),
})

export const TrainingStartInput = z
  .object({
  /** The corpus to train on; a resumed run keeps its own (this may then be left out). */
  corpusId: z.number().int().positive().optional(),
  modelName: z.string().trim().min(1).max(100),
  sizes: Sizes.default(DEFAULT_SIZES),
  epochs: z.number().int().min(1).max(1000).default(50),
  batch: z.number().int().min(1).max(256).default(32),
  seqLen: z.number().int().min(8).max(512).default(64),
  /**
   * Adam learning rate at the first epoch. The defaults of lr, lrDecay and dropout are the recipe
   * measured fastest to a good model (docs/model.md, "Time to quality"; bench timeToQuality).
   */
  lr: z.number().positive().max(1).default(3e-3),
  /** Learning rate multiplier per epoch (1 = constant). */
  lrDecay: z.number().min(0.5).max(1).default(0.93),
  dropout: z.number().min(0).max(0.9).default(0.2),
  /**
   * Steps over which the learning rate rises linearly to lr at the start of a fresh run (0 = none;
   * never longer than the first epoch). With lr 3e-3 it keeps an unlucky start from costing the
   * run (docs/model.md, "Time to quality").
   */
  warmupSteps: z.number().int().min(0).max(100_000).default(200),
  /** Gradient clipping by global norm (0 = off). */
  clipNorm: z.number().min(0).max(100).default(5),
  /** Early stopping: epochs without a better validation score before the run stops. */
  patience: z.number().int().min(1).max(100).default(3),
  /** A checkpoint every this many steps, besides the one at each epoch end. */
  checkpointEvery: z.number().int().min(1).max(1_000_000).default(500),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** Stop (keeping the best checkpoint) after this much training time. */
  maxMinutes: z.number().positive().max(100_000).optional(),
  /**
   * Start from a checkpoint ('default' = the shipped model's best): fine-tunes a new model with
   * that model's sizes and vocabulary, grown by the corpus's frequent new characters (see
   * docs/model.md, Vocabulary), or with `resume` continues that checkpoint's own run.
   */
  fromCheckpointId: z.union([z.number().int().positive(), z.literal('default')]).optional(),
  resume: z.boolean().default(false),
  /**
   * With `resume`: which of this request's settings replace the resumed run's own; the run keeps
   * every other (its epochs, schedule, early stopping, data position). Absent: `epochs` and
   * `maxMinutes` (the training form sends every field). The CLI names the flags it was given.
   */
  resumeOverrides: z.array(z.enum(['epochs', 'maxMinutes'])).optional(),
})
  .superRefine((v, ctx) => {
    if (v.corpusId === undefined && !v.resume) ctx.addIssue({ code: 'custom', path: ['corpusId'], message: 'corpusId is required (unless resuming a run)' })
    if (v.resume && v.fromCheckpointId === undefined) ctx.addIssue({ code: 'custom', path: ['fromCheckpointId'], message: 'resume needs the checkpoint to resume from' })
  })
export type TrainingStartRequest = z.output<typeof TrainingStartInput>

const Id = z.number().int().positive()

export const trainingChannels = {
  start: call<TrainingRunSummary>()('training.start', TrainingStartInput),
  pause: call<TrainingStatusInfo>()('training.pause', z.object({})),
  resume: call<TrainingStatusInfo>()('training.resume', z.object({})),
  stop: call<TrainingStatusInfo>()('training.stop', z.object({})),
  status: call<TrainingStatusInfo>()('training.status', z.object({})),
  listRuns: call<TrainingRunSummary[]>()('training.listRuns', z.object({ modelId: Id.optional() })),
  listCheckpoints: call<CheckpointSummary[]>()('training.listCheckpoints', z.object({ modelId: Id })),
  listModels: call<ModelSummary[]>()('training.listModels', z.object({})),
}

export const trainingEvents = {
  trainingProgress: event<TrainingProgress>('training.progress'),
}
