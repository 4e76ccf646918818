/**
 * The tfjs fallback engine: trains the tf.layers model (model/tfjs-model.ts) with the same
 * algorithm as the native engine (stateful windows, dropout after each LSTM, softmax
 * cross-entropy, clipping by global norm, tf.train.adam), on the fastest tfjs backend present:
 * tfjs-node when installed, else wasm (with our UnsortedSegmentSum kernel so the Embedding
 * trains), else cpu. Sampling uses the plain-JS stepper (faster than per-character
 * model.predict on cpu, and no backend state). Dropout masks come from tfjs's own RNG, so only
 * dropout-free runs are bit-for-bit repeatable here.
 */
import * as tf from '@tensorflow/tfjs-core'
import './tfjs-env'
import type * as tfl from '@tensorflow/tfjs-layers'
import type { CharLstmWeights, ModelShape } from './weights'
import { weightsToModel, modelToWeights, setModelWeights } from './layers-format'
import type { EngineKind, LstmEngine, LstmTrainer, OptimizerState, TrainerOptions } from './types'
import { shapeOf, weightTensorOrder } from './flat-weights'
import { createJsStepper } from './js-stepper'
import { checkLearningRate, checkWindow, validateTrainerOptions } from './trainer-options'
import { registerWasmSegmentSum } from './tfjs-wasm-kernels'

export type TfjsKind = Extract<EngineKind, 'tfjs-node' | 'tfjs-wasm' | 'tfjs-cpu'>

/** What tf.layers' stateful RNN keeps (public getter + the internal list of states kept for BPTT). */
interface StatefulRnn {
  readonly states: (tf.Tensor | null)[]
  keptStates: tf.Tensor[][]
  resetStates(states?: tf.Tensor[], training?: boolean): void
  getClassName(): string
}

/** tf.train.adam's fields (tfjs-core 4.22), read and written directly to stay synchronous. */
interface AdamInternals {
  iterations_: number
  learningRate: number
  accBeta1: tf.Variable
  accBeta2: tf.Variable
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[]
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[]
}

/**
 * Picks and initialises a backend. `prefer` limits the choice (used by the benchmark);
 * tfjs-node is looked up at run time because it is an optional install (package.json's
 * optionalDependencies: it downloads libtensorflow, which fails offline, and npm then leaves it
 * out). `importOptional` loads it (a test passes its own to show the choice with it installed).
 */
export const TFJS_BACKEND_ORDER: readonly TfjsKind[] = ['tfjs-node', 'tfjs-wasm', 'tfjs-cpu']
export const TFJS_NODE_PACKAGE = '@tensorflow/tfjs-node'

