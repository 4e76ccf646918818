/**
 * Whether a text holds a tune abcjs can draw. Given prose, a lone header or stray symbols, abcjs
 * still lays out a "tune" and writes SVG attributes of NaN (a console error each, dozens per
 * keystroke); the score says why there is nothing to draw instead. Nothing in the text changes.
 *
 * The same for what abcjs reads as a decoration on an invisible multi-measure rest (X), or grace
 * notes or a side annotation (`"<…"`, `">…"`) on a rest it draws no head for (X, x, Z): it lays
 * those out at NaN. engravable.ts draws the
 * usual spellings of these as spaces; what is left (an unclosed `"`, `!` or `+`, which abcjs reads
 * as 1 to 6 characters by rules of its own) is found here in abcjs's own parse, so the score is
 * a sentence saying where, never a drawing of NaN.
 */
import abcjs from 'abcjs'

const NO_TUNE = 'There is no tune to draw here'

interface ParsedElement {
  el_type: string
  startChar?: number
  rest?: { type: string }
  decoration?: string[]
  gracenotes?: unknown[]
  chord?: { position?: string }[]
}

interface ParsedLines {
  lines: { staff?: { voices?: ParsedElement[][] }[] }[]
}

/** Rests abcjs draws no head for, beside which it lays some things out at NaN. */
const HEADLESS_RESTS = new Set(['invisible', 'invisible-multimeasure', 'multimeasure'])

/** Grace notes or a side annotation (`"<…"`, `">…"`) on X, x or Z, or a decoration on X. */
function undrawable(e: ParsedElement): boolean {
  const type = e.rest?.type
  if (type === undefined || !HEADLESS_RESTS.has(type)) return false
  const sideways = e.chord?.some((c) => c.position === 'left' || c.position === 'right') ?? false
  return sideways || (e.gracenotes?.length ?? 0) > 0 || (type === 'invisible-multimeasure' && (e.decoration?.length ?? 0) > 0)
}

/** Where abcjs reads something it cannot lay out beside a rest it does not draw, in words; null if nowhere. */
function invisibleRestProblem(abc: string, tunes: ParsedLines[]): string | null {
  for (const tune of tunes) {
    for (const line of tune.lines) {
      for (const voice of (line.staff ?? []).flatMap((staff) => staff.voices ?? [])) {
        const bad = voice.find(undrawable)
        if (!bad) continue
        const before = abc.slice(0, bad.startChar ?? 0).split('\n')
        const at = `line ${before.length}, column ${before[before.length - 1].length + 1}`
        return `This text cannot be drawn as a score: abcjs reads a decoration, grace notes or a side annotation on a rest it does not draw (X, x or Z) at ${at}, often after an unclosed " or !. Your text is unchanged`
      }
    }
  }
  return null
}

function hasNotes(tune: ParsedLines): boolean {
  return tune.lines.some((line) => (line.staff ?? []).some((staff) => (staff.voices ?? []).some((voice) => voice.some((e) => e.el_type === 'note'))))
}

/** Null when the text has a tune abcjs can draw; otherwise why not, in words. */
export function nothingToDraw(abc: string): string | null {
  // A tune's header ends with its K: line (as the composer's Continue also requires).
  if (!/^[ \t]*K:/m.test(abc)) return `${NO_TUNE}: a tune's header ends with a K: (key) line`
  let tunes: ParsedLines[]
  try {
    tunes = abcjs.parseOnly(abc) as unknown as ParsedLines[]
  } catch {
    return `${NO_TUNE}: abcjs could not read it`
  }
  if (!tunes.some(hasNotes)) return `${NO_TUNE}: no notes or rests after the K: line yet`
  return invisibleRestProblem(abc, tunes)
}
