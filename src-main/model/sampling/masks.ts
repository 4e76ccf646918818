/**
 * The two masks the user can switch: metre-aware (on by default, meter-mask.ts) and stay-in-key
 * (off by default), both over the ABC checker's incremental RhythmTracker, so the sampler and the
 * checker agree on what a whole bar and an in-key note are.
 */
import { RhythmTracker } from '../../../src-shared/abc/rhythm-tracker'
import type { CharConstraint, ConstraintFactory } from './constraints'
import { formMask } from './form-mask'
import { planForm, type FormGoal } from './form-plan'
import { meterMask } from './meter-mask'
import type { StopMode } from './stop'

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

export interface MaskOptions {
  meterAware: boolean
  stayInKey: boolean
  /** Keep the tune's form (form-mask.ts); off → the model decides where parts and the tune end. */
  formAware?: boolean
  /** Bars per part; omitted → from the prompt's parts or the tune type. */
  partBars?: number
}

export function masksFor(options: MaskOptions, stop: StopMode = 'tune'): ConstraintFactory[] {
  const masks: ConstraintFactory[] = []
  if (options.meterAware) masks.push(meterMask)
  if (options.stayInKey) masks.push(keyMask)
  if (options.formAware) masks.push(formMaskFor(formGoal(stop), options.partBars))
  return masks
}

/** "Complete the tune" plans to the tune's end; "next part" to this part's; line and bar stops leave the end open. */
export function formGoal(stop: StopMode): FormGoal {
  return stop === 'tune' ? 'tune' : stop === 'part' ? 'part' : 'open'
}

const formMaskFor = (goal: FormGoal, partBars: number | undefined): ConstraintFactory => (prompt) => formMask(planForm(prompt, goal, partBars))(prompt)
