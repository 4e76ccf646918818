import { z } from 'zod'
import { call } from './channel'

/** A problem found in ABC text, as data the editor can underline (1-based line and column). */
export interface Diagnostic {
  line: number
  column: number
  /** Exclusive end column on the same line, when known. */
  endColumn?: number
  severity: 'error' | 'warning'
  /**
   * Who found it: abcjs's parser, our bar-length check, our repeat pairing check, or the check
   * for information fields (`M:`, `K:`...) written by the model rather than the musician;
   * `checker`: the text could not be checked at all (too complex to check in time).
   */
  source: 'abcjs' | 'bars' | 'repeats' | 'fields' | 'ties' | 'checker'
  /** Plain text (abcjs's HTML markup removed). */
  message: string
}

/** How the editor and the diagnostics list name each source, in words. */
export const DIAGNOSTIC_SOURCE_LABELS: Record<Diagnostic['source'], string> = {
  abcjs: 'abcjs',
  bars: 'bar length',
  repeats: 'repeats',
  ties: 'ties',
  fields: 'written by the model',
  checker: 'not checked',
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
  /**
   * `generatedFrom`: offset in `abc` (one tune) where text the model wrote starts; fields written
   * from there on that the musician's part does not use are reported too.
   */
  check: call<CheckResult>()('abc.check', z.object({
    abc: AbcText,
    generatedFrom: z.number().int('generatedFrom must be a whole number').min(0, 'generatedFrom must be 0 or more').max(MAX_ABC_CHARS).optional(),
  })),
  /** Each tune of the text as a MusicXML score (for MuseScore, Finale, Sibelius). */
  toMusicXml: call<MusicXmlScore[]>()('abc.toMusicXml', z.object({ abc: AbcText })),
}

export interface MusicXmlScore {
  title: string
  xml: string
}
