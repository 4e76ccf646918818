/**
 * The training settings a command reads from its flags (train, train-job export), each checked
 * against the contract's own limits (TrainingStartInput) so the CLI, the form and the service
 * agree on them without a second copy of the numbers.
 */
import { z } from 'zod'
import { DEFAULT_SIZES, TrainingStartInput } from '../../src-shared/contract/training'
import { intOption, numberOption, stringOption, type CommandContext } from './command'

/** Setting → the flag that spells it. */
export const SETTING_FLAGS = {
  epochs: 'epochs',
  batch: 'batch',
  seqLen: 'seq-len',
  lr: 'lr',
  lrDecay: 'lr-decay',
  warmupSteps: 'warmup',
  dropout: 'dropout',
  clipNorm: 'clip',
  patience: 'patience',
  checkpointEvery: 'checkpoint-every',
  maxMinutes: 'max-minutes',
  seed: 'seed',
} as const
export type SettingName = keyof typeof SETTING_FLAGS

type Settings = Partial<Record<SettingName, number>>
interface Sizes { embedding: number; units: number[] }

const shape = TrainingStartInput.shape

/** The number schema under a setting's default/optional wrapper. */
function numberSchema(schema: z.ZodType): z.ZodNumber {
  let inner: z.ZodType = schema
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType
  if (!(inner instanceof z.ZodNumber)) throw new Error('a training setting flag must name a number in the contract')
  return inner
}

/** One flag read as the contract's schema for it allows (a whole number or not, its range). */
function flagValue(value: unknown, flag: string, schema: z.ZodType): number | undefined {
  const n = numberSchema(schema)
  const min = n.minValue ?? -Number.MAX_VALUE
  const max = n.maxValue ?? Number.MAX_VALUE
  return n.isInt ? intOption(value, flag, min, max) : numberOption(value, flag, min, max)
}

/** Model sizes from --embedding and --units 256,256,256 (the shipped sizes fill what is not given). */
function sizesFlags(v: CommandContext['values']): Sizes | undefined {
  const sizes = shape.sizes.unwrap().shape
  const units = stringOption(v.units)?.split(',').map((u, i) => flagValue(u.trim(), `units (layer ${i + 1})`, sizes.units.element) as number)
  const embedding = flagValue(v.embedding, 'embedding', sizes.embedding)
  if (!units && embedding === undefined) return undefined
  return { embedding: embedding ?? DEFAULT_SIZES.embedding, units: units ?? DEFAULT_SIZES.units }
}

/** The settings named in `names` that were given as flags, and the sizes; absent flags stay absent. */
export function trainingFlags(v: CommandContext['values'], names: readonly SettingName[]): Settings & { sizes?: Sizes } {
  const settings: Settings & { sizes?: Sizes } = {}
  const sizes = sizesFlags(v)
  if (sizes) settings.sizes = sizes
  for (const name of names) {
    const value = flagValue(v[SETTING_FLAGS[name]], SETTING_FLAGS[name], shape[name])
    if (value !== undefined) settings[name] = value
  }
  return settings
}
