import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LibraryInputError, type Library, type NewModel } from '../../../../src-main/library'
import { tempLibraries, type TempLibraries } from './helpers'

let temp: TempLibraries
let library: Library
beforeEach(() => {
  temp = tempLibraries()
  library = temp.open()
})
afterEach(() => temp.cleanup())

const vocab = ['\n', ' ', ...'ABCDEFGabcdefg|:'.split('')]
const newModel = (name: string): NewModel => ({ name, shape: { vocabSize: vocab.length, embeddingDim: 8, lstmUnits: [16, 16] }, vocab, config: { seqLen: 64, note: 'test' }, source: 'trained' })
const modelJson = JSON.stringify({ modelTopology: { class_name: 'Sequential' }, weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'dense/kernel', shape: [16, 18], dtype: 'float32' }] }] })

describe('models and checkpoints', () => {
  it('stores a model with its shape, vocabulary and config; one default at a time', () => {
    const a = library.models.create(newModel('first'))
    const b = library.models.create(newModel('second'))
    expect(library.models.get(a.id)).toMatchObject({ name: 'first', shape: newModel('x').shape, vocab, config: { seqLen: 64, note: 'test' }, isDefault: false, checkpointCount: 0, bestCheckpointId: null })
    expect(library.models.getDefault()).toBeNull()
    library.models.setDefault(a.id)
    library.models.setDefault(b.id)
    expect(library.models.getDefault()?.id).toBe(b.id)
    expect(library.models.list().filter((m) => m.isDefault)).toHaveLength(1)
    expect(() => library.models.create({ ...newModel('bad'), vocab: ['a'] })).toThrow(LibraryInputError)
  })

  it('round-trips checkpoint blobs byte for byte', () => {
    const model = library.models.create(newModel('m'))
    const weights = new Uint8Array(randomBytes(3 * 1024 * 1024 + 3))
    const optimizer = new Uint8Array(randomBytes(6 * 1024 * 1024))
    // A view into a larger buffer: only the viewed bytes must be stored.
    const padded = new Uint8Array(weights.length + 100)
    padded.set(weights, 50)
    const id = library.models.saveCheckpoint({ modelId: model.id, step: 100, epoch: 0.5, trainLoss: 2.1, valBitsPerChar: 2.9, modelJson, weights: padded.subarray(50, 50 + weights.length), optimizer })

    const back = library.models.getCheckpoint(id)!
    expect(back.modelJson).toBe(modelJson)
    expect(Buffer.from(back.weights).equals(Buffer.from(weights))).toBe(true)
    expect(Buffer.from(back.optimizer!).equals(Buffer.from(optimizer))).toBe(true)
    expect(back).toMatchObject({ modelId: model.id, step: 100, epoch: 0.5, trainLoss: 2.1, valBitsPerChar: 2.9, isBest: false, weightsBytes: weights.length, optimizerBytes: optimizer.length })
    expect(library.models.listCheckpoints(model.id)).toEqual([expect.objectContaining({ id, weightsBytes: weights.length })])
    expect(library.integrityCheck()).toEqual(['ok'])
  })

  it('keeps one best checkpoint per model, samples from it, resumes from the latest, prunes the rest', () => {
    const model = library.models.create(newModel('m'))
    const other = library.models.create(newModel('other'))
    const save = (modelId: number, step: number, isBest = false, keepLatest?: number): number =>
      library.models.saveCheckpoint({ modelId, step, epoch: step / 100, modelJson, weights: new Uint8Array([step & 255]), isBest, keepLatest })
    const c1 = save(model.id, 100, true)
    const o1 = save(other.id, 100, true)
    const c2 = save(model.id, 200, true)
    const c3 = save(model.id, 300)
    expect(library.models.listCheckpoints(model.id).filter((c) => c.isBest).map((c) => c.id)).toEqual([c2])
    expect(library.models.get(other.id)?.bestCheckpointId).toBe(o1)
    expect(library.models.loadCheckpointForSampling(model.id)?.id).toBe(c2)
    expect(library.models.latestCheckpoint(model.id)?.id).toBe(c3)
    library.models.markBest(c1)
    expect(library.models.get(model.id)?.bestCheckpointId).toBe(c1)

    const c4 = save(model.id, 400, false, 2)
    expect(library.models.listCheckpoints(model.id).map((c) => c.id)).toEqual([c1, c3, c4])
    expect(library.models.listCheckpoints(other.id).map((c) => c.id)).toEqual([o1])
  })

  it('writes nothing when a checkpoint fails half-way (after the insert, while marking it best)', () => {
    const model = library.models.create(newModel('m'))
    const good = library.models.saveCheckpoint({ modelId: model.id, step: 1, epoch: 0, modelJson, weights: new Uint8Array([1]), isBest: true })
    // A real SQLite failure after the row is in and the old best mark is cleared.
    library.db.exec(`CREATE TEMP TRIGGER fail_best AFTER UPDATE OF is_best ON main.checkpoints WHEN new.is_best = 1 AND new.step = 2 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`)
    expect(() => library.models.saveCheckpoint({ modelId: model.id, step: 2, epoch: 0, modelJson, weights: new Uint8Array([2]), isBest: true })).toThrow(/disk on fire/)
    expect(library.models.listCheckpoints(model.id).map((c) => [c.id, c.isBest])).toEqual([[good, true]])
    expect(() => library.models.saveCheckpoint({ modelId: model.id, trainingRunId: 999, step: 3, epoch: 0, modelJson, weights: new Uint8Array([3]) })).toThrow(/FOREIGN KEY/)
    expect(library.models.listCheckpoints(model.id)).toHaveLength(1)
  })

  it('uses the model without a best checkpoint: latest for sampling, null when none', () => {
    const model = library.models.create(newModel('m'))
    expect(library.models.loadCheckpointForSampling(model.id)).toBeNull()
    const id = library.models.saveCheckpoint({ modelId: model.id, step: 5, epoch: 0, modelJson, weights: new Uint8Array([5]) })
    expect(library.models.loadCheckpointForSampling(model.id)?.id).toBe(id)
  })
})

