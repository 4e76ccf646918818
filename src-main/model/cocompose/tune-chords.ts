/**
 * A tune's own chord symbols, bar by bar: what the harmoniser learns from (harmonyExamples) and
 * what the bench compares suggestions with (bench/cocompose.ts).
 */
import { readHeaders } from '../../../src-shared/abc/headers'
import { toModelDialect } from '../../../src-shared/abc/dialect'
import { chordOffset, tuneLayout } from './chords'
import { keyHarmony, readChord } from './harmony'
import { barFeatures, chordClass } from './harmony-features'
import type { HarmonyExample } from './harmony-model'
import { QUOTED } from './mid-bar'
import { locateBars, tuneSpans } from './selection'

/** Each bar's text, from its start to the next bar's. */
function barTexts(tune: string): string[] {
  const bars = locateBars(tune, tuneSpans(tune)[0])
  return bars.map((b, i) => tune.slice(b.start, i + 1 < bars.length ? bars[i + 1].start : tune.length))
}

/** The chord sounding at the start of each bar: the symbol the bar starts with, else the last one before it. */
export function chordsAtBarStarts(tune: string): (string | null)[] {
  let current: string | null = null
  return barTexts(tune).map((text) => {
    const at = /^"([^"]*)"/.exec(text.slice(chordOffset(text)))?.[1] ?? current
    const all = [...text.matchAll(/"([^"]*)"/g)]
    if (all.length > 0) current = all[all.length - 1][1]
    return at
  })
}

/** The chord symbols each bar has after its start (changes of chord inside the bar), in order. */
export function chordsInsideBars(tune: string): string[][] {
  return barTexts(tune).map((text) => {
    const inside = text.slice(chordOffset(text)).replace(/^"[^"]*"/, '')
    return [...inside.matchAll(/"([^"]*)"/g)].map((m) => m[1])
  })
}

/**
 * One tune (one X:) with chord symbols, as the harmoniser's examples: each harmonised bar's
 * features, read exactly as the decoder reads them (symbols taken out, the model's dialect), and
 * the class of the chord sounding at its start, with the bar's model text. None for a key with no tonic.
 */
export function harmonyExamples(tune: string): (HarmonyExample & { segment: string })[] {
  const harmony = keyHarmony(readHeaders(tune).key ?? '')
  if (!harmony) return []
  const truth = chordsAtBarStarts(tune)
  const stripped = tune.replace(QUOTED, '')
  const span = tuneSpans(stripped)[0]
  if (!span) return []
  const layout = tuneLayout(stripped, span, (piece) => toModelDialect(piece).text)
  const features = barFeatures(layout.segments.map((segment, i) => ({ segment, opening: layout.bars[i].record.opening, closing: layout.bars[i].record.closing })), harmony)
  return layout.bars.flatMap((_, i) => {
    const chord = layout.harmonised[i] ? readChord(truth[i] ?? '') : null
    return chord ? [{ x: features[i], y: chordClass(chord, harmony), segment: layout.segments[i] }] : []
  })
}
