/** checkTune / checkAbc: real abcjs parsing plus the bar check, on hand-made and Nottingham tunes. */
import abcjs from 'abcjs'
import { describe, expect, it } from 'vitest'
import { checkAbc, checkTune } from '../../../../src-shared/abc/check'
import { checkBars } from '../../../../src-shared/abc/bar-check'
import { cleanForTraining } from '../../../../src-shared/abc/clean'
import { warningToDiagnostic } from '../../../../src-shared/abc/abcjs-diagnostics'
import { createAbcService } from '../../../../src-main/services/abc-service'
import { corpusTune, corpusTunes, tune } from './helpers'

/** What abcjs's parse output says each bar lasts (whole notes), triplets applied. */
function abcjsBarLengths(text: string): number[] {
  interface Timed { el_type: string; duration?: number; startTriplet?: number; tripletMultiplier?: number; endTriplet?: boolean }
  const bars: number[] = []
  let current = 0
  let hasNotes = false
  let multiplier = 1
  for (const line of abcjs.parseOnly(text)[0].lines) {
    const voice = line.staff?.[0]?.voices?.[0] as unknown as Timed[] | undefined
    for (const el of voice ?? []) {
      if (el.el_type === 'note') {
        if (el.startTriplet) multiplier = el.tripletMultiplier ?? 1
        current += (el.duration ?? 0) * multiplier
        if (el.endTriplet) multiplier = 1
        hasNotes = true
      } else if (el.el_type === 'bar') {
        if (hasNotes) bars.push(current)
        current = 0
        hasNotes = false
      }
    }
  }
  if (hasNotes) bars.push(current)
  return bars
}

describe('checkTune', () => {
  it('turns abcjs warnings into plain-text diagnostics at the right line and column', () => {
    const result = checkTune(tune('abcd efga|ab#c defga|', { M: '4/4', L: '1/8' }))
    expect(result.diagnostics).toEqual([
      { line: 6, column: 13, endColumn: 14, severity: 'error', source: 'abcjs', message: 'Unknown character ignored: "#"' },
    ])
    expect(result.bars).toEqual({ checked: 2, wrong: 0 })
  })

  it('strips markup and decodes entities from any abcjs warning', () => {
    const d = warningToDiagnostic('Music Line:3:2: Unknown character ignored:  a<span style="x">&lt;</span>b')
    expect(d).toEqual({ line: 3, column: 2, endColumn: 3, severity: 'error', source: 'abcjs', message: 'Unknown character ignored: "<"' })
    expect(warningToDiagnostic('<b>odd</b> &amp; unexpected').message).toBe('odd & unexpected')
  })

  it('merges a run of the same complaint into one span', () => {
    const result = checkTune(tune('abcd|!trill abcd|', { M: '2/4', L: '1/8' }))
    const abcjsOnes = result.diagnostics.filter((d) => d.source === 'abcjs')
    expect(abcjsOnes).toHaveLength(1)
    expect(abcjsOnes[0].endColumn! - abcjsOnes[0].column).toBeGreaterThan(1)
    expect(abcjsOnes[0].message).not.toMatch(/[<>]/)
  })

  it('puts bar diagnostics and abcjs diagnostics in one list, in text order', () => {
    const result = checkTune(tune('abc def|abc de|ab#c def|', { M: '6/8', L: '1/8' }))
    expect(result.diagnostics.map((d) => [d.source, d.column])).toEqual([['bars', 9], ['abcjs', 18]])
    expect(result.bars).toEqual({ checked: 3, wrong: 1 })
  })

  it('never throws on bad input, and says what it could not read', () => {
    const junk = [
      '', 'X:1\nK:G\n', 'X:1\nM:0/0\nL:1/0\nK:Zzz\n[[[((((|||', 'A99999999999999/99999999999999|'.repeat(20),
      'X:1\nM:4/4\nK:G\n' + '(9'.repeat(50) + 'a/3'.repeat(400) + '|', '\u0000\uffff"!{[', 'X:1\nM:6/8\nK:G\n[1[2[3|:::||]]]',
    ]
    for (const text of junk) {
      const result = checkTune(text)
      expect(Array.isArray(result.diagnostics)).toBe(true)
      for (const d of result.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1)
    }
  })

  it('flags the non-standard Y: line of a Nottingham tune (abcjs reads it as music), and cleanForTraining removes it', () => {
    const lineOf = (text: string, field: string): number => text.split('\n').findIndex((l) => l.startsWith(field)) + 1
    const raw = corpusTune('jigs.abc', 55)
    const yLine = lineOf(raw!.text, 'Y:')
    const before = checkTune(raw!.text)
    expect(before.diagnostics.some((d) => d.source === 'abcjs' && d.line === yLine)).toBe(true)
    const after = checkTune(cleanForTraining(raw!.text))
    expect(after.diagnostics.filter((d) => d.source === 'abcjs')).toEqual([])
    expect(after.bars).toEqual(before.bars)
  })

  it('finds the wrong bar of a real tune, where abcjs sees nothing wrong', () => {
    // hpps.abc X:25 has a bar of 31/32 in 4/4 (bar 42); abc2midi finds it too.
    const result = checkTune(cleanForTraining(corpusTune('hpps.abc', 25).text))
    expect(result.diagnostics.filter((d) => d.source === 'abcjs')).toEqual([])
    expect(result.diagnostics.filter((d) => d.source === 'bars').map((d) => d.message)).toEqual(['bar 42 has 31/32, the meter 4/4 asks for 4/4'])
  })
})

