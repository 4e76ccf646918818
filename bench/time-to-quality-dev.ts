/**
 * Tries training recipes for the time-to-quality figures (docs/model.md) outside the bench:
 * `npx tsx bench/time-to-quality-dev.ts --minutes 30 --seed 1 --recipe '{"lr":0.003,"lrDecay":0.95,"dropout":0.2}'`
 * prints each validation as it comes (stderr) and the run's figures as one JSON line (stdout).
 * Settings not given are today's defaults.
 */
import { parseArgs } from 'node:util'
import { chooseEngine } from '../src-main/model/training/backend'
import { DEFAULT_RECIPE, bundledTrainingData, runRecipe, type Recipe } from './time-to-quality'

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '15' }, seed: { type: 'string', default: '1' }, recipe: { type: 'string', default: '{}' }, 'validate-every': { type: 'string' } } })
const recipe: Recipe = { ...DEFAULT_RECIPE, ...(JSON.parse(values.recipe) as Partial<Recipe>) }
const engine = await chooseEngine()
const data = bundledTrainingData()
process.stderr.write(`${JSON.stringify(recipe)} for ${values.minutes} min, seed ${values.seed}\n`)
const run = await runRecipe(engine, data, recipe, Number(values.minutes), { seed: Number(values.seed), validateEvery: values['validate-every'] ? Number(values['validate-every']) : undefined, log: (line) => void process.stderr.write(line + '\n') })
process.stdout.write(JSON.stringify({ ...run, seed: Number(values.seed) }) + '\n')
