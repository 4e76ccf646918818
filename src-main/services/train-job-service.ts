/**
 * Training jobs (src-shared/contract/train-job.ts): hand a run to PyTorch and bring the model home.
 * Export prepares the data with the app's own functions (model/train-job/job-folder.ts) and writes
 * the job folder, in a worker thread (model/train-job/tasks.ts); import converts the job's
 * checkpoints to our Layers format there too, and here stores the model,
 * its run and its learning curve as a run in the app would have (one point per checkpoint, the
 * best marked), so the composer can use it at once.
 */
import path from 'node:path'
import { ApiError } from '../../src-shared/contract/errors'
import type { HandlersOf } from '../../src-shared/contract/channel'
import type { TrainJobExportRequest, TrainJobExportResult, TrainJobImportResult, trainJobChannels } from '../../src-shared/contract/train-job'
import type { Library } from '../library/open-library'
import type { Checkpoint } from '../library/models'
import type { TrainingStatus } from '../library/training-runs'
import { parameterCount } from '../engine/weights'
import { ensureDefaultModel } from '../model/default-model'
import { JOB_FILES, trainScriptPath, type JobConfig, type LogRecord } from '../model/train-job/job-folder'
import { findTorchPython, NO_TORCH_MESSAGE } from '../model/train-job/python'
import { runJobTaskOffThread } from '../model/train-job/task-runner'
import type { JobTask, JobTaskResult } from '../model/train-job/tasks'

export interface TrainJobServiceDeps {
  library: Library
  /** The app's resources/ folder: train.py ships in resources/train-job/. */
  resourcesDir: string
  /**
   * The built job worker file (Electron); undefined = task-worker.ts through tsx (Node shells);
   * null = on this thread (a shell with no worker file).
   */
  workerEntry?: string | null
}

export type TrainJobService = HandlersOf<typeof trainJobChannels>

/** Processes the printed command starts on one machine: two, the smallest that exercises DDP. */
const SUGGESTED_PROCESSES = 2

/** A thrown Error from preparing or reading a job is the user's to act on: say it as invalid input. */
async function inWords<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof ApiError) throw err
    throw new ApiError('invalid-input', err instanceof Error ? err.message : String(err))
  }
}

export function createTrainJobService(deps: TrainJobServiceDeps): TrainJobService {
  return { export: (input) => exportJob(deps, input), import: (input) => importJob(deps, input) }
}

async function runTask<K extends JobTaskResult['kind']>(deps: TrainJobServiceDeps, task: JobTask & { kind: K }): Promise<Extract<JobTaskResult, { kind: K }>> {
  return (await inWords(() => runJobTaskOffThread(task, deps.workerEntry))) as Extract<JobTaskResult, { kind: K }>
}

async function parentCheckpoint(deps: TrainJobServiceDeps, from: number | 'default'): Promise<Checkpoint> {
  const { library } = deps
  const model = from === 'default' ? ((await ensureDefaultModel(library, deps.resourcesDir)) ?? library.models.getDefault()) : null
  const checkpoint = from === 'default' ? (model ? library.models.loadCheckpointForSampling(model.id) : null) : library.models.getCheckpoint(from)
  if (!checkpoint) throw new ApiError('not-found', from === 'default' ? 'There is no default model to start from' : `No checkpoint with id ${from}`)
  return checkpoint
}

type TrainingRequest = TrainJobExportRequest['training']

/** The settings a job carries to train.py. */
function jobConfig(t: TrainingRequest): JobConfig {
  const { epochs, batch, seqLen, lr, lrDecay, warmupSteps, dropout, clipNorm, patience, checkpointEvery, seed } = t
  return { epochs, batch, seqLen, lr, lrDecay, warmupSteps, dropout, clipNorm, patience, checkpointEvery, seed }
}

/** The export task for the worker: the corpus's tunes in order, and fresh or parent weights. */
async function exportTask(deps: TrainJobServiceDeps, dir: string, t: TrainingRequest): Promise<JobTask & { kind: 'export' }> {
  const { library } = deps
  const corpus = t.corpusId === undefined ? null : library.corpora.get(t.corpusId)
  if (!corpus) throw new ApiError('not-found', `No corpus with id ${String(t.corpusId)}`)
  const corpusTunes = library.tunes.corpusText(corpus.id)
  if (corpusTunes.length === 0) throw new ApiError('invalid-input', `The corpus "${corpus.name}" has no tunes`)
  const checkpoint = t.fromCheckpointId === undefined ? null : await parentCheckpoint(deps, t.fromCheckpointId)
  const parent = checkpoint ? library.models.get(checkpoint.modelId) : null
  return {
    kind: 'export',
    dir,
    tunes: corpusTunes.map((c) => c.abc),
    ordinals: corpusTunes.map((c) => c.ordinal),
    start:
      parent && checkpoint
        ? { kind: 'fine-tune', modelJson: checkpoint.modelJson, weightData: checkpoint.weights, vocab: parent.vocab }
        : { kind: 'new', sizes: { embeddingDim: t.sizes.embedding, lstmUnits: t.sizes.units } },
    config: jobConfig(t),
    meta: {
      modelName: t.modelName,
      corpus: { id: corpus.id, name: corpus.name },
      parent: parent && checkpoint ? { modelId: parent.id, name: parent.name, checkpointId: checkpoint.id } : null,
    },
    scriptPath: trainScriptPath(deps.resourcesDir),
  }
}

