/**
 * The training domain: one run at a time in a worker thread (model/training/runner.ts). This
 * service owns the library side: it creates the model and the run, writes each checkpoint the
 * worker sends in one transaction (weights in Layers format + resume state, best mark, pruning),
 * appends the learning curve, and emits `trainingProgress` on the event bus.
 */
import { ApiError } from '../../src-shared/contract/errors'
import type { HandlersOf } from '../../src-shared/contract/channel'
import type {
  CheckpointSummary,
  ModelSummary,
  TrainingProgress,
  TrainingRunSummary,
  TrainingStartRequest,
  TrainingState,
  trainingChannels,
} from '../../src-shared/contract/training'
import type { Library } from '../library/open-library'
import type { Checkpoint, ModelRecord } from '../library/models'
import type { TrainingRun } from '../library/training-runs'
import { ensureDefaultModel } from '../model/default-model'
import type { LoopConfig, LoopResult } from '../model/training/loop'
import type { EnginePreference } from '../model/training/backend'
import type { StartWeights, WorkerJob } from '../model/training/protocol'
import { startTraining, type ReadyInfo, type TrainingHandle } from '../model/training/runner'
import { describeChar, describeReport, type VocabJson } from '../model/vocab'
import { describeDialect } from '../model/corpus/training-text'
import { parameterCount } from '../engine/weights'
import type { EventBus } from './event-bus'

export interface TrainingServiceDeps {
  library: Library
  events: EventBus
  resourcesDir: string
  /** The built worker file (Electron); omitted = worker.ts through tsx. */
  workerEntry?: string
  /** Engine preference passed to loadEngine; omitted = the best available. */
  engine?: EnginePreference
  /** The native addon's path when packaged (Electron passes it); omitted = the source tree's. */
  addonPath?: string
}

export type TrainingService = HandlersOf<typeof trainingChannels> & {
  /** Settles when the current run (if any) has ended; resolves with its result. */
  whenIdle(): Promise<LoopResult | null>
  /** Stops a running run and waits for its last checkpoint (app shutdown). */
  shutdown(): Promise<void>
}

/** Checkpoints kept per model besides the best: enough to resume, not a disk full of them. */
const KEEP_LATEST = 5

interface ActiveRun {
  handle: TrainingHandle
  runId: number
  modelId: number
  state: TrainingState
  done: Promise<LoopResult | null>
}

