/**
 * The learned harmoniser: multinomial logistic regression from a bar's features
 * (harmony-features.ts) to its chord class, trained on the corpus's own chord symbols. The chord
 * decoder (chords.ts) weighs its opinion of each bar beside the LSTM's: the LSTM knows how the
 * corpus's harmony moves from bar to bar and how a symbol reads before its bar; this model, how a
 * bar's melody and its place in the part choose a chord.
 *
 * Shapes: features x [F]; weights W [F × C] row-major (C = CHORD_CLASSES); logits z = xᵀW [C].
 */
import { CHORD_CLASSES, FEATURE_COUNT } from './harmony-features'

/** One chord classifier: weights [F × C], row-major. */
export interface ChordClassifier {
  weights: Float32Array
}

/** The chord a bar starts with, and the chord sounding at its middle (where a change of chord may come): one classifier for each. */
export interface Harmoniser {
  start: ChordClassifier
  middle: ChordClassifier
}

/** The harmoniser's file: a format tag, the shape it was trained with, the weights. */
export interface HarmoniserFile {
  format: 'tunesmith-harmoniser-1'
  features: number
  classes: number
  start: number[]
  middle: number[]
  /** A digest of the examples it learnt from (features and classes): a test compares it with today's, so a change of features or corpus asks for a new file. */
  examples: string
  /** How it was made (corpus, split, settings): for the reader, not read back. */
  trainedOn: string
}

export const HARMONISER_FORMAT = 'tunesmith-harmoniser-1'

function classifierOf(weights: unknown, name: string): ChordClassifier {
  if (!Array.isArray(weights) || weights.length !== FEATURE_COUNT * CHORD_CLASSES || !weights.every((w) => typeof w === 'number' && Number.isFinite(w))) throw new Error(`harmoniser ${name} weights missing, of the wrong size or not finite`)
  return { weights: Float32Array.from(weights as number[]) }
}

/** Reads a harmoniser file's JSON; throws with a reason when its shape is not the one this code computes. */
export function readHarmoniser(json: unknown): Harmoniser {
  const file = json as Partial<HarmoniserFile> | null
  if (!file || file.format !== HARMONISER_FORMAT) throw new Error('not a Tunesmith harmoniser file')
  if (file.features !== FEATURE_COUNT || file.classes !== CHORD_CLASSES) throw new Error(`harmoniser shape ${String(file.features)}×${String(file.classes)}, expected ${FEATURE_COUNT}×${CHORD_CLASSES}`)
  return { start: classifierOf(file.start, 'start'), middle: classifierOf(file.middle, 'middle') }
}

/** z [C] = xᵀW, skipping the features that are 0 (most are). */
function logits(h: ChordClassifier, x: Float32Array): Float64Array {
  const C = CHORD_CLASSES
  const z = new Float64Array(C)
  for (let f = 0; f < FEATURE_COUNT; f++) {
    const v = x[f]
    if (v === 0) continue
    for (let c = 0; c < C; c++) z[c] += v * h.weights[f * C + c]
  }
  return z
}

/** The harmoniser's surprise (bits) at each of `classes` for a bar, normalised over those classes alone (the decoder's candidates). */
export function classBits(h: ChordClassifier, x: Float32Array, classes: number[]): number[] {
  const z = logits(h, x)
  // V and V7 are one class: each class counts once in the normalisation.
  const distinct = [...new Set(classes)].map((c) => z[c])
  const max = Math.max(...distinct)
  const logSum = Math.log(distinct.reduce((s, v) => s + Math.exp(v - max), 0)) + max
  return classes.map((c) => (logSum - z[c]) / Math.LN2)
}

export interface TrainSettings {
  epochs: number
  /** L2 penalty on the weights. */
  l2: number
  learningRate: number
  batch: number
  seed: number
}

export const DEFAULT_HARMONY_TRAINING: TrainSettings = { epochs: 20, l2: 1e-3, learningRate: 0.01, batch: 64, seed: 1 }

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

/** Adds the gradient of one example's cross-entropy (over all classes), scaled by `scale`, into g [F × C]. */
function accumulate(h: ChordClassifier, ex: HarmonyExample, g: Float32Array, scale: number): void {
  const C = CHORD_CLASSES
  const z = logits(h, ex.x)
  const max = Math.max(...z)
  let sum = 0
  for (let c = 0; c < C; c++) sum += (z[c] = Math.exp(z[c] - max))
  for (let c = 0; c < C; c++) z[c] = z[c] / sum - (c === ex.y ? 1 : 0)
  for (let f = 0; f < FEATURE_COUNT; f++) {
    const v = ex.x[f]
    if (v === 0) continue
    for (let c = 0; c < C; c++) g[f * C + c] += v * z[c] * scale
  }
}

/** Deterministic shuffle (a linear congruential generator), so a harmoniser can be made again to the bit. */
function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i)
  let s = seed
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648
    const j = Math.floor((s / 2147483648) * (i + 1))
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  return order
}

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }

/** Both classifiers from the same bars: each bar's features, with its chord at the start and at the middle. */
export function trainHarmoniser(bars: BarExample[], settings: TrainSettings = DEFAULT_HARMONY_TRAINING): Harmoniser {
  return {
    start: trainClassifier(bars.map((b) => ({ x: b.x, y: b.start })), settings),
    middle: trainClassifier(bars.map((b) => ({ x: b.x, y: b.middle })), settings),
  }
}

/** Trains by Adam on mini-batches of the cross-entropy plus an L2 penalty. */
export function trainClassifier(examples: HarmonyExample[], settings: TrainSettings = DEFAULT_HARMONY_TRAINING): ChordClassifier {
  const h: ChordClassifier = { weights: new Float32Array(FEATURE_COUNT * CHORD_CLASSES) }
  const W = h.weights
  const [m, v, g] = [new Float32Array(W.length), new Float32Array(W.length), new Float32Array(W.length)]
  let step = 0
  for (let e = 0; e < settings.epochs; e++) {
    const order = shuffled(examples.length, settings.seed + e)
    for (let s = 0; s < order.length; s += settings.batch) {
      const batch = order.slice(s, s + settings.batch)
      g.fill(0)
      for (const k of batch) accumulate(h, examples[k], g, 1 / batch.length)
      step++
      const [c1, c2] = [1 - ADAM.beta1 ** step, 1 - ADAM.beta2 ** step]
      for (let i = 0; i < W.length; i++) {
        const gi = g[i] + settings.l2 * W[i]
        m[i] = ADAM.beta1 * m[i] + (1 - ADAM.beta1) * gi
        v[i] = ADAM.beta2 * v[i] + (1 - ADAM.beta2) * gi * gi
        W[i] -= (settings.learningRate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + ADAM.epsilon)
      }
    }
  }
  return h
}
