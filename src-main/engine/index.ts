/** The LSTM engine's public surface: pick an engine, make weights, step and train. */
export type { EngineKind, LstmEngine, LstmStepper, LstmTrainer, OptimizerState, TrainerOptions } from './types'
export { loadEngine, type EnginePreference, type LoadEngineOptions } from './load-engine'
export { initWeights } from './init-weights'
export { createJsStepper } from './js-stepper'
export { flattenWeights, unflattenWeights, shapeOf, weightTensorOrder, validateWeights } from './flat-weights'
export type { NativeTrainer, NativeProfile } from './native-engine'
