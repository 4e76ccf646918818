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
}

/** Builds a constraint that has read the prompt (the tune so far, from its `X:` line). */
export type ConstraintFactory = (prompt: string) => CharConstraint
