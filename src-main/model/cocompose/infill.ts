/**
 * Rewrite selected bars (infill): alternatives for bars in the middle of a tune that fit both what
 * comes before them and what comes after.
 *
 * One batched stepper does all of it. The text before the selection is read once, by a one-row
 * stepper whose state is then set into every row (primeOnce: the context is nearly half of a
 * case's steps, and a 65-row step costs several one-row steps). Then each row writes a candidate
 * under the metre mask and the selection mask (selection-mask.ts) until it has written as many
 * bars as were selected; the bar line that would close the last one is not written: from there
 * the row reads the fixed bars after the selection as written (teacher forcing), and the model's
 * surprise at them is the candidate's *fit*. One extra row reads the musician's own bars the same
 * way, so their fit is there to compare with. Candidates are ranked by fit (byFit). The model reads the header's musical fields and the
 * CONTEXT_BARS bars before the selection, not the whole tune: every character read is a step.
 *
 * The model reads the text in its dialect (abc/dialect.ts); each alternative is written back in the
 * musician's dialect, and only the selected range of their text is ever replaced.
 */
import { toModelDialect, toPromptDialect, type ModelView } from '../../../src-shared/abc/dialect'
import type { FilterOptions } from '../sampling/filters'
import { meterMask } from '../sampling/meter-mask'
import { variationRng } from '../sampling/rng'
import { choose, newScratch, surpriseBits, type DrawRow, type SamplingModel } from '../sampling/sampler'
import { primeOnce, returnStepper } from '../sampling/prime-once'
import type { CharConstraint } from '../sampling/constraints'
import { rhythmMask } from './rhythm-mask'
import { selectionMask } from './selection-mask'
import { selectBars, SelectionError, type BarSelection, type SelectionRequest } from './selection'

export interface InfillSettings extends FilterOptions {
  /** Alternatives returned (distinct candidates, best first). */
  n: number
  /** Candidates written (rows of the batch). */
  candidates: number
  seed: number
  /** Bars before the selection the model reads; default CONTEXT_BARS. */
  contextBars?: number
  /** Write the selected bars' rhythm again note for note, only the pitches new (rhythm-mask.ts). */
  keepRhythm?: boolean
}

/** How one candidate (or the musician's own bars) scored, in bits (surprise: lower is likelier). */
export interface ScoredBars {
  /** The bars in the musician's dialect: the replacement for the selected range. */
  text: string
  /** The same in the model's dialect, as it read or wrote them. */
  modelText: string
  /** Surprise of the bars themselves given the bars before them. */
  ownBits: number
  /** Surprise of the fixed bars after the selection given these bars: how well they lead on; what candidates are ranked by. */
  fitBits: number
}

export interface InfillRun {
  selection: BarSelection
  /** The musician's own bars, scored the same way. */
  original: ScoredBars
  /** Distinct candidates, best fit first (the bars' own surprise breaks ties). */
  ranked: ScoredBars[]
  /** The first candidate written, unranked: what plain left-to-right sampling would have given. */
  firstSampled: ScoredBars | null
  /** Characters of the fixed bars after the selection that the fit is measured on. */
  fitChars: number
  /** Rows that wrote no usable candidate (ran past the length cap). */
  failed: number
}

/** Bars before the selection the model reads (besides the header): the LSTM's useful memory is local, and each character read costs a step of every row. */
export const CONTEXT_BARS = 4
/** Bars after the selection the fit is measured on. */
export const FIT_BARS = 2
/** A candidate longer than this per bar is not a bar of folk music; the row is dropped. */
const MAX_CHARS_PER_BAR = 48

