/**
 * Vary a phrase: the selected bars written again with their rhythm exactly (rhythm-mask.ts) and
 * new pitches, the way a player varies the second time through. Candidates come from the infill
 * rows (so each also has its fit to the bars after); kept are those that change at least
 * MIN_CHANGED of the notes, keep the melody's shape (the direction of at least MIN_CONTOUR of
 * the steps from note to note) and hold every tie on one pitch, best fit first.
 */
import { checkTies } from '../../../src-shared/abc/tie-check'
import { infill, type InfillRun, type InfillSettings, type ScoredBars } from './infill'
import { rhythmTemplate, staffSteps } from './rhythm-mask'
import type { SelectionRequest } from './selection'

/** A variation changes at least this share of the notes... */
export const MIN_CHANGED = 0.3
/** ...and keeps the direction (up, down, same) of at least this share of the steps between notes. */
export const MIN_CONTOUR = 0.5

export interface Variation extends ScoredBars {
  /** Share of notes whose pitch differs from the original's, 0–1. */
  changed: number
  /** Share of note-to-note steps going the same way as the original's, 0–1. */
  contour: number
}

export interface VaryRun {
  run: InfillRun
  variations: Variation[]
}

export async function vary(model: Parameters<typeof infill>[0], text: string, request: SelectionRequest, settings: InfillSettings): Promise<VaryRun> {
  const run = await infill(model, text, request, { ...settings, keepRhythm: true })
  const original = staffSteps(run.original.modelText)
  const { tune, start, end } = run.selection
  const tuneText = text.slice(tune.start, tune.end)
  const brokenTies = checkTies(tuneText).length
  // The rhythm mask copies a tie but not the pitch it holds: a variation that gives the note after
  // a tie another pitch (inside the bars, or across their edges) breaks it, and abc2midi refuses it.
  const tiesHeld = (bars: string): boolean =>
    checkTies(tuneText.slice(0, start - tune.start) + bars + tuneText.slice(end - tune.start)).length <= brokenTies
  const variations = run.ranked
    .map((c) => ({ ...c, ...compare(original, staffSteps(c.modelText)) }))
    // A row whose masks all refused the model's choices fell back to no mask: its rhythm is checked here.
    .filter((v) => v.changed >= MIN_CHANGED && v.contour >= MIN_CONTOUR && sameRhythm(v.modelText, run.original.modelText) && tiesHeld(v.text))
  return { run, variations }
}

const sign = (x: number): number => Math.sign(x)

/** How much of the melody changed and how much of its shape stayed (notes compared in order). */
export function compare(original: number[], variant: number[]): { changed: number; contour: number } {
  const n = Math.min(original.length, variant.length)
  if (n === 0) return { changed: 0, contour: 1 }
  let changed = Math.abs(original.length - variant.length)
  for (let i = 0; i < n; i++) if (original[i] !== variant[i]) changed++
  let same = 0
  for (let i = 1; i < n; i++) if (sign(original[i] - original[i - 1]) === sign(variant[i] - variant[i - 1])) same++
  const round = (x: number): number => Math.round(x * 1000) / 1000
  return { changed: round(changed / Math.max(original.length, variant.length)), contour: round(n > 1 ? same / (n - 1) : 1) }
}

/** Same rhythm: the same notes' lengths and everything that is not a pitch written the same. */
export const sameRhythm = (a: string, b: string): boolean => JSON.stringify(rhythmTemplate(a)) === JSON.stringify(rhythmTemplate(b))
