/**
 * Ties between different pitches. The Nottingham files often write `-` between two different
 * notes (`B-c`, `DFE-|DFB`, `c -e`) where a slur is meant. abcjs 6.7's audio ties by pitch number:
 * it keeps such a tie open until a later note of the same pitch, so the first note is held over the
 * notes after it, or a later note is swallowed (44 such ties in the corpus: `npm run bench`).
 * A tie joins equal pitches only, so before setUpAudio these are made plain notes: both sound,
 * each for its length.
 */
import type { TuneObject } from 'abcjs'

interface TiePitch {
  pitch: number
  startTie?: object
  endTie?: boolean
}

interface WrittenNote {
  el_type: string
  rest?: object
  pitches?: TiePitch[]
}

/** Each voice's notes in order across the tune's lines (abcjs splits a voice per line). */
function voicesOf(tune: TuneObject): WrittenNote[][] {
  const voices: WrittenNote[][] = []
  for (const line of tune.lines) {
    line.staff?.forEach((staff, s) =>
      staff.voices?.forEach((voice, v) => {
        const key = s * 16 + v
        voices[key] ??= []
        for (const item of voice as WrittenNote[]) if (item.el_type === 'note' && !item.rest) voices[key].push(item)
      }),
    )
  }
  return voices.filter(Boolean)
}

/**
 * Removes the tie marks that do not join equal pitches, in place on the parsed tune (only the
 * audio reads them after drawing; the tie arcs already drawn stay). Returns how many were removed.
 */
export function untieDifferentPitches(tune: TuneObject): number {
  let removed = 0
  for (const notes of voicesOf(tune)) {
    notes.forEach((note, i) => {
      const next = new Set((notes[i + 1]?.pitches ?? []).map((p) => p.pitch))
      const previous = notes[i - 1]?.pitches ?? []
      for (const p of note.pitches ?? []) {
        if (p.startTie && !next.has(p.pitch)) {
          delete p.startTie
          removed++
        }
        if (p.endTie && !previous.some((q) => q.pitch === p.pitch && q.startTie)) delete p.endTie
      }
    })
  }
  return removed
}
