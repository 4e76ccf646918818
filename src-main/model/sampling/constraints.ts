/**
 * Character constraints the sampler can apply before drawing: the metre (every bar whole) and
 * the key (no accidentals outside the key signature). Both come from the ABC checker's
 * incremental trackers (src-main/abc); the sampler only needs this small shape, one instance per
 * variation, each following the characters written so far.
 */
export interface CharConstraint {
  /** Whether writing `ch` next keeps the constraint satisfiable. */
  allows(ch: string): boolean
  /** Records a character that was written (prompt or generated). */
  push(ch: string): void
  /** An independent copy with the same state (one per variation, forked after the prompt). */
  clone(): CharConstraint
  /**
   * A character this constraint would like written next (the form mask's phrase echo: bar 5
   * replaying bar 1), or null. The sampler takes it only when the model itself gives it at least
   * `minProb` after its filters, so an echo the tune cannot take is dropped.
   */
  suggest?(): Suggestion | null
}

export interface Suggestion {
  ch: string
  minProb: number
}

/** Builds a constraint that has read the prompt (the tune so far, from its `X:` line). */
export type ConstraintFactory = (prompt: string) => CharConstraint
