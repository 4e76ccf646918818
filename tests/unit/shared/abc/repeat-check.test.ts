/**
 * Bars as played, repeat pairing and fields the model wrote: each rule with a tune that passes
 * and one that fails. The tunes are short 6/8 bodies (L:1/8: `abc def` is a whole bar, `f` a
 * pickup); every failing case here is one abc2midi also reports (checked in the agreement test).
 */
import { describe, expect, it } from 'vitest'
import { checkBars } from '../../../../src-shared/abc/bar-check'
import { checkTune } from '../../../../src-shared/abc/check'
import { barSigns } from '../../../../src-shared/abc/repeat-check'
import { tune } from './helpers'

const h = { M: '6/8', L: '1/8' }
const wrongBars = (body: string): string[] => checkBars(tune(body, h)).diagnostics.map((d) => d.message)
const repeats = (body: string): string[] => checkBars(tune(body, h)).repeats.map((d) => d.message)

describe('bars as played', () => {
  const cases: { rule: string; good: string; bad: string }[] = [
    { rule: 'the bar before :| makes a bar with the pickup the repeat goes back to', good: 'f|abc def|abc de:|', bad: 'f|abc def|abc d:|' },
    { rule: 'a pickup before |: is not played again', good: '|:f|abc def|abc de:|', bad: 'f|:abc def|abc de:|' },
    { rule: 'a short bar before || runs on into the next part\'s pickup', good: 'abc def|abc de||f|abc def|', bad: 'abc def|abc def||f|abc def|' },
    { rule: '|] and [| end a section too', good: 'abc def|abc de|]f|abc def|', bad: 'abc def|abc de[|abc def|abc def|' },
    { rule: ':: ends one repeat and starts the next', good: 'f|abc def|abc de::f|abc def|abc de:|', bad: 'f|abc def|abc de::abc def|abc def:|' },
    { rule: 'first and second endings, each with its pass', good: 'f|abc def|[1abc de:|[2abc def|]', bad: 'f|abc def|[1abc def:|[2abc def|]' },
    { rule: ':|| is :| then a plain |', good: 'f|abc def|abc de:|]', bad: 'f|abc def|abc de:||abc def|' },
    { rule: 'the last bar may be short after a section end, not after a plain |', good: 'abc def|abc|]', bad: 'abc def|abc|' },
    { rule: 'a P: line ends a section', good: 'abc def|abc de|\nP:B\nf|abc def|', bad: 'abc def|abc de|\nabc def|abc def|' },
  ]
  for (const c of cases) {
    it(`${c.rule}: passes`, () => expect(wrongBars(c.good)).toEqual([]))
    it(`${c.rule}: fails`, () => expect(wrongBars(c.bad)).toHaveLength(1))
  }

  it('names the short bar before the repeat and what it makes with the bar played after it', () => {
    expect(wrongBars('f|abc def|abc d:|')).toEqual(['bar 3 has 4/8 before :|, and with bar 1, played after it, makes 5/8: the meter 6/8 asks for 6/8'])
  })

  it('reads bar lines sign by sign, as abc2midi does', () => {
    expect(barSigns(':||')).toEqual([':|', '|'])
    expect(barSigns('|:|||:')).toEqual(['|:', '||', '|:'])
    expect(barSigns(':|:')).toEqual([':|', '|:'])
    expect(barSigns('::')).toEqual(['::'])
    expect(barSigns('|]')).toEqual(['|]'])
  })
})

describe('repeat pairing', () => {
  it('accepts |: :|, a :| that repeats from the start or from the previous :|, and endings after their repeat', () => {
    expect(repeats('|:abc def:|')).toEqual([])
    expect(repeats('abc def:|abc def:|')).toEqual([])
    expect(repeats('|:abc def|[1abc def:|[2abc def|]')).toEqual([])
    expect(repeats('abc def|[1abc def:|[2abc def||abc def|[1abc def:|[2abc def|]')).toEqual([])
  })

  it('finds a |: never closed', () => {
    expect(repeats('|:abc def|abc def|]')).toEqual(['the repeat opened before bar 1 (|:) is never closed with :|'])
  })

  it('finds a |: followed by another |: before any :|, also across an empty section', () => {
    expect(repeats('|:abc def|\n|:abc def:|')).toHaveLength(1)
    expect(repeats('|: || |:abc def:|')).toHaveLength(1)
  })

  it('finds a second ending with no first, and a first ending after its repeat was closed', () => {
    expect(repeats('|:abc def:|[2abc def|]')).toEqual(['bar 2 starts ending 2 with no first ending [1 before the :| it follows'])
    expect(repeats('|:abc def:|[1abc def|]')).toHaveLength(1)
  })
})

describe('fields the model wrote', () => {
  const prompt = tune('|:abc def|abc def|\n', h)
  const fields = (continuation: string, p = prompt): string[] =>
    checkTune(p + continuation, { generatedFrom: p.length }).diagnostics.filter((d) => d.source === 'fields').map((d) => d.message)

  it('reports an M: line, an inline [L:], a K: line and a new X: written by the model', () => {
    expect(fields('abc def:|\nM:9/8\nabc def abc|')).toEqual(["the continuation writes M:9/8, which changes the tune's meter; the part you wrote has no M: field in its body"])
    expect(fields('abc [L:1/4]def:|')).toHaveLength(1)
    expect(fields('abc def:|\nK:D\nabc def|')).toHaveLength(1)
    expect(fields('abc def:|\n\nX:2\nT:Next\nK:G\nabc|')).toContain('the continuation writes X:2, which starts another tune')
  })

  it('accepts music only, and a field the musician\'s own part already uses in its body', () => {
    expect(fields('abc def:|\n')).toEqual([])
    const withParts = tune('P:A\n|:abc def|abc def:|\n', h)
    expect(fields('P:B\n|:abc def|abc def:|', withParts)).toEqual([])
  })

  it('says nothing about fields when the whole text is the musician\'s', () => {
    expect(checkTune(prompt + 'M:9/8\nabc def abc|').diagnostics.filter((d) => d.source === 'fields')).toEqual([])
  })
})
