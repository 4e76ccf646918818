/**
 * The bar-length check: feeds a tune through the RhythmTracker and judges every finished bar
 * with the rules of bar-rules.ts, now with hindsight (a bar line followed by a `P:` line closes a
 * section; a closing bar may pair with any pickup of the tune, also a later section's).
 *
 * Judged: every bar with content under a readable meter, including pickups (which must not be
 * longer than the meter), closing bars, bars next to repeats and endings, and the tune's last
 * bar even without a final bar line. Not judged: bars under `M:none`, bars whose lengths are
 * absurd enough to be unmeasurable. Also reported per bar, for comparison with the measurements
 * doc: whether it is "interior" (not the tune's first or last bar, plain `|` on both sides, not
 * starting an ending nor followed by one).
 */
import type { Diagnostic } from '../../src-shared/contract/abc'
import { barVerdict, isSectionBoundary } from './bar-rules'
import { cmp, showOver, type Frac } from './rational'
import { RhythmTracker, type BarRecord } from './rhythm-tracker'

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
}

export function checkBars(tuneText: string): BarCheck {
  const records: BarRecord[] = []
  const tracker = new RhythmTracker((bar) => records.push(bar))
  tracker.feed(tuneText)
  tracker.finish()

  const pickups: Frac[] = []
  for (const r of records) {
    if (r.pickupEligible && r.meter.bar && !r.unmeasurable && r.multiRest === 0 && r.length.n > 0 && cmp(r.length, r.meter.bar) < 0) {
      pickups.push(r.length)
    }
  }

  const bars = records.map((bar, i): JudgedBar => {
    const next = records[i + 1]
    const interior = i > 0 && next !== undefined && bar.opening === '|' && bar.closing === '|' &&
      !bar.startsWithEnding && !next.startsWithEnding
    const meterBar = bar.meter.bar
    if (!meterBar || bar.unmeasurable) return { bar, judged: false, right: true, interior }
    const has = showOver(bar.length, bar.meter.denominator)
    if (bar.mixedRest) {
      return { bar, judged: true, right: false, interior, message: `bar ${bar.index} mixes a multi-measure rest with notes` }
    }
    if (bar.multiRest > 0) return { bar, judged: true, right: true, interior }
    const closing = bar.closing === '' || isSectionBoundary(bar.closing) || bar.followedByBoundary
    const verdict = barVerdict(bar.length, meterBar, { pickupEligible: bar.pickupEligible, pickups })
    if (verdict === 'ok' || (verdict === 'needs-closing' && closing)) return { bar, judged: true, right: true, interior }
    const asks = bar.meter.text
    const message = verdict === 'needs-closing'
      ? `bar ${bar.index} has ${has}, the meter ${asks} asks for ${asks} (a bar this short only closes a section after a pickup)`
      : `bar ${bar.index} has ${has}, the meter ${asks} asks for ${bar.pickupEligible ? `at most ${asks}` : asks}`
    return { bar, judged: true, right: false, interior, message }
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
  }
}
