/**
 * The composer's CodeMirror 6 editor: ABC highlighting, inline check diagnostics, history,
 * search, and the composer's keys (Mod-Enter continues from the cursor). The Vue component owns
 * the view; this module only assembles extensions so the setup is in one place.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands'
import { bracketMatching } from '@codemirror/language'
import { lintGutter, lintKeymap } from '@codemirror/lint'
import { EditorState, type Extension } from '@codemirror/state'
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view'
import { abc } from './abc-language'
import { abcLinter, type CheckFn } from './abc-lint'
import { playingNote } from './playing-note'

export interface EditorHooks {
  check: CheckFn
  onChange(text: string): void
  onCursor(offset: number): void
  /** Ctrl/Cmd+Enter. */
  onContinue(): void
}

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px', backgroundColor: 'var(--color-surface)' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.6' },
  '.cm-gutters': { backgroundColor: 'var(--color-surface-muted)', borderRight: '1px solid var(--color-border)' },
  '&.cm-focused': { outline: '2px solid var(--color-accent)', outlineOffset: '-2px' },
  // CodeMirror's own defaults are light-only (black caret, grey selection) and sit under a
  // `&light` class: `&.cm-editor` gives ours the same specificity, and themes come after.
  '&.cm-editor .cm-content': { caretColor: 'var(--color-text)', color: 'var(--color-text)' },
  '&.cm-editor .cm-cursor, &.cm-editor .cm-dropCursor': { borderLeftColor: 'var(--color-text)' },
  '&.cm-editor .cm-selectionBackground, &.cm-editor.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground': {
    backgroundColor: 'color-mix(in srgb, var(--color-accent) 30%, transparent)',
  },
  '&.cm-editor .cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--color-accent) 7%, transparent)' },
  '&.cm-editor .cm-activeLineGutter': { backgroundColor: 'var(--color-accent-soft)' },
  '&.cm-editor .cm-gutters': { color: 'var(--color-text-muted)' },
  '&.cm-editor .cm-tooltip': { backgroundColor: 'var(--color-surface)', color: 'var(--color-text)', border: '1px solid var(--color-border)' },
})

export function editorExtensions(hooks: EditorHooks): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    bracketMatching(),
    highlightActiveLine(),
    lintGutter(),
    abc(),
    abcLinter(hooks.check),
    playingNote(),
    EditorView.lineWrapping,
    theme,
    keymap.of([
      // Before the defaults: Mod-Enter would otherwise insert a blank line.
      { key: 'Mod-Enter', preventDefault: true, run: () => (hooks.onContinue(), true) },
      ...defaultKeymap,
      ...historyKeymap,
      ...lintKeymap,
      // Tab indents only when bound explicitly; Escape then Tab still leaves the editor.
      indentWithTab,
    ]),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) hooks.onChange(update.state.doc.toString())
      if (update.docChanged || update.selectionSet) hooks.onCursor(update.state.selection.main.head)
    }),
    EditorView.contentAttributes.of({ 'aria-label': 'ABC text', 'data-testid': 'abc-editor' }),
  ]
}

/** The cursor starts at the end: where a tune is continued. */
export function createEditorState(doc: string, hooks: EditorHooks): EditorState {
  return EditorState.create({ doc, selection: { anchor: doc.length }, extensions: editorExtensions(hooks) })
}
