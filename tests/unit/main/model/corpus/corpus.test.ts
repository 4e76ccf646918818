import { describe, expect, it } from 'vitest'
import { splitByTune, isValidationTune } from '../../../../../src-main/model/corpus/split'
import { epochOrder, epochText, joinTunes } from '../../../../../src-main/model/corpus/stream'
import { windowAt, windowLayout, requireWindows } from '../../../../../src-main/model/corpus/windows'
import { prepareTrainingData } from '../../../../../src-main/model/corpus/training-data'
import { Vocab } from '../../../../../src-main/model/vocab'

const tunes = Array.from({ length: 25 }, (_, i) => `X:${i + 1}\nT:Tune ${i}\nK:G\nGABc|d2d2|\n`)

describe('split by tune', () => {
  it('holds out tune i when i % 10 == 9, keeping corpus order', () => {
    const { train, validation } = splitByTune(tunes)
    expect(validation).toEqual([tunes[9], tunes[19]])
    expect(train).toHaveLength(23)
    expect(train).not.toContain(tunes[9])
    expect(train[9]).toBe(tunes[10])
    expect([0, 8, 9, 10, 19, 29].map(isValidationTune)).toEqual([false, false, true, false, true, true])
  })
})

describe('training stream', () => {
  it('follows every tune with a blank line', () => {
    expect(joinTunes(['X:1\nK:G\nabc\n', 'X:2\nK:D\ndef'])).toBe('X:1\nK:G\nabc\n\nX:2\nK:D\ndef\n\n')
  })

  it('shuffles per epoch, reproducibly, as a permutation', () => {
    const a = epochOrder(100, 7, 0)
    expect(epochOrder(100, 7, 0)).toEqual(a)
    expect(epochOrder(100, 7, 1)).not.toEqual(a)
    expect(epochOrder(100, 8, 0)).not.toEqual(a)
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    const text = epochText(tunes, 7, 3)
    expect(text.length).toBe(joinTunes(tunes).length)
    expect(text).not.toBe(joinTunes(tunes))
  })
})

describe('window layout', () => {
  it('row b of window w+1 continues row b of window w, targets shifted by one', () => {
    const stream = Int32Array.from({ length: 1000 }, (_, i) => i)
    const layout = windowLayout(stream.length, 4, 10)
    expect(layout.rowLength).toBe(250)
    expect(layout.windows).toBe(24)
    for (let w = 0; w + 1 < layout.windows; w++) {
      const a = windowAt(stream, layout, w)
      const b = windowAt(stream, layout, w + 1)
      for (let row = 0; row < 4; row++) {
        const lastInput = a.inputs[row * 10 + 9]
        expect(b.inputs[row * 10]).toBe(lastInput + 1)
        expect(a.targets[row * 10 + 9]).toBe(b.inputs[row * 10])
        for (let t = 0; t < 10; t++) expect(a.targets[row * 10 + t]).toBe(a.inputs[row * 10 + t] + 1)
      }
    }
    // Rows are contiguous slices of the stream, one after the other.
    expect(windowAt(stream, layout, 0).inputs[10]).toBe(250)
    expect(() => windowAt(stream, layout, layout.windows)).toThrow(RangeError)
  })

  it('says clearly when the text is too short', () => {
    const layout = windowLayout(100, 32, 64)
    expect(layout.windows).toBe(0)
    expect(() => requireWindows(layout, 'training')).toThrow(/too short for batch 32 × sequence length 64/)
  })
})

describe('prepareTrainingData', () => {
  it('cleans, builds the vocabulary from the corpus and splits by tune', () => {
    const data = prepareTrainingData(tunes, { clean: (t) => t.replace(/^T:.*\n/m, '') })
    expect(data.tuneCount).toEqual({ train: 23, validation: 2 })
    expect(data.vocab.has('T')).toBe(false)
    expect(data.vocab.decode(data.validation)).toBe(joinTunes([tunes[9], tunes[19]].map((t) => t.replace(/^T:.*\n/m, ''))))
    expect(data.conform.clean).toBe(true)
  })

  it('keeps a given vocabulary and reports what it had to map or drop', () => {
    const vocab = Vocab.fromTexts(['X:1\nK:G\nGABcdeg|2 \n'])
    const data = prepareTrainingData(['X:1\nK:G\n{g}GAB\u00e9\n'], { clean: (t) => t, vocab })
    expect(data.vocab).toBe(vocab)
    expect(data.trainTunes[0]).toBe('X:1\nK:G\ngGABe\n')
    expect(data.conform.dropped.map((d) => d.from).sort()).toEqual(['{', '}'])
    expect(data.conform.mapped).toEqual([{ from: '\u00e9', to: 'e', count: 1 }])
    expect(() => prepareTrainingData(['  \n'], { clean: (t) => t })).toThrow(/no tunes/)
  })
})

describe('split by corpus ordinal', () => {
  it('uses the stored ordinals, so skipped repeats do not shift the held-out tunes', () => {
    // Ordinal 3 was a skipped duplicate: tune "o9" (ordinal 9) is still the held-out one.
    const ordinals = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10]
    const tunes = ordinals.map((o) => `o${o}`)
    expect(splitByTune(tunes, ordinals).validation).toEqual(['o9'])
    expect(splitByTune(tunes).validation).toEqual(['o10'])
  })
})
