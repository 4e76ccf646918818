/**
 * The bar-length check: feeds a tune through the RhythmTracker and judges every finished bar as
 * it is played (repeat-check.ts): repeats taken, the ending of each pass chosen, a bar that is
 * short at a section end (`||`, `|]`, `[|`, `|:`, `:|`, `::`, a `P:` line) run on into the bar
 * played after it. So the bar before `:|` must make a whole bar with what the repeat goes back to
 * (the tune's pickup, or nothing after a `|:`), and a section's pickup must complete the bar
 * before it. (The sampler's tracker decides while writing with the rules of bar-rules.ts.)
 *
 * Judged: every bar with content under a readable meter, including pickups (which must not be
 * longer than the meter), closing bars, bars next to repeats and endings. The tune's last bar
 * may be short (a final note), as abc2midi also lets it be. Not judged: bars under `M:none`, bars whose lengths are
 * absurd enough to be unmeasurable. Also reported per bar, for comparison with the measurements
 * doc: whether it is "interior" (not the tune's first or last bar, plain `|` on both sides, not
 * starting an ending nor followed by one).
 */
import type { Diagnostic } from '../contract/abc'
import { cmp, showOver } from './rational'
import { checkPerformedBars, checkRepeatPairing, playedBars } from './repeat-check'
import { barRecords, type BarRecord } from './rhythm-tracker'

export interface JudgedBar {
  bar: BarRecord
  /** False for bars the rules cannot judge (free meter, unmeasurable lengths). */
  judged: boolean
  right: boolean
  interior: boolean
  /** Why it is wrong, for people. */
  message?: string
}

export interface BarCheck {
  bars: JudgedBar[]
  checked: number
  wrong: number
  diagnostics: Diagnostic[]
  /** Repeat signs that do not pair up (repeat-check.ts). */
  repeats: Diagnostic[]
}

/** `finished`: the tune is complete (see checkRepeatPairing); false for text still being written. */
export function checkBars(tuneText: string, options: { finished?: boolean } = {}): BarCheck {
  const records = barRecords(tuneText)

  const played = playedBars(records, tuneText)
  const performed = checkPerformedBars(played)

  const bars = records.map((bar, i): JudgedBar => {
    const next = records[i + 1]
    const interior = i > 0 && next !== undefined && bar.opening === '|' && bar.closing === '|' &&
      !bar.startsWithEnding && !next.startsWithEnding
    const meterBar = bar.meter.bar
    if (!meterBar || bar.unmeasurable) return { bar, judged: false, right: true, interior }
    if (bar.mixedRest) {
      return { bar, judged: true, right: false, interior, message: `bar ${bar.index} mixes a multi-measure rest with notes` }
    }
    if (bar.pickupEligible && bar.multiRest === 0 && cmp(bar.length, meterBar) > 0) {
      const asks = bar.meter.text
      return { bar, judged: true, right: false, interior, message: `bar ${bar.index} has ${showOver(bar.length, bar.meter.denominator)}, the meter ${asks} asks for at most ${asks}` }
    }
    const message = performed.wrong.get(i)
    return message === undefined ? { bar, judged: true, right: true, interior } : { bar, judged: true, right: false, interior, message }
  })

  const diagnostics: Diagnostic[] = bars
    .filter((b) => !b.right)
    .map(({ bar, message }) => ({
      line: bar.startLine,
      column: bar.startColumn,
      ...(bar.endLine === bar.startLine ? { endColumn: Math.max(bar.endColumnExclusive, bar.startColumn + 1) } : {}),
      severity: 'warning' as const,
      source: 'bars' as const,
      message: message ?? `bar ${bar.index} has the wrong length`,
    }))
  return {
    bars,
    checked: bars.filter((b) => b.judged).length,
    wrong: diagnostics.length,
    diagnostics,
    repeats: checkRepeatPairing(played, options.finished ?? true),
  }
}
