import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importFiles, openLibrary, type Library } from '../../../../src-main/library'
import { EventBus } from '../../../../src-main/services/event-bus'
import { createTrainingService, type TrainingService } from '../../../../src-main/services/training-service'
import { TrainingStartInput, type TrainingProgress } from '../../../../src-shared/contract/training'
import { ApiError } from '../../../../src-shared/contract/errors'
import { checkpointWeights } from '../model/checkpoint-weights'
import { chooseEngine } from '../../../../src-main/model/training/backend'
import { tinyTunes } from '../model/helpers'
import { DEFAULT_MODEL_NAME } from '../../../../src-main/model/default-model'
import { Vocab } from '../../../../src-main/model/vocab'

let dir: string
let library: Library
let events: EventBus
let service: TrainingService
let progress: TrainingProgress[]
let corpusId: number

const tiny = (extra: Record<string, unknown> = {}) =>
  TrainingStartInput.parse({
    corpusId,
    modelName: 'tiny',
    sizes: { embedding: 16, units: [32] },
    epochs: 3,
    batch: 4,
    seqLen: 16,
    lr: 0.01,
    dropout: 0.1,
    checkpointEvery: 10,
    ...extra,
  })

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting for the training run')
    await new Promise((r) => setTimeout(r, 20))
  }
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-training-'))
  library = openLibrary(path.join(dir, 'library.sqlite'))
  const report = importFiles(library, { corpusName: 'Tiny', files: [{ name: 'tiny.abc', bytes: new TextEncoder().encode(tinyTunes(40).join('\n')) }] })
  corpusId = report.corpusId as number
  events = new EventBus()
  progress = []
  events.listen((name, payload) => {
    if (name === 'training.progress') progress.push(payload as TrainingProgress)
  })
  // resourcesDir without a models/ folder: no default model in these tests.
  service = createTrainingService({ library, events, resourcesDir: dir })
})

