/**
 * The heavy halves of exporting and importing a job (cleaning a whole corpus, converting every
 * checkpoint), as plain data in and out so they can run in a worker thread (task-worker.ts): a
 * corpus of thousands of tunes takes seconds, which must not hold the web server or the window.
 * The service keeps the library side (reading the corpus, the one transaction that stores a model).
 */
import { artifactsToWeights, weightsToArtifacts, type LayersModelJson } from '../../engine/layers-format'
import { joinTunes } from '../corpus/stream'
import { windowLayout } from '../corpus/windows'
import { Vocab } from '../vocab'
import { prepareJob, readJobResult, writeJobFolder, type JobConfig, type JobMeta, type LogRecord } from './job-folder'

export type JobTask =
  | {
      kind: 'export'
      dir: string
      /** Tunes in corpus order with their ordinals (the split by tune needs them). */
      tunes: string[]
      ordinals: number[]
      start: { kind: 'new'; sizes: { embeddingDim: number; lstmUnits: number[] } } | { kind: 'fine-tune'; modelJson: string; weightData: Uint8Array; vocab: string[] }
      config: JobConfig
      meta: Pick<JobMeta, 'modelName' | 'corpus' | 'parent'>
      scriptPath: string
    }
  | { kind: 'import'; dir: string }

export interface ExportOutcome {
  kind: 'export'
  meta: JobMeta
  chars: { train: number; validation: number }
  /** Steps per epoch with one process at the job's batch. */
  stepsPerEpoch: number
}

export interface ImportOutcome {
  kind: 'import'
  meta: JobMeta
  vocab: string[]
  log: LogRecord[]
  /** Every checkpoint still on disk, oldest first, in the library's Layers format. */
  checkpoints: { record: Extract<LogRecord, { kind: 'checkpoint' }>; modelJson: string; weightData: Uint8Array }[]
}

export type JobTaskResult = ExportOutcome | ImportOutcome

export async function runJobTask(task: JobTask): Promise<JobTaskResult> {
  if (task.kind === 'export') {
    const start =
      task.start.kind === 'fine-tune'
        ? {
            kind: 'fine-tune' as const,
            weights: await artifactsToWeights({ modelJson: JSON.parse(task.start.modelJson) as LayersModelJson, weightData: task.start.weightData }),
            vocab: Vocab.fromJson({ idx_to_char: task.start.vocab }),
          }
        : task.start
    const job = prepareJob(task.tunes, task.ordinals, start, task.config)
    const meta = await writeJobFolder(task.dir, job, { ...task.meta, config: task.config }, task.scriptPath)
    const train = joinTunes(job.data.trainTunes).length
    return { kind: 'export', meta, chars: { train, validation: job.data.validation.length }, stepsPerEpoch: windowLayout(train, task.config.batch, task.config.seqLen).windows }
  }
  const result = await readJobResult(task.dir)
  const checkpoints: ImportOutcome['checkpoints'] = []
  for (const { weights, ...record } of result.checkpoints) {
    const artifacts = await weightsToArtifacts(weights)
    checkpoints.push({ record, modelJson: JSON.stringify(artifacts.modelJson), weightData: artifacts.weightData })
  }
  return { kind: 'import', meta: result.meta, vocab: [...result.vocab.chars], log: result.log, checkpoints }
}