export function createTrainingService(deps: TrainingServiceDeps): TrainingService {
  const { library, events } = deps
  let active: ActiveRun | null = null
  let lastProgress: TrainingProgress | null = null

  // The shipped model is read (and hashed) once per service, not on every listModels.
  let shippedEnsured: Promise<ModelRecord | null> | null = null
  const ensureShipped = (): Promise<ModelRecord | null> => (shippedEnsured ??= ensureDefaultModel(library, deps.resourcesDir))

  const emit = (progress: TrainingProgress): void => {
    lastProgress = progress
    events.emit('trainingProgress', progress)
  }

  const status = () => ({ state: active?.state ?? ('idle' as TrainingState), progress: lastProgress })

  const resolveCheckpoint = async (from: number | 'default'): Promise<Checkpoint> => {
    if (from === 'default') {
      const model = (await ensureShipped()) ?? library.models.getDefault()
      const checkpoint = model ? library.models.loadCheckpointForSampling(model.id) : null
      if (!checkpoint) throw new ApiError('not-found', 'There is no default model to start from (resources/models/default is missing)')
      return checkpoint
    }
    const checkpoint = library.models.getCheckpoint(from)
    if (!checkpoint) throw new ApiError('not-found', `No checkpoint with id ${from}`)
    return checkpoint
  }

  const vocabJsonOf = (model: ModelRecord): VocabJson => ({
    format: 'tunesmith-vocab-1',
    idx_to_char: model.vocab,
    char_to_idx: Object.fromEntries(model.vocab.map((c, i) => [c, i])),
  })

  const runSummary = (run: TrainingRun): TrainingRunSummary => ({
    id: run.id,
    modelId: run.modelId,
    modelName: library.models.get(run.modelId)?.name ?? '',
    corpusId: run.corpusId,
    status: run.status,
    backend: run.backend,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    error: run.error,
    points: library.trainingRuns.points(run.id).map((p) => ({
      step: p.step,
      epoch: p.epoch,
      trainLoss: p.trainLoss,
      valBits: p.valBitsPerChar,
      charsPerSec: p.charsPerSec,
    })),
  })

  async function start(input: TrainingStartRequest): Promise<TrainingRunSummary> {
    if (active) throw new ApiError('conflict', 'A training run is already in progress; stop it first')
    const checkpoint = input.fromCheckpointId === undefined ? null : await resolveCheckpoint(input.fromCheckpointId)
    const originalRun = input.resume && checkpoint?.trainingRunId ? library.trainingRuns.get(checkpoint.trainingRunId) : null
    // A resumed run keeps its corpus: the data position in the checkpoint is a position in it.
    const corpusId = input.resume ? (originalRun?.corpusId ?? input.corpusId) : input.corpusId
    if (input.resume && input.corpusId !== undefined && originalRun?.corpusId != null && input.corpusId !== originalRun.corpusId) {
      throw new ApiError('invalid-input', 'A resumed run keeps its own corpus; leave the corpus out, or fine-tune (without resume) on another one')
    }
    if (corpusId === undefined || corpusId === null) throw new ApiError('invalid-input', 'Which corpus? The checkpoint\'s run has none on record')
    const corpus = library.corpora.get(corpusId)
    if (!corpus) throw new ApiError('not-found', `No corpus with id ${corpusId}`)
    const corpusTunes = library.tunes.corpusText(corpus.id)
    const tunes = corpusTunes.map((t) => t.abc)
    if (tunes.length === 0) throw new ApiError('invalid-input', `The corpus "${corpus.name}" has no tunes`)

    let config: LoopConfig = {
      epochs: input.epochs,
      batch: input.batch,
      seqLen: input.seqLen,
      lr: input.lr,
      lrDecay: input.lrDecay,
      dropout: input.dropout,
      clipNorm: input.clipNorm,
      patience: input.patience,
      checkpointEvery: input.checkpointEvery,
      seed: input.seed,
      maxSeconds: input.maxMinutes === undefined ? undefined : input.maxMinutes * 60,
    }
    let startWeights: StartWeights = { kind: 'init', seed: input.seed }
    let parent: ModelRecord | null = null
    let resumeModel: ModelRecord | null = null
    if (checkpoint) {
      parent = library.models.get(checkpoint.modelId)
      if (!parent) throw new ApiError('not-found', `The model of checkpoint ${checkpoint.id} is gone`)
      if (input.resume) {
        if (!checkpoint.optimizer) throw new ApiError('invalid-input', `Checkpoint ${checkpoint.id} cannot be resumed (it has no optimizer state); fine-tune from it instead`)
        resumeModel = parent
        // Resuming continues the run as it was set up; only its length and time limit may change,
        // and only those the request names (a CLI default must not replace the run's own plan).
        const original = originalRun?.config as (Partial<Omit<LoopConfig, 'maxSeconds'>> & { maxSeconds?: number | null }) | undefined
        if (original) {
          const named = new Set(input.resumeOverrides ?? ['epochs', 'maxMinutes'])
          const epochs = named.has('epochs') ? input.epochs : (original.epochs ?? input.epochs)
          const maxSeconds = named.has('maxMinutes') ? config.maxSeconds : (original.maxSeconds ?? undefined)
          config = { ...config, ...original, epochs, maxSeconds }
        }
      }
      startWeights = {
        kind: 'checkpoint',
        modelJson: checkpoint.modelJson,
        weightData: checkpoint.weights,
        resumeBlob: input.resume && checkpoint.optimizer ? checkpoint.optimizer : undefined,
      }
    }
    if (!resumeModel && library.models.getByName(input.modelName)) {
      throw new ApiError('conflict', `A model named "${input.modelName}" already exists; choose another name`)
    }

    const job: WorkerJob = {
      tunes,
      ordinals: corpusTunes.map((t) => t.ordinal),
      vocab: parent ? vocabJsonOf(parent) : undefined,
      sizes: { embeddingDim: input.sizes.embedding, lstmUnits: input.sizes.units },
      config,
      start: startWeights,
      engine: deps.engine,
      addonPath: deps.addonPath,
    }

    let runId = 0
    let modelId = resumeModel?.id ?? 0
    let modelName = resumeModel?.name ?? input.modelName
    let backend = ''
    const epochs = config.epochs
    let bestValBits: number | null = null
    let lastValBits: number | null = null
    // What became of the corpus's characters (grown into the vocabulary, mapped, dropped): said
    // when the run starts and again with its outcome, where the Training view shows it.
    let vocabularyNote = ''

    const ready = new Promise<void>((resolveReady, rejectReady) => {
      const handle = startTraining(
        job,
        {
          onReady(info) {
            try {
              backend = info.backend
              if (!resumeModel) {
                const model = library.models.create({
                  name: input.modelName,
                  shape: info.shape,
                  vocab: info.vocab.idx_to_char,
                  config: { parentModelId: parent?.id ?? null, corpusId: corpus.id },
                  source: 'trained',
                })
                modelId = model.id
                modelName = model.name
              }
              const run = library.trainingRuns.start({ modelId, corpusId: corpus.id, config: { ...config, maxSeconds: config.maxSeconds ?? null }, backend })
              runId = run.id
              current.runId = runId
              current.modelId = modelId
              current.state = handle.paused ? 'paused' : 'running'
              vocabularyNote = describeVocabulary(info)
              if (vocabularyNote) emit({ runId, modelId, modelName, backend, state: current.state, kind: 'step', step: 0, epoch: 0, epochs, trainLoss: null, valBits: null, bestValBits: null, charsPerSec: 0, etaSeconds: null, message: vocabularyNote })
              resolveReady()
            } catch (err) {
              handle.stop()
              rejectReady(err)
            }
          },
          onStep(report) {
            emit({
              runId,
              modelId,
              modelName,
              backend,
              state: current.state,
              kind: 'step',
              step: report.step,
              epoch: report.epoch,
              epochs,
              trainLoss: report.trainLoss,
              valBits: lastValBits,
              bestValBits,
              charsPerSec: report.charsPerSec,
              etaSeconds: report.etaSeconds,
            })
          },
          saveCheckpoint(c) {
            const id = library.transaction(() => {
              const checkpointId = library.models.saveCheckpoint({
                modelId,
                trainingRunId: runId,
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
              library.trainingRuns.appendPoints(runId, [
                { step: c.step, epoch: c.epoch, trainLoss: c.trainLoss, valBitsPerChar: c.valBits, charsPerSec: c.charsPerSec },
              ])
              return checkpointId
            })
            if (c.valBits !== null) lastValBits = c.valBits
            if (c.isBest && c.valBits !== null) bestValBits = c.valBits
            return id
          },
          onCheckpointSaved(c, id) {
            emit({
              runId,
              modelId,
              modelName,
              backend,
              state: current.state,
              kind: c.kind === 'epoch' ? 'epoch' : 'checkpoint',
              step: c.step,
              epoch: c.epoch,
              epochs,
              trainLoss: c.trainLoss,
              valBits: c.valBits,
              bestValBits,
              charsPerSec: c.charsPerSec,
              etaSeconds: c.etaSeconds,
              checkpointId: id,
            })
          },
        },
        deps.workerEntry,
      )
      const done = handle.done.then(
        (result) => {
          const finalStatus = result.outcome === 'stopped' ? 'stopped' : 'completed'
          if (runId) library.trainingRuns.finish(runId, finalStatus)
          emitDone(finalStatus, [describeOutcome(result), vocabularyNote].filter(Boolean).join('. '), result)
          return result
        },
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err)
          if (runId) library.trainingRuns.finish(runId, 'failed', message)
          emitDone('failed', message, null)
          rejectReady(err)
          return null
        },
      )
      const current: ActiveRun = { handle, runId, modelId, state: 'preparing', done }
      active = current
      void done.finally(() => {
        if (active === current) active = null
      })
    })

    const emitDone = (finalStatus: 'completed' | 'stopped' | 'failed', message: string, result: LoopResult | null): void => {
      emit({
        runId,
        modelId,
        modelName,
        backend,
        state: 'idle',
        kind: 'done',
        step: result?.step ?? lastProgress?.step ?? 0,
        epoch: result?.epoch ?? lastProgress?.epoch ?? 0,
        epochs,
        trainLoss: lastProgress?.trainLoss ?? null,
        valBits: lastValBits,
        bestValBits: result?.bestValBits ?? bestValBits,
        charsPerSec: result?.charsPerSec ?? 0,
        etaSeconds: 0,
        checkpointId: result?.bestCheckpointId ?? undefined,
        status: finalStatus,
        message,
      })
    }

    try {
      await ready
    } catch (err) {
      throw new ApiError('invalid-input', err instanceof Error ? err.message : String(err))
    }
    const run = library.trainingRuns.get(runId)
    if (!run) throw new ApiError('internal', 'The training run was not recorded')
    return runSummary(run)
  }

  const setState = (next: TrainingState): void => {
    if (!active) return
    active.state = next
    if (lastProgress && lastProgress.runId === active.runId) emit({ ...lastProgress, state: next, kind: 'step' })
  }

  const modelSummary = (m: ModelRecord): ModelSummary => {
    const best = m.bestCheckpointId ? library.models.listCheckpoints(m.id).find((c) => c.id === m.bestCheckpointId) : undefined
    return {
      id: m.id,
      name: m.name,
      source: m.source,
      isDefault: m.isDefault,
      sizes: { embedding: m.shape.embeddingDim, units: m.shape.lstmUnits },
      vocabSize: m.shape.vocabSize,
      parameters: parameterCount(m.shape),
      bestCheckpointId: m.bestCheckpointId,
      bestValBits: best?.valBitsPerChar ?? null,
      createdAt: m.createdAt,
    }
  }

  return {
    start,
    pause() {
      if (!active) throw new ApiError('conflict', 'No training run to pause')
      active.handle.pause()
      setState('paused')
      return status()
    },
    resume() {
      if (!active) throw new ApiError('conflict', 'No training run to resume')
      active.handle.resume()
      setState('running')
      return status()
    },
    stop() {
      if (!active) return status()
      active.handle.stop()
      setState('stopping')
      return status()
    },
    status,
    listRuns: ({ modelId }) => library.trainingRuns.list(modelId).map(runSummary),
    listCheckpoints: ({ modelId }): CheckpointSummary[] => {
      if (!library.models.get(modelId)) throw new ApiError('not-found', `No model with id ${modelId}`)
      return library.models.listCheckpoints(modelId).map((c) => ({
        id: c.id,
        modelId: c.modelId,
        runId: c.trainingRunId,
        step: c.step,
        epoch: c.epoch,
        trainLoss: c.trainLoss,
        valBits: c.valBitsPerChar,
        isBest: c.isBest,
        createdAt: c.createdAt,
      }))
    },
    async listModels() {
      await ensureShipped()
      return library.models.list().map(modelSummary)
    },
    async whenIdle() {
      return active ? active.done : null
    },
    async shutdown() {
      if (!active) return
      active.handle.stop()
      await active.done
    },
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
