/**
 * The training loop, independent of where it runs (worker thread, test, benchmark) and of where
 * checkpoints go: it reads a TrainingData, drives an engine's LstmTrainer window by window and
 * calls back for progress and checkpoints.
 *
 * Reproducibility: training is cut into segments that end at every checkpoint (every
 * `checkpointEvery` steps, and at each epoch end). Each segment gets a fresh trainer built from
 * the checkpoint's weights and Adam state, with zeroed LSTM state, a dropout seed derived from
 * (seed, step) and the epoch's learning rate. A run resumed from a checkpoint therefore does
 * exactly what the uninterrupted run did after writing it, and the weights come out identical.
 * (Zeroing the carried state every few hundred steps is no loss: it happens at every tune start
 * in sampling anyway.)
 */
import type { LstmEngine, LstmTrainer, OptimizerState } from '../../engine/types'
import type { CharLstmWeights, ModelShape } from '../../engine/weights'
import type { TrainingData } from '../corpus/training-data'
import { epochText } from '../corpus/stream'
import { requireWindows, windowAt, windowLayout, type WindowLayout } from '../corpus/windows'
import { TrainingStartInput } from '../../../src-shared/contract/training'
import { EarlyStopping, type EarlyStoppingState } from './early-stopping'
import { StreamEvaluator, validationLayout } from './evaluate'
import type { DataPosition, ResumeState } from './resume-state'

export interface LoopConfig {
  epochs: number
  batch: number
  seqLen: number
  lr: number
  /** Learning-rate multiplier per epoch. */
  lrDecay: number
  /**
   * Steps over which the rate rises linearly from lr/warmupSteps to lr at the start of the run (0:
   * none). Never longer than the first epoch, so a small corpus is not held at a low rate for epochs.
   */
  warmupSteps: number
  dropout: number
  clipNorm: number
  patience: number
  checkpointEvery: number
  seed: number
  /** Stop after this many seconds of training (evaluation included). */
  maxSeconds?: number
  /** Step reports at most this often (ms); default 1000. */
  reportEveryMs?: number
  threads?: number
}

export interface LoopStart {
  weights: CharLstmWeights
  /** Present when resuming a run; a fresh or fine-tuned run starts at step 0 with fresh Adam. */
  resume?: ResumeState
}

export interface StepReport {
  step: number
  /** Epochs done, fractional. */
  epoch: number
  trainLoss: number
  charsPerSec: number
  etaSeconds: number | null
}

export interface CheckpointData {
  weights: CharLstmWeights
  resume: ResumeState
  step: number
  /** Epochs done, fractional. */
  epoch: number
  trainLoss: number | null
  valBits: number | null
  /** Validation beat every earlier checkpoint of this run (the service marks it best). */
  isBest: boolean
  /** Epoch end (counts toward early stopping) or a periodic checkpoint. */
  kind: 'epoch' | 'periodic' | 'final'
  /** Training speed so far in this run, and the time left for the planned epochs at that speed. */
  charsPerSec: number
  etaSeconds: number | null
}

export type LoopOutcome = 'completed' | 'early-stopped' | 'stopped' | 'time-limit'

export interface LoopResult {
  outcome: LoopOutcome
  step: number
  epoch: number
  bestValBits: number | null
  lastCheckpointId: number | null
  bestCheckpointId: number | null
  trainSeconds: number
  charsPerSec: number
}

export interface LoopHooks {
  onStep?(report: StepReport): void
  /** Persists a checkpoint (atomically) and returns its id. */
  saveCheckpoint(data: CheckpointData): Promise<number> | number
  /**
   * Called between steps: resolve 'stop' to end the run after a checkpoint. Pausing is simply
   * not resolving until resumed.
   */
  control?(): Promise<'continue' | 'stop'> | 'continue' | 'stop'
}

const LOSS_WINDOW = 50

/** The step's learning rate: lr × lrDecay^epoch, times (step + 1) / warmupSteps during the warm-up. */
export function learningRateAt(config: Pick<LoopConfig, 'lr' | 'lrDecay' | 'warmupSteps'>, position: Pick<DataPosition, 'epoch' | 'step'>): number {
  const warm = config.warmupSteps > 0 ? Math.min(1, (position.step + 1) / config.warmupSteps) : 1
  return config.lr * config.lrDecay ** position.epoch * warm
}

export async function runTrainingLoop(engine: LstmEngine, shape: ModelShape, data: TrainingData, config: LoopConfig, start: LoopStart, hooks: LoopHooks): Promise<LoopResult> {
  validateConfig(config)
  if (start.weights.vocabSize !== data.vocab.size) {
    throw new Error(`The weights are for a vocabulary of ${start.weights.vocabSize} characters, the data has ${data.vocab.size}`)
  }
  const run = new LoopRun(engine, data, config, start, hooks)
  try {
    await run.train()
  } finally {
    run.dispose()
  }
  return run.result()
}

