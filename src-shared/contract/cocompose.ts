/**
 * Co-composition: the model works on bars the musician selects. `infill` rewrites the selected
 * bars so that they lead from the bars before into the bars after, returning the best of many
 * candidates, each with its fit to the bars after (model/cocompose/infill.ts). The selection is bar
 * numbers of one tune or a character range of the text (snapped to whole bars); the result names
 * the exact range of the text an alternative replaces.
 */
import { z } from 'zod'
import { call } from './channel'
import type { Diagnostic } from './abc'
import { MAX_PROMPT_CHARS, MAX_VARIATIONS } from './model'

/** Rows of one batch: enough candidates to find bars that fit, few enough to answer at once. */
export const MAX_INFILL_CANDIDATES = 128
/** Bar numbers beyond this are not bars of a tune (the largest Nottingham tune has under 100). */
const MAX_BAR_NUMBER = 10_000

const BarNumber = z.number().int('a bar number is a whole number').min(1, 'bars are numbered from 1').max(MAX_BAR_NUMBER, `a bar number is at most ${MAX_BAR_NUMBER.toLocaleString('en')}`)
const Offset = z.number().int('a text position is a whole number').min(0, 'a text position is 0 or more').max(MAX_PROMPT_CHARS)

export const SelectionInput = z.union([
  z.object({
    bars: z.object({ from: BarNumber, to: BarNumber }).refine((b) => b.to >= b.from, 'the last bar comes before the first'),
    /** The tune's X: number; needed only when the text holds more than one tune. */
    tune: z.number().int().min(0).optional(),
  }),
  /** The editor's selection (character offsets, end exclusive), snapped to whole bars. */
  z.object({ start: Offset, end: Offset }).refine((s) => s.end > s.start, 'nothing is selected'),
])

export const InfillInput = z.object({
  text: z
    .string()
    .max(MAX_PROMPT_CHARS, `the text is longer than ${MAX_PROMPT_CHARS.toLocaleString('en')} characters`)
    .refine((s) => s.trim() !== '', 'the text is empty'),
  selection: SelectionInput,
  /** Alternatives wanted. */
  n: z.number().int().min(1, 'n must be at least 1').max(MAX_VARIATIONS, `n must be at most ${MAX_VARIATIONS}`).default(5),
  /** Candidates written and scored; the n distinct ones that fit best are returned. */
  candidates: z.number().int().min(1).max(MAX_INFILL_CANDIDATES, `candidates must be at most ${MAX_INFILL_CANDIDATES}`).default(64),
  temperature: z.number().gt(0, 'temperature must be above 0').max(5, 'temperature must be at most 5').default(1),
  topP: z.number().gt(0, 'topP must be above 0').max(1, 'topP must be at most 1').default(0.95),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  modelId: z.number().int().positive().optional(),
})
export type InfillRequest = z.output<typeof InfillInput>

export interface BarsScore {
  /** Surprise (bits) of the bars themselves given the bars before: lower is likelier. */
  ownBits: number
  /** Surprise (bits) of the fixed bars after the selection given these bars: lower fits better; alternatives are ranked by it. */
  fitBits: number
}

export interface InfillAlternative extends BarsScore {
  /** The replacement for the selected range, in the musician's dialect. */
  text: string
  /** The whole tune with the replacement. */
  tune: string
  /** The tune's header, the bar before, the new bars and the bar after: to show and play in context. */
  excerpt: string
  /** The whole text with the replacement ("Use this"). */
  fullText: string
  /** Problems the checker finds in the tune with the replacement. */
  diagnostics: Diagnostic[]
}

export interface InfillResult {
  model: { name: string; engine: string }
  seed: number
  /** The selected range of the text (end exclusive), the bars it holds, and the tune it is in. */
  selection: { start: number; end: number; fromBar: number; toBar: number; text: string }
  tune: { start: number; end: number; text: string }
  /** The musician's own bars, scored the same way. */
  original: BarsScore
  alternatives: InfillAlternative[]
  /** Candidates written, distinct ones among them, and the characters the fit is measured on. */
  candidates: number
  distinct: number
  fitChars: number
  seconds: number
}

export const ChordsInput = z.object({
  text: z
    .string()
    .max(MAX_PROMPT_CHARS, `the text is longer than ${MAX_PROMPT_CHARS.toLocaleString('en')} characters`)
    .refine((s) => s.trim() !== '', 'the text is empty'),
  /** The tune's X: number; needed only when the text holds more than one tune (or give `at`). */
  tune: z.number().int().min(0).optional(),
  /** A position in the text (the editor's cursor): the tune around it. */
  at: Offset.optional(),
  /** Only these bars get chords (bar numbers, or the editor's selection snapped to whole bars); the others are read as written, their chord symbols included. */
  selection: SelectionInput.optional(),
  /** Harmonisations carried from bar to bar (beam search). */
  beam: z.number().int().min(1, 'beam must be at least 1').max(8, 'beam must be at most 8').default(2),
  modelId: z.number().int().positive().optional(),
})
export type ChordsRequest = z.output<typeof ChordsInput>

export interface SuggestedChord {
  /** Bar number as the checker counts (a pickup is bar 1; it gets no chord). */
  bar: number
  /** The range of the text the chord symbol goes to: empty at the bar's start, or the chord symbol already there. */
  start: number
  end: number
  /** The chord symbol the bar already starts with, if any. */
  existing: string | null
  /** The suggestion, as a chord symbol's text ("G", "Em", "D7"). */
  chord: string
  /**
   * A change of chord at the bar's middle (the note that starts at half the bar, after a space),
   * where the model chose one: the range its symbol goes to (empty, or the chord symbol already
   * there), and the chord. Kept or left out with the bar's own.
   */
  change: { start: number; end: number; existing: string | null; chord: string } | null
}

export interface ChordsResult {
  model: { name: string; engine: string }
  tune: { start: number; end: number }
  key: string
  /** The bars harmonised when a selection was given (bar numbers as the checker counts), else null: the whole tune. */
  bars: { from: number; to: number } | null
  chords: SuggestedChord[]
  /** The whole text with every suggestion in place. */
  withChords: string
  seconds: number
}

/** Vary: the same selection and settings as infill; the rhythm of the selected bars is kept. */
export const VaryInput = InfillInput
export type VaryRequest = z.output<typeof VaryInput>

export interface VaryAlternative extends InfillAlternative {
  /** Share of the notes whose pitch changed (0–1), and of the steps between notes that go the same way as the original's. */
  changed: number
  contour: number
}

export interface VaryResult extends Omit<InfillResult, 'alternatives'> {
  alternatives: VaryAlternative[]
}

export const cocomposeChannels = {
  infill: call<InfillResult>()('cocompose.infill', InfillInput),
  chords: call<ChordsResult>()('cocompose.chords', ChordsInput),
  vary: call<VaryResult>()('cocompose.vary', VaryInput),
}
