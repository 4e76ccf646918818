/**
 * The two masks the user can switch: metre-aware (on by default) and stay-in-key (off by
 * default), both over the ABC checker's incremental RhythmTracker, so the sampler and the
 * checker agree on what a whole bar and an in-key note are.
 */
import { RhythmTracker } from '../../abc/rhythm-tracker'
import type { CharConstraint, ConstraintFactory } from './constraints'

const isLengthChar = (ch: string): boolean => (ch >= '0' && ch <= '9') || ch === '/'

/**
 * A note-length suffix abcjs can represent, or the start of one: a numerator up to 99, then at
 * most one `/` with a denominator of 2, 4 or 8, or `//`. (`/24`, `/3`, `/22` are exact lengths the
 * tracker accepts, and `/32` is too short: abcjs reports "Duration not representable" for them.
 * The corpus itself writes nothing finer than `/4`.)
 */
const PLAUSIBLE_LENGTH = /^(?:[1-9]\d?)?(?:\/[248]?|\/\/)?$/

/**
 * Every bar whole: the tracker's `allows` (the bar can still end at an allowed length), and note
 * lengths the corpus writes. The second part closes a loophole: the tracker accepts any exact
 * length, and a model pushed by the mask finds bars "completed" with `A/22/2` or `F/23/2`
 * (lengths no tune writes, and that abcjs then rejects); with it, a bar completes with real note
 * values or a bar line.
 */
class MeterMask implements CharConstraint {
  constructor(
    private readonly tracker: RhythmTracker,
    /** The length suffix of the note being written so far ('' when none). */
    private suffix = '',
    /** The current bar already broke the rules (a fallback wrote it): it is left alone to its end. */
    private barBroken = false,
  ) {}

  allows(ch: string): boolean {
    // In a broken bar every note is a new fault, so only non-music would pass: chord-symbol
    // quotes and decoration letters, the garbage abcjs then rejects. Let the model finish the bar.
    if (!this.barBroken && !this.tracker.allows(ch)) return false
    if (!isLengthChar(ch)) return true
    // Digits that are not a note's length (endings `[2`, tuplets `(3`) are the tracker's business.
    if (this.tracker.state.pending === null) return true
    return PLAUSIBLE_LENGTH.test(this.suffix + ch)
  }

  push(ch: string): void {
    this.suffix = isLengthChar(ch) && this.tracker.state.pending !== null ? this.suffix + ch : ''
    const faults = this.tracker.faults
    const bars = this.tracker.barsWritten
    this.tracker.push(ch)
    if (this.tracker.barsWritten > bars) this.barBroken = false
    else if (this.tracker.faults > faults) this.barBroken = true
  }

  clone(): CharConstraint {
    return new MeterMask(this.tracker.clone(), this.suffix, this.barBroken)
  }
}

/** Only characters after which every bar can still be completed at an allowed length. */
export const meterMask: ConstraintFactory = (prompt) => new MeterMask(RhythmTracker.fromPrompt(prompt))

class InKey implements CharConstraint {
  constructor(private readonly tracker: RhythmTracker) {}
  allows(ch: string): boolean {
    return this.tracker.inKey(ch)
  }
  push(ch: string): void {
    this.tracker.push(ch)
  }
  clone(): CharConstraint {
    return new InKey(this.tracker.clone())
  }
}

/** No accidental that leaves the key signature in force. */
export const keyMask: ConstraintFactory = (prompt) => new InKey(RhythmTracker.fromPrompt(prompt))

export function masksFor(options: { meterAware: boolean; stayInKey: boolean }): ConstraintFactory[] {
  const masks: ConstraintFactory[] = []
  if (options.meterAware) masks.push(meterMask)
  if (options.stayInKey) masks.push(keyMask)
  return masks
}
