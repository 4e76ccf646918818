/** ABC highlighting for CodeMirror: the stream parser as a language, and its colours. */
import { HighlightStyle, LanguageSupport, StreamLanguage, syntaxHighlighting } from '@codemirror/language'
import { tags as t } from '@lezer/highlight'
import { abcStreamParser } from './abc-tokenizer'

export const abcLanguage = StreamLanguage.define(abcStreamParser)

/** Colours from the app theme (styles/theme.css) where it has one, so dark mode follows. */
const abcHighlight = HighlightStyle.define([
  { tag: t.comment, color: 'var(--abc-comment, #8a8f98)', fontStyle: 'italic' },
  { tag: t.keyword, color: 'var(--abc-field, #8250df)', fontWeight: '600' },
  { tag: t.meta, color: 'var(--abc-field-value, #6639ba)' },
  { tag: t.string, color: 'var(--abc-chord, #0a7a52)' },
  { tag: t.attributeName, color: 'var(--abc-decoration, #b35900)' },
  { tag: t.atom, color: 'var(--abc-accidental, #c2185b)', fontWeight: '600' },
  { tag: t.variableName, color: 'var(--abc-note, inherit)' },
  { tag: t.number, color: 'var(--abc-length, #1f6feb)' },
  { tag: t.operator, color: 'var(--abc-bar, #d1242f)', fontWeight: '700' },
  { tag: t.null, color: 'var(--abc-rest, #8a8f98)' },
  { tag: t.bracket, color: 'var(--abc-bracket, #57606a)' },
  { tag: t.invalid, color: '#ffffff', backgroundColor: '#d1242f' },
])

export function abc(): LanguageSupport {
  return new LanguageSupport(abcLanguage, [syntaxHighlighting(abcHighlight)])
}
