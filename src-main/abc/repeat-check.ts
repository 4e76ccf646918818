/**
 * Repeats and bar lengths as the tune is played. Two checks over the bars the RhythmTracker
 * found (bar-check.ts feeds them in):
 *
 * 1. Pairing: a `|:` must be closed by a `:|` (or `::`) before another `|:` and before the tune
 *    ends; a first ending `[1` must lie inside a section that a `:|` closes (not right after a
 *    `:|` that already closed it); a later ending `[2` must follow the `:|` of a section that had
 *    a `[1`. A `:|` without a `|:` is not a fault: ABC repeats it from the tune's start, or from the
 *    previous `:|`, as abc2midi and abcjs both play it.
 * 2. Performed bar lengths: the bars are walked in the order a musician plays them (repeats
 *    taken, the ending for each pass chosen), and a bar that is short where a section ends (`||`,
 *    `|]`, `[|`, `|:`, `:|`, `::`, a `P:` line) runs on into whatever is played next, as a repeat
 *    that starts mid-bar does in standard notation. So the bar before `:|` must make a whole bar
 *    with what the repeat goes back to: the tune's pickup when it repeats from the start, nothing
 *    when it goes back to a `|:` written after the pickup. The first bar played may be a pickup;
 *    the last bar of the tune may be short (a final note). This is abc2midi's reading of bar
 *    lengths, except that a `P:` line also ends a section here (abc2midi plays the parts in
 *    order too, but does not let a bar run on across one); see docs/model.md.
 */
import type { Diagnostic } from '../../src-shared/contract/abc'
import { add, cmp, showOver, ZERO, type Frac } from './rational'
import type { BarRecord } from './rhythm-tracker'

/** Every pass is at most 2 through each repeat: a walk longer than this is a bug, not a tune. */
const MAX_STEPS_PER_BAR = 4

/** A bar line that ends a repeat (`:|`, `::`, `:|]`). */
export const endsRepeat = (token: string): boolean => token.startsWith(':')
/** A bar line that starts one (`|:`, `::`, `[|:`). */
export const startsRepeat = (token: string): boolean => token.length > 1 && token.endsWith(':')
/** Anything but a plain `|`: the places where a short bar may run on into the next. */
const endsSection = (token: string): boolean => token !== '|'

export interface PlayedBar {
  bar: BarRecord
  /** The bar's ending numbers (`[1`, `|2`, `[1,3`, `[1-2`), empty when it is not in an ending. */
  endings: number[]
}

