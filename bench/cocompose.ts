/**
 * `cocompose`: co-composition with the shipped model on held-out Nottingham tunes (i % 10 == 9,
 * never trained on). Infill: 2 consecutive whole bars of each tune hidden (the 3rd to 7th bar,
 * varying by tune), 64 candidates written and ranked through the real service. Figures (defined
 * in docs/model.md, "Co-composition"): where the true bars rank among the candidates, how often the
 * chosen alternative fits the following bars better than plain left-to-right sampling, how many
 * candidates keep every bar length right, and the service's latency for 5 alternatives. Chords: the
 * held-out tunes that have chord symbols, harmonised with their symbols taken out: agreement with
 * their own chords per bar, beside a baseline that picks the diatonic triad covering most of the
 * bar's melody, and the time per 32 bars, on the test half of those tunes (chordSplit: the
 * decoder's settings are chosen on the other half, bench/cocompose-chords-dev.ts). Vary: the same
 * bars as infill, varied: rhythm kept, notes changed, abc2midi errors added.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkBars } from '../src-shared/abc/bar-check'
import { readShippedModel, shippedWeights } from '../src-main/model/default-model'
import { readHeaders } from '../src-shared/abc/headers'
import { suggestChords, DEFAULT_BEAM, DEFAULT_CLASH_BITS, DEFAULT_OUTSIDE_BITS, DEFAULT_ECHO_BITS, DEFAULT_CHANGE_BITS, DEFAULT_COVER_BITS, DEFAULT_HALF_BARS, DEFAULT_HARMONY_WEIGHT, DEFAULT_HOLD, DEFAULT_MIDDLE_WEIGHT, DEFAULT_WIDER, type ChordSettings } from '../src-main/model/cocompose/chords'
import { coveringTriad, keyHarmony, readChord, sameChord } from '../src-main/model/cocompose/harmony'
import { byFit, infill } from '../src-main/model/cocompose/infill'
import { sameRhythm, vary } from '../src-main/model/cocompose/vary'
import { abc2midiBatch } from './oracles'
import { locateBars, selectBars, SelectionError, tuneSpans } from '../src-main/model/cocompose/selection'
import { chordsAtBarStarts, chordsInsideBars } from '../src-main/model/cocompose/tune-chords'
import type { Harmoniser } from '../src-main/model/cocompose/harmony-model'
import { readShippedHarmoniser } from '../src-main/model/cocompose/harmoniser-file'
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

const VARY_CASES = 100
const QUICK_VARY_CASES = 8

/** Held-out tunes, 2 bars varied as in infill: rhythm kept, notes changed, and abc2midi's errors before and after. */
async function varyFigures(ctx: BenchContext, model: PooledSamplingModel, tunes: string[]): Promise<JsonValue> {
  const count = ctx.quick ? QUICK_VARY_CASES : VARY_CASES
  let cases = 0
  let variations = 0
  let rhythmKept = 0
  let changedEnough = 0
  const changed: number[] = []
  const originals: string[] = []
  const varied: string[] = []
  for (let i = 0; i < tunes.length && cases < count; i++) {
    const bars = hiddenBars(tunes[i], i)
    if (!bars) continue
    cases++
    const { run, variations: found } = await vary(model, tunes[i], { bars }, { n: 1, candidates: CANDIDATES, seed: 2000 + i, temperature: 1, topK: 0, topP: 0.95 })
    const best = found[0]
    if (!best) continue
    variations++
    if (sameRhythm(best.modelText, run.original.modelText)) rhythmKept++
    if (best.changed >= 0.3) changedEnough++
    changed.push(best.changed)
    originals.push(tunes[i])
    varied.push(tunes[i].slice(0, run.selection.start) + best.text + tunes[i].slice(run.selection.end))
  }
  const before = abc2midiBatch(originals)
  const after = abc2midiBatch(varied)
  const added = after.filter((v, i) => v.errors.length > before[i].errors.length).length
  return {
    cases,
    withVariation: variations,
    rhythmIdenticalPct: pct(rhythmKept, variations),
    notesChangedMedianPct: Math.round(1000 * median(changed)) / 10,
    atLeast30PctChangedPct: pct(changedEnough, variations),
    abc2midiAvailable: after[0]?.available ?? false,
    abc2midiErrorsAddedPct: pct(added, variations),
  }
}

const QUICK_CHORD_TUNES = 8
const BARS_PER_TUNE = 32

