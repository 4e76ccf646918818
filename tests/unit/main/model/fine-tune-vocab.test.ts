/**
 * Fine-tuning on a corpus with characters the parent's vocabulary lacks, end to end on a real
 * SQLite library: the training service (the Training view's path) and the CLI (`train --from`)
 * grow the vocabulary, the library's model row and the exported vocab.json hold it, the stored
 * weights match it, the composer (model service) continues the user's tunes with the new
 * characters, and `eval` scores them without mapping them away.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../../src-main/cli/main'
import { importFiles, openLibrary, type Library } from '../../../../src-main/library'
import { MIN_GROW_COUNT } from '../../../../src-main/model/corpus/training-data'
import { trainingTextCleaner } from '../../../../src-main/model/corpus/training-text'
import { loadLayersFolder } from '../../../../src-main/engine/layers-format'
import { Vocab } from '../../../../src-main/model/vocab'
import { EventBus } from '../../../../src-main/services/event-bus'
import { createModelService } from '../../../../src-main/services/model-service'
import { createTrainingService, type TrainingService } from '../../../../src-main/services/training-service'
import type { GenerationResult } from '../../../../src-shared/contract/model'
import { ContinueInput } from '../../../../src-shared/contract/model'
import { TrainingStartInput, type TrainingProgress } from '../../../../src-shared/contract/training'
import { checkpointWeights } from './checkpoint-weights'
import { tinyTunes } from './helpers'

/**
 * The user's collection: the tiny tunes with sharps (`^c`), broken rhythm (`>`), a grace note
 * and an accented title, none of which the parent's vocabulary (from tinyTunes) has. `^` and `é`
 * are grown; `>` and `{g}` are put into the model's dialect for training (corpus/training-text.ts),
 * so they are not.
 */
function userTunes(count: number): string[] {
  return tinyTunes(count).map((t) =>
    t
      .replace('T:Tune', 'T:Caf\u00e9')
      .replace(/\|:(.*):\|/, (body) => body.replace(/c/g, '^c').replace(' ', '>').replace('|:', '|:{g}')),
  )
}

let dir: string
let library: Library
let service: TrainingService
let parentVocab: string[]
let parentCheckpointId: number
let userCorpusId: number
let userFile: string
const progress: TrainingProgress[] = []

const tiny = (extra: Record<string, unknown>) =>
  TrainingStartInput.parse({ sizes: { embedding: 16, units: [32] }, batch: 4, seqLen: 16, lr: 0.01, dropout: 0, checkpointEvery: 50, ...extra })

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-grow-'))
  library = openLibrary(path.join(dir, 'library.sqlite'))
  const events = new EventBus()
  events.listen((name, payload) => {
    if (name === 'training.progress') progress.push(payload as TrainingProgress)
  })
  service = createTrainingService({ library, events, resourcesDir: dir })
  const base = importFiles(library, { corpusName: 'Tiny', files: [{ name: 'tiny.abc', bytes: new TextEncoder().encode(tinyTunes(40).join('\n')) }] })
  const parent = await service.start(tiny({ corpusId: base.corpusId, modelName: 'parent', epochs: 2 }))
  await service.whenIdle()
  parentVocab = library.models.get(parent.modelId)!.vocab
  parentCheckpointId = library.models.loadCheckpointForSampling(parent.modelId)!.id
  userFile = path.join(dir, 'mine.abc')
  writeFileSync(userFile, userTunes(40).join('\n'))
  userCorpusId = importFiles(library, { corpusName: 'Mine', files: [{ name: 'mine.abc', bytes: readFileSync(userFile) }] }).corpusId as number
}, 120_000)

