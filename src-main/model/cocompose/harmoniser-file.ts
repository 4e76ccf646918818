/**
 * The shipped harmoniser (harmony-model.ts): resources/harmony/harmoniser.json, made from the
 * bundled Nottingham tunes by scripts/train-harmoniser.ts. It reads melodies and chord names
 * relative to the key, so it serves any LSTM, the shipped one or a musician's own.
 */
import { createHash } from 'node:crypto'
import { readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { CHORD_CLASSES, FEATURE_COUNT } from './harmony-features'
import { classifierFile, HARMONISER_FORMAT, readHarmoniser, type Harmoniser, type HarmoniserFile } from './harmony-model'
import type { BarExample } from './harmony-training'

export const harmoniserPath = (resourcesDir: string): string => path.join(resourcesDir, 'harmony', 'harmoniser.json')

/** The shipped file's digest of the bars it learnt from (examplesDigest). */
export async function shippedExamplesDigest(resourcesDir: string): Promise<string> {
  return (JSON.parse(await readFile(harmoniserPath(resourcesDir), 'utf8')) as HarmoniserFile).examples
}

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

/** A digest of the bars a harmoniser learns from (every feature's bytes and both classes), in order. */
export function examplesDigest(bars: BarExample[]): string {
  const hash = createHash('sha256')
  for (const b of bars) {
    hash.update(new Uint8Array(b.x.buffer, b.x.byteOffset, b.x.byteLength))
    hash.update(`${b.start},${b.middle};`)
  }
  return hash.digest('hex')
}

export async function writeHarmoniser(file: string, h: Harmoniser, made: { examples: string; trainedOn: string }): Promise<void> {
  const hidden = h.start.hidden?.bias.length ?? 0
  if (h.middle.hidden?.bias.length !== hidden) throw new Error('the start and middle classifiers differ in shape')
  const out: HarmoniserFile = { format: HARMONISER_FORMAT, features: FEATURE_COUNT, hidden, classes: CHORD_CLASSES, start: classifierFile(h.start), middle: classifierFile(h.middle), ...made }
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, JSON.stringify(out) + '\n')
}
