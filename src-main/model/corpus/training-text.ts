/**
 * The text a model learns from, tune by tune: `abc/cleanForTraining` (drops the `Y:` lines), then
 * the model's dialect (`abc/dialect.ts`: broken rhythm written as lengths, grace notes and
 * decorations hidden). It is the mapping the composer applies to a prompt, so a model trains on
 * the kind of text it will be given, and a user's collection written with `>` and `{g}` teaches
 * the same durations as one written the Nottingham way. The library keeps every tune as written;
 * only this training text is mapped. Vocabulary growth (training-data.ts) counts this text, so a
 * construct the mapping rewrites never earns a token of its own.
 */
import { cleanForTraining } from '../../../src-shared/abc'
import { toModelDialect } from '../../../src-shared/abc/dialect'

/** What the mapping did over a corpus, for the run's report. */
export interface DialectTotals {
  /** Tunes whose training text differs from the cleaned tune. */
  tunes: number
  brokenRhythms: number
  graceNotes: number
  decorations: number
  /** Marks that could not be mapped (left in the text, where conform or growth deals with them). */
  unmapped: number
}

export interface TrainingTextCleaner {
  clean(tune: string): string
  /** Sums over every tune cleaned so far. */
  readonly totals: DialectTotals
}

export function trainingTextCleaner(): TrainingTextCleaner {
  const totals: DialectTotals = { tunes: 0, brokenRhythms: 0, graceNotes: 0, decorations: 0, unmapped: 0 }
  return {
    totals,
    clean(tune) {
      const cleaned = cleanForTraining(tune)
      const { text, report } = toModelDialect(cleaned)
      if (text !== cleaned) totals.tunes++
      totals.brokenRhythms += report.brokenRhythms
      totals.graceNotes += report.graceNotes
      totals.decorations += report.decorations
      totals.unmapped += report.unmapped.length
      return text
    },
  }
}

/** "written in the model's dialect in 98 tunes: 474 broken rhythms as lengths, ...", or '' when nothing was mapped. */
export function describeDialect(totals: DialectTotals): string {
  const counts: [number, string][] = [
    [totals.brokenRhythms, 'broken rhythms written as lengths'],
    [totals.graceNotes, 'grace-note groups hidden'],
    [totals.decorations, 'decorations hidden'],
    [totals.unmapped, 'marks that could not be mapped (left as written)'],
  ]
  const parts = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`)
  // Line ends alone (CRLF read as LF) are not worth a sentence: conform reports CRs anyway.
  if (parts.length === 0) return ''
  return `training text in the model's dialect (${totals.tunes} tune${totals.tunes === 1 ? '' : 's'}): ${parts.join(', ')}`
}
