/** Chord suggestion over a real (small, seeded) model: where the symbols go, what they may be, what is refused. */
import { describe, expect, it } from 'vitest'
import { suggestChords } from '../../../src-main/model/cocompose/chords'
import { candidateChords, keyHarmony } from '../../../src-main/model/cocompose/harmony'
import { SelectionError } from '../../../src-main/model/cocompose/selection'
import { seededModel } from '../sampling/helpers'

const TUNE = 'X:4\nT:Chords\nM:6/8\nL:1/8\nK:D\nA|"D"d2A F2A|dfe d2c|B2G "A7"A2F|\nE3 E2:|\n'
const model = seededModel(5)

describe('suggest chords', () => {
  it('gives every bar but the pickup one chord of the key, inserted at its start or replacing the chord it starts with', async () => {
    const run = await suggestChords(model, TUNE, undefined, { beam: 2 })
    const offered = candidateChords(keyHarmony('D')!).map((c) => c.name)
    expect(run.bars.map((b) => b.bar)).toEqual([2, 3, 4, 5])
    for (const b of run.bars) expect(offered).toContain(b.chord)
    expect(run.bars.map((b) => b.existing)).toEqual(['D', null, null, null])
    expect(TUNE.slice(run.bars[0].start, run.bars[0].end)).toBe('"D"')
    // Outside the chord symbols at bar starts the text is the musician's: the mid-bar "A7" stays.
    const unquoted = (t: string): string => t.replace(/"[^"]*"/g, '')
    expect(unquoted(run.withChords)).toBe(unquoted(TUNE))
    expect(run.withChords).toContain('"A7"A2F')
    expect(run.withChords.match(/"[^"]*"/g)).toHaveLength(5)
    expect(run.withChords.startsWith(`X:4\nT:Chords\nM:6/8\nL:1/8\nK:D\nA|"${run.bars[0].chord}"d2A F2A|"${run.bars[1].chord}"dfe`)).toBe(true)
  })

  it('the same text gives the same chords', async () => {
    const a = await suggestChords(model, TUNE, undefined, { beam: 2 })
    const b = await suggestChords(model, TUNE, undefined, { beam: 2 })
    expect(a).toEqual(b)
  })

  it('refuses a key with no tonic and a text with several tunes but no X: number, in words', async () => {
    await expect(suggestChords(model, TUNE.replace('K:D', 'K:none'), undefined, { beam: 2 })).rejects.toThrow(/names no tonic/)
    await expect(suggestChords(model, `${TUNE}\n${TUNE.replace('X:4', 'X:5')}`, undefined, { beam: 2 })).rejects.toThrow(SelectionError)
  })
})
