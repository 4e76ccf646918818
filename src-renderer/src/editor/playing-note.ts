/**
 * The sounding note while a tune plays, marked in the editor's text (the score marks it too).
 * The composer's player reports `{ startChar, endChar }` offsets into the text abcjs drew, which
 * are the editor's offsets (see `engravable`); `setPlayingNote` puts the mark there, `null` clears
 * it (stop, end of tune). The mark maps through edits, and goes when the edit swallows it.
 */
import { StateEffect, StateField, type EditorState, type Extension, type TransactionSpec } from '@codemirror/state'
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view'

export interface PlayingRange {
  startChar: number
  endChar: number
}

/** The class on the marked text: the theme's `--color-playing`, not the selection's colour. */
export const PLAYING_NOTE_CLASS = 'cm-playing-note'

export const setPlayingNoteEffect = StateEffect.define<PlayingRange | null>()

const mark = Decoration.mark({ class: PLAYING_NOTE_CLASS, attributes: { 'data-testid': 'editor-playing-note' } })

const playingNoteField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes)
    for (const effect of tr.effects) {
      if (!effect.is(setPlayingNoteEffect)) continue
      const range = clampRange(effect.value, tr.state.doc.length)
      next = range ? Decoration.set([mark.range(range.from, range.to)]) : Decoration.none
    }
    return next
  },
  provide: (field) => EditorView.decorations.from(field),
})

function clampRange(range: PlayingRange | null, length: number): { from: number; to: number } | null {
  if (!range) return null
  const from = Math.max(0, Math.min(range.startChar, length))
  const to = Math.max(from, Math.min(range.endChar, length))
  return to > from ? { from, to } : null
}

const playingNoteTheme = EditorView.theme({
  [`.${PLAYING_NOTE_CLASS}`]: {
    backgroundColor: 'color-mix(in srgb, var(--color-playing) 28%, transparent)',
    outline: '1px solid var(--color-playing)',
    borderRadius: '2px',
  },
})

export function playingNote(): Extension {
  return [playingNoteField, playingNoteTheme]
}

/** The transaction that marks `range` (null clears), scrolling it into view when it is off screen. */
export function setPlayingNote(state: EditorState, range: PlayingRange | null): TransactionSpec {
  const effects: StateEffect<unknown>[] = [setPlayingNoteEffect.of(range)]
  const clamped = clampRange(range, state.doc.length)
  if (clamped) effects.push(EditorView.scrollIntoView(clamped.from, { y: 'nearest' }))
  return { effects }
}

/** The marked range, if any (for tests and callers that need to know). */
export function playingNoteRange(state: EditorState): { from: number; to: number } | null {
  const iter = state.field(playingNoteField, false)?.iter()
  return iter && iter.value ? { from: iter.from, to: iter.to } : null
}
