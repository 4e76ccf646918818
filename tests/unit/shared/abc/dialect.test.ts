/**
 * The dialect mapping (abc/dialect.ts) against abcjs's own note durations: the model's view of a
 * tune must last exactly what the musician wrote, on hand-made prompts and on every corpus tune
 * rewritten into the `>`/grace-note dialect, and the rewrite must map back to the original text.
 */
import abcjs from 'abcjs'
import { describe, expect, it } from 'vitest'
import { toBrokenDialect, toModelDialect, toPromptDialect } from '../../../../src-shared/abc/dialect'
import { variationRng } from '../../../../src-main/model/sampling/rng'
import { corpusTunes } from './helpers'

/** abcjs's durations (whole notes) of every note and rest, voice by voice, with rests marked. */
function durations(tune: string): string[] {
  const parsed = abcjs.parseOnly(tune)[0]
  const out: string[] = []
  for (const line of parsed?.lines ?? []) {
    for (const [s, staff] of (line.staff ?? []).entries()) {
      for (const [v, voice] of (staff.voices ?? []).entries()) {
        for (const el of voice) {
          if (el.el_type === 'note') out.push(`${s}.${v}:${el.rest ? 'z' : 'n'}${el.duration}`)
        }
      }
    }
  }
  return out
}

const head = 'X:1\nT:Test\nM:4/4\nL:1/8\nK:G\n'

describe('toModelDialect: hand-made prompts', () => {
  const cases: [string, string][] = [
    ['A>B', 'A3/2B/2'],
    ['A2>B2', 'A3B'],
    ['A<B', 'A/2B3/2'],
    ['A>>B', 'A7/4B/4'],
    ['A<<B', 'A/4B7/4'],
    ['A/>B/', 'A3/4B/4'],
    ['A>B>c', 'A3/2B3/4c/2'],
    ['[CE]>[DF]', '[CE]3/2[DF]/2'],
    ['[C2E2]>[DF]', '[C2E2]3/2[DF]/2'],
    ['^a,>_b\'', "^a,3/2_b'/2"],
    ['A->A', 'A3/2-A/2'],
    ['z>A', 'z3/2A/2'],
    ['"G"A>"D"B', '"G"A3/2"D"B/2'],
    ['(3A>Bc', '(3A3/2B/2c'],
    ['{g}A>{gag}B', 'A3/2B/2'],
    ['!trill!A>!roll!B +fermata+c', 'A3/2B/2 c'],
    ['A>B [K:D] c<d', 'A3/2B/2 [K:D] c/2d3/2'],
    ['A>B % a comment with > and {}\n', 'A3/2B/2 % a comment with > and {}\n'],
    ['A>B|\r\nc<d|\r\n', 'A3/2B/2|\nc/2d3/2|\n'],
  ]
  it.each(cases)('%j is %j for the model', (written, model) => {
    expect(toModelDialect(head + written).text).toBe(head + model)
  })

  it.each(cases)('%j lasts exactly what abcjs reads', (written) => {
    expect(durations(toModelDialect(head + written).text)).toEqual(durations(head + written))
  })

  it('says in words what it mapped, hid and could not map', () => {
    const view = toModelDialect(`${head}{g}A>B !trill!c<d|\nP:B\n>e f>\nK:D\nA><B A>>>>B|`)
    expect(view.report).toMatchObject({ brokenRhythms: 2, graceNotes: 1, decorations: 1 })
    expect(view.report.unmapped).toEqual([
      "'>' at line 8, column 1 has no note before it: the model reads the notes without it",
      "'>' at line 8, column 5 has no note after it: the model reads the notes without it",
      "'><' at line 10, column 2 mixes > and <: the model reads the notes without it",
      "'>>>>' at line 10, column 7 is longer than >>>: the model reads the notes without it",
    ])
    expect(view.report.summary).toMatch(/^2 broken rhythms \(> <\) given to the model as dotted lengths; 1 grace-note group and 1 decoration hidden/)
    expect(view.report.summary).toContain("not mapped: '>' at line 8, column 1")
    expect(toModelDialect(head + 'ABc|').report).toMatchObject({ asWritten: true, summary: 'the model reads the text as written' })
  })

  it('keeps an offset map from the model text to the user text', () => {
    const user = `${head}{g}A>B !trill!^c2<d|\r\n`
    const view = toModelDialect(user)
    expect(view.offsets).toHaveLength(view.text.length + 1)
    expect(view.offsets[view.text.length]).toBe(user.length)
    for (let i = 0; i < view.text.length; i++) {
      const at = view.offsets[i]
      // Copied characters point at themselves; a rewritten length points at the suffix it replaces.
      if (user[at] !== view.text[i]) expect(/[\d/]/.test(view.text[i]) || user[at] === '<' || user[at] === '>' || user[at] === '|').toBe(true)
      if (i > 0) expect(at).toBeGreaterThanOrEqual(view.offsets[i - 1])
    }
    expect(view.text.slice(view.text.indexOf('A'))).toBe('A3/2B/2 ^cd3/2|\n')
  })

  it('a > left open at the end waits for the first note of the continuation', () => {
    const view = toModelDialect(`${head}A>`)
    expect(view.text).toBe(`${head}A3/2`)
    expect(view.report.summary).toContain('waits for the first note the model writes')
    // The model writes B/2 after A3/2; after the musician's `A>` that note is written B.
    const continuation = toPromptDialect(view.text, 'B/2 c3/2d/2|', view.dialect)
    expect(continuation).toBe('B c>d|')
    expect(durations(`${head}A>${continuation}`)).toEqual(durations(view.text + 'B/2 c3/2d/2|'))
  })
})

