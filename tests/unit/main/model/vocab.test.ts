import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Vocab, describeReport } from '../../../../src-main/model/vocab'

const corpusDir = path.resolve(__dirname, '../../../../resources/corpus/nottingham')
const nottingham = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.abc'))
  .sort()
  .map((f) => readFileSync(path.join(corpusDir, f), 'utf8'))

describe('Vocab', () => {
  it('is the sorted set of the corpus characters (88 for Nottingham)', () => {
    const vocab = Vocab.fromTexts(nottingham)
    expect(vocab.size).toBe(88)
    expect(vocab.chars[0]).toBe('\n')
    expect(vocab.chars[1]).toBe(' ')
    const codes = vocab.chars.map((c) => c.codePointAt(0)!)
    expect(codes).toEqual([...codes].sort((a, b) => a - b))
    for (const ch of '{}<>@;\t') expect(vocab.has(ch)).toBe(false)
  })

  it('encodes and decodes round trip, and survives its JSON', () => {
    const vocab = Vocab.fromTexts(['abc |:GABc|\n'])
    const again = Vocab.fromJson(JSON.stringify(vocab.toJson()))
    const text = 'cab |:GA|\n'
    const ids = again.encodeStrict(text)
    expect([...ids]).toEqual([...text].map((c) => vocab.chars.indexOf(c)))
    expect(again.decode(ids)).toBe(text)
    expect(vocab.toJson().char_to_idx['|']).toBe(vocab.chars.indexOf('|'))
  })

  it('maps tab, strips diacritics, drops CR and unknown characters, and reports each', () => {
    const vocab = Vocab.fromTexts(nottingham)
    const { text, report } = vocab.conform('T:Caf\u00e9 \u00e9t\u00e9\r\nK:G\tabc {g}A<B @;')
    expect(text).toBe('T:Cafe ete\nK:G abc gAB ')
    expect(report.clean).toBe(false)
    expect(report.mapped).toEqual(
      expect.arrayContaining([
        { from: '\u00e9', to: 'e', count: 3 },
        { from: '\t', to: ' ', count: 1 },
      ]),
    )
    const dropped = Object.fromEntries(report.dropped.map((d) => [d.from, d.count]))
    expect(dropped).toEqual({ '\r': 1, '{': 1, '}': 1, '<': 1, '@': 1, ';': 1 })
    expect(describeReport(report)).toContain("'é'→'e' ×3")
    expect(describeReport(vocab.conform('abc').report)).toBe('no characters changed')
  })

  it('never throws on odd text when encoding, but the strict encoder names the character', () => {
    const vocab = Vocab.fromTexts(nottingham)
    const { ids, report } = vocab.encode('a\u{1F3B5}\u4e2db')
    expect(vocab.decode(ids)).toBe('ab')
    expect(report.dropped.map((d) => d.from)).toEqual(['\u{1F3B5}', '\u4e2d'])
    expect(() => vocab.encodeStrict('a{b')).toThrow(/'\{' is not in the model's vocabulary/)
    expect(() => vocab.decode([999])).toThrow(/outside the vocabulary/)
  })

  it('rejects files that are not vocabularies with a clear message', () => {
    expect(() => Vocab.fromJson('nope')).toThrow(/not valid JSON/)
    expect(() => Vocab.fromJson({ idx_to_char: ['a', 'a'] })).toThrow(/repeats/)
    expect(() => Vocab.fromJson({})).toThrow(/idx_to_char/)
  })
})
