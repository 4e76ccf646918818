/**
 * Repeats and bar lengths as the tune is played. Two checks over the bars the RhythmTracker
 * found (bar-check.ts feeds them in):
 *
 * 1. Pairing: a `|:` must be closed by a `:|` (or `::`) before another `|:` and before the tune
 *    ends (for a tune still being written, as in the editor, only when it ends on a section end
 *    `||`, `|]`: one that stops on a plain `|` or mid-bar may yet close its repeat); a first ending `[1` must lie inside a section that a `:|` closes (not right after a
 *    `:|` that already closed it); a later ending `[2` must follow the `:|` of a section that had
 *    a `[1`, or lie inside an open `|:` (then it is played on its pass). A `:|` without a `|:` is not a fault: ABC repeats it from the tune's start, or from the
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
import type { Diagnostic } from '../contract/abc'
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
  /** Bar lines written after the previous bar's closing one and before this bar (see barLinesBefore). */
  before: string
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
 * The bar lines written between bar i - 1's closing bar line and bar i (a `|:` that starts a line
 * after a `:|` ended the one before, `|: || |:` around an empty section, the `|` of a tune that
 * starts `|E|`), with field lines, comments and chord symbols left out.
 */
function barLinesBefore(records: readonly BarRecord[], i: number, lines: readonly string[]): string {
  const bar = records[i]
  const prev = records[i - 1]
  // The tune's first bar: what is written before it on its line (the lines above are the header).
  const gap = prev === undefined
    ? textBetween(lines, bar.startLine, 1, bar.startLine, bar.startColumn)
    : textBetween(lines, prev.endLine, prev.endColumnExclusive, bar.startLine, bar.startColumn)
  const music = gap.split('\n').filter((l) => !/^[A-Za-z]:/.test(l) && !l.startsWith('%')).join(' ').replace(/"[^"]*"/g, '')
  return (music.match(/[:[\]]*\|[:|\]]*|::/g) ?? []).join(' ')
}

function textBetween(lines: readonly string[], fromLine: number, fromColumn: number, toLine: number, toColumn: number): string {
  if (fromLine > toLine || (fromLine === toLine && fromColumn >= toColumn)) return ''
  if (fromLine === toLine) return (lines[fromLine - 1] ?? '').slice(fromColumn - 1, toColumn - 1)
  const parts = [(lines[fromLine - 1] ?? '').slice(fromColumn - 1)]
  for (let l = fromLine + 1; l < toLine; l++) parts.push(lines[l - 1] ?? '')
  parts.push((lines[toLine - 1] ?? '').slice(0, toColumn - 1))
  return parts.join('\n')
}

/** The tracker's bars with what the repeat checks need: ending numbers, bar lines before each. */
export function playedBars(records: readonly BarRecord[], tuneText: string): PlayedBar[] {
  const lines = tuneText.replace(/\r\n?/g, '\n').split('\n')
  return records.map((bar, i) => ({ bar, endings: endingNumbers(bar, lines), before: barLinesBefore(records, i, lines) }))
}

/**
 * Repeat signs that do not pair up, as abc2midi reads them (see the module comment). `finished`:
 * the tune is complete (false for the editor's text, which the musician is still writing).
 */
export function checkRepeatPairing(played: readonly PlayedBar[], finished = true): Diagnostic[] {
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
  const barLines = (token: string, nextBar: BarRecord | undefined): void => {
    for (const sign of barSigns(token)) barLine(sign, nextBar)
  }
  played.forEach(({ bar, endings, before }, i) => {
    barLines(before, bar)
    if (endings.length > 0) {
      if (endings.includes(1)) {
        if (open === null && closedSinceStart) found.push(problem(bar, `bar ${bar.index} starts a first ending, but no repeat is open: the :| before it already closed one`))
        firstEndingInSection = true
      } else if (!lastClosedHadFirstEnding && open === null) {
        // Inside an open `|:` a later ending alone is still played on its pass, as abc2midi plays it.
        found.push(problem(bar, `bar ${bar.index} starts ending ${endings.join(',')} with no first ending [1 before the :| it follows`))
      }
    }
    barLines(bar.closing, played[i + 1]?.bar)
  })
  // Assigned inside the closure above, which the compiler does not follow.
  const unclosed = open as BarRecord | null
  // An unfinished tune that stops on a plain `|` or mid-bar is still being written: its repeat may yet close.
  const last = played[played.length - 1]?.bar.closing ?? ''
  if (unclosed !== null && (finished || (endsSection(last) && last !== ''))) {
    found.push(problem(unclosed, `the repeat opened before bar ${unclosed.index} (|:) is never closed with :|`))
  }
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
  /** Length played since the last bar line that ended a bar, and the bar it started in. */
  carry: Frac
  carriedFrom: number | null
  /** Some bar was judged already: the first bar played may be a pickup, no later one. */
  judgedAny: boolean
}

