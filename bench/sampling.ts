/**
 * Section 'sampling': how fast the sampler writes, and what it writes with the default model.
 * - speed: chars/s of the fast path (batched stepper: native when built, and plain JS) for 1 and
 *   3 variations, against tfjs `model.predict` one character at a time (stateful, cpu backend);
 * - quality, with resources/models/default: tunes generated from headers with fixed seeds and
 *   default settings — share with no abcjs warning, share whose bars are all the right length,
 *   share ending at a tune's end, longest run of bars copied from the corpus (median, max);
 * - metre-aware on vs off: bar correctness and mean bits/char of the chosen characters;
 * - continue latency: 3 variations of 400 characters from a 300-character prompt.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { checkTune } from '../src-shared/abc/check'
import { RhythmTracker } from '../src-shared/abc/rhythm-tracker'
import { splitTunes } from '../src-shared/abc/split'
import { initWeights } from '../src-main/engine/init-weights'
import { createJsStepper } from '../src-main/engine/js-stepper'
import { weightsToModel } from '../src-main/engine/layers-format'
import { readShippedModel, shippedWeights } from '../src-main/model/default-model'
import { BarIndex } from '../src-main/model/novelty/bar-index'
import { corpusFolderIndex, readCorpusFolder } from '../src-main/model/novelty/corpus-index'
import { noveltyReport } from '../src-main/model/novelty/novelty'
import { chooseStepper } from '../src-main/model/sampling/engine-choice'
import { generateFromHeader, continueTune, type GenerationSettings } from '../src-main/model/sampling/generation'
import { sample } from '../src-main/model/sampling/sampler'
import { samplingModel } from '../src-main/model/sampling/sampling-model'
import { Vocab } from '../src-main/model/vocab'
import { SEED_SHAPE, type CharLstmWeights } from '../src-main/engine/weights'
import { GenerateInput } from '../src-shared/contract/model'
import type { BenchContext, BenchSection, JsonValue } from './section'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** TUNESMITH_BENCH_RESOURCES: another resources/ folder (models/default inside), to measure another model. */
const RESOURCES = process.env.TUNESMITH_BENCH_RESOURCES ?? path.join(ROOT, 'resources')
const CORPUS = path.join(ROOT, 'resources', 'corpus', 'nottingham')

/** Headers in proportion to the corpus's meters and keys (4/4 and 6/8 in G and D dominate). */
const HEADERS = [
  { meter: '6/8', key: 'G' },
  { meter: '4/4', key: 'D' },
  { meter: '4/4', key: 'G' },
  { meter: '6/8', key: 'D' },
  { meter: '4/4', key: 'A' },
  { meter: '3/4', key: 'G' },
  { meter: '6/8', key: 'A' },
  { meter: '2/4', key: 'D' },
  { meter: '4/4', key: 'G', unitLength: '1/8', rhythm: 'Hornpipe' },
  { meter: '4/4', key: 'Em' },
]

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** Characters per second of the batched sampler (all variations together), never stopping early. */
function samplerSpeed(weights: CharLstmWeights, vocab: Vocab, factory: Parameters<typeof samplingModel>[2], n: number, chars: number, prompt: string): number {
  const model = samplingModel(weights, vocab, factory)
  sample(model, prompt, { n, seed: 1, temperature: 1, topK: 0, topP: 1, maxLength: 20, stop: { bars: 1e6 } })
  const started = performance.now()
  const r = sample(model, prompt, { n, seed: 2, temperature: 1, topK: 0, topP: 1, maxLength: chars, stop: { bars: 1e6 } })
  const seconds = (performance.now() - started) / 1000
  model.dispose()
  return r.variations.reduce((sum, v) => sum + v.text.length, 0) / seconds
}