/** The ending numbers written at the start of a bar, or just inside it (`abc [1def:|`). */
export function endingNumbers(bar: BarRecord, lines: readonly string[]): number[] {
  const span = barText(bar, lines)
  const m = bar.startsWithEnding ? /^\s*[[|]?\s*(\d[\d,-]*)/.exec(span) : /\[(\d[\d,-]*)/.exec(span.replace(/"[^"]*"/g, ''))
  if (!m) return []
  const numbers: number[] = []
  for (const part of m[1].split(',')) {
    const [from, to] = part.split('-').map(Number)
    if (!Number.isFinite(from)) continue
    for (let n = from; n <= (Number.isFinite(to) ? Math.min(to, from + 8) : from); n++) numbers.push(n)
  }
  return numbers
}

function barText(bar: BarRecord, lines: readonly string[]): string {
  if (bar.startLine === bar.endLine) return (lines[bar.startLine - 1] ?? '').slice(bar.startColumn - 1, bar.endColumn - 1)
  const parts = [(lines[bar.startLine - 1] ?? '').slice(bar.startColumn - 1)]
  for (let l = bar.startLine + 1; l < bar.endLine; l++) parts.push(lines[l - 1] ?? '')
  parts.push((lines[bar.endLine - 1] ?? '').slice(0, bar.endColumn - 1))
  return parts.join('\n')
}

function problem(bar: BarRecord, message: string): Diagnostic {
  return {
    line: bar.startLine,
    column: bar.startColumn,
    ...(bar.endLine === bar.startLine ? { endColumn: Math.max(bar.endColumnExclusive, bar.startColumn + 1) } : {}),
    severity: 'warning',
    source: 'repeats',
    message,
  }
}

/**
 * The bar line before bar i when it is not the one that closed bar i - 1: a `|:` that starts a
 * line after a `:|` ended the one before, or one after a `P:` line, or the tune's first.
 */
export function extraOpening(played: readonly PlayedBar[], i: number): string {
  const opening = played[i].bar.opening
  return i === 0 || played[i - 1].bar.closing !== opening ? opening : ''
}

/** Repeat signs that do not pair up, as abc2midi reads them (see the module comment). */
export function checkRepeatPairing(played: readonly PlayedBar[]): Diagnostic[] {
  const found: Diagnostic[] = []
  let open: BarRecord | null = null
  let closedSinceStart = false
  let firstEndingInSection = false
  let lastClosedHadFirstEnding = false
  const barLine = (token: string, nextBar: BarRecord | undefined): void => {
    if (endsRepeat(token)) {
      lastClosedHadFirstEnding = firstEndingInSection
      firstEndingInSection = false
      open = null
      closedSinceStart = true
    } else if (endsSection(token) && token !== '') {
      // `||`, `|]`: a new section starts; a later `:|` repeats from here (or from its own `|:`).
      closedSinceStart = false
    }
    if (startsRepeat(token) && nextBar !== undefined) {
      if (open !== null && !endsRepeat(token)) {
        const o: BarRecord = open
        found.push(problem(o, `the repeat opened before bar ${o.index} (|:) is never closed: another |: follows before any :|`))
      }
      open = nextBar
      closedSinceStart = false
    }
  }
  played.forEach(({ bar, endings }, i) => {
    barLine(extraOpening(played, i), bar)
    if (endings.length > 0) {
      if (endings.includes(1)) {
        if (open === null && closedSinceStart) found.push(problem(bar, `bar ${bar.index} starts a first ending, but no repeat is open: the :| before it already closed one`))
        firstEndingInSection = true
      } else if (!lastClosedHadFirstEnding) {
        found.push(problem(bar, `bar ${bar.index} starts ending ${endings.join(',')} with no first ending [1 before the :| it follows`))
      }
    }
    barLine(bar.closing, played[i + 1]?.bar)
  })
  // Assigned inside the closure above, which the compiler does not follow.
  const unclosed = open as BarRecord | null
  if (unclosed !== null) found.push(problem(unclosed, `the repeat opened before bar ${unclosed.index} (|:) is never closed with :|`))
  return found
}

export interface PerformedVerdict {
  /**
   * Index into `played` of each bar found wrong, with why (one entry per bar, however often it is
   * played). A short bar that ran on into the next one played is the one named.
   */
  wrong: Map<number, string>
}

interface Walk {
  pass: number
  /** Index of the bar a `:|` goes back to. */
  start: number
  /** A played ending is running: the next section end finishes its group. */
  inEnding: boolean
  carry: Frac
  carriedFrom: number | null
  playedAny: boolean
}

/** Where play goes after bar i, and the pass it goes on in. */
function next(w: Walk, i: number, token: string): number {
  if (endsRepeat(token)) {
    if (w.pass === 1) {
      w.pass = 2
      w.inEnding = false
      return w.start
    }
    w.pass = 1
    w.inEnding = false
    w.start = i + 1
    return i + 1
  }
  if (startsRepeat(token)) {
    w.pass = 1
    w.start = i + 1
    w.inEnding = false
  } else if (endsSection(token) && w.inEnding) {
    w.pass = 1
    w.inEnding = false
    w.start = i + 1
  }
  return i + 1
}

/** Skips an ending not taken on this pass: its bars up to the section end that closes it. */
function skipEnding(played: readonly PlayedBar[], i: number): number {
  let k = i
  while (k < played.length - 1 && !endsSection(played[k].bar.closing)) k++
  return k + 1
}

/** Walks the bars as played and judges each played bar's length (see the module comment). */
export function checkPerformedBars(played: readonly PlayedBar[]): PerformedVerdict {
  const wrong = new Map<number, string>()
  const w: Walk = { pass: 1, start: 0, inEnding: false, carry: ZERO, carriedFrom: null, playedAny: false }
  let i = 0
  for (let steps = 0; i < played.length && steps < MAX_STEPS_PER_BAR * played.length + 8; steps++) {
    const { bar, endings } = played[i]
    const opening = extraOpening(played, i)
    if (startsRepeat(opening) && w.start !== i) {
      w.pass = 1
      w.start = i
      w.inEnding = false
    }
    if (endings.length > 0 && !endings.includes(w.pass)) {
      i = skipEnding(played, i)
      continue
    }
    if (endings.length > 0) w.inEnding = true
    judge(w, played, i, wrong)
    i = next(w, i, bar.closing)
    if (i < played.length && extraOpening(played, i) === '|') flushCarry(w, played, wrong)
  }
  // What is still carried at the end is the tune's last bar: a final note may be short, as abc2midi lets it be.
  return { wrong }
}

/**
 * The next bar played has a plain bar line of its own written before it: a repeat back to a tune
 * that starts `|E|A2A...`, or a part that starts `|f/2g/2|...` after `:|` and a `P:` line. The
 * bar carried over ends at that bar line, on its own, as abc2midi reads it too.
 */
function flushCarry(w: Walk, played: readonly PlayedBar[], wrong: Map<number, string>): void {
  if (w.carriedFrom === null) return
  const bar = played[w.carriedFrom].bar
  const asks = bar.meter.text
  if (!wrong.has(w.carriedFrom)) {
    wrong.set(w.carriedFrom, `bar ${bar.index} has ${showOver(w.carry, bar.meter.denominator)} before ${bar.closing}, and the repeat goes back to a bar line: the meter ${asks} asks for ${asks}`)
  }
  w.carry = ZERO
  w.carriedFrom = null
}

function judge(w: Walk, played: readonly PlayedBar[], i: number, wrong: Map<number, string>): void {
  const { bar } = played[i]
  const meter = bar.meter.bar
  if (!meter || bar.unmeasurable || bar.multiRest > 0 || bar.mixedRest) {
    w.carry = ZERO
    w.carriedFrom = null
    w.playedAny = true
    return
  }
  const length = add(w.carry, bar.length)
  const first = !w.playedAny
  w.playedAny = true
  const soft = endsSection(bar.closing) || bar.followedByBoundary
  const c = cmp(length, meter)
  if (c < 0 && first) {
    // The tune's pickup: whole on its own, as the first bar played (abc2midi does not judge it either).
    w.carry = ZERO
    return
  }
  if (c < 0 && soft) {
    // A bar that a section end lets run on into what is played next.
    w.carriedFrom ??= i
    w.carry = length
    return
  }
  // A short bar that ran on is the one to underline: the bar after it is whole on its own.
  const at = w.carriedFrom ?? i
  if (c !== 0 && !wrong.has(at)) {
    const asks = bar.meter.text
    const has = showOver(length, bar.meter.denominator)
    const from = w.carriedFrom === null ? null : played[w.carriedFrom].bar
    wrong.set(at, from === null || from === bar
      ? `bar ${bar.index} has ${has}, the meter ${asks} asks for ${asks}`
      : `bar ${from.index} has ${showOver(from.length, bar.meter.denominator)} before ${from.closing || 'a new part'}, and with bar ${bar.index}, played after it, makes ${has}: the meter ${asks} asks for ${asks}`)
  }
  w.carry = ZERO
  w.carriedFrom = null
}
