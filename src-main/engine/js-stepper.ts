/**
 * Plain-JS sampling stepper (Float32Array loops): the fallback when the native addon is absent.
 * One trick makes it usable: the bottom layer's input projection depends only on the token, so
 * `embedding @ kernel + bias` is computed once per vocabulary entry ([vocab, 4·units] table) and a
 * step reads a row instead of multiplying a 512-wide embedding. The other weights are kept
 * transposed and stacked (see stackTransposed) so every gate value is one dot product.
 */
import type { CharLstmWeights } from './weights'
import type { LstmStepper } from './types'
import { validateWeights } from './flat-weights'

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))

/** out[r, :] += x[r, :] @ w for r < rows; x is [rows, n], w is [n, m] row-major (setup only). */
function addMatMul(out: Float32Array, x: Float32Array, w: Float32Array, rows: number, n: number, m: number): void {
  for (let r = 0; r < rows; r++) {
    const ro = r * m
    for (let i = 0; i < n; i++) {
      const xi = x[r * n + i]
      if (xi === 0) continue
      const wo = i * m
      for (let j = 0; j < m; j++) out[ro + j] += xi * w[wo + j]
    }
  }
}

/**
 * Stacks kernels [k_a, m], [k_b, m], ... vertically and transposes the result to [m, Σk], so one
 * output is one contiguous dot product over the concatenated input (x below ‖ h). Dot products
 * with four accumulators run about twice as fast in V8 as the axpy form (no store per multiply).
 */
function stackTransposed(parts: { w: Float32Array; k: number }[], m: number): Float32Array {
  const K = parts.reduce((n, p) => n + p.k, 0)
  const out = new Float32Array(m * K)
  let offset = 0
  for (const { w, k } of parts) {
    for (let i = 0; i < k; i++) for (let j = 0; j < m; j++) out[j * K + offset + i] = w[i * m + j]
    offset += k
  }
  return out
}

/** out[o + j] += wt[j, :] · x[xo .. xo + k] for j < m. */
function addMatVecT(out: Float32Array, o: number, wt: Float32Array, x: Float32Array, xo: number, m: number, k: number): void {
  const k4 = k - (k % 4)
  for (let j = 0; j < m; j++) {
    const base = j * k
    let s0 = 0
    let s1 = 0
    let s2 = 0
    let s3 = 0
    for (let i = 0; i < k4; i += 4) {
      s0 += wt[base + i] * x[xo + i]
      s1 += wt[base + i + 1] * x[xo + i + 1]
      s2 += wt[base + i + 2] * x[xo + i + 2]
      s3 += wt[base + i + 3] * x[xo + i + 3]
    }
    for (let i = k4; i < k; i++) s0 += wt[base + i] * x[xo + i]
    out[o + j] += s0 + s1 + s2 + s3
  }
}

/** A stepper's weights laid out for stepping, and its per-row state and scratch. */
interface JsStepperParts {
  weights: CharLstmWeights
  B: number
  V: number
  /** Bottom layer's input projection per token: [V, 4·units]. */
  table: Float32Array
  /** Per layer, [4·units, input + units] (bottom layer: recurrent only, its input comes from the table). */
  fused: Float32Array[]
  /** Per layer: the input ‖ h of one row, the operand of `fused`. */
  inputs: Float32Array[]
  denseT: Float32Array
  top: number
  h: Float32Array[]
  c: Float32Array[]
  z: Float32Array[]
  logits: Float32Array
}

function stepperParts(weights: CharLstmWeights, B: number): JsStepperParts {
  const V = weights.vocabSize
  const E = weights.embeddingDim
  const first = weights.layers[0]
  const G0 = 4 * first.units
  const table = new Float32Array(V * G0)
  for (let v = 0; v < V; v++) {
    table.set(first.bias, v * G0)
    addMatMul(table.subarray(v * G0, (v + 1) * G0), weights.embedding.subarray(v * E, (v + 1) * E), first.kernel, 1, E, G0)
  }
  const top = weights.layers[weights.layers.length - 1].units
  return {
    weights,
    B,
    V,
    table,
    fused: weights.layers.map((l, i) =>
      stackTransposed(i === 0 ? [{ w: l.recurrentKernel, k: l.units }] : [{ w: l.kernel, k: l.inputSize }, { w: l.recurrentKernel, k: l.units }], 4 * l.units),
    ),
    inputs: weights.layers.map((l, i) => new Float32Array(i === 0 ? l.units : l.inputSize + l.units)),
    denseT: stackTransposed([{ w: weights.dense.kernel, k: top }], V),
    top,
    h: weights.layers.map((l) => new Float32Array(B * l.units)),
    c: weights.layers.map((l) => new Float32Array(B * l.units)),
    z: weights.layers.map((l) => new Float32Array(B * 4 * l.units)),
    logits: new Float32Array(B * V),
  }
}

