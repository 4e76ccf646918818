/**
 * Whether a text holds a tune abcjs can draw. Given prose, a lone header or stray symbols, abcjs
 * still lays out a "tune" and writes SVG attributes of NaN (a console error each, dozens per
 * keystroke); the score says why there is nothing to draw instead. Nothing in the text changes.
 */
import abcjs from 'abcjs'

const NO_TUNE = 'There is no tune to draw here'

interface ParsedLines {
  lines: { staff?: { voices?: { el_type: string }[][] }[] }[]
}

function hasNotes(tune: ParsedLines): boolean {
  return tune.lines.some((line) => (line.staff ?? []).some((staff) => (staff.voices ?? []).some((voice) => voice.some((e) => e.el_type === 'note'))))
}

/** Null when the text has a tune with notes or rests to draw; otherwise why not, in words. */
export function nothingToDraw(abc: string): string | null {
  // A tune's header ends with its K: line (as the composer's Continue also requires).
  if (!/^[ \t]*K:/m.test(abc)) return `${NO_TUNE}: a tune's header ends with a K: (key) line`
  let tunes: ParsedLines[]
  try {
    tunes = abcjs.parseOnly(abc) as unknown as ParsedLines[]
  } catch {
    return `${NO_TUNE}: abcjs could not read it`
  }
  return tunes.some(hasNotes) ? null : `${NO_TUNE}: no notes or rests after the K: line yet`
}
