/**
 * The form analysis (src-main/model/form/analyse.ts) on real Nottingham tunes, read bar by bar by
 * hand: sections and their bar counts (pickups, short closing bars, first/second endings, a lone
 * pickup before `|:`, `::` between parts, `P:` lines), repeats, the last note against the tonic of
 * the key's mode, bars that repeat an earlier bar, field lines in the body, and the one-line
 * summary the composer shows.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { splitTunes } from '../../../../../src-shared/abc/split'
import { analyseForm, describeForm, keyTonic, lastKey } from '../../../../../src-main/model/form/analyse'

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../resources/corpus/nottingham')

function tunesOf(file: string): string[] {
  return splitTunes(readFileSync(path.join(CORPUS, file), 'latin1')).tunes.map((t) => t.text)
}

/** The tune numbered `x` (its `X:` field) in a corpus file. */
function tune(file: string, x: number): string {
  const found = tunesOf(file).find((t) => Number(/^X:\s*(\d+)/m.exec(t)?.[1]) === x)
  if (!found) throw new Error(`no X:${x} in ${file}`)
  return found
}

const header = (key: string, meter = '4/4', unit = '1/4'): string => `X:1\nT:Hand made\nM:${meter}\nL:${unit}\nK:${key}\n`

describe('sections of real tunes', () => {
  it('"The 29th of May": a repeated 4-bar A part, an 8-bar B part closed by a short bar; P: lines in the body', () => {
    const text = tune('reelsa-c.abc', 1)
    expect(text).toContain('T:The 29th of May')
    const form = analyseForm(text)
    expect(form.sections).toEqual([
      { bars: 4, repeated: true, endings: false },
      { bars: 8, repeated: false, endings: false },
    ])
    expect(form.lastNote).toBe('D')
    expect(form.tonic).toEqual({ letter: 'D', major: true })
    expect(form.endsOnTonic).toBe(true)
    // 12 bars as written, none equal to an earlier one (bar 7 of B, "aB cB/2c/2", differs from bar 3 of A, "gB cB/2c/2").
    expect(form.bars).toBe(12)
    expect(form.repeatedBars).toBe(0)
    expect(form.bodyFields).toEqual({ P: 2 })
    expect(describeForm(form)).toBe('AAB, 4+8 bars, ends on D')
  })

  it('"Champion Jig": `|:B|` pickup inside the repeat, first/second endings as one 8-bar part; K:Em ending on G', () => {
    const form = analyseForm(tune('jigs.abc', 43))
    expect(form.sections).toEqual([
      { bars: 8, repeated: true, endings: true },
      { bars: 8, repeated: true, endings: false },
    ])
    expect(form.tonic).toEqual({ letter: 'E', major: false })
    expect(form.lastNote).toBe('G')
    expect(form.endsOnTonic).toBe(false)
    expect(form.bodyFields).toEqual({ P: 2 })
    expect(describeForm(form)).toBe('AABB, 8+8 bars, ends on G, not the tonic E')
  })

  it('"Danse De Chez Nous": a lone pickup before `|:` is no section of its own', () => {
    const text = tune('jigs.abc', 66)
    expect(text).toMatch(/^E\|:/m)
    const form = analyseForm(text)
    expect(form.sections).toEqual([
      { bars: 8, repeated: true, endings: true },
      { bars: 8, repeated: true, endings: true },
    ])
    expect(form.endsOnTonic).toBe(true)
    expect(describeForm(form)).toBe('AABB, 8+8 bars, ends on A')
  })

  it('"Avon Jig": `::` closes the A part and opens the B part, whose pickup follows it; K:Em ends on E', () => {
    const text = tune('jigs.abc', 10)
    expect(text).toContain('::\nD|')
    const form = analyseForm(text)
    expect(form.sections).toEqual([
      { bars: 8, repeated: true, endings: false },
      { bars: 8, repeated: true, endings: false },
    ])
    expect(form.tonic).toEqual({ letter: 'E', major: false })
    expect(form.lastNote).toBe('E')
    expect(form.endsOnTonic).toBe(true)
    expect(form.bodyFields).toEqual({})
  })

  it('"April Waltz": pickup, `[1 … :|` over a continued line, `[2 … ||`, then an unrepeated 16-bar B part', () => {
    const form = analyseForm(tune('waltzes.abc', 2))
    expect(form.sections).toEqual([
      { bars: 8, repeated: true, endings: true },
      { bars: 16, repeated: false, endings: false },
    ])
    expect(describeForm(form)).toBe('AAB, 8+16 bars, ends on G')
  })

  it('"A and D": the key changes with the B part (K:A, then K:D), so the tune ends on the tonic of the last key', () => {
    const text = tune('jigs.abc', 1)
    const form = analyseForm(text)
    expect(lastKey(text)).toBe('D')
    expect(form.tonic.letter).toBe('D')
    expect(form.lastNote).toBe('D')
    expect(form.endsOnTonic).toBe(true)
    // The M:6/8 after the header's K:A is in the body too.
    expect(form.bodyFields).toEqual({ M: 1, P: 2, K: 1 })
    expect(form.sections.map((s) => s.bars)).toEqual([8, 8])
    expect(form.sections.every((s) => s.endings && s.repeated)).toBe(true)
  })

  it('over the whole Nottingham corpus, most sections are 8 or 16 bars and most tunes end on the tonic, major and minor alike', () => {
    let sections = 0
    let planned = 0
    const tonic = { major: { tunes: 0, onTonic: 0 }, other: { tunes: 0, onTonic: 0 } }
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.abc'))) {
      for (const text of tunesOf(file)) {
        const form = analyseForm(text)
        sections += form.sections.length
        planned += form.sections.filter((s) => s.bars === 8 || s.bars === 16).length
        const group = form.tonic.major ? tonic.major : tonic.other
        group.tunes++
        if (form.endsOnTonic) group.onTonic++
      }
    }
    // The measure on the held-out tunes: 85 % of sections, 86 % of major tunes on the tonic.
    expect(planned / sections).toBeGreaterThan(0.8)
    expect(tonic.major.onTonic / tonic.major.tunes).toBeGreaterThan(0.8)
    expect(tonic.other.tunes).toBeGreaterThan(50)
    expect(tonic.other.onTonic / tonic.other.tunes).toBeGreaterThan(0.75)
  })
})

