import { describe, expect, it } from 'vitest'
import { sample, type SampleOptions } from '../../../../../src-main/model/sampling/sampler'
import { masksFor, meterMask } from '../../../../../src-main/model/sampling/masks'
import type { CharConstraint } from '../../../../../src-main/model/sampling/constraints'
import { biasedModel } from './helpers'
import { checkTune } from '../../../../../src-shared/abc/check'

const HEAD = 'X: 1\nT:Test\nM:4/4\nL:1/8\nK:C\n'
const base: SampleOptions = { n: 4, seed: 7, temperature: 1, topK: 0, topP: 1, maxLength: 400, stop: { bars: 12 } }

/**
 * Lengths in eighths of the interior bars of a body written with A, B (an eighth), A2/B2 (a
 * quarter) and bar lines: as in the corpus statistics, the first and last bar and bars next to a
 * double bar (where pickups and closing bars may be short) are not judged. An ending digit right
 * after a bar line (`|2`) is not a length.
 */
function interiorBarLengths(body: string): number[] {
  const parts = body.split(/(\|+)/)
  const lengths: number[] = []
  for (let i = 2; i + 2 < parts.length; i += 2) {
    if (parts[i - 1] !== '|' || parts[i + 1] !== '|') continue
    const bar = parts[i].replace(/^\d+/, '')
    lengths.push([...bar.matchAll(/[AB](2?)/g)].reduce((n, m) => n + (m[1] ? 2 : 1), 0))
  }
  return lengths
}

describe('metre-aware sampling', () => {
  // Writes notes and bar lines with no idea of the meter.
  const model = biasedModel({ A: 0, B: 0, '2': -0.7, '|': -1.2 })

  it('without the mask this model writes bars of the wrong length', () => {
    const r = sample(model, HEAD, base)
    const lengths = r.variations.flatMap((v) => interiorBarLengths(v.text))
    expect(lengths.length).toBeGreaterThan(20)
    expect(lengths.filter((n) => n !== 8).length).toBeGreaterThan(lengths.length / 2)
  })

  it('with the mask every bar is whole', () => {
    const r = sample(model, HEAD, { ...base, constraints: masksFor({ meterAware: true, stayInKey: false }) })
    const lengths = r.variations.flatMap((v) => interiorBarLengths(v.text))
    expect(lengths.length).toBeGreaterThan(20)
    expect(lengths.filter((n) => n !== 8)).toEqual([])
    for (const v of r.variations) {
      expect(v.stoppedBy).toBe('bars')
      expect(v.maskedSteps).toBeGreaterThan(0)
      expect(v.maskFallbacks).toBe(0)
    }
  })

  it('when every top-k/top-p candidate is masked, the draw widens to the whole distribution', () => {
    // With top-k 1 this model's only candidate is "2": after "A2", "A22" would overflow the bar.
    const stuck = biasedModel({ '2': 0 })
    const r = sample(stuck, HEAD + 'A', { ...base, n: 1, topK: 1, maxLength: 10, constraints: masksFor({ meterAware: true, stayInKey: false }) })
    const v = r.variations[0]
    expect(v.text[0]).toBe('2')
    expect(v.text[1]).not.toBe('2')
    expect(v.maskWidened).toBeGreaterThan(0)
    expect(v.maskFallbacks).toBe(0)
  })

  it('when nothing at all satisfies the constraints it uses the unmasked distribution and counts it', () => {
    // A constraint no character satisfies (the metre tracker always lets non-music through, so
    // only a constraint like this one reaches the last resort).
    const nothing: CharConstraint = { allows: () => false, push: () => undefined, clone: () => nothing }
    const stuck = biasedModel({ '2': 0 })
    const r = sample(stuck, HEAD + 'A', { ...base, n: 1, topK: 1, maxLength: 10, constraints: [() => nothing] })
    expect(r.variations[0]).toMatchObject({ text: '2222222222', maskFallbacks: 10, maskWidened: 10 })
  })
})

describe('note lengths under the metre mask', () => {
  // A model that likes odd denominators: "A/3", "A/22" are exact lengths but abcjs cannot draw them.
  const model = biasedModel({ A: 0, ' ': -0.5, '/': -0.5, '3': -1, '2': -0.5, '|': -1 })
  const head = 'X: 1\nT:Test\nM:2/4\nL:1/8\nK:C\n'
  const opts = { ...base, n: 4, maxLength: 200, topP: 1 }
  const odd = (text: string): number => [...text.matchAll(/\/+(\d*)/g)].filter((m) => !['', '2', '4', '8'].includes(m[1])).length

  it('without the mask it writes many', () => {
    const r = sample(model, head, opts)
    expect(r.variations.reduce((n, v) => n + odd(v.text), 0)).toBeGreaterThan(5)
  })

  it('with the mask only lengths abcjs can represent, but where nothing satisfied the mask (counted)', () => {
    const r = sample(model, head, { ...opts, constraints: masksFor({ meterAware: true, stayInKey: false }) })
    const fallbacks = r.variations.reduce((n, v) => n + v.maskFallbacks, 0)
    // A fallback step writes one character, which can spoil at most one length.
    expect(r.variations.reduce((n, v) => n + odd(v.text), 0)).toBeLessThanOrEqual(fallbacks)
    const representable = r.variations.filter((v) => v.maskFallbacks === 0)
    for (const v of representable) {
      expect(checkTune(head + v.text).diagnostics.filter((d) => /not representable/.test(d.message))).toEqual([])
    }
  })
})

