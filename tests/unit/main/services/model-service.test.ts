/**
 * The model domain end to end: real boot (real SQLite library in a temp dir, bundled corpus
 * imported), a real model checkpoint in the library, calls through the router as the UI makes
 * them, streamed chunks on the event bus.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GenerationResult } from '../../../../src-shared/contract/model'
import { ApiError } from '../../../../src-shared/contract/errors'
import { bootServices, type Booted } from '../../../../src-main/services/boot'
import { corpusTunes, storeSeededModel } from '../model/sampling/helpers'

const RESOURCES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../resources')

describe('model service', () => {
  let dir: string
  let booted: Booted
  let modelId: number

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-model-'))
    const libraryPath = path.join(dir, 'library.sqlite')
    booted = await bootServices({ libraryPath, resourcesDir: RESOURCES, shell: 'web' })
    // A second connection writes a model the way training does: a Layers-format checkpoint.
    modelId = await storeSeededModel(libraryPath)
  })

  afterAll(async () => {
    await booted?.shutdown()
    rmSync(dir, { recursive: true, force: true })
  })

  const call = (channel: string, input: unknown): Promise<GenerationResult> => booted.router.dispatch(channel, input) as Promise<GenerationResult>
  const failure = async (channel: string, input: unknown): Promise<ApiError> => {
    const err = await booted.router.dispatch(channel, input).then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    return err as ApiError
  }

  it('generates from a header: a well-formed prompt, checked, with a novelty report, reproducible', async () => {
    const input = { title: 'Test Jig', meter: '6/8', key: 'G', unitLength: '1/8', rhythm: 'jig', n: 2, seed: 5, maxLength: 80, modelId }
    const r = await call('model.generate', input)
    expect(r.prompt).toBe('X: 1\nT:Test Jig\nM:6/8\nL:1/8\nR:jig\nK:G\n')
    expect(r.seed).toBe(5)
    expect(r.model).toMatchObject({ id: modelId, name: 'seeded test model' })
    expect(r.variations).toHaveLength(2)
    for (const v of r.variations) {
      expect(v.fullTune).toBe(r.prompt + v.text)
      expect(v.text.length).toBeLessThanOrEqual(80)
      expect(Array.isArray(v.diagnostics)).toBe(true)
      expect(v.bars.checked).toBeGreaterThanOrEqual(v.bars.wrong)
      expect(v.novelty.corpusTunes).toBe(1034)
      expect(['end-of-tune', 'max-length']).toContain(v.stoppedBy)
    }
    const again = await call('model.generate', input)
    expect(again.variations.map((v) => v.text)).toEqual(r.variations.map((v) => v.text))
  })

  it('streams each variation as generationChunk events tagged with the request id', async () => {
    const chunks = new Map<number, string>()
    const stop = booted.events.listen((name, payload) => {
      const p = payload as { requestId: string; variation: number; text: string; restart?: boolean }
      // A restart chunk replaces the streamed candidate with the chosen one.
      if (name === 'model.generationChunk' && p.requestId === 'req-1') chunks.set(p.variation, (p.restart ? '' : chunks.get(p.variation) ?? '') + p.text)
    })
    const r = await call('model.generate', { meter: '4/4', key: 'D', n: 3, seed: 9, maxLength: 120, modelId, requestId: 'req-1' })
    stop()
    expect(r.requestId).toBe('req-1')
    expect([...chunks.keys()].sort()).toEqual([0, 1, 2])
    r.variations.forEach((v) => expect(chunks.get(v.index)).toBe(v.text))
  })

  it('continues the last tune of a text and reports characters the model lacks', async () => {
    const [first, second] = corpusTunes('hpps.abc')
    const partial = second.slice(0, 200)
    const r = await call('model.continue', { prompt: `${first}\n\n${partial.replace('T:', 'T:{é}')}`, n: 1, seed: 3, maxLength: 40, modelId, stop: { bars: 2 } })
    // The musician's text comes back as written; only the model's view of it is conformed.
    expect(r.prompt).toBe(partial.replace('T:', 'T:{é}'))
    expect(r.mapping.modelPrompt).toBe(partial.replace('T:', 'T:e'))
    expect(r.mapping).toMatchObject({ asWritten: false, summary: "characters the model lacks: mapped 'é'→'e' ×1; dropped '{' ×1, '}' ×1" })
    expect(r.unknownChars.mapped).toEqual([{ from: 'é', to: 'e', count: 1 }])
    expect(r.unknownChars.dropped.map((c) => c.from).sort()).toEqual(['{', '}'])
    expect(r.variations[0].fullTune.startsWith(r.prompt)).toBe(true)
  })

  it('rejects bad input with clear messages and codes', async () => {
    expect((await failure('model.generate', { meter: '6/8', key: 'G', temperature: 0 })).message).toMatch(/temperature must be above 0/)
    expect((await failure('model.generate', { meter: '6/8', key: 'G', n: 1e6 })).message).toMatch(/n must be at most 16/)
    expect((await failure('model.generate', { meter: '6/8', key: 'G', maxLength: 4001 })).message).toMatch(/maxLength must be at most 4000/)
    expect((await failure('model.generate', { meter: '6/8\nK:C', key: 'G' })).message).toMatch(/M: \(meter\) must be one line/)
    expect((await failure('model.generate', { meter: 'waltz', key: 'G' })).message).toMatch(/M: must be a meter/)
    expect((await failure('model.generate', { meter: '3/4', key: 'H' })).message).toMatch(/K: must be a key/)
    const huge = await failure('model.continue', { prompt: 'A'.repeat(10 * 1024 * 1024) })
    expect(huge.code).toBe('invalid-input')
    expect(huge.message).toMatch(/longer than 20,000 characters/)
    expect((await failure('model.continue', { prompt: '  \n ' })).message).toMatch(/prompt is empty/)
    // No K: line, or no ABC at all: refused in words (the model used to write a new tune and call it a continuation).
    for (const prompt of ['abc def|gfe dcB|', 'Dear diary, today I wrote a tune.', 'X:1\nT:Half a header\nM:6/8\n']) {
      const none = await failure('model.continue', { prompt, modelId, n: 1, maxLength: 20 })
      expect(none.code, prompt).toBe('invalid-input')
      expect(none.message, prompt).toMatch(/^There is no tune here to continue: a tune starts with its header, which ends with a K: line/)
    }
    expect((await failure('model.continue', { prompt: 'X:1', stop: { bars: 0 } })).code).toBe('invalid-input')
    const missing = await failure('model.generate', { meter: '6/8', key: 'G', modelId: 9999 })
    expect(missing.code).toBe('not-found')
    const topK = await failure('model.generate', { meter: '6/8', key: 'G', topK: 500, modelId })
    expect(topK).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/vocabulary size \(88\)/) })
  })
})

describe('model service warm-up', () => {
  it('loads the shipped default model ahead of requests, and is quiet without one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-warm-'))
    try {
      const warm = await bootServices({ libraryPath: path.join(dir, 'warm.sqlite'), resourcesDir: RESOURCES, shell: 'web' })
      await expect(warm.warmUp()).resolves.toBeUndefined()
      const r = (await warm.router.dispatch('model.generate', { meter: '6/8', key: 'G', n: 1, seed: 3, maxLength: 60 })) as GenerationResult
      expect(r.model.id).toBe('default')
      expect(r.variations[0].text.length).toBeGreaterThan(0)
      await warm.shutdown()

      // A resources folder with no model: warm-up resolves; the request itself says what is missing.
      const empty = path.join(dir, 'resources')
      cpSync(path.join(RESOURCES, 'corpus'), path.join(empty, 'corpus'), { recursive: true })
      const bare = await bootServices({ libraryPath: path.join(dir, 'bare.sqlite'), resourcesDir: empty, shell: 'web' })
      await expect(bare.warmUp()).resolves.toBeUndefined()
      const err = await bare.router.dispatch('model.generate', { meter: '6/8', key: 'G' }).then(() => null, (e: unknown) => e)
      expect(err).toBeInstanceOf(ApiError)
      await bare.shutdown()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
