/**
 * Inline diagnostics: the app's checker (abc.check: abcjs warnings and wrong-length bars) as a
 * CodeMirror lint source. The linter's own delay debounces it; an answer for text that has
 * changed since is still mapped by position, clamped into the current document.
 */
import { linter, type Diagnostic as CmDiagnostic } from '@codemirror/lint'
import type { Extension } from '@codemirror/state'
import type { CheckResult } from '../../../src-shared/contract'
import { DIAGNOSTIC_SOURCE_LABELS } from '../../../src-shared/contract/abc'
import { diagnosticRange, lineStarts } from './text-positions'

export type CheckFn = (text: string) => Promise<CheckResult | null>

export function toEditorDiagnostics(text: string, result: CheckResult): CmDiagnostic[] {
  const starts = lineStarts(text)
  return result.diagnostics.map((d) => {
    const { from, to } = diagnosticRange(text, starts, d)
    return {
      from,
      to,
      severity: d.severity,
      source: DIAGNOSTIC_SOURCE_LABELS[d.source],
      message: d.message,
    }
  })
}

export function abcLinter(check: CheckFn, delayMs = 350): Extension {
  return linter(
    async (view) => {
      const text = view.state.doc.toString()
      const result = await check(text)
      // The checker is unreachable or the answer was superseded: keep what is shown.
      if (!result) return []
      return toEditorDiagnostics(view.state.doc.toString(), result)
    },
    { delay: delayMs },
  )
}
