/**
 * Makes resources/harmony/harmoniser.json from the bundled Nottingham tunes' chord symbols:
 * `npm run train:harmoniser`. It learns from the shipped model's training tunes only (every tune
 * but each tenth, i % 10 != 9, as the model was split), so the bench's held-out tunes stay unseen.
 * Deterministic: the same corpus and settings give the same file.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readCorpusFolder } from '../src-main/model/novelty/corpus-index'
import { examplesDigest, harmoniserPath, writeHarmoniser } from '../src-main/model/cocompose/harmoniser-file'
import { DEFAULT_HARMONY_TRAINING, trainHarmoniser } from '../src-main/model/cocompose/harmony-training'
import { harmonyExamples } from '../src-main/model/cocompose/tune-chords'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const HELD_OUT_EVERY = 10

const corpus = await readCorpusFolder(path.join(ROOT, 'resources', 'corpus', 'nottingham'))
const examples = corpus.filter((_, i) => i % HELD_OUT_EVERY !== HELD_OUT_EVERY - 1).flatMap((t) => harmonyExamples(t.text))
const started = performance.now()
const harmoniser = trainHarmoniser(examples, DEFAULT_HARMONY_TRAINING)
const file = harmoniserPath(path.join(ROOT, 'resources'))
await writeHarmoniser(file, harmoniser, {
  examples: examplesDigest(examples),
  trainedOn: `Nottingham (resources/corpus/nottingham), tunes i % 10 != 9: ${examples.length} bars with a chord; ${JSON.stringify(DEFAULT_HARMONY_TRAINING)}`,
})
console.log(`${examples.length} bars, ${((performance.now() - started) / 1000).toFixed(1)} s → ${path.relative(ROOT, file)}`)
