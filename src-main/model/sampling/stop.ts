/**
 * When a variation is finished. The sampler feeds every generated character to a `StopWatcher`,
 * which follows just enough ABC (quotes, comments, field lines, bar lines, endings) to see:
 *
 * - end of tune (always on): a blank line, or a new tune's `X:` line. The blank line / `X:` is
 *   not part of the result.
 * - 'line': the end of the current line of music. A line ending in `\` continues on the next one
 *   (ABC line continuation), and a field line (`P:B`) or comment line written first is not it.
 * - 'part': the end of the current part, defined as either
 *     a) a new `P:` line starting after some music was written (the `P:` is not kept), or
 *     b) a line ending in a closing bar line — `||`, `|]`, `:|`, `::` and the like — unless a
 *        first-time ending (`[1` / `|1`) is open, because then the second ending still belongs
 *        to this part (the Nottingham files write `... [1 A :|` then `[2 B ||` on the next line).
 * - {bars: N}: after N bar lines have been written. A bar line is one token however many
 *   characters it has (`|`, `||`, `:|`, `|]`, `::`, `[|`); the token is completed before stopping.
 *
 * The watcher first reads the prompt (without stopping) so that a prompt ending mid-line or
 * mid-part continues that line or part.
 */

export type StopMode = 'tune' | 'line' | 'part' | { bars: number }
export type StopReason = 'end-of-tune' | 'end-of-line' | 'end-of-part' | 'bars' | 'max-length'

export interface StopDecision {
  reason: StopReason
  /** How many of the last generated characters (including this one) to leave out of the result. */
  trim: number
}

export class StopWatcher {
  /** Bar lines written in the generated text. */
  bars = 0
  private line = ''
  private prev = '\n'
  /** The last character read, of any kind (for `\` line continuations). */
  private last = '\n'
  private inQuote = false
  private inComment = false
  private inInlineField = false
  private fieldLine = false
  /** A letter at a line start: it may begin a field line (`P:`), so it waits for the next character. */
  private pendingLetter = ''
  private inBarToken = false
  private barToken = ''
  /** The last bar-line token of this line when only spaces followed it ('' otherwise). */
  private trailingBarToken = ''
  private firstEndingOpen = false
  private musicWritten = false
  private finishingBars = false
  private generating = false

  constructor(private readonly mode: StopMode) {}

  /** Reads prompt text: updates the ABC state, never stops. */
  readPrompt(text: string): void {
    for (const ch of text) this.observe(ch)
  }

  /** Reads one generated character; returns a decision when the variation should stop here. */
  push(ch: string): StopDecision | null {
    this.generating = true
    const mode = this.mode
    if (this.finishingBars && !(ch === '|' || ch === ':' || ch === ']')) {
      // The bar-line token is complete; keep a line end, leave out anything else.
      return { reason: 'bars', trim: ch === '\n' ? 0 : 1 }
    }
    const lineBefore = this.line
    const continued = this.last === '\\'
    const closing = isClosingBar(this.inBarToken ? this.barToken : this.trailingBarToken)
    const endingOpen = this.firstEndingOpen
    const musicBefore = this.musicWritten
    const barsBefore = this.bars
    this.observe(ch)

    if (ch === ':' && lineBefore === 'X') return { reason: 'end-of-tune', trim: 2 }
    if (ch === '\n') {
      if (lineBefore.trim() === '') return { reason: 'end-of-tune', trim: lineBefore.length + 1 }
      // A field line (`P:B`) or comment line is not the line of music the user asked for.
      if (mode === 'line' && !continued && !/^([A-Za-z]:|%)/.test(lineBefore)) return { reason: 'end-of-line', trim: 0 }
      if (mode === 'part' && !continued && closing && !endingOpen) return { reason: 'end-of-part', trim: 0 }
    }
    if (mode === 'part' && ch === ':' && lineBefore === 'P' && musicBefore) return { reason: 'end-of-part', trim: 2 }
    if (typeof mode === 'object' && this.bars > barsBefore && this.bars >= mode.bars) this.finishingBars = true
    return null
  }

  private observe(ch: string): void {
    this.last = ch
    if (ch === '\n') {
      if (this.pendingLetter) this.music(this.pendingLetter)
      this.endBarToken()
      this.line = ''
      this.pendingLetter = ''
      this.trailingBarToken = ''
      this.inQuote = this.inComment = this.inInlineField = this.fieldLine = false
      this.prev = ch
      return
    }
    const atLineStart = this.line === ''
    this.line += ch
    if (atLineStart && /[A-Za-z]/.test(ch)) {
      this.pendingLetter = ch
      return
    }
    if (this.pendingLetter) {
      const letter = this.pendingLetter
      this.pendingLetter = ''
      if (ch === ':') {
        this.fieldLine = true
        return
      }
      this.music(letter)
    }
    if (atLineStart && ch === '%') this.inComment = true
    if (this.fieldLine || this.inComment) return
    this.music(ch)
  }

  /** A character of a music line (not a field line or comment). */
  private music(ch: string): void {
    const prev = this.prev
    this.prev = ch
    if (this.inQuote) {
      if (ch === '"') this.inQuote = false
      return
    }
    if (this.inInlineField) {
      if (ch === ']') this.inInlineField = false
      return
    }
    switch (ch) {
      case '%':
        this.inComment = true
        return
      case '"':
        this.endBarToken(true)
        this.inQuote = true
        return
      case '|':
        // `:|` — the colon before was waiting to see whether a bar line follows.
        if (!this.inBarToken) this.countBar(prev === ':' ? ':' : '')
        this.barToken += ch
        return
      case ':':
        if (prev === '[') this.inInlineField = true // `[K:D]` is a field, not a bar line
        else if (this.inBarToken) this.barToken += ch
        else if (prev === ':') this.countBar('::')
        return
      case ']':
        if (this.inBarToken) this.barToken += ch
        return
      case ' ':
      case '\\':
        this.endBarToken()
        return
      case '[':
        // `|[1` (an ending after a bar line) or `[CEG]` (a chord): nothing written yet.
        return
    }
    if (/[0-9]/.test(ch) && (prev === '[' || prev === '|' || prev === ':')) {
      // A numbered ending, `[1`, `|1`, `[2`...: the second ending closes the first.
      this.firstEndingOpen = ch === '1'
    }
    this.endBarToken(true)
    if (this.generating) this.musicWritten = true
  }

  private countBar(token: string): void {
    this.inBarToken = true
    this.barToken = token
    this.trailingBarToken = ''
    if (this.generating) {
      this.bars++
      this.musicWritten = true
    }
  }

  /** Closes the current bar-line token; `musicFollows` when a note or symbol comes after it. */
  private endBarToken(musicFollows = false): void {
    if (this.inBarToken) {
      this.trailingBarToken = this.barToken
      this.inBarToken = false
    }
    if (musicFollows) this.trailingBarToken = ''
  }
}

/** A bar line that closes a section: double bar, thick-thin end, end repeat. */
export function isClosingBar(token: string): boolean {
  return token.includes('||') || token.includes('|]') || token.includes(':|') || token === '::'
}
