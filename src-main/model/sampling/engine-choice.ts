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

/** One choice per addon path: loading the addon twice gains nothing. */
const chosen = new Map<string, StepperChoice>()

/** `addonPath`: the addon file when the caller knows it (the Electron shell); omitted = the source tree's. */
export function chooseStepper(prefer: 'best' | 'js' = 'best', addonPath?: string): StepperChoice {
  if (prefer === 'js') return { factory: createJsStepper, engine: 'plain JS' }
  const key = addonPath ?? ''
  const known = chosen.get(key)
  if (known) return known
  const loaded = loadAddon(addonPath)
  let choice: StepperChoice
  if ('addon' in loaded) {
    const engine = createNativeEngine(loaded.addon)
    choice = { factory: (weights, batchSize) => engine.createStepper(weights, batchSize), engine: engine.describe() }
  } else {
    choice = { factory: createJsStepper, engine: 'plain JS', fallbackReason: loaded.error }
  }
  chosen.set(key, choice)
  return choice
}