/** One call of runTrainingLoop: where it is in the data, the trainer of the current segment, the figures so far. */
class LoopRun {
  private position: DataPosition
  private optimizer: OptimizerState | null
  private weights: CharLstmWeights
  private readonly early: EarlyStopping
  private readonly evaluator: StreamEvaluator | null
  private readonly windowChars: number
  private readonly layout: WindowLayout
  private readonly totalSteps: number
  /** The rate's schedule: the config's, with the warm-up cut to the first epoch. */
  private readonly schedule: Pick<LoopConfig, 'lr' | 'lrDecay' | 'warmupSteps'>
  private readonly firstStep: number
  private readonly began = performance.now()
  private trainer: LstmTrainer | null = null
  private trainSeconds = 0
  private lossSum = 0
  private lossCount = 0
  private lastLoss: number | null = null
  private lastReport = performance.now()
  private readonly recentLosses: number[] = []
  private bestValBits: number | null
  private lastCheckpointId: number | null = null
  private bestCheckpointId: number | null = null
  private outcome: LoopOutcome = 'completed'

  constructor(
    private readonly engine: LstmEngine,
    private readonly data: TrainingData,
    private readonly config: LoopConfig,
    start: LoopStart,
    private readonly hooks: LoopHooks,
  ) {
    this.position = start.resume?.position ?? { epoch: 0, window: 0, step: 0 }
    this.firstStep = this.position.step
    this.optimizer = start.resume?.optimizer ?? null
    this.weights = start.weights
    this.early = new EarlyStopping(config.patience, cloneEarly(start.resume?.earlyStopping))
    this.bestValBits = this.early.state.best
    this.windowChars = config.batch * config.seqLen
    // The stream length is the same every epoch (only the tune order changes): one layout.
    const epochLength = epochText(data.trainTunes, config.seed, 0).length
    this.layout = windowLayout(epochLength, config.batch, config.seqLen)
    requireWindows(this.layout, 'training')
    this.totalSteps = this.layout.windows * config.epochs
    this.schedule = { lr: config.lr, lrDecay: config.lrDecay, warmupSteps: Math.min(config.warmupSteps ?? 0, this.layout.windows) }
    // Last: nothing after it may throw, or the evaluator's engine memory would be left behind.
    const valLayout = validationLayout(data.validation.length, config.batch, config.seqLen)
    this.evaluator = valLayout ? new StreamEvaluator(engine, data.validation, valLayout) : null
  }

  async train(): Promise<void> {
    while (this.position.epoch < this.config.epochs) {
      if (!(await this.trainEpoch())) break
      this.position = { epoch: this.position.epoch + 1, window: 0, step: this.position.step }
      await this.checkpoint('epoch')
      if (this.early.state.epochsWithoutImprovement >= this.config.patience) {
        this.outcome = 'early-stopped'
        break
      }
    }
    // Stopped or out of time mid-epoch: keep what was trained since the last checkpoint.
    if ((this.outcome === 'stopped' || this.outcome === 'time-limit') && this.trainer) await this.checkpoint('final')
  }

  /** The rest of the current epoch; false when the run was stopped or ran out of time in it. */
  private async trainEpoch(): Promise<boolean> {
    const { data, config, layout } = this
    const stream = data.vocab.encodeStrict(epochText(data.trainTunes, config.seed, this.position.epoch))
    while (this.position.window < layout.windows) {
      const verdict = this.hooks.control ? await this.hooks.control() : 'continue'
      if (verdict === 'stop' || this.outOfTime()) {
        this.outcome = verdict === 'stop' ? 'stopped' : 'time-limit'
        return false
      }
      this.trainStep(stream)
      this.reportIfDue()
      if (this.position.step % config.checkpointEvery === 0 && this.position.window < layout.windows) await this.checkpoint('periodic')
    }
    return true
  }

  private trainStep(stream: Int32Array): void {
    const trainer = (this.trainer ??= this.openTrainer())
    // Within the warm-up the rate changes every step; after it, only with the epoch (a new segment).
    if (this.position.step < this.schedule.warmupSteps) trainer.setLearningRate(learningRateAt(this.schedule, this.position))
    const { inputs, targets } = windowAt(stream, this.layout, this.position.window)
    const t0 = performance.now()
    const loss = trainer.trainStep(inputs, targets)
    this.trainSeconds += (performance.now() - t0) / 1000
    if (!Number.isFinite(loss)) throw new Error(`Training diverged at step ${this.position.step + 1} (loss ${loss}); try a lower learning rate`)
    this.lastLoss = loss
    this.lossSum += loss
    this.lossCount++
    this.recentLosses.push(loss)
    if (this.recentLosses.length > LOSS_WINDOW) this.recentLosses.shift()
    const { epoch, window, step } = this.position
    this.position = { epoch, window: window + 1, step: step + 1 }
  }

