/**
 * Early stopping on validation bits/char, checked at each epoch end: the run stops once
 * `patience` epochs in a row have not beaten the best score by at least `minDelta`.
 * The state is plain data so a checkpoint can carry it and a resumed run stops where the
 * uninterrupted one would have.
 */
export interface EarlyStoppingState {
  best: number | null
  /** Epoch-end evaluations since the best one. */
  epochsWithoutImprovement: number
}

export interface EarlyStoppingVerdict {
  improved: boolean
  stop: boolean
}

export class EarlyStopping {
  constructor(
    readonly patience: number,
    public state: EarlyStoppingState = { best: null, epochsWithoutImprovement: 0 },
    readonly minDelta = 1e-4,
  ) {
    if (!Number.isInteger(patience) || patience < 1) throw new Error(`patience must be a whole number ≥ 1, got ${patience}`)
  }

  /** Whether `score` would be a new best (used for mid-epoch checkpoints, which do not count toward patience). */
  isBetter(score: number): boolean {
    return this.state.best === null || score < this.state.best - this.minDelta
  }

  /** Records an epoch-end score. */
  update(score: number): EarlyStoppingVerdict {
    const improved = this.isBetter(score)
    if (improved) this.state = { best: score, epochsWithoutImprovement: 0 }
    else this.state = { best: this.state.best, epochsWithoutImprovement: this.state.epochsWithoutImprovement + 1 }
    return { improved, stop: this.state.epochsWithoutImprovement >= this.patience }
  }
}
