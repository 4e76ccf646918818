import { describe, expect, it } from 'vitest'
import { applyTopKTopP, draw, softmaxInto } from '../../../../../src-main/model/sampling/filters'
import { variationRng } from '../../../../../src-main/model/sampling/rng'

const probsOf = (logits: number[], temperature = 1): Float64Array => {
  const out = new Float64Array(logits.length)
  softmaxInto(Float32Array.from(logits), 0, logits.length, temperature, out)
  return out
}
const round = (a: ArrayLike<number>): number[] => Array.from(a, (x) => Math.round(x * 1e6) / 1e6)

describe('sampling filters', () => {
  it('temperature divides the logits before the softmax', () => {
    const logits = [Math.log(1), Math.log(2), Math.log(5)]
    expect(round(probsOf(logits))).toEqual([0.125, 0.25, 0.625])
    // T = 0.5 squares the odds: 1 : 4 : 25.
    expect(round(probsOf(logits, 0.5))).toEqual(round([1 / 30, 4 / 30, 25 / 30]))
    // T = 2 takes their square root.
    const s = 1 + Math.SQRT2 + Math.sqrt(5)
    expect(round(probsOf(logits, 2))).toEqual(round([1 / s, Math.SQRT2 / s, Math.sqrt(5) / s]))
  })

  it('top-k keeps the k most likely characters and renormalises', () => {
    const p = Float64Array.of(0.1, 0.4, 0.2, 0.3)
    applyTopKTopP(p, 4, 2, 1, new Int32Array(4))
    expect(round(p)).toEqual([0, 4 / 7, 0, 3 / 7].map((x) => Math.round(x * 1e6) / 1e6))
  })

  it('top-p keeps the smallest set reaching p, including the one that crosses it', () => {
    const p = Float64Array.of(0.1, 0.4, 0.2, 0.3)
    applyTopKTopP(p, 4, 0, 0.6, new Int32Array(4))
    // 0.4 alone < 0.6; 0.4 + 0.3 = 0.7 ≥ 0.6 → {1, 3}.
    expect(round(p)).toEqual(round([0, 4 / 7, 0, 3 / 7]))
    const q = Float64Array.of(0.1, 0.4, 0.2, 0.3)
    applyTopKTopP(q, 4, 0, 0.7, new Int32Array(4))
    expect(round(q)).toEqual(round([0, 4 / 7, 0, 3 / 7]))
    const r = Float64Array.of(0.1, 0.4, 0.2, 0.3)
    applyTopKTopP(r, 4, 0, 0.71, new Int32Array(4))
    expect(round(r)).toEqual(round([0, 4 / 9, 2 / 9, 3 / 9]))
  })

  it('top-p applies after top-k, to the renormalised survivors', () => {
    const p = Float64Array.of(0.1, 0.4, 0.2, 0.3)
    // top-k 3 → 0.4/0.9, 0.3/0.9, 0.2/0.9; p = 0.5: 0.444 < 0.5, + 0.333 → keep two.
    applyTopKTopP(p, 4, 3, 0.5, new Int32Array(4))
    expect(round(p)).toEqual(round([0, 4 / 7, 0, 3 / 7]))
  })

  it('ties are broken by index, so the result does not depend on the sort', () => {
    const p = Float64Array.of(0.25, 0.25, 0.25, 0.25)
    applyTopKTopP(p, 4, 2, 1, new Int32Array(4))
    expect(round(p)).toEqual([0.5, 0.5, 0, 0])
  })

  it('draw follows the weights and never picks a zero', () => {
    const w = Float64Array.of(0, 0.25, 0, 0.75)
    expect(draw(w, 4, 0)).toBe(1)
    expect(draw(w, 4, 0.2499)).toBe(1)
    expect(draw(w, 4, 0.25)).toBe(3)
    expect(draw(w, 4, 0.999999999)).toBe(3)
    const counts = [0, 0, 0, 0]
    const rng = variationRng(5, 0)
    for (let i = 0; i < 20000; i++) counts[draw(w, 4, rng())]++
    expect(counts[0] + counts[2]).toBe(0)
    expect(counts[3] / 20000).toBeGreaterThan(0.73)
    expect(counts[3] / 20000).toBeLessThan(0.77)
    expect(draw(new Float64Array(4), 4, 0.5)).toBe(-1)
  })
})

describe('seeded streams', () => {
  it('same seed and variation → same numbers; another seed or variation → others', () => {
    const take = (seed: number, v: number): number[] => {
      const rng = variationRng(seed, v)
      return Array.from({ length: 8 }, rng)
    }
    expect(take(1, 0)).toEqual(take(1, 0))
    expect(take(1, 0)).not.toEqual(take(2, 0))
    expect(take(1, 0)).not.toEqual(take(1, 1))
    for (const x of take(123456789, 3)) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
    }
  })
})
