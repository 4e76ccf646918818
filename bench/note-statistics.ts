/**
 * Note-level statistics of a group of tunes, key-independent so tunes in G and in Dmix compare:
 * the scale degree of each note (its letter's distance from the key's tonic letter, 7 bins) and
 * the melodic step between consecutive notes in letter steps (−8…+8, wider leaps in the end
 * bins). Chords of notes and rests are left out. Compared as distributions with the
 * Jensen–Shannon divergence in bits (0 = identical, 1 = disjoint).
 */
import { keyTonic, lastKey } from '../src-main/model/form/analyse'
import { tuneBars } from '../src-main/model/novelty/bar-notes'

export interface NoteStatistics {
  degrees: number[]
  intervals: number[]
}

const LETTERS = 'CDEFGAB'
const MAX_STEP = 8
const NOTE = /[_^=]{0,2}([A-Ga-g])([,']*)/g

export function noteStatistics(tunes: readonly string[]): NoteStatistics {
  const degrees = new Array<number>(7).fill(0)
  const intervals = new Array<number>(2 * MAX_STEP + 1).fill(0)
  for (const tune of tunes) {
    const tonic = keyTonic(lastKey(tune)).letter
    if (tonic === null) continue
    const home = LETTERS.indexOf(tonic)
    let previous: number | null = null
    for (const bar of tuneBars(tune)) {
      for (const m of bar.replace(/\[[^\]]*\]/g, ' ').matchAll(NOTE)) {
        const pitch = diatonic(m[1], m[2])
        degrees[(((pitch - home) % 7) + 7) % 7]++
        if (previous !== null) intervals[Math.max(-MAX_STEP, Math.min(MAX_STEP, pitch - previous)) + MAX_STEP]++
        previous = pitch
      }
    }
  }
  return { degrees, intervals }
}

/** Letter steps from middle C's letter: C=0 … B=6, c=7, c'=14, C,=-7. */
function diatonic(letter: string, octaves: string): number {
  let n = LETTERS.indexOf(letter.toUpperCase()) + (letter >= 'a' ? 7 : 0)
  for (const mark of octaves) n += mark === "'" ? 7 : -7
  return n
}

/** Jensen–Shannon divergence of two histograms, in bits. */
export function jensenShannon(a: readonly number[], b: readonly number[]): number {
  const sa = a.reduce((s, x) => s + x, 0)
  const sb = b.reduce((s, x) => s + x, 0)
  if (sa === 0 || sb === 0) return 1
  let d = 0
  for (let i = 0; i < a.length; i++) {
    const p = a[i] / sa
    const q = b[i] / sb
    const m = (p + q) / 2
    if (p > 0) d += (p / 2) * Math.log2(p / m)
    if (q > 0) d += (q / 2) * Math.log2(q / m)
  }
  return d
}
