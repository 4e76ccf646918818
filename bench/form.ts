/**
 * Section 'form': do generated and completed tunes have the form of real folk tunes? The same
 * figures for four groups, side by side: the held-out Nottingham tunes (i % 10 == 9), 100 tunes
 * generated from headers over six tune types and nine keys (default settings: form-aware on; and
 * form-aware off, the behaviour before), and the held-out tunes cut after their first 2–4 bars
 * and completed ("Complete the tune"), with and without the form mask. abc2midi and abcm2ps
 * (Debian abcmidi, abcm2ps) judge every tune beside our own analysis. docs/model.md ("Form
 * figures") defines each figure.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkTune } from '../src-shared/abc/check'
import { barRecords } from '../src-shared/abc/rhythm-tracker'
import { readShippedModel, shippedWeights } from '../src-main/model/default-model'
import { analyseForm, isPlannedLength, keyTonic, lastKey, type TuneForm } from '../src-main/model/form/analyse'
import { corpusFolderIndex, readCorpusFolder } from '../src-main/model/novelty/corpus-index'
import { chooseStepper } from '../src-main/model/sampling/engine-choice'
import { continueTune, generateFromHeader, type GenerationDeps, type GenerationSettings } from '../src-main/model/sampling/generation'
import { samplingModel } from '../src-main/model/sampling/sampling-model'
import type { SamplingModel } from '../src-main/model/sampling/sampler'
import { sampleAsync } from '../src-main/model/sampling/sampler'
import type { ConstraintFactory } from '../src-main/model/sampling/constraints'
import { formMask, type FormPlan } from '../src-main/model/sampling/form-mask'
import { planForm } from '../src-main/model/sampling/form-plan'
import { meterMask } from '../src-main/model/sampling/meter-mask'
import { noEmptyEnding } from '../src-main/model/sampling/no-empty-ending'
import { headerPrompt } from '../src-main/model/sampling/prompt'
import { RHYTHM_PRESETS } from '../src-shared/tune-types'
import { GenerateInput, type GeneratedVariation } from '../src-shared/contract/model'
import { abc2midiBatch, abcm2psBatch, oracleFigures, type Abc2midiVerdict } from './oracles'
import { noteStatistics, jensenShannon, type NoteStatistics } from './note-statistics'
import type { BenchContext, BenchSection, JsonValue } from './section'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CORPUS = path.join(ROOT, 'resources', 'corpus', 'nottingham')
const TYPES = ['reel', 'jig', 'slip-jig', 'hornpipe', 'waltz', 'polka']
const KEYS = ['G', 'D', 'A', 'Em', 'Am', 'C', 'F', 'Dmix', 'Ador']
/** Random 100-tune samples of the training tunes: the spread a real sample's statistics have. */
const SPREAD_SAMPLES = 20
const SAMPLE_TUNES = 100

const pct = (n: number, of: number): number => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10)
const round3 = (x: number): number => Math.round(x * 1000) / 1000

interface Group {
  tunes: string[]
  /** Generated groups: the variations as the service returns them. */
  variations?: GeneratedVariation[]
}

/** Our own figures of a group of whole tunes. */
function formFigures(tunes: readonly string[]): Record<string, JsonValue> {
  const forms: TuneForm[] = tunes.map(analyseForm)
  const sections = forms.flatMap((f) => f.sections)
  const major = forms.filter((f) => f.tonic.letter !== null && f.tonic.major)
  const minor = forms.filter((f) => f.tonic.letter !== null && !f.tonic.major)
  const bars = forms.reduce((s, f) => s + f.bars, 0)
  const headerLines = (f: TuneForm): boolean => ['X', 'T', 'K', 'M', 'L'].some((l) => (f.bodyFields[l] ?? 0) > 0)
  return {
    tunes: tunes.length,
    sections: sections.length,
    sectionsOf8or16Percent: pct(sections.filter((s) => isPlannedLength(s.bars)).length, sections.length),
    tonicEndingMajorPercent: pct(major.filter((f) => f.endsOnTonic).length, major.length),
    tonicEndingMinorModalPercent: pct(minor.filter((f) => f.endsOnTonic).length, minor.length),
    majorTunes: major.length,
    minorModalTunes: minor.length,
    repeatedBarsPercent: pct(forms.reduce((s, f) => s + f.repeatedBars, 0), bars),
    keyChangeMidTunePercent: pct(forms.filter((f) => (f.bodyFields.K ?? 0) > 0).length, tunes.length),
    headerLinesMidTunePercent: pct(forms.filter(headerLines).length, tunes.length),
    endsWithClosingBarPercent: pct(tunes.filter(endsWithClosingBar).length, tunes.length),
  }
}

function endsWithClosingBar(tune: string): boolean {
  const records = barRecords(tune)
  const last = records.at(-1)?.closing ?? ''
  return last.includes('||') || last.includes('|]') || last.includes(':|')
}

function oracles(tunes: readonly string[]): { figures: Record<string, JsonValue>; midi: Abc2midiVerdict[] } {
  const midi = abc2midiBatch(tunes)
  return { figures: oracleFigures(midi, abcm2psBatch(tunes)), midi }
}

