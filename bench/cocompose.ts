/**
 * `cocompose`: co-composition with the shipped model on held-out Nottingham tunes (i % 10 == 9,
 * never trained on). Infill: 2 consecutive whole bars of each tune hidden (the 3rd to 7th bar,
 * varying by tune), 64 candidates written and ranked through the real service. Figures (defined
 * in docs/model.md, "Co-composition"): where the true bars rank among the candidates, how often the
 * chosen alternative fits the following bars better than plain left-to-right sampling, how many
 * candidates keep every bar length right, and the service's latency for 5 alternatives.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkBars } from '../src-main/abc/bar-check'
import { readShippedModel, shippedWeights } from '../src-main/model/default-model'
import { byFit, infill } from '../src-main/model/cocompose/infill'
import { selectBars, SelectionError } from '../src-main/model/cocompose/selection'
import { readCorpusFolder } from '../src-main/model/novelty/corpus-index'
import { chooseStepper } from '../src-main/model/sampling/engine-choice'
import { samplingModel, type PooledSamplingModel } from '../src-main/model/sampling/sampling-model'
import { createCocomposeService } from '../src-main/services/cocompose-service'
import type { BenchContext, BenchSection, JsonValue } from './section'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CORPUS = path.join(ROOT, 'resources', 'corpus', 'nottingham')
const CASES = 200
const QUICK_CASES = 12
const CANDIDATES = 64
const ALTERNATIVES = 5
const HIDDEN_BARS = 2
/** The first hidden bar is the 3rd to the 7th, by tune, so openings, middles and part ends all come up. */
const FIRST_HIDDEN = 3
const SPREAD = 5

const pct = (n: number, of: number): number => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10)
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0

/** The first pair of bars from the tune's starting point that can be rewritten (whole, plain bar line between), or null. */
function hiddenBars(tune: string, i: number): { from: number; to: number } | null {
  for (let from = FIRST_HIDDEN + (i % SPREAD); from < FIRST_HIDDEN + SPREAD + 4; from++) {
    const bars = { from, to: from + HIDDEN_BARS - 1 }
    try {
      const sel = selectBars(tune, { bars })
      if (sel.toBar + HIDDEN_BARS <= sel.bars.length) return bars
    } catch (err) {
      if (!(err instanceof SelectionError)) throw err
    }
  }
  return null
}

async function infillFigures(ctx: BenchContext, model: PooledSamplingModel, tunes: string[]): Promise<JsonValue> {
  const service = createCocomposeService({ model: { samplingFor: () => Promise.resolve({ name: 'shipped', sampling: model }) } })
  const count = ctx.quick ? QUICK_CASES : CASES
  const ranks: number[] = []
  const percentiles: number[] = []
  let beats = 0
  let ties = 0
  let candidatesRight = 0
  let candidatesJudged = 0
  const latencies: number[] = []
  let returned = 0
  let cases = 0
  for (let i = 0; i < tunes.length && cases < count; i++) {
    const bars = hiddenBars(tunes[i], i)
    if (!bars) continue
    cases++
    const settings = { n: ALTERNATIVES, candidates: CANDIDATES, seed: 1000 + i, temperature: 1, topK: 0, topP: 0.95 }
    const run = await infill(model, tunes[i], { bars }, settings)
    const rank = 1 + run.ranked.filter((c) => byFit(c, run.original) < 0).length
    ranks.push(rank)
    percentiles.push(rank / (run.ranked.length + 1))
    if (run.firstSampled && run.ranked.length > 0) {
      if (run.ranked[0].fitBits < run.firstSampled.fitBits) beats++
      else if (run.ranked[0].fitBits === run.firstSampled.fitBits) ties++
    }
    const wrongBefore = checkBars(tunes[i]).wrong
    for (const c of run.ranked.slice(0, ALTERNATIVES)) {
      const replaced = tunes[i].slice(0, run.selection.start) + c.text + tunes[i].slice(run.selection.end)
      candidatesJudged++
      if (checkBars(replaced).wrong <= wrongBefore) candidatesRight++
    }
    const started = performance.now()
    const result = await service.infill({ text: tunes[i], selection: { bars }, ...settings })
    latencies.push(performance.now() - started)
    returned += result.alternatives.length
    if (cases % 20 === 0) ctx.log(`cocompose: ${cases}/${count} infill cases`)
  }
  return {
    cases,
    candidates: CANDIDATES,
    hiddenBars: HIDDEN_BARS,
    trueBarsMedianRank: median(ranks),
    trueBarsMedianRankPct: Math.round(1000 * median(percentiles)) / 10,
    trueBarsTop10Pct: pct(percentiles.filter((p) => p <= 0.1).length, cases),
    chosenFitBeatsPlainPct: pct(beats, cases),
    chosenFitTiesPlainPct: pct(ties, cases),
    top5BarLengthsRightPct: pct(candidatesRight, candidatesJudged),
    alternativesReturnedPerCase: Math.round((10 * returned) / Math.max(1, cases)) / 10,
    latencyMsMedian: Math.round(median(latencies)),
    latencyMsP90: Math.round(quantile(latencies, 0.9)),
  }
}

async function run(ctx: BenchContext): Promise<JsonValue> {
  const shipped = await readShippedModel(path.join(ROOT, 'resources'))
  if (!shipped) return { error: 'no default model in resources/models/default' }
  const heldOut = (await readCorpusFolder(CORPUS)).map((t) => t.text).filter((_, i) => i % 10 === 9)
  const fast = chooseStepper()
  const model = samplingModel(await shippedWeights(shipped), shipped.vocab, fast.factory, fast.engine)
  try {
    return { engine: model.engine, infill: await infillFigures(ctx, model, heldOut) }
  } finally {
    model.dispose()
  }
}

export const cocomposeSection: BenchSection = { name: 'cocompose', run }
