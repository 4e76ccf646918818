/**
 * One generation request end to end, independent of transport: the prompt (a header the user
 * picked, or the tune being continued) → N sampled variations → each checked (abcjs + bar
 * lengths) and compared with the training corpus (novelty). The service adds model loading and
 * events; the CLI and the benchmark call it the same way.
 */
import type { CheckResult } from '../../../src-shared/contract/abc'
import type { GeneratedVariation, PromptMapping, StopReason, TuneFormReport, UnknownChars } from '../../../src-shared/contract/model'
import { analyseForm, describeForm, isPlannedLength } from '../form/analyse'
import { toModelDialect, toPromptDialect, type ModelView } from '../../../src-shared/abc/dialect'
import { readHeaders } from '../../../src-shared/abc/headers'
import { dialectChunks } from './dialect-stream'
import { describeReport } from '../vocab'
import type { BarIndex } from '../novelty/bar-index'
import { noveltyReport, type NoveltyReport } from '../novelty/novelty'
import { masksFor } from './masks'
import { noEmptyEnding } from './no-empty-ending'
import { headerPrompt, tuneToContinue, type HeaderFields } from './prompt'
import { sampleAsync, type SampledVariation, type SampleResult, type SamplingModel } from './sampler'
import type { StopMode } from './stop'

export interface GenerationSettings {
  n: number
  temperature: number
  topK: number
  topP: number
  seed: number
  maxLength: number
  meterAware: boolean
  stayInKey: boolean
  /** Plan and keep the tune's form: part lengths, closing bar lines, tonic ending (form-mask.ts). */
  formAware?: boolean
  /** Bars per part for the form plan; omitted → from the prompt or the tune type. */
  partBars?: number
  /** Candidates sampled per variation, the best kept; omitted → FORM_CANDIDATES with formAware, else 1. */
  candidates?: number
}

export interface GenerationDeps {
  model: SamplingModel
  /** The ABC checker (abcjs warnings, bars as played, repeats, fields the model wrote after `generatedFrom`). */
  check: (abc: string, options?: { generatedFrom?: number; finished?: boolean }) => CheckResult | Promise<CheckResult>
  /** Bar index of the model's training corpus; null → novelty not judged. */
  novelty: BarIndex | null
  /** Streamed text; `restart`: replaces what was streamed for that variation (another candidate won). */
  onChunk?: (variation: number, text: string, restart?: boolean) => void
  signal?: AbortSignal
}

export interface Generated {
  /** The tune as the musician wrote it; every variation's fullTune starts with it. */
  prompt: string
  unknownChars: UnknownChars
  mapping: PromptMapping
  variations: GeneratedVariation[]
}

/** Continue the last tune of `text`, stopping at its end or earlier as `stop` asks. */
export function continueTune(deps: GenerationDeps, text: string, stop: StopMode, settings: GenerationSettings): Promise<Generated> {
  const tune = tuneToContinue(text)
  requireTune(deps, tune)
  return generateFrom(deps, tune, stop, settings)
}

/**
 * Continuing needs a tune: a header that ends with its K: line. Without one the model starts a
 * tune of its own, which would come back as a "continuation" of text that has none. (Text the
 * model cannot read at all is left to the sampler, which says that.)
 */
function requireTune(deps: GenerationDeps, tune: string): void {
  // Read with LF line ends (a prompt written with CRLF has its K: line too); the text is not changed.
  if (readHeaders(tune.replace(/\r\n?/g, '\n')).key !== null || deps.model.vocab.conform(tune).text.length === 0) return
  throw new RangeError('There is no tune here to continue: a tune starts with its header, which ends with a K: line ' +
    '(for example X:1, T:Title, M:6/8, K:G). Write one, or start from a header with New tune.')
}

/** Write whole tunes from a header (M:, K:, L:, R:, T:). */
export function generateFromHeader(deps: GenerationDeps, header: HeaderFields, settings: GenerationSettings): Promise<Generated> {
  return generateFrom(deps, headerPrompt(header), 'tune', settings)
}

