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
import type { Checkpoint, ModelRecord } from '../library/models'
import type { Library } from '../library/open-library'
import { artifactsToWeights, type LayersModelJson } from '../engine/layers-read'
import { ensureDefaultModel } from '../model/default-model'
import { BarIndex } from '../model/novelty/bar-index'
import { corpusFolderIndex } from '../model/novelty/corpus-index'
import { chooseStepper } from '../model/sampling/engine-choice'
import { continueTune, generateFromHeader, type Generated, type GenerationSettings } from '../model/sampling/generation'
import { samplingModel, type PooledSamplingModel } from '../model/sampling/sampling-model'
import { Vocab } from '../model/vocab'
import { evaluateTunes } from './evaluation'
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
  checkpointId: number
  sampling: PooledSamplingModel
  /** Built on first use (some 23,000 bars, about a second): evaluation never needs it. */
  readonly novelty: Promise<BarIndex>
}

const KEEP_LOADED = 2

export function createModelService(deps: ModelServiceDeps): ModelService {
  const models = new LoadedModels(deps)
  const generation: GenerationDeps = { events: deps.events, check: deps.check ?? checkTune, load: (modelId) => models.load(modelId) }
  return {
    generate: (input) => runGeneration(generation, input, (g, settings) => generateFromHeader(g, input, settings)),
    continue: (input) => runGeneration(generation, input, (g, settings) => continueTune(g, input.prompt, input.stop, settings)),
    evaluate: (input) => evaluateTunes(input, (modelId) => models.load(modelId)),
    samplingFor: (modelId) => models.load(modelId),
    async warmUp() {
      try {
        const model = await models.load(undefined)
        await model.novelty
      } catch {
        // No default model (or a broken one): the first request reports it properly.
      }
    },
    dispose: () => models.dispose(),
  }
}

/** The models loaded for sampling, by checkpoint id, most recently used last; at most KEEP_LOADED. */
class LoadedModels {
  private readonly loaded = new Map<number, Promise<LoadedModel>>()
  private readonly corpusIndexes = new Map<number, Promise<BarIndex>>()
  private readonly bundledDir: string
  /** The shipped model is put into the library once per service (it hashes the weight files). */
  private shippedEnsured: Promise<unknown> | null = null

  constructor(private readonly deps: ModelServiceDeps) {
    this.bundledDir = deps.bundledCorpusDir ?? path.join(deps.resourcesDir, 'corpus', 'nottingham')
  }

  async load(modelId: number | undefined): Promise<LoadedModel> {
    const { library } = this.deps
    const record = modelId === undefined ? await this.defaultRecord() : library.models.get(modelId)
    if (!record) {
      throw modelId === undefined
        ? new ApiError('unavailable', 'There is no default model yet: resources/models/default is missing and no library model is marked default')
        : new ApiError('not-found', `No model with id ${modelId}`)
    }
    const checkpoint = library.models.loadCheckpointForSampling(record.id)
    if (!checkpoint) throw new ApiError('not-found', `Model "${record.name}" has no checkpoint to sample from yet`)
    const cached = this.loaded.get(checkpoint.id)
    if (cached) {
      this.loaded.delete(checkpoint.id)
      this.loaded.set(checkpoint.id, cached)
      return cached
    }
    const promise = this.open(record, checkpoint)
    this.loaded.set(checkpoint.id, promise)
    promise.catch(() => this.loaded.delete(checkpoint.id))
    while (this.loaded.size > KEEP_LOADED) {
      const [oldest, old] = this.loaded.entries().next().value as [number, Promise<LoadedModel>]
      this.loaded.delete(oldest)
      void old.then((m) => m.sampling.dispose(), () => undefined)
    }
    return promise
  }

  dispose(): void {
    for (const m of this.loaded.values()) void m.then((x) => x.sampling.dispose(), () => undefined)
    this.loaded.clear()
  }

  private async open(record: ModelRecord, checkpoint: Checkpoint): Promise<LoadedModel> {
    const weights = await artifactsToWeights({ modelJson: JSON.parse(checkpoint.modelJson) as LayersModelJson, weightData: checkpoint.weights })
    const vocab = Vocab.fromJson({ idx_to_char: record.vocab })
    const { factory, engine } = chooseStepper(this.deps.engine, this.deps.addonPath)
    let novelty: Promise<BarIndex> | null = null
    const index = (): Promise<BarIndex> => (novelty ??= this.corpusIndex(record.id, record.source))
    return {
      id: record.id,
      name: record.name,
      checkpointId: checkpoint.id,
      sampling: samplingModel(weights, vocab, factory, engine),
      get novelty() {
        return index()
      },
    }
  }

  private async defaultRecord(): Promise<ModelRecord | null> {
    const { library, resourcesDir } = this.deps
    this.shippedEnsured ??= ensureDefaultModel(library, resourcesDir).catch((err: unknown) => {
      this.shippedEnsured = null
      throw err
    })
    await this.shippedEnsured
    // The user may have made another model the default since.
    return library.models.getDefault()
  }

  private corpusIndex(modelId: number, source: string): Promise<BarIndex> {
    const { library } = this.deps
    const corpusId = source === 'bundled' ? null : library.trainingRuns.list(modelId).find((r) => r.corpusId !== null)?.corpusId ?? null
    if (corpusId === null) return corpusFolderIndex(this.bundledDir)
    let index = this.corpusIndexes.get(corpusId)
    if (!index) {
      const tunes = library.tunes.corpusText(corpusId).map((t) => ({ id: `tune ${t.id}`, title: readHeaders(t.abc).title, text: t.abc }))
      index = Promise.resolve(BarIndex.build(tunes))
      this.corpusIndexes.set(corpusId, index)
    }
    return index
  }
}

interface GenerationDeps {
  events: EventBus
  check: (abc: string) => CheckResult | Promise<CheckResult>
  load(modelId: number | undefined): Promise<LoadedModel>
}

/** One generate or continue call: loads the model, samples with the request's settings, times it. */
async function runGeneration(
  deps: GenerationDeps,
  input: GenerationSettingsInput,
  generate: (deps: Parameters<typeof continueTune>[0], settings: GenerationSettings) => Promise<Generated>,
): Promise<GenerationResult> {
  const started = performance.now()
  const requestId = input.requestId ?? randomUUID()
  const seed = input.seed ?? randomInt(0, 2 ** 32 - 1)
  const model = await deps.load(input.modelId)
  const { n, temperature, topK, topP, maxLength, meterAware, stayInKey, formAware, partBars } = input
  const settings: GenerationSettings = { n, temperature, topK, topP, seed, maxLength, meterAware, stayInKey, formAware, partBars }
  let generated: Generated
  try {
    generated = await generate(
      {
        model: model.sampling,
        check: deps.check,
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

type GenerationSettingsInput = Omit<GenerationSettings, 'seed'> & { seed?: number; modelId?: number; requestId?: string }
