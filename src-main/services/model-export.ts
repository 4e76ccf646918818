/**
 * A library model's checkpoint written as a folder: model.json + its one weights file (tfjs
 * Layers format), vocab.json and TRAINING.md (the model card). This is how
 * resources/models/default/ is produced (`npm run cli -- export`). It opens the library file
 * itself: the CLI exports without booting the app's services.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { ApiError } from '../../src-shared/contract/errors'
import { openLibrary, type Library } from '../library/open-library'
import type { Checkpoint, ModelRecord } from '../library/models'
import { MODEL_JSON, type LayersModelJson } from '../engine/layers-read'
import { VOCAB_JSON, type ShippedCheckpointMeta } from '../model/default-model'
import { modelCard } from '../model/training/model-card'
import { Vocab } from '../model/vocab'

export interface ModelExportRequest {
  /** A model's id (digits) or name. */
  model: string
  /** The folder to write (created when missing). */
  out: string
  /** A checkpoint of that model; omitted = the one the composer samples from (its best). */
  checkpointId?: number
  /** Lines added to TRAINING.md. */
  notes: string[]
}

export interface ModelExportResult {
  modelId: number
  modelName: string
  checkpoint: { id: number; step: number; valBits: number | null }
  out: string
  files: string[]
}

export async function exportModelFolder(libraryPath: string, request: ModelExportRequest): Promise<ModelExportResult> {
  const library = openLibrary(libraryPath)
  try {
    const model = /^\d+$/.test(request.model) ? library.models.get(Number(request.model)) : library.models.getByName(request.model)
    if (!model) throw new ApiError('not-found', `No model "${request.model}"`)
    const checkpoint = request.checkpointId ? library.models.getCheckpoint(request.checkpointId) : library.models.loadCheckpointForSampling(model.id)
    if (!checkpoint || checkpoint.modelId !== model.id) throw new ApiError('not-found', `Model ${model.id} has no such checkpoint`)
    const files = await writeFolder(library, model, checkpoint, request)
    return { modelId: model.id, modelName: model.name, checkpoint: { id: checkpoint.id, step: checkpoint.step, valBits: checkpoint.valBitsPerChar }, out: request.out, files }
  } finally {
    library.close()
  }
}

async function writeFolder(library: Library, model: ModelRecord, checkpoint: Checkpoint, request: ModelExportRequest): Promise<string[]> {
  const { out } = request
  const modelJson = JSON.parse(checkpoint.modelJson) as LayersModelJson
  const binName = modelJson.weightsManifest[0]?.paths[0]
  if (!binName || modelJson.weightsManifest.length !== 1 || modelJson.weightsManifest[0].paths.length !== 1) {
    throw new Error('expected a checkpoint with one weights file')
  }
  // The Dense bias (the last tensor) has one entry per character: vocab.json must match it,
  // and a fine-tuned model's vocabulary may be larger than its parent's.
  const outputs = modelJson.weightsManifest[0].weights.at(-1)?.shape[0]
  if (outputs !== model.vocab.length) {
    throw new Error(`checkpoint ${checkpoint.id} has outputs for ${outputs ?? 'no'} characters but model "${model.name}" has a vocabulary of ${model.vocab.length}`)
  }
  await fs.mkdir(out, { recursive: true })
  await fs.writeFile(path.join(out, binName), checkpoint.weights)
  await fs.writeFile(path.join(out, VOCAB_JSON), JSON.stringify(Vocab.fromJson({ idx_to_char: model.vocab }).toJson(), null, 1) + '\n')
  const card = modelCardFor(library, model, checkpoint, request.notes)
  if (card) await fs.writeFile(path.join(out, 'TRAINING.md'), card)
  // tfjs keeps `userDefinedMetadata` with a model: the checkpoint's scores travel with the files,
  // so the library copy of a shipped model shows them (default-model.ts reads them back).
  const metadata: ShippedCheckpointMeta = {
    step: checkpoint.step,
    epoch: checkpoint.epoch,
    trainLoss: checkpoint.trainLoss,
    valBits: checkpoint.valBitsPerChar,
  }
  // model.json last: a folder with a model.json is complete.
  await fs.writeFile(path.join(out, MODEL_JSON), JSON.stringify({ ...modelJson, userDefinedMetadata: { tunesmith: { checkpoint: metadata } } }))
  return [MODEL_JSON, binName, VOCAB_JSON, ...(card ? ['TRAINING.md'] : [])]
}

/** TRAINING.md for a checkpoint written by a run in this library; null for one without a run (a shipped model). */
function modelCardFor(library: Library, model: ModelRecord, checkpoint: Checkpoint, notes: string[]): string | null {
  const run = checkpoint.trainingRunId ? library.trainingRuns.get(checkpoint.trainingRunId) : null
  if (!run) return null
  const corpus = run.corpusId ? library.corpora.get(run.corpusId) : null
  return modelCard({
    modelName: model.name,
    shape: model.shape,
    corpusName: corpus?.name ?? 'unknown',
    tuneCount: corpus?.tuneCount ?? null,
    run,
    points: library.trainingRuns.points(run.id),
    checkpoint: { id: checkpoint.id, step: checkpoint.step, epoch: checkpoint.epoch, trainLoss: checkpoint.trainLoss, valBits: checkpoint.valBitsPerChar },
    notes,
  })
}
