/**
 * Section 'verdicts': does our checker's verdict agree with abc2midi's (bench/oracles.ts)?
 * - corpus: every Nottingham tune, clean or not by bar lengths and repeats, ours against abc2midi's;
 * - generated: tunes written from headers by the default model with default settings (the tune
 *   types and keys of issue 9), the share where our verdict (no wrong bar, no unpaired repeat)
 *   and abc2midi's (no bar-length warning, no repeat error) agree; beside it the oracles' own
 *   figures (abc2midi error-free, bar warnings per tune, unpaired repeats, abcm2ps error-free)
 *   and the share our full verdict calls clean (abcjs warnings and fields the model wrote too),
 *   with a few disagreements quoted for whoever looks into them.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkBars } from '../src-shared/abc/bar-check'
import { checkTune } from '../src-shared/abc/check'
import { readShippedModel, shippedWeights } from '../src-main/model/default-model'
import { readCorpusFolder } from '../src-main/model/novelty/corpus-index'
import { chooseStepper } from '../src-main/model/sampling/engine-choice'
import { generateFromHeader, type GenerationSettings } from '../src-main/model/sampling/generation'
import { samplingModel } from '../src-main/model/sampling/sampling-model'
import { GenerateInput } from '../src-shared/contract/model'
import { RHYTHM_PRESETS } from '../src-shared/tune-types'
import { ABC2MIDI, abc2midiBatch, abc2midiRhythmClean, abcm2psBatch, oracleFigures, toolAvailable, type Abc2midiVerdict } from './oracles'
import type { BenchContext, BenchSection, JsonValue } from './section'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const RESOURCES = process.env.TUNESMITH_BENCH_RESOURCES ?? path.join(ROOT, 'resources')
const CORPUS = path.join(ROOT, 'resources', 'corpus', 'nottingham')

/** Issue 9's tune types and keys; tune i gets type i mod 6 and key i mod 9. */
const TYPES = ['reel', 'jig', 'slip-jig', 'hornpipe', 'waltz', 'polka']
const KEYS = ['G', 'D', 'A', 'Em', 'Am', 'C', 'F', 'Dmix', 'Ador']
const EXAMPLES = 5

const percent = (n: number, of: number): number => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10)

/** Our verdict on bar lengths and repeats, the part abc2midi also judges. */
function oursRhythmClean(tune: string): { clean: boolean; why: string[] } {
  const c = checkBars(tune)
  const why = [...c.diagnostics, ...c.repeats].map((d) => `${d.line}:${d.column} ${d.message}`)
  return { clean: why.length === 0, why }
}

const theirWhy = (v: Abc2midiVerdict): string[] =>
  [...v.errors.filter((e) => /repeat|:\||\|:|\[1/.test(e)), ...v.warnings.filter((w) => /time units/.test(w))]

function corpusAgreement(texts: readonly string[]): Record<string, JsonValue> {
  const midi = abc2midiBatch(texts)
  const disagree = texts.filter((t, i) => oursRhythmClean(t).clean !== abc2midiRhythmClean(midi[i]))
  return { tunes: texts.length, agreePercent: percent(texts.length - disagree.length, texts.length), disagree: disagree.length }
}

function headerFor(i: number): { meter: string; unitLength: string; rhythm: string; key: string } {
  const preset = RHYTHM_PRESETS.find((p) => p.id === TYPES[i % TYPES.length])
  if (!preset) throw new Error(`no tune type ${TYPES[i % TYPES.length]}`)
  return { meter: preset.meter, unitLength: preset.unitLength, rhythm: preset.rhythm, key: KEYS[i % KEYS.length] }
}

interface Generated {
  tune: string
  /** Where the model's text starts: the header is the prompt. */
  generatedFrom: number
}

async function generatedTunes(ctx: BenchContext, count: number): Promise<Generated[] | null> {
  const shipped = await readShippedModel(RESOURCES)
  if (!shipped) return null
  const fast = chooseStepper()
  const model = samplingModel(await shippedWeights(shipped), shipped.vocab, fast.factory, fast.engine)
  const defaults = GenerateInput.parse({ meter: '4/4', key: 'G' })
  const tunes: Generated[] = []
  try {
    for (let i = 0; i < count; i++) {
      if (i % 20 === 0) ctx.log(`verdicts: tune ${i + 1} of ${count}...`)
      const settings: GenerationSettings = {
        n: 1, temperature: defaults.temperature, topK: defaults.topK, topP: defaults.topP, seed: 2000 + i,
        maxLength: defaults.maxLength, meterAware: defaults.meterAware, stayInKey: defaults.stayInKey,
      }
      const r = await generateFromHeader({ model, check: checkTune, novelty: null }, headerFor(i), settings)
      tunes.push({ tune: r.variations[0].fullTune, generatedFrom: r.prompt.length })
    }
  } finally {
    model.dispose()
  }
  return tunes
}

async function run(ctx: BenchContext): Promise<JsonValue> {
  if (!toolAvailable(ABC2MIDI)) return { skipped: `abc2midi is not installed at ${ABC2MIDI} (apt-get install abcmidi abcm2ps)` }
  const out: Record<string, JsonValue> = {}
  ctx.log('verdicts: Nottingham tunes against abc2midi...')
  out.corpus = corpusAgreement((await readCorpusFolder(CORPUS)).map((t) => t.text))

  const count = ctx.quick ? 10 : 100
  const generated = await generatedTunes(ctx, count)
  if (generated === null) {
    out.generated = 'no default model'
    return out
  }
  const tunes = generated.map((g) => g.tune)
  const midi = abc2midiBatch(tunes)
  const ps = abcm2psBatch(tunes)
  const examples: JsonValue[] = []
  let agree = 0
  let fullClean = 0
  tunes.forEach((tune, i) => {
    const ours = oursRhythmClean(tune)
    const theirs = abc2midiRhythmClean(midi[i])
    if (ours.clean === theirs) agree++
    else if (examples.length < EXAMPLES) examples.push({ tune, ours: ours.why, abc2midi: theirWhy(midi[i]) })
    if (checkTune(tune, { generatedFrom: generated[i].generatedFrom }).diagnostics.length === 0) fullClean++
  })
  out.generated = {
    tunes: count,
    headers: `${TYPES.join(', ')} × ${KEYS.join(', ')}; default settings, seeds 2000..${2000 + count - 1}`,
    verdictAgreesWithAbc2midiPercent: percent(agree, count),
    oursRhythmCleanPercent: percent(tunes.filter((t) => oursRhythmClean(t).clean).length, count),
    oursFullyCleanPercent: percent(fullClean, count),
    ...oracleFigures(midi, ps),
    disagreements: examples,
  }
  return out
}

export const verdictsSection: BenchSection = { name: 'verdicts', run }
