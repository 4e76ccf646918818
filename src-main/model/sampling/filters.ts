/**
 * From logits to the distribution a character is drawn from: temperature → top-k → top-p
 * (nucleus), then renormalise. Pure functions over small arrays (one row of the vocabulary,
 * ~90 entries), so the exact behaviour is easy to pin in tests.
 */

export interface FilterOptions {
  /** > 0. Below 1 sharpens the distribution, above 1 flattens it. */
  temperature: number
  /** Keep only the k most likely characters; 0 = no limit. */
  topK: number
  /** Keep the smallest set of most likely characters whose probability sums to ≥ p; 1 = no limit. */
  topP: number
}

/** Softmax of `logits[offset .. offset+size)` divided by the temperature, into `out`. */
export function softmaxInto(logits: ArrayLike<number>, offset: number, size: number, temperature: number, out: Float64Array): void {
  let max = -Infinity
  for (let i = 0; i < size; i++) max = Math.max(max, logits[offset + i])
  let sum = 0
  for (let i = 0; i < size; i++) {
    // Subtracting the max keeps exp() finite even at temperature 0.01.
    const e = Math.exp((logits[offset + i] - max) / temperature)
    out[i] = e
    sum += e
  }
  for (let i = 0; i < size; i++) out[i] /= sum
}

/**
 * Applies top-k then top-p to probabilities in place and renormalises. `order` is scratch space
 * (length ≥ size) and ends up holding the indices by decreasing probability (ties by index, so
 * the result never depends on the sort implementation).
 */
export function applyTopKTopP(probs: Float64Array, size: number, topK: number, topP: number, order: Int32Array): void {
  if ((topK <= 0 || topK >= size) && topP >= 1) return
  for (let i = 0; i < size; i++) order[i] = i
  const view = order.subarray(0, size)
  view.sort((a, b) => probs[b] - probs[a] || a - b)
  let keep = topK > 0 ? Math.min(topK, size) : size
  if (topP < 1) {
    let total = 0
    for (let r = 0; r < keep; r++) total += probs[view[r]]
    let cumulative = 0
    for (let r = 0; r < keep; r++) {
      cumulative += probs[view[r]] / total
      // The character that crosses p is kept: the nucleus is the smallest set reaching p.
      if (cumulative >= topP - 1e-12) {
        keep = r + 1
        break
      }
    }
  }
  for (let r = keep; r < size; r++) probs[view[r]] = 0
  normalize(probs, size)
}

/** Divides by the sum; returns the sum before (0 means nothing is left to draw from). */
export function normalize(probs: Float64Array, size: number): number {
  let sum = 0
  for (let i = 0; i < size; i++) sum += probs[i]
  if (sum > 0) for (let i = 0; i < size; i++) probs[i] /= sum
  return sum
}

/**
 * Draws an index with probability proportional to `weights` (which need not sum to 1);
 * -1 when every weight is 0.
 */
export function draw(weights: Float64Array, size: number, u: number): number {
  let total = 0
  for (let i = 0; i < size; i++) total += weights[i]
  if (!(total > 0)) return -1
  let target = u * total
  let last = -1
  for (let i = 0; i < size; i++) {
    const w = weights[i]
    if (w <= 0) continue
    last = i
    target -= w
    if (target < 0) return i
  }
  // Rounding can leave target a hair above 0 after the last candidate.
  return last
}
