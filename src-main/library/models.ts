/**
 * Models and their checkpoints. A model is a shape + vocabulary; its weights live in checkpoints
 * (tfjs Layers format: model.json text + weight bytes, plus the optimizer state for resuming).
 * The trainer writes checkpoints with `saveCheckpoint` (atomic); the sampler loads `best` (or
 * `latest` when no checkpoint has been judged best yet).
 */
import type Database from 'better-sqlite3'
import type { ModelShape } from '../../src-shared/model-shape'
import { LibraryInputError, LibraryNotFoundError } from './errors'
import { parseJsonObject, type JsonObject } from './json'
import { findOne } from './statements/prepare'
import { prepareCheckpointStatements, prepareModelStatements, type CheckpointMetaRow, type CheckpointRow, type ModelRow } from './statements/models'

export type ModelSource = ModelRow['source']

export interface NewModel {
  name: string
  shape: ModelShape
  /** The vocabulary, index → character (so `vocab.length === shape.vocabSize`). */
  vocab: string[]
  /** Anything else the model side wants to keep (training defaults, corpus cleaning rules...). */
  config?: JsonObject
  source: ModelSource
}

export interface ModelRecord {
  id: number
  name: string
  shape: ModelShape
  vocab: string[]
  config: JsonObject
  source: ModelSource
  isDefault: boolean
  createdAt: string
  checkpointCount: number
  bestCheckpointId: number | null
}

export interface NewCheckpoint {
  modelId: number
  trainingRunId?: number | null
  step: number
  epoch: number
  trainLoss?: number | null
  valBitsPerChar?: number | null
  /** Mark this one the model's best (clears the previous best in the same transaction). */
  isBest?: boolean
  /** tfjs `model.json` text: topology and weights manifest. */
  modelJson: string
  /** The weight bytes the manifest describes, concatenated. */
  weights: Uint8Array
  /** Optimizer state bytes (format owned by the trainer), or null. */
  optimizer?: Uint8Array | null
  /** After writing, delete this model's checkpoints except the best and the `keepLatest` newest. */
  keepLatest?: number
}

/** What the library tells of a checkpoint without reading its bytes. */
export interface CheckpointMeta extends Omit<CheckpointMetaRow, 'isBest'> {
  isBest: boolean
}

export interface Checkpoint extends CheckpointMeta {
  modelJson: string
  weights: Uint8Array
  optimizer: Uint8Array | null
}

const toModel = (row: ModelRow): ModelRecord => ({
  id: row.id,
  name: row.name,
  shape: JSON.parse(row.shape_json) as ModelShape,
  vocab: JSON.parse(row.vocab_json) as string[],
  config: parseJsonObject(row.config_json),
  source: row.source,
  isDefault: row.is_default === 1,
  createdAt: row.created_at,
  checkpointCount: row.checkpoint_count,
  bestCheckpointId: row.best_checkpoint_id,
})

// A CheckpointRow passes through too: toCheckpoint replaces its Buffers with plain views.
const toMeta = <Row extends CheckpointMetaRow>(row: Row): Omit<Row, 'isBest'> & CheckpointMeta => ({ ...row, isBest: row.isBest === 1 })

const toCheckpoint = (row: CheckpointRow): Checkpoint => ({
  ...toMeta(row),
  weights: new Uint8Array(row.weights.buffer, row.weights.byteOffset, row.weights.byteLength),
  optimizer: row.optimizer ? new Uint8Array(row.optimizer.buffer, row.optimizer.byteOffset, row.optimizer.byteLength) : null,
})

/** Zero-copy view for binding: better-sqlite3 stores a Buffer as a BLOB. */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

export interface ModelsRepository {
  /** Inserts a model (not default); throws LibraryInputError if the vocabulary and shape disagree. */
  create(model: NewModel): ModelRecord
  list(): ModelRecord[]
  get(id: number): ModelRecord | null
  getByName(name: string): ModelRecord | null
  /** The model the app samples from by default, or null when none is set. */
  getDefault(): ModelRecord | null
  /** Makes this the only default model. */
  setDefault(id: number): void
  /** Deletes a model with its checkpoints and training runs (pieces keep their text, lose the link). */
  remove(id: number): boolean

