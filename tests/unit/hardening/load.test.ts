/**
 * Load in web mode: a real server over a temp library with a small real model. 20 concurrent
 * `model.continue` requests must each answer what the same request answers alone (same seed →
 * same text: no cross-talk between requests sharing the loaded model), and so must they while a
 * training run is in progress in the same process.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CorpusSummary } from '../../../src-shared/contract'
import type { GenerationResult } from '../../../src-shared/contract/model'
import type { TrainingProgress, TrainingStatusInfo } from '../../../src-shared/contract/training'
import { call } from '../main/web/http-helpers'
import { startWebFixture, type WebFixture } from '../main/web/web-fixture'
import { storeSeededModel } from './helpers'

let fx: WebFixture
let modelId: number

beforeAll(async () => {
  fx = await startWebFixture()
  modelId = await storeSeededModel(path.join(fx.dir, 'library.sqlite'))
})
afterAll(async () => {
  await fx?.close()
})

const PROMPT = 'X:1\nT:Load Test Jig\nM:6/8\nL:1/8\nR:jig\nK:G\n|:GAB c2e|dcB A2G|'
const CONCURRENT = 20

async function post<T>(channel: string, input: unknown): Promise<T> {
  const res = await call(fx.url, fx.token, channel, input)
  expect(res.status, res.body.slice(0, 300)).toBe(200)
  return JSON.parse(res.body) as T
}

const request = (seed: number): Record<string, unknown> => ({ prompt: PROMPT, n: 3, maxLength: 120, seed, modelId, requestId: `load-${seed}` })

/** 20 requests at once; each is compared with the same request made alone. */
async function concurrentRound(seedBase: number): Promise<void> {
  const seeds = Array.from({ length: CONCURRENT }, (_, i) => seedBase + i)
  const together = await Promise.all(seeds.map((s) => post<GenerationResult>('model.continue', request(s))))
  for (const [i, r] of together.entries()) {
    expect(r.requestId).toBe(`load-${seeds[i]}`)
    expect(r.seed).toBe(seeds[i])
    expect(r.variations).toHaveLength(3)
    for (const v of r.variations) {
      expect(v.fullTune).toBe(r.prompt + v.text)
      expect(v.text.length).toBeGreaterThan(0)
      expect(v.text.length).toBeLessThanOrEqual(120)
    }
  }
  // Alone, a few of them (every fifth): the very same variations.
  for (let i = 0; i < CONCURRENT; i += 5) {
    const alone = await post<GenerationResult>('model.continue', request(seeds[i]))
    expect(together[i].variations.map((v) => v.text), `seed ${seeds[i]}`).toEqual(alone.variations.map((v) => v.text))
  }
  // Different seeds gave different music (the requests did not all get one answer).
  expect(new Set(together.map((r) => r.variations[0].text)).size).toBeGreaterThan(CONCURRENT / 2)
}

describe('load in web mode', () => {
  it(`answers ${CONCURRENT} concurrent model.continue requests correctly`, async () => {
    await concurrentRound(1000)
  }, 120_000)

  it('keeps answering model.continue correctly while a training run is in progress', async () => {
    const progress: TrainingProgress[] = []
    const stop = fx.booted.events.listen((name, payload) => {
      if (name === 'training.progress') progress.push(payload as TrainingProgress)
    })
    try {
      const [corpus] = await post<CorpusSummary[]>('library.listCorpora', {})
      await post('training.start', { corpusId: corpus.id, modelName: 'load test run', sizes: { embedding: 16, units: [32] }, epochs: 1000, patience: 100, batch: 4, seqLen: 32, checkpointEvery: 20 })
      // Wait until the run is really training (its first progress event), not still preparing.
      await expect.poll(() => progress.length, { timeout: 60_000 }).toBeGreaterThan(0)
      expect((await post<TrainingStatusInfo>('training.status', {})).state).toBe('running')
      const stepsBefore = progress.length
      await concurrentRound(2000)
      const during = await post<TrainingStatusInfo>('training.status', {})
      expect(during.state).toBe('running')
      // Training went on while the requests were served.
      expect(progress.length).toBeGreaterThan(stepsBefore)
    } finally {
      await fx.booted.router.dispatch('training.stop', {})
      // The run has ended (its last checkpoint written) once the status is idle again.
      while ((await post<TrainingStatusInfo>('training.status', {})).state !== 'idle') await new Promise((r) => setTimeout(r, 50))
      stop()
    }
  }, 180_000)
})