/**
 * The model is primed with the prompt mapped into its dialect (abc/dialect.ts); each variation is
 * the musician's prompt byte for byte followed by the continuation written in the prompt's dialect.
 */
async function generateFrom(deps: GenerationDeps, prompt: string, stop: StopMode, settings: GenerationSettings): Promise<Generated> {
  const vocabSize = deps.model.vocab.size
  if (settings.topK > vocabSize) throw new RangeError(`topK must be at most the model's vocabulary size (${vocabSize}), not ${settings.topK}`)
  const view = toModelDialect(prompt)
  const perVariation = candidatesPer(settings, stop)
  const constraints = [noEmptyEnding, ...masksFor(settings, stop)]
  // Streamed text is rewritten as it comes, so the musician watches what they will get; the first
  // candidate of each variation is the one streamed.
  const chunks = deps.onChunk ? dialectChunks(deps.model.vocab.conform(view.text).text, view.dialect, deps.onChunk) : null
  const result = await sampleAsync(deps.model, view.text, {
    ...settings,
    n: settings.n * perVariation,
    stop,
    constraints,
    onChunk: chunks ? (row, chunk) => void (row % perVariation === 0 && chunks.push(row / perVariation, chunk)) : undefined,
    signal: deps.signal,
  })
  const judge = new CandidateJudge(deps, prompt, view, stop)
  const variations: GeneratedVariation[] = []
  for (let index = 0; index < settings.n; index++) {
    const rows = result.variations.slice(index * perVariation, (index + 1) * perVariation)
    let best = await judge.best(result, rows, index)
    // Every candidate faulted: one more batch for this variation alone, from its own seed, so
    // variation k stays independent of how many were asked for.
    if (best.score > 0 && perVariation > 1) {
      const again = await sampleAsync(deps.model, view.text, {
        ...settings,
        n: perVariation,
        seed: (settings.seed + SECOND_ROUND_SEED * (index + 1)) >>> 0,
        stop,
        constraints,
        signal: deps.signal,
      })
      const second = await judge.best(again, again.variations, index)
      if (second.score < best.score) best = { ...second, first: false }
    }
    if (best.first) chunks?.finish(index, best.variation.text)
    else deps.onChunk?.(index, best.variation.text, true)
    variations.push(best.variation)
  }
  return { prompt, unknownChars: result.unknownChars, mapping: promptMapping(view, prompt, result.prompt, result.unknownChars), variations }
}

/**
 * Candidates sampled per variation: with the form mask on and whole parts or a whole tune asked
 * for, each variation is the best of several
 * (CandidateJudge), because a form the mask steered the model into is sometimes one the checker
 * then faults. Capped so a request never steps more than MAX_ROWS rows at once.
 */
export const FORM_CANDIDATES = 8
const MAX_ROWS = 32

function candidatesPer(settings: GenerationSettings, stop: StopMode): number {
  // A continuation of a line or a few bars stays as quick as it was; whole parts and tunes, where
  // the form can go wrong, are worth the wait.
  const wholeParts = stop === 'tune' || stop === 'part'
  const wanted = settings.candidates ?? (settings.formAware && wholeParts ? FORM_CANDIDATES : 1)
  return Math.max(1, Math.min(wanted, Math.floor(MAX_ROWS / settings.n)))
}

/** Seeds of a second batch of candidates are the request's plus this times the variation's number. */
const SECOND_ROUND_SEED = 0x9e3779b1

interface Choice {
  variation: GeneratedVariation
  score: number
  /** The first candidate of the first batch: the one streamed. */
  first: boolean
}

/** Judges candidates of one request: what the musician's part already has is not held against them. */
class CandidateJudge {
  private readonly promptLines: number

  constructor(
    private readonly deps: GenerationDeps,
    private readonly prompt: string,
    private readonly view: ModelView,
    private readonly stop: StopMode,
  ) {
    this.promptLines = prompt.split('\n').length
  }

