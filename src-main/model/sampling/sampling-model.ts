/**
 * A model ready to sample: its vocabulary and batched steppers over its weights, pooled by batch
 * size so repeated generations skip building a stepper (the plain-JS one precomputes a
 * [vocab × 4·units] input table; a native one allocates its buffers). The stepper comes from the
 * engine (native when built, plain JS otherwise); the sampler never knows which.
 */
import type { LstmStepper } from '../../engine/types'
import { createJsStepper } from '../../engine/js-stepper'
import type { Vocab } from '../vocab'
import type { CharLstmWeights } from '../../engine/weights'
import type { SamplingModel } from './sampler'

export type StepperFactory = (weights: CharLstmWeights, batchSize: number) => LstmStepper

export interface PooledSamplingModel extends SamplingModel {
  /** What the steppers run on ('native', 'js', ...). */
  readonly engine: string
  dispose(): void
}

export function samplingModel(
  weights: CharLstmWeights,
  vocab: Vocab,
  createStepper: StepperFactory = createJsStepper,
  engine = 'js',
): PooledSamplingModel {
  if (weights.vocabSize !== vocab.size) {
    throw new Error(`the weights are for ${weights.vocabSize} characters but the vocabulary has ${vocab.size}`)
  }
  const free = new Map<number, LstmStepper[]>()
  return {
    vocab,
    engine,
    createStepper(batchSize) {
      const pooled = free.get(batchSize)?.pop()
      if (pooled) {
        pooled.reset()
        return pooled
      }
      return createStepper(weights, batchSize)
    },
    releaseStepper(stepper) {
      const list = free.get(stepper.batchSize) ?? []
      // Two of a size cover overlapping requests; more would only hold memory.
      if (list.length < 2) {
        list.push(stepper)
        free.set(stepper.batchSize, list)
      } else stepper.dispose()
    },
    dispose() {
      for (const list of free.values()) for (const s of list) s.dispose()
      free.clear()
    },
  }
}
