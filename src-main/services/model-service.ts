/**
 * The model domain: generate tunes from a header and continue tunes. Loads the model a request
 * names (a library model's best checkpoint, or the shipped default model), keeps the two most
 * recently used loaded with their steppers pooled, streams each variation's text as
 * `generationChunk` events, and returns every variation checked and with its novelty report.
 */
import { randomInt, randomUUID } from 'node:crypto'
import path from 'node:path'
import { ApiError } from '../../src-shared/contract/errors'
import type { HandlersOf } from '../../src-shared/contract/channel'
import type { CheckResult } from '../../src-shared/contract/abc'
import type { GenerationResult, modelChannels } from '../../src-shared/contract/model'
import { checkTune } from '../../src-shared/abc/check'
import { readHeaders } from '../../src-shared/abc/headers'
import type { ModelRecord } from '../library/models'
import type { Library } from '../library/open-library'
import { artifactsToWeights, type LayersModelJson } from '../engine/layers-format'
import { ensureDefaultModel } from '../model/default-model'
import { BarIndex } from '../model/novelty/bar-index'
import { corpusFolderIndex } from '../model/novelty/corpus-index'
import { chooseStepper } from '../model/sampling/engine-choice'
import { continueTune, generateFromHeader, type Generated, type GenerationSettings } from '../model/sampling/generation'
import { samplingModel, type PooledSamplingModel } from '../model/sampling/sampling-model'
import { Vocab } from '../model/vocab'
import type { EventBus } from './event-bus'

export interface ModelServiceDeps {
  library: Library
  events: EventBus
  resourcesDir: string
  /** The bundled Nottingham folder (the shipped model's training corpus); default: under resourcesDir. */
  bundledCorpusDir?: string
  /** The ABC checker; default: checkTune (abcjs warnings + bar-length check). */
  check?: (abc: string) => CheckResult | Promise<CheckResult>
  /** 'js' forces the plain-JS stepper (tests); default: native when it loads. */
  engine?: 'best' | 'js'
  /** The native addon file when the shell knows it (Electron); omitted = the source tree's. */
  addonPath?: string
}

export type ModelService = HandlersOf<typeof modelChannels> & {
  /**
   * Loads the default model and its corpus index ahead of the first request, so the musician's
   * first Continue does not pay for reading 7.6 MB of weights and indexing 23,000 bars.
   * Never throws: without a default model there is nothing to warm.
   */
  warmUp(): Promise<void>
  /** A model ready to sample (the default one when `modelId` is omitted), for the other model-driven services. */
  samplingFor(modelId: number | undefined): Promise<{ name: string; sampling: PooledSamplingModel }>
  dispose(): void
}

interface LoadedModel {
  id: number
  name: string
  sampling: PooledSamplingModel
  novelty: Promise<BarIndex>
}

const KEEP_LOADED = 2

