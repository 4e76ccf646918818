/**
 * A continuation must contain music before the tune may end. A prompt that ends at a repeat
 * sign (`...e4 e2:|` and a line end) looks finished to the model, which often ends the tune at
 * once with a blank line; the user asked for more, so an end of tune (a blank line, or a new
 * `X:`) is refused until a bar line has been written.
 */
import type { CharConstraint, ConstraintFactory } from './constraints'

class NoEmptyEnding implements CharConstraint {
  constructor(
    /** The line being written so far. */
    private line: string,
    private barWritten = false,
  ) {}

  allows(ch: string): boolean {
    if (this.barWritten) return true
    if (ch === '\n') return this.line.trim() !== ''
    return !(ch === ':' && this.line === 'X')
  }

  push(ch: string): void {
    if (ch === '\n') {
      this.line = ''
      return
    }
    this.line += ch
    // A bar line in a music line (not a field line such as `P:` or a `%` comment).
    if (ch === '|' && !/^([A-Za-z]:|%)/.test(this.line)) this.barWritten = true
  }

  clone(): CharConstraint {
    return new NoEmptyEnding(this.line, this.barWritten)
  }
}

export const noEmptyEnding: ConstraintFactory = (prompt) => new NoEmptyEnding(prompt.slice(prompt.lastIndexOf('\n') + 1))
