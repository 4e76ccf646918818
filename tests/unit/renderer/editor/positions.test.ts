/**
 * From the checker's line/column diagnostics to editor ranges (with the real checker), and from
 * the editor's cursor to abcjs's note elements (with real abcjs offsets).
 */
import abcjs from 'abcjs'
import { describe, expect, it } from 'vitest'
import { checkTune } from '../../../../src-shared/abc/check'
import { toEditorDiagnostics } from '../../../../src-renderer/src/editor/abc-lint'
import { engravable } from '../../../../src-renderer/src/editor/engravable'
import { spanAtOffset, type CharSpan } from '../../../../src-renderer/src/editor/note-at-offset'
import { diagnosticRange, lineStarts } from '../../../../src-renderer/src/editor/text-positions'

const WRONG_BAR = 'X:1\nT:Short bar\nM:4/4\nL:1/8\nK:G\n|:GABc dedB|GABc d2|GABc dedB|A2F2 G4:|\n'

/** Every note abcjs parsed, with its char span, in order. */
function noteSpans(abc: string): CharSpan[] {
  const [tune] = abcjs.parseOnly(abc)
  const spans: CharSpan[] = []
  for (const line of tune.lines) {
    for (const staff of line.staff ?? []) {
      for (const voice of staff.voices ?? []) {
        for (const el of voice) if (el.el_type === 'note') spans.push({ start: el.startChar, end: el.endChar })
      }
    }
  }
  return spans
}

describe('diagnostic ranges', () => {
  it('underlines the short bar the real checker reports', () => {
    const result = checkTune(WRONG_BAR)
    const bars = result.diagnostics.filter((d) => d.source === 'bars')
    expect(bars).toHaveLength(1)
    const [range] = toEditorDiagnostics(WRONG_BAR, { ...result, diagnostics: bars })
    expect(range.severity).toBe(bars[0].severity)
    // The marked text lies inside the second bar, `GABc d2`.
    const secondBar = WRONG_BAR.indexOf('GABc d2')
    expect(range.from).toBeGreaterThanOrEqual(secondBar - 1)
    expect(range.to).toBeLessThanOrEqual(secondBar + 'GABc d2|'.length)
    expect(range.to).toBeGreaterThan(range.from)
  })

  it('clamps positions past the text (the text changed since it was checked)', () => {
    const text = 'X:1\nK:G\nabc'
    const starts = lineStarts(text)
    expect(starts).toEqual([0, 4, 8])
    expect(diagnosticRange(text, starts, { line: 9, column: 40 })).toEqual({ from: 10, to: 11 })
    expect(diagnosticRange(text, starts, { line: 2, column: 1, endColumn: 99 })).toEqual({ from: 4, to: 7 })
    expect(diagnosticRange(text, starts, { line: 3, column: 2 })).toEqual({ from: 9, to: 11 })
    expect(diagnosticRange('', [0], { line: 1, column: 1 })).toEqual({ from: 0, to: 0 })
  })
})

describe('cursor to note', () => {
  const tune = 'X:1\nT:Cursor\nM:6/8\nL:1/8\nK:D\nY:AABB\n|:A|dfa afd|"G"g2e ^c3:|\n'

  it('finds the note written at the cursor, in offsets of the editor text', () => {
    const spans = noteSpans(engravable(tune))
    const at = tune.indexOf('^c3')
    const index = spanAtOffset(spans, at + 1)
    expect(index).toBeGreaterThanOrEqual(0)
    expect(tune.slice(spans[index].start, spans[index].end)).toContain('^c3')
    // The Y: line is not drawn as notes: the first note is the pickup A.
    expect(tune.slice(spans[0].start, spans[0].end)).toBe('A')
  })

  it('gives the note just before a cursor at its end, and none in the header', () => {
    const spans = noteSpans(engravable(tune))
    const afterA = tune.indexOf('|:A') + 3
    expect(tune.slice(spans[spanAtOffset(spans, afterA)].start, afterA)).toBe('A')
    expect(spanAtOffset(spans, 2)).toBe(-1)
  })

  it('keeps every offset when hiding the Y: field', () => {
    expect(engravable(tune)).toHaveLength(tune.length)
    expect(engravable(tune)).toContain('\n%:AABB\n')
  })
})
