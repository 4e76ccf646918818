/**
 * Which lengths a bar may have. One rule set, used both by the sampler's tracker (deciding
 * whether a bar line may be written now) and by the checker (judging a finished tune).
 *
 * - A full bar has exactly the meter's length.
 * - The first bar of a section (the tune's start, after a part boundary such as `:|`, `||`,
 *   `|]`, `|:`, `::` or a `P:` line) may be a pickup (anacrusis): shorter than the meter, never
 *   longer. A bar that starts with an ending (`[2`, `:|2`) is not a pickup: it replays the
 *   close of its section.
 * - A closing bar (ended by a part boundary, or the tune's last bar) may instead be short by a
 *   pickup: pickup + closing bar make one full bar, which is how folk tunes written with an
 *   anacrusis repeat ("f|...|[1 Ace a2:|"). The pickup is one seen before, or the next
 *   section's ("...|[2 B3/2||\n|:A/4B/4|..."); the sampler's tracker then holds the next bar to
 *   exactly the missing length.
 */
import { add, cmp, eq, type Frac } from './rational'

export type BarVerdict =
  /** The bar has a length this position allows. */
  | 'ok'
  /** Right only if it closes a section: it pairs with a pickup seen before. */
  | 'needs-closing'
  /** Right only if it closes a section and the next section's pickup makes up the rest. */
  | 'needs-pickup'
  | 'wrong'

export interface BarPosition {
  /** First bar of a section, not starting with an ending: may be a pickup. */
  pickupEligible: boolean
  /** Pickup lengths seen so far (each shorter than its meter). */
  pickups: readonly Frac[]
}

export function barVerdict(length: Frac, meter: Frac, pos: BarPosition): BarVerdict {
  const c = cmp(length, meter)
  if (c === 0) return 'ok'
  if (c > 0) return 'wrong'
  if (length.n === 0) return 'ok'
  if (pos.pickupEligible) return 'ok'
  return pos.pickups.some((p) => eq(add(p, length), meter)) ? 'needs-closing' : 'needs-pickup'
}

/** Bar tokens that end a section (repeats, double and thick bars); a plain `|` does not. */
export function isSectionBoundary(barToken: string): boolean {
  return barToken.includes(':') || barToken.includes('||') || barToken.includes(']') || barToken.startsWith('[')
}
