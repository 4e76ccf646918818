/**
 * Generating music with a model: continue a tune, or write one from a header the user picks.
 * Variations are sampled together; while they are written, `generationChunk` events stream each
 * variation's new text (tagged with the request id the client chose) so the UI can show the
 * first variation as it comes. Models are listed by the training domain (training.listModels).
 */
import { z } from 'zod'
import { call, event } from './channel'
import type { CheckResult, Diagnostic } from './abc'

export type StopReason = 'end-of-tune' | 'end-of-line' | 'end-of-part' | 'bars' | 'max-length'

export interface NoveltyReport {
  /** Longest run of consecutive bars (of the generated part) shared with one training tune; 0 = none. */
  longestCopiedBars: number
  /** The training tune it shares them with. */
  tune: { id: string; title: string } | null
  /** For people: "echoes 6 bars of The Rights of Man (reelsr-t.abc:12)". */
  summary: string
  /** Bars judged (the generated part) and the number of training tunes compared with. */
  barsChecked: number
  corpusTunes: number
}

/** A prompt character the model's vocabulary lacks, and what it became ('' = dropped). */
export interface CharChange {
  from: string
  to: string
  count: number
}

export interface UnknownChars {
  mapped: CharChange[]
  dropped: CharChange[]
  clean: boolean
}

export interface GeneratedVariation {
  /** 0-based; also the `variation` of its generationChunk events. */
  index: number
  /** The generated text only, written in the prompt's dialect (`>` when the prompt uses it). */
  text: string
  /** The prompt's tune as the musician wrote it followed by the generated text: the whole tune. */
  fullTune: string
  /** abcjs warnings and bar-length problems of the whole tune. */
  diagnostics: Diagnostic[]
  bars: CheckResult['bars']
  novelty: NoveltyReport
  stoppedBy: StopReason
  /**
   * How sampling went: characters written; steps where a mask removed a candidate; steps where
   * every top-k/top-p candidate was masked and the draw widened to the whole distribution; steps
   * where even that was masked and the unmasked distribution was used; mean surprise (bits) of
   * the chosen characters under the model.
   */
  stats: { chars: number; barsWritten: number; maskedSteps: number; maskWidened: number; maskFallbacks: number; meanBitsPerChar: number }
  /** The whole tune's form as a player reads it (model/form/analyse.ts). */
  form: TuneFormReport
}

export interface TuneFormReport {
  /** For people: "AABB, 8+8 bars, ends on G". */
  summary: string
  /** Bars of each section (part), a pickup and a short closing bar counted as one. */
  sections: number[]
  /** Upper-case letter of the last note, and the key's tonic (null for K:none). */
  lastNote: string | null
  tonic: string | null
  endsOnTonic: boolean
  /** Bars in the tune, and how many repeat an earlier bar note for note. */
  bars: number
  repeatedBars: number
}

/**
 * How the prompt was given to the model (abc/dialect.ts): the musician's text is never changed,
 * but what the model cannot read is mapped for it (broken rhythm as dotted lengths) or hidden
 * from it (grace notes, decorations), and characters its vocabulary lacks are conformed.
 */
export interface PromptMapping {
  /** For people: what the model read instead of the text as written, or that it read it as written. */
  summary: string
  /** True when the model read the prompt exactly as written (nothing mapped, hidden or conformed). */
  asWritten: boolean
  /** The prompt as the model read it, in its own dialect. */
  modelPrompt: string
  /** Broken-rhythm marks given as lengths; grace-note groups and decorations hidden. */
  brokenRhythms: number
  graceNotes: number
  decorations: number
  /** What could not be mapped, one sentence each (it stays in the musician's text). */
  unmapped: string[]
}

export interface GenerationResult {
  requestId: string
  model: { id: number | 'default'; name: string; engine: string }
  /** The seed used (chosen at random when the request had none), to reproduce the result. */
  seed: number
  /** The tune being continued, as the musician wrote it (byte for byte); every `fullTune` starts with it. */
  prompt: string
  /** Characters of the prompt's model view that the model does not know (mapped or dropped). */
  unknownChars: UnknownChars
  /** What the model was given instead of `prompt`, and why. */
  mapping: PromptMapping
  variations: GeneratedVariation[]
  seconds: number
}

export interface GenerationChunk {
  requestId: string
  variation: number
  /** New text of that variation since its previous chunk. */
  text: string
  /**
   * The text replaces what was streamed for the variation so far: the candidate streamed (the
   * first of those sampled for it) was not the one chosen, and this is the chosen one whole.
   */
  restart?: boolean
}

/** 20,000 characters is some 40 tunes: a prompt longer than that is not one tune being continued. */
export const MAX_PROMPT_CHARS = 20_000
export const MAX_GENERATED_CHARS = 4_000
export const MAX_VARIATIONS = 16

