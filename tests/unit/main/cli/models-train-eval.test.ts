import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import * as tf from '@tensorflow/tfjs-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../../src-main/cli/main'
import { initWeights } from '../../../../src-main/engine/init-weights'
import { importFiles, openLibrary } from '../../../../src-main/library'
import { artifactsToWeights, loadLayersFolder, weightsToArtifacts, weightsToModel } from '../../../../src-main/engine/layers-format'
import { createTrainingService } from '../../../../src-main/services/training-service'
import { EventBus } from '../../../../src-main/services/event-bus'
import { TrainingStartInput } from '../../../../src-shared/contract/training'
import { Vocab } from '../../../../src-main/model/vocab'
import { DEFAULT_MODEL_NAME, ensureDefaultModel } from '../../../../src-main/model/default-model'
import type { CharLstmWeights } from '../../../../src-main/engine/weights'
import { tinyTunes } from '../model/helpers'

let dir: string
let libraryPath: string
let abcFile: string
let modelId: number
let weights: CharLstmWeights
let vocab: Vocab

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk))
        done()
      },
    })
  const code = await runCli([...args, '--library', libraryPath], {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
  })
  return { code, stdout, stderr }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-cli-'))
  libraryPath = path.join(dir, 'library.sqlite')
  const tunes = tinyTunes(3)
  vocab = Vocab.fromTexts(tunes.map((t) => t + '\n\n'))
  weights = initWeights({ vocabSize: vocab.size, embeddingDim: 12, lstmUnits: [16, 16] }, 5)
  const library = openLibrary(libraryPath)
  const model = library.models.create({ name: 'random', shape: { vocabSize: vocab.size, embeddingDim: 12, lstmUnits: [16, 16] }, vocab: [...vocab.chars], source: 'trained' })
  modelId = model.id
  const { modelJson, weightData } = await weightsToArtifacts(weights)
  library.models.saveCheckpoint({ modelId, step: 0, epoch: 0, isBest: true, modelJson: JSON.stringify(modelJson), weights: weightData })
  library.close()
  // Two tunes, one with a character the vocabulary lacks ('{' is dropped, as documented).
  abcFile = path.join(dir, 'two.abc')
  writeFileSync(abcFile, `${tunes[0]}\n\n${tunes[1].replace('|:', '|:{')}\n`)
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The same quantity computed another way: tfjs's own forward pass over each whole tune. */
function tfjsBits(texts: string[]): { bits: number; chars: number } {
  let nats = 0
  let chars = 0
  for (const text of texts) {
    const model = weightsToModel(weights, { batchSize: 1, seqLen: null, dropout: 0 })
    const ids = [...vocab.encodeStrict('\n' + text)]
    const probs = tf.tidy(() => (model.predict(tf.tensor2d([ids.slice(0, -1)], undefined, 'int32')) as tf.Tensor).arraySync() as number[][][])
    for (let t = 0; t < ids.length - 1; t++) nats -= Math.log(probs[0][t][ids[t + 1]])
    chars += ids.length - 1
    model.dispose()
  }
  return { bits: nats / chars / Math.LN2, chars }
}

