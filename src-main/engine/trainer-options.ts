/** Checks trainer options once, for every engine, so bad values give a clear message. */
import type { TrainerOptions } from './types'

export function validateTrainerOptions(o: TrainerOptions): void {
  const positiveInt = (name: string, v: number): void => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`)
  }
  positiveInt('batchSize', o.batchSize)
  positiveInt('seqLen', o.seqLen)
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new Error(`dropout must be in [0, 1), got ${o.dropout}`)
  checkLearningRate(o.learningRate)
  if (!(o.clipNorm >= 0 && Number.isFinite(o.clipNorm))) throw new Error(`clipNorm must be 0 (off) or positive, got ${o.clipNorm}`)
  if (!Number.isInteger(o.seed)) throw new Error(`seed must be an integer, got ${o.seed}`)
  if (o.threads !== undefined) positiveInt('threads', o.threads)
}

/** The Adam step size, at a trainer's creation and at each change of the loop's schedule. */
export function checkLearningRate(lr: number): void {
  if (!(lr > 0 && Number.isFinite(lr))) throw new Error(`learningRate must be a positive number, got ${lr}`)
}

export function checkWindow(o: TrainerOptions, inputs: Int32Array, targets: Int32Array): void {
  const n = o.batchSize * o.seqLen
  if (!(inputs instanceof Int32Array) || !(targets instanceof Int32Array) || inputs.length !== n || targets.length !== n) {
    throw new Error(`a window is two Int32Arrays of batchSize × seqLen = ${n} token ids`)
  }
}
