import { describe, expect, it } from 'vitest'
import { sample, sampleAsync, type SampleOptions } from '../../../../../src-main/model/sampling/sampler'
import { biasedModel, corpusTunes, seededModel } from './helpers'

const PROMPT = corpusTunes('jigs.abc')[1].slice(0, 300)
const base: SampleOptions = { n: 3, seed: 1, temperature: 1, topK: 0, topP: 1, maxLength: 60, stop: 'tune' }

describe('sampler on a real LSTM stepper', () => {
  const model = seededModel()

  it('same seed → identical variations; another seed → different ones', () => {
    const a = sample(model, PROMPT, base)
    const b = sample(model, PROMPT, base)
    const c = sample(model, PROMPT, { ...base, seed: 2 })
    expect(a.variations.map((v) => v.text)).toEqual(b.variations.map((v) => v.text))
    expect(a.variations.map((v) => v.text)).not.toEqual(c.variations.map((v) => v.text))
    // The variations of one request differ from each other (each has its own stream).
    expect(new Set(a.variations.map((v) => v.text)).size).toBe(3)
  })

  it('variation k is the same whatever the number of variations asked for', () => {
    const three = sample(model, PROMPT, base)
    const one = sample(model, PROMPT, { ...base, n: 1 })
    const five = sample(model, PROMPT, { ...base, n: 5 })
    expect(one.variations[0].text).toBe(three.variations[0].text)
    expect(five.variations.slice(0, 3).map((v) => v.text)).toEqual(three.variations.map((v) => v.text))
  })

  it('stops at the maximum length and says so', () => {
    const r = sample(model, PROMPT, { ...base, n: 2, maxLength: 25, stop: { bars: 1000 } })
    for (const v of r.variations) {
      if (v.stoppedBy === 'max-length') expect(v.text.length).toBe(25)
      else expect(v.text.length).toBeLessThanOrEqual(25)
    }
    expect(r.variations.some((v) => v.stoppedBy === 'max-length')).toBe(true)
  })

  it('streams each variation: the chunks join into exactly the final text', () => {
    const chunks: string[][] = [[], [], []]
    const r = sample(model, PROMPT, { ...base, maxLength: 120, chunkChars: 8, onChunk: (v, text) => chunks[v].push(text) })
    r.variations.forEach((v, i) => {
      expect(chunks[i].join('')).toBe(v.text)
      if (v.text.length > 16) expect(chunks[i].length).toBeGreaterThan(1)
    })
  })

  it('the async form gives the event loop turns while it writes, and writes the same text', async () => {
    let done = false
    let turns = 0
    let chunksBeforeEnd = 0
    let chunks = 0
    const tick = (): void => {
      if (done) return
      turns++
      chunksBeforeEnd = chunks
      setImmediate(tick)
    }
    setImmediate(tick)
    const r = await sampleAsync(model, PROMPT, { ...base, maxLength: 120, chunkChars: 8, yieldEvery: 4, onChunk: () => chunks++ })
    done = true
    expect(turns).toBeGreaterThan(5)
    // Chunks had been streamed while other callbacks still ran: they can leave the process.
    expect(chunksBeforeEnd).toBeGreaterThan(0)
    expect(r.variations.map((v) => v.text)).toEqual(sample(model, PROMPT, { ...base, maxLength: 120 }).variations.map((v) => v.text))
  })

  it('top-k 1 is greedy: every variation writes the same text whatever the seed', () => {
    const a = sample(model, PROMPT, { ...base, topK: 1 })
    const b = sample(model, PROMPT, { ...base, topK: 1, seed: 99 })
    expect(new Set([...a.variations, ...b.variations].map((v) => v.text)).size).toBe(1)
  })

  it('reports and drops prompt characters the vocabulary lacks', () => {
    const r = sample(model, PROMPT.replace('T:Abacus', 'T:Ab{a}cus\r'), { ...base, n: 1, maxLength: 5 })
    expect(r.prompt).toBe(PROMPT)
    expect(r.unknownChars.clean).toBe(false)
    expect(r.unknownChars.dropped.map((c) => c.from).sort()).toEqual(['\r', '{', '}'])
  })

  it('a prompt made only of unknown characters is a clear error', () => {
    expect(() => sample(model, '{}<>', base)).toThrow(/prompt is empty/)
  })
})

describe('stopping on what the model writes', () => {
  it('stops at the end of a tune (a blank line), leaving the blank line out', () => {
    // A writer that mostly writes "A" and sometimes a line end: sooner or later two in a row.
    const model = biasedModel({ A: 0, '\n': -1.5 })
    const r = sample(model, 'X: 1\nT:T\nM:4/4\nK:A\nAA', { ...base, n: 4, maxLength: 400 })
    for (const v of r.variations) {
      expect(v.stoppedBy).toBe('end-of-tune')
      expect(v.text).not.toMatch(/\n\s*\n/)
      expect(v.text.endsWith('\n')).toBe(true)
    }
  })

  it('stops after N bars', () => {
    const model = biasedModel({ A: 0, B: 0, '|': -1 })
    const r = sample(model, 'X: 1\nT:T\nM:4/4\nK:A\n', { ...base, n: 3, maxLength: 400, stop: { bars: 4 } })
    for (const v of r.variations) {
      expect(v.stoppedBy).toBe('bars')
      expect(v.bars).toBe(4)
      expect(v.text.endsWith('|')).toBe(true)
      expect(v.text.split('|').length - 1).toBeGreaterThanOrEqual(4)
    }
  })
})
