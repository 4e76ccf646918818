/**
 * Reading a context that every row shares with one row instead of all of them. A batched step
 * costs nearly as much per row as it saves (on the native engine a 65-row step took about 8 times
 * a one-row step), so a prompt read by every row of a 65-row batch costs 65 rows' work for one
 * row's result. Here a one-row stepper of the same model reads it and its state is written into
 * every row (LstmStepper.getRowState / setRowState): the same state and logits as `prime` gives.
 */
import type { LstmStepper } from '../../engine/types'
import { prime, type SamplingModel } from './sampler'

/** Gives a stepper back to the model's pool, or disposes of it when the model keeps none. */
export function returnStepper(model: SamplingModel, stepper: LstmStepper): void {
  if (model.releaseStepper) model.releaseStepper(stepper)
  else stepper.dispose()
}

/** Reads `ids` once and leaves every row of `stepper` in the state it reaches; returns every row's logits ([batchSize × vocab]). */
export function primeOnce(model: SamplingModel, stepper: LstmStepper, ids: Int32Array): Float32Array {
  if (stepper.batchSize === 1 || ids.length === 0) return prime(stepper, ids)
  const one = model.createStepper(1)
  try {
    const last = prime(one, ids)
    const state = one.getRowState(0)
    const V = stepper.vocabSize
    const logits = new Float32Array(stepper.batchSize * V)
    for (let r = 0; r < stepper.batchSize; r++) {
      stepper.setRowState(r, state)
      logits.set(last.subarray(0, V), r * V)
    }
    return logits
  } finally {
    returnStepper(model, one)
  }
}
