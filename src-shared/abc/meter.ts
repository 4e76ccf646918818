/**
 * The meter (`M:`) and unit note length (`L:`) fields, as exact lengths. A bar's length is
 * measured in whole notes: M:6/8 asks for 3/4 of a whole note, written back as "6/8".
 */
import { cmp, frac, type Frac } from './rational'

export interface Meter {
  /** As written after normalising: "6/8", "4/4" for C, "2/2" for C|. */
  text: string
  /** The bar length in whole notes, or null for a free meter (`M:none`), where bars are not judged. */
  bar: Frac | null
  /** The meter's denominator, used to write bar lengths the way a musician reads them. */
  denominator: number
  /** 6/8, 9/8, 12/8...: decides the default time of a tuplet of 5, 7 or 9. */
  compound: boolean
}

export const FREE_METER: Meter = { text: 'none', bar: null, denominator: 8, compound: false }

const FRACTION = /^\(?\s*(\d+(?:\s*\+\s*\d+)*)\s*\)?\s*\/\s*(\d+)$/

/** Reads an `M:` value; null when it is not a meter we can read (the previous one stays in force). */
export function parseMeter(value: string): Meter | null {
  const v = value.replace(/%.*$/, '').trim()
  if (v === 'C') return { text: '4/4', bar: frac(1), denominator: 4, compound: false }
  if (v === 'C|') return { text: '2/2', bar: frac(1), denominator: 2, compound: false }
  if (v === '' || /^none$/i.test(v)) return FREE_METER
  const m = FRACTION.exec(v)
  if (!m) return null
  // Additive meters such as (2+3)/8 or 2+3/8 ask for the sum.
  const top = m[1].split('+').reduce((s, x) => s + Number(x.trim()), 0)
  const bottom = Number(m[2])
  if (top <= 0 || bottom <= 0) return null
  return {
    text: `${top}/${bottom}`,
    bar: frac(top, bottom),
    denominator: bottom,
    compound: top % 3 === 0 && top > 3 && bottom === 8,
  }
}

/** Reads an `L:` value such as "1/8" (or "1" for a whole note); null when unreadable. */
export function parseUnitLength(value: string): Frac | null {
  const m = /^(\d+)(?:\s*\/\s*(\d+))?$/.exec(value.replace(/%.*$/, '').trim())
  if (!m) return null
  const n = Number(m[1])
  const d = m[2] === undefined ? 1 : Number(m[2])
  return n > 0 && d > 0 ? frac(n, d) : null
}

/** ABC 2.1 §3.1.7: with no `L:`, the unit is 1/16 when the meter's value is below 3/4, else 1/8. */
export function defaultUnitLength(meter: Meter): Frac {
  if (meter.bar === null) return frac(1, 8)
  return cmp(meter.bar, frac(3, 4)) < 0 ? frac(1, 16) : frac(1, 8)
}
