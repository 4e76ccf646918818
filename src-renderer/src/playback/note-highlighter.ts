/**
 * Marks the sounding note in an engraved abcjs score with a CSS class. abcjs keeps, for every
 * drawn note, the SVG elements it made (`abselem.elemset`); they are found by the note's position
 * in the ABC text, which is what the timeline's notes carry.
 */
import type { TuneObject } from 'abcjs'

export const PLAYING_CLASS = 'tunesmith-playing'

interface DrawnItem {
  startChar?: number
  abselem?: { elemset?: Element[] }
}

/** startChar → the SVG elements abcjs drew for that note (empty for a tune parsed, not drawn). */
export function drawnNotes(tune: TuneObject): Map<number, Element[]> {
  const map = new Map<number, Element[]>()
  for (const line of tune.lines) {
    for (const staff of line.staff ?? []) {
      for (const voice of staff.voices ?? []) {
        for (const item of voice as DrawnItem[]) {
          const elements = item.abselem?.elemset
          if (typeof item.startChar === 'number' && elements && elements.length > 0) {
            map.set(item.startChar, elements)
          }
        }
      }
    }
  }
  return map
}

export class NoteHighlighter {
  private lit: Element[] = []

  constructor(private readonly notes: Map<number, Element[]>) {}

  /** Lights the note written at `startChar`, or nothing for null. */
  show(startChar: number | null): void {
    for (const el of this.lit) el.classList.remove(PLAYING_CLASS)
    this.lit = startChar === null ? [] : (this.notes.get(startChar) ?? [])
    for (const el of this.lit) el.classList.add(PLAYING_CLASS)
  }
}
