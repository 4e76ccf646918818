/**
 * Where a Continue starts and where it stops. Continue writes from the cursor and stops where the
 * Length setting says; "Complete the tune" and "Next part" write from the end of the tune the
 * cursor is in (the form-aware sampler finishes the part the music is in, then writes the
 * remaining parts, or writes just one) whatever the cursor's place within it.
 */
import type { ContinueRequest } from '../../../src-shared/contract'

export type ContinueAction = 'cursor' | 'complete' | 'next-part'

/** Where a run's prompt ended, so "Use this" inserts in the right place, and how it was asked for. */
export interface PromptPlace {
  at: number
  prompt: string
  action: ContinueAction
}

/** An ABC tune ends at a blank line (or the end of the text). */
const BLANK_LINE = /\n[ \t]*\r?\n/g

/**
 * The end of the music of the tune holding `cursor`: trailing blank lines and spaces are left
 * out, one line break after the last line is kept, so the model starts on a fresh line as the
 * musician would.
 */
export function endOfTune(text: string, cursor: number): number {
  BLANK_LINE.lastIndex = Math.max(0, Math.min(cursor, text.length) - 1)
  const blank = BLANK_LINE.exec(text)
  const end = blank ? blank.index + 1 : text.length
  const music = text.slice(0, end).trimEnd().length
  return text[music] === '\r' && text[music + 1] === '\n' ? music + 2 : text[music] === '\n' ? music + 1 : music
}

/** The prompt for `action`, or why there is none (in words, for the composer's notice). */
export function promptPlace(text: string, cursor: number, action: ContinueAction): PromptPlace | string {
  const at = action === 'cursor' ? cursor : endOfTune(text, cursor)
  const prompt = text.slice(0, at)
  if (prompt.trim() !== '') return { at, prompt, action }
  return action === 'cursor'
    ? 'Put the cursor after some music first: the text before it is what the model continues.'
    : 'Write the start of a tune first (its header and a few bars): the model completes it from there.'
}

/** Continue stops where the Length setting says (`lengthStop`); the two form buttons at the tune's or the part's end. */
export function stopFor(action: ContinueAction, lengthStop: ContinueRequest['stop']): ContinueRequest['stop'] {
  if (action === 'complete') return 'tune'
  if (action === 'next-part') return 'part'
  return lengthStop
}
