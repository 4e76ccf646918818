/**
 * The harmony a key offers, as folk accompanists use it: the chords the chord suggester chooses
 * from (I, ii, IV, V, V7, vi in major; i, III, iv, V, V7, VI, VII in minor; the modal ones for
 * Dorian and Mixolydian), named as the Nottingham files name them ("G", "Em", "D7", "F#m"), and
 * the reading of a chord symbol as root and family, by which suggestions are compared with a
 * tune's own chords. Also the bench's baseline: the diatonic triad that covers most of a bar's
 * melody (by duration).
 */
import { suffixLength } from '../../../src-shared/abc/dialect-tokens'
import { keyAlteration, parseKey, LETTERS, type KeySignature } from '../../../src-shared/abc/key'

export type Family = 'major' | 'minor' | 'diminished'

export interface Chord {
  /** Pitch class of the root, 0 = C. */
  root: number
  family: Family
  /** A dominant seventh. */
  seventh: boolean
  /** As written in a chord symbol: "G", "Em", "D7", "F#dim". */
  name: string
}

/** Semitones of the natural letters C D E F G A B. */
const NATURAL = [0, 2, 4, 5, 7, 9, 11]
const NAMES_SHARP = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']
const NAMES_FLAT = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'Gb', 'G', 'Ab', 'A', 'Bb', 'B']

type Mode = 'major' | 'minor' | 'dorian' | 'mixolydian'

/** Scale degrees (1-based) whose diatonic triads each mode uses, and whether V/V7 (major third) is added. */
const MODE_DEGREES: Record<Mode, { degrees: number[]; dominant: boolean }> = {
  major: { degrees: [1, 2, 4, 5, 6], dominant: true },
  minor: { degrees: [1, 3, 4, 6, 7], dominant: true },
  dorian: { degrees: [1, 3, 4, 5, 7], dominant: false },
  mixolydian: { degrees: [1, 2, 4, 5, 7], dominant: false },
}

export interface KeyHarmony {
  tonicLetter: string
  signature: KeySignature
  mode: Mode
  /** Spelling for chord roots: flats in flat keys. */
  flats: boolean
}

