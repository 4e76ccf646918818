/**
 * Information fields in the part the model wrote. A continuation that writes `M:9/8`, `L:1/4`,
 * `K:`, `P:` or starts a new tune with `X:`/`T:` changes what the musician's tune is, which no
 * bar count reveals; so each such field (a line, or an inline `[M:...]`) is reported, unless the
 * musician's own part already uses that field in the tune's body (a tune written with `P:` parts
 * or mid-tune key changes may be continued in its own way). `X:` is always reported: it starts
 * another tune. Comments (`%`), `%%` directives and lyrics (`w:`) are not fields of this kind.
 */
import type { Diagnostic } from '../contract/abc'

/** Fields that change the tune's meter, length, key, part or identity. */
const TUNE_FIELDS = new Set(['X', 'T', 'M', 'L', 'K', 'P', 'Q', 'V', 'R'])
const FIELD_LINE = /^([A-Za-z]):/
const INLINE_FIELD = /\[([A-Za-z]):[^\]\n]*\]/g

interface Found {
  letter: string
  /** Offset of the field's first character in the tune. */
  at: number
  length: number
}

function fieldsIn(text: string, from: number, to: number): Found[] {
  const found: Found[] = []
  let offset = 0
  for (const line of text.split('\n')) {
    const end = offset + line.length
    if (end >= from && offset < to && !line.startsWith('%')) {
      const m = FIELD_LINE.exec(line)
      if (m) {
        found.push({ letter: m[1], at: offset, length: line.length })
      } else {
        const music = line.replace(/%.*$/, '').replace(/"[^"]*"/g, (q) => ' '.repeat(q.length))
        for (const f of music.matchAll(INLINE_FIELD)) found.push({ letter: f[1], at: offset + (f.index ?? 0), length: f[0].length })
      }
    }
    offset = end + 1
  }
  return found
}

/** Offset of the body: the character after the first `K:` line, or 0 when there is none. */
function bodyStart(text: string): number {
  const k = /^K:.*$/m.exec(text)
  return k ? k.index + k[0].length + 1 : 0
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
}

/**
 * Fields written at or after `generatedFrom` (an offset into `tuneText`) that the part before it
 * does not use in its body.
 */
export function checkGeneratedFields(tuneText: string, generatedFrom: number): Diagnostic[] {
  const from = Math.max(0, Math.min(generatedFrom, tuneText.length))
  const body = bodyStart(tuneText)
  const promptUses = new Set(fieldsIn(tuneText, Math.min(body, from), from).filter((f) => f.at >= body && f.at + 1 < from).map((f) => f.letter))
  return fieldsIn(tuneText, from, tuneText.length)
    // The field is the model's when its `:` is: a prompt that ends with "M" and a model that writes ":6/8" still changed the meter.
    .filter((f) => f.at + 1 >= from && TUNE_FIELDS.has(f.letter) && (f.letter === 'X' || !promptUses.has(f.letter)))
    .map((f) => {
      const { line, column } = position(tuneText, f.at)
      const written = tuneText.slice(f.at, f.at + f.length).trim()
      const why = f.letter === 'X'
        ? 'which starts another tune'
        : `which changes the tune's ${FIELD_NAMES[f.letter] ?? f.letter + ':'}; the part you wrote has no ${f.letter}: field in its body`
      return {
        line,
        column,
        endColumn: column + f.length,
        severity: 'warning' as const,
        source: 'fields' as const,
        message: `the continuation writes ${written}, ${why}`,
      }
    })
}

const FIELD_NAMES: Record<string, string> = {
  T: 'title', M: 'meter', L: 'unit note length', K: 'key', P: 'part', Q: 'tempo', V: 'voice', R: 'rhythm',
}
