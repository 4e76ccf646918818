/**
 * The tokens the dialect mapping (dialect.ts) needs: notes, rests and chords with their written
 * length suffix, broken-rhythm marks, the constructs hidden from the model (grace notes,
 * `!decorations!`, `+decorations+`), barriers (field lines, blank lines) across which no broken
 * rhythm reaches, and everything else as plain text kept as written. The tokens cover the text
 * without gaps, in order, so concatenating their slices gives the text back.
 *
 * This is a scanner for rewriting, not a rhythm checker: bar lengths are the tracker's business
 * (rhythm-tracker.ts). It agrees with the tracker and abcjs on what a note and its length are.
 */
import { frac, mul, type Frac } from './rational'

export type HiddenKind = 'grace' | 'decoration'

export type Token =
  | { kind: 'text'; start: number; end: number }
  /** A field line (`K:G`, `P:B`, `w:`...) or a blank line: broken rhythm does not reach across it. */
  | { kind: 'barrier'; start: number; end: number }
  | { kind: 'hidden'; what: HiddenKind; start: number; end: number }
  /** `>`, `>>`, `<`...: `dir` 1 for `>`, -1 for `<`, 0 when both are mixed. */
  | { kind: 'broken'; dir: number; count: number; start: number; end: number }
  | NoteToken

/** A note, rest or chord; `headEnd` is where its length suffix starts (after `]` for a chord). */
export interface NoteToken {
  kind: 'note'
  start: number
  end: number
  headEnd: number
  /** The written suffix as a multiple of the unit length (`3/2` → 3/2, none → 1). */
  length: Frac
  rest: boolean
  chord: boolean
}

const FIELD_LINE = /^(?:[A-Za-z]|\+):/
const INLINE_FIELD = /^\[[A-Za-z]:/
const isDigit = (c: string): boolean => c >= '0' && c <= '9'
const isNoteLetter = (c: string): boolean => (c >= 'A' && c <= 'G') || (c >= 'a' && c <= 'g')
const isAccidental = (c: string): boolean => c === '^' || c === '_' || c === '='
const isOctave = (c: string): boolean => c === ',' || c === "'"

/** The multiple of the unit length a suffix such as `3/2`, `/`, `//`, `/4` writes (as the tracker reads it). */
export function suffixLength(suffix: string): Frac {
  const m = /^(\d*)((?:\/\d*)*)$/.exec(suffix)
  if (!m) throw new Error(`not a length suffix: ${suffix}`)
  let length = frac(m[1] === '' ? 1 : Number(m[1]))
  for (const part of m[2].split('/').slice(1)) length = mul(length, frac(1, part === '' ? 2 : Math.max(1, Number(part))))
  return length
}

/** How the model's corpus writes a multiple of the unit length: `` (1), `3`, `/2`, `3/2`. */
export function formatLength(length: Frac): string {
  if (length.d === 1) return length.n === 1 ? '' : String(length.n)
  return length.n === 1 ? `/${length.d}` : `${length.n}/${length.d}`
}

/** End of the length suffix starting at `i`. */
function suffixEnd(text: string, i: number): number {
  while (i < text.length && (isDigit(text[i]) || text[i] === '/')) i++
  return i
}

/** End of the line holding `i` (index of its `\n`, or the text's end). */
function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i)
  return n < 0 ? text.length : n
}

/** A note or rest starting at `i` (accidentals, letter, octave marks), or null. */
function noteAt(text: string, i: number): NoteToken | null {
  let j = i
  while (j < text.length && isAccidental(text[j])) j++
  const letter = text[j] ?? ''
  const rest = letter === 'z' || letter === 'x'
  if (!isNoteLetter(letter) && !(rest && j === i)) return null
  j++
  while (j < text.length && isOctave(text[j])) j++
  const end = suffixEnd(text, j)
  return { kind: 'note', start: i, end, headEnd: j, length: suffixLength(text.slice(j, end)), rest, chord: false }
}