function samplingFigures(variations: readonly GeneratedVariation[]): Record<string, JsonValue> {
  const chars = variations.reduce((s, v) => s + v.stats.chars, 0)
  const bits = variations.reduce((s, v) => s + v.stats.meanBitsPerChar * v.stats.chars, 0)
  return {
    meanBitsPerChosenChar: round3(bits / Math.max(1, chars)),
    meanChars: Math.round(chars / Math.max(1, variations.length)),
    maskFallbacksPerTune: round3(variations.reduce((s, v) => s + v.stats.maskFallbacks, 0) / Math.max(1, variations.length)),
    endedAtTuneEndPercent: pct(variations.filter((v) => v.stoppedBy === 'end-of-tune').length, variations.length),
    longestCopiedBarsMax: Math.max(0, ...variations.map((v) => v.novelty.longestCopiedBars)),
    tunesWithAn8BarCopy: variations.filter((v) => v.novelty.longestCopiedBars >= 8).length,
  }
}

const isMajor = (tune: string): boolean => keyTonic(lastKey(tune)).major

/**
 * Scale degrees are compared within a mode group (major tunes with major training tunes), since
 * the generated set is 40 % minor and modal by design and the corpus 7 %; steps over all tunes.
 */
function noteFigures(tunes: readonly string[], reference: References): Record<string, JsonValue> {
  const all = noteStatistics(tunes)
  const major = noteStatistics(tunes.filter(isMajor))
  return {
    majorPitchDegreeJsd: round3(jensenShannon(major.degrees, reference.major.degrees)),
    intervalJsd: round3(jensenShannon(all.intervals, reference.all.intervals)),
  }
}

interface References {
  all: NoteStatistics
  major: NoteStatistics
}

/** JSD of random 100-tune samples of the training tunes against all of them: the real spread. */
function realSpread(train: readonly string[], reference: References): Record<string, JsonValue> {
  let seed = 12345
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const degrees: number[] = []
  const intervals: number[] = []
  for (let i = 0; i < SPREAD_SAMPLES; i++) {
    const figures = noteFigures(Array.from({ length: SAMPLE_TUNES }, () => train[Math.floor(rand() * train.length)]), reference)
    degrees.push(figures.majorPitchDegreeJsd as number)
    intervals.push(figures.intervalJsd as number)
  }
  return {
    samples: SPREAD_SAMPLES,
    majorPitchDegreeJsd: { min: Math.min(...degrees), max: Math.max(...degrees) },
    intervalJsd: { min: Math.min(...intervals), max: Math.max(...intervals) },
  }
}

/** A held-out tune cut after its first 2–4 bars (2 + i % 3): the header and those bars. */
export function cutAfterBars(tune: string, bars: number): string | null {
  const records = barRecords(tune)
  const bar = records[bars - 1]
  if (!bar || !bar.closing || records.length <= bars + 2) return null
  const lines = tune.split('\n')
  const before = lines.slice(0, bar.endLine - 1).join('\n')
  return (bar.endLine > 1 ? before + '\n' : '') + lines[bar.endLine - 1].slice(0, bar.endColumnExclusive - 1)
}

/** Whether the completed tune has no more abc2midi errors, bar warnings or unpaired repeats than the original. */
function addsNothing(completed: Abc2midiVerdict, original: Abc2midiVerdict): boolean {
  return completed.errors.length <= original.errors.length && completed.barWarnings <= original.barWarnings &&
    completed.unpairedRepeats <= original.unpairedRepeats
}