/** Stateful tfjs model.predict, one character per call: the tutorials' way of sampling. */
async function tfjsSpeed(weights: CharLstmWeights, chars: number): Promise<number> {
  await tf.setBackend('cpu')
  const model = weightsToModel(weights, { batchSize: 1, seqLen: 1 })
  let token = 0
  const step = (): void => {
    const probs = tf.tidy(() => (model.predict(tf.tensor2d([token], [1, 1], 'int32')) as tf.Tensor).dataSync())
    token = probs.indexOf(Math.max(...probs))
  }
  for (let i = 0; i < 5; i++) step()
  const started = performance.now()
  for (let i = 0; i < chars; i++) step()
  const seconds = (performance.now() - started) / 1000
  model.dispose()
  return chars / seconds
}

/** Chars/s of the fast path for 1 and 3 variations, of plain JS when that is not the fast path, and of tfjs predict. */
async function speedRuns(ctx: BenchContext, weights: CharLstmWeights, vocab: Vocab, fast: ReturnType<typeof chooseStepper>, prompt: string): Promise<Record<string, JsonValue>> {
  const chars = ctx.quick ? 150 : 400
  ctx.log(`sampling speed (${fast.engine})...`)
  const speed: Record<string, JsonValue> = {
    fast1: round(samplerSpeed(weights, vocab, fast.factory, 1, chars, prompt)),
    fast3: round(samplerSpeed(weights, vocab, fast.factory, 3, chars, prompt)),
  }
  if (fast.engine !== 'plain JS') {
    const jsChars = ctx.quick ? 40 : chars
    speed.js1 = round(samplerSpeed(weights, vocab, createJsStepper, 1, jsChars, prompt.slice(0, 50)))
    speed.js3 = round(samplerSpeed(weights, vocab, createJsStepper, 3, jsChars, prompt.slice(0, 50)))
  }
  ctx.log('tfjs predict per character...')
  speed.tfjsPredictCpu1 = round(await tfjsSpeed(weights, ctx.quick ? 20 : 100))
  return speed
}

/** Building the corpus's bar index, and one novelty lookup (mean over 200 corpus tunes). */
function noveltyTimes(corpusTunes: Awaited<ReturnType<typeof readCorpusFolder>>): JsonValue {
  let started = performance.now()
  const built = BarIndex.build(corpusTunes)
  const buildMs = performance.now() - started
  started = performance.now()
  for (const t of corpusTunes.slice(0, 200)) noveltyReport(built, t.text)
  return { corpusTunes: built.tuneCount, bars: built.barCount, buildMs: Math.round(buildMs), lookupMicroseconds: Math.round(((performance.now() - started) / 200) * 1000) }
}

type GenerationDeps = Parameters<typeof generateFromHeader>[0]
type SettingsFor = (seed: number, meterAware: boolean, stayInKey?: boolean) => GenerationSettings

/** `tunes` tunes from the HEADERS with seeds 1000.., scored as the file's comment says. */
async function quality(deps: GenerationDeps, settings: SettingsFor, tunes: number, meterAware: boolean, stayInKey = false): Promise<Record<string, JsonValue>> {
  let clean = 0
  let barsRight = 0
  let ended = 0
  let bits = 0
  let charsWritten = 0
  let widened = 0
  let fallbacks = 0
  let outOfKey = 0
  const copied: number[] = []
  for (let i = 0; i < tunes; i++) {
    const header = HEADERS[i % HEADERS.length]
    const r = await generateFromHeader(deps, header, settings(1000 + i, meterAware, stayInKey))
    const v = r.variations[0]
    outOfKey += outOfKeyNotes(r.prompt, v.text)
    if (!v.diagnostics.some((d) => d.source === 'abcjs')) clean++
    if (v.bars.wrong === 0) barsRight++
    if (v.stoppedBy === 'end-of-tune') ended++
    bits += v.stats.meanBitsPerChar * v.stats.chars
    charsWritten += v.stats.chars
    copied.push(v.novelty.longestCopiedBars)
    widened += v.stats.maskWidened
    fallbacks += v.stats.maskFallbacks
    // Sanity: the tune the checker judged is one tune.
    if (splitTunes(v.fullTune).tunes.length !== 1) throw new Error(`variation ${i} is not one tune`)
  }
  return {
    tunes,
    noAbcjsWarning: round(clean / tunes, 3),
    allBarsRight: round(barsRight / tunes, 3),
    endedAtTuneEnd: round(ended / tunes, 3),
    longestCopiedBars: { median: median(copied), max: Math.max(...copied) },
    meanBitsPerChosenChar: round(bits / Math.max(1, charsWritten), 3),
    meanChars: Math.round(charsWritten / tunes),
    maskWidenedStepsPerTune: round(widened / tunes, 2),
    maskFallbackStepsPerTune: round(fallbacks / tunes, 2),
    outOfKeyCharsPerTune: round(outOfKey / tunes, 2),
  }
}

