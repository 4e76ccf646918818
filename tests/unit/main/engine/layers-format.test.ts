import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { initWeights } from '../../../../src-main/engine/init-weights'
import { flattenWeights, unflattenWeights, shapeOf } from '../../../../src-main/engine/flat-weights'
import {
  checkpointFromBytes,
  checkpointToBytes,
  loadLayersFolder,
  saveLayersFolder,
  weightsToArtifacts,
  artifactsToWeights,
  artifactsToWeightsViaTfjs,
} from '../../../../src-main/engine/layers-format'

const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-layers-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const weights = initWeights({ vocabSize: 30, embeddingDim: 12, lstmUnits: [16, 8] }, 42)

describe('initWeights', () => {
  it('is reproducible from the seed and follows the documented defaults', () => {
    expect(flattenWeights(initWeights(shapeOf(weights), 42))).toEqual(flattenWeights(weights))
    expect(flattenWeights(initWeights(shapeOf(weights), 43))).not.toEqual(flattenWeights(weights))
    const bias = weights.layers[0].bias
    expect(Array.from(bias.subarray(16, 32)).every((x) => x === 1)).toBe(true)
    expect(Array.from(bias.subarray(0, 16)).every((x) => x === 0)).toBe(true)
    const limit = Math.sqrt(6 / (12 + 64))
    expect(Math.max(...weights.layers[0].kernel.map(Math.abs))).toBeLessThanOrEqual(limit)
    expect(Math.max(...weights.layers[0].kernel.map(Math.abs))).toBeGreaterThan(limit * 0.9)
  })

  it('flat round trip keeps every value', () => {
    const flat = flattenWeights(weights)
    expect(flattenWeights(unflattenWeights(shapeOf(weights), flat))).toEqual(flat)
  })
})

describe('tfjs Layers format', () => {
  it('writes model.json + one .bin that loads back to the same weights', async () => {
    await saveLayersFolder(weights, path.join(dir, 'ckpt'), { batchSize: 16, seqLen: 64 })
    const back = await loadLayersFolder(path.join(dir, 'ckpt'))
    expect(back.layers.map((l) => l.units)).toEqual([16, 8])
    expect(flattenWeights(back)).toEqual(flattenWeights(weights))
  })

  it('topology is the Keras model: stateful sigmoid LSTMs and a softmax TimeDistributed Dense', async () => {
    const { modelJson } = await weightsToArtifacts(weights, { batchSize: 16, seqLen: 64 })
    const text = JSON.stringify(modelJson.modelTopology)
    expect(text).toContain('"stateful":true')
    expect(text).toContain('"recurrent_activation":"sigmoid"')
    expect(text).toContain('"class_name":"TimeDistributed"')
    expect(text).toContain('"activation":"softmax"')
    expect(text).toContain('"batch_input_shape":[16,64]')
  })

  it('loads a Keras-style topology with Orthogonal recurrent initializers (as tensorflowjs_converter writes it)', async () => {
    const artifacts = await weightsToArtifacts(weights, { batchSize: 1, seqLen: null })
    const keras = JSON.parse(JSON.stringify(artifacts.modelJson).replaceAll(/"recurrent_initializer":\{"class_name":"VarianceScaling","config":\{[^}]*\}\}/g, '"recurrent_initializer":{"class_name":"Orthogonal","config":{"gain":1,"seed":null}}'))
    expect(JSON.stringify(keras)).toContain('Orthogonal')
    const back = await artifactsToWeights({ modelJson: keras, weightData: artifacts.weightData })
    expect(flattenWeights(back)).toEqual(flattenWeights(weights))
  })

  it('reads its own layout straight from the bytes (no tfjs) to exactly what the tfjs loader reads, and other topologies through tfjs', async () => {
    const artifacts = await weightsToArtifacts(weights, { batchSize: 1, seqLen: null })
    expect(flattenWeights(await artifactsToWeights(artifacts))).toEqual(flattenWeights(await artifactsToWeightsViaTfjs(artifacts)))
    // hard_sigmoid is not the engine's LSTM: the direct reader leaves it to tfjs, which refuses it in words.
    const hard = JSON.parse(JSON.stringify(artifacts.modelJson).replaceAll('"recurrent_activation":"sigmoid"', '"recurrent_activation":"hard_sigmoid"'))
    await expect(artifactsToWeights({ modelJson: hard, weightData: artifacts.weightData })).rejects.toThrow(/only sigmoid\/tanh LSTMs are supported/)
  })

  it('checkpoint bytes carry weights and Adam state', async () => {
    const m = flattenWeights(weights).map((x) => x * 0.5)
    const opt = { step: 12, m: [m.slice(0, 10), m.slice(10)], v: [m.slice(0, 10).map(Math.abs), m.slice(10).map(Math.abs)] }
    const bytes = await checkpointToBytes(weights, opt)
    const back = await checkpointFromBytes(bytes)
    expect(flattenWeights(back.weights)).toEqual(flattenWeights(weights))
    expect(back.optimizer?.step).toBe(12)
    expect(back.optimizer?.v[1]).toEqual(opt.v[1])
    expect((await checkpointFromBytes(await checkpointToBytes(weights))).optimizer).toBeUndefined()
  })

  it('bad input gives clear messages', async () => {
    await expect(checkpointFromBytes(new TextEncoder().encode('hello world'))).rejects.toThrow(/not a Tunesmith checkpoint/)
    const bytes = await checkpointToBytes(weights)
    await expect(checkpointFromBytes(bytes.subarray(0, bytes.length - 10))).rejects.toThrow(/truncated/)
    writeFileSync(path.join(dir, 'model.json'), '{nope')
    await expect(loadLayersFolder(dir)).rejects.toThrow(/cannot read/)
    await expect(loadLayersFolder(path.join(dir, 'missing'))).rejects.toThrow(/cannot read/)
  })
})
