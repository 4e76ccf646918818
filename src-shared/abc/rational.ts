/**
 * Exact note lengths. ABC rhythm is rational (triplets make thirds, `A/3` is legal), so lengths
 * are kept as reduced integer fractions of a whole note: floating point would make "is this bar
 * exactly 6/8?" a matter of tolerance. Values are immutable so trackers can share them freely.
 */
export interface Frac {
  readonly n: number
  readonly d: number
}

/** Past this, a numerator or denominator no longer fits a double exactly; lengths are then unmeasurable. */
const LIMIT = 2 ** 40

export const ZERO: Frac = { n: 0, d: 1 }
export const ONE: Frac = { n: 1, d: 1 }

function gcd(a: number, b: number): number {
  a = Math.abs(a)
  while (b !== 0) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

export function frac(n: number, d: number = 1): Frac {
  if (d === 0) throw new RangeError('fraction with a zero denominator')
  if (d < 0) {
    n = -n
    d = -d
  }
  const g = gcd(n, d) || 1
  return { n: n / g, d: d / g }
}

export const add = (a: Frac, b: Frac): Frac =>
  a.d === b.d ? frac(a.n + b.n, a.d) : frac(a.n * b.d + b.n * a.d, a.d * b.d)
export const sub = (a: Frac, b: Frac): Frac =>
  a.d === b.d ? frac(a.n - b.n, a.d) : frac(a.n * b.d - b.n * a.d, a.d * b.d)
export const mul = (a: Frac, b: Frac): Frac => frac(a.n * b.n, a.d * b.d)
/** Negative, zero or positive as a < b, a = b, a > b. */
export const cmp = (a: Frac, b: Frac): number => a.n * b.d - b.n * a.d
export const eq = (a: Frac, b: Frac): boolean => a.n === b.n && a.d === b.d

/** True when the value stays within exact double arithmetic. */
export const exact = (a: Frac): boolean => Math.abs(a.n) < LIMIT && a.d < LIMIT

export const show = (a: Frac): string => `${a.n}/${a.d}`

/**
 * `a` written over `denominator` when that is exact (5/8 of a 6/8 bar reads "5/8", 1/2 of a 4/4
 * bar reads "2/4"), otherwise reduced.
 */
export function showOver(a: Frac, denominator: number): string {
  const n = (a.n * denominator) / a.d
  return Number.isInteger(n) ? `${n}/${denominator}` : show(a)
}