export function createModelService(deps: ModelServiceDeps): ModelService {
  const { library } = deps
  const bundledDir = deps.bundledCorpusDir ?? path.join(deps.resourcesDir, 'corpus', 'nottingham')
  const check = deps.check ?? checkTune
  /** Loaded models by checkpoint id, most recently used last. */
  const loaded = new Map<number, Promise<LoadedModel>>()
  const corpusIndexes = new Map<number, Promise<BarIndex>>()

  const corpusIndex = (modelId: number, source: string): Promise<BarIndex> => {
    const corpusId = source === 'bundled' ? null : library.trainingRuns.list(modelId).find((r) => r.corpusId !== null)?.corpusId ?? null
    if (corpusId === null) return corpusFolderIndex(bundledDir)
    let index = corpusIndexes.get(corpusId)
    if (!index) {
      const tunes = library.tunes.corpusText(corpusId).map((t) => ({ id: `tune ${t.id}`, title: readHeaders(t.abc).title, text: t.abc }))
      index = Promise.resolve(BarIndex.build(tunes))
      corpusIndexes.set(corpusId, index)
    }
    return index
  }

  /** The shipped model is put into the library once per service (it hashes the weight files). */
  let shippedEnsured: Promise<unknown> | null = null
  const defaultRecord = async (): Promise<ModelRecord | null> => {
    shippedEnsured ??= ensureDefaultModel(library, deps.resourcesDir).catch((err: unknown) => {
      shippedEnsured = null
      throw err
    })
    await shippedEnsured
    // The user may have made another model the default since.
    return library.models.getDefault()
  }

  const load = async (modelId: number | undefined): Promise<LoadedModel> => {
    const record = modelId === undefined ? await defaultRecord() : library.models.get(modelId)
    if (!record) {
      throw modelId === undefined
        ? new ApiError('unavailable', 'There is no default model yet: resources/models/default is missing and no library model is marked default')
        : new ApiError('not-found', `No model with id ${modelId}`)
    }
    const checkpoint = library.models.loadCheckpointForSampling(record.id)
    if (!checkpoint) throw new ApiError('not-found', `Model "${record.name}" has no checkpoint to sample from yet`)
    const cached = loaded.get(checkpoint.id)
    if (cached) {
      loaded.delete(checkpoint.id)
      loaded.set(checkpoint.id, cached)
      return cached
    }
    const promise = (async (): Promise<LoadedModel> => {
      const weights = await artifactsToWeights({ modelJson: JSON.parse(checkpoint.modelJson) as LayersModelJson, weightData: checkpoint.weights })
      const vocab = Vocab.fromJson({ idx_to_char: record.vocab })
      const { factory, engine } = chooseStepper(deps.engine, deps.addonPath)
      return { id: record.id, name: record.name, sampling: samplingModel(weights, vocab, factory, engine), novelty: corpusIndex(record.id, record.source) }
    })()
    loaded.set(checkpoint.id, promise)
    promise.catch(() => loaded.delete(checkpoint.id))
    while (loaded.size > KEEP_LOADED) {
      const [oldest, old] = loaded.entries().next().value as [number, Promise<LoadedModel>]
      loaded.delete(oldest)
      void old.then((m) => m.sampling.dispose(), () => undefined)
    }
    return promise
  }

  const run = async (
    input: GenerationSettingsInput,
    generate: (deps: Parameters<typeof continueTune>[0], settings: GenerationSettings) => Promise<Generated>,
  ): Promise<GenerationResult> => {
    const started = performance.now()
    const requestId = input.requestId ?? randomUUID()
    const seed = input.seed ?? randomInt(0, 2 ** 32 - 1)
    const model = await load(input.modelId)
    const settings: GenerationSettings = {
      n: input.n,
      temperature: input.temperature,
      topK: input.topK,
      topP: input.topP,
      seed,
      maxLength: input.maxLength,
      meterAware: input.meterAware,
      stayInKey: input.stayInKey,
      formAware: input.formAware,
      partBars: input.partBars,
    }
    let generated: Generated
    try {
      generated = await generate(
        {
          model: model.sampling,
          check,
          novelty: await model.novelty.catch(() => null),
          onChunk: (variation, text, restart) => deps.events.emit('generationChunk', { requestId, variation, text, ...(restart ? { restart } : {}) }),
        },
        settings,
      )
    } catch (err) {
      if (err instanceof RangeError) throw new ApiError('invalid-input', err.message)
      throw err
    }
    return {
      requestId,
      model: { id: input.modelId ?? 'default', name: model.name, engine: model.sampling.engine },
      seed,
      prompt: generated.prompt,
      unknownChars: generated.unknownChars,
      mapping: generated.mapping,
      variations: generated.variations,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    }
  }

  return {
    generate: (input) => run(input, (g, settings) => generateFromHeader(g, input, settings)),
    continue: (input) => run(input, (g, settings) => continueTune(g, input.prompt, input.stop, settings)),
    samplingFor: (modelId) => load(modelId),
    async warmUp() {
      try {
        const model = await load(undefined)
        await model.novelty
      } catch {
        // No default model (or a broken one): the first request reports it properly.
      }
    },
    dispose() {
      for (const m of loaded.values()) void m.then((x) => x.sampling.dispose(), () => undefined)
      loaded.clear()
    },
  }
}

type GenerationSettingsInput = Omit<GenerationSettings, 'seed'> & { seed?: number; modelId?: number; requestId?: string }
