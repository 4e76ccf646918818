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

/** One-row steps between turns of the event loop: a long context read on a loaded machine would otherwise hold the thread for hundreds of ms. */
const STEPS_PER_TURN = 32

/** Reads `ids` once and leaves every row of `stepper` in the state it reaches; returns every row's logits ([batchSize × vocab]). */
export async function primeOnce(model: SamplingModel, stepper: LstmStepper, ids: Int32Array): Promise<Float32Array> {
  if (stepper.batchSize === 1 || ids.length === 0) return prime(stepper, ids)
  const one = model.createStepper(1)
  try {
    let last: Float32Array = new Float32Array(0)
    for (let at = 0; at < ids.length; at += STEPS_PER_TURN) {
      if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve))
      last = prime(one, ids.subarray(at, at + STEPS_PER_TURN))
    }
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
