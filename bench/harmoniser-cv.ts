/**
 * Chooses the harmoniser's training settings by k-fold cross-validation over the shipped model's
 * training tunes (i % 10 != 9), by tune: each fold's tunes are named by a harmoniser trained on
 * the others. 19,277 bars, where the dev split of held-out tunes has 1,043: a point here is ~190
 * bars, not ~10. `npx tsx bench/harmoniser-cv.ts [--folds=5] [--settings=[{"hidden":64}]]` prints,
 * per settings, the share of bars whose class with the least surprise among the key's candidates
 * (the wider set, as the decoder offers by default) is the original's. docs/model.md, "The harmoniser".
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readHeaders } from '../src-shared/abc/headers'
import { readCorpusFolder } from '../src-main/model/novelty/corpus-index'
import { candidateChords, keyHarmony } from '../src-main/model/cocompose/harmony'
import { chordClass } from '../src-main/model/cocompose/harmony-features'
import { classBits } from '../src-main/model/cocompose/harmony-model'
import { DEFAULT_HARMONY_TRAINING, trainClassifier, type TrainSettings } from '../src-main/model/cocompose/harmony-training'
import { harmonyExamples } from '../src-main/model/cocompose/tune-chords'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)

interface Bar {
  x: Float32Array
  y: number
  classes: number[]
  tune: number
}

const corpus = await readCorpusFolder(path.join(ROOT, 'resources', 'corpus', 'nottingham'))
const bars: Bar[] = corpus.filter((_, i) => i % 10 !== 9).flatMap((t, tune) => {
  const h = keyHarmony(readHeaders(t.text).key ?? '')
  if (!h) return []
  const classes = [...new Set(candidateChords(h, true).map((c) => chordClass(c, h)))]
  return harmonyExamples(t.text).map((e) => ({ x: e.x, y: e.start, classes, tune }))
})
const folds = Number(arg('folds') ?? 5)
const variants = JSON.parse(arg('settings') ?? '[{}]') as Partial<TrainSettings>[]
for (const variant of variants) {
  const settings = { ...DEFAULT_HARMONY_TRAINING, ...variant }
  const started = performance.now()
  const perFold = Array.from({ length: folds }, (_, fold) => {
    const h = trainClassifier(bars.filter((b) => b.tune % folds !== fold), settings)
    const held = bars.filter((b) => b.tune % folds === fold)
    const right = held.filter((b) => {
      const bits = classBits(h, b.x, b.classes)
      return b.classes[bits.indexOf(Math.min(...bits))] === b.y
    }).length
    return { right, bars: held.length }
  })
  const right = perFold.reduce((s, f) => s + f.right, 0)
  console.log(JSON.stringify({ ...settings, bars: bars.length, agreementPct: Math.round((1000 * right) / bars.length) / 10, perFoldPct: perFold.map((f) => Math.round((1000 * f.right) / f.bars) / 10), seconds: Math.round((performance.now() - started) / 1000) }))
}
