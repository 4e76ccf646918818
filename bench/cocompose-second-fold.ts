/**
 * A second selection set for the chord decoder's weights, beside the dev split: the bench's
 * held-out tunes (i % 10 = 9) are only 103 with chords, and their two halves disagree on what the
 * LSTM's opinion adds to the harmoniser's (docs/model.md, "The harmoniser, session 7").
 *
 * `npx tsx bench/cocompose-second-fold.ts train [--minutes=22]` trains the seed-size LSTM (today's
 * recipe, seed 1) on the bundled tunes with i % 10 = 8 held out for validation and i % 10 = 9
 * left out altogether, and a harmoniser on the same tunes, into out/second-fold/ (the best
 * validation's weights). `… eval [--variants=[{"harmonyWeight":2,"middleWeight":1}]]` harmonises
 * fold 8's tunes that have chords with them, stripped, and prints one JSON line per variant (the
 * default settings otherwise), after the harmoniser's own choice alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { initWeights } from '../src-main/engine/init-weights'
import { checkpointFromBytes, checkpointToBytes } from '../src-main/engine/layers-format'
import { SEED_SHAPE } from '../src-main/engine/weights'
import { prepareTrainingData, type TrainingData } from '../src-main/model/corpus/training-data'
import { readCorpusFolder } from '../src-main/model/novelty/corpus-index'
import { chooseStepper } from '../src-main/model/sampling/engine-choice'
import { samplingModel } from '../src-main/model/sampling/sampling-model'
import { chooseEngine } from '../src-main/model/training/backend'
import { runTrainingLoop, type LoopConfig } from '../src-main/model/training/loop'
import type { ChordSettings } from '../src-main/model/cocompose/chords'
import { harmoniserPath, readShippedHarmoniser, writeHarmoniser } from '../src-main/model/cocompose/harmoniser-file'
import { candidateChords, keyHarmony } from '../src-main/model/cocompose/harmony'
import { chordClass } from '../src-main/model/cocompose/harmony-features'
import { classBits, type Harmoniser } from '../src-main/model/cocompose/harmony-model'
import { trainHarmoniser } from '../src-main/model/cocompose/harmony-training'
import { harmonyExamples } from '../src-main/model/cocompose/tune-chords'
import { TrainingStartInput } from '../src-shared/contract/training'
import { cleanForTraining } from '../src-shared/abc'
import { readHeaders } from '../src-shared/abc/headers'
import { bundledCorpusRows } from './bundled-corpus'
import { chordAgreement } from './cocompose'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUT = path.join(ROOT, 'out', 'second-fold')
const CHECKPOINT = path.join(OUT, 'lstm.ckpt')
/** The fold held out here, and the bench's own held-out fold (never read). */
const FOLD = 8
const BENCH_FOLD = 9
const VALIDATE_EVERY_STEPS = 200

/** The bundled tunes but the bench's fold, with the split's validation moved onto FOLD (the split holds out ordinal % 10 = 9). */
function trainingData(): TrainingData {
  const rows = bundledCorpusRows().filter((r) => r.ordinal % 10 !== BENCH_FOLD)
  return prepareTrainingData(rows.map((r) => r.abc), { clean: cleanForTraining, ordinals: rows.map((r) => r.ordinal + (BENCH_FOLD - FOLD)) })
}

async function train(minutes: number): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const corpus = (await readCorpusFolder(path.join(ROOT, 'resources', 'corpus', 'nottingham'))).map((t) => t.text)
  const examples = corpus.filter((_, i) => i % 10 !== FOLD && i % 10 !== BENCH_FOLD).flatMap(harmonyExamples)
  await writeHarmoniser(harmoniserPath(OUT), trainHarmoniser(examples), { examples: '', trainedOn: `Nottingham, tunes i % 10 not ${FOLD} or ${BENCH_FOLD}` })
  const data = trainingData()
  const shape = { vocabSize: data.vocab.size, ...SEED_SHAPE }
  const config: LoopConfig = { ...TrainingStartInput.parse({ corpusId: 1, modelName: 'second fold' }), epochs: 1000, patience: 1000, checkpointEvery: VALIDATE_EVERY_STEPS, seed: 1, maxSeconds: minutes * 60 }
  let best = Infinity
  const began = performance.now()
  await runTrainingLoop(await chooseEngine(), shape, data, config, { weights: initWeights(shape, 1) }, {
    saveCheckpoint: async (c) => {
      if (c.valBits === null) return 0
      process.stderr.write(`${((performance.now() - began) / 60_000).toFixed(1)} min, epoch ${c.epoch.toFixed(2)}: ${c.valBits.toFixed(4)} bits/char\n`)
      if (c.valBits < best) {
        best = c.valBits
        writeFileSync(CHECKPOINT, await checkpointToBytes(c.weights))
      }
      return 0
    },
  })
  console.log(JSON.stringify({ fold: FOLD, bestValidationBits: best, minutes }))
}

/** The harmoniser's own choice among the wider set, per bar: agreement with the original's chord. */
function harmoniserAlone(h: Harmoniser, tunes: string[]): { bars: number; agreementPct: number } {
  let [bars, right] = [0, 0]
  for (const tune of tunes) {
    const key = keyHarmony(readHeaders(tune).key ?? '')
    if (!key) continue
    const classes = candidateChords(key, true).map((c) => chordClass(c, key))
    for (const e of harmonyExamples(tune)) {
      const bits = classBits(h.start, e.x, classes)
      bars++
      if (classes[bits.indexOf(Math.min(...bits))] === e.start) right++
    }
  }
  return { bars, agreementPct: Math.round((1000 * right) / Math.max(1, bars)) / 10 }
}

async function evaluate(variants: ChordSettings[]): Promise<void> {
  const corpus = (await readCorpusFolder(path.join(ROOT, 'resources', 'corpus', 'nottingham'))).map((t) => t.text)
  const tunes = corpus.filter((t, i) => i % 10 === FOLD && /"[A-G]/.test(t))
  const harmoniser = await readShippedHarmoniser(OUT)
  if (!harmoniser) throw new Error('no second-fold harmoniser: run `train` first')
  console.log(JSON.stringify({ variant: 'harmoniser alone', tunes: tunes.length, ...harmoniserAlone(harmoniser, tunes) }))
  const { weights } = await checkpointFromBytes(new Uint8Array(readFileSync(CHECKPOINT)))
  const fast = chooseStepper()
  const model = samplingModel(weights, trainingData().vocab, fast.factory, fast.engine)
  try {
    for (const v of variants) {
      const none = v.harmonyWeight === 0 && v.middleWeight === 0
      console.log(JSON.stringify({ ...v, ...(await chordAgreement(model, tunes, v, none ? null : harmoniser)) }))
    }
  } finally {
    model.dispose()
  }
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { minutes: { type: 'string', default: '22' }, variants: { type: 'string' } } })
const DEFAULT_VARIANTS: ChordSettings[] = [{ beam: 2, harmonyWeight: 0, middleWeight: 0 }, { beam: 2 }, { beam: 2, harmonyWeight: 2, middleWeight: 1 }, { beam: 2, harmonyWeight: 4, middleWeight: 2 }]
if (positionals[0] === 'train') await train(Number(values.minutes))
else if (positionals[0] === 'eval') await evaluate(values.variants ? (JSON.parse(values.variants) as ChordSettings[]) : DEFAULT_VARIANTS)
else throw new Error('usage: npx tsx bench/cocompose-second-fold.ts train [--minutes=22] | eval [--variants=[…]]')