afterAll(async () => {
  await service.shutdown()
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The characters the user's corpus should add: those its training text holds often enough. */
function expectedGrowth(): string[] {
  const counts = new Map<string, number>()
  const { clean } = trainingTextCleaner()
  for (const t of userTunes(40)) for (const ch of clean(t)) if (!parentVocab.includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  return [...counts].filter(([, n]) => n >= MIN_GROW_COUNT).map(([ch]) => ch)
}

describe('fine-tuning grows the vocabulary', () => {
  it('through the training service: stored with the model, and the composer writes the new characters', async () => {
    const run = await service.start(tiny({ corpusId: userCorpusId, modelName: 'mine', epochs: 8, fromCheckpointId: parentCheckpointId }))
    expect((await service.whenIdle())?.outcome).toMatch(/completed|early-stopped/)
    const model = library.models.get(run.modelId)!
    const grown = model.vocab.slice(parentVocab.length)
    // The parent's ids are kept; the new characters follow, in code-point order.
    expect(model.vocab.slice(0, parentVocab.length)).toEqual(parentVocab)
    expect(grown).toContain('^')
    expect(grown).toContain('\u00e9')
    expect([...grown].sort()).toEqual(expectedGrowth().sort())
    for (const mapped of ['>', '{', '}']) expect(grown).not.toContain(mapped)
    expect(model.shape.vocabSize).toBe(model.vocab.length)
    const weights = await checkpointWeights(library, library.models.loadCheckpointForSampling(model.id)!.id)
    expect(weights.vocabSize).toBe(model.vocab.length)
    expect((await service.listModels({})).find((m) => m.id === model.id)?.vocabSize).toBe(model.vocab.length)
    // The run said so, at its start and with its outcome.
    const said = progress.filter((p) => p.runId === run.id && p.message?.includes('vocabulary grown by'))
    expect(said.map((p) => p.kind)).toEqual(['step', 'done'])
    expect(said[0].message).toContain("'^' ×")
    expect(said[0].message).toMatch(/^Training text in the model's dialect \(40 tunes\): 40 broken rhythms written as lengths, 40 grace-note groups hidden; /)

    // Resuming the grown model's run keeps its vocabulary (and its weights' shape) as they are.
    const last = library.models.listCheckpoints(model.id).at(-1)!
    const resumed = await service.start(tiny({ modelName: 'mine', epochs: Math.floor(last.epoch) + 1, fromCheckpointId: last.id, resume: true }))
    expect((await service.whenIdle())?.outcome).toMatch(/completed|early-stopped/)
    expect(resumed.modelId).toBe(model.id)
    expect(library.models.get(model.id)!.vocab).toEqual(model.vocab)
    expect((await checkpointWeights(library, library.models.listCheckpoints(model.id).at(-1)!.id)).vocabSize).toBe(model.vocab.length)

    // The composer continues one of the user's tunes, cut after its first bar, with sharps.
    const models = createModelService({ library, events: new EventBus(), resourcesDir: dir, engine: 'js' })
    try {
      const tune = userTunes(40)[7]
      const prompt = tune.slice(0, tune.indexOf('|', tune.indexOf('|:') + 2) + 1)
      const result = (await models.continue(ContinueInput.parse({ prompt, n: 6, seed: 4, maxLength: 60, modelId: model.id, stop: { bars: 2 } }))) as GenerationResult
      expect(result.unknownChars.mapped.concat(result.unknownChars.dropped).map((c) => c.from)).not.toContain('^')
      const written = result.variations.map((v) => v.text).join('')
      expect(written).toContain('^c')
    } finally {
      models.dispose()
    }
  }, 180_000)

  it('through the CLI: train --from grows it, export writes it to vocab.json, eval reads the new characters', async () => {
    const libraryPath = path.join(dir, 'library.sqlite')
    const cli = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
      let stdout = ''
      let stderr = ''
      const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(String(chunk)), done()) })
      const code = await runCli([...args, '--library', libraryPath], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) })
      return { code, stdout, stderr }
    }
    const trained = await cli('train', '--corpus', 'Mine', '--model', 'mine-cli', '--from', String(parentCheckpointId), '--epochs', '1', '--batch', '4', '--seq-len', '16', '--json')
    expect(trained.code, trained.stderr).toBe(0)
    expect(trained.stderr).toMatch(/vocabulary grown by \d+ characters/)
    const { modelId } = JSON.parse(trained.stdout) as { modelId: number }

    const out = path.join(dir, 'export')
    expect((await cli('export', '--model', 'mine-cli', '--out', out)).code).toBe(0)
    const vocab = Vocab.fromJson(readFileSync(path.join(out, 'vocab.json'), 'utf8'))
    expect(vocab.chars.slice(0, parentVocab.length)).toEqual(parentVocab)
    expect(vocab.has('^')).toBe(true)
    expect((await loadLayersFolder(out)).vocabSize).toBe(vocab.size)

    // A model row whose vocabulary disagrees with its weights is not exported half-right.
    const broken = library.models.create({ name: 'mismatched', shape: { ...library.models.get(modelId)!.shape, vocabSize: parentVocab.length }, vocab: parentVocab, source: 'trained' })
    const best = library.models.loadCheckpointForSampling(modelId)!
    library.models.saveCheckpoint({ modelId: broken.id, step: 0, epoch: 0, isBest: true, modelJson: best.modelJson, weights: best.weights })
    const refused = await cli('export', '--model', 'mismatched', '--out', path.join(dir, 'mismatched'))
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(new RegExp(`outputs for ${vocab.size} characters but model "mismatched" has a vocabulary of ${parentVocab.length}`))

    const scored = await cli('eval', '--abc', userFile, '--model', String(modelId), '--json')
    expect(scored.code, scored.stderr).toBe(0)
    const result = JSON.parse(scored.stdout) as { bitsPerChar: number; conform: { report: { mapped: { from: string }[]; dropped: { from: string }[] } }[] }
    expect(Number.isFinite(result.bitsPerChar)).toBe(true)
    const changed = result.conform.flatMap((c) => [...c.report.mapped, ...c.report.dropped].map((x) => x.from))
    for (const ch of expectedGrowth()) expect(changed).not.toContain(ch)
  }, 180_000)
})
