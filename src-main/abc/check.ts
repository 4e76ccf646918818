/**
 * Checking ABC text: abcjs's parser warnings plus our bar-length check, as one list of
 * Diagnostics with 1-based lines and columns relative to the text given.
 */
import type { CheckResult, Diagnostic } from '../../src-shared/contract/abc'
import { abcjsDiagnostics } from './abcjs-diagnostics'
import { checkBars } from './bar-check'
import { splitTunes } from './split'

const byPosition = (a: Diagnostic, b: Diagnostic): number => a.line - b.line || a.column - b.column

function failure(what: string, err: unknown): Diagnostic {
  const reason = err instanceof Error ? err.message : String(err)
  return { line: 1, column: 1, severity: 'error', source: what === 'abcjs' ? 'abcjs' : 'bars', message: `${what} could not read this tune: ${reason}` }
}

/** One tune (from its `X:` line). Never throws: a checker that fails says so as a diagnostic. */
export function checkTune(tuneText: string): CheckResult {
  const text = tuneText.replace(/\r\n?/g, '\n')
  const diagnostics: Diagnostic[] = []
  try {
    diagnostics.push(...abcjsDiagnostics(text))
  } catch (err) {
    diagnostics.push(failure('abcjs', err))
  }
  let bars = { checked: 0, wrong: 0 }
  try {
    const result = checkBars(text)
    diagnostics.push(...result.diagnostics)
    bars = { checked: result.checked, wrong: result.wrong }
  } catch (err) {
    diagnostics.push(failure('the bar check', err))
  }
  return { diagnostics: diagnostics.sort(byPosition), bars }
}

/** A whole file or editor buffer: every tune checked, lines relative to `text`. */
export function checkAbc(text: string): CheckResult {
  const { tunes } = splitTunes(text)
  if (tunes.length === 0) return text.trim() === '' ? { diagnostics: [], bars: { checked: 0, wrong: 0 } } : checkTune(text)
  const diagnostics: Diagnostic[] = []
  const bars = { checked: 0, wrong: 0 }
  for (const tune of tunes) {
    const result = checkTune(tune.text)
    for (const d of result.diagnostics) diagnostics.push({ ...d, line: d.line + tune.startLine - 1 })
    bars.checked += result.bars.checked
    bars.wrong += result.bars.wrong
  }
  return { diagnostics, bars }
}
