/**
 * Mean cross-entropy of a model on whole tunes, in bits per character: what `cli eval` prints.
 *
 * Exactly what is counted: each tune (as split from its file: `X:` line to its last non-blank
 * line) is mapped into the model's dialect (abc/dialect.ts: broken rhythm as dotted lengths,
 * grace notes and decorations hidden; reported), conformed to the model's vocabulary (vocab.ts:
 * CR dropped, tab → space, accents stripped, other unknown characters dropped; reported) and
 * followed by "\n\n", the blank line
 * that ends every tune in the training stream. The model starts from a zeroed state and reads one
 * "\n" (the end of the blank line before every tune in training), then predicts every character
 * of that text in turn, the first `X` included. Scored characters = tune length + 2 per tune.
 */
import { toModelDialect, type DialectReport } from '../../../src-shared/abc/dialect'
import type { LstmEngine, LstmStepper } from '../../engine/types'
import type { CharLstmWeights } from '../../engine/weights'
import { TUNE_SEPARATOR } from '../corpus/stream'
import type { SamplingModel } from '../sampling/sampler'
import type { ConformReport, Vocab } from '../vocab'

export interface TuneScore {
  bits: number
  chars: number
}

export interface ScoreResult {
  /** Mean over every scored character of every tune. */
  bitsPerChar: number
  chars: number
  tunes: TuneScore[]
  /** Characters mapped or dropped to fit the vocabulary, per tune (only tunes that needed it). */
  conform: { tune: number; report: ConformReport }[]
  /** Tunes the dialect mapping changed for the model (only those), and the totals in words. */
  dialect: { tune: number; report: DialectReport }[]
  dialectSummary: string
}

/** "broken rhythm mapped in 25 of 40 tunes (310 marks); 12 grace-note groups and 3 decorations hidden". */
export function describeDialect(mapped: readonly { report: DialectReport }[], tunes: number): string {
  if (mapped.length === 0) return `all ${tunes} tunes read as written`
  const sum = (key: 'brokenRhythms' | 'graceNotes' | 'decorations'): number => mapped.reduce((n, m) => n + m.report[key], 0)
  const unmapped = mapped.reduce((n, m) => n + m.report.unmapped.length, 0)
  const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
  return `${mapped.length} of ${tunes} tunes mapped for the model: ${count(sum('brokenRhythms'), 'broken rhythm')} given as dotted lengths, ` +
    `${count(sum('graceNotes'), 'grace-note group')} and ${count(sum('decorations'), 'decoration')} hidden, ${count(unmapped, 'thing')} not mapped`
}

/** The exact text a tune is scored on (see the file comment). */
export function scoredText(tune: string, vocab: Vocab): { text: string; report: ConformReport; dialect: DialectReport } {
  const view = toModelDialect(tune.replace(/\s+$/, ''))
  const { text, report } = vocab.conform(view.text)
  return { text: text + TUNE_SEPARATOR, report, dialect: view.report }
}

/** Rows scored side by side: tunes fill them longest first, a row taking the next tune when its own ends. */
export const SCORE_BATCH = 64
/** Time between yields in `scoreTunesAsync`, so a long evaluation never holds the event loop longer. */
const YIELD_EVERY_MS = 50

export interface ScoreOptions {
  /** Rows stepped together (default SCORE_BATCH, never more than there are tunes). */
  batch?: number
}

/** A tune's scored text as vocabulary ids, ready for a row. */
interface Prepared {
  ids: Int32Array
}

function prepare(vocab: Vocab, tunes: readonly string[]): { prepared: Prepared[]; conform: ScoreResult['conform']; dialect: ScoreResult['dialect'] } {
  const conform: ScoreResult['conform'] = []
  const dialect: ScoreResult['dialect'] = []
  const prepared = tunes.map((tune, index) => {
    const { text, report, dialect: mapped } = scoredText(tune, vocab)
    if (!report.clean) conform.push({ tune: index, report })
    if (!mapped.asWritten) dialect.push({ tune: index, report: mapped })
    return { ids: vocab.encodeStrict(text) }
  })
  return { prepared, conform, dialect }
}

/**
 * Steps every tune through a batched stepper: row r reads its tune's ids one per step, from a
 * zeroed row state fed "\n" first, exactly as one tune alone on a batch-1 stepper (the rows never
 * mix). Yields (the characters scored so far) every few steps so a caller can give way; returns
 * each tune's summed nats in the tunes' order, accumulated character by character as before.
 */
