import { z } from 'zod'
import { call } from './channel'

/** A problem found in ABC text, as data the editor can underline (1-based line and column). */
export interface Diagnostic {
  line: number
  column: number
  /** Exclusive end column on the same line, when known. */
  endColumn?: number
  severity: 'error' | 'warning'
  /** Who found it: abcjs's parser, or our bar-length check. */
  source: 'abcjs' | 'bars'
  /** Plain text (abcjs's HTML markup removed). */
  message: string
}

export interface CheckResult {
  diagnostics: Diagnostic[]
  /** Number of complete bars checked against the meter, and how many were the wrong length. */
  bars: { checked: number; wrong: number }
}

/** 1 MB of ABC is several hundred tunes; anything larger is not something a person typed. */
export const MAX_ABC_CHARS = 1_000_000

export const AbcText = z.string().max(MAX_ABC_CHARS, 'ABC text is longer than 1,000,000 characters')

export const abcChannels = {
  check: call<CheckResult>()('abc.check', z.object({ abc: AbcText })),
}
