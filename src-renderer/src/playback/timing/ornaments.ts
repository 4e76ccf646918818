/**
 * Ornaments played as trad players play them, inside the written note's time:
 * - grace notes `{g}A` (cuts, taps, strikes): short and on the beat, the main note just after;
 *   abcjs gives them half the note, which sounds like two notes rather than an ornament.
 * - a roll `~A3`: note–upper–note–lower–note, the cut and the tap short before the 2nd and 3rd
 *   thirds; abcjs reads `~` as an Irish roll it draws but does not play.
 * - a trill `TB2`: note and the scale note above alternating, ending on the note; abcjs's starts
 *   on the note a tone above whatever the key, and loses the written note's place in the text.
 * - staccato `.c`: half length. Accents are abcjs's own (louder).
 * Upper and lower neighbours are the key signature's scale notes. Pure; times in whole notes.
 */
import type { TuneObject } from 'abcjs'

export type OrnamentKind = 'roll' | 'trill' | 'staccato'

/** A grace note's played length: a cut is heard as a flick, not a note. */
export const GRACE_LENGTH = 1 / 48
/** One stroke of a trill (a demisemiquaver, as abcjs). */
export const TRILL_STEP = 1 / 32
/** Staccato notes sound for this fraction of their length. */
const STACCATO_FRACTION = 0.5

const DECORATIONS: Record<string, OrnamentKind> = {
  roll: 'roll',
  irishroll: 'roll',
  trill: 'trill',
  staccato: 'staccato',
}

interface DecoratedItem {
  el_type: string
  startChar?: number
  decoration?: string[]
}

/**
 * Reads the ornaments abcjs would play its own way (rolls, trills) off the parsed tune and takes
 * them out while `run` builds the audio, putting them back after (the drawn score keeps them).
 * Returns `run`'s result and the ornaments by the written note's startChar.
 */
export function withOrnamentsLifted<T>(tune: TuneObject, run: () => T): { result: T; ornaments: Map<number, OrnamentKind> } {
  const ornaments = new Map<number, OrnamentKind>()
  const lifted: Array<[DecoratedItem, string[]]> = []
  for (const line of tune.lines) {
    for (const staff of line.staff ?? []) {
      for (const voice of staff.voices ?? []) {
        for (const item of voice as DecoratedItem[]) {
          if (item.el_type !== 'note' || !item.decoration || item.startChar === undefined) continue
          const kind = item.decoration.map((d) => DECORATIONS[d]).find(Boolean)
          if (!kind) continue
          ornaments.set(item.startChar, kind)
          if (kind === 'staccato') continue
          lifted.push([item, item.decoration])
          item.decoration = item.decoration.filter((d) => DECORATIONS[d] !== kind)
        }
      }
    }
  }
  try {
    return { result: run(), ornaments }
  } finally {
    for (const [item, decoration] of lifted) item.decoration = decoration
  }
}

const MAJOR = [0, 2, 4, 5, 7, 9, 11]
const LETTER_PC: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 }

/** Pitch classes of the key signature's scale (C major altered by its sharps and flats). */
export function keyScale(accidentals: ReadonlyArray<{ acc: string; note: string }>): number[] {
  const pcs = new Set(MAJOR)
  for (const a of accidentals) {
    const natural = LETTER_PC[a.note.toLowerCase()]
    if (natural === undefined) continue
    const shift = a.acc === 'sharp' ? 1 : a.acc === 'flat' ? -1 : 0
    pcs.delete(natural)
    pcs.add((natural + shift + 12) % 12)
  }
  return [...pcs].sort((x, y) => x - y)
}

/** The scale note above (`step` 1) or below (-1) a MIDI pitch. */
export function neighbour(pitch: number, scale: readonly number[], step: 1 | -1): number {
  for (let p = pitch + step; Math.abs(p - pitch) <= 12; p += step) if (scale.includes(((p % 12) + 12) % 12)) return p
  return pitch + step * 2
}

export interface Span {
  start: number
  duration: number
}

export interface Stroke extends Span {
  pitch: number
  /** The written note itself (true) or an ornament's passing note. */
  main: boolean
}

/** A roll over `span`: five onsets, the written note on each third, cut and tap just before. */
export function roll(span: Span, pitch: number, scale: readonly number[]): Stroke[] {
  const third = span.duration / 3
  const g = Math.min(GRACE_LENGTH, third / 3)
  const s = span.start
  return [
    { start: s, duration: third - g, pitch, main: true },
    { start: s + third - g, duration: g, pitch: neighbour(pitch, scale, 1), main: false },
    { start: s + third, duration: third - g, pitch, main: true },
    { start: s + 2 * third - g, duration: g, pitch: neighbour(pitch, scale, -1), main: false },
    { start: s + 2 * third, duration: third, pitch, main: true },
  ]
}

/** A trill over `span`: note and upper neighbour alternating, an odd number of strokes. */
export function trill(span: Span, pitch: number, scale: readonly number[]): Stroke[] {
  let count = Math.max(3, Math.floor(span.duration / TRILL_STEP + 1e-9))
  if (count % 2 === 0) count--
  const step = span.duration / count
  const upper = neighbour(pitch, scale, 1)
  return Array.from({ length: count }, (_, i) => ({
    start: span.start + i * step,
    duration: step,
    pitch: i % 2 === 0 ? pitch : upper,
    main: i % 2 === 0,
  }))
}

/** Grace notes on the beat, each `GRACE_LENGTH` (together at most half the note), then the note. */
export function graced(span: Span, pitch: number, graces: readonly number[]): Stroke[] {
  const g = Math.min(GRACE_LENGTH, span.duration / 2 / Math.max(1, graces.length))
  const strokes: Stroke[] = graces.map((p, i) => ({ start: span.start + i * g, duration: g, pitch: p, main: false }))
  const used = g * graces.length
  strokes.push({ start: span.start + used, duration: span.duration - used, pitch, main: true })
  return strokes
}

export function staccato(span: Span, pitch: number): Stroke[] {
  return [{ start: span.start, duration: span.duration * STACCATO_FRACTION, pitch, main: true }]
}
