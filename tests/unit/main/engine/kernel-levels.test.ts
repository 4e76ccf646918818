/**
 * The native engine picks its vectorised kernels by the CPU's features at run time: the best
 * level by default, a forced one with TUNESMITH_KERNELS, and a level the CPU lacks is refused in
 * words (never an illegal instruction). That each level computes what tfjs computes is checked in
 * native-gradients.test.ts and native-training.test.ts, level by level.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { initWeights } from '../../../../src-main/engine/init-weights'
import { loadAddon, createNativeEngine } from '../../../../src-main/engine/native-engine'
import { corpusTokens } from './helpers'

const loaded = loadAddon()
if ('error' in loaded) throw new Error(`${loaded.error} — build it with: node scripts/build-engine.mjs`)
const { addon } = loaded
const engine = createNativeEngine(addon)
const ALL_LEVELS = ['avx512', 'avx2', 'generic']
const supported = addon.info().kernelLevels
const { vocabSize } = corpusTokens()

afterEach(() => {
  delete process.env.TUNESMITH_KERNELS
})

describe('kernel levels', () => {
  it('the CPU runs the generic level at least, and the default is the best it has', () => {
    expect(supported).toContain('generic')
    expect(supported.every((l) => ALL_LEVELS.includes(l))).toBe(true)
    expect(addon.info().kernels).toBe(supported[0])
    expect(engine.describe()).toContain(`${supported[0]} kernels`)
  })

  for (const level of ALL_LEVELS.filter((l) => !supported.includes(l))) {
    it(`${level}: this CPU lacks it, so forcing it is refused in words`, () => {
      process.env.TUNESMITH_KERNELS = level
      const weights = initWeights({ vocabSize, embeddingDim: 8, lstmUnits: [8] }, 1)
      expect(() => engine.createStepper(weights, 1)).toThrow(/asks for kernels this CPU cannot run \(it has no/)
    })
  }

  it('an unknown level is refused with the ones there are', () => {
    process.env.TUNESMITH_KERNELS = 'sse9'
    expect(() => addon.info()).toThrow(/TUNESMITH_KERNELS must be auto or one of avx512, avx2, generic, not "sse9"/)
  })
})