describe('training runs', () => {
  it('starts, appends loss points, finishes; interrupted runs are settled at start-up', () => {
    const model = library.models.create(newModel('m'))
    const corpusId = library.corpora.create('Mine', 'user')
    const run = library.trainingRuns.start({ modelId: model.id, corpusId, config: { batchSize: 16, seqLen: 64 }, backend: 'js' })
    expect(run).toMatchObject({ modelId: model.id, corpusId, status: 'running', backend: 'js', endedAt: null, config: { batchSize: 16, seqLen: 64 } })
    library.trainingRuns.appendPoints(run.id, [
      { step: 10, epoch: 0.01, trainLoss: 3.2, valBitsPerChar: null, charsPerSec: 900 },
      { step: 20, epoch: 0.02, trainLoss: 2.9, valBitsPerChar: 4.1, charsPerSec: 950 },
    ])
    expect(library.trainingRuns.points(run.id).map(({ at: _at, ...p }) => p)).toEqual([
      { step: 10, epoch: 0.01, trainLoss: 3.2, valBitsPerChar: null, charsPerSec: 900 },
      { step: 20, epoch: 0.02, trainLoss: 2.9, valBitsPerChar: 4.1, charsPerSec: 950 },
    ])
    const cp = library.models.saveCheckpoint({ modelId: model.id, trainingRunId: run.id, step: 20, epoch: 0.02, modelJson, weights: new Uint8Array(4) })
    expect(library.models.getCheckpoint(cp)?.trainingRunId).toBe(run.id)

    const done = library.trainingRuns.finish(run.id, 'completed')
    expect(done.status).toBe('completed')
    expect(done.endedAt).not.toBeNull()
    // Finishing twice does not overwrite the first outcome.
    expect(library.trainingRuns.finish(run.id, 'failed', 'late').status).toBe('completed')

    const cut = library.trainingRuns.start({ modelId: model.id, corpusId: null, config: {}, backend: 'wasm' })
    expect(library.trainingRuns.markInterrupted()).toBe(1)
    expect(library.trainingRuns.get(cut.id)?.status).toBe('interrupted')
    expect(library.trainingRuns.list(model.id).map((r) => r.id)).toEqual([cut.id, run.id])
  })

  it('deleting a model deletes its runs, points and checkpoints; pieces keep their text', () => {
    const model = library.models.create(newModel('m'))
    const run = library.trainingRuns.start({ modelId: model.id, corpusId: null, config: {}, backend: 'js' })
    library.trainingRuns.appendPoints(run.id, [{ step: 1, epoch: 0, trainLoss: 1, valBitsPerChar: null, charsPerSec: null }])
    library.models.saveCheckpoint({ modelId: model.id, trainingRunId: run.id, step: 1, epoch: 0, modelJson, weights: new Uint8Array(1) })
    const piece = library.pieces.save({ title: 'Made by m', abc: 'X:1\nK:C\nC|', modelId: model.id })
    expect(library.models.remove(model.id)).toBe(true)
    const n = (t: string): number => (library.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n
    expect([n('training_runs'), n('training_points'), n('checkpoints')]).toEqual([0, 0, 0])
    expect(library.pieces.get(piece.id)).toMatchObject({ title: 'Made by m', modelId: null })
  })
})
