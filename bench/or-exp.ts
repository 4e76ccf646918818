import path from 'node:path'
import { readHeaders } from '../src-shared/abc/headers'
import { readShippedModel, shippedWeights } from '../src-main/model/default-model'
import { readCorpusFolder } from '../src-main/model/novelty/corpus-index'
import { chooseStepper } from '../src-main/model/sampling/engine-choice'
import { samplingModel } from '../src-main/model/sampling/sampling-model'
import { suggestChords } from '../src-main/model/cocompose/chords'
import { readShippedHarmoniser } from '../src-main/model/cocompose/harmoniser-file'
import { candidateChords, keyHarmony, readChord, sameChord } from '../src-main/model/cocompose/harmony'
import { chordClass } from '../src-main/model/cocompose/harmony-features'
import { classBits } from '../src-main/model/cocompose/harmony-model'
import { chordsAtBarStarts, harmonyExamples } from '../src-main/model/cocompose/tune-chords'
import { chordSplit } from './cocompose'
const ROOT = '/work/main'
const shipped = (await readShippedModel(path.join(ROOT, 'resources')))!
const H = (await readShippedHarmoniser(path.join(ROOT, 'resources')))!
const heldOut = (await readCorpusFolder(path.join(ROOT, 'resources', 'corpus', 'nottingham'))).map((t) => t.text).filter((_, i) => i % 10 === 9)
const { dev } = chordSplit(heldOut)
const fast = chooseStepper()
const model = samplingModel(await shippedWeights(shipped), shipped.vocab, fast.factory, fast.engine)
const count = new Map<string, number>()
for (const tune of dev) {
  const h = keyHarmony(readHeaders(tune).key ?? '')!
  const truth = chordsAtBarStarts(tune)
  const stripped = tune.replace(/"[^"]*"/g, '')
  const both = await suggestChords(model, stripped, undefined, { beam: 2 }, H)
  const lstm = await suggestChords(model, stripped, undefined, { beam: 2 }, null)
  const classes = candidateChords(h).map((c) => chordClass(c, h))
  const ex = harmonyExamples(tune)
  let k = 0
  both.bars.forEach((b, i) => {
    const o = readChord(truth[b.bar - 1] ?? ''); if (!o) return
    const e = ex[k++]
    const bits = classBits(H.start, e.x, classes)
    const hr = classes[bits.indexOf(Math.min(...bits))] === chordClass(o, h)
    const key = `${sameChord(readChord(b.chord), o) ? 'C' : 'c'}${sameChord(readChord(lstm.bars[i].chord), o) ? 'L' : 'l'}${hr ? 'H' : 'h'}`
    count.set(key, (count.get(key) ?? 0) + 1)
  })
}
console.log([...count].sort())
