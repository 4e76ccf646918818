/**
 * Section 'load': `model.continue` latency through the real web server (HTTP + router + sampler),
 * as the composer calls it: 3 variations of up to 400 characters after a 300-character prompt.
 * Measured idle, then again while a training run is in progress in the same process (its worker
 * thread competes for the CPU). Uses resources/models/default when it exists, else seed-size
 * random weights (Embedding 512 → 3 × LSTM 256), which cost the same per character.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { initWeights } from '../src-main/engine/init-weights'
import { openLibrary } from '../src-main/library'
import { weightsToArtifacts } from '../src-main/engine/layers-format'
import { readCorpusFolder } from '../src-main/model/novelty/corpus-index'
import { readShippedModel } from '../src-main/model/default-model'
import { Vocab } from '../src-main/model/vocab'
import { SEED_SHAPE } from '../src-main/engine/weights'
import { bootServices } from '../src-main/services/boot'
import { createWebServer } from '../src-main/web/server'
import { createToken } from '../src-main/web/token'
import type { CorpusSummary } from '../src-shared/contract'
import type { GenerationResult } from '../src-shared/contract/model'
import type { TrainingProgress } from '../src-shared/contract/training'
import type { BenchSection, JsonValue } from './section'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const RESOURCES = path.join(ROOT, 'resources')
const round = (x: number): number => Math.round(x * 10) / 10

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
}

/** Seed-size random weights stored as a library model (what training would write); returns its id. */
async function storeSeedSizeModel(libraryPath: string): Promise<number> {
  const vocab = Vocab.fromTexts((await readCorpusFolder(path.join(RESOURCES, 'corpus', 'nottingham'))).map((t) => t.text))
  const weights = initWeights({ vocabSize: vocab.size, ...SEED_SHAPE }, 1)
  const artifacts = await weightsToArtifacts(weights)
  const library = openLibrary(libraryPath)
  try {
    const record = library.models.create({ name: 'bench seed-size', shape: { vocabSize: vocab.size, ...SEED_SHAPE }, vocab: [...vocab.chars], source: 'trained' })
    library.models.saveCheckpoint({ modelId: record.id, step: 1, epoch: 0, isBest: true, modelJson: JSON.stringify(artifacts.modelJson), weights: artifacts.weightData })
    return record.id
  } finally {
    library.close()
  }
}

export const loadSection: BenchSection = {
  name: 'load',
  async run({ quick, log }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tunesmith-bench-load-'))
    const libraryPath = path.join(dir, 'library.sqlite')
    try {
      const shipped = await readShippedModel(RESOURCES)
      const modelId = shipped ? undefined : await storeSeedSizeModel(libraryPath)
      const booted = await bootServices({ libraryPath, resourcesDir: RESOURCES, shell: 'web' })
      const token = createToken()
      const server = createWebServer({ router: booted.router, events: booted.events, token, staticDir: null })
      const url = await server.listen(0)
      const post = async <T>(channel: string, input: unknown): Promise<T> => {
        const res = await fetch(`${url}/api/call/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Tunesmith-Token': token, Origin: url },
          body: JSON.stringify(input),
        })
        const body = (await res.json()) as T & { error?: { message: string } }
        if (!res.ok) throw new Error(`${channel}: HTTP ${res.status} ${body.error?.message ?? ''}`)
        return body
      }
      try {
        // A 300-character prompt: the start of a real reel from the bundled corpus.
        const tunes = await readCorpusFolder(path.join(RESOURCES, 'corpus', 'nottingham'))
        const prompt = tunes.find((t) => t.text.length > 400)!.text.slice(0, 300)
        const runs = quick ? 3 : 15
        let seed = 1
        const measure = async (): Promise<{ [k: string]: JsonValue }> => {
          const ms: number[] = []
          let chars = 0
          for (let i = 0; i < runs; i++) {
            const t = performance.now()
            const r = await post<GenerationResult>('model.continue', { prompt, n: 3, maxLength: 400, seed: seed++, modelId })
            ms.push(performance.now() - t)
            chars += r.variations.reduce((sum, v) => sum + v.text.length, 0)
          }
          ms.sort((a, b) => a - b)
          return { runs, p50Ms: round(percentile(ms, 0.5)), p95Ms: round(percentile(ms, 0.95)), meanCharsWritten: round(chars / runs) }
        }

        log('load: warm-up (model load)')
        await post('model.continue', { prompt, n: 3, maxLength: 20, seed: 0, modelId })
        log(`load: ${runs} continue requests, idle`)
        const idle = await measure()

        log('load: starting a training run')
        let progressEvents = 0
        const stop = booted.events.listen((name, payload) => {
          if (name === 'training.progress' && (payload as TrainingProgress).kind !== 'done') progressEvents++
        })
        const [corpus] = await post<CorpusSummary[]>('library.listCorpora', {})
        await post('training.start', { corpusId: corpus.id, modelName: 'bench load run', sizes: { embedding: 64, units: [256, 256] }, batch: 16, seqLen: 64, epochs: 100, checkpointEvery: 1_000_000 })
        const started = performance.now()
        while (progressEvents === 0 && performance.now() - started < 120_000) await new Promise((r) => setTimeout(r, 100))
        const trainingState = (await post<{ state: string }>('training.status', {})).state
        log(`load: ${runs} continue requests while training (${trainingState})`)
        const whileTraining = await measure()
        const stillRunning = (await post<{ state: string }>('training.status', {})).state
        await post('training.stop', {})
        while ((await post<{ state: string }>('training.status', {})).state !== 'idle') await new Promise((r) => setTimeout(r, 50))
        stop()

        return {
          model: shipped ? 'resources/models/default' : 'seed-size random weights (no default model shipped yet)',
          request: { promptChars: prompt.length, n: 3, maxLength: 400, transport: 'HTTP, web mode' },
          idle,
          whileTraining: { ...whileTraining, training: 'Embedding 64 → 2 × LSTM 256, batch 16 × 64, full corpus', trainingStateDuring: stillRunning },
        }
      } finally {
        await server.close()
        await booted.shutdown()
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },
}
