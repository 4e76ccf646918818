/**
 * Seeded random numbers for sampling. Same seed → same tunes, on every machine and engine, so a
 * user can regenerate a variation they liked and the tests can pin behaviour.
 *
 * Each variation draws from its own stream derived from (seed, variation index): variation 2 of
 * seed 7 is the same whether 3 or 16 variations were asked for. sfc32 is small, fast and passes
 * PractRand far beyond the few thousand draws a tune needs; splitmix32 spreads the seed so that
 * neighbouring seeds (1, 2, 3...) give unrelated streams.
 */

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number

function splitmix32(state: number): () => number {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

function sfc32(a: number, b: number, c: number, d: number): Rng {
  return () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
}

/**
 * The random stream of one variation. Seeds are integers (the contract allows 0 … 2^32-1;
 * larger values are reduced modulo 2^32 so any integer works).
 */
export function variationRng(seed: number, variation: number): Rng {
  const mix = splitmix32((Math.trunc(seed) >>> 0) ^ Math.imul(variation + 1, 0x632be5ab))
  const rng = sfc32(mix(), mix(), mix(), mix())
  // Discard the first outputs: sfc32's state needs a few rounds to mix fully.
  for (let i = 0; i < 12; i++) rng()
  return rng
}
