/**
 * Between the API's 1-based line/column positions (abc.check diagnostics) and the editor's
 * 0-based character offsets.
 */
import type { Diagnostic } from '../../../src-shared/contract'

/** Offsets where each line starts (line 1 at index 0). */
export function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

export interface TextRange {
  from: number
  to: number
}

/**
 * The text a diagnostic points at, clamped into the document (the text may have changed since it
 * was checked). Without an end column it covers the rest of the word, at least one character.
 */
export function diagnosticRange(text: string, starts: readonly number[], d: Pick<Diagnostic, 'line' | 'column' | 'endColumn'>): TextRange {
  const lineIndex = Math.min(Math.max(d.line, 1), starts.length) - 1
  const lineStart = starts[lineIndex]
  const lineEnd = lineIndex + 1 < starts.length ? starts[lineIndex + 1] - 1 : text.length
  const from = Math.min(lineStart + Math.max(d.column, 1) - 1, lineEnd)
  let to: number
  if (d.endColumn !== undefined && d.endColumn > d.column) {
    to = Math.min(lineStart + d.endColumn - 1, lineEnd)
  } else {
    to = from
    while (to < lineEnd && !/\s/.test(text[to])) to++
  }
  if (to > from) return { from, to }
  // Mark something visible: the character there, or the last one of the line when at its end.
  if (from < lineEnd) return { from, to: from + 1 }
  return lineEnd > lineStart ? { from: lineEnd - 1, to: lineEnd } : { from, to: from }
}