/** Field lines and inline fields: a context that skips one would read the wrong metre or key. */
const FIELD = /(?:^|\n)[A-Za-z]:|\[[A-Za-z]:/

interface ModelSlices {
  prefix: string
  original: string
  suffix: string
  /** What follows each inner bar line of the selection when it is only a line break or spaces, else ''. */
  gaps: string[]
  view: ModelView
}

/** The model's view of the text around the selection: context before, the selected bars, the fixed bars after. */
function slices(text: string, sel: BarSelection, contextBars: number): ModelSlices {
  const tuneText = text.slice(sel.tune.start, sel.tune.end)
  const view = toModelDialect(tuneText)
  const at = (offset: number): number => {
    const rel = offset - sel.tune.start
    let i = 0
    while (i < view.text.length && view.offsets[i] < rel) i++
    return i
  }
  const first = sel.bars[0]
  const headerEnd = text.lastIndexOf('\n', first.start) + 1
  // The context starts at the bar line that opens its first bar (`|:` included), or after the header.
  const firstContext = sel.fromBar - 1 - contextBars
  const cut = firstContext > 0 ? sel.bars[firstContext - 1].end : headerEnd
  const contextStart = FIELD.test(text.slice(headerEnd, cut)) ? headerEnd : cut
  const fitBar = sel.bars[Math.min(sel.bars.length, sel.toBar + FIT_BARS) - 1]
  return {
    prefix: musicHeader(view.text.slice(0, at(Math.max(headerEnd, sel.tune.start)))) + view.text.slice(at(contextStart), at(sel.start)),
    original: view.text.slice(at(sel.start), at(sel.end)),
    suffix: view.text.slice(at(sel.end), at(Math.max(sel.end, fitBar.lineEnd))),
    gaps: sel.bars.slice(sel.fromBar - 1, sel.toBar - 1).map((bar, i) => {
      const gap = view.text.slice(at(bar.lineEnd), at(sel.bars[sel.fromBar + i].start))
      return /^[ \t\\\n]*$/.test(gap) ? gap : ''
    }),
    view,
  }
}

/** Header fields that shape the music; the others (title, source, notes, comments) cost a step per character and change no note. */
const MUSIC_FIELD = /^[XMLKRQPV]:/

/** The header lines the model needs to read (the X: line first, as every tune it learnt starts). */
export function musicHeader(header: string): string {
  return header.split('\n').filter((line, i, lines) => (MUSIC_FIELD.test(line) || i === lines.length - 1)).join('\n')
}

interface InfillRow extends DrawRow {
  /** Teacher-forced bars (the musician's own), or null for a row that writes its candidate. */
  forced: Int32Array | null
  /** Characters read as written before the row draws again: the musician's line break after an inner bar line. */
  queued: number[]
  written: number[]
  phase: 'write' | 'fit' | 'done' | 'failed'
  barLines: number
  inQuote: boolean
  fitPos: number
  ownBits: number
  fitBits: number
}

/** Samples and scores the candidates for a selection of `text`; see the file comment. */
export async function infill(model: SamplingModel, text: string, request: SelectionRequest, settings: InfillSettings): Promise<InfillRun> {
  const sel = selectBars(text, request)
  const parts = slices(text, sel, settings.contextBars ?? CONTEXT_BARS)
  const { vocab } = model
  const prefix = vocab.conform(parts.prefix).text
  if (prefix.length === 0) throw new SelectionError('The text before the selection is empty once characters the model does not know are removed.')
  const suffix = vocab.encodeStrict(vocab.conform(parts.suffix).text)
  const original = vocab.encodeStrict(vocab.conform(parts.original).text)
  const bars = sel.toBar - sel.fromBar + 1
  const gaps = parts.gaps.map((g) => Array.from(vocab.encodeStrict(vocab.conform(g).text)))
  // The rhythm mask copies the musician's lengths, which the metre mask might refuse (its rules are
  // stricter than ABC), and a refusal of the only character allowed would fall back to no mask at all.
  const masks = settings.keepRhythm ? [selectionMask(), rhythmMask(vocab.conform(parts.original).text)] : [meterMask(prefix), selectionMask()]
  const rows = await runRows(model, prefix, masks, { suffix, original, gaps }, bars, settings)

  const dialect = { ...parts.view.dialect, pendingFactor: null }
  const scored = (row: InfillRow): ScoredBars => {
    const modelText = row.written.map((t) => vocab.chars[t]).join('')
    const own = round(row.ownBits)
    const fit = round(row.fitBits)
    return { text: toPromptDialect(prefix, modelText, dialect), modelText, ownBits: own, fitBits: fit }
  }
  const ownRow = rows[0]
  const sampled = rows.slice(1).filter((r) => r.phase === 'done').map(scored)
  const seen = new Set<string>()
  const ranked = [...sampled].sort(byFit).filter((c) => !seen.has(c.modelText) && seen.add(c.modelText))
  return {
    selection: sel,
    original: { ...scored(ownRow), text: text.slice(sel.start, sel.end) },
    ranked,
    firstSampled: sampled[0] ?? null,
    fitChars: suffix.length,
    failed: rows.length - 1 - sampled.length,
  }
}

/** Steps between turns of the event loop, so other calls are served while the rows run. */
const YIELD_EVERY = 8
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Best fit first. The bars' own likelihood only breaks ties: candidates are already drawn from it,
 * and ranking by it again favours the dullest bars (on held-out tunes the true bars ranked in the
 * top 11 % by fit alone, but at 85 % by fit + own surprise; docs/model.md).
 */
export const byFit = (a: ScoredBars, b: ScoredBars): number => a.fitBits - b.fitBits || a.ownBits - b.ownBits

const round = (bits: number): number => Math.round(bits * 1000) / 1000

/** The batched loop: row 0 reads the musician's bars, rows 1… write candidates; all then read the fixed bars after. */
interface FixedText {
  suffix: Int32Array
  original: Int32Array
  gaps: number[][]
}

async function runRows(model: SamplingModel, prefix: string, masks: CharConstraint[], fixed: FixedText, bars: number, settings: InfillSettings): Promise<InfillRow[]> {
  const { suffix, original, gaps } = fixed
  const { vocab } = model
  const V = vocab.size
  const rows: InfillRow[] = Array.from({ length: settings.candidates + 1 }, (_, r) => ({
    rng: variationRng(settings.seed, r),
    constraints: masks.map((m) => m.clone()),
    maskedSteps: 0, maskWidened: 0, maskFallbacks: 0, bits: 0, steps: 0,
    forced: r === 0 ? original : null,
    queued: [],
    written: [], phase: 'write', barLines: 0, inQuote: false, fitPos: 0, ownBits: 0, fitBits: 0,
  }))
  const stepper = model.createStepper(rows.length)
  try {
    let logits = await primeOnce(model, stepper, vocab.encodeStrict(prefix))
    await nextTurn()
    const scratch = newScratch(V)
    const tokens = new Int32Array(rows.length)
    const maxChars = MAX_CHARS_PER_BAR * bars
    let steps = 0
    while (rows.some((row) => row.phase === 'write' || row.phase === 'fit')) {
      rows.forEach((row, r) => {
        tokens[r] = nextToken(row, logits, r * V, { vocab, settings, scratch, suffix, gaps, bars, maxChars })
      })
      logits = stepper.step(tokens)
      if (++steps % YIELD_EVERY === 0) await nextTurn()
    }
    return rows
  } finally {
    returnStepper(model, stepper)
  }
}

interface StepContext {
  vocab: SamplingModel['vocab']
  settings: InfillSettings
  scratch: ReturnType<typeof newScratch>
  suffix: Int32Array
  gaps: number[][]
  bars: number
  maxChars: number
}

/** The token row `row` feeds next (0, ignored, once it is done), scoring what it reads. */
function nextToken(row: InfillRow, logits: Float32Array, offset: number, ctx: StepContext): number {
  const V = ctx.vocab.size
  if (row.phase === 'write') {
    const token = row.forced ? forcedToken(row) : writtenToken(row, logits, offset, ctx)
    if (token >= 0) {
      row.ownBits += surpriseBits(logits, offset, V, token)
      row.written.push(token)
      return token
    }
    if (row.phase === 'write') row.phase = 'fit'
  }
  if (row.phase === 'fit') {
    if (row.fitPos >= ctx.suffix.length) {
      row.phase = 'done'
      return 0
    }
    const token = ctx.suffix[row.fitPos++]
    row.fitBits += surpriseBits(logits, offset, V, token)
    return token
  }
  return 0
}

/** The musician's next character, or -1 when their bars are all read. */
function forcedToken(row: InfillRow): number {
  const forced = row.forced!
  return row.written.length < forced.length ? forced[row.written.length] : -1
}

/** A drawn character, or -1 when the row has just finished its last bar (the bar line is not written). */
function writtenToken(row: InfillRow, logits: Float32Array, offset: number, ctx: StepContext): number {
  const token = row.queued.shift() ?? choose(logits, offset, ctx.vocab.size, ctx.settings, row, ctx.vocab, ctx.scratch)
  const ch = ctx.vocab.chars[token]
  if (ch === '"') row.inQuote = !row.inQuote
  if (ch === '|' && !row.inQuote) {
    if (++row.barLines === ctx.bars) return -1
    row.queued.push(...ctx.gaps[row.barLines - 1])
  }
  if (row.written.length >= ctx.maxChars) {
    row.phase = 'failed'
    return -1
  }
  for (const c of row.constraints) c.push(ch)
  return token
}