describe('toPromptDialect: the continuation in the prompt\'s dialect', () => {
  const broken = toModelDialect(`${head}A>B c<d|`)
  const plain = toModelDialect(`${head}A3/2B/2 cd|`)

  it('writes dotted pairs with > and < when the prompt does, and leaves them when it does not', () => {
    const continuation = 'e3/2f/2 g/2a3/2 b7/4a/4 [ce]3/2[df]/2 e3/2 f/2 A3/2B/2c/2|'
    expect(toPromptDialect(broken.text, continuation, broken.dialect)).toBe('e>f g<a b>>a [ce]>[df] e3/2 f/2 A>Bc/2|')
    expect(toPromptDialect(plain.text, continuation, plain.dialect)).toBe(continuation)
  })

  it('keeps CRLF line ends and never rewrites the prompt', () => {
    const crlf = toModelDialect(`${head.replace(/\n/g, '\r\n')}A>B|\r\n`)
    expect(toPromptDialect(crlf.text, 'c3/2d/2|\nP:B\n', crlf.dialect)).toBe('c>d|\r\nP:B\r\n')
    // The prompt ends inside a note: the rest of that note is written as the model wrote it.
    const mid = toModelDialect(`${head}A>B c`)
    expect(toPromptDialect(mid.text, '3/2d/2|', mid.dialect)).toBe('3/2d/2|')
  })
})

describe('the corpus in the >/grace-note dialect', () => {
  const tunes = corpusTunes().map((t) => t.text)

  it('the model reads a corpus tune as written, decorations apart', () => {
    const changed = tunes.filter((t) => toModelDialect(t).text !== t)
    expect(changed.every((t) => /!|\+[^:]/.test(t))).toBe(true)
    expect(changed.length).toBeLessThan(5)
  })

  it('every tune rewritten lasts what abcjs reads of the original, and maps back to it exactly', () => {
    let rewritten = 0
    for (const tune of tunes) {
      const other = toBrokenDialect(tune)
      if (other !== tune) rewritten++
      expect(durations(other), tune).toEqual(durations(tune))
      expect(toModelDialect(other).text, tune).toBe(toModelDialect(tune).text)
    }
    // The rewrite is not idle: most tunes gain grace notes, many broken rhythm.
    expect(rewritten).toBeGreaterThan(tunes.length * 0.9)
    expect(tunes.map(toBrokenDialect).filter((t) => t.includes('>')).length).toBeGreaterThan(100)
  })

  it('cut anywhere, a >-dialect tune continued with the rest of its model text maps back to that text exactly', () => {
    const rng = variationRng(10, 0)
    let checked = 0
    for (let k = 0; k < 600; k++) {
      const tune = tunes[Math.floor(rng() * tunes.length)]
      const model = toModelDialect(tune).text
      const user = toBrokenDialect(tune)
      const cut = user.slice(0, Math.floor(rng() * (user.length + 1)))
      const view = toModelDialect(cut)
      expect(view.offsets).toHaveLength(view.text.length + 1)
      // Cut inside a grace group or decoration, the view still holds its first characters: not a prefix.
      if (!model.startsWith(view.text)) continue
      const continuation = toPromptDialect(view.text, model.slice(view.text.length), view.dialect)
      expect(toModelDialect(cut + continuation).text, cut).toBe(model)
      checked++
    }
    expect(checked).toBeGreaterThan(500)
  })
})
