/**
 * The job folder without PyTorch: what export writes is the app's own training data (the same
 * cleaning and split by tune, made in a worker thread), the starting weights are the app's seeded
 * ones, and the mistakes a musician can make (a folder in use, a job not run yet, a name taken) get
 * answers in words, from the worker as from this thread.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../../../src-main/cli/main'
import { TrainJobExportInput } from '../../../../../src-shared/contract/train-job'
import { initWeights } from '../../../../../src-main/engine/init-weights'
import { importFiles, openLibrary, type Library } from '../../../../../src-main/library'
import { prepareTrainingData } from '../../../../../src-main/model/corpus/training-data'
import { trainingTextCleaner } from '../../../../../src-main/model/corpus/training-text'
import { joinTunes } from '../../../../../src-main/model/corpus/stream'
import type { JobMeta } from '../../../../../src-main/model/train-job/job-folder'
import { decodeSafetensors, fromTorchTensors } from '../../../../../src-main/model/train-job/torch-format'
import { createTrainJobService, type TrainJobService } from '../../../../../src-main/services/train-job-service'
import { tinyTunes } from '../helpers'
import { sink, type CliIo } from '../sampling/helpers'

const RESOURCES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../resources')
let dir: string
let library: Library
/** In a worker thread, as the shells run it. */
let service: TrainJobService
/** On this thread: the same tasks without a worker's start-up, for the mistakes. */
let local: TrainJobService
let corpusId: number

const request = (out: string) =>
  TrainJobExportInput.parse({ dir: out, training: { corpusId, modelName: 'Tiny job', sizes: { embedding: 16, units: [32, 32] }, batch: 4, seqLen: 16, seed: 7 } })

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-job-folder-'))
  library = openLibrary(path.join(dir, 'library.sqlite'))
  corpusId = importFiles(library, { corpusName: 'Tiny', files: [{ name: 'tiny.abc', bytes: new TextEncoder().encode(tinyTunes(40).join('\n')) }] }).corpusId!
  service = createTrainJobService({ library, resourcesDir: RESOURCES_DIR })
  local = createTrainJobService({ library, resourcesDir: RESOURCES_DIR, workerEntry: null })
})

afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('train-job export', () => {
  it("writes the app's cleaned, split text, its vocabulary and its seeded starting weights", async () => {
    const out = path.join(dir, 'job')
    const result = await service.export(request(out))
    const tunes = library.tunes.corpusText(corpusId)
    const data = prepareTrainingData(tunes.map((t) => t.abc), { clean: trainingTextCleaner().clean, ordinals: tunes.map((t) => t.ordinal) })
    const read = (name: string): string => readFileSync(path.join(out, name), 'utf8')
    expect(read('train.txt')).toBe(joinTunes(data.trainTunes))
    expect(read('validation.txt')).toBe(data.vocab.decode(data.validation))
    expect(result.tuneCount).toEqual({ train: 36, validation: 4 })
    const meta = JSON.parse(read('job.json')) as JobMeta
    expect(meta.trainTuneLengths.reduce((a, b) => a + b, 0)).toBe(read('train.txt').length)
    expect(meta.config).toMatchObject({ batch: 4, seqLen: 16, seed: 7 })
    expect((JSON.parse(read('vocab.json')) as { idx_to_char: string[] }).idx_to_char).toEqual([...data.vocab.chars])
    const weights = fromTorchTensors(decodeSafetensors(new Uint8Array(readFileSync(path.join(out, 'initial.safetensors')))))
    expect(weights).toEqual(initWeights({ vocabSize: data.vocab.size, embeddingDim: 16, lstmUnits: [32, 32] }, 7))
    expect(read('train.py')).toBe(readFileSync(path.join(RESOURCES_DIR, 'train-job', 'train.py'), 'utf8'))
    expect(result.command).toMatch(/train\.py --nproc-per-node \d+$/)
  })

  it('refuses a folder that holds something, in words', async () => {
    const out = path.join(dir, 'busy')
    await local.export(request(out))
    await expect(local.export(request(out))).rejects.toThrow(/is not empty: choose a new or empty folder/)
  })
})

describe('train-job import', () => {
  it('says when a folder is not a job, or a job has not run yet', async () => {
    await expect(service.import({ dir: path.join(dir, 'nowhere'), name: 'x' })).rejects.toThrow(/cannot be read: is this a training job folder/)
    await expect(local.import({ dir: path.join(dir, 'nowhere'), name: 'x' })).rejects.toThrow(/cannot be read: is this a training job folder/)
    const out = path.join(dir, 'not-run')
    await local.export(request(out))
    await expect(local.import({ dir: out, name: 'x' })).rejects.toThrow(/has not been run yet/)
    writeFileSync(path.join(out, 'loss-log.jsonl'), '{"kind": "start"}\n')
    await expect(local.import({ dir: out, name: 'x' })).rejects.toThrow(/written no checkpoint yet/)
  })

  it('refuses a model name that is taken', async () => {
    library.models.create({ name: 'Taken', shape: { vocabSize: 2, embeddingDim: 8, lstmUnits: [8] }, vocab: ['a', 'b'], source: 'trained' })
    await expect(local.import({ dir: path.join(dir, 'job'), name: 'Taken' })).rejects.toThrow(/already exists/)
  })
})

describe('train-job on the command line', () => {
  const cli = async (...args: string[]): Promise<{ code: number; stderr: string }> => {
    const err = sink<CliIo['stderr']>()
    const code = await runCli([...args, '--library', path.join(dir, 'cli.sqlite')], { stdout: sink<CliIo['stdout']>().stream, stderr: err.stream })
    return { code, stderr: err.text() }
  }

  it('answers a missing action, folder or corpus with a usage error', async () => {
    expect(await cli('train-job')).toMatchObject({ code: 2, stderr: expect.stringContaining('train-job needs "export" or "import"') as unknown })
    expect(await cli('train-job', 'export', '--corpus', 'Tiny')).toMatchObject({ code: 2, stderr: expect.stringContaining('needs --corpus NAME and --out DIR') as unknown })
    expect(await cli('train-job', 'import', path.join(dir, 'job'))).toMatchObject({ code: 2, stderr: expect.stringContaining('needs the job folder and --name NAME') as unknown })
    expect(await cli('train-job', 'export', '--corpus', 'No such', '--out', path.join(dir, 'x'))).toMatchObject({ code: 2, stderr: expect.stringContaining('No corpus named "No such"') as unknown })
  })
})
