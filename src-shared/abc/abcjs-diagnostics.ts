/**
 * abcjs's parser as a source of Diagnostics. `abcjs.parseOnly` runs in Node without a DOM, but
 * it hands back warnings only as strings of the form
 *   `Music Line:<line>:<column>: <message>:  <the line as HTML, bad character underlined>`
 * (its structured `warningObjects` are not exposed through parseOnly), with the line counted from
 * the tune's `X:` line. This module parses those strings into plain-text Diagnostics and merges
 * runs of the same complaint on neighbouring columns ("Unknown character ignored" once per letter
 * of `!trill` becomes one diagnostic spanning the word).
 */
import { abcjs } from './abcjs-module'
import type { Diagnostic } from '../contract/abc'

const WARNING = /^Music Line:(\d+):(\d+): ([\s\S]*?): {2}([\s\S]*)$/
const UNDERLINED = /<span[^>]*>([\s\S]*?)<\/span>/

function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
}

/** Markup removed, entities decoded. */
export function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, '')).trim()
}

/** One abcjs warning string as a Diagnostic (line relative to the tune's `X:` line). */
export function warningToDiagnostic(warning: string): Diagnostic {
  const m = WARNING.exec(warning)
  if (!m) return { line: 1, column: 1, severity: 'error', source: 'abcjs', message: plainText(warning) }
  const column = Number(m[2])
  const bad = UNDERLINED.exec(m[4])
  const badChar = bad ? decodeEntities(bad[1].replace(/<[^>]*>/g, '')) : ''
  let message = plainText(m[3])
  // Name the character when abcjs only underlines it ("SPACE" is abcjs's own word for it).
  if (badChar && badChar !== 'SPACE' && /character|symbol|bar type/i.test(message)) message += `: "${badChar}"`
  return { line: Number(m[1]), column, endColumn: column + 1, severity: 'error', source: 'abcjs', message }
}

/** Adjacent diagnostics with the same message on the same line become one span; exact repeats go. */
function merge(diagnostics: Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const d of diagnostics) {
    const prev = out[out.length - 1]
    const baseMessage = d.message.replace(/: "[^"]*"$/, '')
    if (prev && prev.line === d.line && prev.message.replace(/: "[^"]*"$/, '') === baseMessage &&
      prev.endColumn !== undefined && d.column <= prev.endColumn && d.column >= prev.column) {
      prev.endColumn = Math.max(prev.endColumn, d.endColumn ?? d.column + 1)
      if (prev.message !== d.message) prev.message = baseMessage
      continue
    }
    out.push({ ...d })
  }
  return out
}

/**
 * abcjs's complaints about one tune. `tuneText` should hold one tune; lines are 1-based from the
 * start of `tuneText` (abcjs counts from the `X:` line, so any lines before it are added back).
 */
export function abcjsDiagnostics(tuneText: string): Diagnostic[] {
  const lines = tuneText.split('\n')
  const xLine = lines.findIndex((l) => /^X:/.test(l))
  const offset = xLine > 0 ? xLine : 0
  const tunes = abcjs().parseOnly(tuneText)
  const warnings = tunes[0]?.warnings ?? []
  return merge(
    warnings.map((w) => {
      const d = warningToDiagnostic(w)
      return { ...d, line: d.line + offset }
    }),
  )
}