export async function initTfjsBackend(
  prefer?: TfjsKind,
  importOptional: (name: string) => Promise<unknown> = (name) => import(/* @vite-ignore */ name),
): Promise<TfjsKind> {
  const attempts: readonly TfjsKind[] = prefer ? [prefer] : TFJS_BACKEND_ORDER
  const problems: string[] = []
  for (const kind of attempts) {
    try {
      if (kind === 'tfjs-node') {
        await importOptional(TFJS_NODE_PACKAGE)
        if (await tf.setBackend('tensorflow')) return kind
      } else if (kind === 'tfjs-wasm') {
        await import('@tensorflow/tfjs-backend-wasm')
        if (await tf.setBackend('wasm')) {
          registerWasmSegmentSum()
          return kind
        }
      } else {
        await import('@tensorflow/tfjs-backend-cpu')
        if (await tf.setBackend('cpu')) return kind
      }
      problems.push(`${kind}: backend did not initialise`)
    } catch (err) {
      problems.push(`${kind}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  throw new Error(`no tfjs backend available (${problems.join('; ')})`)
}

export function createTfjsEngine(kind: TfjsKind): LstmEngine {
  return {
    kind,
    describe: () => `tfjs ${tf.version_core} on the ${tf.getBackend()} backend (fallback; the native engine is much faster)`,
    createTrainer: (weights, options) => createTfjsTrainer(kind, weights, options),
    createStepper: (weights, batchSize) => createJsStepper(weights, batchSize),
  }
}

/** The Adam optimizer tf.train.adam makes (its class is not exported by name). */
type Adam = ReturnType<typeof tf.train.adam>

const layerStates = (rnns: StatefulRnn[]): tf.Tensor[] => rnns.flatMap((r) => r.states.map((s) => (s as tf.Tensor).clone()))
const zeroStates = (rnns: StatefulRnn[]): tf.Tensor[] =>
  tf.tidy(() => rnns.flatMap((r) => r.states.map((s) => tf.zerosLike(s as tf.Tensor)))).map((t) => tf.keep(t))

/** Puts `flat` (every LSTM's states, bottom layer first) into the layers. */
function setLayerStates(rnns: StatefulRnn[], flat: tf.Tensor[]): void {
  let k = 0
  for (const r of rnns) {
    const n = r.states.length
    r.resetStates(flat.slice(k, k + n))
    k += n
  }
}

/** Frees the states tf.layers kept for backpropagation through the window just trained. */
function releaseKept(rnns: StatefulRnn[]): void {
  for (const r of rnns) {
    tf.dispose(r.keptStates.flat())
    r.keptStates = []
  }
}

/** One optimizer step on `loss`'s gradients, clipped by global norm when `clipNorm` > 0; returns the loss. */
function clippedStep(optimizer: Adam, vars: tf.Variable[], clipNorm: number, loss: () => tf.Scalar): number {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, vars)
    let list = vars.map((v) => grads[v.name])
    if (clipNorm > 0) {
      const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g)))))
      const scale = tf.minimum(1, tf.div(clipNorm, tf.maximum(norm, 1e-12)))
      list = list.map((g) => tf.mul(g, scale))
    }
    optimizer.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: list[i] })))
    return value.dataSync()[0]
  })
}

/** Adam's step and moments in weight order (zeros for moments it has not made yet). */
function readAdam(optimizer: Adam, shape: ModelShape): OptimizerState {
  const specs = weightTensorOrder(shape)
  const named = new Map<string, tf.Tensor>()
  // Adam's getWeights is async in tfjs; its variables are read synchronously here instead.
  const internal = optimizer as unknown as AdamInternals
  const step = optimizer.iterations
  internal.accumulatedFirstMoment.forEach((a, i) => named.set(`m${i}`, a.variable))
  internal.accumulatedSecondMoment.forEach((a, i) => named.set(`v${i}`, a.variable))
  const read = (key: string, i: number): Float32Array => {
    const t = named.get(key)
    return t ? Float32Array.from(t.dataSync()) : new Float32Array(specs[i].shape.reduce((a, b) => a * b, 1))
  }
  return { step, m: specs.map((_, i) => read(`m${i}`, i)), v: specs.map((_, i) => read(`v${i}`, i)) }
}

/** Checks `state`, disposes `previous` and returns a fresh Adam that continues from `state`. */
function restoredAdam(previous: Adam, state: OptimizerState, vars: tf.Variable[], shape: ModelShape, learningRate: number): Adam {
  const specs = weightTensorOrder(shape)
  if (state.m.length !== specs.length || state.v.length !== specs.length) throw new Error('optimizer state does not fit this model')
  if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`optimizer step must be a non-negative integer, got ${state.step}`)
  // tfjs's Adam.setWeights is async; the same assignments are made here synchronously so
  // the next trainStep already continues from the restored moments.
  previous.dispose()
  const optimizer = tf.train.adam(learningRate)
  const internal = optimizer as unknown as AdamInternals
  internal.iterations_ = state.step
  // Inside tidy: the temporary tensors go, the variables (never tidied) stay.
  tf.tidy(() => {
    internal.accBeta1.assign(tf.scalar(0.9 ** (state.step + 1)))
    internal.accBeta2.assign(tf.scalar(0.999 ** (state.step + 1)))
    const moments = (parts: Float32Array[], suffix: string): AdamInternals['accumulatedFirstMoment'] =>
      parts.map((p, i) => ({ originalName: `${vars[i].name}/${suffix}`, variable: tf.variable(tf.tensor(p, specs[i].shape), false) }))
    internal.accumulatedFirstMoment = moments(state.m, 'm')
    internal.accumulatedSecondMoment = moments(state.v, 'v')
  })
  return optimizer
}

function createTfjsTrainer(kind: TfjsKind, weights: CharLstmWeights, options: TrainerOptions): LstmTrainer {
  validateTrainerOptions(options)
  const shape = shapeOf(weights)
  const { batchSize: B, seqLen: T } = options
  const model = weightsToModel(weights, { batchSize: B, seqLen: T, dropout: options.dropout, output: 'logits' })
  const rnns = model.layers.filter((l) => l.getClassName() === 'LSTM') as unknown as StatefulRnn[]
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
  let learningRate = options.learningRate
  let optimizer = tf.train.adam(learningRate)
  // Evaluation carries its own state: swapped in and out around evaluate().
  let evalStates: tf.Tensor[] = zeroStates(rnns)

  const lossOf = (inputs: Int32Array, targets: Int32Array, training: boolean): tf.Scalar => {
    const x = tf.tensor2d(inputs, [B, T], 'int32')
    const y = tf.oneHot(tf.tensor2d(targets, [B, T], 'int32'), shape.vocabSize)
    const logits = model.apply(x, { training }) as tf.Tensor
    return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar
  }

  return {
    kind,
    shape,
    options: { ...options },
    trainStep(inputs, targets) {
      checkWindow(options, inputs, targets)
      const loss = clippedStep(optimizer, vars, options.clipNorm, () => lossOf(inputs, targets, true))
      releaseKept(rnns)
      return loss
    },
    evaluate(inputs, targets) {
      checkWindow(options, inputs, targets)
      const saved = layerStates(rnns)
      setLayerStates(rnns, evalStates)
      const loss = tf.tidy(() => lossOf(inputs, targets, false).dataSync()[0])
      tf.dispose(evalStates)
      evalStates = layerStates(rnns)
      setLayerStates(rnns, saved)
      tf.dispose(saved)
      return loss
    },
    resetState(which) {
      if (which !== 'eval') for (const r of rnns) r.resetStates()
      if (which !== 'train') {
        tf.dispose(evalStates)
        evalStates = zeroStates(rnns)
      }
    },
    getWeights: () => modelToWeights(model as unknown as tfl.LayersModel),
    setWeights(w) {
      if (JSON.stringify(shapeOf(w)) !== JSON.stringify(shape)) throw new Error('weights do not fit this trainer (different model shape)')
      setModelWeights(model, w)
    },
    getOptimizerState: () => readAdam(optimizer, shape),
    setOptimizerState(state) {
      optimizer = restoredAdam(optimizer, state, vars, shape, learningRate)
    },
    setLearningRate(lr) {
      checkLearningRate(lr)
      learningRate = lr
      ;(optimizer as unknown as AdamInternals).learningRate = lr
    },
    dispose() {
      optimizer.dispose()
      tf.dispose(evalStates)
      model.dispose()
    },
  }
}
