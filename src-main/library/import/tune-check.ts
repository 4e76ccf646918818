/**
 * The import's per-tune gate: is this text a tune the library can use? Only the accept/reject
 * decision is made here; full diagnostics (abcjs warnings, bar lengths) are computed when a tune
 * is opened (see ../diagnostics.ts), which keeps first start quick.
 */
import type AbcjsModule from 'abcjs'
import { abcjs } from '../../../src-shared/abc/abcjs-module'

/** Null when the tune is usable, else why not. `parse: false` skips abcjs (trusted files only). */
export function rejectReason(tuneText: string, key: string | null, options: { parse: boolean } = { parse: true }): string | null {
  if (key === null) return 'no K: (key) line: ABC needs one to end the tune header'
  if (!options.parse) return null
  let tunes: ReturnType<typeof AbcjsModule.parseOnly>
  try {
    tunes = abcjs().parseOnly(tuneText)
  } catch (err) {
    return `abcjs could not parse it (${err instanceof Error ? err.message : String(err)})`
  }
  return tunes.some(hasNotes) ? null : 'abcjs found no notes or rests in it'
}

function hasNotes(tune: { lines: { staff?: { voices?: { el_type: string }[][] }[] }[] }): boolean {
  for (const line of tune.lines) {
    for (const staff of line.staff ?? []) {
      for (const voice of staff.voices ?? []) {
        if (voice.some((element) => element.el_type === 'note')) return true
      }
    }
  }
  return false
}
