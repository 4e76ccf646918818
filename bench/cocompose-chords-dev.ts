/**
 * Chooses the chord decoder's settings on the dev split of the held-out tunes (chordSplit in
 * cocompose.ts), never on the test split the bench reports: `npx tsx bench/cocompose-chords-dev.ts
 * [--tunes N]` prints the agreement, the baseline's and the chosen characters' bits/char for each
 * variant, one JSON line each. docs/model.md ("Chord figures") records the runs that chose
 * DEFAULT_COVER_BITS and DEFAULT_CHANGE_BITS.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readShippedModel, shippedWeights } from '../src-main/model/default-model'
import { readCorpusFolder } from '../src-main/model/novelty/corpus-index'
import { chooseStepper } from '../src-main/model/sampling/engine-choice'
import { samplingModel } from '../src-main/model/sampling/sampling-model'
import { readShippedHarmoniser } from '../src-main/model/cocompose/harmoniser-file'
import type { ChordSettings } from '../src-main/model/cocompose/chords'
import { chordAgreement, chordSplit } from './cocompose'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The variants compared (docs/model.md): the model alone, the melody's cover weighed in, held bars, half bars, a wider beam, the wider candidate set, the cost of a written symbol. */
const VARIANTS: ChordSettings[] = [
  { beam: 2, coverBits: 0, hold: false, halfBars: false },
  { beam: 2, coverBits: 8, hold: false, halfBars: false },
  { beam: 2, coverBits: 0, hold: true, halfBars: false },
  { beam: 2, coverBits: 8, hold: true, halfBars: false },
  { beam: 2, coverBits: 0, hold: true, halfBars: true },
  { beam: 2, coverBits: 8, hold: true, halfBars: true },
  { beam: 2, coverBits: 16, hold: true, halfBars: true },
  { beam: 4, coverBits: 8, hold: true, halfBars: true },
  { beam: 2, coverBits: 8, hold: true, halfBars: true, wider: true, outsideBits: 0 },
  { beam: 2, coverBits: 8, hold: true, halfBars: true, wider: true, outsideBits: 4 },
  { beam: 2, coverBits: 8, hold: true, halfBars: true, wider: true, outsideBits: 8 },
  { beam: 2, coverBits: 8, hold: true, halfBars: true, changeBits: 2 },
  { beam: 2, coverBits: 8, hold: true, halfBars: true, changeBits: -2 },
  { beam: 2, coverBits: 8, hold: true, halfBars: true, changeBits: -4 },
  { beam: 2, coverBits: 8, hold: true, halfBars: true, changeBits: -8 },
  { beam: 2, coverBits: 10, hold: true, halfBars: true, changeBits: -2 },
  { beam: 2, coverBits: 12, hold: true, halfBars: true, changeBits: 0 },
  { beam: 2, coverBits: 12, hold: true, halfBars: true, changeBits: -2 },
  { beam: 2, coverBits: 12, hold: true, halfBars: true, changeBits: -4 },
  { beam: 2, coverBits: 14, hold: true, halfBars: true, changeBits: -2 },
  { beam: 2, coverBits: 16, hold: true, halfBars: true, changeBits: -4 },
  { beam: 2, coverBits: 16, hold: true, halfBars: true, changeBits: -6 },
  { beam: 2, coverBits: 12, hold: true, halfBars: true, changeBits: -2, wider: true, outsideBits: 4 },
  { beam: 2, coverBits: 12, hold: true, halfBars: true, changeBits: -4, wider: true, outsideBits: 4 },
]

async function main(): Promise<void> {
  const tunesArg = process.argv.find((a) => a.startsWith('--tunes='))
  const variantsArg = process.argv.find((a) => a.startsWith('--variants='))
  const variants = variantsArg ? (JSON.parse(variantsArg.slice('--variants='.length)) as ChordSettings[]) : VARIANTS
  const shipped = await readShippedModel(path.join(ROOT, 'resources'))
  if (!shipped) throw new Error('no default model in resources/models/default')
  const heldOut = (await readCorpusFolder(path.join(ROOT, 'resources', 'corpus', 'nottingham'))).map((t) => t.text).filter((_, i) => i % 10 === 9)
  const dev = chordSplit(heldOut).dev.slice(0, tunesArg ? Number(tunesArg.slice('--tunes='.length)) : undefined)
  const harmoniser = await readShippedHarmoniser(path.join(ROOT, 'resources'))
  const fast = chooseStepper()
  const model = samplingModel(await shippedWeights(shipped), shipped.vocab, fast.factory, fast.engine)
  try {
    for (const settings of variants) console.log(JSON.stringify({ split: 'dev', ...settings, ...(await chordAgreement(model, dev, settings, harmoniser)) }))
  } finally {
    model.dispose()
  }
}

await main()
