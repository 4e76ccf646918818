import { describe, expect, it } from 'vitest'
import { chooseEngine } from '../../../../../src-main/model/training/backend'
import { learningRateAt, runTrainingLoop, type CheckpointData, type LoopConfig, type StepReport } from '../../../../../src-main/model/training/loop'
import { decodeResumeState, encodeResumeState } from '../../../../../src-main/model/training/resume-state'
import { artifactsToWeights, weightsToArtifacts } from '../../../../../src-main/engine/layers-format'
import { weightTensors } from '../../../../../src-main/engine/flat-weights'
import { EarlyStopping } from '../../../../../src-main/model/training/early-stopping'
import { windowLayout } from '../../../../../src-main/model/corpus/windows'
import { epochText } from '../../../../../src-main/model/corpus/stream'
import { tinyConfig, tinyData, tinyShape, tinyWeights } from '../helpers'

/** A checkpoint as the library would hold it: Layers-format bytes and the resume blob. */
interface Stored {
  id: number
  data: CheckpointData
  modelJson: string
  weightData: Uint8Array
  resumeBlob: Uint8Array
}

async function store(list: Stored[], data: CheckpointData): Promise<number> {
  const { modelJson, weightData } = await weightsToArtifacts(data.weights)
  const id = list.length + 1
  list.push({ id, data, modelJson: JSON.stringify(modelJson), weightData, resumeBlob: encodeResumeState(data.resume) })
  return id
}