describe('what else the metre mask keeps out of music', () => {
  const head = 'X: 1\nT:Test\nM:2/4\nL:1/8\nK:C\n'
  const opts = { ...base, n: 3, maxLength: 150, topP: 1 }
  const masked = { ...opts, constraints: masksFor({ meterAware: true, stayInKey: false }) }

  it('letters that are neither notes nor rests (abcjs: "Unknown character")', () => {
    const model = biasedModel({ A: 0, m: -0.5, '|': -1 })
    expect(sample(model, head, opts).variations.map((v) => v.text).join('')).toMatch(/m/)
    for (const v of sample(model, head, masked).variations) expect(v.text).not.toMatch(/m/)
  })

  it('characters that must touch a note or a bar line', () => {
    const after = (body: string): ReturnType<typeof meterMask> => meterMask(head + 'A4|' + body)
    // Lengths follow their note, not a tie or a space.
    expect([after('A').allows('/'), after('A-').allows('/'), after('A-').allows('2'), after('A ').allows('2')]).toEqual([true, false, false, false])
    // A colon only where a bar line may come, and then it must become one.
    expect([after('AAAA').allows(':'), after('AA').allows(':')]).toEqual([true, false])
    expect([after('AAAA:').allows('|'), after('AAAA:').allows(':'), after('AAAA:').allows('A')]).toEqual([true, true, false])
    // An accidental needs its note.
    expect([after('^').allows('F'), after('^').allows(' '), after('^').allows('|')]).toEqual([true, false, false])
    // `]` closes a chord of notes; octave marks follow a note letter.
    expect([after('[AC').allows(']'), after('A').allows(']')]).toEqual([true, false])
    expect([after('A').allows(','), after('A ').allows(',')]).toEqual([true, false])
    // Endings and tuplets keep their digits; an ending opens a bar, a tuplet is (2 to (9 and does not nest.
    expect([after('AAAA|').allows('2'), after('(').allows('3')]).toEqual([true, true])
    expect([after('AAAA|[').allows('2'), after('AA[').allows('2'), after('(').allows('1')]).toEqual([true, false, false])
    // After `[`: a chord of notes, not an inline field (the corpus has none).
    expect([after('A[').allows('C'), after('A[').allows('^'), after('A[').allows('K'), after('A[').allows('q')]).toEqual([true, true, false, false])
    expect([after('(3').allows('('), after('(3A').allows('('), after('(3ABC').allows('(')]).toEqual([false, false, true])
    expect([after('(3').allows('/'), after('AAAA|[2').allows('/')]).toEqual([false, false])
    // A tuplet does not reach over a bar line, holds plain notes, and starts only where its span fits.
    expect([after('AA(3').allows('|'), after('AA(3ABC').allows('|')]).toEqual([false, true])
    expect([after('(3A').allows('2'), after('(3A').allows('/'), after('(3A').allows('3')]).toEqual([true, true, false])
    expect([after('AA(').allows('3'), after('AAA(').allows('3')]).toEqual([true, false])
    // `:|:` is not a bar line abcjs reads; `\` only ends a line; `#` and `?` mean nothing in music.
    expect([after('AAAA:|').allows(':'), after('AAAA|').allows(':')]).toEqual([false, true])
    expect([after('AA\\').allows('\n'), after('AA\\').allows('A')]).toEqual([true, false])
    expect([after('A').allows('#'), after('A').allows('?'), after('"G#').allows('#')]).toEqual([false, false, true])
    // A comment is a whole line, not an escape from the bar in the middle of one.
    expect([after('AA').allows('%'), after('AAAA|\n').allows('%'), after('"G%').allows('%')]).toEqual([false, true, true])
  })

  it('ornaments of a note that cannot fit: once the bar is full only its bar line comes', () => {
    const full = meterMask(head + 'A4|AAAA')
    expect(['~', '"', '(', '!', '.', 'A', 'z'].filter((ch) => full.allows(ch))).toEqual([])
    expect(full.allows('|')).toBe(true)
    // After the bar line the next bar's chord symbol is welcome.
    expect(meterMask(head + 'A4|AAAA|').allows('"')).toBe(true)
    const open = meterMask(head + 'A4|AA')
    expect(['~', '"', '(', 'A', 'z', '|'].map((ch) => open.allows(ch))).toEqual([true, true, true, true, true, false])
    // At a line start a letter may begin a field line.
    expect(meterMask(head + 'A4|\n').allows('P')).toBe(true)
    expect(meterMask(head + 'A4|A').allows('P')).toBe(false)
  })
})

describe('stay in key', () => {
  const model = biasedModel({ '^': 0, _: 0, F: 0, G: 0, c: 0 })
  const inG = 'X: 1\nT:Test\nM:4/4\nL:1/8\nK:G\n'
  const opts = { ...base, maxLength: 200, stop: 'tune' as const }

  it('is off by default: the model writes accidentals outside the key', () => {
    const texts = sample(model, inG, opts).variations.map((v) => v.text)
    expect(texts.some((t) => /\^[Gc]|_/.test(t))).toBe(true)
  })

  it('masks accidentals that leave the key signature (in G only ^F is allowed)', () => {
    const r = sample(model, inG, { ...opts, constraints: masksFor({ meterAware: false, stayInKey: true }) })
    for (const { text } of r.variations) {
      expect(text).not.toMatch(/_/)
      // A variation cut by the maximum length may end on its accidental.
      expect(text.replace(/\^$/, '')).not.toMatch(/\^([^F]|$)/)
    }
    expect(r.variations.map((v) => v.text).join('')).toMatch(/\^F/)
  })
})
