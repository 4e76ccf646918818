/**
 * Training the harmoniser (harmony-model.ts): a network with one hidden layer of ReLU units, by
 * Adam on mini-batches of the cross-entropy over all chord classes, with dropout on the hidden
 * units and an L2 penalty. Every random draw (initial weights, the order of examples, dropout)
 * comes from one seeded generator, so `npm run train:harmoniser` makes the same file again.
 *
 * Shapes as in harmony-model.ts: x [F], W₁ [F × H], b₁ [H], W [H × C], b [C].
 */
import { CHORD_CLASSES, FEATURE_COUNT } from './harmony-features'
import type { ChordClassifier, Harmoniser, Layer } from './harmony-model'

export interface TrainSettings {
  epochs: number
  /** L2 penalty on the weights. */
  l2: number
  learningRate: number
  batch: number
  seed: number
  /** Hidden units. */
  hidden: number
  /** Share of the hidden units silenced for each training example. */
  dropout: number
}

/**
 * Chosen by 5-fold cross-validation over the training tunes' bars (docs/model.md, "The
 * harmoniser"): 12 epochs beat 20 (75.3 against 74.6 %), 64, 128 and 256 units are alike
 * (75.2–75.3 %), and the hidden layer beats the linear model by more than a point.
 */
export const DEFAULT_HARMONY_TRAINING: TrainSettings = { epochs: 12, l2: 1e-4, learningRate: 0.003, batch: 64, seed: 1, hidden: 128, dropout: 0.3 }

/** A training example: a bar's features and its chord's class. */
export interface HarmonyExample {
  x: Float32Array
  y: number
}

/** A bar of a tune with chords: its features, and the classes of its chords at its start and its middle. */
export interface BarExample {
  x: Float32Array
  start: number
  middle: number
}

/** A linear congruential generator in [0, 1). */
function generator(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

/** The classifier's arrays in one order (W₁, b₁, W, b), for the optimiser. */
interface Net {
  hidden: Layer
  weights: Float32Array
  bias: Float32Array
}
const arraysOf = (n: Net): Float32Array[] => [n.hidden.weights, n.hidden.bias, n.weights, n.bias]

/**
 * Uniform initial weights of Glorot's scale; a bar's features are mostly 0 (about an eighth of
 * them are not), so W₁'s fan-in is counted as that eighth.
 */
function initialNet(hidden: number, random: () => number): Net {
  const uniform = (length: number, fanIn: number, fanOut: number): Float32Array => {
    const limit = Math.sqrt(6 / (fanIn + fanOut))
    return Float32Array.from({ length }, () => (2 * random() - 1) * limit)
  }
  const hiddenWeights = uniform(FEATURE_COUNT * hidden, FEATURE_COUNT / 8, hidden)
  const weights = uniform(hidden * CHORD_CLASSES, hidden, CHORD_CLASSES)
  return { hidden: { weights: hiddenWeights, bias: new Float32Array(hidden) }, weights, bias: new Float32Array(CHORD_CLASSES) }
}

/** One example forward and back: adds the gradient of its cross-entropy, × scale, into g (arraysOf's order). Dropout silences hidden units (and scales the rest up). */
function backprop(n: Net, ex: HarmonyExample, g: Float32Array[], scale: number, keep: () => number): void {
  const [H, C, x] = [n.hidden.bias.length, CHORD_CLASSES, ex.x]
  const h = Float64Array.from(n.hidden.bias)
  for (let f = 0; f < x.length; f++) if (x[f] !== 0) for (let j = 0; j < H; j++) h[j] += x[f] * n.hidden.weights[f * H + j]
  const mask = Float64Array.from(h, (v) => (v > 0 ? keep() : 0))
  for (let j = 0; j < H; j++) h[j] *= mask[j]
  const z = Float64Array.from(n.bias)
  for (let j = 0; j < H; j++) if (h[j] !== 0) for (let c = 0; c < C; c++) z[c] += h[j] * n.weights[j * C + c]
  const max = Math.max(...z)
  let sum = 0
  for (let c = 0; c < C; c++) sum += z[c] = Math.exp(z[c] - max)
  // dz [C]: softmax − one-hot; dh [H] = W dz, through the ReLU and the dropout mask.
  for (let c = 0; c < C; c++) z[c] = (z[c] / sum - (c === ex.y ? 1 : 0)) * scale
  const dh = new Float64Array(H)
  for (let j = 0; j < H; j++) {
    if (h[j] === 0) continue
    for (let c = 0; c < C; c++) {
      g[2][j * C + c] += h[j] * z[c]
      dh[j] += z[c] * n.weights[j * C + c]
    }
    dh[j] *= mask[j]
    g[1][j] += dh[j]
  }
  for (let c = 0; c < C; c++) g[3][c] += z[c]
  for (let f = 0; f < x.length; f++) if (x[f] !== 0) for (let j = 0; j < H; j++) g[0][f * H + j] += x[f] * dh[j]
}

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }

/** One Adam step over every array, the L2 penalty added to each gradient. */
function adamStep(params: Float32Array[], grads: Float32Array[], moments: { m: Float32Array[]; v: Float32Array[] }, step: number, settings: TrainSettings): void {
  const [c1, c2] = [1 - ADAM.beta1 ** step, 1 - ADAM.beta2 ** step]
  params.forEach((p, a) => {
    const [g, m, v] = [grads[a], moments.m[a], moments.v[a]]
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] + settings.l2 * p[i]
      m[i] = ADAM.beta1 * m[i] + (1 - ADAM.beta1) * gi
      v[i] = ADAM.beta2 * v[i] + (1 - ADAM.beta2) * gi * gi
      p[i] -= (settings.learningRate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + ADAM.epsilon)
    }
  })
}

/** Both classifiers from the same bars: each bar's features, with its chord at the start and at the middle. */
export function trainHarmoniser(bars: BarExample[], settings: TrainSettings = DEFAULT_HARMONY_TRAINING): Harmoniser {
  return {
    start: trainClassifier(bars.map((b) => ({ x: b.x, y: b.start })), settings),
    middle: trainClassifier(bars.map((b) => ({ x: b.x, y: b.middle })), settings),
  }
}

/** Trains one classifier (settings.hidden ≥ 1 units). */
export function trainClassifier(examples: HarmonyExample[], settings: TrainSettings = DEFAULT_HARMONY_TRAINING): ChordClassifier {
  if (!Number.isInteger(settings.hidden) || settings.hidden < 1) throw new Error('the harmoniser needs at least one hidden unit')
  const random = generator(settings.seed)
  const net = initialNet(settings.hidden, random)
  const params = arraysOf(net)
  const grads = params.map((p) => new Float32Array(p.length))
  const moments = { m: params.map((p) => new Float32Array(p.length)), v: params.map((p) => new Float32Array(p.length)) }
  const keep = (): number => (random() < settings.dropout ? 0 : 1 / (1 - settings.dropout))
  let step = 0
  for (let e = 0; e < settings.epochs; e++) {
    const order = examples.map((_, i) => i)
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j], order[i]]
    }
    for (let s = 0; s < order.length; s += settings.batch) {
      const batch = order.slice(s, s + settings.batch)
      grads.forEach((g) => g.fill(0))
      for (const k of batch) backprop(net, examples[k], grads, 1 / batch.length, keep)
      adamStep(params, grads, moments, ++step, settings)
    }
  }
  return net
}
