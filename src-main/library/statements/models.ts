/** SQL for models, checkpoints, training runs and their loss curves. */
import type Database from 'better-sqlite3'
import { prepare } from './prepare'

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ')`

export interface ModelRow {
  id: number
  name: string
  shape_json: string
  config_json: string
  vocab_json: string
  source: 'bundled' | 'trained' | 'imported'
  is_default: 0 | 1
  created_at: string
  checkpoint_count: number
  best_checkpoint_id: number | null
}

/**
 * A checkpoint's metadata as its statements return it: already under the library's names (the
 * SELECT renames the columns), `isBest` still SQLite's 0 or 1.
 */
export interface CheckpointMetaRow {
  id: number
  modelId: number
  trainingRunId: number | null
  step: number
  epoch: number
  trainLoss: number | null
  valBitsPerChar: number | null
  isBest: 0 | 1
  createdAt: string
  weightsBytes: number
  optimizerBytes: number | null
}

export interface CheckpointRow extends CheckpointMetaRow {
  modelJson: string
  weights: Buffer
  optimizer: Buffer | null
}

export interface TrainingRunRow {
  id: number
  model_id: number
  corpus_id: number | null
  config_json: string
  status: 'running' | 'completed' | 'stopped' | 'failed' | 'interrupted'
  backend: string
  error: string | null
  started_at: string
  ended_at: string | null
}

export interface TrainingPointRow {
  step: number
  epoch: number
  train_loss: number | null
  val_bits: number | null
  chars_per_sec: number | null
  at: string
}

const MODEL = `
  SELECT m.*, (SELECT count(*) FROM checkpoints k WHERE k.model_id = m.id) AS checkpoint_count,
         (SELECT k.id FROM checkpoints k WHERE k.model_id = m.id AND k.is_best = 1) AS best_checkpoint_id
  FROM models m`

const CHECKPOINT_META_COLUMNS = `
  id, model_id AS modelId, training_run_id AS trainingRunId, step, epoch, train_loss AS trainLoss,
  val_bits AS valBitsPerChar, is_best AS isBest, created_at AS createdAt,
  length(weights) AS weightsBytes, length(optimizer) AS optimizerBytes`

export function prepareModelStatements(db: Database.Database) {
  return {
    insert: prepare<[{ name: string; shape_json: string; config_json: string; vocab_json: string; source: string }]>(db, `
      INSERT INTO models (name, shape_json, config_json, vocab_json, source) VALUES (@name, @shape_json, @config_json, @vocab_json, @source)`),
    list: prepare<[], ModelRow>(db, `${MODEL} ORDER BY m.is_default DESC, m.created_at DESC, m.id DESC`),
    getById: prepare<[number], ModelRow>(db, `${MODEL} WHERE m.id = ?`),
    getByName: prepare<[string], ModelRow>(db, `${MODEL} WHERE m.name = ?`),
    getDefault: prepare<[], ModelRow>(db, `${MODEL} WHERE m.is_default = 1`),
    clearDefault: prepare(db, `UPDATE models SET is_default = 0 WHERE is_default = 1`),
    setDefault: prepare<[number]>(db, `UPDATE models SET is_default = 1 WHERE id = ?`),
    rename: prepare<[string, number]>(db, `UPDATE models SET name = ? WHERE id = ?`),
    remove: prepare<[number]>(db, `DELETE FROM models WHERE id = ?`),
  }
}

export function prepareCheckpointStatements(db: Database.Database) {
  return {
    insert: prepare<[{ model_id: number; training_run_id: number | null; step: number; epoch: number; train_loss: number | null; val_bits: number | null; model_json: string; weights: Buffer; optimizer: Buffer | null }]>(db, `
      INSERT INTO checkpoints (model_id, training_run_id, step, epoch, train_loss, val_bits, model_json, weights, optimizer)
      VALUES (@model_id, @training_run_id, @step, @epoch, @train_loss, @val_bits, @model_json, @weights, @optimizer)`),
    listOfModel: prepare<[number], CheckpointMetaRow>(db, `SELECT ${CHECKPOINT_META_COLUMNS} FROM checkpoints WHERE model_id = ? ORDER BY step, id`),
    getById: prepare<[number], CheckpointRow>(db, `
      SELECT ${CHECKPOINT_META_COLUMNS}, model_json AS modelJson, weights, optimizer FROM checkpoints WHERE id = ?`),
    bestOfModel: prepare<[number], { id: number }>(db, `SELECT id FROM checkpoints WHERE model_id = ? AND is_best = 1`),
    latestOfModel: prepare<[number], { id: number }>(db, `SELECT id FROM checkpoints WHERE model_id = ? ORDER BY step DESC, id DESC LIMIT 1`),
    modelOf: prepare<[number], { model_id: number }>(db, `SELECT model_id FROM checkpoints WHERE id = ?`),
    clearBest: prepare<[number]>(db, `UPDATE checkpoints SET is_best = 0 WHERE model_id = ? AND is_best = 1`),
    setBest: prepare<[number]>(db, `UPDATE checkpoints SET is_best = 1 WHERE id = ?`),
    remove: prepare<[number]>(db, `DELETE FROM checkpoints WHERE id = ?`),
    /** Deletes a model's checkpoints except the best and the `keep` most recent. */
    prune: prepare<[{ model_id: number; keep: number }]>(db, `
      DELETE FROM checkpoints WHERE model_id = @model_id AND is_best = 0 AND id NOT IN (
        SELECT id FROM checkpoints WHERE model_id = @model_id ORDER BY step DESC, id DESC LIMIT @keep)`),
  }
}

export function prepareTrainingStatements(db: Database.Database) {
  return {
    insertRun: prepare<[{ model_id: number; corpus_id: number | null; config_json: string; backend: string }]>(db, `
      INSERT INTO training_runs (model_id, corpus_id, config_json, status, backend) VALUES (@model_id, @corpus_id, @config_json, 'running', @backend)`),
    finishRun: prepare<[{ id: number; status: string; error: string | null }]>(db, `
      UPDATE training_runs SET status = @status, error = @error, ended_at = ${NOW} WHERE id = @id AND status = 'running'`),
    interruptRunning: prepare(db, `
      UPDATE training_runs SET status = 'interrupted', ended_at = ${NOW} WHERE status = 'running'`),
    getRun: prepare<[number], TrainingRunRow>(db, `SELECT * FROM training_runs WHERE id = ?`),
    listRuns: prepare<[], TrainingRunRow>(db, `SELECT * FROM training_runs ORDER BY started_at DESC, id DESC`),
    listRunsOfModel: prepare<[number], TrainingRunRow>(db, `SELECT * FROM training_runs WHERE model_id = ? ORDER BY started_at DESC, id DESC`),
    insertPoint: prepare<[{ run_id: number; step: number; epoch: number; train_loss: number | null; val_bits: number | null; chars_per_sec: number | null }]>(db, `
      INSERT INTO training_points (run_id, step, epoch, train_loss, val_bits, chars_per_sec) VALUES (@run_id, @step, @epoch, @train_loss, @val_bits, @chars_per_sec)`),
    listPoints: prepare<[number], TrainingPointRow>(db, `
      SELECT step, epoch, train_loss, val_bits, chars_per_sec, at FROM training_points WHERE run_id = ? ORDER BY step, id`),
  }
}
