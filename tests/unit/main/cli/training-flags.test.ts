/** The training flags of train and train-job export take their limits from the contract's schema. */
import { describe, expect, it } from 'vitest'
import { trainingFlags } from '../../../../src-main/cli/training-flags'
import { TrainingStartInput } from '../../../../src-shared/contract/training'

describe('training flags', () => {
  it('reads the flags given, leaves the others absent, and fills sizes from the shipped ones', () => {
    expect(trainingFlags({ epochs: '3', 'seq-len': '128', dropout: '0.1', units: '128,128' }, ['epochs', 'seqLen', 'dropout', 'batch']))
      .toEqual({ epochs: 3, seqLen: 128, dropout: 0.1, sizes: { embedding: 512, units: [128, 128] } })
    expect(trainingFlags({}, ['epochs', 'lr'])).toEqual({})
    expect(trainingFlags({ warmup: '200', 'lr-decay': '0.93' }, ['warmupSteps', 'lrDecay'])).toEqual({ warmupSteps: 200, lrDecay: 0.93 })
  })

  it('refuses in words what the contract refuses, at the contract\'s own limits', () => {
    const dropoutMax = TrainingStartInput.shape.dropout.unwrap().maxValue
    expect(dropoutMax).toBe(0.9)
    expect(() => trainingFlags({ dropout: '0.95' }, ['dropout'])).toThrow(/--dropout must be a number from 0 to 0\.9, not "0\.95"/)
    expect(() => trainingFlags({ batch: '1.5' }, ['batch'])).toThrow(/--batch must be a whole number from 1 to 256/)
    expect(() => trainingFlags({ warmup: '-1' }, ['warmupSteps'])).toThrow(/--warmup must be a whole number from 0 to 100000/)
    expect(() => trainingFlags({ units: '256,4' }, [])).toThrow(/--units \(layer 2\) must be a whole number from 8 to 1024/)
    // A flag a command does not read is not judged by it.
    expect(trainingFlags({ clip: 'lots' }, ['epochs'])).toEqual({})
  })
})
