/**
 * What a learned harmoniser reads of a bar (harmony-model.ts): its melody's pitch classes
 * relative to the tonic — over the whole bar, each half, its first and last note, the notes either
 * side of it, the note sounding at each eighth of the bar — the tune's last note (a tune written
 * in D that ends on A is modal, and its accompanist's chords are another set), and where the bar
 * stands in its part (first or last bar, the bar before a repeat sign, its place in the phrase).
 * All pitch classes are counted from the tonic, so one set of weights serves every key; the minor
 * modes get their own copy of the melody's weights, since the same degree means another chord there.
 */
import { barPitches, diatonicTriad, type KeyHarmony } from './harmony'

const PCS = 12
/** Bars of a phrase: a bar's place in its part is counted modulo this. */
const PHRASE_BARS = 8

/** A bar as the harmoniser sees it: its model text (no chord symbols) and the bar lines around it. */
export interface FeatureBar {
  segment: string
  opening: string
  closing: string
}

/**
 * Melody feature blocks (12 each): whole bar, first half, second half, first note, last note,
 * previous bar's last note, next bar's first note, the notes sounding at a quarter and three
 * quarters of the bar, the previous and the next bar's whole.
 */
const MELODY_BLOCKS = 11
const MELODY = MELODY_BLOCKS * PCS
/** The grid: the note sounding at each of this many equal steps through the bar (the beats, and the off-beats between them). */
const GRID_STEPS = 8
const GRID = GRID_STEPS * PCS
/** The tune's last note: one block of 12. */
const FINAL = PCS
/** Bars to the section's end counted exactly up to this (0 = the bar that closes it): where cadences fall. */
const TO_END = 4
/**
 * Position: first bar, last bar, section closes after it, section opened before it, place in
 * phrase (8), bars to the section's end 0 to TO_END − 1 (TO_END slots), and the bias (last, 1 for
 * every bar), which "TO_END or more bars to the end" shares: beside a bias a one-hot group needs a
 * slot fewer.
 */
const POSITION = 4 + PHRASE_BARS + TO_END + 1
/** The melody blocks twice (all modes, and minor modes only), the grid, the tune's last note, then the position features. */
export const FEATURE_COUNT = 2 * MELODY + GRID + FINAL + POSITION

const minorish = (h: KeyHarmony): boolean => h.mode === 'minor' || h.mode === 'dorian'
const closesSection = (closing: string): boolean => closing.includes(':') || closing.includes('||') || closing.includes(']')
const opensSection = (opening: string): boolean => opening.includes(':') || opening.includes('||') || opening.includes('[')

interface Melody {
  notes: { pitch: number; length: number }[]
  total: number
}

function melodyOf(segment: string, h: KeyHarmony, tonic: number): Melody {
  const notes = barPitches(segment, h).map((n) => ({ pitch: (n.pitch - tonic + PCS) % PCS, length: n.length }))
  return { notes, total: notes.reduce((s, n) => s + n.length, 0) }
}

/** The degree of the note sounding at `time` (units from the bar's start), null past the bar's end. */
function soundingAt(m: Melody, time: number): number | null {
  let onset = 0
  for (const n of m.notes) {
    if (time < onset + n.length - 1e-9) return n.pitch
    onset += n.length
  }
  return null
}