  /** Judged in order until one has nothing to fault: none after it can beat it (the abcjs parse is the costly part). */
  async best(result: SampleResult, rows: readonly SampledVariation[], index: number): Promise<Choice> {
    let best: Choice | null = null
    for (const [c, row] of rows.entries()) {
      // A turn for the event loop between checks (each an abcjs parse of the whole tune), so a
      // request judging 24 candidates never holds the server or the window for all of them at once.
      await new Promise<void>((resolve) => setImmediate(resolve))
      const variation = await judged(this.deps, this.prompt, result, this.view, row, index)
      const score = candidateScore(variation, this.stop, this.promptLines)
      if (!best || score < best.score) best = { variation, score, first: c === 0 }
      if (score === 0) break
    }
    if (!best) throw new Error('no candidates to judge')
    return best
  }
}

async function judged(deps: GenerationDeps, prompt: string, result: SampleResult, view: ModelView, v: SampledVariation, index: number): Promise<GeneratedVariation> {
  const text = toPromptDialect(result.prompt, v.text, view.dialect)
  const fullTune = prompt + text
  // The verdict covers the whole tune the musician would have, and knows which part the model wrote.
  const checked = await deps.check(fullTune, { generatedFrom: prompt.length, finished: v.stoppedBy === 'end-of-tune' })
  return {
    index,
    text,
    fullTune,
    diagnostics: checked.diagnostics,
    bars: checked.bars,
    // Judged in the model's spelling, the one the corpus index holds (`A3/2B/2`, not `A>B`).
    novelty: deps.novelty ? noveltyReport(deps.novelty, result.prompt + v.text, result.prompt) : notJudged(),
    stoppedBy: v.stoppedBy as StopReason,
    form: formReport(fullTune),
    stats: {
      chars: v.text.length,
      barsWritten: v.bars,
      maskedSteps: v.maskedSteps,
      maskWidened: v.maskWidened,
      maskFallbacks: v.maskFallbacks,
      meanBitsPerChar: Math.round(v.meanBitsPerChar * 1000) / 1000,
    },
  }
}

/**
 * How much a musician would fault a candidate: problems the whole-tune checker finds from the
 * line the continuation starts on (it agrees with abc2midi on 99 % of generated tunes), then faults
 * of form (parts not 8 or 16 bars, not ending on the tonic, not reaching the end asked for). The
 * lowest wins, the first on ties. Likelihood is not a criterion: the lowest bits/char favours the
 * dullest tune.
 */
export function candidateScore(v: GeneratedVariation, stop: StopMode, promptLines = 1): number {
  const problems = v.diagnostics.filter((d) => d.line >= promptLines).length
  return PROBLEM_WEIGHT * Math.min(problems, MAX_PROBLEMS_COUNTED) + formFaults(v, stop)
}

const PROBLEM_WEIGHT = 100
const MAX_PROBLEMS_COUNTED = 50

function formFaults(v: GeneratedVariation, stop: StopMode): number {
  const odd = v.form.sections.filter((bars) => !isPlannedLength(bars)).length
  if (stop !== 'tune') return odd
  return odd + (v.form.endsOnTonic ? 0 : 1) + (v.stoppedBy === 'end-of-tune' ? 0 : 1)
}

function promptMapping(view: ModelView, prompt: string, modelPrompt: string, unknown: UnknownChars): PromptMapping {
  const { brokenRhythms, graceNotes, decorations, unmapped, summary } = view.report
  const parts = view.report.asWritten && !unknown.clean ? [] : [summary]
  if (!unknown.clean) parts.push(`characters the model lacks: ${describeReport(unknown)}`)
  const asWritten = modelPrompt === prompt
  return { summary: parts.join('; '), asWritten, modelPrompt, brokenRhythms, graceNotes, decorations, unmapped }
}

function formReport(tune: string): TuneFormReport {
  const form = analyseForm(tune)
  return {
    summary: describeForm(form),
    sections: form.sections.map((s) => s.bars),
    lastNote: form.lastNote,
    tonic: form.tonic.letter,
    endsOnTonic: form.endsOnTonic,
    bars: form.bars,
    repeatedBars: form.repeatedBars,
  }
}

function notJudged(): NoveltyReport {
  return { longestCopiedBars: 0, tune: null, summary: "not judged: the model's training corpus is unknown", barsChecked: 0, corpusTunes: 0 }
}