/**
 * The held-out tunes with chord symbols, split in two by their order: even ones are the dev split,
 * on which the decoder's settings are chosen (bench/cocompose-chords-dev.ts), odd ones the test
 * split, on which the figures are reported and nothing is chosen.
 */
export function chordSplit(heldOut: string[]): { dev: string[]; test: string[] } {
  const withChords = heldOut.filter((t) => /"[A-G]/.test(t))
  return { dev: withChords.filter((_, i) => i % 2 === 0), test: withChords.filter((_, i) => i % 2 === 1) }
}

export interface ChordAgreement {
  tunes: number
  bars: number
  agreementPct: number
  baselineAgreementPct: number
  pointsAboveBaseline: number
  /** The model's surprise at the chosen symbols and the bars, bits per character, over all tunes. */
  chosenBitsPerChar: number
  msPer32BarsMedian: number
  /** Bars given a change of chord at their middle, and the share of those whose original has that chord inside the bar. */
  midBarChanges: number
  midBarChangePrecisionPct: number
  /** Bars whose original changes chord inside the bar, and the share of those given a change to one of its chords there. */
  originalMidBarChanges: number
  midBarChangeRecallPct: number
}

/** A stripped tune's harmonisation, bar by bar, by the tune's original text. */
type WholeRuns = Map<string, { bar: number; chord: string }[]>

/**
 * Tunes harmonised with their chord symbols taken out: agreement per bar with their own chords,
 * and the covering-triad baseline's. `runs`, when given, receives each tune's chords (for
 * selectionAgreement's comparison, so those tunes are not decoded twice).
 */
export async function chordAgreement(model: PooledSamplingModel, tunes: string[], settings: ChordSettings, harmoniser: Harmoniser | null = null, runs?: WholeRuns): Promise<ChordAgreement> {
  let bars = 0
  let agree = 0
  let baseline = 0
  let bits = 0
  let chars = 0
  const msPer32: number[] = []
  const mid = { suggested: 0, right: 0, original: 0, found: 0 }
  for (const tune of tunes) {
    const truth = chordsAtBarStarts(tune)
    const inside = chordsInsideBars(tune)
    const stripped = tune.replace(/"[^"]*"/g, '')
    const harmony = keyHarmony(readHeaders(tune).key ?? '')
    if (!harmony) continue
    const started = performance.now()
    const run = await suggestChords(model, stripped, undefined, settings, harmoniser)
    runs?.set(tune, run.bars)
    msPer32.push(((performance.now() - started) * BARS_PER_TUNE) / Math.max(1, run.bars.length))
    bits += run.bitsPerChar * run.scoredChars
    chars += run.scoredChars
    const located = locateBars(stripped, run.tune)
    for (const c of run.bars) {
      const original = readChord(truth[c.bar - 1] ?? '')
      if (!original) continue
      bars++
      if (sameChord(readChord(c.chord), original)) agree++
      const changes = (inside[c.bar - 1] ?? []).map(readChord).filter((ch) => ch !== null && !sameChord(ch, original))
      const has = (chord: string): boolean => changes.some((ch) => sameChord(ch, readChord(chord)))
      if (c.change) mid.suggested++
      if (c.change && has(c.change.chord)) mid.right++
      if (changes.length > 0) mid.original++
      if (changes.length > 0 && c.change && has(c.change.chord)) mid.found++
      const end = c.bar < located.length ? located[c.bar].start : stripped.length
      if (sameChord(coveringTriad(stripped.slice(located[c.bar - 1].start, end), harmony), original)) baseline++
    }
  }
  return {
    tunes: tunes.length,
    bars,
    agreementPct: pct(agree, bars),
    baselineAgreementPct: pct(baseline, bars),
    pointsAboveBaseline: Math.round(10 * (pct(agree, bars) - pct(baseline, bars))) / 10,
    chosenBitsPerChar: chars === 0 ? 0 : Math.round((1000 * bits) / chars) / 1000,
    msPer32BarsMedian: Math.round(median(msPer32)),
    midBarChanges: mid.suggested,
    midBarChangePrecisionPct: pct(mid.right, mid.suggested),
    originalMidBarChanges: mid.original,
    midBarChangeRecallPct: pct(mid.found, mid.original),
  }
}

/**
 * The second half of each tune's bars harmonised as a selection, the first half read with its own
 * chords (the musician harmonised the A part and asks for the rest): agreement on those bars,
 * against the same bars harmonised with the whole tune stripped (`wholeRuns`: chordAgreement's runs of
 * these tunes with the same settings).
 */
export async function selectionAgreement(model: PooledSamplingModel, tunes: string[], settings: ChordSettings, harmoniser: Harmoniser | null, wholeRuns: WholeRuns): Promise<{ bars: number; agreementPct: number; wholeTuneStrippedPct: number }> {
  let [bars, agree, whole] = [0, 0, 0]
  for (const tune of tunes) {
    if (!keyHarmony(readHeaders(tune).key ?? '')) continue
    const truth = chordsAtBarStarts(tune)
    const located = locateBars(tune, tuneSpans(tune)[0])
    const from = Math.floor(located.length / 2) + 1
    const cut = located[from - 1].start
    const given = tune.slice(0, cut) + tune.slice(cut).replace(/"[^"]*"/g, '')
    const selected = await suggestChords(model, given, { selection: { bars: { from, to: located.length } } }, settings, harmoniser)
    const right = (c: { bar: number; chord: string }): boolean => sameChord(readChord(c.chord), readChord(truth[c.bar - 1] ?? ''))
    for (const c of selected.bars) {
      if (!readChord(truth[c.bar - 1] ?? '')) continue
      bars++
      if (right(c)) agree++
      const same = wholeRuns.get(tune)?.find((b) => b.bar === c.bar)
      if (same && right(same)) whole++
    }
  }
  return { bars, agreementPct: pct(agree, bars), wholeTuneStrippedPct: pct(whole, bars) }
}

/** The test split (chordSplit), harmonised with the default settings. */
async function chordFigures(ctx: BenchContext, model: PooledSamplingModel, tunes: string[]): Promise<JsonValue> {
  const { test } = chordSplit(tunes)
  const settings = { beam: DEFAULT_BEAM, coverBits: DEFAULT_COVER_BITS, hold: DEFAULT_HOLD, halfBars: DEFAULT_HALF_BARS, changeBits: DEFAULT_CHANGE_BITS, wider: DEFAULT_WIDER, outsideBits: DEFAULT_OUTSIDE_BITS, harmonyWeight: DEFAULT_HARMONY_WEIGHT, middleWeight: DEFAULT_MIDDLE_WEIGHT, echoBits: DEFAULT_ECHO_BITS, clashBits: DEFAULT_CLASH_BITS }
  const harmoniser = await readShippedHarmoniser(path.join(ROOT, 'resources'))
  const chosen = ctx.quick ? test.slice(0, QUICK_CHORD_TUNES) : test
  const whole: WholeRuns = new Map()
  const withHarmoniser = await chordAgreement(model, chosen, settings, harmoniser, whole)
  // The same decoder without the harmoniser: what it adds, and what it costs in the model's likelihood of the chosen text.
  const without = await chordAgreement(model, chosen, { ...settings, harmonyWeight: 0, middleWeight: 0 }, null)
  const secondHalf = await selectionAgreement(model, chosen, settings, harmoniser, whole)
  return { split: 'test', ...settings, harmoniser: harmoniser !== null, ...withHarmoniser, secondHalfGivenFirst: secondHalf, withoutHarmoniser: { agreementPct: without.agreementPct, chosenBitsPerChar: without.chosenBitsPerChar, midBarChanges: without.midBarChanges, midBarChangePrecisionPct: without.midBarChangePrecisionPct, midBarChangeRecallPct: without.midBarChangeRecallPct } }
}

async function run(ctx: BenchContext): Promise<JsonValue> {
  const shipped = await readShippedModel(path.join(ROOT, 'resources'))
  if (!shipped) return { error: 'no default model in resources/models/default' }
  const heldOut = (await readCorpusFolder(CORPUS)).map((t) => t.text).filter((_, i) => i % 10 === 9)
  const fast = chooseStepper()
  const model = samplingModel(await shippedWeights(shipped), shipped.vocab, fast.factory, fast.engine)
  try {
    return {
      engine: model.engine,
      infill: await infillFigures(ctx, model, heldOut),
      chords: await chordFigures(ctx, model, heldOut),
      vary: await varyFigures(ctx, model, heldOut),
    }
  } finally {
    model.dispose()
  }
}

export const cocomposeSection: BenchSection = { name: 'cocompose', run }
