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
import { cmp, show, sub, type Frac } from './rational'

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
  pickups: { has(length: Frac): boolean }
}

export function barVerdict(length: Frac, meter: Frac, pos: BarPosition): BarVerdict {
  const c = cmp(length, meter)
  if (c === 0) return 'ok'
  if (c > 0) return 'wrong'
  if (length.n === 0) return 'ok'
  if (pos.pickupEligible) return 'ok'
  return pos.pickups.has(sub(meter, length)) ? 'needs-closing' : 'needs-pickup'
}

/**
 * Pickup lengths seen so far, as a persistent set: trackers cloned for sampling share one, and
 * each may add to its own. Adding grows the shared store in place while no other copy has grown
 * it (else copies it once); a lookup is one Map read. (An array copied at each new pickup and
 * searched at each bar made a tune of many sections with distinct pickups quadratic.)
 */
export class PickupSet {
  private constructor(
    private readonly store: { items: Frac[]; index: Map<string, number> },
    readonly size: number,
  ) {}

  static empty(): PickupSet {
    return new PickupSet({ items: [], index: new Map() }, 0)
  }

  /** Lengths are reduced fractions, so equal lengths have one key. */
  has(length: Frac): boolean {
    const at = this.store.index.get(show(length))
    return at !== undefined && at < this.size
  }

  add(length: Frac): PickupSet {
    if (this.has(length)) return this
    let store = this.store
    if (store.items.length !== this.size) {
      const items = store.items.slice(0, this.size)
      store = { items, index: new Map(items.map((f, i) => [show(f), i])) }
    }
    store.index.set(show(length), store.items.length)
    store.items.push(length)
    return new PickupSet(store, this.size + 1)
  }

  toArray(): readonly Frac[] {
    return this.store.items.slice(0, this.size)
  }
}

/** Bar tokens that end a section (repeats, double and thick bars); a plain `|` does not. */
export function isSectionBoundary(barToken: string): boolean {
  return barToken.includes(':') || barToken.includes('||') || barToken.includes(']') || barToken.startsWith('[')
}