describe('sections of hand-made tunes', () => {
  it('a P: line closes a section even after a plain bar line', () => {
    const text = `${header('G')}P:A\n${'GABc|'.repeat(8)}\nP:B\n${'dcBA|'.repeat(7)}G4|]`
    const form = analyseForm(text)
    expect(form.sections.map((s) => s.bars)).toEqual([8, 8])
    expect(form.bodyFields).toEqual({ P: 2 })
  })

  it('`:||:` between two repeated parts, and a last part with no closing bar line', () => {
    const repeated = analyseForm(`${header('G')}|:${'GABc|'.repeat(7)}G4:||:${'dcBA|'.repeat(7)}G4:|`)
    expect(repeated.sections).toEqual([
      { bars: 8, repeated: true, endings: false },
      { bars: 8, repeated: true, endings: false },
    ])
    const open = analyseForm(`${header('G')}${'GABc|'.repeat(7)}G4||${'dcBA|'.repeat(7)}G4`)
    expect(open.sections.map((s) => s.bars)).toEqual([8, 8])
    expect(describeForm(open)).toBe('AB, 8+8 bars, ends on G')
  })

  it('a multi-measure rest counts its bars; under a free meter every bar counts one', () => {
    expect(analyseForm(`${header('G')}Z4|GABc|GABc|GABc|G4|]`).sections.map((s) => s.bars)).toEqual([8])
    expect(analyseForm(`${header('G', 'none')}GAB|GABcd|G|]`).sections.map((s) => s.bars)).toEqual([3])
  })
})

