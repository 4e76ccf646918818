import { describe, expect, it } from 'vitest'
import { sample, type SampleOptions } from '../../../../../src-main/model/sampling/sampler'
import { noEmptyEnding } from '../../../../../src-main/model/sampling/no-empty-ending'
import { biasedModel, corpusTunes } from './helpers'

// A prompt that looks finished: a whole part ending in `:|` and a line end.
const FINISHED = corpusTunes('hpps.abc').find((t) => t.includes('e4 e2:|'))!
const PROMPT = FINISHED.slice(0, FINISHED.indexOf('e4 e2:|') + 'e4 e2:|\n'.length)
const base: SampleOptions = { n: 3, seed: 2, temperature: 1, topK: 0, topP: 1, maxLength: 200, stop: 'tune' }

describe('a continuation has music before the tune may end', () => {
  // A model that ends tunes eagerly: line ends are likely, and so blank lines.
  const model = biasedModel({ '\n': 0, A: -0.5, '|': -1.5 })

  it('without the constraint it often ends at once with nothing', () => {
    const texts = sample(model, PROMPT, base).variations.map((v) => v.text)
    expect(texts.filter((t) => t === '').length).toBeGreaterThan(0)
  })

  it('with it every variation writes a bar before ending', () => {
    const r = sample(model, PROMPT, { ...base, constraints: [noEmptyEnding] })
    for (const v of r.variations) expect(v.text).toContain('|')
  })

  it('refuses a blank line and a new X: line until then, and nothing after', () => {
    const mask = noEmptyEnding(PROMPT)
    expect([mask.allows('\n'), mask.allows('A')]).toEqual([false, true])
    mask.push('X')
    expect(mask.allows(':')).toBe(false)
    for (const ch of '\nP:B|\n') mask.push(ch)
    // A bar line in a field line is not music.
    expect(mask.allows('\n')).toBe(false)
    for (const ch of 'AB|\n') mask.push(ch)
    expect(mask.allows('\n')).toBe(true)
  })
})