describe('checkTune agrees with abcjs on the Nottingham tunes', () => {
  it('measures every bar as abcjs does, but for two malformed tunes and a mid-bar ending', () => {
    const disagree: string[] = []
    let compared = 0
    for (const raw of corpusTunes()) {
      const text = cleanForTraining(raw.text)
      const mine = checkBars(text).bars.map((b) => b.bar.length.n / b.bar.length.d)
      const theirs = abcjsBarLengths(text)
      compared++
      const same = mine.length === theirs.length && mine.every((x, i) => Math.abs(x - theirs[i]) < 1e-9)
      if (!same) disagree.push(`${raw.file} X:${raw.xNumber}`)
    }
    expect(compared).toBe(1034)
    // jigs X:153 leaves a chord open (`[e2c2(3A/2B/2c/2|`), reelsd-g X:1 writes chords `[+GB]`;
    // jigs X:81 starts an ending mid-bar (`BAG [1 A3:|[2 AAB||`), where abcjs draws a bar line and
    // we let the endings share the bar's start (two 6/8 bars instead of three 3/8 ones).
    expect(disagree).toEqual(['jigs.abc X:81', 'jigs.abc X:153', 'reelsd-g.abc X:1'])
  })

  it('finds no wrong bar in a tune abcjs parses cleanly and whose every bar abcjs measures at the meter', () => {
    let tunes = 0
    for (const raw of corpusTunes()) {
      const text = cleanForTraining(raw.text)
      const parsed = abcjs.parseOnly(text)[0]
      if (parsed.warnings?.length) continue
      const meter = parsed.getBarLength()
      const lengths = abcjsBarLengths(text)
      if (/\nM:/.test(text.slice(text.indexOf('\nK:') + 1)) || !lengths.every((l) => Math.abs(l - meter) < 1e-9)) continue
      tunes++
      expect(checkTune(text).bars.wrong, `${raw.file} X:${raw.xNumber}`).toBe(0)
    }
    expect(tunes).toBeGreaterThan(100)
  })
})

describe('checkAbc and the abc service', () => {
  it('checks every tune of a file, with lines relative to the file', () => {
    const file = ['% a file header', '', tune('abc def|ab#c def|', { M: '6/8', L: '1/8' }), '', '', tune('abc def|abc de|abc def|', { M: '6/8', L: '1/8' })].join('\n')
    const result = checkAbc(file)
    expect(result.diagnostics.map((d) => [d.source, d.line, d.column])).toEqual([['abcjs', 8, 11], ['bars', 16, 9]])
    expect(result.bars).toEqual({ checked: 5, wrong: 1 })
  })

  it('checks text without an X: line as one tune', () => {
    expect(checkAbc('M:6/8\nL:1/8\nK:G\nabc def|ab def|abc def|').bars).toEqual({ checked: 3, wrong: 1 })
    expect(checkAbc('  \n')).toEqual({ diagnostics: [], bars: { checked: 0, wrong: 0 } })
  })

  it('serves abc.check', async () => {
    const service = createAbcService()
    const result = await service.check({ abc: corpusTune('hpps.abc', 25).text })
    expect(result.bars.wrong).toBe(1)
  })

  it('serves abc.check with generatedFrom: fields the model wrote are reported, the musician\'s are not', async () => {
    const service = createAbcService()
    const prompt = tune('|:abc def|abc def:|\n', { M: '6/8', L: '1/8' })
    const abc = `${prompt}L:1/4\nabc|`
    const generated = await service.check({ abc, generatedFrom: prompt.length })
    expect(generated.diagnostics.filter((d) => d.source === 'fields')).toHaveLength(1)
    expect((await service.check({ abc })).diagnostics.filter((d) => d.source === 'fields')).toEqual([])
  })
})
