/** SQL for models, checkpoints, training runs and their loss curves. */
import type Database from 'better-sqlite3'

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

export interface CheckpointMetaRow {
  id: number
  model_id: number
  training_run_id: number | null
  step: number
  epoch: number
  train_loss: number | null
  val_bits: number | null
  is_best: 0 | 1
  created_at: string
  weights_bytes: number
  optimizer_bytes: number | null
}

export interface CheckpointRow extends CheckpointMetaRow {
  model_json: string
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

const CHECKPOINT_META = `
  SELECT id, model_id, training_run_id, step, epoch, train_loss, val_bits, is_best, created_at,
         length(weights) AS weights_bytes, length(optimizer) AS optimizer_bytes
  FROM checkpoints`

export function prepareModelStatements(db: Database.Database) {
  return {
    insert: db.prepare<[{ name: string; shape_json: string; config_json: string; vocab_json: string; source: string }]>(`
      INSERT INTO models (name, shape_json, config_json, vocab_json, source) VALUES (@name, @shape_json, @config_json, @vocab_json, @source)`),
    list: db.prepare<[], ModelRow>(`${MODEL} ORDER BY m.is_default DESC, m.created_at DESC, m.id DESC`),
    getById: db.prepare<[number], ModelRow>(`${MODEL} WHERE m.id = ?`),
    getByName: db.prepare<[string], ModelRow>(`${MODEL} WHERE m.name = ?`),
    getDefault: db.prepare<[], ModelRow>(`${MODEL} WHERE m.is_default = 1`),
    clearDefault: db.prepare(`UPDATE models SET is_default = 0 WHERE is_default = 1`),
    setDefault: db.prepare<[number]>(`UPDATE models SET is_default = 1 WHERE id = ?`),
    rename: db.prepare<[string, number]>(`UPDATE models SET name = ? WHERE id = ?`),
    remove: db.prepare<[number]>(`DELETE FROM models WHERE id = ?`),
  }
}

export function prepareCheckpointStatements(db: Database.Database) {
  return {
    insert: db.prepare<[{ model_id: number; training_run_id: number | null; step: number; epoch: number; train_loss: number | null; val_bits: number | null; model_json: string; weights: Buffer; optimizer: Buffer | null }]>(`
      INSERT INTO checkpoints (model_id, training_run_id, step, epoch, train_loss, val_bits, model_json, weights, optimizer)
      VALUES (@model_id, @training_run_id, @step, @epoch, @train_loss, @val_bits, @model_json, @weights, @optimizer)`),
    listOfModel: db.prepare<[number], CheckpointMetaRow>(`${CHECKPOINT_META} WHERE model_id = ? ORDER BY step, id`),
    getById: db.prepare<[number], CheckpointRow>(`
      SELECT *, length(weights) AS weights_bytes, length(optimizer) AS optimizer_bytes FROM checkpoints WHERE id = ?`),
    bestOfModel: db.prepare<[number], { id: number }>(`SELECT id FROM checkpoints WHERE model_id = ? AND is_best = 1`),
    latestOfModel: db.prepare<[number], { id: number }>(`SELECT id FROM checkpoints WHERE model_id = ? ORDER BY step DESC, id DESC LIMIT 1`),
    modelOf: db.prepare<[number], { model_id: number }>(`SELECT model_id FROM checkpoints WHERE id = ?`),
    clearBest: db.prepare<[number]>(`UPDATE checkpoints SET is_best = 0 WHERE model_id = ? AND is_best = 1`),
    setBest: db.prepare<[number]>(`UPDATE checkpoints SET is_best = 1 WHERE id = ?`),
    remove: db.prepare<[number]>(`DELETE FROM checkpoints WHERE id = ?`),
    /** Deletes a model's checkpoints except the best and the `keep` most recent. */
    prune: db.prepare<[{ model_id: number; keep: number }]>(`
      DELETE FROM checkpoints WHERE model_id = @model_id AND is_best = 0 AND id NOT IN (
        SELECT id FROM checkpoints WHERE model_id = @model_id ORDER BY step DESC, id DESC LIMIT @keep)`),
  }
}

export function prepareTrainingStatements(db: Database.Database) {
  return {
    insertRun: db.prepare<[{ model_id: number; corpus_id: number | null; config_json: string; backend: string }]>(`
      INSERT INTO training_runs (model_id, corpus_id, config_json, status, backend) VALUES (@model_id, @corpus_id, @config_json, 'running', @backend)`),
    finishRun: db.prepare<[{ id: number; status: string; error: string | null }]>(`
      UPDATE training_runs SET status = @status, error = @error, ended_at = ${NOW} WHERE id = @id AND status = 'running'`),
    interruptRunning: db.prepare(`
      UPDATE training_runs SET status = 'interrupted', ended_at = ${NOW} WHERE status = 'running'`),
    getRun: db.prepare<[number], TrainingRunRow>(`SELECT * FROM training_runs WHERE id = ?`),
    listRuns: db.prepare<[], TrainingRunRow>(`SELECT * FROM training_runs ORDER BY started_at DESC, id DESC`),
    listRunsOfModel: db.prepare<[number], TrainingRunRow>(`SELECT * FROM training_runs WHERE model_id = ? ORDER BY started_at DESC, id DESC`),
    insertPoint: db.prepare<[{ run_id: number; step: number; epoch: number; train_loss: number | null; val_bits: number | null; chars_per_sec: number | null }]>(`
      INSERT INTO training_points (run_id, step, epoch, train_loss, val_bits, chars_per_sec) VALUES (@run_id, @step, @epoch, @train_loss, @val_bits, @chars_per_sec)`),
    listPoints: db.prepare<[number], TrainingPointRow>(`
      SELECT step, epoch, train_loss, val_bits, chars_per_sec, at FROM training_points WHERE run_id = ? ORDER BY step, id`),
  }
}