  /** Writes a checkpoint (and its best mark, and the pruning) in one transaction; returns its id. */
  saveCheckpoint(checkpoint: NewCheckpoint): number
  /** Metadata only, oldest step first: no weight bytes are read. */
  listCheckpoints(modelId: number): CheckpointMeta[]
  getCheckpoint(id: number): Checkpoint | null
  /** The model's best checkpoint, else its latest, else null. */
  loadCheckpointForSampling(modelId: number): Checkpoint | null
  /** The newest checkpoint (highest step): where a resumed run starts. */
  latestCheckpoint(modelId: number): Checkpoint | null
  /** Makes this checkpoint its model's best. */
  markBest(checkpointId: number): void
}

type CheckpointMethods = Pick<
  ModelsRepository,
  'saveCheckpoint' | 'listCheckpoints' | 'getCheckpoint' | 'loadCheckpointForSampling' | 'latestCheckpoint' | 'markBest'
>

export function createModelsRepository(db: Database.Database): ModelsRepository {
  const models = prepareModelStatements(db)
  const get = findOne(models.getById, toModel)

  return {
    create(model) {
      if (model.vocab.length !== model.shape.vocabSize) {
        throw new LibraryInputError(`Model "${model.name}": vocabulary has ${model.vocab.length} characters but the shape says ${model.shape.vocabSize}`)
      }
      const id = Number(
        models.insert.run({
          name: model.name,
          shape_json: JSON.stringify(model.shape),
          config_json: JSON.stringify(model.config ?? {}),
          vocab_json: JSON.stringify(model.vocab),
          source: model.source,
        }).lastInsertRowid,
      )
      return get(id) as ModelRecord
    },
    list: () => models.list.all().map(toModel),
    get,
    getByName: findOne(models.getByName, toModel),
    getDefault: findOne(models.getDefault, toModel),
    setDefault: db.transaction((id: number) => {
      if (!models.getById.get(id)) throw new LibraryNotFoundError(`No model with id ${id}`)
      models.clearDefault.run()
      models.setDefault.run(id)
    }),
    remove: (id) => models.remove.run(id).changes > 0,
    ...checkpointMethods(db),
  }
}

/** The checkpoint half of the models repository: a model's weights, saved, listed and loaded. */
function checkpointMethods(db: Database.Database): CheckpointMethods {
  const checkpoints = prepareCheckpointStatements(db)
  const getCheckpoint = findOne(checkpoints.getById, toCheckpoint)
  const markBest = (checkpointId: number): void => {
    const owner = checkpoints.modelOf.get(checkpointId)
    if (!owner) throw new LibraryNotFoundError(`No checkpoint with id ${checkpointId}`)
    checkpoints.clearBest.run(owner.model_id)
    checkpoints.setBest.run(checkpointId)
  }

  return {
    saveCheckpoint: db.transaction((c: NewCheckpoint): number => {
      const id = Number(
        checkpoints.insert.run({
          model_id: c.modelId,
          training_run_id: c.trainingRunId ?? null,
          step: c.step,
          epoch: c.epoch,
          train_loss: c.trainLoss ?? null,
          val_bits: c.valBitsPerChar ?? null,
          model_json: c.modelJson,
          weights: asBuffer(c.weights),
          optimizer: c.optimizer ? asBuffer(c.optimizer) : null,
        }).lastInsertRowid,
      )
      if (c.isBest) markBest(id)
      if (c.keepLatest !== undefined) checkpoints.prune.run({ model_id: c.modelId, keep: Math.max(1, c.keepLatest) })
      return id
    }),
    listCheckpoints: (modelId) => checkpoints.listOfModel.all(modelId).map(toMeta),
    getCheckpoint,
    loadCheckpointForSampling(modelId) {
      const row = checkpoints.bestOfModel.get(modelId) ?? checkpoints.latestOfModel.get(modelId)
      return row ? getCheckpoint(row.id) : null
    },
    latestCheckpoint(modelId) {
      const row = checkpoints.latestOfModel.get(modelId)
      return row ? getCheckpoint(row.id) : null
    },
    markBest: db.transaction(markBest),
  }
}
