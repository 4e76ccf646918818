/**
 * What a training request means, before anything starts: the corpus, the loop settings (a resumed
 * run keeps its own), the weights to start from and the model the run records into. `readRunFacts`
 * looks the request's references up in the library; `planRun` is pure: the same facts give the
 * same plan, and every refusal is a message in words.
 */
import { ApiError } from '../../src-shared/contract/errors'
import type { TrainingStartRequest } from '../../src-shared/contract/training'
import type { Library } from '../library/open-library'
import type { Checkpoint, ModelRecord } from '../library/models'
import type { TrainingRun } from '../library/training-runs'
import type { LoopConfig } from '../model/training/loop'
import type { StartWeights, WorkerJob } from '../model/training/protocol'
import type { VocabJson } from '../model/vocab'

/** The library records a request refers to, looked up once. */
export interface RunFacts {
  checkpoint: Checkpoint | null
  /** The run that wrote `checkpoint`, when resuming. */
  originalRun: TrainingRun | null
  /** The model `checkpoint` belongs to. */
  parent: ModelRecord | null
  corpus: { id: number; name: string } | null
  tunes: { abc: string; ordinal: number }[]
  /** Whether a model already has the requested name. */
  nameTaken: boolean
}

export interface RunPlan {
  corpus: { id: number; name: string }
  config: LoopConfig
  /** The model a fine-tune or a fresh run grows from (null: a fresh run). */
  parent: ModelRecord | null
  /** Set when resuming: the run records into this existing model. */
  resumeModel: ModelRecord | null
  job: Omit<WorkerJob, 'engine' | 'addonPath'>
}

/** A resumed run's stored settings (maxSeconds is stored as null when there was no limit). */
type StoredConfig = Partial<Omit<LoopConfig, 'maxSeconds'>> & { maxSeconds?: number | null }

export function readRunFacts(library: Library, input: TrainingStartRequest, checkpoint: Checkpoint | null): RunFacts {
  const originalRun = input.resume && checkpoint?.trainingRunId ? library.trainingRuns.get(checkpoint.trainingRunId) : null
  const corpusId = input.resume ? (originalRun?.corpusId ?? input.corpusId) : input.corpusId
  const corpus = corpusId === undefined || corpusId === null ? null : library.corpora.get(corpusId)
  return {
    checkpoint,
    originalRun,
    parent: checkpoint ? library.models.get(checkpoint.modelId) : null,
    corpus: corpus ?? null,
    tunes: corpus ? library.tunes.corpusText(corpus.id) : [],
    nameTaken: Boolean(library.models.getByName(input.modelName)),
  }
}

export function planRun(input: TrainingStartRequest, facts: RunFacts): RunPlan {
  const corpus = planCorpus(input, facts)
  const { checkpoint, parent } = facts
  if (checkpoint && !parent) throw new ApiError('not-found', `The model of checkpoint ${checkpoint.id} is gone`)
  if (checkpoint && input.resume && !checkpoint.optimizer) {
    throw new ApiError('invalid-input', `Checkpoint ${checkpoint.id} cannot be resumed (it has no optimizer state); fine-tune from it instead`)
  }
  const resumeModel = checkpoint && input.resume ? parent : null
  if (!resumeModel && facts.nameTaken) throw new ApiError('conflict', `A model named "${input.modelName}" already exists; choose another name`)
  const config = resumeModel ? resumedConfig(input, requestedConfig(input), facts.originalRun?.config as StoredConfig | undefined) : requestedConfig(input)
  return {
    corpus,
    config,
    parent,
    resumeModel,
    job: {
      tunes: facts.tunes.map((t) => t.abc),
      ordinals: facts.tunes.map((t) => t.ordinal),
      vocab: parent ? vocabJsonOf(parent) : undefined,
      sizes: { embeddingDim: input.sizes.embedding, lstmUnits: input.sizes.units },
      config,
      start: startWeights(input, checkpoint),
    },
  }
}

function planCorpus(input: TrainingStartRequest, facts: RunFacts): { id: number; name: string } {
  const original = facts.originalRun?.corpusId
  // A resumed run keeps its corpus: the data position in the checkpoint is a position in it.
  if (input.resume && input.corpusId !== undefined && original != null && input.corpusId !== original) {
    throw new ApiError('invalid-input', 'A resumed run keeps its own corpus; leave the corpus out, or fine-tune (without resume) on another one')
  }
  const corpusId = input.resume ? (original ?? input.corpusId) : input.corpusId
  if (corpusId === undefined || corpusId === null) throw new ApiError('invalid-input', 'Which corpus? The checkpoint\'s run has none on record')
  if (!facts.corpus) throw new ApiError('not-found', `No corpus with id ${corpusId}`)
  if (facts.tunes.length === 0) throw new ApiError('invalid-input', `The corpus "${facts.corpus.name}" has no tunes`)
  return facts.corpus
}

function requestedConfig(input: TrainingStartRequest): LoopConfig {
  const { epochs, batch, seqLen, lr, lrDecay, warmupSteps, dropout, clipNorm, patience, checkpointEvery, seed, maxMinutes } = input
  return { epochs, batch, seqLen, lr, lrDecay, warmupSteps, dropout, clipNorm, patience, checkpointEvery, seed, maxSeconds: maxMinutes === undefined ? undefined : maxMinutes * 60 }
}

/**
 * Resuming continues the run as it was set up; only its length and time limit may change, and
 * only those the request names (a CLI default must not replace the run's own plan).
 */
function resumedConfig(input: TrainingStartRequest, requested: LoopConfig, original: StoredConfig | undefined): LoopConfig {
  if (!original) return requested
  const named = new Set(input.resumeOverrides ?? ['epochs', 'maxMinutes'])
  const epochs = named.has('epochs') ? input.epochs : (original.epochs ?? input.epochs)
  const maxSeconds = named.has('maxMinutes') ? requested.maxSeconds : (original.maxSeconds ?? undefined)
  return { ...requested, ...original, epochs, maxSeconds }
}

function startWeights(input: TrainingStartRequest, checkpoint: Checkpoint | null): StartWeights {
  if (!checkpoint) return { kind: 'init', seed: input.seed }
  return {
    kind: 'checkpoint',
    modelJson: checkpoint.modelJson,
    weightData: checkpoint.weights,
    resumeBlob: input.resume && checkpoint.optimizer ? checkpoint.optimizer : undefined,
  }
}

function vocabJsonOf(model: ModelRecord): VocabJson {
  return {
    format: 'tunesmith-vocab-1',
    idx_to_char: model.vocab,
    char_to_idx: Object.fromEntries(model.vocab.map((c, i) => [c, i])),
  }
}
