/**
 * A training job folder: what `train-job export` writes for resources/train-job/train.py (PyTorch
 * DDP) and what `train-job import` reads back. The data are prepared by the functions the app's
 * own trainer calls (the same cleaning, dialect, vocabulary growth and split by tune), so a job
 * trains on exactly the text a run in the app would.
 *
 *   job.json            format, shape, settings (LoopConfig), corpus and parent, trainTuneLengths
 *   vocab.json          the vocabulary (index → character)
 *   train.txt           the training tunes, cleaned, each closed by a blank line, in corpus order
 *   validation.txt      the held-out tunes, the same way (the app's validation stream)
 *   initial.safetensors the starting weights in PyTorch's layout (fresh seeded ones or the parent's)
 *   train.py            the trainer; README.md says how to run it
 * train.py adds checkpoints/step-NNNNNNN.safetensors and loss-log.jsonl.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { initWeights } from '../../engine/init-weights'
import type { CharLstmWeights, ModelShape } from '../../engine/weights'
import { shapeOf } from '../../engine/flat-weights'
import { prepareTrainingData, type TrainingData } from '../corpus/training-data'
import { trainingTextCleaner, type DialectTotals } from '../corpus/training-text'
import { joinTunes } from '../corpus/stream'
import { requireWindows, windowLayout } from '../corpus/windows'
import { growVocabWeights } from '../grow-vocab'
import type { LoopConfig } from '../training/loop'
import { Vocab } from '../vocab'
import { decodeSafetensors, encodeSafetensors, fromTorchTensors, toTorchTensors } from './torch-format'

export const JOB_FORMAT = 'tunesmith-train-job-1'
export const JOB_FILES = {
  meta: 'job.json',
  vocab: 'vocab.json',
  train: 'train.txt',
  validation: 'validation.txt',
  initial: 'initial.safetensors',
  script: 'train.py',
  readme: 'README.md',
  log: 'loss-log.jsonl',
} as const

/** Where the trainer ships: resources/ travels with the packaged app (extraResources). */
export function trainScriptPath(resourcesDir: string): string {
  return path.join(resourcesDir, 'train-job', JOB_FILES.script)
}

/** The job's settings: the app's loop settings that train.py follows (no time limit, no threads). */
export type JobConfig = Pick<LoopConfig, 'epochs' | 'batch' | 'seqLen' | 'lr' | 'lrDecay' | 'warmupSteps' | 'dropout' | 'clipNorm' | 'patience' | 'checkpointEvery' | 'seed'>

export interface JobMeta {
  format: typeof JOB_FORMAT
  createdAt: string
  /** The name the job suggests for the imported model. */
  modelName: string
  corpus: { id: number; name: string }
  /** The model fine-tuned, or null for a new one. */
  parent: { modelId: number; name: string; checkpointId: number } | null
  shape: ModelShape
  config: JobConfig
  initialWeights: string
  /** Characters (code points) of each training tune with its blank line, in train.txt order. */
  trainTuneLengths: number[]
  tuneCount: { train: number; validation: number }
}

export interface PreparedJob {
  data: TrainingData
  weights: CharLstmWeights
  dialect: DialectTotals
}

/** The corpus's training data and starting weights, prepared as the app's training worker does. */
export function prepareJob(
  tunes: readonly string[],
  ordinals: readonly number[],
  start: { kind: 'new'; sizes: Omit<ModelShape, 'vocabSize'> } | { kind: 'fine-tune'; weights: CharLstmWeights; vocab: Vocab },
  config: JobConfig,
): PreparedJob {
  const text = trainingTextCleaner()
  const fineTune = start.kind === 'fine-tune'
  const data = prepareTrainingData(tunes, { clean: text.clean, vocab: fineTune ? start.vocab : undefined, grow: fineTune, ordinals })
  const weights = fineTune ? growVocabWeights(start.weights, data.grown.length, config.seed) : initWeights({ vocabSize: data.vocab.size, ...start.sizes }, config.seed)
  requireWindows(windowLayout(joinTunes(data.trainTunes).length, config.batch, config.seqLen), 'training')
  return { data, weights, dialect: text.totals }
}

export async function writeJobFolder(dir: string, job: PreparedJob, meta: Omit<JobMeta, 'format' | 'createdAt' | 'shape' | 'initialWeights' | 'trainTuneLengths' | 'tuneCount'>, scriptPath: string): Promise<JobMeta> {
  const existing = await fs.readdir(dir).catch(() => [])
  if (existing.length > 0) throw new Error(`${dir} is not empty: choose a new or empty folder for the job`)
  await fs.mkdir(dir, { recursive: true })
  const { data, weights } = job
  const full: JobMeta = {
    format: JOB_FORMAT,
    createdAt: new Date().toISOString(),
    ...meta,
    shape: shapeOf(weights),
    initialWeights: JOB_FILES.initial,
    trainTuneLengths: data.trainTunes.map((t) => [...joinTunes([t])].length),
    tuneCount: data.tuneCount,
  }
  const write = (name: string, content: string | Uint8Array): Promise<void> => fs.writeFile(path.join(dir, name), content)
  await write(JOB_FILES.train, joinTunes(data.trainTunes))
  await write(JOB_FILES.validation, data.vocab.decode(data.validation))
  await write(JOB_FILES.vocab, JSON.stringify(data.vocab.toJson(), null, 1))
  await write(JOB_FILES.initial, encodeSafetensors(toTorchTensors(weights)))
  await fs.copyFile(scriptPath, path.join(dir, JOB_FILES.script))
  await write(JOB_FILES.readme, readme(full))
  // job.json last: a folder with a job.json is complete.
  await write(JOB_FILES.meta, JSON.stringify(full, null, 1))
  return full
}