/** Layer `l`'s step for every row: gates from the token (bottom) or the layer below, then c and h. */
function stepLayer(p: JsStepperParts, l: number, tokens: Int32Array): void {
  const { B, h } = p
  const layer = p.weights.layers[l]
  const H = layer.units
  const G = 4 * H
  const I = l === 0 ? 0 : layer.inputSize
  const zl = p.z[l]
  const hl = h[l]
  const cl = p.c[l]
  const xin = p.inputs[l]
  for (let b = 0; b < B; b++) {
    const zo = b * G
    if (l === 0) zl.set(p.table.subarray(tokens[b] * G, (tokens[b] + 1) * G), zo)
    else {
      zl.set(layer.bias, zo)
      xin.set(h[l - 1].subarray(b * I, (b + 1) * I), 0)
    }
    xin.set(hl.subarray(b * H, (b + 1) * H), I)
    addMatVecT(zl, zo, p.fused[l], xin, 0, G, I + H)
  }
  for (let b = 0; b < B; b++) {
    const zo = b * G
    for (let j = 0; j < H; j++) {
      const i = sigmoid(zl[zo + j])
      const f = sigmoid(zl[zo + H + j])
      const g = Math.tanh(zl[zo + 2 * H + j])
      const o = sigmoid(zl[zo + 3 * H + j])
      const cNew = f * cl[b * H + j] + i * g
      cl[b * H + j] = cNew
      hl[b * H + j] = o * Math.tanh(cNew)
    }
  }
}

export function createJsStepper(weights: CharLstmWeights, batchSize: number): LstmStepper {
  validateWeights(weights)
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`)
  const p = stepperParts(weights, batchSize)
  const { B, V, h, c, logits, top } = p

  return {
    kind: 'js',
    batchSize: B,
    vocabSize: V,
    step(tokens: Int32Array): Float32Array {
      if (tokens.length !== B) throw new Error(`step needs ${B} tokens (one per row), got ${tokens.length}`)
      for (let b = 0; b < B; b++) {
        const t = tokens[b]
        if (!(t >= 0 && t < V)) throw new Error(`token ${t} is outside the vocabulary (0..${V - 1})`)
      }
      for (let l = 0; l < weights.layers.length; l++) stepLayer(p, l, tokens)
      const hTop = h[h.length - 1]
      for (let b = 0; b < B; b++) {
        logits.set(weights.dense.bias, b * V)
        addMatVecT(logits, b * V, p.denseT, hTop, b * top, V, top)
      }
      return logits
    },
    reset(): void {
      for (const a of [...h, ...c]) a.fill(0)
    },
    resetRow(row: number): void {
      if (!(row >= 0 && row < B)) throw new Error(`row must be in 0..${B - 1}, got ${row}`)
      weights.layers.forEach((layer, l) => {
        h[l].fill(0, row * layer.units, (row + 1) * layer.units)
        c[l].fill(0, row * layer.units, (row + 1) * layer.units)
      })
    },
    copyRow(from: number, to: number): void {
      if (!(from >= 0 && from < B && to >= 0 && to < B)) throw new Error(`rows must be in 0..${B - 1}, got ${from} → ${to}`)
      weights.layers.forEach((layer, l) => {
        const H = layer.units
        h[l].copyWithin(to * H, from * H, (from + 1) * H)
        c[l].copyWithin(to * H, from * H, (from + 1) * H)
      })
    },
    getRowState: (row: number): Float32Array => rowState(p, row, null),
    setRowState(row: number, state: Float32Array): void {
      rowState(p, row, state)
    },
    dispose(): void {},
  }
}

/** Reads row `row`'s state (h then c of each layer, bottom up), or with `state` sets it from one. */
function rowState(p: JsStepperParts, row: number, state: Float32Array | null): Float32Array {
  if (!(Number.isInteger(row) && row >= 0 && row < p.B)) throw new Error(`row must be in 0..${p.B - 1}, got ${row}`)
  const size = p.weights.layers.reduce((n, l) => n + 2 * l.units, 0)
  if (state && state.length !== size) throw new Error(`a row state has ${size} values, got ${state.length}`)
  const out = state ?? new Float32Array(size)
  let o = 0
  p.weights.layers.forEach((layer, l) => {
    const H = layer.units
    if (state) {
      p.h[l].set(state.subarray(o, o + H), row * H)
      p.c[l].set(state.subarray(o + H, o + 2 * H), row * H)
    } else {
      out.set(p.h[l].subarray(row * H, (row + 1) * H), o)
      out.set(p.c[l].subarray(row * H, (row + 1) * H), o + H)
    }
    o += 2 * H
  })
  return out
}
