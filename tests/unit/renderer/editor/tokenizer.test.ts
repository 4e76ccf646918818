/** The ABC highlighter's tokenizer on real corpus text and on every construct it names. */
import { describe, expect, it } from 'vitest'
import { tokenizeAbc, type AbcToken } from '../../../../src-renderer/src/editor/abc-tokenizer'
import { corpusTunes } from '../../main/model/sampling/helpers'

const typesOf = (line: string): [string, AbcToken | null][] =>
  tokenizeAbc(`X:1\nK:G\n${line}`)[2].filter((s) => s.type !== null).map((s) => [s.text, s.type])

describe('ABC tokenizer', () => {
  it('marks header fields and their values, and comments after them', () => {
    const [x, t] = tokenizeAbc('X:12\nT:The Boar % trad')
    expect(x).toEqual([{ text: 'X:', type: 'keyword' }, { text: '12', type: 'meta' }])
    expect(t.map((s) => s.type)).toEqual(['keyword', 'meta', 'comment'])
  })

  it('splits notes, accidentals, lengths, bar lines, repeats and endings', () => {
    expect(typesOf('|:^f2 _B/2 =c3/2 z2|1 d:|2 e|]')).toEqual([
      ['|:', 'operator'],
      ['^', 'atom'],
      ['f', 'variableName'],
      ['2', 'number'],
      ['_', 'atom'],
      ['B', 'variableName'],
      ['/2', 'number'],
      ['=', 'atom'],
      ['c', 'variableName'],
      ['3/2', 'number'],
      ['z', 'null'],
      ['2', 'number'],
      ['|1', 'operator'],
      ['d', 'variableName'],
      [':|2', 'operator'],
      ['e', 'variableName'],
      ['|]', 'operator'],
    ])
  })

  it('marks chord symbols, decorations, inline fields, tuplets and octave marks', () => {
    expect(typesOf('"Am"!trill!c ~G [K:D] (3ABc C,, c\'')).toEqual([
      ['"Am"', 'string'],
      ['!trill!', 'attributeName'],
      ['c', 'variableName'],
      ['~', 'attributeName'],
      ['G', 'variableName'],
      ['[K:D]', 'meta'],
      ['(3', 'number'],
      ['A', 'variableName'],
      ['B', 'variableName'],
      ['c', 'variableName'],
      ['C,,', 'variableName'],
      ["c'", 'variableName'],
    ])
  })

  it('marks a stray character as invalid and a trailing comment as a comment', () => {
    expect(typesOf('ab # cd % later')).toEqual([
      ['a', 'variableName'],
      ['b', 'variableName'],
      ['#', 'invalid'],
      ['c', 'variableName'],
      ['d', 'variableName'],
      ['% later', 'comment'],
    ])
  })

  it('covers every character of the real corpus, with no invalid token in its jigs', () => {
    const tunes = corpusTunes('jigs.abc')
    let invalid = 0
    for (const tune of tunes) {
      const lines = tokenizeAbc(tune)
      // Tokens are contiguous: joined, they give back each line.
      lines.forEach((spans, i) => expect(spans.map((s) => s.text).join('')).toBe(tune.split('\n')[i]))
      invalid += lines.flat().filter((s) => s.type === 'invalid').length
    }
    expect(tunes.length).toBeGreaterThan(300)
    expect(invalid).toBe(0)
  })
})