/** Reads a K: value; null when it names no tonic (K:none, K:HP) or cannot be read. */
export function keyHarmony(key: string): KeyHarmony | null {
  const m = /^\s*([A-G])([#b]?)\s*([A-Za-z]*)/.exec(key)
  const signature = parseKey(key)
  if (!m || !signature) return null
  const word = m[3].toLowerCase()
  const mode: Mode = word === 'm' || word.startsWith('min') || word.startsWith('aeo') ? 'minor'
    : word.startsWith('dor') ? 'dorian' : word.startsWith('mix') ? 'mixolydian' : 'major'
  return { tonicLetter: m[1], signature, mode, flats: signature.includes('-') }
}

const pitchOf = (h: KeyHarmony, letterIndex: number): number => {
  const letter = LETTERS[((letterIndex % 7) + 7) % 7]
  return (NATURAL[LETTERS.indexOf(letter)] + keyAlteration(h.signature, letter) + 12) % 12
}

function named(h: KeyHarmony, root: number, family: Family, seventh: boolean): Chord {
  const suffix = family === 'minor' ? 'm' : family === 'diminished' ? 'dim' : seventh ? '7' : ''
  return { root, family, seventh, name: (h.flats ? NAMES_FLAT : NAMES_SHARP)[root] + suffix }
}

/** The triad on a scale degree (1-based) of the key's own scale. */
export function diatonicTriad(h: KeyHarmony, degree: number): Chord {
  const base = LETTERS.indexOf(h.tonicLetter) + degree - 1
  const [r, third, fifth] = [pitchOf(h, base), pitchOf(h, base + 2), pitchOf(h, base + 4)]
  const t = (third - r + 12) % 12
  const f = (fifth - r + 12) % 12
  return named(h, r, t === 4 ? 'major' : f === 6 ? 'diminished' : 'minor', false)
}

/** A chord off the key's scale, from the tonic: letters up (its spelling), semitones up (its pitch), family, seventh. */
interface OutsideChord {
  letters: number
  semitones: number
  family: Family
  seventh: boolean
}

/**
 * The chords the Nottingham training tunes (i % 10 != 9) use outside each mode's diatonic set in
 * at least 0.5 % of that mode's chord symbols, in their commoner spelling (bench/cocompose-chord-counts.ts
 * counts them; docs/model.md, "Candidates"). Major: II7 (V7/V, 3.0 %), III7 (V7/vi, 0.9 %), ♭VII
 * (1.0 %), iii (0.7 %), VI7 (V7/ii, 0.6 %); minor: v (5.0 %), IV7 (3.2 %), I (V/iv, 1.2 %), II7
 * (V7/V, 0.7 %). The corpus has no modal tunes to count, so the modes get none.
 */
const OUTSIDE: Record<Mode, OutsideChord[]> = {
  major: [
    { letters: 1, semitones: 2, family: 'major', seventh: true },
    { letters: 6, semitones: 10, family: 'major', seventh: false },
    { letters: 2, semitones: 4, family: 'minor', seventh: false },
    { letters: 2, semitones: 4, family: 'major', seventh: true },
    { letters: 5, semitones: 9, family: 'major', seventh: true },
  ],
  minor: [
    { letters: 4, semitones: 7, family: 'minor', seventh: false },
    { letters: 3, semitones: 5, family: 'major', seventh: true },
    { letters: 0, semitones: 0, family: 'major', seventh: false },
    { letters: 1, semitones: 2, family: 'major', seventh: true },
  ],
  dorian: [],
  mixolydian: [],
}

/** An outside chord spelled on its letter ("Bb" in C, not "A#"; "F#7" in D). */
function spelled(h: KeyHarmony, o: OutsideChord): Chord {
  const tonic = LETTERS.indexOf(h.tonicLetter)
  const root = (pitchOf(h, tonic) + o.semitones) % 12
  const letter = LETTERS[(tonic + o.letters) % 7]
  const accidental = ((root - NATURAL[LETTERS.indexOf(letter)] + 18) % 12) - 6
  const suffix = o.family === 'minor' ? 'm' : o.seventh ? '7' : ''
  return { root, family: o.family, seventh: o.seventh, name: letter + (accidental < 0 ? 'b' : '#').repeat(Math.abs(accidental)) + suffix }
}

/** The chords the suggester chooses from, tonic first; with `wider`, the corpus's common chords outside the key's own after them. */
export function candidateChords(h: KeyHarmony, wider = false): Chord[] {
  const { degrees, dominant } = MODE_DEGREES[h.mode]
  const chords = degrees.map((d) => diatonicTriad(h, d))
  if (dominant) {
    const root = pitchOf(h, LETTERS.indexOf(h.tonicLetter) + 4)
    const triad = named(h, root, 'major', false)
    if (!chords.some((c) => c.name === triad.name)) chords.push(triad)
    chords.push(named(h, root, 'major', true))
  }
  if (wider) chords.push(...OUTSIDE[h.mode].map((o) => spelled(h, o)))
  return chords
}

/** A chord symbol's root and family ("F#m7" → F#, minor), or null for what is not a chord ("^text", "N.C."). */
export function readChord(symbol: string): { root: number; family: Family } | null {
  const m = /^([A-G])([#b]?)(.*)$/.exec(symbol.trim())
  if (!m) return null
  const root = (NATURAL[LETTERS.indexOf(m[1])] + (m[2] === '#' ? 1 : m[2] === 'b' ? -1 : 0) + 12) % 12
  const rest = m[3]
  const family: Family = /^(dim|o)/.test(rest) ? 'diminished' : /^m(?!aj)/.test(rest) ? 'minor' : 'major'
  return { root, family }
}

/** Same root and family: how suggestions are compared with a tune's own chords. */
export const sameChord = (a: { root: number; family: Family } | null, b: { root: number; family: Family } | null): boolean =>
  a !== null && b !== null && a.root === b.root && a.family === b.family

const NOTE = /([_^=]*)([A-Ga-g])[,']*(\d*(?:\/\d*)*)/g

/** A whole line that is a header field (`P:B`, `K:D`, `M:3/4`) between bars: not the bar's music. */
export const FIELD_LINE = /^[A-Za-z]:[^\n]*$/gm

/** Melody pitch classes of a bar's text with their lengths (in units), accidentals carried through the bar. */
export function barPitches(bar: string, h: KeyHarmony): { pitch: number; length: number }[] {
  // Chord symbols, decorations, grace notes and field lines between bars (`P:B`) are not melody.
  const music = bar.replace(/"[^"]*"/g, '').replace(/![^!]*!/g, '').replace(/\{[^}]*\}/g, '').replace(FIELD_LINE, '')
  const carried = new Map<string, number>()
  const out: { pitch: number; length: number }[] = []
  for (const m of music.matchAll(NOTE)) {
    const letter = m[2].toUpperCase()
    const acc = m[1]
    if (acc) carried.set(letter, acc.startsWith('^') ? acc.length : acc.startsWith('_') ? -acc.length : 0)
    const alteration = carried.get(letter) ?? keyAlteration(h.signature, letter)
    const l = suffixLength(m[3])
    out.push({ pitch: (NATURAL[LETTERS.indexOf(letter)] + alteration + 12) % 12, length: l.n / l.d })
  }
  return out
}

/** Pitch classes of a chord: root, third, fifth, and the minor seventh of a dominant seventh. */
export function chordTones(chord: Chord): number[] {
  const third = chord.family === 'major' ? 4 : 3
  const fifth = chord.family === 'diminished' ? 6 : 7
  return [0, third, fifth, ...(chord.seventh ? [10] : [])].map((i) => (chord.root + i) % 12)
}

/** The share (0..1, by duration) of a bar's melody that lies on the chord's tones; 0 for a bar with no notes. */
export function coverShare(chord: Chord, notes: { pitch: number; length: number }[]): number {
  const tones = chordTones(chord)
  const total = notes.reduce((sum, n) => sum + n.length, 0)
  if (total === 0) return 0
  return notes.filter((n) => tones.includes(n.pitch)).reduce((sum, n) => sum + n.length, 0) / total
}

/**
 * Whether the melody sounds the other third against the chord's own: a minor third over a major
 * chord (C♮ in the tune under an A7), a major third over a minor one — the clash a player hears at once.
 */
export function clashesWithThird(chord: Chord, notes: { pitch: number }[]): boolean {
  if (chord.family === 'diminished') return false
  const other = (chord.root + (chord.family === 'major' ? 3 : 4)) % 12
  return notes.some((n) => n.pitch === other)
}

/** Order in which equally good triads are preferred: I, V, IV, vi, ii, iii, vii. */
const BASELINE_ORDER = [1, 5, 4, 6, 2, 3, 7]

/** The bench's baseline: the diatonic triad whose notes cover the longest share of the bar's melody. */
export function coveringTriad(bar: string, h: KeyHarmony): Chord {
  const notes = barPitches(bar, h)
  let best = diatonicTriad(h, 1)
  let bestCover = -1
  for (const degree of BASELINE_ORDER) {
    const chord = diatonicTriad(h, degree)
    const cover = coverShare(chord, notes)
    if (cover > bestCover) {
      best = chord
      bestCover = cover
    }
  }
  return best
}
