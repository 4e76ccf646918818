/**
 * One training run's record, kept as the worker reports: it creates the model (unless resuming
 * into one) and the run when the worker is ready, writes each checkpoint with its curve point in
 * one transaction (best mark, pruning), finishes the run, and turns each of these into one
 * `TrainingProgress`, built in one place from what the run knows so far.
 */
import type { TrainingProgress, TrainingState } from '../../src-shared/contract/training'
import type { Library } from '../library/open-library'
import type { LoopResult, StepReport } from '../model/training/loop'
import type { CheckpointMessage } from '../model/training/protocol'
import type { ReadyInfo } from '../model/training/runner'
import { describeChar, describeReport } from '../model/vocab'
import { describeDialect } from '../model/corpus/training-text'
import type { RunPlan } from './training-plan'

/** Checkpoints kept per model besides the best: enough to resume, not a disk full of them. */
const KEEP_LATEST = 5

export type FinalStatus = 'completed' | 'stopped' | 'failed'

/** What a progress event says beyond what the run knows: the moment it reports. */
type Moment = Pick<TrainingProgress, 'kind' | 'step' | 'epoch' | 'trainLoss' | 'charsPerSec' | 'etaSeconds'> &
  Partial<Pick<TrainingProgress, 'state' | 'valBits' | 'bestValBits' | 'checkpointId' | 'status' | 'message'>>

export interface RunRecorderOptions {
  library: Library
  plan: RunPlan
  /** The name a new model gets (a resumed run keeps its model's). */
  modelName: string
  emit(progress: TrainingProgress): void
  /** The latest progress emitted by the service (the run's end reports from it). */
  last(): TrainingProgress | null
}

export class RunRecorder {
  /** The run's state as the service shows it; each event carries it. */
  state: TrainingState = 'preparing'
  private id = 0
  private modelId: number
  private modelName: string
  private backend = ''
  private readonly epochs: number
  private bestValBits: number | null = null
  private lastValBits: number | null = null
  // What became of the corpus's characters (grown into the vocabulary, mapped, dropped): said
  // when the run starts and again with its outcome, where the Training view shows it.
  private vocabularyNote = ''

  constructor(private readonly options: RunRecorderOptions) {
    const { plan } = options
    this.epochs = plan.config.epochs
    this.modelId = plan.resumeModel?.id ?? 0
    this.modelName = plan.resumeModel?.name ?? options.modelName
  }

  get runId(): number {
    return this.id
  }

  /** The worker is ready: the model (unless resuming) and the run are recorded; the run is now in `state`. */
  ready(info: ReadyInfo, state: TrainingState): void {
    const { library, plan } = this.options
    this.backend = info.backend
    if (!plan.resumeModel) {
      const model = library.models.create({
        name: this.options.modelName,
        shape: info.shape,
        vocab: info.vocab.idx_to_char,
        config: { parentModelId: plan.parent?.id ?? null, corpusId: plan.corpus.id },
        source: 'trained',
      })
      this.modelId = model.id
      this.modelName = model.name
    }
    const config = { ...plan.config, maxSeconds: plan.config.maxSeconds ?? null }
    this.id = library.trainingRuns.start({ modelId: this.modelId, corpusId: plan.corpus.id, config, backend: this.backend }).id
    this.state = state
    this.vocabularyNote = describeVocabulary(info)
    if (this.vocabularyNote) this.emit({ kind: 'step', step: 0, epoch: 0, trainLoss: null, charsPerSec: 0, etaSeconds: null, message: this.vocabularyNote })
  }

  step(report: StepReport): void {
    // Field by field: the worker's message carries its own `type` besides the report.
    const { step, epoch, trainLoss, charsPerSec, etaSeconds } = report
    this.emit({ kind: 'step', step, epoch, trainLoss, charsPerSec, etaSeconds })
  }

