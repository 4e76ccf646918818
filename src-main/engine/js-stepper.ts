/**
 * Plain-JS sampling stepper (Float32Array loops): the fallback when the native addon is absent.
 * One trick makes it usable: the bottom layer's input projection depends only on the token, so
 * `embedding @ kernel + bias` is computed once per vocabulary entry ([vocab, 4·units] table) and a
 * step reads a row instead of multiplying a 512-wide embedding. Loops run row-major over the
 * Keras [in, 4·units] kernels (an axpy per input value), which V8 compiles to tight scalar code.
 */
import type { CharLstmWeights } from '../model/weights'
import type { LstmStepper } from './types'
import { validateWeights } from './flat-weights'

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))

/** out[r, :] += x[r, :] @ w for r < rows; x is [rows, n], w is [n, m] row-major. */
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

export function createJsStepper(weights: CharLstmWeights, batchSize: number): LstmStepper {
  validateWeights(weights)
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`)
  const V = weights.vocabSize
  const E = weights.embeddingDim
  const B = batchSize
  const first = weights.layers[0]
  const G0 = 4 * first.units
  // Bottom layer's input projection per token: [V, 4·units].
  const table = new Float32Array(V * G0)
  for (let v = 0; v < V; v++) {
    table.set(first.bias, v * G0)
    addMatMul(table.subarray(v * G0, (v + 1) * G0), weights.embedding.subarray(v * E, (v + 1) * E), first.kernel, 1, E, G0)
  }
  const h = weights.layers.map((l) => new Float32Array(B * l.units))
  const c = weights.layers.map((l) => new Float32Array(B * l.units))
  const z = weights.layers.map((l) => new Float32Array(B * 4 * l.units))
  const logits = new Float32Array(B * V)

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
      weights.layers.forEach((layer, l) => {
        const H = layer.units
        const G = 4 * H
        const zl = z[l]
        if (l === 0) {
          for (let b = 0; b < B; b++) zl.set(table.subarray(tokens[b] * G, (tokens[b] + 1) * G), b * G)
        } else {
          for (let b = 0; b < B; b++) zl.set(layer.bias, b * G)
          addMatMul(zl, h[l - 1], layer.kernel, B, layer.inputSize, G)
        }
        addMatMul(zl, h[l], layer.recurrentKernel, B, H, G)
        const hl = h[l]
        const cl = c[l]
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
      })
      const top = h[h.length - 1]
      for (let b = 0; b < B; b++) logits.set(weights.dense.bias, b * V)
      addMatMul(logits, top, weights.dense.kernel, B, top.length / B, V)
      return logits
    },
    reset(): void {
      for (const a of [...h, ...c]) a.fill(0)
    },
    copyRow(from: number, to: number): void {
      if (!(from >= 0 && from < B && to >= 0 && to < B)) throw new Error(`rows must be in 0..${B - 1}, got ${from} → ${to}`)
      weights.layers.forEach((layer, l) => {
        const H = layer.units
        h[l].copyWithin(to * H, from * H, (from + 1) * H)
        c[l].copyWithin(to * H, from * H, (from + 1) * H)
      })
    },
    dispose(): void {},
  }
}