/**
 * A bar-line token as abc2midi reads it, one standard sign after another: `:||` is `:|` then a
 * plain `|`, `|||:` is `||` then `|:`, `:|:` and `:||:` are `:|` then `|:`, `|:|||:` is `|:`, `||`, `|:`.
 */
export function barSigns(token: string): string[] {
  const signs: string[] = []
  let t = token
  while (t !== '') {
    const sign = ['::', ':|', '|:', '||', '|]', '[|', '|'].find((s) => t.startsWith(s))
    if (sign === undefined) {
      // A colon left over after a sign that ended with a bar (`:|:`, `||:`) starts a repeat.
      if (t.startsWith(':') && signs.length > 0) signs.push('|:')
      t = t.slice(1)
      continue
    }
    signs.push(sign)
    t = t.slice(sign.length)
  }
  return signs
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
  const w: Walk = { pass: 1, start: 0, inEnding: false, carry: ZERO, carriedFrom: null, judgedAny: false }
  let i = 0
  for (let steps = 0; i < played.length && steps < MAX_STEPS_PER_BAR * played.length + 8; steps++) {
    const { endings, before } = played[i]
    // Signs written before the bar that did not close the bar before it (a line that starts `|:`
    // after a `:|`, a tune that starts `|E|`): a plain `|` there ends whatever is carried.
    for (const sign of barSigns(before)) {
      if (sign === '|') closeBar(w, played, w.carriedFrom ?? i, wrong, true)
      if (startsRepeat(sign) && w.start !== i) {
        w.pass = 1
        w.start = i
        w.inEnding = false
      }
    }
    if (endings.length > 0 && !endings.includes(w.pass)) {
      i = skipEnding(played, i)
      continue
    }
    if (endings.length > 0) w.inEnding = true
    i = playBar(w, played, i, wrong)
  }
  // What is still carried at the end is the tune's last bar: a final note may be short, as abc2midi lets it be.
  return { wrong }
}

/** Plays bar i and the signs after it; returns the bar played next. */
function playBar(w: Walk, played: readonly PlayedBar[], i: number, wrong: Map<number, string>): number {
  const { bar } = played[i]
  if (!bar.meter.bar || bar.unmeasurable || bar.multiRest > 0 || bar.mixedRest) {
    // Not measured here (free meter, odd lengths, multi-measure rests): nothing carries over it.
    w.carry = ZERO
    w.carriedFrom = null
    w.judgedAny = true
  } else {
    w.carriedFrom ??= i
    w.carry = add(w.carry, bar.length)
  }
  // A `P:` line after the bar ends a section (not the tune's end: a last bar line `|` is a bar line).
  const partFollows = bar.followedByBoundary && i < played.length - 1
  for (const sign of barSigns(bar.closing)) {
    closeBar(w, played, i, wrong, sign === '|' && !partFollows)
    if (endsRepeat(sign)) {
      w.inEnding = false
      if (w.pass === 1) {
        w.pass = 2
        return w.start
      }
      w.pass = 1
      w.start = i + 1
    }
    if (startsRepeat(sign)) {
      w.pass = 1
      w.start = i + 1
      w.inEnding = false
    } else if (endsSection(sign) && !endsRepeat(sign) && w.inEnding) {
      w.pass = 1
      w.inEnding = false
      w.start = i + 1
    }
  }
  return i + 1
}

/**
 * A bar line after bar i: a plain `|` (hard) ends the bar carried so far and judges it; a section
 * end lets a short bar run on. The first bar judged may be a pickup.
 */
function closeBar(w: Walk, played: readonly PlayedBar[], i: number, wrong: Map<number, string>, hard: boolean): void {
  if (w.carriedFrom === null || i < 0) return
  const bar = played[i].bar
  const meter = bar.meter.bar
  if (!meter) return
  const c = cmp(w.carry, meter)
  const first = !w.judgedAny
  if (c < 0 && !first && !hard) return
  w.judgedAny = true
  // A short bar that ran on is the one to underline: the bar after it is whole on its own.
  const at = w.carriedFrom
  if (c !== 0 && !(first && c < 0) && !wrong.has(at)) {
    const asks = bar.meter.text
    const has = showOver(w.carry, bar.meter.denominator)
    const from = played[at].bar
    wrong.set(at, from === bar
      ? `bar ${bar.index} has ${has}, the meter ${asks} asks for ${asks}`
      : `bar ${from.index} has ${showOver(from.length, bar.meter.denominator)} before ${from.closing || 'a new part'}, and with bar ${bar.index}, played after it, makes ${has}: the meter ${asks} asks for ${asks}`)
  }
  w.carry = ZERO
  w.carriedFrom = null
}
