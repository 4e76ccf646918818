/**
 * Which engraved note stands for the character under the editor's cursor. abcjs gives every
 * drawn element the [startChar, endChar) of its ABC text, in offsets of the string it was given.
 */
export interface CharSpan {
  start: number
  end: number
}

/**
 * The index of the span containing `offset`, or of the span ending right at it (a cursor just
 * after a note belongs to that note, as a text cursor after a word does); -1 when none.
 */
export function spanAtOffset(spans: readonly CharSpan[], offset: number): number {
  let after = -1
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]
    if (s.start <= offset && offset < s.end) return i
    if (s.end === offset) after = i
  }
  return after
}
