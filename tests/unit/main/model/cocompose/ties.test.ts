/** Ties across the selection's edges: an alternative that breaks one is not offered (cocompose-service keepSound, tie-check.ts). */
import { describe, expect, it } from 'vitest'
import { checkTies } from '../../../../../src-shared/abc/tie-check'
import { createCocomposeService } from '../../../../../src-main/services/cocompose-service'
import type { PooledSamplingModel } from '../../../../../src-main/model/sampling/sampling-model'
import { biasedModel } from '../sampling/helpers'

const tune = (bars: string): string => `X:1\nT:Ties\nM:2/4\nL:1/8\nK:C\n|:${bars}:|\n`
/** Bar 3 is selected; bar 2 ties its g into it. */
const TIED_IN = tune('cdef|g4-|g4|cdef|gfed|c4')
const NOT_TIED = tune('cdef|g4|g4|cdef|gfed|c4')
const REQUEST = { selection: { bars: { from: 3, to: 3 } }, n: 5, candidates: 16, seed: 1, temperature: 1, topP: 1 }

function serviceOver(model: PooledSamplingModel): ReturnType<typeof createCocomposeService> {
  return createCocomposeService({ model: { samplingFor: () => Promise.resolve({ name: 'biased', sampling: model }) } })
}

describe('ties into or out of the selection', () => {
  it('a tie into the selection holds: bars that start on another pitch are not offered', async () => {
    // This model writes A's whatever it reads: its bars never start on the tied g.
    const service = serviceOver(biasedModel({ A: 0, '|': -1 }))
    const tied = await service.infill({ text: TIED_IN, ...REQUEST })
    expect(tied.distinct).toBeGreaterThan(0)
    expect(tied.alternatives.map((a) => a.text)).toEqual([])
    // The same bars where nothing is tied into them are offered.
    const free = await service.infill({ text: NOT_TIED, ...REQUEST })
    expect(free.alternatives.map((a) => a.text)).toContain('AAAA')
  })

  it('a tie out of the selection must land on the same pitch: bars ending A- before the c that follows are not offered', async () => {
    const service = serviceOver(biasedModel({ A: 0, '-': -0.3, '|': -1 }))
    const result = await service.infill({ text: NOT_TIED, ...REQUEST })
    expect(result.distinct).toBeGreaterThan(1)
    expect(result.alternatives.length).toBeGreaterThan(0)
    for (const a of result.alternatives) {
      expect(a.text, a.text).not.toMatch(/-$/)
      expect(checkTies(a.tune)).toEqual([])
    }
  })
})
