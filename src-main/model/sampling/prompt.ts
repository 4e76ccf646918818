/**
 * Prompts: the tune text the LSTM is primed with.
 * - From a header the user picks: a well-formed tune header in the corpus's conventions
 *   (`X: 1` with its space, then T:, M:, L:, R:, K: in the order the Nottingham files use).
 * - From text the user wrote: the tune being continued, i.e. the last tune of the text.
 */

export interface HeaderFields {
  title?: string
  /** M: e.g. '6/8', 'C', 'C|'. */
  meter: string
  /** K: e.g. 'G', 'Am', 'D mix'. */
  key: string
  /** L: e.g. '1/8'; omitted → what the corpus uses with that meter (see `corpusUnitLength`). */
  unitLength?: string
  /** R: e.g. 'jig', 'Hornpipe'. */
  rhythm?: string
}

/** The prompt for "generate from a header": ends with the `K:` line and its newline. */
export function headerPrompt(header: HeaderFields): string {
  const clean = (value: string): string => value.replace(/[\r\n]+/g, ' ').trim()
  const lines = ['X: 1', `T:${clean(header.title ?? '') || 'Untitled'}`, `M:${clean(header.meter)}`]
  const unitLength = header.unitLength?.trim() ? clean(header.unitLength) : corpusUnitLength(clean(header.meter))
  if (unitLength) lines.push(`L:${unitLength}`)
  if (header.rhythm?.trim()) lines.push(`R:${clean(header.rhythm)}`)
  lines.push(`K:${clean(header.key)}`)
  return lines.join('\n') + '\n'
}

/**
 * The unit length the Nottingham files use with a meter, so the model writes note lengths in the
 * habit it learned: meters over 4 (4/4, 3/4, 2/4, 6/4, C) come with `L:1/4` (569 of 585 tunes);
 * meters over 8 or 2 (6/8, 9/8, 2/2, C|) have no `L:` (the ABC default, 1/8). Without this, a
 * 4/4 header gets the default 1/8 while the model counts in quarters, and half its bars come out
 * half as long as the meter.
 */
export function corpusUnitLength(meter: string): string | null {
  const m = /^(\d+)\/(\d+)$/.exec(meter.trim())
  if (m) return m[2] === '4' ? '1/4' : null
  return meter.trim() === 'C' ? '1/4' : null
}

/**
 * The tune to continue: from the last `X:` line of the text (or the start, when it has none, e.g.
 * a fragment of a body) up to the first blank line, which ends a tune in ABC. It is the user's
 * text byte for byte (CRLF line ends included): the result of a continuation starts with it, and
 * only the model's view of it is mapped (abc/dialect.ts). A line end after the tune's last line is
 * kept, so the model starts a new line rather than extending the last one.
 */
export function tuneToContinue(text: string): string {
  // Split at LF only: a CR before it stays at the end of its line, so joining gives the bytes back.
  const lines = text.split('\n')
  let start = 0
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^X:/.test(lines[i])) {
      start = i
      break
    }
  }
  while (start < lines.length - 1 && lines[start].trim() === '') start++
  let end = start
  while (end < lines.length && (end === start || lines[end].trim() !== '')) end++
  const tune = lines.slice(start, end).join('\n')
  // A line after the last tune line (blank or not) means the user ended that line.
  return end < lines.length && tune !== '' ? tune + '\n' : tune
}