/** A chord `[CEG]` with its suffix starting at `i`, or null when the brackets hold something else. */
function chordAt(text: string, i: number): NoteToken | null {
  const close = text.indexOf(']', i)
  const stop = lineEnd(text, i)
  if (close < 0 || close > stop) return null
  const inner = text.slice(i + 1, close)
  if (!/[A-Ga-g]/.test(inner) || /[[|"!{]/.test(inner)) return null
  const end = suffixEnd(text, close + 1)
  return { kind: 'note', start: i, end, headEnd: close + 1, length: suffixLength(text.slice(close + 1, end)), rest: false, chord: true }
}

/** A construct delimited by `open` … `close` on one line (`!trill!`, `{gag}`, `"G"`), or -1. */
function closingOnLine(text: string, i: number, close: string): number {
  const at = text.indexOf(close, i + 1)
  return at < 0 || at > lineEnd(text, i) ? -1 : at + 1
}

/** The next token of music at `i` (not at a line start). */
function musicToken(text: string, i: number): Token {
  const c = text[i]
  if (c === '%' || c === '"') {
    const end = c === '%' ? lineEnd(text, i) : closingOnLine(text, i, '"')
    return { kind: 'text', start: i, end: end < 0 ? lineEnd(text, i) : end }
  }
  if (c === '!' || c === '+' || c === '{') {
    const end = closingOnLine(text, i, c === '{' ? '}' : c)
    if (end > 0) return { kind: 'hidden', what: c === '{' ? 'grace' : 'decoration', start: i, end }
    return { kind: 'text', start: i, end: i + 1 }
  }
  if (c === '>' || c === '<') {
    let end = i
    while (text[end] === '>' || text[end] === '<') end++
    const run = text.slice(i, end)
    const dir = /^>+$/.test(run) ? 1 : /^<+$/.test(run) ? -1 : 0
    return { kind: 'broken', dir, count: end - i, start: i, end }
  }
  if (c === '[') {
    if (INLINE_FIELD.test(text.slice(i, i + 3))) {
      const end = closingOnLine(text, i, ']')
      return { kind: 'text', start: i, end: end < 0 ? lineEnd(text, i) : end }
    }
    return chordAt(text, i) ?? { kind: 'text', start: i, end: i + 1 }
  }
  const note = noteAt(text, i)
  if (note) return note
  // Multi-measure rests and tuplet specs carry digits of their own, which are not a note's length.
  if (c === 'Z' || c === 'X' || c === '(') return { kind: 'text', start: i, end: suffixEnd(text, i + 1) }
  return { kind: 'text', start: i, end: i + 1 }
}

/** The tokens of `text` (see the file comment); `atLineStart` false when it starts mid-line. */
export function tokenize(text: string, atLineStart = true): Token[] {
  const tokens: Token[] = []
  let i = 0
  let lineStart = atLineStart
  while (i < text.length) {
    if (lineStart) {
      lineStart = false
      const end = lineEnd(text, i)
      const line = text.slice(i, end)
      if (FIELD_LINE.test(line) || line.trim() === '') {
        tokens.push({ kind: 'barrier', start: i, end })
        i = end
        continue
      }
    }
    if (text[i] === '\n') {
      tokens.push({ kind: 'text', start: i, end: i + 1 })
      lineStart = true
      i++
      continue
    }
    const token = musicToken(text, i)
    tokens.push(token)
    i = token.end
  }
  return tokens
}

/** The factors `>` ×count gives the note before and after (`>`: 3/2 and 1/2; `>>`: 7/4 and 1/4). */
export function brokenFactors(dir: number, count: number): { before: Frac; after: Frac } {
  const short = frac(1, 2 ** count)
  const long = frac(2 ** (count + 1) - 1, 2 ** count)
  return dir > 0 ? { before: long, after: short } : { before: short, after: long }
}