  private reportIfDue(): void {
    const now = performance.now()
    if (!this.hooks.onStep || now - this.lastReport < (this.config.reportEveryMs ?? 1000)) return
    this.hooks.onStep({
      step: this.position.step,
      epoch: this.epochFraction(),
      trainLoss: this.lossSum / this.lossCount,
      charsPerSec: this.charsPerSec(),
      etaSeconds: this.etaSeconds(),
    })
    this.lossSum = this.lossCount = 0
    this.lastReport = now
  }

  private openTrainer(): LstmTrainer {
    const { config, position } = this
    const t = this.engine.createTrainer(this.weights, {
      batchSize: config.batch,
      seqLen: config.seqLen,
      dropout: config.dropout,
      learningRate: learningRateAt(this.schedule, position),
      clipNorm: config.clipNorm,
      // A different dropout stream per segment, the same one whether resumed or not.
      seed: (Math.imul(config.seed, 0x9e3779b1) + position.step) >>> 0,
      threads: config.threads,
    })
    if (this.optimizer) t.setOptimizerState(this.optimizer)
    t.resetState('train')
    return t
  }

  /** Ends the segment: takes the weights and Adam state out of the trainer, evaluates and saves them. */
  private async checkpoint(kind: CheckpointData['kind']): Promise<void> {
    if (this.trainer) {
      this.weights = this.trainer.getWeights()
      this.optimizer = this.trainer.getOptimizerState()
      this.trainer.dispose()
      this.trainer = null
    }
    const valBits = this.evaluator ? this.evaluator.evaluate(this.weights).bits : null
    // Without held-out tunes (a tiny corpus) the latest checkpoint is the best one.
    const isBest = valBits === null || this.bestValBits === null || valBits < this.bestValBits
    if (valBits !== null && isBest) this.bestValBits = valBits
    if (kind === 'epoch' && valBits !== null) this.early.update(valBits)
    const recent = this.recentLosses
    const id = await this.hooks.saveCheckpoint({
      weights: this.weights,
      resume: { position: { ...this.position }, earlyStopping: { ...this.early.state }, optimizer: this.optimizer ?? emptyOptimizer() },
      step: this.position.step,
      epoch: this.epochFraction(),
      trainLoss: recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : this.lastLoss,
      valBits,
      isBest,
      kind,
      charsPerSec: this.charsPerSec(),
      etaSeconds: this.etaSeconds(),
    })
    this.lastCheckpointId = id
    if (isBest) this.bestCheckpointId = id
  }

  private epochFraction(): number {
    return this.position.epoch + this.position.window / this.layout.windows
  }

  private charsPerSec(): number {
    return this.trainSeconds > 0 ? ((this.position.step - this.firstStep) * this.windowChars) / this.trainSeconds : 0
  }

  private etaSeconds(): number | null {
    const cps = this.charsPerSec()
    return cps > 0 ? ((this.totalSteps - this.position.step) * this.windowChars) / cps : null
  }

  private outOfTime(): boolean {
    return this.config.maxSeconds !== undefined && (performance.now() - this.began) / 1000 >= this.config.maxSeconds
  }

  dispose(): void {
    this.trainer?.dispose()
    this.evaluator?.dispose()
  }

  result(): LoopResult {
    return {
      outcome: this.outcome,
      step: this.position.step,
      epoch: this.epochFraction(),
      bestValBits: this.bestValBits,
      lastCheckpointId: this.lastCheckpointId,
      bestCheckpointId: this.bestCheckpointId,
      trainSeconds: this.trainSeconds,
      charsPerSec: this.charsPerSec(),
    }
  }
}

function cloneEarly(state: EarlyStoppingState | undefined): EarlyStoppingState | undefined {
  return state ? { ...state } : undefined
}

function emptyOptimizer(): OptimizerState {
  return { step: 0, m: [], v: [] }
}

/**
 * The loop's settings are judged by the contract's own schema (the request a run starts from),
 * so the service, the CLI and a direct caller (bench, tests) share one set of limits.
 */
const LIMITS = TrainingStartInput.shape
const WHOLE_NUMBERS = [
  ['epochs', 'epochs'],
  ['batch', 'batch'],
  ['sequence length', 'seqLen'],
  ['checkpoint interval', 'checkpointEvery'],
] as const

function validateConfig(c: LoopConfig): void {
  for (const [name, key] of WHOLE_NUMBERS) {
    const limit = LIMITS[key].unwrap()
    if (!limit.safeParse(c[key]).success) throw new Error(`${name} must be a whole number from ${limit.minValue} to ${limit.maxValue}, got ${c[key]}`)
  }
  // The learning rate's lower bound is exclusive (positive): minValue reports it as 0.
  const lr = LIMITS.lr.unwrap()
  if (!lr.safeParse(c.lr).success) throw new Error(`learning rate must be in (${lr.minValue}, ${lr.maxValue}], got ${c.lr}`)
  const dropout = LIMITS.dropout.unwrap()
  if (!dropout.safeParse(c.dropout).success) throw new Error(`dropout must be in [${dropout.minValue}, ${dropout.maxValue}], got ${c.dropout}`)
}
