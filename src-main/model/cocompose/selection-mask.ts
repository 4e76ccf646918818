/**
 * What rewritten bars may contain besides notes: bar lines between them are plain `|` (the bar
 * lines around the selection, repeat signs and endings included, stay the musician's), and
 * nothing that belongs to the tune's structure rather than to a bar: no line break (a blank line
 * would end the tune), no field or inline field (`:`), no comment, no repeat sign, no ending.
 * Inside a chord symbol ("Am") anything but a line break may be written.
 */
import type { CharConstraint } from '../sampling/constraints'

const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9'
/** Never written in rewritten bars outside a chord symbol. */
const STRUCTURE = new Set(['\n', '\r', ':', '%', '\\'])

const NOTE = /^[A-Ga-gzx]$/

class SelectionMask implements CharConstraint {
  constructor(
    private prev = '',
    private inQuote = false,
    /** A note or rest was written since the last bar line: an empty bar is not a bar. */
    private noteInBar = false,
  ) {}

  allows(ch: string): boolean {
    if (this.inQuote) return ch !== '\n' && ch !== '\r'
    if (STRUCTURE.has(ch)) return false
    if (ch === '|' && !this.noteInBar) return false
    // `||`, `|]`, `|1`: a double bar, an end bar or an ending; `[1`, `[|`: an ending or a thick bar.
    if (this.prev === '|' && (ch === '|' || ch === ']' || isDigit(ch))) return false
    if (this.prev === '[' && (ch === '|' || isDigit(ch))) return false
    return true
  }

  push(ch: string): void {
    if (ch === '"') this.inQuote = !this.inQuote
    else if (!this.inQuote && NOTE.test(ch)) this.noteInBar = true
    else if (!this.inQuote && ch === '|') this.noteInBar = false
    this.prev = ch
  }

  clone(): CharConstraint {
    return new SelectionMask(this.prev, this.inQuote, this.noteInBar)
  }
}

/** A fresh mask for bars written from a bar's start. */
export const selectionMask = (): CharConstraint => new SelectionMask()