async function run(ctx: BenchContext): Promise<JsonValue> {
  const shipped = await readShippedModel(path.join(ROOT, 'resources'))
  if (!shipped) return { error: 'no default model in resources/models/default' }
  const corpus = (await readCorpusFolder(CORPUS)).map((t) => t.text)
  const heldOut = corpus.filter((_, i) => i % 10 === 9)
  const train = corpus.filter((_, i) => i % 10 !== 9)
  const reference = { all: noteStatistics(train), major: noteStatistics(train.filter(isMajor)) }
  const fast = chooseStepper()
  const model = samplingModel(await shippedWeights(shipped), shipped.vocab, fast.factory, fast.engine)
  const deps: GenerationDeps = { model, check: checkTune, novelty: await corpusFolderIndex(CORPUS) }
  const defaults = GenerateInput.parse({ meter: '4/4', key: 'G' })
  const settings = (seed: number, formAware: boolean): GenerationSettings => ({
    n: 1, temperature: defaults.temperature, topK: defaults.topK, topP: defaults.topP, seed, maxLength: defaults.maxLength,
    meterAware: true, stayInKey: false, formAware,
  })
  const count = ctx.quick ? 12 : 100

  const generate = async (formAware: boolean): Promise<Group> => {
    const variations: GeneratedVariation[] = []
    for (let i = 0; i < count; i++) {
      const preset = RHYTHM_PRESETS.find((p) => p.id === TYPES[i % TYPES.length])!
      const key = KEYS[Math.floor(i / TYPES.length) % KEYS.length]
      const header = { meter: preset.meter, unitLength: preset.unitLength, rhythm: preset.rhythm, key }
      variations.push((await generateFromHeader(deps, header, settings(2000 + i, formAware))).variations[0])
    }
    return { tunes: variations.map((v) => v.fullTune), variations }
  }
  const originals: string[] = []
  const complete = async (formAware: boolean): Promise<Group> => {
    const variations: GeneratedVariation[] = []
    originals.length = 0
    for (const [i, tune] of heldOut.entries()) {
      if (variations.length >= count) break
      const prompt = cutAfterBars(tune, 2 + (i % 3))
      if (!prompt) continue
      originals.push(tune)
      variations.push((await continueTune(deps, prompt, 'tune', settings(3000 + i, formAware))).variations[0])
    }
    return { tunes: variations.map((v) => v.fullTune), variations }
  }

  const out: Record<string, JsonValue> = {
    definitions: 'docs/model.md, "Form figures"',
    settings: { ...settings(2000, true), formAware: 'on (default) / off', tuneTypes: TYPES, keys: KEYS, seeds: `2000..${2000 + count - 1} (generated), 3000+i (completions)` },
    realSpread: realSpread(train, reference),
  }
  const report = (group: Group): Record<string, JsonValue> => ({
    ...formFigures(group.tunes),
    ...(group.variations ? samplingFigures(group.variations) : {}),
    ...noteFigures(group.tunes, reference),
    oracles: oracles(group.tunes).figures,
  })
  ctx.log('form: held-out tunes...')
  out.heldOut = report({ tunes: heldOut })
  ctx.log(`form: ${count} tunes from headers, form-aware on...`)
  out.generated = report(await generate(true))
  ctx.log(`form: ${count} tunes from headers, form-aware off...`)
  out.generatedFormOff = report(await generate(false))
  for (const [name, formAware] of [['completed', true], ['completedFormOff', false]] as const) {
    ctx.log(`form: held-out tunes cut after 2-4 bars and completed, form-aware ${formAware ? 'on' : 'off'}...`)
    const group = await complete(formAware)
    const figures = report(group)
    const original = abc2midiBatch(originals)
    const completed = abc2midiBatch(group.tunes)
    figures.addsNoAbc2midiProblemPercent = pct(completed.filter((v, i) => addsNothing(v, original[i])).length, completed.length)
    out[name] = figures
  }
  ctx.log('form: what each constraint costs in likelihood...')
  out.constraintCost = await constraintCost(model, ctx.quick ? 6 : ABLATION_TUNES)
  model.dispose()
  return out
}

/** Tunes per variant of the constraint-cost ablation (one sample each, no candidates). */
const ABLATION_TUNES = 36

/**
 * Mean bits/char of the chosen characters with the constraints added one at a time (one sample
 * per tune, no candidates, same seeds and headers): what each costs in the model's likelihood,
 * beside what it buys in form.
 */
export async function constraintCost(model: SamplingModel, count: number): Promise<JsonValue> {
  const plan = (prompt: string, changes: Partial<FormPlan>): FormPlan => ({ ...planForm(prompt, 'tune'), ...changes })
  const variants: Record<string, ConstraintFactory[]> = {
    meterOnly: [noEmptyEnding, meterMask],
    formNoTonicNoEchoes: [noEmptyEnding, meterMask, (p) => formMask(plan(p, { tonic: null, echoes: false }))(p)],
    formNoEchoes: [noEmptyEnding, meterMask, (p) => formMask(plan(p, { echoes: false }))(p)],
    formFull: [noEmptyEnding, meterMask, (p) => formMask(plan(p, {}))(p)],
  }
  const out: Record<string, JsonValue> = { tunes: count }
  for (const [name, constraints] of Object.entries(variants)) {
    let bits = 0
    let chars = 0
    const tunes: string[] = []
    for (let i = 0; i < count; i++) {
      const preset = RHYTHM_PRESETS.find((p) => p.id === TYPES[i % TYPES.length])!
      const key = KEYS[Math.floor(i / TYPES.length) % KEYS.length]
      const prompt = headerPrompt({ meter: preset.meter, unitLength: preset.unitLength, rhythm: preset.rhythm, key })
      const v = (await sampleAsync(model, prompt, { n: 1, seed: 2000 + i, temperature: 1, topK: 0, topP: 0.95, maxLength: 1600, stop: 'tune', constraints })).variations[0]
      bits += v.meanBitsPerChar * v.text.length
      chars += v.text.length
      tunes.push(prompt + v.text)
    }
    const form = formFigures(tunes)
    out[name] = { meanBitsPerChosenChar: round3(bits / Math.max(1, chars)), sectionsOf8or16Percent: form.sectionsOf8or16Percent, repeatedBarsPercent: form.repeatedBarsPercent,
      tonicEndingMajorPercent: form.tonicEndingMajorPercent, tonicEndingMinorModalPercent: form.tonicEndingMinorModalPercent }
  }
  return out
}

export const formSection: BenchSection = { name: 'form', run }