function readme(meta: JobMeta): string {
  return [
    `# Tunesmith training job: ${meta.modelName}`,
    '',
    `Corpus "${meta.corpus.name}": ${meta.tuneCount.train} training tunes, ${meta.tuneCount.validation} held out for validation.`,
    meta.parent ? `Fine-tunes "${meta.parent.name}" (checkpoint ${meta.parent.checkpointId}).` : 'A new model.',
    '',
    'Needs PyTorch (Debian: `apt-get install python3-torch`; elsewhere `pip install torch`). Then, in this folder:',
    '',
    '    python3 train.py --nproc-per-node 2 --max-steps 20     # a trial on two CPU cores',
    '    python3 train.py --nproc-per-node 8                    # one machine, 8 GPUs (or CPU processes)',
    '    torchrun --nnodes 4 --nproc_per_node 8 --rdzv_backend c10d --rdzv_endpoint HOST:29500 train.py   # a cluster',
    '',
    'Bring the model home: `npm run cli -- train-job import THIS-FOLDER --name NAME`, or the Training view.',
    'docs/scaling.md in the Tunesmith sources has the details (costs, limits, learning rate with more processes).',
    '',
  ].join('\n')
}

/** One line of loss-log.jsonl (train.py writes them; see its `Log`). */
export type LogRecord =
  | { kind: 'start'; worldSize: number; backend: string; device: string; torch: string; stepsPerEpoch: number; globalBatch: number; seqLen: number }
  | { kind: 'step'; step: number; epoch: number; trainLoss: number; stepsPerSec: number; charsPerSec: number }
  | { kind: 'checkpoint'; type: 'periodic' | 'epoch' | 'final'; step: number; epoch: number; trainLoss: number | null; valBits: number | null; isBest: boolean; file: string; charsPerSec: number }
  | { kind: 'done'; outcome: 'completed' | 'stopped' | 'early-stopped'; step: number; bestValBits: number | null; seconds: number; stepsPerSec: number; worldSize: number; backend: string; device: string; torch: string }

export interface JobResult {
  meta: JobMeta
  vocab: Vocab
  log: LogRecord[]
  /** Checkpoints whose files are still there (train.py keeps the best and the 5 newest), oldest first. */
  checkpoints: (Extract<LogRecord, { kind: 'checkpoint' }> & { weights: CharLstmWeights })[]
}

async function readText(dir: string, name: string, what: string): Promise<string> {
  try {
    return await fs.readFile(path.join(dir, name), 'utf8')
  } catch {
    throw new Error(`${path.join(dir, name)} cannot be read: ${what}`)
  }
}

export async function readJobResult(dir: string): Promise<JobResult> {
  const meta = JSON.parse(await readText(dir, JOB_FILES.meta, 'is this a training job folder?')) as JobMeta
  if (meta.format !== JOB_FORMAT) throw new Error(`${path.join(dir, JOB_FILES.meta)} is not a Tunesmith training job (format "${String(meta.format)}")`)
  const vocab = Vocab.fromJson(await readText(dir, JOB_FILES.vocab, 'the job has lost its vocabulary'))
  const logText = await readText(dir, JOB_FILES.log, 'the job has not been run yet (python3 train.py writes it)')
  const log = logText
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as LogRecord
      } catch {
        throw new Error(`${JOB_FILES.log} line ${i + 1} is not JSON: was the job cut off while writing?`)
      }
    })
  const checkpoints: JobResult['checkpoints'] = []
  for (const record of log) {
    if (record.kind !== 'checkpoint') continue
    const bytes = await fs.readFile(path.join(dir, record.file)).catch(() => null)
    if (!bytes) continue
    const weights = fromTorchTensors(decodeSafetensors(new Uint8Array(bytes)))
    if (weights.vocabSize !== vocab.size) throw new Error(`${record.file} is for ${weights.vocabSize} characters but the job's vocabulary has ${vocab.size}`)
    checkpoints.push({ ...record, weights })
  }
  if (checkpoints.length === 0) throw new Error(`the job in ${dir} has written no checkpoint yet (see ${JOB_FILES.log})`)
  return { meta, vocab, log, checkpoints }
}
