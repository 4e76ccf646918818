/**
 * From a corpus's tunes (in corpus order) to what the training loop reads: cleaned tune texts,
 * the vocabulary, the training tunes and the validation stream. A new model takes its
 * vocabulary from the cleaned corpus; a fine-tuned model keeps its parent's and the corpus is
 * conformed to it (see vocab.ts), with a report of every character mapped or dropped.
 */
import { Vocab, type CharChange, type ConformReport } from '../vocab'
import { splitByTune } from './split'
import { joinTunes } from './stream'

export interface TrainingData {
  vocab: Vocab
  /** Training tunes, cleaned and conformed to the vocabulary, in corpus order. */
  trainTunes: string[]
  /** Held-out tunes joined in corpus order, as token ids. */
  validation: Int32Array
  tuneCount: { train: number; validation: number }
  /** Characters the vocabulary lacked, summed over the corpus (always clean for a new vocab). */
  conform: ConformReport
}

export interface PrepareOptions {
  /** Training-text cleaning of one tune (abc/cleanForTraining in the app). */
  clean: (tuneText: string) => string
  /** The vocabulary to keep (fine-tuning); omitted = build it from this corpus. */
  vocab?: Vocab
  /** Each tune's ordinal in corpus order (see splitByTune); omitted = the array index. */
  ordinals?: readonly number[]
}

export function prepareTrainingData(tunes: readonly string[], options: PrepareOptions): TrainingData {
  const ordinalOf = (i: number): number => options.ordinals?.[i] ?? i
  const kept = tunes.map((t, i) => ({ text: options.clean(t), ordinal: ordinalOf(i) })).filter((t) => t.text.trim() !== '')
  const cleaned = kept.map((t) => t.text)
  if (cleaned.length === 0) throw new Error('The corpus has no tunes to train on')
  const vocab = options.vocab ?? Vocab.fromTexts([joinTunes(cleaned)])
  const reports: ConformReport[] = []
  const conformed = cleaned.map((t) => {
    const { text, report } = vocab.conform(t)
    if (!report.clean) reports.push(report)
    return text
  })
  const { train, validation } = splitByTune(conformed, kept.map((t) => t.ordinal))
  if (train.length === 0) throw new Error('The corpus has no training tunes')
  return {
    vocab,
    trainTunes: train,
    validation: vocab.encodeStrict(joinTunes(validation)),
    tuneCount: { train: train.length, validation: validation.length },
    conform: mergeReports(reports),
  }
}

function mergeReports(reports: ConformReport[]): ConformReport {
  const sum = (pick: (r: ConformReport) => CharChange[]): CharChange[] => {
    const table = new Map<string, CharChange>()
    for (const r of reports)
      for (const c of pick(r)) {
        const entry = table.get(c.from)
        if (entry) entry.count += c.count
        else table.set(c.from, { ...c })
      }
    return [...table.values()]
  }
  const mapped = sum((r) => r.mapped)
  const dropped = sum((r) => r.dropped)
  return { mapped, dropped, clean: mapped.length === 0 && dropped.length === 0 }
}
