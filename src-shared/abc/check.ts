/**
 * Checking ABC text: abcjs's parser warnings, our bar-length check (bars as played, repeats
 * taken), repeat pairing and, for a generated continuation, the information fields the model
 * wrote; one list of Diagnostics with 1-based lines and columns relative to the text given.
 */
import type { CheckResult, Diagnostic } from '../contract/abc'
import { abcjsDiagnostics } from './abcjs-diagnostics'
import { checkBars } from './bar-check'
import { checkGeneratedFields } from './field-check'
import { splitTunes } from './split'
import { checkTies } from './tie-check'

const byPosition = (a: Diagnostic, b: Diagnostic): number => a.line - b.line || a.column - b.column

function failure(what: string, err: unknown): Diagnostic {
  const reason = err instanceof Error ? err.message : String(err)
  return { line: 1, column: 1, severity: 'error', source: what === 'abcjs' ? 'abcjs' : 'bars', message: `${what} could not read this tune: ${reason}` }
}

export interface CheckOptions {
  /**
   * Offset in the tune's text where a generated continuation starts (the musician's prompt is
   * everything before it). Information fields written from there on are reported unless the
   * prompt's body uses them too. Absent: the whole text is the musician's.
   */
  generatedFrom?: number
  /**
   * The tune is complete (default). False for text the musician is still writing (the editor): a
   * `|:` not yet closed when the text stops on a plain `|` or mid-bar is not reported.
   */
  finished?: boolean
}

/** One tune (from its `X:` line). Never throws: a checker that fails says so as a diagnostic. */
export function checkTune(tuneText: string, options: CheckOptions = {}): CheckResult {
  const text = tuneText.replace(/\r\n?/g, '\n')
  const diagnostics: Diagnostic[] = []
  try {
    diagnostics.push(...abcjsDiagnostics(text))
  } catch (err) {
    diagnostics.push(failure('abcjs', err))
  }
  let bars = { checked: 0, wrong: 0 }
  try {
    const result = checkBars(text, { finished: options.finished })
    diagnostics.push(...result.diagnostics, ...result.repeats)
    bars = { checked: result.checked, wrong: result.wrong }
  } catch (err) {
    diagnostics.push(failure('the bar check', err))
  }
  try {
    diagnostics.push(...checkTies(text))
  } catch (err) {
    diagnostics.push(failure('the tie check', err))
  }
  if (options.generatedFrom !== undefined) {
    // Offsets count the text as given; a prompt written with \r\n shifts by one per line ending removed.
    const removed = (tuneText.slice(0, options.generatedFrom).match(/\r\n/g) ?? []).length
    diagnostics.push(...checkGeneratedFields(text, options.generatedFrom - removed))
  }
  return { diagnostics: diagnostics.sort(byPosition), bars }
}

/** A whole file or editor buffer: every tune checked, lines relative to `text`. */
export function checkAbc(text: string, options: Pick<CheckOptions, 'finished'> = {}): CheckResult {
  const { tunes } = splitTunes(text)
  if (tunes.length === 0) return text.trim() === '' ? { diagnostics: [], bars: { checked: 0, wrong: 0 } } : checkTune(text, options)
  const diagnostics: Diagnostic[] = []
  const bars = { checked: 0, wrong: 0 }
  for (const tune of tunes) {
    const result = checkTune(tune.text, options)
    for (const d of result.diagnostics) diagnostics.push({ ...d, line: d.line + tune.startLine - 1 })
    bars.checked += result.bars.checked
    bars.wrong += result.bars.wrong
  }
  return { diagnostics, bars }
}
