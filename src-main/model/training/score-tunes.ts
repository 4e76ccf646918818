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
import type { LstmEngine } from '../../engine/types'
import type { CharLstmWeights } from '../../engine/weights'
import { TUNE_SEPARATOR } from '../corpus/stream'
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

export function scoreTunes(engine: LstmEngine, weights: CharLstmWeights, vocab: Vocab, tunes: readonly string[]): ScoreResult {
  if (weights.vocabSize !== vocab.size) throw new Error(`The weights are for ${weights.vocabSize} characters, the vocabulary has ${vocab.size}`)
  const newline = vocab.idOf('\n')
  if (newline === undefined) throw new Error("The model's vocabulary has no newline, so it cannot read tunes")
  if (tunes.length === 0) throw new Error('No tunes to score')
  const stepper = engine.createStepper(weights, 1)
  const token = new Int32Array(1)
  const scores: TuneScore[] = []
  const conform: ScoreResult['conform'] = []
  const dialect: ScoreResult['dialect'] = []
  let totalNats = 0
  let totalChars = 0
  try {
    tunes.forEach((tune, index) => {
      const { text, report, dialect: mapped } = scoredText(tune, vocab)
      if (!report.clean) conform.push({ tune: index, report })
      if (!mapped.asWritten) dialect.push({ tune: index, report: mapped })
      stepper.reset()
      token[0] = newline
      let logits = stepper.step(token)
      let nats = 0
      let chars = 0
      for (const ch of text) {
        const id = vocab.idOf(ch) as number
        nats += logSumExp(logits) - logits[id]
        chars++
        token[0] = id
        logits = stepper.step(token)
      }
      scores.push({ bits: nats / chars / Math.LN2, chars })
      totalNats += nats
      totalChars += chars
    })
  } finally {
    stepper.dispose()
  }
  return { bitsPerChar: totalNats / totalChars / Math.LN2, chars: totalChars, tunes: scores, conform, dialect, dialectSummary: describeDialect(dialect, tunes.length) }
}

function logSumExp(logits: Float32Array): number {
  let max = -Infinity
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
  let sum = 0
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max)
  return max + Math.log(sum)
}
