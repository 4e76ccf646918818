import { describe, expect, it } from 'vitest'
import { countNotes, halfway, midBarPlace } from '../../../../../src-main/model/cocompose/mid-bar'

describe('a change of chord at the middle of a bar', () => {
  it("is found in the model's text at the note starting at half the bar, after a space", () => {
    expect(halfway('d2A F2A|')).toBe(4)
    expect(halfway('dfe d2c|')).toBe(4)
    // No space before the middle's note, or a tuplet in the bar: no middle.
    expect(halfway('d2AF2A|')).toBeNull()
    expect(halfway('(3ddd A2 B2|')).toBeNull()
    expect(countNotes('d2A ')).toBe(2)
  })

  it("is found in a bar that the next ending's mark follows (`:|[2 `, `|[1 `, `|1 `), whose bracket is not the bar's", () => {
    expect(halfway('EGF G3:|[2 ')).toBe(4)
    expect(halfway('d2A F2A|[1 ')).toBe(4)
    expect(halfway('d2A F2A|1 ')).toBe(4)
    expect(halfway('d2A F2A|]\n')).toBe(4)
    // A chord of notes inside the bar still has no middle.
    expect(halfway('[DF]2A F2A:|[2 ')).toBeNull()
  })

  it("in a part's short closing bar (its pickup after it) is at half the metre's bar, where the notes began a whole one", () => {
    // `DEF G2:|` in 6/8: 5 eighths of 6; the half bar falls at the 4th eighth, the G.
    expect(halfway('DEF G2:|')).toBeNull()
    expect(halfway('DEF G2:|', 6 / 5)).toBe(4)
    // The next part's field line after the bar line is not the bar's: its letters are not notes.
    expect(halfway('DEF G2:|\nP:B\n', 6 / 5)).toBe(4)
    expect(halfway('d2A F2A|\nK:D\n')).toBe(4)
  })

  it("goes in the musician's text after the space before that note, past its grace notes, decorations and broken rhythm", () => {
    // The model reads `G3/2A/2 B2 c2 d2|` (broken rhythm as lengths, no grace notes): the middle is the 3rd note.
    const text = 'K:G\nG>A B2 {g}~c2 d2|\n'
    const from = text.indexOf('G>A')
    const place = midBarPlace(text, from, text.indexOf('|'), 3)
    expect(place).toEqual({ start: text.indexOf('{g}'), end: text.indexOf('{g}'), existing: null })
  })

  it('replaces a chord symbol already there, and passes a quoted string with spaces whole', () => {
    const text = '"G"GABc "D 7"d2 "Am"e2|'
    expect(midBarPlace(text, 0, text.length, 4)).toEqual({ start: 8, end: 13, existing: 'D 7' })
    // Quoted strings do not count as notes: the 5th note is `e`.
    expect(midBarPlace(text, 0, text.length, 5)).toEqual({ start: 16, end: 20, existing: 'Am' })
  })

  it('is left out where the musician wrote no space before the note', () => {
    const text = 'G>AB2 c2 d2|'
    expect(midBarPlace(text, 0, text.length, 2)).toBeNull()
    expect(midBarPlace(text, 0, text.length, 9)).toBeNull()
  })
})
