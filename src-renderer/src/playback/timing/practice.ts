/**
 * The step-up tempo trainer: loop a passage N times, starting at one tempo and adding a step each
 * time round, never above the top; and the metronome's beats. Pure; tempos in the tune's own beats
 * per minute, times in whole notes.
 */
import { clampBpm, countIn, type Meter } from './tempo'
import type { Timeline } from './timeline'

export interface StepUp {
  /** Tempo of the first time through. */
  from: number
  /** Added each time round. */
  step: number
  /** Never faster than this. */
  to: number
  /** How many times through, then stop. */
  passes: number
}

export const PASSES_RANGE = { min: 1, max: 99 } as const

/** The tempo of pass `pass` (0 = the first time through). */
export function passTempo(plan: StepUp, pass: number): number {
  const top = Math.max(plan.from, plan.to)
  return clampBpm(Math.min(top, plan.from + plan.step * Math.max(0, pass)))
}

/** A plan as the musician typed it, checked: a message in words when it cannot be played. */
export function checkStepUp(plan: StepUp): string | null {
  if (![plan.from, plan.step, plan.to, plan.passes].every(Number.isFinite)) return 'Fill in every practice field with a number.'
  if (plan.from <= 0 || plan.to <= 0) return 'Tempos must be above 0.'
  if (plan.step < 0) return 'The step is added each time round: 0 or more.'
  if (!Number.isInteger(plan.passes) || plan.passes < PASSES_RANGE.min || plan.passes > PASSES_RANGE.max)
    return `Times through: a whole number from ${PASSES_RANGE.min} to ${PASSES_RANGE.max}.`
  return null
}

export interface Beat {
  at: number
  downbeat: boolean
}

/** Metronome beat times (whole notes): the meter's beats in every played bar, a pickup counted back from its end. */
export function metronomeBeats(timeline: Pick<Timeline, 'bars'>, meter: Meter): Beat[] {
  const bar = countIn(meter)
  const beats: Beat[] = []
  for (const played of timeline.bars) {
    const origin = played.end - played.start < bar.length - 1e-6 && played.number === 0 ? played.end - bar.length : played.start
    for (const click of bar.clicks) {
      const at = origin + click.at
      if (at >= played.start - 1e-9 && at < played.end - 1e-9) beats.push({ at, downbeat: click.downbeat })
    }
  }
  return beats
}