const OneLine = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${what} is longer than ${max} characters`)
    .refine((s) => !/[\r\n]/.test(s), `${what} must be one line`)

const Meter = OneLine('M: (meter)', 20).pipe(
  z.string().regex(/^(?:C\|?|none|\d{1,2}(?:\+\d{1,2})*\/\d{1,2})$/, 'M: must be a meter such as 6/8, 4/4, 3/4, C or C|'),
)
const Key = OneLine('K: (key)', 30).pipe(
  z.string().regex(/^(?:none|HP|Hp|[A-G][#b]?(?: ?[A-Za-z]{1,10})?(?: +[_^=][A-Ga-g])*)$/, 'K: must be a key such as G, Am, D mix or Bb'),
)
const UnitLength = OneLine('L: (unit note length)', 10).pipe(z.string().regex(/^1\/(?:1|2|4|8|16|32|64)$/, 'L: must be 1/4, 1/8, 1/16 …'))

const SamplingFields = {
  n: z.number().int().min(1, 'n must be at least 1').max(MAX_VARIATIONS, `n must be at most ${MAX_VARIATIONS}`).default(3),
  /** Below 1 sharpens (safer, more repetitive), above 1 flattens (wilder). */
  temperature: z.number().gt(0, 'temperature must be above 0').max(5, 'temperature must be at most 5').default(1),
  /** Keep the k most likely characters; 0 = off. Also checked against the model's vocabulary size. */
  topK: z.number().int().min(0).max(1024).default(0),
  /** Nucleus sampling: keep the most likely characters up to this total probability; 1 = off. */
  topP: z.number().gt(0, 'topP must be above 0').max(1, 'topP must be at most 1').default(0.95),
  /** Same seed (and settings and model) → same tunes. Omitted = a random seed, returned in the result. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  /**
   * A safety cap, not a target: the longest Nottingham tune is 1,351 characters, and at 1,200 the
   * benchmark saw 3 of 100 generated tunes cut off before their end (1 of 100 at 1,600).
   */
  maxLength: z.number().int().min(1).max(MAX_GENERATED_CHARS, `maxLength must be at most ${MAX_GENERATED_CHARS}`).default(1600),
  /** Only write characters that keep every bar the meter's length. */
  meterAware: z.boolean().default(true),
  /** No accidentals outside the key signature. */
  stayInKey: z.boolean().default(false),
  /**
   * Keep the tune's form: parts of the planned length closed with the right bar line, repeats
   * paired, the last note on the tonic, no header lines mid-tune, bars echoed where folk tunes
   * echo them. With stop 'tune' the tune is completed (its remaining parts written), with 'part'
   * the current part is finished or the next one written.
   */
  formAware: z.boolean().default(true),
  /** Bars per part for the form; omitted → the prompt's own parts, else the tune type (8, or 16 for waltzes and airs). */
  partBars: z.number().int().min(2, 'partBars must be at least 2').max(64, 'partBars must be at most 64').optional(),
  /** A library model (training.listModels); omitted = the shipped default model. */
  modelId: z.number().int().positive().optional(),
  /** Chosen by the client so it can match generationChunk events to this call. */
  requestId: z.string().trim().min(1).max(100).optional(),
}

export const GenerateInput = z.object({
  title: OneLine('T: (title)', 200).optional(),
  meter: Meter,
  key: Key,
  unitLength: UnitLength.optional(),
  rhythm: OneLine('R: (rhythm)', 40).optional(),
  ...SamplingFields,
})
export type GenerateRequest = z.output<typeof GenerateInput>

export const StopInput = z
  .union([z.enum(['tune', 'line', 'part']), z.object({ bars: z.number().int().min(1).max(256) })])
  .default('tune')

export const ContinueInput = z.object({
  prompt: z
    .string()
    .max(MAX_PROMPT_CHARS, `the prompt is longer than ${MAX_PROMPT_CHARS.toLocaleString('en')} characters`)
    .refine((s) => s.trim() !== '', 'the prompt is empty'),
  /** Where to stop besides the end of the tune: end of the current line, of the current part, or after N bars. */
  stop: StopInput,
  ...SamplingFields,
})
export type ContinueRequest = z.output<typeof ContinueInput>

/** How the model read one tune, when it did not read it as written (PromptMapping's fields less the text). */
export type TuneMapping = Omit<PromptMapping, 'modelPrompt'>

/**
 * A model's mean cross-entropy on every tune of an ABC text (`cli eval`). What is counted: each
 * tune in the model's dialect, conformed to its vocabulary, plus the blank line that ends it, read
 * from a zeroed state after one newline (model/training/score-tunes.ts).
 */
export interface EvaluationResult {
  model: { id: number; name: string; checkpointId: number; engine: string }
  tunes: number
  /** Characters scored. */
  chars: number
  bitsPerChar: number
  /** Tunes (0-based) whose characters the vocabulary lacks: what was mapped or dropped. */
  conform: { tune: number; report: UnknownChars }[]
  /** Tunes the dialect mapping changed for the model (only those). */
  dialect: { tune: number; report: TuneMapping }[]
  /** For people: the dialect mapping over all tunes. */
  dialectSummary: string
  /** For people: one line per tune that was mapped or conformed ("tune 3: dropped '{' ×1"). */
  notes: string[]
  seconds: number
}

/** 10 MB of ABC is some 20,000 tunes, the largest collections there are. */
export const MAX_EVAL_CHARS = 10_000_000

export const EvaluateInput = z.object({
  abc: z
    .string()
    .max(MAX_EVAL_CHARS, `the text is longer than ${MAX_EVAL_CHARS.toLocaleString('en')} characters`)
    .refine((s) => s.trim() !== '', 'the text is empty'),
  /** A library model (training.listModels); omitted = the default model. */
  modelId: z.number().int().positive().optional(),
})
export type EvaluateRequest = z.output<typeof EvaluateInput>

export const modelChannels = {
  generate: call<GenerationResult>()('model.generate', GenerateInput),
  continue: call<GenerationResult>()('model.continue', ContinueInput),
  evaluate: call<EvaluationResult>()('model.evaluate', EvaluateInput),
}

export const modelEvents = {
  generationChunk: event<GenerationChunk>('model.generationChunk'),
}
