/**
 * Which engine the sampler steps with: the native addon when it is built and loads, else the
 * plain-JS stepper (same numbers, several times slower on the seed-size model).
 */
import { createJsStepper } from '../../engine/js-stepper'
import { createNativeEngine, loadAddon } from '../../engine/native-engine'
import type { StepperFactory } from './sampling-model'

export interface StepperChoice {
  factory: StepperFactory
  /** For people and the result: "native C++ engine, OpenBLAS…" or "plain JS". */
  engine: string
  /** Why the native engine is not used, when it is not. */
  fallbackReason?: string
}

let chosen: StepperChoice | null = null

export function chooseStepper(prefer: 'best' | 'js' = 'best'): StepperChoice {
  if (prefer === 'js') return { factory: createJsStepper, engine: 'plain JS' }
  if (chosen) return chosen
  const loaded = loadAddon()
  if ('addon' in loaded) {
    const engine = createNativeEngine(loaded.addon)
    chosen = { factory: (weights, batchSize) => engine.createStepper(weights, batchSize), engine: engine.describe() }
  } else {
    chosen = { factory: createJsStepper, engine: 'plain JS', fallbackReason: loaded.error }
  }
  return chosen
}
