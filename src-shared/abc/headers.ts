/**
 * Reads a tune's information fields. The header is every line from `X:` up to and including the
 * first `K:` line; fields after that (mid-tune `M:`, `K:`, `P:` ...) belong to the body and are
 * reported separately so the meter/key "of the tune" is the one it starts in.
 */

export interface TuneHeaders {
  /** Header fields in order of appearance, by letter: `{ T: ['Abacus', 'Alt title'] }`. */
  fields: Record<string, string[]>
  title: string
  key: string | null
  meter: string | null
  /** The default note length `L:` given in the header, or null (then the meter decides). */
  unitLength: string | null
  rhythm: string | null
  /** 0-based index of the first body line (the line after `K:`), or the line count when no `K:`. */
  bodyStart: number
}

const FIELD = /^([A-Za-z]):(.*)$/

export function readHeaders(tuneText: string): TuneHeaders {
  const lines = tuneText.split('\n')
  const fields: Record<string, string[]> = {}
  let bodyStart = lines.length
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line.startsWith('%')) continue
    const m = FIELD.exec(line)
    if (!m) continue
    const letter = m[1]
    const value = m[2].replace(/%.*$/, '').trim()
    ;(fields[letter] ??= []).push(value)
    if (letter === 'K') {
      bodyStart = i + 1
      break
    }
  }
  const first = (letter: string): string | null => fields[letter]?.[0] ?? null
  return {
    fields,
    title: first('T') ?? 'Untitled',
    key: first('K'),
    meter: first('M'),
    unitLength: first('L'),
    rhythm: first('R'),
    bodyStart,
  }
}
