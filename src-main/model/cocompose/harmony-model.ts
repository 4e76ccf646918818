/**
 * The learned harmoniser: a small network from a bar's features (harmony-features.ts) to its
 * chord class, trained on the corpus's own chord symbols. The chord decoder (chords.ts) weighs its
 * opinion of each bar beside the LSTM's: the LSTM knows how the corpus's harmony moves from bar to
 * bar and how a symbol reads before its bar; this model, how a bar's melody and its place in the
 * part choose a chord.
 *
 * Shapes: features x [F]; hidden layer h = relu(xᵀW₁ + b₁) [H], W₁ [F × H] row-major; logits
 * z = hᵀW [C] + b, W [H × C] row-major (C = CHORD_CLASSES). Without a hidden layer (H = 0) the
 * logits read the features directly: z = xᵀW, W [F × C] — multinomial logistic regression.
 */
import { CHORD_CLASSES, FEATURE_COUNT } from './harmony-features'

/** A layer's weights [in × out], row-major, and its bias [out]. */
export interface Layer {
  weights: Float32Array
  bias: Float32Array
}

/** One chord classifier: an optional hidden layer of ReLU units, then the output weights [in × C] (in = H, or F without the hidden layer) and bias (absent: 0). */
export interface ChordClassifier {
  hidden?: Layer
  weights: Float32Array
  bias?: Float32Array
}

/** The chord a bar starts with, and the chord sounding at its middle (where a change of chord may come): one classifier for each. */
export interface Harmoniser {
  start: ChordClassifier
  middle: ChordClassifier
}

/** A classifier in the file: each array as little-endian float32 bytes in base64 (exact, and a third of JSON numbers' size). */
export interface ClassifierFile {
  hiddenWeights: string
  hiddenBias: string
  weights: string
  bias: string
}

/** The harmoniser's file: a format tag, the shape it was trained with, the weights. */
export interface HarmoniserFile {
  format: 'tunesmith-harmoniser-2'
  features: number
  hidden: number
  classes: number
  start: ClassifierFile
  middle: ClassifierFile
  /** A digest of the examples it learnt from (features and classes): a test compares it with today's, so a change of features or corpus asks for a new file. */
  examples: string
  /** How it was made (corpus, split, settings): for the reader, not read back. */
  trainedOn: string
}

export const HARMONISER_FORMAT = 'tunesmith-harmoniser-2'

export function floatsToBase64(a: Float32Array): string {
  const bytes = Buffer.alloc(a.length * 4)
  a.forEach((v, i) => bytes.writeFloatLE(v, 4 * i))
  return bytes.toString('base64')
}

function floatsFrom(text: unknown, length: number, name: string): Float32Array {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'base64') : null
  if (!bytes || bytes.length !== length * 4) throw new Error(`harmoniser ${name} missing or of the wrong size`)
  const out = new Float32Array(length)
  for (let i = 0; i < length; i++) out[i] = bytes.readFloatLE(4 * i)
  if (!out.every(Number.isFinite)) throw new Error(`harmoniser ${name} not finite`)
  return out
}

function classifierOf(file: Partial<ClassifierFile> | undefined, hidden: number, name: string): ChordClassifier {
  const f = file ?? {}
  return {
    hidden: { weights: floatsFrom(f.hiddenWeights, FEATURE_COUNT * hidden, `${name} hidden weights`), bias: floatsFrom(f.hiddenBias, hidden, `${name} hidden bias`) },
    weights: floatsFrom(f.weights, hidden * CHORD_CLASSES, `${name} weights`),
    bias: floatsFrom(f.bias, CHORD_CLASSES, `${name} bias`),
  }
}

/** Reads a harmoniser file's JSON; throws with a reason when its shape is not the one this code computes. */
export function readHarmoniser(json: unknown): Harmoniser {
  const file = json as Partial<HarmoniserFile> | null
  if (!file || file.format !== HARMONISER_FORMAT) throw new Error('not a Tunesmith harmoniser file (or one made by another version: run `npm run train:harmoniser`)')
  const hidden = file.hidden
  if (file.features !== FEATURE_COUNT || file.classes !== CHORD_CLASSES || typeof hidden !== 'number' || !Number.isInteger(hidden) || hidden < 1) throw new Error(`harmoniser shape ${String(file.features)}×${String(file.hidden)}×${String(file.classes)}, expected ${FEATURE_COUNT}×(hidden units)×${CHORD_CLASSES}`)
  return { start: classifierOf(file.start, hidden, 'start'), middle: classifierOf(file.middle, hidden, 'middle') }
}

/** The file's form of a classifier with a hidden layer. */
export function classifierFile(h: ChordClassifier): ClassifierFile {
  if (!h.hidden || !h.bias) throw new Error('only a classifier with a hidden layer and a bias is written to a file')
  return { hiddenWeights: floatsToBase64(h.hidden.weights), hiddenBias: floatsToBase64(h.hidden.bias), weights: floatsToBase64(h.weights), bias: floatsToBase64(h.bias) }
}

/** out [n] = bias + xᵀW for W [x.length × n], skipping the inputs that are 0 (most features are; so are a ReLU layer's idle units). */
function affine(x: Float32Array, weights: Float32Array, bias: Float32Array | undefined, n: number): Float64Array {
  const out = new Float64Array(n)
  if (bias) out.set(bias)
  for (let f = 0; f < x.length; f++) {
    const v = x[f]
    if (v === 0) continue
    for (let j = 0; j < n; j++) out[j] += v * weights[f * n + j]
  }
  return out
}

/** The hidden layer's activations [H] for features x [F]. */
const hiddenOf = (layer: Layer, x: Float32Array): Float32Array => Float32Array.from(affine(x, layer.weights, layer.bias, layer.bias.length), (v) => Math.max(0, v))

/** z [C]: the classifier's logits for features x [F]. */
function logits(h: ChordClassifier, x: Float32Array): Float64Array {
  return affine(h.hidden ? hiddenOf(h.hidden, x) : x, h.weights, h.bias, CHORD_CLASSES)
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
