/**
 * The training domain: one run at a time in a worker thread (model/training/runner.ts). This
 * service owns the library side. A start is planned first (training-plan.ts: what the request
 * means, refused in words before any worker starts), then recorded as the worker reports
 * (training-recorder.ts: the model and run, each checkpoint in one transaction, the learning
 * curve, `trainingProgress` on the event bus); this file wires the two to the worker and holds
 * the one run slot the control calls act on.
 */
import { ApiError } from '../../src-shared/contract/errors'
import type { HandlersOf } from '../../src-shared/contract/channel'
import type {
  CheckpointSummary,
  ModelSummary,
  TrainingProgress,
  TrainingRunSummary,
  TrainingState,
  TrainingStatusInfo,
  trainingChannels,
} from '../../src-shared/contract/training'
import type { Library } from '../library/open-library'
import type { Checkpoint, CheckpointMeta, ModelRecord } from '../library/models'
import type { TrainingRun } from '../library/training-runs'
import { ensureDefaultModel } from '../model/default-model'
import type { LoopResult } from '../model/training/loop'
import type { EnginePreference } from '../model/training/backend'
import { startTraining, type TrainingHandle } from '../model/training/runner'
import { parameterCount } from '../engine/weights'
import type { EventBus } from './event-bus'
import { planRun, readRunFacts, type RunPlan } from './training-plan'
import { RunRecorder } from './training-recorder'

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

interface ActiveRun {
  handle: TrainingHandle
  recorder: RunRecorder
  done: Promise<LoopResult | null>
}

/** The service's one run slot and its latest progress, which outlives the run (status after it). */
interface RunSlot {
  active: ActiveRun | null
  lastProgress: TrainingProgress | null
  emit(progress: TrainingProgress): void
  status(): TrainingStatusInfo
  /** A control call changed the run's state: the active run says so (nothing when idle). */
  setState(next: TrainingState): void
}

export function createTrainingService(deps: TrainingServiceDeps): TrainingService {
  const { library } = deps
  // The shipped model is read (and hashed) once per service, not on every listModels.
  let shippedEnsured: Promise<ModelRecord | null> | null = null
  const ensureShipped = (): Promise<ModelRecord | null> => (shippedEnsured ??= ensureDefaultModel(library, deps.resourcesDir))
  const slot = createRunSlot(deps.events)
  return {
    start: startHandler(deps, slot, ensureShipped),
    ...controlHandlers(slot),
    listRuns: ({ modelId }) => library.trainingRuns.list(modelId).map((run) => runSummary(library, run)),
    listCheckpoints: ({ modelId }) => {
      if (!library.models.get(modelId)) throw new ApiError('not-found', `No model with id ${modelId}`)
      return library.models.listCheckpoints(modelId).map(checkpointSummary)
    },
    async listModels() {
      await ensureShipped()
      return library.models.list().map((m) => modelSummary(library, m))
    },
    async whenIdle() {
      return slot.active ? slot.active.done : null
    },
    async shutdown() {
      if (!slot.active) return
      slot.active.handle.stop()
      await slot.active.done
    },
  }
}

function createRunSlot(events: EventBus): RunSlot {
  const slot: RunSlot = {
    active: null,
    lastProgress: null,
    emit(progress) {
      slot.lastProgress = progress
      events.emit('trainingProgress', progress)
    },
    status: () => ({ state: slot.active?.recorder.state ?? 'idle', progress: slot.lastProgress }),
    setState: (next) => slot.active?.recorder.restate(next),
  }
  return slot
}

type ControlHandlers = Pick<TrainingService, 'pause' | 'resume' | 'stop' | 'status'>

function controlHandlers(slot: RunSlot): ControlHandlers {
  return {
    async pause() {
      if (!slot.active) throw new ApiError('conflict', 'No training run to pause')
      // 'paused' once the worker stands still, not before: a step report or checkpoint on its way
      // would otherwise land under 'paused' and move the step of a paused run.
      if (await slot.active.handle.pause()) slot.setState('paused')
      return slot.status()
    },
    resume() {
      if (!slot.active) throw new ApiError('conflict', 'No training run to resume')
      slot.active.handle.resume()
      slot.setState('running')
      return slot.status()
    },
    stop() {
      if (!slot.active) return slot.status()
      slot.active.handle.stop()
      slot.setState('stopping')
      return slot.status()
    },
    status: () => slot.status(),
  }
}

function startHandler(deps: TrainingServiceDeps, slot: RunSlot, ensureShipped: () => Promise<ModelRecord | null>): TrainingService['start'] {
  const { library } = deps
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

  return async (input) => {
    if (slot.active) throw new ApiError('conflict', 'A training run is already in progress; stop it first')
    const checkpoint = input.fromCheckpointId === undefined ? null : await resolveCheckpoint(input.fromCheckpointId)
    const plan = planRun(input, readRunFacts(library, input, checkpoint))
    const recorder = new RunRecorder({ library, plan, modelName: input.modelName, emit: slot.emit, last: () => slot.lastProgress })
    try {
      await launch(deps, slot, plan, recorder)
    } catch (err) {
      throw new ApiError('invalid-input', err instanceof Error ? err.message : String(err))
    }
    const run = library.trainingRuns.get(recorder.runId)
    if (!run) throw new ApiError('internal', 'The training run was not recorded')
    return runSummary(library, run)
  }
}

/**
 * Starts the worker on the plan and makes it the slot's active run; settles once the run is
 * recorded (the worker is ready), or rejects when the worker could not start.
 */
function launch(deps: TrainingServiceDeps, slot: RunSlot, plan: RunPlan, recorder: RunRecorder): Promise<void> {
  return new Promise<void>((resolveReady, rejectReady) => {
    const job = { ...plan.job, engine: deps.engine, addonPath: deps.addonPath }
    const handle = startTraining(
      job,
      {
        onReady(info) {
          try {
            recorder.ready(info, handle.paused ? 'paused' : 'running')
            resolveReady()
          } catch (err) {
            handle.stop()
            rejectReady(err)
          }
        },
        onStep: (report) => recorder.step(report),
        saveCheckpoint: (c) => recorder.saveCheckpoint(c),
        onCheckpointSaved: (c, id) => recorder.checkpointSaved(c, id),
      },
      deps.workerEntry,
    )
    const done = handle.done.then(
      (result) => {
        recorder.finished(result)
        return result
      },
      (err: unknown) => {
        recorder.failed(err instanceof Error ? err.message : String(err))
        rejectReady(err)
        return null
      },
    )
    const current: ActiveRun = { handle, recorder, done }
    slot.active = current
    void done.finally(() => {
      if (slot.active === current) slot.active = null
    })
  })
}

function runSummary(library: Library, run: TrainingRun): TrainingRunSummary {
  return {
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
  }
}

function checkpointSummary(c: CheckpointMeta): CheckpointSummary {
  return {
    id: c.id,
    modelId: c.modelId,
    runId: c.trainingRunId,
    step: c.step,
    epoch: c.epoch,
    trainLoss: c.trainLoss,
    valBits: c.valBitsPerChar,
    isBest: c.isBest,
    createdAt: c.createdAt,
  }
}

function modelSummary(library: Library, m: ModelRecord): ModelSummary {
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
