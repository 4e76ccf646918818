/**
 * 'dialect' section: does the model read a tune written the way players write it as well as the
 * Nottingham spelling? The default model's bits/char (as `cli eval` counts it: each tune from a
 * zeroed state, see score-tunes.ts) on the Nottingham validation tunes (corpus ordinal % 10 == 9)
 * three ways:
 * - `original`: the tunes as the corpus writes them;
 * - `mapped`: the same tunes rewritten into the `>`/grace-note dialect (abc/dialect.ts
 *   toBrokenDialect: dotted pairs as `a>b`, a grace note before every 5th beam) and scored through
 *   the dialect mapping, as `eval` and the composer read them; must be within 0.05 of `original`;
 * - `unmapped`: the rewritten tunes with the characters the vocabulary lacks simply dropped (what
 *   happened before the mapping: `a>b` read as `ab`, `{gag}` as `gag`).
 */
import path from 'node:path'
import { cleanForTraining } from '../src-shared/abc'
import { toBrokenDialect } from '../src-shared/abc/dialect'
import { isValidationTune } from '../src-main/model/corpus/split'
import { readShippedModel, shippedWeights } from '../src-main/model/default-model'
import { chooseEngine } from '../src-main/model/training/backend'
import { scoreTunes } from '../src-main/model/training/score-tunes'
import { bundledCorpusRows } from './bundled-corpus'
import type { BenchSection, JsonValue } from './section'

const resourcesDir = path.resolve(import.meta.dirname, '../resources')
/**
 * --quick scores this many validation tunes, the first ones with broken rhythm once rewritten
 * (each is scored three times at about a millisecond a character).
 */
const QUICK_TUNES = 4
/** The mapped figure must stay this close to the original's (issue 10). */
const MAX_GAP = 0.05

const round = (x: number): number => Math.round(x * 10_000) / 10_000

/** The Nottingham validation tunes, cleaned as for training. */
function validationTunes(): string[] {
  return bundledCorpusRows().filter((t) => isValidationTune(t.ordinal)).map((t) => cleanForTraining(t.abc))
}

export const dialectSection: BenchSection = {
  name: 'dialect',
  async run({ quick, log }) {
    const shipped = await readShippedModel(resourcesDir)
    if (!shipped) return { defaultModel: null }
    const all = validationTunes()
    const tunes = quick ? all.filter((t) => toBrokenDialect(t).includes('>')).slice(0, QUICK_TUNES) : all
    const rewritten = tunes.map((t) => toBrokenDialect(t))
    const engine = await chooseEngine()
    const weights = await shippedWeights(shipped)
    log(`dialect: scoring ${tunes.length} validation tunes three ways...`)
    const original = scoreTunes(engine, weights, shipped.vocab, tunes)
    const mapped = scoreTunes(engine, weights, shipped.vocab, rewritten)
    // Dropping what the vocabulary lacks first leaves the mapping nothing to map: the old reading.
    const unmapped = scoreTunes(engine, weights, shipped.vocab, rewritten.map((t) => shipped.vocab.conform(t).text))
    const gap = round(mapped.bitsPerChar - original.bitsPerChar)
    const result: Record<string, JsonValue> = {
      engine: engine.describe(),
      tunes: tunes.length,
      tunesWithBrokenRhythm: rewritten.filter((t) => /[<>]/.test(t)).length,
      brokenRhythmMarks: rewritten.reduce((n, t) => n + (t.match(/[<>]+/g) ?? []).length, 0),
      graceNoteGroups: rewritten.reduce((n, t) => n + (t.match(/\{/g) ?? []).length, 0),
      originalBitsPerChar: round(original.bitsPerChar),
      mappedBitsPerChar: round(mapped.bitsPerChar),
      unmappedBitsPerChar: round(unmapped.bitsPerChar),
      mappedMinusOriginal: gap,
      withinLimit: Math.abs(gap) <= MAX_GAP,
      mapping: mapped.dialectSummary,
    }
    return result
  },
}
