/** Small real inputs for the training tests: a few dozen short tunes and a tiny model. */
import { initWeights } from '../../../../src-main/engine/init-weights'
import { prepareTrainingData, type TrainingData } from '../../../../src-main/model/corpus/training-data'
import type { LoopConfig } from '../../../../src-main/model/training/loop'
import type { CharLstmWeights, ModelShape } from '../../../../src-main/engine/weights'

const phrases = ['GABc dBAG', 'FGAB cAFD', 'dcBA GFED', 'EFGA BcdB', 'cdef gfed', 'ABcd efge']

/** `count` tunes made of a few repeated phrases: easy to learn, so the loss falls in a few steps. */
export function tinyTunes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const a = phrases[i % phrases.length]
    const b = phrases[(i * 7 + 3) % phrases.length]
    return `X:${i + 1}\nT:Tune ${i + 1}\nM:4/4\nK:G\n|:${a}|${b}|${a}|${b}:|\n`
  })
}

export function tinyData(count = 40): TrainingData {
  return prepareTrainingData(tinyTunes(count), { clean: (t) => t })
}

export function tinyShape(data: TrainingData): ModelShape {
  return { vocabSize: data.vocab.size, embeddingDim: 16, lstmUnits: [32, 32] }
}

export function tinyWeights(data: TrainingData, seed = 3): CharLstmWeights {
  return initWeights(tinyShape(data), seed)
}

export const tinyConfig: LoopConfig = {
  epochs: 3,
  batch: 4,
  seqLen: 16,
  lr: 1e-2,
  lrDecay: 0.9,
  warmupSteps: 0,
  dropout: 0.2,
  clipNorm: 5,
  patience: 3,
  checkpointEvery: 1_000_000,
  seed: 11,
}
