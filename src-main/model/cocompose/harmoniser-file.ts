/**
 * The shipped harmoniser (harmony-model.ts): resources/harmony/harmoniser.json, made from the
 * bundled Nottingham tunes by scripts/train-harmoniser.ts. It reads melodies and chord names
 * relative to the key, so it serves any LSTM, the shipped one or a musician's own.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { CHORD_CLASSES, FEATURE_COUNT } from './harmony-features'
import { HARMONISER_FORMAT, readHarmoniser, type Harmoniser, type HarmoniserFile } from './harmony-model'

export const harmoniserPath = (resourcesDir: string): string => path.join(resourcesDir, 'harmony', 'harmoniser.json')

/** Significant digits a weight keeps in the file: far below what changes a choice, and a file a fifth the size. */
const WEIGHT_DIGITS = 5

/** The shipped harmoniser; null when the file is absent (the decoder then goes by the model and the cover alone). A file that is there but unreadable throws. */
export async function readShippedHarmoniser(resourcesDir: string): Promise<Harmoniser | null> {
  let text: string
  try {
    text = await readFile(harmoniserPath(resourcesDir), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  return readHarmoniser(JSON.parse(text))
}

export async function writeHarmoniser(file: string, h: Harmoniser, trainedOn: string): Promise<void> {
  const out: HarmoniserFile = {
    format: HARMONISER_FORMAT,
    features: FEATURE_COUNT,
    classes: CHORD_CLASSES,
    weights: Array.from(h.weights, (w) => Number(w.toPrecision(WEIGHT_DIGITS))),
    trainedOn,
  }
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, JSON.stringify(out) + '\n')
}
