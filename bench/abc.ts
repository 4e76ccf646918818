/**
 * The ABC checker over the bundled Nottingham corpus, and the speed of the rhythm tracker the
 * sampler leans on. Figures only: how many tunes check out, what abcjs complains about before
 * and after cleanForTraining, what kinds of wrong bars there are (with one example each), and
 * microseconds per `allows` call.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import abcjs from 'abcjs'
import { checkBars, type JudgedBar } from '../src-shared/abc/bar-check'
import { checkTune } from '../src-shared/abc/check'
import { cleanForTraining } from '../src-shared/abc/clean'
import { cmp } from '../src-shared/abc/rational'
import { RhythmTracker } from '../src-shared/abc/rhythm-tracker'
import { splitTunes } from '../src-shared/abc/split'
import type { BenchSection, JsonValue } from './section'

const CORPUS = fileURLToPath(new URL('../resources/corpus/nottingham', import.meta.url))

interface Tune {
  file: string
  x: number | null
  text: string
}

function loadCorpus(): Tune[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.abc'))
    .sort()
    .flatMap((file) => splitTunes(readFileSync(`${CORPUS}/${file}`, 'utf8')).tunes.map((t) => ({ file, x: t.xNumber, text: t.text })))
}

/** What kind of wrong a wrong bar is. */
function kindOf(b: JudgedBar): string {
  const { bar } = b
  if (bar.mixedRest) return 'multi-measure rest mixed with notes'
  const long = bar.meter.bar !== null && cmp(bar.length, bar.meter.bar) > 0
  if (bar.pickupEligible) return 'first bar of a section longer than the meter'
  const closing = bar.closing === '' || /[:\]]|\|\||^\[/.test(bar.closing) || bar.followedByBoundary
  if (long) return closing ? 'closing bar too long' : 'bar too long'
  return closing ? 'closing bar short, no pickup makes up the rest' : 'bar too short (mid-section)'
}

/** abcjs's warning kinds: the message up to the first colon. */
function abcjsKinds(text: string, counts: Map<string, number>): number {
  const warnings = abcjs.parseOnly(text)[0]?.warnings ?? []
  for (const w of warnings) {
    const kind = /^Music Line:\d+:\d+: ([^:]*)/.exec(w)?.[1] ?? 'other'
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  return warnings.length
}

const toObject = (m: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1]))

function refusesSomewhere(text: string): boolean {
  const tracker = new RhythmTracker()
  for (const ch of text) {
    if (!tracker.allows(ch)) return true
    tracker.push(ch)
  }
  return false
}

function corpusFigures(tunes: Tune[]): Record<string, JsonValue> {
  let allRight = 0
  let checked = 0
  let wrong = 0
  let interior = 0
  let interiorWrong = 0
  let interiorClean = 0
  let rawWarned = 0
  let cleanWarned = 0
  let yBeforeK = 0
  let yAfterK = 0
  let trackerRefuses = 0
  const rawKinds = new Map<string, number>()
  const cleanKinds = new Map<string, number>()
  const wrongKinds = new Map<string, { bars: number; tunes: Set<string>; example: string }>()
  for (const t of tunes) {
    const lines = t.text.split('\n')
    const y = lines.findIndex((l) => l.startsWith('Y:'))
    const k = lines.findIndex((l) => l.startsWith('K:'))
    if (y >= 0) {
      if (y < k) yBeforeK++
      else yAfterK++
    }
    const cleaned = cleanForTraining(t.text)
    if (abcjsKinds(t.text, rawKinds) > 0) rawWarned++
    if (abcjsKinds(cleaned, cleanKinds) > 0) cleanWarned++
    const result = checkBars(cleaned)
    checked += result.checked
    wrong += result.wrong
    if (result.wrong === 0) {
      allRight++
      if (refusesSomewhere(cleaned)) trackerRefuses++
    }
    const inner = result.bars.filter((b) => b.interior && b.judged)
    interior += inner.length
    const innerWrong = inner.filter((b) => !b.right).length
    interiorWrong += innerWrong
    if (innerWrong === 0) interiorClean++
    for (const b of result.bars.filter((x) => !x.right)) {
      const kind = kindOf(b)
      const entry = wrongKinds.get(kind) ?? { bars: 0, tunes: new Set<string>(), example: `${t.file} X:${t.x}: ${b.message}` }
      entry.bars++
      entry.tunes.add(`${t.file}#${t.x}`)
      wrongKinds.set(kind, entry)
    }
  }
  return {
    tunes: tunes.length,
    tunesWithAllJudgedBarsRight: allRight,
    // Tunes whose bars all check out in hindsight, yet where the sampler's tracker refuses a
    // character while writing (it cannot know the future: see rhythm-tracker.ts).
    trackerRefusesACharacterInThoseTunes: trackerRefuses,
    barsJudged: checked,
    barsWrong: wrong,
    interiorBars: { judged: interior, wrong: interiorWrong, tunesWithNoneWrong: interiorClean },
    abcjsWarnsAbout: { raw: rawWarned, afterCleanForTraining: cleanWarned },
    abcjsWarningKinds: { raw: toObject(rawKinds), afterCleanForTraining: toObject(cleanKinds) },
    yField: { beforeK: yBeforeK, afterK: yAfterK },
    wrongBarKinds: Object.fromEntries(
      [...wrongKinds.entries()].map(([kind, e]) => [kind, { bars: e.bars, tunes: e.tunes.size, example: e.example }]),
    ),
  }
}

function timing(tunes: Tune[], quick: boolean): Record<string, JsonValue> {
  const sample = tunes.slice(0, quick ? 20 : 100).map((t) => cleanForTraining(t.text))
  const vocab = Array.from(new Set(tunes.map((t) => t.text).join('')))
  let calls = 0
  let started = performance.now()
  for (const text of sample) {
    const tracker = new RhythmTracker()
    for (const ch of text) {
      for (const c of vocab) tracker.allows(c)
      calls += vocab.length
      tracker.push(ch)
    }
  }
  const allowsUs = ((performance.now() - started) * 1000) / calls

  const prompt = RhythmTracker.fromPrompt(sample[0])
  const clones = quick ? 50_000 : 500_000
  started = performance.now()
  let n = 0
  for (let i = 0; i < clones; i++) n += prompt.clone().barsWritten
  const cloneUs = ((performance.now() - started) * 1000) / clones

  started = performance.now()
  for (const t of tunes) checkTune(t.text)
  const checkTuneMs = (performance.now() - started) / tunes.length
  started = performance.now()
  for (const t of tunes) checkBars(t.text)
  const barCheckMs = (performance.now() - started) / tunes.length

  return {
    allowsMicroseconds: Math.round(allowsUs * 1000) / 1000,
    allowsCalls: calls,
    vocabSize: vocab.length,
    cloneMicroseconds: Math.round(cloneUs * 1000) / 1000,
    checkTuneMsPerTune: Math.round(checkTuneMs * 1000) / 1000,
    barCheckMsPerTune: Math.round(barCheckMs * 1000) / 1000,
    // Keeps the clone loop from being optimised away.
    barsSeen: n > 0 ? 1 : 0,
  }
}

export const abcSection: BenchSection = {
  name: 'abc',
  async run({ quick, log }) {
    const tunes = loadCorpus()
    log(`abc: ${tunes.length} tunes`)
    return { corpus: corpusFigures(tunes), speed: timing(tunes, quick) }
  },
}
