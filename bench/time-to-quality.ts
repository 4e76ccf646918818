/**
 * 'timeToQuality' section (issue 16): trains the seed-size model from scratch on the bundled
 * Nottingham corpus for a fixed wall-clock budget with today's default recipe and with the
 * previous one, one after the other, and reports for each how long (minutes of wall clock,
 * validation included) and how many training characters it took to first reach each validation
 * score in THRESHOLDS. Definitions: docs/model.md, "Time to quality".
 */
import { initWeights } from '../src-main/engine/init-weights'
import { SEED_SHAPE } from '../src-main/engine/weights'
import type { LstmEngine } from '../src-main/engine/types'
import { prepareTrainingData, type TrainingData } from '../src-main/model/corpus/training-data'
import { chooseEngine } from '../src-main/model/training/backend'
import { runTrainingLoop, type LoopConfig } from '../src-main/model/training/loop'
import { TrainingStartInput } from '../src-shared/contract/training'
import { cleanForTraining } from '../src-shared/abc'
import { bundledCorpusRows } from './bundled-corpus'
import type { BenchSection, JsonValue } from './section'

/** Validation bits/char the section times (keys of minutesTo and charsTo). */
export const THRESHOLDS = ['1.40', '1.30', '1.25', '1.20'] as const
/** The budget: minutes of training on this machine. */
const FULL_MINUTES = 15
/** `--quick` keeps the whole bench under a minute: a few seconds each, enough to see the loop run. */
const QUICK_MINUTES = 0.2
/** Validation every this many steps besides each epoch end: about every 15 s at the seed size. */
const VALIDATE_EVERY_STEPS = 60

/** The settings a recipe may change; everything else is the contract's default. */
export type Recipe = Pick<LoopConfig, 'lr' | 'lrDecay' | 'warmupSteps' | 'dropout' | 'batch' | 'seqLen'>

const defaults = TrainingStartInput.parse({ corpusId: 1, modelName: 'bench' })
/** Today's default recipe: the contract's defaults, what the training form and CLI start from. */
export const DEFAULT_RECIPE: Recipe = { lr: defaults.lr, lrDecay: defaults.lrDecay, warmupSteps: defaults.warmupSteps, dropout: defaults.dropout, batch: defaults.batch, seqLen: defaults.seqLen }
/** The recipe the shipped model was trained with before issue 16 (kept for comparison). */
export const PREVIOUS_RECIPE: Recipe = { lr: 2e-3, lrDecay: 0.97, warmupSteps: 0, dropout: 0.25, batch: 32, seqLen: 64 }

export interface RecipeRun {
  recipe: Recipe
  minutes: number
  charsPerSec: number
  epochs: number
  /** Minutes (wall clock from the start, validation included) to the first validation ≤ each key; null = not reached. */
  minutesTo: Record<string, number | null>
  /** Training characters seen by then. */
  charsTo: Record<string, number | null>
  bestBits: number | null
  lastBits: number | null
  /** Every validation: [minutes, epochs, bits/char]. */
  curve: Array<[number, number, number]>
}

/** The bundled corpus prepared as training prepares it (default split, fresh vocabulary). */
export function bundledTrainingData(): TrainingData {
  const rows = bundledCorpusRows()
  return prepareTrainingData(rows.map((t) => t.abc), { clean: cleanForTraining, ordinals: rows.map((t) => t.ordinal) })
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits

/** Trains one recipe from scratch (seed 1) for `minutes` and times each threshold. */
export async function runRecipe(engine: LstmEngine, data: TrainingData, recipe: Recipe, minutes: number, options: { seed?: number; validateEvery?: number; log?: (line: string) => void } = {}): Promise<RecipeRun> {
  const seed = options.seed ?? 1
  const shape = { vocabSize: data.vocab.size, ...SEED_SHAPE }
  const config: LoopConfig = { ...defaults, ...recipe, epochs: 1000, patience: 1000, checkpointEvery: options.validateEvery ?? VALIDATE_EVERY_STEPS, seed, maxSeconds: minutes * 60 }
  const windowChars = recipe.batch * recipe.seqLen
  const minutesTo: Record<string, number | null> = Object.fromEntries(THRESHOLDS.map((t) => [t, null]))
  const charsTo: Record<string, number | null> = { ...minutesTo }
  const curve: Array<[number, number, number]> = []
  const began = performance.now()
  const loop = await runTrainingLoop(engine, shape, data, config, { weights: initWeights(shape, seed) }, {
    saveCheckpoint: (c) => {
      if (c.valBits === null) return 0
      const at = (performance.now() - began) / 60_000
      curve.push([round(at, 2), round(c.epoch, 2), round(c.valBits, 4)])
      options.log?.(`${round(at, 2)} min, epoch ${round(c.epoch, 2)}: ${round(c.valBits, 4)} bits/char`)
      for (const t of THRESHOLDS) {
        if (minutesTo[t] === null && c.valBits <= Number(t)) {
          minutesTo[t] = round(at, 2)
          charsTo[t] = c.step * windowChars
        }
      }
      return 0
    },
  })
  const bits = curve.map((p) => p[2])
  return {
    recipe,
    minutes,
    charsPerSec: Math.round(loop.charsPerSec),
    epochs: round(loop.epoch, 2),
    minutesTo,
    charsTo,
    bestBits: bits.length ? Math.min(...bits) : null,
    lastBits: bits.at(-1) ?? null,
    curve,
  }
}

function figures(run: RecipeRun): Record<string, JsonValue> {
  const { curve, ...rest } = run
  return { ...rest, recipe: { ...run.recipe }, curve: curve.map((p) => [...p]) }
}

export const timeToQualitySection: BenchSection = {
  name: 'timeToQuality',
  async run({ quick, log }) {
    const minutes = quick ? QUICK_MINUTES : FULL_MINUTES
    const engine = await chooseEngine()
    const data = bundledTrainingData()
    log(`timeToQuality: today's recipe, ${minutes} min...`)
    const today = await runRecipe(engine, data, DEFAULT_RECIPE, minutes)
    log(`timeToQuality: previous recipe, ${minutes} min...`)
    const previous = await runRecipe(engine, data, PREVIOUS_RECIPE, minutes)
    return {
      engine: engine.describe(),
      shape: `Embedding ${SEED_SHAPE.embeddingDim} → LSTM ${SEED_SHAPE.lstmUnits.join('×')}`,
      trainTunes: data.tuneCount.train,
      validationChars: data.validation.length,
      minutesTo: today.minutesTo,
      charsTo: today.charsTo,
      today: figures(today),
      previous: figures(previous),
    }
  },
}