describe('training loop', () => {
  it('trains real steps on a tiny corpus and the loss falls', async () => {
    const engine = await chooseEngine()
    const data = tinyData()
    const steps: StepReport[] = []
    const saved: Stored[] = []
    const result = await runTrainingLoop(engine, tinyShape(data), data, { ...tinyConfig, epochs: 6, reportEveryMs: 0 }, { weights: tinyWeights(data) }, {
      onStep: (s) => steps.push(s),
      saveCheckpoint: (c) => store(saved, c),
    })
    expect(result.outcome).toBe('completed')
    expect(steps.length).toBe(result.step)
    const first = steps.slice(0, 3).reduce((a, s) => a + s.trainLoss, 0) / 3
    const last = steps.slice(-3).reduce((a, s) => a + s.trainLoss, 0) / 3
    expect(first).toBeGreaterThan(Math.log(data.vocab.size) * 0.8)
    expect(last).toBeLessThan(first * 0.6)
    // One checkpoint per epoch end; validation bits fall and the best is the lowest.
    expect(saved.map((s) => s.data.kind)).toEqual(Array(6).fill('epoch'))
    const vals = saved.map((s) => s.data.valBits as number)
    expect(vals[5]).toBeLessThan(vals[0])
    expect(result.bestValBits).toBe(Math.min(...vals))
    expect(steps.every((s) => s.charsPerSec > 0)).toBe(true)
  })

  it('resumed from a checkpoint reproduces the uninterrupted run exactly', async () => {
    const engine = await chooseEngine()
    const data = tinyData()
    // tfjs draws dropout masks from its own RNG (see engine/tfjs-engine.ts): exact only without dropout there.
    // The warm-up (10 steps) spans the checkpoint resumed from: the rate there comes from the step, not the trainer.
    const config: LoopConfig = { ...tinyConfig, epochs: 2, checkpointEvery: 4, warmupSteps: 10, dropout: engine.kind === 'native' ? 0.2 : 0 }
    const start = tinyWeights(data)
    const full: Stored[] = []
    const a = await runTrainingLoop(engine, tinyShape(data), data, config, { weights: start }, { saveCheckpoint: (c) => store(full, c) })
    // Resume from a periodic checkpoint in the middle of the first epoch.
    const middle = full.find((s) => s.data.kind === 'periodic' && s.data.step === 8)
    expect(middle).toBeDefined()
    const resumed: Stored[] = []
    const b = await runTrainingLoop(
      engine,
      tinyShape(data),
      data,
      config,
      {
        weights: await artifactsToWeights({ modelJson: JSON.parse(middle!.modelJson), weightData: middle!.weightData }),
        resume: decodeResumeState(middle!.resumeBlob),
      },
      { saveCheckpoint: (c) => store(resumed, c) },
    )
    expect(b.step).toBe(a.step)
    const finalA = weightTensors(full.at(-1)!.data.weights)
    const finalB = weightTensors(resumed.at(-1)!.data.weights)
    finalA.forEach((t, i) => expect(Buffer.from(finalB[i].buffer).equals(Buffer.from(t.buffer))).toBe(true))
    expect(resumed.at(-1)!.data.valBits).toBe(full.at(-1)!.data.valBits)
    // And training did change the weights (the comparison is not of two untouched copies).
    expect(Buffer.from(finalA[0].buffer).equals(Buffer.from(start.embedding.buffer))).toBe(false)
  })

  it('warm-up: step s of the first warmupSteps runs at lr × (s + 1) / warmupSteps, then at the epoch rate', async () => {
    const engine = await chooseEngine()
    const data = tinyData()
    const oneStep = async (config: LoopConfig): Promise<Float32Array[]> => {
      const saved: Stored[] = []
      let calls = 0
      await runTrainingLoop(engine, tinyShape(data), data, config, { weights: tinyWeights(data) }, { saveCheckpoint: (c) => store(saved, c), control: () => (++calls > 1 ? 'stop' : 'continue') })
      return weightTensors(saved.at(-1)!.data.weights)
    }
    const same = (a: Float32Array[], b: Float32Array[]): boolean => a.every((t, i) => Buffer.from(t.buffer).equals(Buffer.from(b[i].buffer)))
    const warm = await oneStep({ ...tinyConfig, lr: 1e-2, warmupSteps: 4 })
    expect(same(warm, await oneStep({ ...tinyConfig, lr: 1e-2 / 4, warmupSteps: 0 }))).toBe(true)
    expect(same(warm, await oneStep({ ...tinyConfig, lr: 1e-2, warmupSteps: 0 }))).toBe(false)
    // A warm-up longer than an epoch is cut to one epoch: a small corpus is not held at a low rate for epochs.
    const perEpoch = windowLayout(epochText(data.trainTunes, tinyConfig.seed, 0).length, tinyConfig.batch, tinyConfig.seqLen).windows
    expect(same(await oneStep({ ...tinyConfig, lr: 1e-2, warmupSteps: 100_000 }), await oneStep({ ...tinyConfig, lr: 1e-2 / perEpoch, warmupSteps: 0 }))).toBe(true)
    expect(learningRateAt({ lr: 1e-2, lrDecay: 0.5, warmupSteps: 4 }, { epoch: 0, step: 1 })).toBeCloseTo(5e-3, 12)
    expect(learningRateAt({ lr: 1e-2, lrDecay: 0.5, warmupSteps: 4 }, { epoch: 2, step: 400 })).toBeCloseTo(2.5e-3, 12)
  })

  it('stops early when validation stops improving, keeping the best checkpoint', async () => {
    const engine = await chooseEngine()
    const data = tinyData()
    const saved: Stored[] = []
    // A learning rate this small changes validation by far less than the 1e-4 bits that count.
    const result = await runTrainingLoop(engine, tinyShape(data), data, { ...tinyConfig, lr: 1e-9, epochs: 20, patience: 2 }, { weights: tinyWeights(data) }, {
      saveCheckpoint: (c) => store(saved, c),
    })
    expect(result.outcome).toBe('early-stopped')
    expect(saved).toHaveLength(3)
    // Patience counts improvements of at least 1e-4 bits; the best checkpoint is simply the lowest.
    const lowest = saved.reduce((a, b) => ((b.data.valBits as number) < (a.data.valBits as number) ? b : a))
    expect(result.bestCheckpointId).toBe(lowest.id)
    expect(lowest.data.isBest).toBe(true)
    expect(Math.abs((saved[2].data.valBits as number) - (saved[0].data.valBits as number))).toBeLessThan(1e-4)
  })

  it('stops on request with a final checkpoint at the exact position', async () => {
    const engine = await chooseEngine()
    const data = tinyData()
    const saved: Stored[] = []
    let calls = 0
    const result = await runTrainingLoop(engine, tinyShape(data), data, tinyConfig, { weights: tinyWeights(data) }, {
      saveCheckpoint: (c) => store(saved, c),
      control: () => (++calls > 5 ? 'stop' : 'continue'),
    })
    expect(result.outcome).toBe('stopped')
    expect(result.step).toBe(5)
    expect(saved.at(-1)!.data.kind).toBe('final')
    expect(decodeResumeState(saved.at(-1)!.resumeBlob).position).toEqual({ epoch: 0, window: 5, step: 5 })
  })

  it('rejects bad settings with clear messages', async () => {
    const engine = await chooseEngine()
    const data = tinyData()
    const run = (config: Partial<LoopConfig>) =>
      runTrainingLoop(engine, tinyShape(data), data, { ...tinyConfig, ...config }, { weights: tinyWeights(data) }, { saveCheckpoint: () => 1 })
    await expect(run({ epochs: 0 })).rejects.toThrow(/epochs must be a whole number from 1 to 1000, got 0/)
    await expect(run({ batch: 1_000_000 })).rejects.toThrow(/batch must be a whole number from 1 to 256/)
    await expect(run({ batch: 200, seqLen: 500 })).rejects.toThrow(/too short for batch 200 × sequence length 500/)
    // The limits are the contract's (TrainingStartInput): the loop once allowed dropout up to 1 where the schema stops at 0.9.
    await expect(run({ dropout: 0.95 })).rejects.toThrow(/dropout must be in \[0, 0\.9\], got 0\.95/)
    await expect(run({ lr: 0 })).rejects.toThrow(/learning rate must be in \(0, 1\], got 0/)
  })
})

describe('EarlyStopping', () => {
  it('counts epochs without improvement and resets on a better score', () => {
    const early = new EarlyStopping(2)
    expect(early.update(2.0)).toEqual({ improved: true, stop: false })
    expect(early.update(2.0)).toEqual({ improved: false, stop: false })
    expect(early.update(1.9)).toEqual({ improved: true, stop: false })
    expect(early.update(1.95)).toEqual({ improved: false, stop: false })
    expect(early.update(1.9)).toEqual({ improved: false, stop: true })
    expect(() => new EarlyStopping(0)).toThrow(/patience/)
  })
})
