/**
 * A tune's own chord symbols, bar by bar: what the harmoniser learns from (harmonyExamples) and
 * what the bench compares suggestions with (bench/cocompose.ts).
 */
import { readHeaders } from '../../../src-shared/abc/headers'
import { toModelDialect } from '../../../src-shared/abc/dialect'
import { suffixLength } from '../../../src-shared/abc/dialect-tokens'
import { chordOffset, layoutFeatures, tuneLayout } from './chords'
import { keyHarmony, readChord } from './harmony'
import { chordClass } from './harmony-features'
import type { BarExample } from './harmony-training'
import { LEADING_QUOTED, NOTE_OR_REST, QUOTED } from './mid-bar'
import { locateBars, tuneSpans } from './selection'

/** Each bar's text, from its start to the next bar's. */
function barTexts(tune: string): string[] {
  const bars = locateBars(tune, tuneSpans(tune)[0])
  return bars.map((b, i) => tune.slice(b.start, i + 1 < bars.length ? bars[i + 1].start : tune.length))
}

/** The chord sounding at the start of each bar: the symbol the bar starts with, else the last one before it. */
export const chordsAtBarStarts = (tune: string): (string | null)[] => startsOf(barTexts(tune))

function startsOf(texts: string[]): (string | null)[] {
  let current: string | null = null
  return texts.map((text) => {
    const at = LEADING_QUOTED.exec(text.slice(chordOffset(text)))?.[1] ?? current
    const all = [...text.matchAll(/"([^"]*)"/g)]
    if (all.length > 0) current = all[all.length - 1][1]
    return at
  })
}

/** A chord symbol, or a note or rest with its length (mid-bar.ts's pattern), in a bar's text. */
const SYMBOL_OR_NOTE = new RegExp(`"([^"]*)"|${NOTE_OR_REST.source}`, 'g')

/** The chord sounding at the middle of each bar (texts; starts: the chord sounding at each one's start): the last symbol written at or before half its length, else the one sounding at its start. */
function middlesOf(texts: string[], starts: (string | null)[]): (string | null)[] {
  return texts.map((text, i) => {
    const tokens = [...text.slice(chordOffset(text)).matchAll(SYMBOL_OR_NOTE)]
    const total = tokens.reduce((sum, m) => sum + (m[1] === undefined ? lengthOf(m[2]) : 0), 0)
    let onset = 0
    let sounding = starts[i]
    for (const m of tokens) {
      if (m[1] !== undefined) {
        if (onset <= total / 2 + 1e-9) sounding = m[1]
      } else onset += lengthOf(m[2])
    }
    return sounding
  })
}

const lengthOf = (suffix: string): number => {
  const l = suffixLength(suffix)
  return l.n / l.d
}

/** The chord symbols each bar has after its start (changes of chord inside the bar), in order. */
export function chordsInsideBars(tune: string): string[][] {
  return barTexts(tune).map((text) => {
    const inside = text.slice(chordOffset(text)).replace(LEADING_QUOTED, '')
    return [...inside.matchAll(/"([^"]*)"/g)].map((m) => m[1])
  })
}

/**
 * One tune (one X:) with chord symbols, as the harmoniser's examples: each harmonised bar's
 * features, read exactly as the decoder reads them (symbols taken out, the model's dialect), and
 * the class of the chord sounding at its start, with the bar's model text. None for a key with no tonic.
 */
export function harmonyExamples(tune: string): (BarExample & { segment: string })[] {
  const harmony = keyHarmony(readHeaders(tune).key ?? '')
  if (!harmony) return []
  const texts = barTexts(tune)
  const truth = startsOf(texts)
  const middles = middlesOf(texts, truth)
  const stripped = tune.replace(QUOTED, '')
  const span = tuneSpans(stripped)[0]
  if (!span) return []
  const layout = tuneLayout(stripped, span, (piece) => toModelDialect(piece).text)
  const features = layoutFeatures(layout, harmony)
  return layout.bars.flatMap((_, i) => {
    const chord = layout.harmonised[i] ? readChord(truth[i] ?? '') : null
    const middle = readChord(middles[i] ?? '')
    return chord ? [{ x: features[i], start: chordClass(chord, harmony), middle: chordClass(middle ?? chord, harmony), segment: layout.segments[i] }] : []
  })
}
