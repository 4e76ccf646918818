/**
 * Diagnostics for one tune, computed when it is opened rather than at import (parsing all 1,034
 * bundled tunes again for warnings would double the first-start import).
 * Until the abc module's `checkTune` exists this reads abcjs's warnings, which are strings like
 * `Music Line:4:1: Unknown character ignored: <span ...>` with a 1-based line and column.
 */
import abcjs from 'abcjs'
import type { Diagnostic } from '../../src-shared/contract/abc'

const WARNING = /^Music Line:(\d+):(\d+):\s*(.*)$/s

/** Strips abcjs's HTML markup and entities from a warning. */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}

export function abcjsDiagnostics(tuneText: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  for (const tune of abcjs.parseOnly(tuneText)) {
    for (const warning of tune.warnings ?? []) {
      const m = WARNING.exec(warning)
      diagnostics.push({
        line: m ? Number(m[1]) : 1,
        column: m ? Number(m[2]) : 1,
        severity: 'warning',
        source: 'abcjs',
        message: plainText(m ? m[3] : warning),
      })
    }
  }
  return diagnostics
}
