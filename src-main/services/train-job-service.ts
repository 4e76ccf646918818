/**
 * Training jobs (src-shared/contract/train-job.ts): hand a run to PyTorch and bring the model home.
 * Export prepares the data with the app's own functions (model/train-job/job-folder.ts) and writes
 * the job folder; import converts the job's checkpoints to our Layers format and stores the model,
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
import { artifactsToWeights, weightsToArtifacts, type LayersModelJson } from '../engine/layers-format'
import { parameterCount } from '../engine/weights'
import { ensureDefaultModel } from '../model/default-model'
import { JOB_FILES, prepareJob, readJobResult, trainScriptPath, writeJobFolder, type JobConfig, type JobResult, type LogRecord } from '../model/train-job/job-folder'
import { findTorchPython, NO_TORCH_MESSAGE } from '../model/train-job/python'
import { Vocab } from '../model/vocab'
import { windowLayout } from '../model/corpus/windows'
import { joinTunes } from '../model/corpus/stream'

export interface TrainJobServiceDeps {
  library: Library
  /** The app's resources/ folder: train.py ships in resources/train-job/. */
  resourcesDir: string
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
  const { library } = deps

  const parentCheckpoint = async (from: number | 'default'): Promise<Checkpoint> => {
    const model = from === 'default' ? ((await ensureDefaultModel(library, deps.resourcesDir)) ?? library.models.getDefault()) : null
    const checkpoint = from === 'default' ? (model ? library.models.loadCheckpointForSampling(model.id) : null) : library.models.getCheckpoint(from)
    if (!checkpoint) throw new ApiError('not-found', from === 'default' ? 'There is no default model to start from' : `No checkpoint with id ${from}`)
    return checkpoint
  }

  async function exportJob(input: TrainJobExportRequest): Promise<TrainJobExportResult> {
    const t = input.training
    if (t.resume) throw new ApiError('invalid-input', 'A job starts a new model or fine-tunes one; it cannot resume a run of this app')
    const corpus = t.corpusId === undefined ? null : library.corpora.get(t.corpusId)
    if (!corpus) throw new ApiError('not-found', `No corpus with id ${String(t.corpusId)}`)
    const corpusTunes = library.tunes.corpusText(corpus.id)
    if (corpusTunes.length === 0) throw new ApiError('invalid-input', `The corpus "${corpus.name}" has no tunes`)
    const config: JobConfig = {
      epochs: t.epochs,
      batch: t.batch,
      seqLen: t.seqLen,
      lr: t.lr,
      lrDecay: t.lrDecay,
      dropout: t.dropout,
      clipNorm: t.clipNorm,
      patience: t.patience,
      checkpointEvery: t.checkpointEvery,
      seed: t.seed,
    }
    const checkpoint = t.fromCheckpointId === undefined ? null : await parentCheckpoint(t.fromCheckpointId)
    const parentModel = checkpoint ? library.models.get(checkpoint.modelId) : null
    return inWords(async () => {
      const start = parentModel && checkpoint
        ? {
            kind: 'fine-tune' as const,
            weights: await artifactsToWeights({ modelJson: JSON.parse(checkpoint.modelJson) as LayersModelJson, weightData: checkpoint.weights }),
            vocab: Vocab.fromJson({ idx_to_char: parentModel.vocab }),
          }
        : { kind: 'new' as const, sizes: { embeddingDim: t.sizes.embedding, lstmUnits: t.sizes.units } }
      const job = prepareJob(corpusTunes.map((c) => c.abc), corpusTunes.map((c) => c.ordinal), start, config)
      const dir = path.resolve(input.dir)
      const meta = await writeJobFolder(
        dir,
        job,
        {
          modelName: t.modelName,
          corpus: { id: corpus.id, name: corpus.name },
          parent: parentModel && checkpoint ? { modelId: parentModel.id, name: parentModel.name, checkpointId: checkpoint.id } : null,
          config,
        },
        trainScriptPath(deps.resourcesDir),
      )
      const python = await findTorchPython()
      const trainChars = joinTunes(job.data.trainTunes).length
      return {
        dir,
        files: Object.values(JOB_FILES).filter((f) => f !== JOB_FILES.log),
        modelName: meta.modelName,
        tuneCount: meta.tuneCount,
        chars: { train: trainChars, validation: job.data.validation.length },
        vocabSize: meta.shape.vocabSize,
        parameters: parameterCount(meta.shape),
        stepsPerEpoch: windowLayout(trainChars, config.batch, config.seqLen).windows,
        command: `cd ${JSON.stringify(dir)} && ${python?.python ?? 'python3'} train.py --nproc-per-node ${python && python.cudaDevices > 0 ? python.cudaDevices : SUGGESTED_PROCESSES}`,
        pythonNote: python ? null : NO_TORCH_MESSAGE,
      }
    })
  }

  async function importJob(input: { dir: string; name: string }): Promise<TrainJobImportResult> {
    if (library.models.getByName(input.name)) throw new ApiError('conflict', `A model named "${input.name}" already exists; choose another name`)
    const result = await inWords(() => readJobResult(path.resolve(input.dir)))
    const bestIndex = bestCheckpointIndex(result)
    // The Layers-format bytes are made first (async): the library writes happen in one transaction.
    const stored = await Promise.all(result.checkpoints.map(async (c) => ({ record: c, artifacts: await weightsToArtifacts(c.weights) })))
    const done = result.log.find((r): r is Extract<LogRecord, { kind: 'done' }> => r.kind === 'done')
    const backend = describeBackend(result.log)
    const status: Exclude<TrainingStatus, 'running'> = !done ? 'interrupted' : done.outcome === 'stopped' ? 'stopped' : 'completed'
    const { meta } = result
    const corpusId = library.corpora.get(meta.corpus.id)?.name === meta.corpus.name ? meta.corpus.id : null
    const ids = library.transaction(() => {
      const model = library.models.create({
        name: input.name,
        shape: meta.shape,
        vocab: [...result.vocab.chars],
        config: { parentModelId: meta.parent?.modelId ?? null, corpusId, trainJob: { dir: path.resolve(input.dir), backend } },
        source: 'trained',
      })
      const run = library.trainingRuns.start({ modelId: model.id, corpusId, config: { ...meta.config, maxSeconds: null, trainJob: path.resolve(input.dir) }, backend })
      const checkpoints = result.log.filter((r): r is Extract<LogRecord, { kind: 'checkpoint' }> => r.kind === 'checkpoint')
      library.trainingRuns.appendPoints(run.id, checkpoints.map((c) => ({ step: c.step, epoch: c.epoch, trainLoss: c.trainLoss, valBitsPerChar: c.valBits, charsPerSec: c.charsPerSec })))
      let bestCheckpointId = 0
      stored.forEach(({ record, artifacts }, i) => {
        const id = library.models.saveCheckpoint({
          modelId: model.id,
          trainingRunId: run.id,
          step: record.step,
          epoch: record.epoch,
          trainLoss: record.trainLoss,
          valBitsPerChar: record.valBits,
          isBest: i === bestIndex,
          modelJson: JSON.stringify(artifacts.modelJson),
          weights: artifacts.weightData,
        })
        if (i === bestIndex) bestCheckpointId = id
      })
      library.trainingRuns.finish(run.id, status, status === 'interrupted' ? 'the job has no end in its loss log: it was still running or was cut off' : undefined)
      return { modelId: model.id, runId: run.id, bestCheckpointId }
    })
    const best = result.checkpoints[bestIndex]
    return {
      ...ids,
      modelName: input.name,
      checkpoints: stored.length,
      steps: done?.step ?? result.checkpoints[result.checkpoints.length - 1].step,
      bestValBits: best.valBits,
      backend,
      outcome: done?.outcome ?? 'interrupted',
    }
  }

  return { export: exportJob, import: importJob }
}

/** The checkpoint the composer should use: the lowest validation score, else the latest. */
function bestCheckpointIndex(result: JobResult): number {
  let best = result.checkpoints.length - 1
  result.checkpoints.forEach((c, i) => {
    const current = result.checkpoints[best].valBits
    if (c.valBits !== null && (current === null || c.valBits < current)) best = i
  })
  return best
}

function describeBackend(log: LogRecord[]): string {
  const start = log.find((r): r is Extract<LogRecord, { kind: 'start' }> => r.kind === 'start')
  return start ? `PyTorch ${start.torch} DDP, ${start.worldSize} × ${start.device} (${start.backend})` : 'PyTorch DDP'
}