async function exportJob(deps: TrainJobServiceDeps, input: TrainJobExportRequest): Promise<TrainJobExportResult> {
  if (input.training.resume) throw new ApiError('invalid-input', 'A job starts a new model or fine-tunes one; it cannot resume a run of this app')
  const dir = path.resolve(input.dir)
  const [done, python] = await Promise.all([runTask(deps, await exportTask(deps, dir, input.training)), findTorchPython()])
  const processes = python && python.cudaDevices > 0 ? python.cudaDevices : SUGGESTED_PROCESSES
  return {
    dir,
    files: Object.values(JOB_FILES).filter((f) => f !== JOB_FILES.log),
    modelName: done.meta.modelName,
    tuneCount: done.meta.tuneCount,
    chars: done.chars,
    vocabSize: done.meta.shape.vocabSize,
    parameters: parameterCount(done.meta.shape),
    stepsPerEpoch: done.stepsPerEpoch,
    command: `cd ${JSON.stringify(dir)} && ${python?.python ?? 'python3'} train.py --nproc-per-node ${processes}`,
    pythonNote: python ? null : NO_TORCH_MESSAGE,
  }
}

type ImportedJob = Extract<JobTaskResult, { kind: 'import' }>
type DoneRecord = Extract<LogRecord, { kind: 'done' }>

function refuseTakenName(library: Library, name: string): void {
  if (library.models.getByName(name)) throw new ApiError('conflict', `A model named "${name}" already exists; choose another name`)
}

async function importJob(deps: TrainJobServiceDeps, input: { dir: string; name: string }): Promise<TrainJobImportResult> {
  const { library } = deps
  refuseTakenName(library, input.name)
  const dir = path.resolve(input.dir)
  const result = await runTask(deps, { kind: 'import', dir })
  const bestIndex = bestCheckpointIndex(result.checkpoints.map((c) => c.record.valBits))
  const done = result.log.find((r): r is DoneRecord => r.kind === 'done')
  const backend = describeBackend(result.log)
  // A second look: the name may have been taken while the worker converted the checkpoints.
  refuseTakenName(library, input.name)
  const ids = library.transaction(() => storeJob(library, { name: input.name, dir, backend, result, bestIndex, done }))
  return {
    ...ids,
    modelName: input.name,
    checkpoints: result.checkpoints.length,
    steps: done?.step ?? result.checkpoints[result.checkpoints.length - 1].record.step,
    bestValBits: result.checkpoints[bestIndex].record.valBits,
    backend,
    outcome: done?.outcome ?? 'interrupted',
  }
}

interface JobToStore { name: string; dir: string; backend: string; result: ImportedJob; bestIndex: number; done: DoneRecord | undefined }

/** The model, its run, its curve (one point per checkpoint) and its checkpoints, the best marked. */
function storeJob(library: Library, job: JobToStore): { modelId: number; runId: number; bestCheckpointId: number } {
  const { result, bestIndex, dir, backend } = job
  const { meta } = result
  const status: Exclude<TrainingStatus, 'running'> = !job.done ? 'interrupted' : job.done.outcome === 'stopped' ? 'stopped' : 'completed'
  const corpusId = library.corpora.get(meta.corpus.id)?.name === meta.corpus.name ? meta.corpus.id : null
  const model = library.models.create({
    name: job.name,
    shape: meta.shape,
    vocab: result.vocab,
    config: { parentModelId: meta.parent?.modelId ?? null, corpusId, trainJob: { dir, backend } },
    source: 'trained',
  })
  const run = library.trainingRuns.start({ modelId: model.id, corpusId, config: { ...meta.config, maxSeconds: null, trainJob: dir }, backend })
  const curve = result.log.filter((r): r is Extract<LogRecord, { kind: 'checkpoint' }> => r.kind === 'checkpoint')
  library.trainingRuns.appendPoints(run.id, curve.map((c) => ({ step: c.step, epoch: c.epoch, trainLoss: c.trainLoss, valBitsPerChar: c.valBits, charsPerSec: c.charsPerSec })))
  let bestCheckpointId = 0
  result.checkpoints.forEach(({ record, modelJson, weightData }, i) => {
    const id = library.models.saveCheckpoint({
      modelId: model.id,
      trainingRunId: run.id,
      step: record.step,
      epoch: record.epoch,
      trainLoss: record.trainLoss,
      valBitsPerChar: record.valBits,
      isBest: i === bestIndex,
      modelJson,
      weights: weightData,
    })
    if (i === bestIndex) bestCheckpointId = id
  })
  library.trainingRuns.finish(run.id, status, status === 'interrupted' ? 'the job has no end in its loss log: it was still running or was cut off' : undefined)
  return { modelId: model.id, runId: run.id, bestCheckpointId }
}

/** The checkpoint the composer should use: the lowest validation score, else the latest. */
function bestCheckpointIndex(valBits: (number | null)[]): number {
  let best = valBits.length - 1
  valBits.forEach((v, i) => {
    const current = valBits[best]
    if (v !== null && (current === null || v < current)) best = i
  })
  return best
}

function describeBackend(log: LogRecord[]): string {
  const start = log.find((r): r is Extract<LogRecord, { kind: 'start' }> => r.kind === 'start')
  return start ? `PyTorch ${start.torch} DDP, ${start.worldSize} × ${start.device} (${start.backend})` : 'PyTorch DDP'
}
