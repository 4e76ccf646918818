import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { weightsToModel } from '../../../../../src-main/engine/layers-format'
import { createJsStepper } from '../../../../../src-main/engine/js-stepper'
import { createNativeEngine, loadAddon } from '../../../../../src-main/engine/native-engine'
import type { StepperFactory } from '../../../../../src-main/model/sampling/sampling-model'
import { prime } from '../../../../../src-main/model/sampling/sampler'
import { softmaxInto } from '../../../../../src-main/model/sampling/filters'
import { corpusTunes, corpusVocab, seededWeights } from './helpers'

// The plain-JS stepper always; the native one when its addon is built here (the engine's build).
const loaded = loadAddon()
const engines: [string, StepperFactory][] = [['plain JS', createJsStepper]]
if ('addon' in loaded) {
  const native = createNativeEngine(loaded.addon)
  engines.push(['native', (w, b) => native.createStepper(w, b)])
}

describe.each(engines)("the sampler's distributions (%s stepper) equal tfjs model.predict's", (_name, createStepper) => {
  it('after priming once and fanning out to 3 rows, and step by step after that', async () => {
    await tf.setBackend('cpu')
    const vocab = corpusVocab()
    const weights = seededWeights(11)
    const tune = corpusTunes('reelsa-c.abc')[3]
    const prefix = vocab.encodeStrict(tune.slice(0, 120))
    const next = vocab.encodeStrict(tune.slice(120, 140))

    const model = weightsToModel(weights, { batchSize: 1, seqLen: 1 })
    const predict = (id: number): Float32Array =>
      tf.tidy(() => (model.predict(tf.tensor2d([id], [1, 1], 'int32')) as tf.Tensor).dataSync() as Float32Array)

    const stepper = createStepper(weights, 3)
    let logits: Float32Array = prime(stepper, prefix)
    let expected: Float32Array = new Float32Array(0)
    for (const id of prefix) expected = predict(id)

    const V = vocab.size
    const probs = new Float64Array(V)
    let worst = 0
    let peak = 0
    for (let t = 0; t <= next.length; t++) {
      for (let r = 0; r < 3; r++) {
        softmaxInto(logits, r * V, V, 1, probs)
        for (let i = 0; i < V; i++) worst = Math.max(worst, Math.abs(probs[i] - expected[i]))
        peak = Math.max(peak, ...probs)
      }
      if (t === next.length) break
      logits = stepper.step(Int32Array.from([next[t], next[t], next[t]]))
      expected = predict(next[t])
    }
    // Non-trivial weights: the distributions are far from uniform (1/88).
    expect(peak).toBeGreaterThan(0.3)
    expect(worst).toBeLessThan(1e-4)
    model.dispose()
  })
})