/** Writes the bar's melody blocks at `base` of `out`, each block a distribution over the 12 degrees (or one note's degree). */
function writeMelody(out: Float32Array, base: number, m: Melody, prev: Melody | null, next: Melody | null): void {
  let onset = 0
  for (const n of m.notes) {
    const w = m.total > 0 ? n.length / m.total : 0
    out[base + n.pitch] += w
    out[base + (onset < m.total / 2 - 1e-9 ? 1 : 2) * PCS + n.pitch] += 2 * w
    onset += n.length
  }
  if (m.notes.length > 0) {
    out[base + 3 * PCS + m.notes[0].pitch] = 1
    out[base + 4 * PCS + m.notes[m.notes.length - 1].pitch] = 1
  }
  if (prev && prev.notes.length > 0) out[base + 5 * PCS + prev.notes[prev.notes.length - 1].pitch] = 1
  if (next && next.notes.length > 0) out[base + 6 * PCS + next.notes[0].pitch] = 1
  for (const [block, at] of [[7, 0.25], [8, 0.75]] as const) {
    const n = soundingAt(m, at * m.total)
    if (n !== null) out[base + block * PCS + n] = 1
  }
  for (const [block, other] of [[9, prev], [10, next]] as const) {
    for (const n of other?.notes ?? []) out[base + block * PCS + n.pitch] += other && other.total > 0 ? n.length / other.total : 0
  }
}

/** The grid's blocks at `base`: the degree sounding at each step of the bar. */
function writeGrid(out: Float32Array, base: number, m: Melody): void {
  for (let step = 0; step < GRID_STEPS; step++) {
    const n = soundingAt(m, (step / GRID_STEPS) * m.total)
    if (n !== null) out[base + step * PCS + n] = 1
  }
}

/** The degree of the tune's last note (of its last bar with notes), null for a tune without notes. */
function finalDegree(melodies: Melody[]): number | null {
  const last = [...melodies].reverse().find((m) => m.notes.length > 0)
  return last ? last.notes[last.notes.length - 1].pitch : null
}

/** For each bar, how many bars after it its section closes (0: it closes it, or ends the tune). */
function barsToSectionEnd(bars: FeatureBar[]): number[] {
  const out = new Array<number>(bars.length)
  for (let i = bars.length - 1; i >= 0; i--) out[i] = i === bars.length - 1 || closesSection(bars[i].closing) ? 0 : out[i + 1] + 1
  return out
}

/** One feature vector (FEATURE_COUNT) per bar of a tune in key `h`. */
export function barFeatures(bars: FeatureBar[], h: KeyHarmony): Float32Array[] {
  const tonic = diatonicTriad(h, 1).root
  const melodies = bars.map((b) => melodyOf(b.segment, h, tonic))
  const toEnd = barsToSectionEnd(bars)
  const final = finalDegree(melodies)
  let sinceOpening = 0
  return bars.map((b, i) => {
    const out = new Float32Array(FEATURE_COUNT)
    if (i === 0 || opensSection(b.opening) || (i > 0 && closesSection(bars[i - 1].closing))) sinceOpening = 0
    const prev = i > 0 ? melodies[i - 1] : null
    const next = i + 1 < bars.length ? melodies[i + 1] : null
    writeMelody(out, 0, melodies[i], prev, next)
    if (minorish(h)) writeMelody(out, MELODY, melodies[i], prev, next)
    writeGrid(out, 2 * MELODY, melodies[i])
    if (final !== null) out[2 * MELODY + GRID + final] = 1
    const p = 2 * MELODY + GRID + FINAL
    out[p] = i === 0 ? 1 : 0
    out[p + 1] = i === bars.length - 1 ? 1 : 0
    out[p + 2] = closesSection(b.closing) ? 1 : 0
    out[p + 3] = sinceOpening === 0 ? 1 : 0
    out[p + 4 + (sinceOpening % PHRASE_BARS)] = 1
    if (toEnd[i] < TO_END) out[p + 4 + PHRASE_BARS + toEnd[i]] = 1
    out[FEATURE_COUNT - 1] = 1
    sinceOpening++
    return out
  })
}

/** A chord's class for the harmoniser: its root counted from the tonic, and its family (V and V7 are one class). */
export const CHORD_CLASSES = 36
export const chordClass = (chord: { root: number; family: 'major' | 'minor' | 'diminished' }, h: KeyHarmony): number =>
  ((chord.root - diatonicTriad(h, 1).root + PCS) % PCS) * 3 + (chord.family === 'major' ? 0 : chord.family === 'minor' ? 1 : 2)