afterEach(async () => {
  await service.shutdown()
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('training service', () => {
  it('trains in a worker, writes checkpoints to the library and marks the best', async () => {
    const run = await service.start(tiny())
    expect(run.status).toBe('running')
    expect(run.backend).toMatch(/\w/)
    const result = await service.whenIdle()
    expect(result?.outcome).toBe('completed')
    const checkpoints = await service.listCheckpoints({ modelId: run.modelId })
    expect(checkpoints.filter((c) => c.isBest)).toHaveLength(1)
    const best = checkpoints.find((c) => c.isBest)!
    expect(best.valBits).toBe(Math.min(...checkpoints.map((c) => c.valBits as number)))
    const [summary] = await service.listRuns({ modelId: run.modelId })
    expect(summary.status).toBe('completed')
    expect(summary.points.length).toBeGreaterThanOrEqual(3)
    expect(progress.at(-1)).toMatchObject({ kind: 'done', status: 'completed', runId: run.id })
    expect(progress.filter((p) => p.kind === 'epoch')).toHaveLength(3)
    const [model] = await service.listModels({})
    expect(model).toMatchObject({ id: run.modelId, name: 'tiny', sizes: { embedding: 16, units: [32] }, bestCheckpointId: best.id })
  })

  it('pauses, resumes and stops with a final checkpoint; resuming from a checkpoint ends where the full run does', async () => {
    // No dropout on tfjs, whose masks do not follow the seed (see engine/tfjs-engine.ts).
    const native = (await chooseEngine()).kind === 'native'
    const settings = { dropout: native ? 0.1 : 0, patience: 100 }
    const count = (): number => library.models.listCheckpoints(run.modelId).length
    // Long enough never to finish by itself: it ends by stop().
    const run = await service.start(tiny({ ...settings, epochs: 1000 }))
    await until(() => count() >= 3)
    await service.pause({})
    expect((await service.status({})).state).toBe('paused')
    // The worker finishes the step in flight (and maybe its checkpoint), then waits.
    await new Promise((r) => setTimeout(r, 1000))
    const whilePaused = count()
    const pausedStep = library.models.listCheckpoints(run.modelId).at(-1)!.step
    await new Promise((r) => setTimeout(r, 500))
    expect(count()).toBe(whilePaused)
    await service.resume({})
    // Resumed: it trains on (two more periodic checkpoints), then is stopped mid-segment.
    await until(() => library.models.listCheckpoints(run.modelId).at(-1)!.step >= pausedStep + 20)
    await service.stop({})
    const stopped = await service.whenIdle()
    expect(progress.at(-1)?.message).toMatch(/was stopped/)
    expect(stopped?.outcome).toBe('stopped')
    const [runRecord] = await service.listRuns({ modelId: run.modelId })
    expect(runRecord.status).toBe('stopped')
    expect(library.models.listCheckpoints(run.modelId).at(-1)!.step).toBe(stopped!.step)

    // Resume from the latest periodic checkpoint (a segment boundary, see loop.ts), now for a
    // couple more epochs only (the length of a run may change on resume; nothing else depends on it).
    const periodic = library.models.listCheckpoints(run.modelId).filter((c) => c.step % 10 === 0).at(-1)!
    const epochs = Math.floor(periodic.epoch) + 2
    const resumed = await service.start(tiny({ ...settings, epochs, corpusId: undefined, fromCheckpointId: periodic.id, resume: true }))
    expect(resumed.modelId).toBe(run.modelId)
    expect((await service.whenIdle())?.outcome).toBe('completed')

    // The same run without interruption, as a second model: identical final weights.
    const full = await service.start(tiny({ ...settings, epochs, modelName: 'tiny uninterrupted' }))
    await service.whenIdle()
    const endA = library.models.listCheckpoints(run.modelId).at(-1)!
    const endB = library.models.listCheckpoints(full.modelId).at(-1)!
    expect(endA.step).toBe(endB.step)
    expect(endA.valBitsPerChar).toBe(endB.valBitsPerChar)
    const [a, b] = await Promise.all([checkpointWeights(library, endA.id), checkpointWeights(library, endB.id)])
    expect(Buffer.from(a.dense.kernel.buffer).equals(Buffer.from(b.dense.kernel.buffer))).toBe(true)
    expect(Buffer.from(a.embedding.buffer).equals(Buffer.from(b.embedding.buffer))).toBe(true)
  })

  it('resuming keeps the run\'s plan: its epochs and time limit come back from the library unless the request names them', async () => {
    const run = await service.start(tiny({ epochs: 3, maxMinutes: 30, patience: 100 }))
    await until(() => library.models.listCheckpoints(run.modelId).length >= 1)
    await service.stop({})
    await service.whenIdle()
    const from = library.models.listCheckpoints(run.modelId).at(-1)!
    /** Starts a resumed run as the CLI does (the contract's defaults filled in), reads its plan, stops it. */
    const resumeWith = async (extra: Record<string, unknown>): Promise<{ epochs: number; maxSeconds: unknown }> => {
      const resumed = await service.start(TrainingStartInput.parse({ modelName: 'ignored', fromCheckpointId: from.id, resume: true, ...extra }))
      await service.stop({})
      await service.whenIdle()
      const config = library.trainingRuns.get(resumed.id)!.config as { epochs: number; maxSeconds: unknown }
      return { epochs: config.epochs, maxSeconds: config.maxSeconds }
    }
    // `train --resume N` without --epochs: the schema's default of 50 used to replace the run's 3.
    expect(await resumeWith({ resumeOverrides: [] })).toEqual({ epochs: 3, maxSeconds: 1800 })
    expect(await resumeWith({ epochs: 5, resumeOverrides: ['epochs'] })).toEqual({ epochs: 5, maxSeconds: 1800 })
    expect(await resumeWith({ epochs: 4, maxMinutes: 1, resumeOverrides: ['epochs', 'maxMinutes'] })).toEqual({ epochs: 4, maxSeconds: 60 })
  })

  it('fine-tunes from a checkpoint on another corpus, growing the vocabulary by its frequent new characters and mapping layout', async () => {
    const base = await service.start(tiny({ epochs: 2 }))
    await service.whenIdle()
    const baseModel = library.models.get(base.modelId)!
    const bestId = (await service.listCheckpoints({ modelId: base.modelId })).find((c) => c.isBest)!.id
    // A user's corpus with characters the vocabulary lacks (C a é ^ and a tab); none of them is
    // one the training text's dialect mapping rewrites, so all but the tab are grown.
    const user = tinyTunes(12).map((t) => t.replace('T:Tune', 'T:Caf\u00e9\tTune').replace('|:', '|:^G'))
    const report = importFiles(library, { corpusName: 'Mine', files: [{ name: 'mine.abc', bytes: new TextEncoder().encode(user.join('\n')) }] })
    const fine = await service.start(tiny({ corpusId: report.corpusId, modelName: 'mine', epochs: 2, fromCheckpointId: bestId, batch: 2 }))
    expect((await service.whenIdle())?.outcome).toBe('completed')
    const model = library.models.get(fine.modelId)!
    // Appended after the parent's, by code point; the tab is layout and becomes a space.
    expect(model.vocab).toEqual([...baseModel.vocab, 'C', '^', 'a', '\u00e9'])
    expect(model.shape).toEqual({ ...baseModel.shape, vocabSize: baseModel.shape.vocabSize + 4 })
    expect(progress.at(-1)?.message).toMatch(/Vocabulary grown by 4 characters: 'C' ×12, '\^' ×12, 'a' ×12, 'é' ×12; characters left out of the vocabulary: mapped tab→space ×12$/)
    expect((await service.listCheckpoints({ modelId: fine.modelId })).length).toBeGreaterThan(0)
  })

  it('puts the shipped default model in the library and fine-tunes from it with --from default', async () => {
    const base = await service.start(tiny({ epochs: 1 }))
    await service.whenIdle()
    // Ship it: the files resources/models/default/ holds, written by the export command.
    const best = library.models.loadCheckpointForSampling(base.modelId)!
    const shipped = path.join(dir, 'models', 'default')
    mkdirSync(shipped, { recursive: true })
    writeFileSync(path.join(shipped, 'group1-shard1of1.bin'), best.weights)
    writeFileSync(path.join(shipped, 'vocab.json'), JSON.stringify(Vocab.fromJson({ idx_to_char: library.models.get(base.modelId)!.vocab }).toJson()))
    writeFileSync(path.join(shipped, 'model.json'), best.modelJson)

    const models = await service.listModels({})
    const bundled = models.find((m) => m.name === DEFAULT_MODEL_NAME)!
    expect(bundled).toMatchObject({ source: 'bundled', isDefault: true, sizes: { embedding: 16, units: [32] } })
    const fine = await service.start(tiny({ modelName: 'from default', epochs: 1, fromCheckpointId: 'default' }))
    expect((await service.whenIdle())?.outcome).toBe('completed')
    expect(library.models.get(fine.modelId)!.vocab).toEqual(library.models.get(bundled.id)!.vocab)
    // A second service over the same library finds it there and adds no copy.
    const again = createTrainingService({ library, events, resourcesDir: dir })
    expect((await again.listModels({})).filter((m) => m.name === DEFAULT_MODEL_NAME)).toHaveLength(1)
  })

  it('answers bad requests with clear errors and keeps what is stored', async () => {
    await expect(service.start(tiny({ corpusId: 999 }))).rejects.toThrow(/No corpus with id 999/)
    await expect(service.start(tiny({ fromCheckpointId: 12345 }))).rejects.toThrow(/No checkpoint with id 12345/)
    await expect(async () => service.listCheckpoints({ modelId: 777 })).rejects.toBeInstanceOf(ApiError)
    await expect(async () => service.pause({})).rejects.toThrow(/No training run/)
    // Too short for the window: the worker's message reaches the caller; nothing is left behind.
    await expect(service.start(tiny({ batch: 256, seqLen: 512 }))).rejects.toThrow(/too short for batch 256/)
    expect(library.models.list()).toHaveLength(0)
    const run = await service.start(tiny({ epochs: 1 }))
    await expect(service.start(tiny({ modelName: 'other' }))).rejects.toThrow(/already in progress/)
    await service.whenIdle()
    await expect(service.start(tiny())).rejects.toThrow(/already exists/)
    expect(library.models.get(run.modelId)?.checkpointCount).toBeGreaterThan(0)
    expect(TrainingStartInput.safeParse({ corpusId: 1, modelName: 'x', epochs: 0 }).success).toBe(false)
    expect(TrainingStartInput.safeParse({ corpusId: 1, modelName: 'x', batch: 1_000_000 }).success).toBe(false)
  })
})