  /** Writes a checkpoint and its curve point in one transaction; returns the checkpoint's id. */
  saveCheckpoint(c: CheckpointMessage): number {
    const { library } = this.options
    const id = library.transaction(() => {
      const checkpointId = library.models.saveCheckpoint({
        modelId: this.modelId,
        trainingRunId: this.id,
        step: c.step,
        epoch: c.epoch,
        trainLoss: c.trainLoss,
        valBitsPerChar: c.valBits,
        isBest: c.isBest,
        modelJson: c.modelJson,
        weights: c.weightData,
        optimizer: c.resumeBlob,
        keepLatest: KEEP_LATEST,
      })
      const point = { step: c.step, epoch: c.epoch, trainLoss: c.trainLoss, valBitsPerChar: c.valBits, charsPerSec: c.charsPerSec }
      library.trainingRuns.appendPoints(this.id, [point])
      return checkpointId
    })
    if (c.valBits !== null) this.lastValBits = c.valBits
    if (c.isBest && c.valBits !== null) this.bestValBits = c.valBits
    return id
  }

  checkpointSaved(c: CheckpointMessage, id: number): void {
    const { step, epoch, trainLoss, valBits, charsPerSec, etaSeconds } = c
    this.emit({ kind: c.kind === 'epoch' ? 'epoch' : 'checkpoint', step, epoch, trainLoss, valBits, charsPerSec, etaSeconds, checkpointId: id })
  }

  /** The state changed (pause, resume, stop): said again with the latest figures. */
  restate(next: TrainingState): void {
    this.state = next
    const last = this.options.last()
    if (last && last.runId === this.id) this.options.emit({ ...last, state: next, kind: 'step' })
  }

  finished(result: LoopResult): void {
    const status = result.outcome === 'stopped' ? 'stopped' : 'completed'
    this.end(status, [describeOutcome(result), this.vocabularyNote].filter(Boolean).join('. '), result)
  }

  failed(message: string): void {
    this.end('failed', message, null)
  }

  private end(status: FinalStatus, message: string, result: LoopResult | null): void {
    if (this.id) this.options.library.trainingRuns.finish(this.id, status, status === 'failed' ? message : undefined)
    const last = this.options.last()
    this.emit({
      state: 'idle',
      kind: 'done',
      step: result?.step ?? last?.step ?? 0,
      epoch: result?.epoch ?? last?.epoch ?? 0,
      trainLoss: last?.trainLoss ?? null,
      bestValBits: result?.bestValBits ?? this.bestValBits,
      charsPerSec: result?.charsPerSec ?? 0,
      etaSeconds: 0,
      checkpointId: result?.bestCheckpointId ?? undefined,
      status,
      message,
    })
  }

  /** The one place a progress event is built: what the run knows, then the moment's figures. */
  private emit(moment: Moment): void {
    const { id: runId, modelId, modelName, backend, state, epochs, lastValBits: valBits, bestValBits } = this
    this.options.emit({ runId, modelId, modelName, backend, state, epochs, valBits, bestValBits, ...moment })
  }
}

/**
 * What became of the corpus's text for the model, or '': "Training text in the model's dialect
 * (98 tunes): 474 broken rhythms written as lengths, ...; vocabulary grown by 2 characters:
 * 'é' ×40, ';' ×12; characters left out of the vocabulary: mapped tab→space ×2".
 */
function describeVocabulary(info: ReadyInfo): string {
  const parts = [describeDialect(info.dialect)].filter(Boolean)
  if (info.grown.length > 0) {
    const chars = info.grown.map((g) => `${describeChar(g.char)} ×${g.count}`).join(', ')
    parts.push(`vocabulary grown by ${info.grown.length} character${info.grown.length === 1 ? '' : 's'}: ${chars}`)
  }
  if (!info.conform.clean) parts.push(`characters left out of the vocabulary: ${describeReport(info.conform)}`)
  const note = parts.join('; ')
  return note.charAt(0).toUpperCase() + note.slice(1)
}

function describeOutcome(result: LoopResult): string {
  const best = result.bestValBits === null ? '' : `, best validation ${result.bestValBits.toFixed(3)} bits/char`
  const why = { completed: 'finished its epochs', 'early-stopped': 'stopped early (validation stopped improving)', stopped: 'was stopped', 'time-limit': 'reached its time limit' }[result.outcome]
  return `Training ${why} at step ${result.step} (epoch ${result.epoch.toFixed(2)})${best}`
}
