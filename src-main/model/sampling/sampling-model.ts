/**
 * A model ready to sample: its vocabulary and a way to get batched steppers over its weights.
 * The stepper comes from the engine (native when built, plain JS otherwise); the sampler never
 * knows which.
 */
import type { LstmStepper } from '../../engine/types'
import { createJsStepper } from '../../engine/js-stepper'
import type { Vocab } from '../vocab'
import type { CharLstmWeights } from '../weights'
import type { SamplingModel } from './sampler'

export type StepperFactory = (weights: CharLstmWeights, batchSize: number) => LstmStepper

export function samplingModel(weights: CharLstmWeights, vocab: Vocab, createStepper: StepperFactory = createJsStepper): SamplingModel {
  if (weights.vocabSize !== vocab.size) {
    throw new Error(`the weights are for ${weights.vocabSize} characters but the vocabulary has ${vocab.size}`)
  }
  return { vocab, createStepper: (batchSize) => createStepper(weights, batchSize) }
}
