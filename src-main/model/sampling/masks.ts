/**
 * The two masks the user can switch: metre-aware (on by default, meter-mask.ts) and stay-in-key
 * (off by default), both over the ABC checker's incremental RhythmTracker, so the sampler and the
 * checker agree on what a whole bar and an in-key note are.
 */
import { RhythmTracker } from '../../abc/rhythm-tracker'
import type { CharConstraint, ConstraintFactory } from './constraints'
import { meterMask } from './meter-mask'

export { meterMask }

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
