/**
 * Training jobs: a training run handed to PyTorch (DistributedDataParallel on GPUs or a cluster)
 * and the trained model brought home. `export` writes a self-contained job folder (the corpus's
 * cleaned, split text, the vocabulary, the settings, the starting weights and train.py); `import`
 * reads a finished job's checkpoints and stores the model and its loss history in the library as
 * if it had been trained here. See docs/scaling.md.
 */
import { z } from 'zod'
import { call } from './channel'
import { TrainingStartInput } from './training'

/** A folder on the machine that runs Tunesmith (the job is written or read there). */
const Folder = z.string().trim().min(1, 'which folder?').max(4096)

export const TrainJobExportInput = z.object({
  dir: Folder,
  /** The run to hand over, as the Training form would start it here (corpus, name, sizes, settings, fine-tune source). */
  training: TrainingStartInput,
})
export type TrainJobExportRequest = z.output<typeof TrainJobExportInput>

export const TrainJobImportInput = z.object({
  dir: Folder,
  /** The name of the new model in the library. */
  name: z.string().trim().min(1).max(100),
})

export interface TrainJobExportResult {
  dir: string
  files: string[]
  modelName: string
  tuneCount: { train: number; validation: number }
  /** Characters of training and validation text. */
  chars: { train: number; validation: number }
  vocabSize: number
  parameters: number
  /** Steps per epoch with one process at the job's batch (N processes: about 1/N as many). */
  stepsPerEpoch: number
  /** What to run in the folder; names the Python found here when one has PyTorch. */
  command: string
  /** Null when this machine has a Python with PyTorch, else how to get one. */
  pythonNote: string | null
}

export interface TrainJobImportResult {
  modelId: number
  modelName: string
  runId: number
  /** The checkpoint the composer will use (the best on validation, else the latest). */
  bestCheckpointId: number
  checkpoints: number
  steps: number
  bestValBits: number | null
  /** "PyTorch 1.13.0 DDP, 2 × cpu (gloo)". */
  backend: string
  outcome: string
}

export const trainJobChannels = {
  export: call<TrainJobExportResult>()('trainJob.export', TrainJobExportInput),
  import: call<TrainJobImportResult>()('trainJob.import', TrainJobImportInput),
}