describe('cli', () => {
  it('eval: bits/char over every character of every tune equals the tfjs forward pass', async () => {
    const { code, stdout, stderr } = await cli('eval', '--abc', abcFile, '--model', String(modelId), '--json')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const result = JSON.parse(stdout) as { bitsPerChar: number; chars: number; tunes: number; conform: { tune: number }[] }
    const tunes = tinyTunes(2).map((t) => t.replace(/\s+$/, '') + '\n\n')
    const expected = tfjsBits(tunes)
    expect(result.tunes).toBe(2)
    expect(result.chars).toBe(expected.chars)
    expect(result.bitsPerChar).toBeCloseTo(expected.bits, 4)
    expect(result.conform).toEqual([{ tune: 1, report: { mapped: [], dropped: [{ from: '{', to: '', count: 1 }], clean: false } }])
  })

  it('models lists the library models', async () => {
    const { code, stdout } = await cli('models', '--json')
    expect(code).toBe(0)
    const models = JSON.parse(stdout) as { id: number; name: string; sizes: { embedding: number } }[]
    expect(models.find((m) => m.id === modelId)).toMatchObject({ name: 'random', sizes: { embedding: 12, units: [16, 16] } })
  })

  it('export writes a loadable Layers folder, vocab.json and TRAINING.md with the curve', async () => {
    // A real (tiny) run in the library, so TRAINING.md has a run to describe.
    const library = openLibrary(libraryPath)
    const report = importFiles(library, { corpusName: 'Tiny', files: [{ name: 'tiny.abc', bytes: new TextEncoder().encode(tinyTunes(30).join('\n')) }] })
    const service = createTrainingService({ library, events: new EventBus(), resourcesDir: dir })
    const run = await service.start(TrainingStartInput.parse({ corpusId: report.corpusId, modelName: 'exported', sizes: { embedding: 8, units: [16] }, epochs: 3, batch: 4, seqLen: 16 }))
    await service.whenIdle()
    const best = library.models.loadCheckpointForSampling(run.modelId)!
    library.close()

    const out = path.join(dir, 'export')
    const { code, stdout } = await cli('export', '--model', 'exported', '--out', out, '--json')
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ modelId: run.modelId, checkpointId: best.id })
    const loaded = await loadLayersFolder(out)
    const stored = await artifactsToWeights({ modelJson: JSON.parse(best.modelJson), weightData: best.weights })
    expect(Buffer.from(loaded.dense.kernel.buffer).equals(Buffer.from(stored.dense.kernel.buffer))).toBe(true)
    const vocabJson = JSON.parse(readFileSync(path.join(out, 'vocab.json'), 'utf8'))
    expect(Vocab.fromJson(vocabJson).size).toBe(loaded.vocabSize)
    const card = readFileSync(path.join(out, 'TRAINING.md'), 'utf8')
    expect(card).toContain('npm run cli -- train --corpus "Tiny" --model "exported" --epochs 3 --embedding 8 --units 16 --batch 4 --seq-len 16')
    // One curve row per epoch end.
    expect(card.match(/^\| [123]\.00 \|/gm)).toHaveLength(3)
    expect(card).toContain(`exported checkpoint | ${best.id}`)

    // Shipped as resources/models/default, it enters a library with its scores.
    const resources = path.join(dir, 'resources')
    cpSync(out, path.join(resources, 'models', 'default'), { recursive: true })
    const other = openLibrary(path.join(dir, 'other.sqlite'))
    try {
      const shipped = (await ensureDefaultModel(other, resources))!
      expect(shipped).toMatchObject({ name: DEFAULT_MODEL_NAME, source: 'bundled', isDefault: true })
      const [checkpoint] = other.models.listCheckpoints(shipped.id)
      expect(checkpoint).toMatchObject({ step: best.step, valBitsPerChar: best.valBitsPerChar, isBest: true })
    } finally {
      other.close()
    }
  })

  it('bad input gets a clear message on stderr and a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [['eval', '--abc', abcFile, '--model', '999'], /No model with id 999/],
      [['eval', '--abc', path.join(dir, 'missing.abc')], /Cannot read/],
      [['train', '--epochs', '0'], /--epochs must be a whole number from 1 to 1000, not "0"/],
      [['train', '--batch', '1000000'], /--batch must be a whole number from 1 to 256/],
      [['train', '--units', '256,abc'], /--units \(layer 2\)/],
      [['train', '--corpus', 'Nope', '--epochs', '1'], /No corpus named "Nope"/],
      [['train', '--from', '1', '--resume', '1'], /either --from/],
      [['train', '--resume', '1', '--lr', '0.01', '--batch', '8'], /--batch, --lr cannot change when resuming: the run keeps its own settings \(only --epochs and --max-minutes may change\)/],
      [['import', path.join(dir, 'nothing-here')], /No such file or folder/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['train', '--bogus'], /Unknown option '--bogus'/],
    ]
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await cli(...args)
      expect(code, args.join(' ')).toBe(2)
      expect(stderr, args.join(' ')).toMatch(message)
      expect(stdout).toBe('')
    }
    // The model is still there and still scores.
    expect((await cli('eval', '--abc', abcFile, '--model', String(modelId))).code).toBe(0)
  })
})