async function run(ctx: BenchContext): Promise<JsonValue> {
  const shipped = await readShippedModel(RESOURCES)
  const vocab = shipped?.vocab ?? Vocab.fromTexts((await readCorpusFolder(CORPUS)).map((t) => t.text))
  const weights = shipped ? await shippedWeights(shipped) : initWeights({ vocabSize: vocab.size, ...SEED_SHAPE }, 1)
  const corpusTune = (await readCorpusFolder(CORPUS)).map((t) => t.text).find((t) => t.length > 700)!
  const prompt300 = corpusTune.slice(0, 300)
  const fast = chooseStepper()
  const out: Record<string, JsonValue> = {
    model: shipped ? `resources/models/default (${weights.layers.map((l) => l.units).join('×')} LSTM, embedding ${weights.embeddingDim})` : 'no default model: speed measured on seed-size random weights',
    engine: fast.engine,
  }
  if (ctx.quick) out.quickNote = 'fewer characters per speed run (150 fast, 40 plain JS, 20 tfjs) and 6 tunes instead of 100'
  out.charsPerSecond = await speedRuns(ctx, weights, vocab, fast, prompt300)

  const model = samplingModel(weights, vocab, fast.factory, fast.engine)
  ctx.log('novelty index...')
  out.novelty = noveltyTimes(await readCorpusFolder(CORPUS))
  const novelty = await corpusFolderIndex(CORPUS)
  const deps = { model, check: checkTune, novelty }
  const defaults = GenerateInput.parse({ meter: '4/4', key: 'G' })
  const settings: SettingsFor = (seed, meterAware, stayInKey = false) => ({
    n: 1, temperature: defaults.temperature, topK: defaults.topK, topP: defaults.topP, seed, maxLength: defaults.maxLength, meterAware, stayInKey,
  })

  ctx.log('continue latency...')
  const started = performance.now()
  await continueTune(deps, prompt300, { bars: 1e6 }, { ...settings(3, true), n: 3, maxLength: 400 })
  out.continueLatencyMs = { variations: 3, promptChars: 300, chars: 400, ms: Math.round(performance.now() - started) }

  if (!shipped) {
    out.quality = 'no default model'
    model.dispose()
    return out
  }

  const tunes = ctx.quick ? 6 : 100
  ctx.log(`${tunes} tunes, metre-aware...`)
  out.meterAware = await quality(deps, settings, tunes, true)
  ctx.log(`${tunes} tunes, metre-aware off...`)
  out.meterOff = await quality(deps, settings, tunes, false)
  const keyTunes = ctx.quick ? 4 : 30
  ctx.log(`${keyTunes} tunes, metre-aware and stay-in-key...`)
  out.stayInKey = await quality(deps, settings, keyTunes, true, true)
  out.stayInKeyBaseline = await quality(deps, settings, keyTunes, true, false)
  out.settings = { ...settings(1000, true), seeds: `1000..${1000 + tunes - 1}`, headers: HEADERS.length }
  model.dispose()
  return out
}

/** Accidentals and notes the key signature does not have, as the tracker's inKey judges them. */
function outOfKeyNotes(prompt: string, text: string): number {
  const tracker = RhythmTracker.fromPrompt(prompt)
  let n = 0
  for (const ch of text) {
    if (!tracker.inKey(ch)) n++
    tracker.push(ch)
  }
  return n
}

export const samplingSection: BenchSection = { name: 'sampling', run }
