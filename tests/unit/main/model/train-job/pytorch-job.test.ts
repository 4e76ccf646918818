/**
 * The PyTorch training job end to end, with real PyTorch on the CPU: export a tiny corpus, train it
 * with two DDP processes over gloo on the loopback (torch.multiprocessing.spawn), import it, and
 * check that the loss fell, that our engine's next-character probabilities equal PyTorch's for the
 * same text, and that the sampler writes with it; then the shipped default model through PyTorch
 * (its validation bits/char there equal ours). Skipped, saying so, where no Python has torch.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../../../src-main/cli/main'
import { importFiles, openLibrary } from '../../../../../src-main/library'
import { artifactsToWeights, type LayersModelJson } from '../../../../../src-main/engine/layers-format'
import type { CharLstmWeights } from '../../../../../src-main/engine/weights'
import { epochOrder } from '../../../../../src-main/model/corpus/stream'
import { prepareTrainingData } from '../../../../../src-main/model/corpus/training-data'
import { trainingTextCleaner } from '../../../../../src-main/model/corpus/training-text'
import { readShippedModel, shippedWeights } from '../../../../../src-main/model/default-model'
import { chooseStepper } from '../../../../../src-main/model/sampling/engine-choice'
import { chooseEngine } from '../../../../../src-main/model/training/backend'
import { StreamEvaluator, validationLayout } from '../../../../../src-main/model/training/evaluate'
import type { LogRecord } from '../../../../../src-main/model/train-job/job-folder'
import { findTorchPython, NO_TORCH_MESSAGE } from '../../../../../src-main/model/train-job/python'
import { Vocab } from '../../../../../src-main/model/vocab'
import { tinyTunes } from '../helpers'
import { sink, type CliIo } from '../sampling/helpers'

const run = promisify(execFile)
const RESOURCES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../resources')
/** Python runs get this long: starting torch in three processes takes seconds on a loaded machine. */
const PYTHON_TIMEOUT_MS = 150_000
const TEST_TIMEOUT_MS = 240_000

const torch = await findTorchPython()
if (!torch) console.warn(`[train-job test] skipped: ${NO_TORCH_MESSAGE}`)

let dir: string
let libraryPath: string

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink<CliIo['stdout']>()
  const err = sink<CliIo['stderr']>()
  const code = await runCli([...args, '--library', libraryPath], { stdout: out.stream, stderr: err.stream })
  return { code, stdout: out.text(), stderr: err.text() }
}

/** Runs Python with one process's worth of threads each, so two of them share the cores fairly. */
async function python(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run(torch!.python, args, { cwd, timeout: PYTHON_TIMEOUT_MS, env: { ...process.env, OMP_NUM_THREADS: '1' }, maxBuffer: 64 << 20 })
  return stdout
}

/** Our native engine's next-character distributions for `ids`, fed one character at a time. */
function ourProbabilities(weights: CharLstmWeights, ids: number[]): number[][] {
  const stepper = chooseStepper().factory(weights, 1)
  try {
    return ids.map((id) => {
      const logits = Float64Array.from(stepper.step(Int32Array.of(id)))
      const max = Math.max(...logits)
      const exps = logits.map((l) => Math.exp(l - max))
      const sum = exps.reduce((a, b) => a + b, 0)
      return [...exps].map((e) => e / sum)
    })
  } finally {
    stepper.dispose()
  }
}

