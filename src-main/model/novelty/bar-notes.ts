/**
 * A tune's bars as note sequences, for copy detection. Two bars are "the same" when they play
 * the same notes for the same durations, however they are written: spacing, chord symbols in
 * quotes, decorations, slurs and ties, grace notes, ending numbers and bar-line styles are
 * removed, and every duration is made absolute (note length × the tune's `L:`), so a copy
 * written with another unit length or with `A/` for `A/2` is still a copy.
 */
import { readHeaders } from '../../../src-shared/abc/headers'

/** Normalised bars of a tune, in reading order (parts and repeats as written, not expanded). */
export function tuneBars(tuneText: string): string[] {
  const headers = readHeaders(tuneText)
  const unit = unitLength(headers.unitLength, headers.meter)
  const lines = tuneText.replace(/\r\n?/g, '\n').split('\n').slice(headers.bodyStart)
  const music = lines
    .filter((line) => !/^[A-Za-z]:/.test(line) && !line.startsWith('%'))
    .map((line) => line.replace(/%.*$/, ''))
    .join('\n')
  return barsOfBody(music, unit)
}

/** The default note length: `L:`, else 1/16 below 3/4 and 1/8 otherwise (ABC 2.1, 3.1.7). */
export function unitLength(l: string | null, meter: string | null): Fraction {
  const m = l ? /^\s*(\d+)\s*\/\s*(\d+)/.exec(l) : null
  if (m && Number(m[2]) > 0) return reduce(Number(m[1]), Number(m[2]))
  const meterMatch = meter ? /^\s*(\d+)\s*\/\s*(\d+)/.exec(meter) : null
  if (meterMatch && Number(meterMatch[1]) / Number(meterMatch[2]) < 0.75) return [1, 16]
  return [1, 8]
}

type Fraction = [number, number]

const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) || 1 : gcd(b, a % b))
const reduce = (n: number, d: number): Fraction => {
  const g = gcd(n, d)
  return [n / g, d / g]
}

/** Splits body text (no field or comment lines) into normalised bars; empty bars are dropped. */
export function barsOfBody(body: string, unit: Fraction): string[] {
  const text = body
    .replace(/"[^"\n]*"?/g, ' ') // chord symbols and annotations
    .replace(/![^!\n]*!|\+[^+\n]*\+/g, ' ') // !trill! and +trill+ decorations
    .replace(/\{[^}]*\}/g, ' ') // grace notes
    .replace(/\[[A-Za-z]:[^\]\n]*\]/g, ' ') // inline fields [K:D]
    .replace(/\\\n/g, ' ')
  const bars: string[] = []
  let bar = ''
  const endBar = (): void => {
    if (bar) bars.push(bar)
    bar = ''
  }
  let i = 0
  while (i < text.length) {
    const ch = text[i]
    if (ch === '|' || (ch === ':' && text[i + 1] === ':')) {
      endBar()
      // The whole bar-line token, then an ending number (`|1`, `:|2`, `|[1`).
      while (i < text.length && /[|:\]]/.test(text[i])) i++
      if (text[i] === '[' && /\d/.test(text[i + 1] ?? '')) i++
      while (/\d/.test(text[i] ?? '') || (/[,-]/.test(text[i] ?? '') && /\d/.test(text[i + 1] ?? ''))) i++
      continue
    }
    if (ch === '[' && /\d/.test(text[i + 1] ?? '')) {
      // `[2` at a line start: an ending with its bar line on the previous line.
      i += 2
      continue
    }
    if (ch === '(' && /\d/.test(text[i + 1] ?? '')) {
      const m = /^\((\d)(?::(\d*))?(?::(\d*))?/.exec(text.slice(i))!
      bar += `(${m[1]}`
      i += m[0].length
      continue
    }
    if (ch === '>' || ch === '<') {
      bar += ch
      i++
      continue
    }
    const note = /^(?:[_^=]{0,2}[A-Ga-g][,']*|[zxZ])(\d*(?:\/+\d*)?)/.exec(text.slice(i, i + 24))
    if (note) {
      const pitch = note[0].slice(0, note[0].length - note[1].length)
      bar += (pitch === 'x' ? 'z' : pitch) + duration(note[1], unit)
      i += note[0].length
      continue
    }
    if (ch === '[') {
      // A chord of notes: its notes in written order, one duration for the chord.
      const close = text.indexOf(']', i)
      const inner = close > i ? text.slice(i + 1, close) : ''
      const pitches = inner.match(/[_^=]{0,2}[A-Ga-g][,']*/g) ?? []
      const after = /^(\d*(?:\/+\d*)?)/.exec(text.slice(close + 1))![1]
      if (pitches.length) bar += `[${pitches.join('')}]${duration(after, unit)}`
      i = close > i ? close + 1 + after.length : i + 1
      continue
    }
    // Spaces, ties, slurs, decoration letters and symbols: formatting, not notes.
    i++
  }
  endBar()
  return bars
}

/** Absolute duration of a written length ('', '2', '/2', '/', '//', '3/2') as a reduced fraction. */
function duration(written: string, unit: Fraction): string {
  let num = 1
  let den = 1
  const m = /^(\d*)(\/*)(\d*)$/.exec(written)
  if (m) {
    num = m[1] ? Number(m[1]) : 1
    if (m[2].length === 1) den = m[3] ? Number(m[3]) : 2
    else if (m[2].length > 1) den = 2 ** m[2].length
  }
  if (num === 0 || den === 0) return '0'
  const [n, d] = reduce(num * unit[0], den * unit[1])
  return `${n}/${d}`
}
