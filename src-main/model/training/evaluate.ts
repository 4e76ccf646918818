/**
 * Validation loss, evaluated the way the model is trained: statefully, the stream laid out in
 * rows that run through it window after window (see corpus/windows.ts), state zeroed once at the
 * start. The row count is the training batch, or fewer when the validation text is short (a
 * small user corpus), so every corpus with any held-out tune gets a score.
 */
import type { LstmEngine, LstmTrainer } from '../../engine/types'
import type { CharLstmWeights } from '../../engine/weights'
import { windowAt, windowLayout, type WindowLayout } from '../corpus/windows'

export interface EvalResult {
  /** Mean cross-entropy in bits per character. */
  bits: number
  /** Characters scored. */
  chars: number
}

/** The layout used for a validation stream: as many rows as fit, at most `batch`. */
export function validationLayout(length: number, batch: number, seqLen: number): WindowLayout | null {
  const rows = Math.min(batch, Math.floor((length - 1) / (seqLen + 1)))
  if (rows < 1) return null
  const layout = windowLayout(length, rows, seqLen)
  return layout.windows > 0 ? layout : null
}

/** A reusable evaluator: one trainer object kept for its forward pass, weights set per call. */
export class StreamEvaluator {
  private trainer: LstmTrainer | null = null

  constructor(
    private readonly engine: LstmEngine,
    private readonly stream: Int32Array,
    readonly layout: WindowLayout,
  ) {}

  evaluate(weights: CharLstmWeights): EvalResult {
    if (!this.trainer) {
      this.trainer = this.engine.createTrainer(weights, {
        batchSize: this.layout.batch,
        seqLen: this.layout.seqLen,
        dropout: 0,
        // Never used (evaluate does not update), but engines require a positive rate.
        learningRate: 1e-3,
        clipNorm: 0,
        seed: 0,
      })
    } else {
      this.trainer.setWeights(weights)
    }
    this.trainer.resetState('eval')
    let nats = 0
    for (let w = 0; w < this.layout.windows; w++) {
      const { inputs, targets } = windowAt(this.stream, this.layout, w)
      nats += this.trainer.evaluate(inputs, targets)
    }
    // Every window has the same number of characters, so the mean of means is the mean.
    return { bits: nats / this.layout.windows / Math.LN2, chars: this.layout.windows * this.layout.batch * this.layout.seqLen }
  }

  dispose(): void {
    this.trainer?.dispose()
    this.trainer = null
  }
}
