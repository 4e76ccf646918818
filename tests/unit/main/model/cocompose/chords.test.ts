/** Chord suggestion over a real (small, seeded) model: where the symbols go, what they may be, what is refused. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_WIDER, suggestChords } from '../../../../../src-main/model/cocompose/chords'
import { barPitches, candidateChords, coverShare, diatonicTriad, keyHarmony } from '../../../../../src-main/model/cocompose/harmony'
import { barFeatures, chordClass, CHORD_CLASSES, FEATURE_COUNT } from '../../../../../src-main/model/cocompose/harmony-features'
import { createCocomposeService } from '../../../../../src-main/services/cocompose-service'
import { SelectionError } from '../../../../../src-main/model/cocompose/selection'
import { surpriseBits } from '../../../../../src-main/model/sampling/sampler'
import { samplingModel } from '../../../../../src-main/model/sampling/sampling-model'
import { biasedModel, corpusVocab, seededModel, seededWeights } from '../sampling/helpers'

const TUNE = 'X:4\nT:Chords\nM:6/8\nL:1/8\nK:D\nA|"D"d2A F2A|dfe d2c|B2G "A7"A2F|\nE3 E2:|\n'
const model = seededModel(5)

describe('suggest chords', () => {
  it('gives every bar but the pickup one chord of the key (its own, or by default the corpus\'s common ones outside them), inserted at its start or replacing the chord it starts with', async () => {
    const run = await suggestChords(model, TUNE, undefined, { beam: 2 })
    const offered = candidateChords(keyHarmony('D')!, DEFAULT_WIDER).map((c) => c.name)
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

  it("the harmoniser weighs in: one sure of the subdominant everywhere gives every bar G (IV in D) and no change mid-bar, through the service too", async () => {
    const D = keyHarmony('D')!
    const weights = new Float32Array(FEATURE_COUNT * CHORD_CLASSES)
    // The last feature is the bias, 1 for every bar.
    weights[(FEATURE_COUNT - 1) * CHORD_CLASSES + chordClass(diatonicTriad(D, 4), D)] = 50
    const sure = { start: { weights }, middle: { weights } }
    const run = await suggestChords(model, TUNE, undefined, { beam: 2, harmonyWeight: 10 }, sure)
    expect(run.bars.map((b) => b.chord)).toEqual(['G', 'G', 'G', 'G'])
    expect(run.bars.map((b) => b.change)).toEqual([null, null, null, null])
    const pooled = samplingModel(seededWeights(5), corpusVocab())
    const service = createCocomposeService({ model: { samplingFor: () => Promise.resolve({ name: 'seeded', sampling: pooled }) }, harmoniser: () => Promise.resolve(sure) })
    const served = await service.chords({ text: TUNE, beam: 2 })
    expect(served.chords.map((c) => c.chord)).toEqual(['G', 'G', 'G', 'G'])
    expect(served.bars).toBeNull()
    const some = await service.chords({ text: TUNE, beam: 2, selection: { bars: { from: 3, to: 4 } } })
    expect(some.bars).toEqual({ from: 3, to: 4 })
    expect(some.chords.map((c) => [c.bar, c.chord])).toEqual([[3, 'G'], [4, 'G']])
    const plain = await suggestChords(model, TUNE, undefined, { beam: 2 })
    expect(plain.bars.map((b) => b.chord)).not.toEqual(['G', 'G', 'G', 'G'])
  })

  it('a returning phrase keeps its harmony: a bar with the same notes as an earlier one is drawn to its chord (echoBits), the musician\'s own where that bar is read as written', async () => {
    const tune = 'X:8\nT:Echo\nM:6/8\nL:1/8\nK:D\n|:d2A F2A|dfe d2c|B2G A2F|E3 E2:|\n|:d2A F2A|B2G A2F|d2A F2A|E3 E2:|\n'
    const D = keyHarmony('D')!
    // A harmoniser sure of G (IV) on bars that open a section (1 and 5), of D (I) elsewhere: bar 7 has bar 5's notes but does not open one.
    const features = barFeatures(['d2A F2A|', 'dfe d2c|', 'B2G A2F|', 'E3 E2:|', 'd2A F2A|', 'B2G A2F|', 'd2A F2A|', 'E3 E2:|'].map((segment, i) => ({ segment, opening: i % 4 === 0 ? '|:' : '|', closing: i % 4 === 3 ? ':|' : '|' })), D)
    const opening = features[0].findIndex((v, f) => v === 1 && features[4][f] === 1 && features[6][f] === 0 && features[1][f] === 0)
    const weights = new Float32Array(FEATURE_COUNT * CHORD_CLASSES)
    const bias = features[0].findIndex((_, f) => features.every((x) => x[f] === 1))
    weights[opening * CHORD_CLASSES + chordClass(diatonicTriad(D, 4), D)] = 150
    weights[bias * CHORD_CLASSES + chordClass(diatonicTriad(D, 1), D)] = 60
    const harmoniser = { start: { weights }, middle: { weights: new Float32Array(weights.length) } }
    const plain = await suggestChords(model, tune, undefined, { beam: 2, echoBits: 0 }, harmoniser)
    expect([plain.bars[0].chord, plain.bars[4].chord, plain.bars[6].chord]).toEqual(['G', 'G', 'D'])
    const echoed = await suggestChords(model, tune, undefined, { beam: 2, echoBits: 1e6 }, harmoniser)
    expect([echoed.bars[0].chord, echoed.bars[4].chord, echoed.bars[6].chord]).toEqual(['G', 'G', 'G'])
    // Bars 6 and 8 echo bars 3 and 4: each has its twin's chord.
    expect(echoed.bars[5].chord).toBe(echoed.bars[2].chord)
    expect(echoed.bars[7].chord).toBe(echoed.bars[3].chord)
    // With only bar 7 selected, its twin is bar 5 as the musician wrote it: its "Em" (not the harmoniser's G) draws it.
    const written = tune.replace('|:d2A F2A|B2G', '|:"Em"d2A F2A|"D"B2G')
    const one = await suggestChords(model, written, { selection: { bars: { from: 7, to: 7 } } }, { beam: 2, echoBits: 1e6 }, harmoniser)
    expect(one.bars.map((b) => [b.bar, b.chord])).toEqual([[7, 'Em']])
    const unechoed = await suggestChords(model, written, { selection: { bars: { from: 7, to: 7 } } }, { beam: 2, echoBits: 0 }, harmoniser)
    expect(unechoed.bars.map((b) => b.chord)).not.toEqual(['Em'])
  })

  it('with a selection only those bars get chords; the others are read as written, and the chord written before them sounds on into them', async () => {
    const tune = 'X:9\nT:Some\nM:6/8\nL:1/8\nK:D\nA|"Bm"d2A F2A|dfe d2c|B2G A2F|\nE3 E2:|\n'
    // This seeded model holds whatever chord sounds (every bar of the tune alone gets the first one's).
    const alone = await suggestChords(model, tune.replace('"Bm"', ''), undefined, { beam: 2 })
    expect(new Set(alone.bars.map((b) => b.chord)).size).toBe(1)
    const run = await suggestChords(model, tune, { selection: { bars: { from: 3, to: 4 } } }, { beam: 2 })
    expect(run.selected).toEqual({ from: 3, to: 4 })
    expect(run.bars.map((b) => b.bar)).toEqual([3, 4])
    // Bar 2's "Bm", read as written, sounds on: held is the likeliest, and Bm (vi in D) is a candidate.
    expect(run.bars.map((b) => b.chord)).toEqual(['Bm', 'Bm'])
    expect(run.withChords.slice(0, run.bars[0].start)).toBe(tune.slice(0, run.bars[0].start))
    expect(run.withChords.replace(/"[^"]*"/g, '')).toBe(tune.replace(/"[^"]*"/g, ''))
    // The editor's selection, snapped to whole bars, asks the same.
    const ranged = await suggestChords(model, tune, { selection: { start: tune.indexOf('dfe') + 1, end: tune.indexOf('A2F') } }, { beam: 2 })
    expect(ranged.bars.map((b) => b.bar)).toEqual([3, 4])
    await expect(suggestChords(model, tune, { selection: { bars: { from: 1, to: 1 } } }, { beam: 2 })).rejects.toThrow(/only a pickup/)
    await expect(suggestChords(model, tune, { selection: { start: 0, end: 5 } }, { beam: 2 })).rejects.toThrow(/header/)
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

  it("the melody's cover weighs in: with a weight no surprise outweighs, every bar gets a candidate covering most of it", async () => {
    const run = await suggestChords(model, TUNE, undefined, { beam: 2, coverBits: 1e6 })
    const chords = candidateChords(keyHarmony('D')!, DEFAULT_WIDER)
    const bars = ['d2A F2A|', 'dfe d2c|', 'B2G A2F|', 'E3 E2:|']
    run.bars.forEach((b, i) => {
      const notes = barPitches(bars[i], keyHarmony('D')!)
      const best = Math.max(...chords.map((c) => coverShare(c, notes)))
      expect(coverShare(chords.find((c) => c.name === b.chord)!, notes), `bar ${b.bar}: ${b.chord}`).toBe(best)
    })
    expect(run.bitsPerChar).toBeGreaterThan(0)
    expect(run.scoredChars).toBeGreaterThan(bars.join('').length)
  })

  it("wider: a bar whose melody lies wholly on a chord outside the key's own (E7 in D, the dominant of the dominant) can get it", async () => {
    const tune = 'X:6\nT:Outside\nM:6/8\nL:1/8\nK:D\n"D"d2A F2A|^G2B e2^g|"A"a3 A3|\n'
    const outside = ['E7', 'C', 'F#m', 'F#7', 'B7']
    const wide = await suggestChords(model, tune, undefined, { beam: 2, coverBits: 1e6, wider: true })
    expect(wide.bars[1].chord).toBe('E7')
    const narrow = await suggestChords(model, tune, undefined, { beam: 2, coverBits: 1e6, wider: false })
    for (const b of narrow.bars) expect(outside).not.toContain(b.chord)
    // outsideBits: where an outside chord is written it costs that much more, so enough of it outweighs the cover.
    const costly = await suggestChords(model, tune, undefined, { beam: 2, coverBits: 1e3, wider: true, outsideBits: 1e6 })
    for (const b of costly.bars) expect(outside).not.toContain(b.chord)
    const cheap = await suggestChords(model, tune, undefined, { beam: 2, coverBits: 1e3, wider: true, outsideBits: 0 })
    expect(cheap.bars[1].chord).toBe('E7')
  })

  it('a chord is kept off a span whose melody sounds its other third: a harmoniser sure of A7 in G gets it over A ^c e, not over A =c e', async () => {
    const G = keyHarmony('G')!
    const weights = new Float32Array(FEATURE_COUNT * CHORD_CLASSES)
    const a7 = candidateChords(G, true).find((c) => c.name === 'A7')!
    weights[(FEATURE_COUNT - 1) * CHORD_CLASSES + chordClass(a7, G)] = 50
    const sure = { start: { weights }, middle: { weights } }
    const tune = 'X:7\nT:Clash\nM:4/4\nL:1/8\nK:G\nA2^c2 e2a2|A2=c2 e2a2|A2^c2 e2a2|A2c2 e2a2|]\n'
    const settings = { beam: 2, harmonyWeight: 10, halfBars: false, hold: false, coverBits: 0 }
    const free = await suggestChords(model, tune, undefined, { ...settings, clashBits: 0 }, sure)
    expect(free.bars.map((b) => b.chord)).toEqual(['A7', 'A7', 'A7', 'A7'])
    const kept = await suggestChords(model, tune, undefined, { ...settings, clashBits: 1e6 }, sure)
    expect(kept.bars.map((b) => b.chord === 'A7')).toEqual([true, false, true, false])
  })

  it('hold: a bar may have no symbol of its own and keep the chord before it, as the corpus writes it', async () => {
    // A model to which every chord symbol's quote is very surprising: after the first bar, holding is cheapest.
    const averse = biasedModel({ '"': -12, D: 0, A: 0, G: 0, E: 0, m: 0, '7': 0 })
    const held = await suggestChords(averse, TUNE, undefined, { beam: 2, hold: true, halfBars: false })
    expect(new Set(held.bars.map((b) => b.chord)).size).toBe(1)
    expect(held.bars).toHaveLength(4)
    const unheld = await suggestChords(averse, TUNE, undefined, { beam: 2, hold: false, halfBars: false })
    expect(unheld.scoredChars).toBeGreaterThan(held.scoredChars)
  })

  it('changeBits: a written chord symbol costs that much more than a held bar, so below 0 the decoder writes one even where the model shuns them', async () => {
    const averse = biasedModel({ '"': -12, D: 0, A: 0, G: 0, E: 0, m: 0, '7': 0 })
    const settings = { beam: 2, hold: true, halfBars: false, coverBits: 0 }
    const held = await suggestChords(averse, TUNE, undefined, { ...settings, changeBits: 0 })
    const everyBar = await suggestChords(averse, TUNE, undefined, { ...settings, hold: false, changeBits: 0 })
    const eager = await suggestChords(averse, TUNE, undefined, { ...settings, changeBits: -1e6 })
    expect(held.scoredChars).toBeLessThan(everyBar.scoredChars)
    expect(eager.scoredChars).toBe(everyBar.scoredChars)
  })

  it("the chosen path's surprise is one row's reading of the tune with those chords: no padding or other text reaches the model", async () => {
    const run = await suggestChords(model, TUNE, undefined, { beam: 2, coverBits: 0, hold: false, halfBars: false })
    const header = 'X:4\nM:6/8\nL:1/8\nK:D\n'
    // The tune as the model reads it: the header's musical fields, the pickup, each chosen bar's symbol and the bar.
    const bars = ['d2A F2A|', 'dfe d2c|', 'B2G A2F|\n', 'E3 E2:|']
    const stepper = model.createStepper(1)
    const V = model.vocab.size
    let logits: Float32Array = new Float32Array(0)
    const read = (text: string, scored: boolean): number => {
      let bits = 0
      for (const id of model.vocab.encodeStrict(text)) {
        if (scored) bits += surpriseBits(logits, 0, V, id)
        logits = stepper.step(Int32Array.of(id)).slice()
      }
      return bits
    }
    read(header + 'A|', false)
    let bits = 0
    let chars = 0
    bars.forEach((bar, i) => {
      const text = `"${run.bars[i].chord}"${bar}`
      bits += read(text, true)
      chars += text.length
    })
    expect(run.scoredChars).toBe(chars)
    expect(run.bitsPerChar * run.scoredChars).toBeCloseTo(bits, 3)
  })

  it('half bars: where a note starts at the middle of a bar after a space, the model may change chord there; the bar keeps the chord at its start', async () => {
    const whole = await suggestChords(model, TUNE, undefined, { beam: 2, coverBits: 0, hold: true, halfBars: false })
    const halves = await suggestChords(model, TUNE, undefined, { beam: 2, coverBits: 0, hold: true, halfBars: true })
    expect(halves.bars.map((b) => b.bar)).toEqual(whole.bars.map((b) => b.bar))
    // Bars 2-4 have a note at their middle after a space (d2A F2A): each may get a symbol there, read and scored.
    expect(halves.scoredChars).toBeGreaterThanOrEqual(whole.scoredChars)
    const averse = biasedModel({ '"': -12, D: 0, A: 0, G: 0, E: 0, m: 0, '7': 0 })
    const held = await suggestChords(averse, TUNE, undefined, { beam: 2, hold: true, halfBars: true })
    expect(new Set(held.bars.map((b) => b.chord)).size).toBe(1)
  })
  it("a change at a bar's middle is reported with its place in the musician's text and written there; the notes stay as they are", async () => {
    const tune = 'X:7\nT:Middles\nM:4/4\nL:1/8\nK:G\n|:G>A B2 {g}c2 d2|e2 d2 c2 B2|A2 G2 F2 D2|G2 B2 d2 g2:|\n'
    // Writing a symbol is rewarded so much that every middle gets one; the model's choice decides which differ from the bar's own.
    const run = await suggestChords(seededModel(11), tune, undefined, { beam: 2, halfBars: true, changeBits: -1e6 })
    const changes = run.bars.filter((b) => b.change !== null)
    expect(changes.length).toBeGreaterThan(0)
    for (const b of changes) {
      const change = b.change!
      expect(change.chord).not.toBe(b.chord)
      expect(tune[change.start - 1]).toBe(' ')
      expect(change.start).toBeGreaterThan(b.end)
      expect([change.end, change.existing]).toEqual([change.start, null])
    }
    expect(run.withChords.replace(/"[^"]*"/g, '')).toBe(tune.replace(/"[^"]*"/g, ''))
    expect([...run.withChords.matchAll(/"/g)].length).toBe(2 * (run.bars.length + changes.length))
    const off = await suggestChords(seededModel(11), tune, undefined, { beam: 2, halfBars: false, changeBits: -1e6 })
    expect(off.bars.every((b) => b.change === null)).toBe(true)
  })

  it("a part's pickup gets no chord, as the first bar's pickup does not (the corpus writes one on 4 % of them)", async () => {
    const tune = 'X:8\nT:Pickups\nM:6/8\nL:1/8\nK:D\nA|d2A F2A|dfe d2c|B2G A2F|E3 E2::A|d2A F2A|B2G A3|]\n'
    const run = await suggestChords(model, tune, undefined, { beam: 2 })
    // Bar 1 is the tune's pickup, bar 6 the second part's (`::A|`); bar 5 (`E3 E2`) is short too but closes the part.
    expect(run.bars.map((b) => b.bar)).toEqual([2, 3, 4, 5, 7, 8])
    expect(run.withChords).toContain('::A|"')
  })

  it("a variant ending's bar gets its chord after the `[1` / `[2 ` mark, where the corpus writes it, and the mark is read before it", async () => {
    const endings = 'X:6\nT:Endings\nM:6/8\nL:1/8\nK:D\n|:d2A F2A|dfe d2c|[1B2G A2F:|[2 "G"B2G A3|]\n'
    const run = await suggestChords(model, endings, undefined, { beam: 2 })
    expect(run.bars.map((b) => b.bar)).toEqual([1, 2, 3, 4])
    expect(endings.slice(run.bars[2].start - 2, run.bars[2].start)).toBe('[1')
    expect(endings.slice(run.bars[3].start - 3, run.bars[3].end)).toBe('[2 "G"')
    expect(run.bars[3].existing).toBe('G')
    expect(run.withChords).toContain(`[1"${run.bars[2].chord}"B2G`)
    expect(run.withChords).toContain(`[2 "${run.bars[3].chord}"B2G`)
    expect(run.withChords.replace(/"[^"]*"/g, '')).toBe(endings.replace(/"[^"]*"/g, ''))
  })

  it('an ending numbered on its bar line (`|1 `, `:|2 `, `:|[2`) gets its chord after the number too, never before the bar line', async () => {
    for (const [first, second] of [['|1 ', ':|2 '], ['|1,3 ', ':|[2']]) {
      const endings = `X:7\nT:Endings\nM:6/8\nL:1/8\nK:D\n|:d2A F2A|dfe d2c${first}B2G A2F${second}"G"B2G A3|]\n`
      const run = await suggestChords(model, endings, undefined, { beam: 2 })
      expect(endings.slice(0, run.bars[2].start).endsWith(first)).toBe(true)
      expect(endings.slice(0, run.bars[3].start).endsWith(second)).toBe(true)
      expect(run.bars[3].existing).toBe('G')
      expect(run.withChords).toContain(`${first}"${run.bars[2].chord}"B2G`)
      expect(run.withChords).toContain(`${second}"${run.bars[3].chord}"B2G`)
      expect(run.withChords.replace(/"[^"]*"/g, '')).toBe(endings.replace(/"[^"]*"/g, ''))
    }
  })
})