function* stepTunes(model: SamplingModel, newline: number, prepared: Prepared[], batch: number): Generator<number, Float64Array> {
  const nats = new Float64Array(prepared.length)
  // Longest first: the rows finish close together, so few idle rows are stepped at the end.
  const queue = prepared.map((_, i) => i).sort((a, b) => prepared[b].ids.length - prepared[a].ids.length)
  const rows = Math.max(1, Math.min(batch, prepared.length))
  const stepper = model.createStepper(rows)
  const V = stepper.vocabSize
  const tune = new Int32Array(rows).fill(-1)
  const pos = new Int32Array(rows)
  const tokens = new Int32Array(rows).fill(newline)
  let next = 0
  let active = 0
  let scored = 0
  const take = (row: number): void => {
    tune[row] = next < queue.length ? queue[next++] : -1
    pos[row] = 0
    tokens[row] = newline
    if (tune[row] >= 0) active++
  }
  try {
    for (let row = 0; row < rows; row++) take(row)
    while (active > 0) {
      const logits = stepper.step(tokens)
      for (let row = 0; row < rows; row++) {
        const t = tune[row]
        if (t < 0) continue
        const ids = prepared[t].ids
        const id = ids[pos[row]]
        nats[t] += logSumExp(logits, row * V, V) - logits[row * V + id]
        tokens[row] = id
        if (++pos[row] < ids.length) continue
        active--
        stepper.resetRow(row)
        take(row)
      }
      scored += active
      yield scored
    }
  } finally {
    release(model, stepper)
  }
  return nats
}

function summarise(prepared: Prepared[], nats: Float64Array, conform: ScoreResult['conform'], dialect: ScoreResult['dialect']): ScoreResult {
  let totalNats = 0
  let totalChars = 0
  const scores = prepared.map(({ ids }, i) => {
    totalNats += nats[i]
    totalChars += ids.length
    return { bits: nats[i] / ids.length / Math.LN2, chars: ids.length }
  })
  return { bitsPerChar: totalNats / totalChars / Math.LN2, chars: totalChars, tunes: scores, conform, dialect, dialectSummary: describeDialect(dialect, prepared.length) }
}

function release(model: SamplingModel, stepper: LstmStepper): void {
  if (model.releaseStepper) model.releaseStepper(stepper)
  else stepper.dispose()
}

function start(vocab: Vocab, tunes: readonly string[]): number {
  const newline = vocab.idOf('\n')
  if (newline === undefined) throw new Error("The model's vocabulary has no newline, so it cannot read tunes")
  if (tunes.length === 0) throw new Error('No tunes to score')
  return newline
}

/** Scores the tunes (see the file comment) with the engine over the weights, batched over rows; blocks until done. */
export function scoreTunes(engine: LstmEngine, weights: CharLstmWeights, vocab: Vocab, tunes: readonly string[], options: ScoreOptions = {}): ScoreResult {
  if (weights.vocabSize !== vocab.size) throw new Error(`The weights are for ${weights.vocabSize} characters, the vocabulary has ${vocab.size}`)
  const newline = start(vocab, tunes)
  const { prepared, conform, dialect } = prepare(vocab, tunes)
  const steps = stepTunes({ vocab, createStepper: (rows) => engine.createStepper(weights, rows) }, newline, prepared, options.batch ?? SCORE_BATCH)
  let r = steps.next()
  while (!r.done) r = steps.next()
  return summarise(prepared, r.value, conform, dialect)
}

/** The same scores from a loaded model, giving way to the event loop every ~50 ms (a service answers other requests meanwhile). */
export async function scoreTunesAsync(model: SamplingModel, tunes: readonly string[], options: ScoreOptions = {}): Promise<ScoreResult> {
  const newline = start(model.vocab, tunes)
  const { prepared, conform, dialect } = prepare(model.vocab, tunes)
  const steps = stepTunes(model, newline, prepared, options.batch ?? SCORE_BATCH)
  let since = performance.now()
  let r = steps.next()
  while (!r.done) {
    if (performance.now() - since > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve))
      since = performance.now()
    }
    r = steps.next()
  }
  return summarise(prepared, r.value, conform, dialect)
}

function logSumExp(logits: Float32Array, offset: number, n: number): number {
  let max = -Infinity
  for (let i = offset; i < offset + n; i++) if (logits[i] > max) max = logits[i]
  let sum = 0
  for (let i = offset; i < offset + n; i++) sum += Math.exp(logits[i] - max)
  return max + Math.log(sum)
}
