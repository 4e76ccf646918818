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
import { requireWindows, windowAt, windowLayout } from '../corpus/windows'
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

export function learningRateAt(config: Pick<LoopConfig, 'lr' | 'lrDecay'>, epoch: number): number {
  return config.lr * config.lrDecay ** epoch
}

export async function runTrainingLoop(engine: LstmEngine, shape: ModelShape, data: TrainingData, config: LoopConfig, start: LoopStart, hooks: LoopHooks): Promise<LoopResult> {
  validateConfig(config)
  if (start.weights.vocabSize !== data.vocab.size) {
    throw new Error(`The weights are for a vocabulary of ${start.weights.vocabSize} characters, the data has ${data.vocab.size}`)
  }
  let position: DataPosition = start.resume?.position ?? { epoch: 0, window: 0, step: 0 }
  let optimizer: OptimizerState | null = start.resume?.optimizer ?? null
  let weights = start.weights
  const early = new EarlyStopping(config.patience, cloneEarly(start.resume?.earlyStopping))

  const valLayout = validationLayout(data.validation.length, config.batch, config.seqLen)
  const evaluator = valLayout ? new StreamEvaluator(engine, data.validation, valLayout) : null
  const windowChars = config.batch * config.seqLen

  // The stream length is the same every epoch (only the tune order changes): one layout.
  const epochLength = epochText(data.trainTunes, config.seed, 0).length
  const layout = windowLayout(epochLength, config.batch, config.seqLen)
  requireWindows(layout, 'training')
  const totalSteps = layout.windows * config.epochs

  let trainer: LstmTrainer | null = null
  let trainSeconds = 0
  const began = performance.now()
  let lossSum = 0
  let lossCount = 0
  let lastLoss: number | null = null
  let lastReport = performance.now()
  let bestValBits = early.state.best
  let lastCheckpointId: number | null = null
  let bestCheckpointId: number | null = null
  let outcome: LoopOutcome = 'completed'
  const recentLosses: number[] = []

  const epochFraction = (p: DataPosition): number => p.epoch + p.window / layout.windows
  const charsPerSec = (): number => (trainSeconds > 0 ? ((position.step - (start.resume?.position.step ?? 0)) * windowChars) / trainSeconds : 0)
  const etaSeconds = (): number | null => {
    const cps = charsPerSec()
    return cps > 0 ? ((totalSteps - position.step) * windowChars) / cps : null
  }

  const openTrainer = (): LstmTrainer => {
    const t = engine.createTrainer(weights, {
      batchSize: config.batch,
      seqLen: config.seqLen,
      dropout: config.dropout,
      learningRate: learningRateAt(config, position.epoch),
      clipNorm: config.clipNorm,
      // A different dropout stream per segment, the same one whether resumed or not.
      seed: (Math.imul(config.seed, 0x9e3779b1) + position.step) >>> 0,
      threads: config.threads,
    })
    if (optimizer) t.setOptimizerState(optimizer)
    t.resetState('train')
    return t
  }

  const checkpoint = async (kind: CheckpointData['kind']): Promise<{ valBits: number | null; isBest: boolean }> => {
    if (trainer) {
      weights = trainer.getWeights()
      optimizer = trainer.getOptimizerState()
      trainer.dispose()
      trainer = null
    }
    const valBits = evaluator ? evaluator.evaluate(weights).bits : null
    // Without held-out tunes (a tiny corpus) the latest checkpoint is the best one.
    const isBest = valBits === null || bestValBits === null || valBits < bestValBits
    if (valBits !== null && isBest) bestValBits = valBits
    if (kind === 'epoch' && valBits !== null) early.update(valBits)
    const trainLoss = recentLosses.length ? recentLosses.reduce((a, b) => a + b, 0) / recentLosses.length : lastLoss
    const id = await hooks.saveCheckpoint({
      weights,
      resume: {
        position: { ...position },
        earlyStopping: { ...early.state },
        optimizer: optimizer ?? emptyOptimizer(),
      },
      step: position.step,
      epoch: epochFraction(position),
      trainLoss,
      valBits,
      isBest,
      kind,
      charsPerSec: charsPerSec(),
      etaSeconds: etaSeconds(),
    })
    lastCheckpointId = id
    if (isBest) bestCheckpointId = id
    return { valBits, isBest }
  }

  const outOfTime = (): boolean => config.maxSeconds !== undefined && (performance.now() - began) / 1000 >= config.maxSeconds

  try {
    epochs: while (position.epoch < config.epochs) {
      const stream = data.vocab.encodeStrict(epochText(data.trainTunes, config.seed, position.epoch))
      while (position.window < layout.windows) {
        const verdict = hooks.control ? await hooks.control() : 'continue'
        if (verdict === 'stop' || outOfTime()) {
          outcome = verdict === 'stop' ? 'stopped' : 'time-limit'
          break epochs
        }
        trainer ??= openTrainer()
        const { inputs, targets } = windowAt(stream, layout, position.window)
        const t0 = performance.now()
        const loss = trainer.trainStep(inputs, targets)
        trainSeconds += (performance.now() - t0) / 1000
        if (!Number.isFinite(loss)) throw new Error(`Training diverged at step ${position.step + 1} (loss ${loss}); try a lower learning rate`)
        lastLoss = loss
        lossSum += loss
        lossCount++
        recentLosses.push(loss)
        if (recentLosses.length > LOSS_WINDOW) recentLosses.shift()
        position = { epoch: position.epoch, window: position.window + 1, step: position.step + 1 }

        const now = performance.now()
        if (hooks.onStep && now - lastReport >= (config.reportEveryMs ?? 1000)) {
          hooks.onStep({
            step: position.step,
            epoch: epochFraction(position),
            trainLoss: lossSum / lossCount,
            charsPerSec: charsPerSec(),
            etaSeconds: etaSeconds(),
          })
          lossSum = lossCount = 0
          lastReport = now
        }
        if (position.step % config.checkpointEvery === 0 && position.window < layout.windows) await checkpoint('periodic')
      }
      position = { epoch: position.epoch + 1, window: 0, step: position.step }
      await checkpoint('epoch')
      if (early.state.epochsWithoutImprovement >= config.patience) {
        outcome = 'early-stopped'
        break
      }
    }
    // Stopped or out of time mid-epoch: keep what was trained since the last checkpoint.
    if ((outcome === 'stopped' || outcome === 'time-limit') && trainer) await checkpoint('final')
  } finally {
    ;(trainer as LstmTrainer | null)?.dispose()
    evaluator?.dispose()
  }
  return {
    outcome,
    step: position.step,
    epoch: epochFraction(position),
    bestValBits,
    lastCheckpointId,
    bestCheckpointId,
    trainSeconds,
    charsPerSec: charsPerSec(),
  }
}

function cloneEarly(state: EarlyStoppingState | undefined): EarlyStoppingState | undefined {
  return state ? { ...state } : undefined
}

function emptyOptimizer(): OptimizerState {
  return { step: 0, m: [], v: [] }
}

function validateConfig(c: LoopConfig): void {
  const whole = (name: string, v: number, min: number, max: number): void => {
    if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${v}`)
  }
  whole('epochs', c.epochs, 1, 1000)
  whole('batch', c.batch, 1, 256)
  whole('sequence length', c.seqLen, 8, 512)
  whole('checkpoint interval', c.checkpointEvery, 1, 1_000_000)
  if (!(c.lr > 0 && c.lr <= 1)) throw new Error(`learning rate must be in (0, 1], got ${c.lr}`)
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new Error(`dropout must be in [0, 1), got ${c.dropout}`)
}