/** PyTorch's distributions for the same ids from train.py's own model, and its epoch shuffle. */
const PROBE = `
import json, sys, torch
job_dir, weights_file, ids = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
sys.path.insert(0, job_dir)
import train
job = train.Job(job_dir)
model = train.build_model(job, torch.device("cpu"), 0.0)
model.load_state_dict(train.read_safetensors(weights_file))
model.eval()
with torch.no_grad():
    logits, _ = model(torch.tensor([ids]), model.zero_state(1, torch.device("cpu")))
print(json.dumps({"probs": torch.softmax(logits[0].double(), -1).tolist(), "order": train.epoch_order(50, 11, 3)}))
`

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-train-job-'))
  libraryPath = path.join(dir, 'library.sqlite')
  const library = openLibrary(libraryPath)
  importFiles(library, { corpusName: 'Tiny', files: [{ name: 'tiny.abc', bytes: new TextEncoder().encode(tinyTunes(60).join('\n')) }] })
  library.close()
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(!torch)('train-job with PyTorch DDP (apt-get install python3-torch to run)', () => {
  it('trains a tiny corpus with 2 processes; the imported model predicts as PyTorch does and samples', { timeout: TEST_TIMEOUT_MS }, async () => {
    const jobDir = path.join(dir, 'tiny-job')
    const exported = await cli('train-job', 'export', '--corpus', 'Tiny', '--out', jobDir, '--embedding', '16', '--units', '32,32', '--batch', '4', '--seq-len', '16', '--lr', '0.01', '--warmup', '0', '--checkpoint-every', '10', '--json')
    expect(exported.stderr).toBe('')
    expect(exported.code).toBe(0)
    // The schedule's settings travel with the job (train.py applies lr × lrDecay^epoch after warmupSteps).
    expect((JSON.parse(readFileSync(path.join(jobDir, 'job.json'), 'utf8')) as { config: { warmupSteps: number; lrDecay: number } }).config).toMatchObject({ warmupSteps: 0, lrDecay: 0.93 })

    const printed = await python(['train.py', '--nproc-per-node', '2', '--max-steps', '20', '--log-every', '2'], jobDir)
    expect(printed).toContain('2 process(es) on cpu (gloo)')
    const log = readFileSync(path.join(jobDir, 'loss-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogRecord)
    const steps = log.filter((r): r is Extract<LogRecord, { kind: 'step' }> => r.kind === 'step')
    expect(steps.map((s) => s.step)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20])
    // (a) the loss fell: the last two reports (steps 17-20) well below the first (steps 1-2).
    const late = (steps[8].trainLoss + steps[9].trainLoss) / 2
    expect(late).toBeLessThan(steps[0].trainLoss - 0.3)
    expect(log.at(-1)).toMatchObject({ kind: 'done', outcome: 'stopped', step: 20, worldSize: 2, backend: 'gloo' })

    const imported = await cli('train-job', 'import', jobDir, '--name', 'Tiny via PyTorch', '--json')
    expect(imported.stderr).toBe('')
    const result = JSON.parse(imported.stdout) as { modelId: number; bestCheckpointId: number; checkpoints: number; backend: string }
    expect(result.checkpoints).toBe(2)
    expect(result.backend).toMatch(/^PyTorch .* DDP, 2 × cpu \(gloo\)$/)

    const library = openLibrary(libraryPath)
    const model = library.models.get(result.modelId)!
    const checkpoint = library.models.loadCheckpointForSampling(result.modelId)!
    const runs = library.trainingRuns.list(result.modelId)
    const points = library.trainingRuns.points(runs[0].id)
    library.close()
    expect(checkpoint.id).toBe(result.bestCheckpointId)
    expect(points.map((p) => p.step)).toEqual([10, 20])
    const weights = await artifactsToWeights({ modelJson: JSON.parse(checkpoint.modelJson) as LayersModelJson, weightData: checkpoint.weights })

    // (b) next-character probabilities for a training tune's text: ours (native engine, Layers
    // weights after the conversion) against PyTorch's on its own checkpoint file.
    const vocab = Vocab.fromJson({ idx_to_char: model.vocab })
    const text = readFileSync(path.join(jobDir, 'train.txt'), 'utf8').slice(0, 120)
    const ids = [...vocab.encodeStrict(text)]
    const file = path.join(jobDir, 'checkpoints', `step-${String(checkpoint.step).padStart(7, '0')}.safetensors`)
    const probe = JSON.parse(await python(['-c', PROBE, jobDir, file, JSON.stringify(ids)], jobDir)) as { probs: number[][]; order: number[] }
    const ours = ourProbabilities(weights, ids)
    let worst = 0
    ours.forEach((row, t) => row.forEach((p, v) => (worst = Math.max(worst, Math.abs(p - probe.probs[t][v])))))
    expect(worst).toBeLessThan(1e-4)
    console.info(`[train-job test] imported model vs PyTorch, ${ids.length} positions × ${vocab.size} characters: largest probability difference ${worst.toExponential(2)}`)
    // The job shuffles tunes exactly as the app does, so one process reads the app's stream.
    expect(probe.order).toEqual(epochOrder(50, 11, 3))

    // (c) the composer's sampler writes with the imported model.
    const generated = await cli('generate', '--header', 'M:4/4\nK:G', '--model', String(result.modelId), '--n', '2', '--seed', '3', '--max-length', '80', '--no-form')
    expect(generated.code).toBe(0)
    const tunes = generated.stdout.split(/^X:/m).filter((t) => t.trim() !== '')
    expect(tunes).toHaveLength(2)
    for (const tune of tunes) expect(tune.split('K:G')[1]?.trim().length ?? 0).toBeGreaterThan(0)
  })

  it('the shipped default model scores the same validation bits/char in PyTorch as in our engine', { timeout: TEST_TIMEOUT_MS }, async () => {
    const jobDir = path.join(dir, 'default-job')
    const exported = await cli('train-job', 'export', '--corpus', 'Nottingham', '--from', 'default', '--out', jobDir, '--json')
    expect(exported.code).toBe(0)
    const job = JSON.parse(readFileSync(path.join(jobDir, 'job.json'), 'utf8')) as { config: { batch: number; seqLen: number; seed: number } }

    // The job's validation text is the app's validation stream: the same cleaning, split and vocabulary.
    const shipped = (await readShippedModel(RESOURCES_DIR))!
    const library = openLibrary(libraryPath)
    const corpus = library.corpora.getByName('Nottingham')!
    const corpusTunes = library.tunes.corpusText(corpus.id)
    library.close()
    const data = prepareTrainingData(corpusTunes.map((t) => t.abc), { clean: trainingTextCleaner().clean, vocab: shipped.vocab, grow: true, ordinals: corpusTunes.map((t) => t.ordinal) })
    expect(data.grown).toEqual([])
    const validation = readFileSync(path.join(jobDir, 'validation.txt'), 'utf8')
    expect([...shipped.vocab.encodeStrict(validation)]).toEqual([...data.validation])

    const engine = await chooseEngine()
    const layout = validationLayout(data.validation.length, job.config.batch, job.config.seqLen)!
    const evaluator = new StreamEvaluator(engine, data.validation, layout)
    const ours = evaluator.evaluate(await shippedWeights(shipped))
    evaluator.dispose()
    const theirs = JSON.parse(await python(['train.py', '--evaluate', 'initial.safetensors'], jobDir)) as { valBits: number; chars: number }
    expect(theirs.chars).toBe(ours.chars)
    expect(Math.abs(theirs.valBits - ours.bits)).toBeLessThan(1e-3)
    console.info(`[train-job test] shipped model, validation bits/char over ${ours.chars} characters: ours ${ours.bits.toFixed(6)}, PyTorch ${theirs.valBits.toFixed(6)} (difference ${Math.abs(theirs.valBits - ours.bits).toExponential(2)})`)
  })
})