describe('the tonic of a key with its mode', () => {
  it.each([
    ['G', 'G', true],
    ['Dmix', 'D', false],
    ['D mix', 'D', false],
    ['DMix', 'D', false],
    ['Ador', 'A', false],
    ['Em', 'E', false],
    ['F#m', 'F', false],
    ['Bb', 'B', true],
    ['Gmaj', 'G', true],
    ['C ionian', 'C', true],
    ['E phrygian', 'E', false],
  ] as const)('K:%s → %s (major: %s)', (key, letter, major) => {
    expect(keyTonic(key)).toEqual({ letter, major })
  })

  it.each(['none', 'HP', 'Hp', ''])('K:%s has no tonic', (key) => {
    expect(keyTonic(key).letter).toBeNull()
  })

  it('a clef after the key is no mode: K:G clef=bass is G major', () => {
    expect(keyTonic('G clef=bass')).toEqual({ letter: 'G', major: true })
  })

  it('reads the last key in force: a K: line or an inline [K:…], comments left out', () => {
    expect(lastKey('X:1\nK:G % the key\nGABc|\n')).toBe('G')
    expect(lastKey('X:1\nK:G\nGABc|[K:Em] EFGA|\n')).toBe('Em')
    expect(lastKey('X:1\nK:G\nGABc|\nK:Ador\nABcd|\n')).toBe('Ador')
    expect(lastKey('X:1\nT:no key\n')).toBeNull()
  })
})

describe('last note and tonic in hand-made tunes', () => {
  it.each([
    ['Dmix', 'DEFG|A2d2|]', 'D', true],
    ['Ador', 'ABcd|e2A2|]', 'A', true],
    ['Ador', 'ABcd|e2G2|]', 'G', false],
    ['Em', 'EFGA|B2e2|]', 'E', true],
    ['Em', 'EFGA|B2G2|]', 'G', false],
  ] as const)('K:%s, %s → last note %s, on the tonic: %s', (key, body, last, onTonic) => {
    const form = analyseForm(header(key) + body)
    expect(form.lastNote).toBe(last)
    expect(form.endsOnTonic).toBe(onTonic)
    expect(form.tonic.major).toBe(false)
  })

  it('K:none: no tonic, so no ending is on it and the summary names the last note only', () => {
    const form = analyseForm(header('none') + 'GABc|dBAD|]')
    expect(form.tonic.letter).toBeNull()
    expect(form.lastNote).toBe('D')
    expect(form.endsOnTonic).toBe(false)
    expect(describeForm(form)).toBe('A, 2 bars, ends on D')
  })

  it.each([
    ['a closing chord: its first note', 'GABc|dBAG|[GBd]2 z2|]', 'G'],
    ['a trailing rest is no note', 'GABc|dBG2 z2|]', 'G'],
    ['chord symbols, decorations and grace notes are not notes', 'GABc|dBA!fermata!{ag}G"A7"|]', 'G'],
    ['a comment after the last bar line', 'GABc|dBAG|] % ends on A', 'G'],
    ['a lyrics line after the music', 'GABc|dBAG|]\nw:la la la la la la la la\n', 'G'],
    ['an inline key change', 'GABc|[K:Em]dBAE|]', 'E'],
  ])('%s', (_what, body, last) => {
    const form = analyseForm(header('G') + body)
    expect(form.lastNote).toBe(last)
    expect(form.endsOnTonic).toBe(last === form.tonic.letter)
  })
})

describe('repeated bars', () => {
  it('counts bars equal to an earlier bar by their notes and lengths, not chord symbols or spacing', () => {
    // Bar 3 is bar 1 with other chords and spaces; bar 4 repeats bar 2; bars 5 and 6 differ in lengths.
    const form = analyseForm(header('G') + '"G"GABc|"D"dcBA|"C"G A B c|dcBA|G2AB|GGAB|]')
    expect(form.bars).toBe(6)
    expect(form.repeatedBars).toBe(2)
  })

  it('a bar repeated three times counts twice; nothing repeated counts nothing', () => {
    expect(analyseForm(header('G') + 'GABc|GABc|GABc|d4|]').repeatedBars).toBe(2)
    expect(analyseForm(header('G') + 'GABc|dcBA|G4|]').repeatedBars).toBe(0)
  })
})

describe('describeForm', () => {
  it('a header alone has no complete bars', () => {
    expect(describeForm(analyseForm(header('G')))).toBe('no complete bars')
  })

  it('one bar is "1 bar"; unrepeated parts are one letter each', () => {
    expect(describeForm(analyseForm(header('G') + 'GABc|]'))).toBe('A, 1 bar, ends on C, not the tonic G')
    const two = `${header('G')}${'GABc|'.repeat(7)}G4||\n${'dcBA|'.repeat(7)}G4|]`
    expect(describeForm(analyseForm(two))).toBe('AB, 8+8 bars, ends on G')
  })
})
