/**
 * From a corpus's tunes (in corpus order) to what the training loop reads: cleaned tune texts,
 * the vocabulary, the training tunes and the validation stream. A new model takes its
 * vocabulary from the cleaned corpus; a fine-tuned model starts from its parent's, grown by the
 * characters the cleaned corpus uses at least MIN_GROW_COUNT times (`grow`), and the rest of the
 * corpus is conformed to it (see vocab.ts), with a report of every character mapped or dropped.
 *
 * Growth counts the cleaned text, i.e. after `clean` has put the tune into the model's dialect:
 * a construct the cleaning maps away never earns a token of its own.
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
  /** Characters appended to the given vocabulary (`grow`), in id order, with their counts. */
  grown: GrownChar[]
}

export interface GrownChar {
  char: string
  /** Occurrences in the cleaned corpus (training and validation tunes). */
  count: number
}

/**
 * A character earns a token when the cleaned corpus holds it at least this often. Below that the
 * model would see too few examples to learn it (its new output row starts rare, see
 * grow-vocab.ts), and a mapping (é → e) or a drop serves the text better than a token that is
 * never predicted; such characters are conformed and reported as before.
 */
export const MIN_GROW_COUNT = 5

/**
 * Characters never grown, whatever their count: control and format characters and separators
 * other than the space and the newline (CR, tab, no-break space...). conform maps or drops them
 * (tab → space, NBSP → space, CR dropped): layout, not music, and one spelling of it keeps the
 * model simpler.
 */
const LAYOUT = /[\p{Cc}\p{Cf}\p{Z}]/u
const neverGrown = (ch: string): boolean => ch !== ' ' && ch !== '\n' && LAYOUT.test(ch)

export interface PrepareOptions {
  /** Training text of one tune (trainingTextCleaner in the app: cleaned, in the model's dialect). */
  clean: (tuneText: string) => string
  /** The vocabulary to start from (fine-tuning); omitted = build it from this corpus. */
  vocab?: Vocab
  /** With `vocab`: append the corpus's frequent new characters (a fine-tune; not a resume or a score). */
  grow?: boolean
  /** Each tune's ordinal in corpus order (see splitByTune); omitted = the array index. */
  ordinals?: readonly number[]
}

export function prepareTrainingData(tunes: readonly string[], options: PrepareOptions): TrainingData {
  const ordinalOf = (i: number): number => options.ordinals?.[i] ?? i
  const kept = tunes.map((t, i) => ({ text: options.clean(t), ordinal: ordinalOf(i) })).filter((t) => t.text.trim() !== '')
  const cleaned = kept.map((t) => t.text)
  if (cleaned.length === 0) throw new Error('The corpus has no tunes to train on')
  const grown = options.vocab && options.grow ? newCharacters(cleaned, options.vocab) : []
  const given = grown.length > 0 ? options.vocab?.withAppended(grown.map((g) => g.char)) : options.vocab
  const vocab = given ?? Vocab.fromTexts([joinTunes(cleaned)])
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
    grown,
  }
}

/** Characters `vocab` lacks that the texts hold at least MIN_GROW_COUNT times, by code point. */
export function newCharacters(texts: readonly string[], vocab: Vocab): GrownChar[] {
  const counts = new Map<string, number>()
  for (const text of texts)
    for (const ch of text) if (!vocab.has(ch) && !neverGrown(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  return [...counts]
    .filter(([, count]) => count >= MIN_GROW_COUNT)
    .map(([char, count]) => ({ char, count }))
    .sort((a, b) => a.char.codePointAt(0)! - b.char.codePointAt(0)!)
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
