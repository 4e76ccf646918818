import path from 'node:path'
import os from 'node:os'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { loadEngine } from '../../../../src-main/engine/load-engine'
import { initWeights } from '../../../../src-main/engine/init-weights'
import { addonCandidates, defaultThreads } from '../../../../src-main/engine/native-engine'

const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-engine-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const saved = process.env.TUNESMITH_ENGINE
afterEach(() => {
  if (saved === undefined) delete process.env.TUNESMITH_ENGINE
  else process.env.TUNESMITH_ENGINE = saved
})

const weights = initWeights({ vocabSize: 20, embeddingDim: 8, lstmUnits: [12] }, 1)
const options = { batchSize: 2, seqLen: 4, dropout: 0, learningRate: 0.01, clipNorm: 1, seed: 1 }

describe('loadEngine', () => {
  it('prefers the native engine and says which BLAS runs', async () => {
    delete process.env.TUNESMITH_ENGINE
    const engine = await loadEngine()
    expect(engine.kind).toBe('native')
    expect(engine.describe()).toMatch(/native.*(OpenBLAS|CBLAS)/)
    // The count trainers use unless told otherwise, before any trainer exists (OpenBLAS's own
    // default is every CPU, which a training run used to announce).
    const threads = defaultThreads()
    expect(engine.describe()).toContain(`, ${threads} BLAS thread${threads === 1 ? '' : 's'}`)
    expect(engine.createStepper(weights, 2).kind).toBe('native')
  })

  it('falls back to tfjs training + JS sampling when the addon cannot load, and says why', async () => {
    delete process.env.TUNESMITH_ENGINE
    const bogus = path.join(dir, 'tunesmith_engine.node')
    writeFileSync(bogus, 'not a shared object')
    const engine = await loadEngine(undefined, { addonPath: bogus })
    expect(engine.kind).toMatch(/^tfjs-/)
    expect(engine.describe()).toContain('native engine not available')
    expect(engine.createStepper(weights, 1).kind).toBe('js')
    const trainer = engine.createTrainer(weights, options)
    const inputs = Int32Array.from({ length: 8 }, (_, i) => i)
    expect(Number.isFinite(trainer.trainStep(inputs, inputs))).toBe(true)
    trainer.dispose()
  })

  it('honours the TUNESMITH_ENGINE override and rejects unknown values', async () => {
    process.env.TUNESMITH_ENGINE = 'js'
    expect((await loadEngine()).kind).toBe('js')
    process.env.TUNESMITH_ENGINE = 'tfjs'
    expect((await loadEngine()).kind).toMatch(/^tfjs-/)
    process.env.TUNESMITH_ENGINE = 'gpu'
    await expect(loadEngine()).rejects.toThrow(/TUNESMITH_ENGINE must be one of/)
    delete process.env.TUNESMITH_ENGINE
    await expect(loadEngine('native', { addonPath: path.join(dir, 'missing.node') })).rejects.toThrow(/native engine not available.*missing/)
  })

  it('the addon trains in a worker thread (as the training loop runs it)', async () => {
    const addonPath = addonCandidates().find((p) => existsSync(p))
    expect(addonPath).toBeDefined()
    const code = `
      const { parentPort, workerData } = require('node:worker_threads')
      const addon = require(workerData.addonPath)
      const cfg = { vocabSize: 20, embeddingDim: 8, lstmUnits: [12], batchSize: 2, seqLen: 4, dropout: 0, learningRate: 0.01, clipNorm: 1, seed: 1 }
      const t = new addon.Trainer(cfg, workerData.params)
      const x = Int32Array.from({ length: 8 }, (_, i) => i)
      parentPort.postMessage([t.trainStep(x, x), t.trainStep(x, x)])`
    const { flattenWeights } = await import('../../../../src-main/engine/flat-weights')
    const worker = new Worker(code, { eval: true, workerData: { addonPath, params: flattenWeights(weights) } })
    const losses = await new Promise<number[]>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    await worker.terminate()
    expect(losses[1]).toBeLessThan(losses[0])
  })
})
