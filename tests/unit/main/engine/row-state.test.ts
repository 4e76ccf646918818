import { describe, expect, it } from 'vitest'
import { createJsStepper } from '../../../../src-main/engine/js-stepper'
import { initWeights } from '../../../../src-main/engine/init-weights'
import { createNativeEngine, loadAddon } from '../../../../src-main/engine/native-engine'
import type { LstmStepper } from '../../../../src-main/engine/types'
import type { CharLstmWeights } from '../../../../src-main/engine/weights'
import { corpusTokens, relativeError, softmaxRows } from './helpers'

const loaded = loadAddon()
if ('error' in loaded) throw new Error(`${loaded.error} — build it with: node scripts/build-engine.mjs`)
const native = createNativeEngine(loaded.addon)
const { tokens, vocabSize } = corpusTokens()
const ROWS = 3
const CONTEXT = 30

function testWeights(): CharLstmWeights {
  const weights = initWeights({ vocabSize, embeddingDim: 32, lstmUnits: [40, 24] }, 13)
  // Larger than initial weights so the state carries a lot from the context.
  for (const l of weights.layers) l.recurrentKernel.forEach((x, i, a) => (a[i] = x * 3))
  return weights
}

/** Every row reads the context: the reference way to prime a batch. */
function primeEveryRow(stepper: LstmStepper): void {
  for (let t = 0; t < CONTEXT; t++) stepper.step(new Int32Array(stepper.batchSize).fill(tokens[t]))
}

/** Three rows go on with different characters; their probabilities over a few steps. */
function continuation(stepper: LstmStepper): Float32Array[] {
  const out: Float32Array[] = []
  for (let t = 0; t < 8; t++) out.push(softmaxRows(stepper.step(Int32Array.from({ length: ROWS }, (_, r) => tokens[2000 * (r + 1) + t])), vocabSize))
  return out
}

const worst = (a: Float32Array[], b: Float32Array[]): number => Math.max(...a.map((x, i) => relativeError(x, b[i])))

type Make = (w: CharLstmWeights, rows: number) => LstmStepper
const engines: [string, Make][] = [
  ['js', createJsStepper],
  ['native', (w, rows) => native.createStepper(w, rows)],
]

describe('row state carried between steppers', () => {
  for (const [fromName, makeFrom] of engines) {
    for (const [toName, makeTo] of engines) {
      it(`a context read by one ${fromName} row, set into every row of a ${toName} batch, goes on as if every row had read it`, () => {
        const weights = testWeights()
        const reference = makeTo(weights, ROWS)
        primeEveryRow(reference)
        const one = makeFrom(weights, 1)
        primeEveryRow(one)
        const state = one.getRowState(0)
        expect(state.length).toBe(2 * (40 + 24))
        const batch = makeTo(weights, ROWS)
        batch.step(Int32Array.from({ length: ROWS }, (_, r) => r)) // some other state, to be overwritten
        for (let r = 0; r < ROWS; r++) batch.setRowState(r, state)
        expect(worst(continuation(batch), continuation(reference))).toBeLessThan(1e-4)
        expect(Array.from(batch.getRowState(1))).not.toEqual(Array.from(state)) // the rows went on
      })
    }
  }

  for (const [name, make] of engines) {
    it(`${name}: a state of the wrong size or a row outside the batch is refused`, () => {
      const stepper = make(testWeights(), 2)
      expect(() => stepper.setRowState(0, new Float32Array(5))).toThrow(/5|expected/)
      expect(() => stepper.getRowState(2)).toThrow(/row/)
      expect(() => stepper.setRowState(-1, new Float32Array(2 * (40 + 24)))).toThrow(/row/)
    })
  }
})
