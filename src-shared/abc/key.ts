/**
 * Key signatures (`K:`) as the alteration each note letter gets: -1 flat, 0 natural, +1 sharp.
 * Used by the "stay in key" rule of the sampler: a note whose sounding alteration differs from
 * the key's is outside the key.
 */

/** Alterations for the letters C D E F G A B, as a 7-character string of '-', '0', '+'. */
export type KeySignature = string

export const LETTERS = 'CDEFGAB'
export const C_MAJOR: KeySignature = '0000000'

// Sharps and flats are added in these orders (circle of fifths).
const SHARP_ORDER = 'FCGDAEB'
const FLAT_ORDER = 'BEADGCF'
/** Sharps (positive) or flats (negative) of the major key on each natural letter. */
const LETTER_FIFTHS: Record<string, number> = { C: 0, G: 1, D: 2, A: 3, E: 4, B: 5, F: -1 }
/** How far each mode's tonic sits from its relative major, in fifths. */
const MODE_SHIFT: Record<string, number> = {
  maj: 0, ion: 0, min: -3, aeo: -3, m: -3, mix: -1, dor: -2, phr: -4, lyd: 1, loc: -5,
}

function fromFifths(fifths: number): string[] {
  const alt = Array.from(C_MAJOR)
  const set = (letter: string, v: string): void => void (alt[LETTERS.indexOf(letter)] = v)
  for (let i = 0; i < Math.min(7, Math.abs(fifths)); i++) {
    if (fifths > 0) set(SHARP_ORDER[i], '+')
    else set(FLAT_ORDER[i], '-')
  }
  return alt
}

/**
 * Reads a `K:` value: tonic with optional #/b, a mode (major, m, min, mix, dor, phr, lyd, loc,
 * aeo, ion; only the first three letters count, any case), then explicit accidentals such as
 * `^f _b =c` which change the signature (ABC 2.1 §4.6; `exp` means only the explicit ones).
 * `K:none`, `K:HP` and clef-only values give no accidentals. Returns null when unreadable.
 */
export function parseKey(value: string): KeySignature | null {
  const v = value.replace(/%.*$/, '').trim()
  if (v === '' || /^(none|hp)$/i.test(v)) return C_MAJOR
  let alt: string[]
  let rest = v
  const m = /^([A-G])([#b]?)\s*([A-Za-z]*)(=?)/.exec(v)
  if (m) {
    // A word followed by "=" is a clef or other setting, not a mode.
    const word = m[4] === '=' ? '' : m[3].toLowerCase()
    const explicitOnly = word === 'exp'
    const mode = word === '' || explicitOnly ? 'maj' : word === 'm' ? 'm' : word.slice(0, 3)
    const shift = MODE_SHIFT[mode]
    if (shift === undefined) return null
    const fifths = LETTER_FIFTHS[m[1]] + (m[2] === '#' ? 7 : m[2] === 'b' ? -7 : 0) + shift
    if (Math.abs(fifths) > 7) return null
    alt = explicitOnly ? Array.from(C_MAJOR) : fromFifths(fifths)
    rest = v.slice(m[4] === '=' ? m[1].length + m[2].length : m[0].length)
  } else if (/^[=^_]/.test(v)) {
    alt = Array.from(C_MAJOR)
  } else {
    // Only settings such as "clef=bass": no key change.
    return /^[a-z]+=/i.test(v) ? C_MAJOR : null
  }
  for (const acc of rest.matchAll(/(?:^|\s)(\^\^|__|\^|_|=)([A-Ga-g])(?=\s|$)/g)) {
    alt[LETTERS.indexOf(acc[2].toUpperCase())] = acc[1][0] === '^' ? '+' : acc[1][0] === '_' ? '-' : '0'
  }
  return alt.join('')
}

/** The key alteration of a note letter (either case). */
export function keyAlteration(key: KeySignature, letter: string): number {
  const c = key[LETTERS.indexOf(letter.toUpperCase())]
  return c === '+' ? 1 : c === '-' ? -1 : 0
}
