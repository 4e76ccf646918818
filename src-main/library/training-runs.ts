/**
 * Training runs and their loss curves. The trainer starts a run, appends a point per report,
 * saves checkpoints through the models repository, and finishes the run. Runs still 'running'
 * when the app starts were cut off (crash, power loss): `markInterrupted` settles them.
 */
import type Database from 'better-sqlite3'
import { LibraryNotFoundError } from './errors'
import { parseJsonObject, type JsonObject } from './json'
import { prepareTrainingStatements, type TrainingPointRow, type TrainingRunRow } from './statements/models'

export type TrainingStatus = TrainingRunRow['status']

export interface NewTrainingRun {
  modelId: number
  corpusId: number | null
  /** Hyper-parameters of the run (batch size, sequence length, learning rate...). */
  config: JsonObject
  /** Which engine ran it ('native', 'wasm', 'tfjs-cpu'...). */
  backend: string
}

export interface TrainingRun {
  id: number
  modelId: number
  corpusId: number | null
  config: JsonObject
  status: TrainingStatus
  backend: string
  error: string | null
  startedAt: string
  endedAt: string | null
}

export interface TrainingPoint {
  step: number
  epoch: number
  trainLoss: number | null
  /** Validation loss in bits per character, on the evaluation steps only. */
  valBitsPerChar: number | null
  charsPerSec: number | null
  /** ISO time the point was stored (ignored on append). */
  at?: string
}

const toRun = (row: TrainingRunRow): TrainingRun => ({
  id: row.id,
  modelId: row.model_id,
  corpusId: row.corpus_id,
  config: parseJsonObject(row.config_json),
  status: row.status,
  backend: row.backend,
  error: row.error,
  startedAt: row.started_at,
  endedAt: row.ended_at,
})

const toPoint = (row: TrainingPointRow): TrainingPoint => ({
  step: row.step,
  epoch: row.epoch,
  trainLoss: row.train_loss,
  valBitsPerChar: row.val_bits,
  charsPerSec: row.chars_per_sec,
  at: row.at,
})

export interface TrainingRunsRepository {
  /** Creates a run in status 'running' and returns it. */
  start(run: NewTrainingRun): TrainingRun
  /** Ends a running run; a run already ended is left as it is. */
  finish(id: number, status: Exclude<TrainingStatus, 'running'>, error?: string): TrainingRun
  /** Marks every 'running' run 'interrupted' (call once at start-up); returns how many. */
  markInterrupted(): number
  get(id: number): TrainingRun | null
  list(modelId?: number): TrainingRun[]
  /** Appends loss points (one transaction for the batch). */
  appendPoints(runId: number, points: readonly TrainingPoint[]): void
  points(runId: number): TrainingPoint[]
}

export function createTrainingRunsRepository(db: Database.Database): TrainingRunsRepository {
  const sql = prepareTrainingStatements(db)
  const get = (id: number): TrainingRun | null => {
    const row = sql.getRun.get(id)
    return row ? toRun(row) : null
  }
  return {
    start(run) {
      const id = Number(sql.insertRun.run({ model_id: run.modelId, corpus_id: run.corpusId, config_json: JSON.stringify(run.config), backend: run.backend }).lastInsertRowid)
      return get(id) as TrainingRun
    },
    finish(id, status, error) {
      sql.finishRun.run({ id, status, error: error ?? null })
      const run = get(id)
      if (!run) throw new LibraryNotFoundError(`No training run with id ${id}`)
      return run
    },
    markInterrupted: () => sql.interruptRunning.run().changes,
    get,
    list: (modelId) => (modelId === undefined ? sql.listRuns.all() : sql.listRunsOfModel.all(modelId)).map(toRun),
    appendPoints: db.transaction((runId: number, points: readonly TrainingPoint[]) => {
      for (const p of points) {
        sql.insertPoint.run({ run_id: runId, step: p.step, epoch: p.epoch, train_loss: p.trainLoss, val_bits: p.valBitsPerChar, chars_per_sec: p.charsPerSec })
      }
    }),
    points: (runId) => sql.listPoints.all(runId).map(toPoint),
  }
}
