/**
 * Where a change of chord at a bar's middle goes in the musician's text. The decoder (chords.ts)
 * finds the middle in the model's text of the bar: the note that starts at half the bar's length,
 * after a space (`halfway`). The musician's text differs from it (chord symbols taken out,
 * broken rhythm written as lengths, grace notes and decorations hidden), so the note is found
 * again by its place among the bar's notes, through the dialect's offsets, and the symbol goes
 * after the space before it: before its grace notes, decorations or chord symbol, as a musician
 * writes `A2 "D7"{g}f2`.
 */
import { toModelDialect } from '../../../src-shared/abc/dialect'
import { suffixLength } from '../../../src-shared/abc/dialect-tokens'
import { FIELD_LINE } from './harmony'

/** A note or rest and its length suffix, as the model's text writes them. */
export const NOTE_OR_REST = /[_^=]*[A-Ga-gz][,']*(\d*(?:\/\d*)*)/g

/** Quoted strings (chord symbols, annotations), and one at the start of a text. */
export const QUOTED = /"[^"]*"/g
export const LEADING_QUOTED = /^"([^"]*)"/

/** The bar line that ends a bar's text, with the next ending's mark and the spaces after it (`|`, `:|[2 `, `|1 `, `|]`). */
export const TRAILING_BAR_LINE = /\s*[|:\]]+(?:\[?\d[-,\d]*)?\s*$/

/**
 * Where in a bar's model text the note starting at half its length is, when a space comes before
 * it; null otherwise (tuplets, chords and inline fields are not measured; the next ending's `[2`
 * after the bar line is not the bar's). `fullBar`: the metre's bar over this bar's length, for a
 * short bar measured against a whole one.
 */
export function halfway(segment: string, fullBar = 1): number | null {
  // A field line after the bar line (`P:B`, `K:D`) is not the bar's: blanked, so offsets hold.
  const music = segment.replace(FIELD_LINE, (line) => ' '.repeat(line.length))
  if (/[([{]/.test(music.replace(TRAILING_BAR_LINE, ''))) return null
  const notes = [...music.matchAll(NOTE_OR_REST)].map((m) => ({ at: m.index, length: suffixLength(m[1]) }))
  // A short bar that closes a part (its pickup comes after) is measured against the whole bar its notes begin.
  const total = notes.reduce((sum, n) => sum + n.length.n / n.length.d, 0) * fullBar
  let onset = 0
  for (const n of notes) {
    if (Math.abs(onset - total / 2) < 1e-9 && n.at > 0 && segment[n.at - 1] === ' ') return n.at
    onset += n.length.n / n.length.d
  }
  return null
}

/** The bar's text without its quoted strings, and for each of its characters the index in the bar. */
function withoutQuoted(bar: string): { plain: string; index: number[] } {
  let plain = ''
  const index: number[] = []
  let from = 0
  for (const m of [...bar.matchAll(QUOTED), { index: bar.length, 0: '' }]) {
    for (let i = from; i < m.index; i++) {
      plain += bar[i]
      index.push(i)
    }
    from = m.index + m[0].length
  }
  index.push(bar.length)
  return { plain, index }
}

export interface MidBarPlace {
  /** The range a chord symbol written there takes: empty, or the chord symbol already there. */
  start: number
  end: number
  existing: string | null
}

/**
 * The place in `text[from, to)` (one bar, from where its chord symbol goes) for a chord symbol
 * before the bar's note number `notesBefore` (0-based, counted in the model's text): after the
 * space before that note. Null when the musician's text has no space there.
 */
export function midBarPlace(text: string, from: number, to: number, notesBefore: number): MidBarPlace | null {
  const { plain, index } = withoutQuoted(text.slice(from, to))
  const view = toModelDialect(plain)
  const note = [...view.text.matchAll(NOTE_OR_REST)][notesBefore]
  if (!note) return null
  let start = from + index[view.offsets[note.index]]
  while (start > from && !/\s/.test(text[start - 1])) {
    // A quoted string before the note is passed whole (it may hold spaces).
    start = text[start - 1] === '"' ? Math.max(from, text.lastIndexOf('"', start - 2)) : start - 1
  }
  if (start === from) return null
  const existing = LEADING_QUOTED.exec(text.slice(start, to))
  return { start, end: existing ? start + existing[0].length : start, existing: existing ? existing[1] : null }
}

/** How many notes and rests a piece of the model's text has. */
export const countNotes = (segment: string): number => [...segment.matchAll(NOTE_OR_REST)].length
