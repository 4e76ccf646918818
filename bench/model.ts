/**
 * 'model' section: the shipped default model's validation bits/char on its own split (the
 * library's Nottingham corpus, tune i % 10 == 9, evaluated statefully as in training), and the
 * training loop's end-to-end speed (windows cut, engine steps, progress) at the seed size.
 */
import path from 'node:path'
import { initWeights } from '../src-main/engine/init-weights'
import { prepareTrainingData } from '../src-main/model/corpus/training-data'
import { cleanForTraining } from '../src-shared/abc'
import { readShippedModel, shippedWeights } from '../src-main/model/default-model'
import { chooseEngine } from '../src-main/model/training/backend'
import { StreamEvaluator, validationLayout } from '../src-main/model/training/evaluate'
import { runTrainingLoop } from '../src-main/model/training/loop'
import { SEED_SHAPE } from '../src-main/engine/weights'
import { bundledCorpusRows } from './bundled-corpus'
import type { BenchSection, JsonValue } from './section'

const resourcesDir = path.resolve(import.meta.dirname, '../resources')

export const modelSection: BenchSection = {
  name: 'model',
  async run({ quick, log }) {
    const corpusTunes = bundledCorpusRows()
    const tunes = corpusTunes.map((t) => t.abc)
    const ordinals = corpusTunes.map((t) => t.ordinal)
    const engine = await chooseEngine()
    const result: Record<string, JsonValue> = { engine: engine.describe(), tunes: tunes.length }

    const shipped = await readShippedModel(resourcesDir)
    if (shipped) {
      log('model: default model validation...')
      const weights = await shippedWeights(shipped)
      const data = prepareTrainingData(tunes, { clean: cleanForTraining, vocab: shipped.vocab, ordinals })
      const layout = validationLayout(data.validation.length, 32, 100)
      if (!layout) throw new Error('validation text too short')
      const evaluator = new StreamEvaluator(engine, data.validation, layout)
      const t0 = performance.now()
      const { bits, chars } = evaluator.evaluate(weights)
      evaluator.dispose()
      result.defaultModel = {
        validationBitsPerChar: Math.round(bits * 10_000) / 10_000,
        validationChars: chars,
        validationTunes: data.tuneCount.validation,
        evalCharsPerSec: Math.round(chars / ((performance.now() - t0) / 1000)),
      }
    } else {
      result.defaultModel = null
    }

    log('model: training loop speed (seed size)...')
    const data = prepareTrainingData(tunes, { clean: cleanForTraining, ordinals })
    const shape = { vocabSize: data.vocab.size, ...SEED_SHAPE }
    const seconds = quick ? 8 : 30
    const loop = await runTrainingLoop(
      engine,
      shape,
      // No validation in this measurement: only the training steps' speed.
      { ...data, validation: new Int32Array(0) },
      { epochs: 1, batch: 32, seqLen: 64, lr: 2e-3, lrDecay: 1, warmupSteps: 0, dropout: 0.25, clipNorm: 5, patience: 1, checkpointEvery: 1_000_000, seed: 1, maxSeconds: seconds },
      { weights: initWeights(shape, 1) },
      { saveCheckpoint: () => 0 },
    )
    result.training = {
      shape: `Embedding ${shape.embeddingDim} → LSTM ${shape.lstmUnits.join('×')}`,
      batch: 32,
      seqLen: 64,
      steps: loop.step,
      charsPerSec: Math.round(loop.charsPerSec),
    }
    return result
  },
}
