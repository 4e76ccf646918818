/**
 * The Training view's form: hyperparameters with the contract's defaults and limits (read from the
 * zod schema itself, so the form can never offer what the service refuses), the starting point,
 * and the request built from them, checked with the same schema before it is sent.
 */
import { computed, reactive, ref } from 'vue'
import { z } from 'zod'
import { TrainingStartInput, type TrainingStartRequest } from '../../../src-shared/contract/training'

export interface NumberLimits {
  min: number
  max: number
  /** True when min itself is not allowed (lr > 0). */
  minExclusive: boolean
  integer: boolean
  step: number
}

const shape = TrainingStartInput.shape
const sizesShape = shape.sizes.unwrap().shape

function limitsOf(schema: z.ZodNumber, step?: number): NumberLimits {
  const min = schema.minValue ?? -Infinity
  const integer = schema.isInt
  // zod reports `positive()` as minValue 0; the schema refuses 0 itself, which we test directly.
  const minExclusive = !schema.safeParse(min).success
  return { min, max: schema.maxValue ?? Infinity, minExclusive, integer, step: step ?? (integer ? 1 : 0.01) }
}

/** min/max length checks of a zod array, e.g. the number of LSTM layers. */
function lengthLimits(schema: z.ZodArray): { min: number; max: number } {
  let min = 0
  let max = Infinity
  for (const check of schema.def.checks ?? []) {
    const def = (check as unknown as { _zod: { def: { check: string; minimum?: number; maximum?: number } } })._zod.def
    if (def.check === 'min_length' && def.minimum !== undefined) min = def.minimum
    if (def.check === 'max_length' && def.maximum !== undefined) max = def.maximum
  }
  return { min, max }
}

export type HyperKey = 'epochs' | 'batch' | 'seqLen' | 'lr' | 'lrDecay' | 'warmupSteps' | 'dropout' | 'clipNorm' | 'patience' | 'checkpointEvery' | 'seed'

export interface HyperField {
  key: HyperKey
  label: string
  hint: string
  limits: NumberLimits
  defaultValue: number
}

const field = (key: HyperKey, label: string, hint: string, step?: number): HyperField => ({
  key,
  label,
  hint,
  limits: limitsOf(shape[key].unwrap(), step),
  defaultValue: shape[key].def.defaultValue as number,
})

export const HYPER_FIELDS: HyperField[] = [
  field('epochs', 'Epochs', 'Passes over the corpus (early stopping may end sooner)'),
  field('batch', 'Batch size', 'Sequences trained together'),
  field('seqLen', 'Sequence length', 'Characters per training window'),
  field('lr', 'Learning rate', 'Adam step size at the first epoch', 0.0001),
  field('lrDecay', 'Learning-rate decay', 'Multiplier per epoch (1 = constant)'),
  field('warmupSteps', 'Warm-up steps', 'Steps over which the rate rises to the learning rate (0 = none)', 50),
  field('dropout', 'Dropout', 'Fraction of units dropped while training'),
  field('clipNorm', 'Gradient clip', 'Global norm limit (0 = off)', 0.5),
  field('patience', 'Patience', 'Epochs without improvement before stopping'),
  field('checkpointEvery', 'Checkpoint every', 'Steps between checkpoints (plus one per epoch)', 50),
  field('seed', 'Seed', 'Same seed and settings → same run'),
]

export const SIZE_LIMITS = {
  embedding: limitsOf(sizesShape.embedding),
  units: limitsOf(sizesShape.units.element),
  layers: lengthLimits(sizesShape.units),
}
export const DEFAULT_SIZES = shape.sizes.def.defaultValue as { embedding: number; units: number[] }
export const MAX_MINUTES = limitsOf(shape.maxMinutes.unwrap())

/** 'new' = fresh weights; 'default' = fine-tune the shipped model; a number = that checkpoint. */
export type StartPoint = { kind: 'new' } | { kind: 'default' } | { kind: 'checkpoint'; checkpointId: number; resume: boolean }

export function describeLimits(l: NumberLimits): string {
  const fmt = (n: number): string => (Math.abs(n) >= 10_000 ? n.toLocaleString('en') : String(n))
  const range = l.minExclusive ? `above ${fmt(l.min)}, up to ${fmt(l.max)}` : `from ${fmt(l.min)} to ${fmt(l.max)}`
  return `${range}${l.integer ? ', whole numbers' : ''}`
}

function createForm() {
  const hyper = reactive(Object.fromEntries(HYPER_FIELDS.map((f) => [f.key, f.defaultValue])) as Record<HyperKey, number>)
  const embedding = ref(DEFAULT_SIZES.embedding)
  const units = ref<number[]>([...DEFAULT_SIZES.units])
  const maxMinutes = ref<number | null>(null)
  const corpusId = ref<number | null>(null)
  const modelName = ref(`My model ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`)
  const startPoint = ref<StartPoint>({ kind: 'new' })

  const request = computed(() => {
    const sp = startPoint.value
    const resume = sp.kind === 'checkpoint' && sp.resume
    return {
      // A resumed run keeps its own corpus: the service refuses another one.
      corpusId: resume ? undefined : (corpusId.value ?? undefined),
      modelName: modelName.value,
      sizes: { embedding: embedding.value, units: [...units.value] },
      ...hyper,
      maxMinutes: maxMinutes.value ?? undefined,
      fromCheckpointId: sp.kind === 'default' ? ('default' as const) : sp.kind === 'checkpoint' ? sp.checkpointId : undefined,
      resume,
    }
  })

  /** The parsed request, or the schema's message for people. */
  const checked = computed((): { ok: true; value: TrainingStartRequest } | { ok: false; message: string } => {
    const parsed = TrainingStartInput.safeParse(request.value)
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: z.prettifyError(parsed.error) }
  })

  function addLayer(): void {
    if (units.value.length < SIZE_LIMITS.layers.max) units.value = [...units.value, units.value[units.value.length - 1] ?? 256]
  }
  function removeLayer(): void {
    if (units.value.length > SIZE_LIMITS.layers.min) units.value = units.value.slice(0, -1)
  }
  function resetDefaults(): void {
    for (const f of HYPER_FIELDS) hyper[f.key] = f.defaultValue
    embedding.value = DEFAULT_SIZES.embedding
    units.value = [...DEFAULT_SIZES.units]
    maxMinutes.value = null
  }

  return { hyper, embedding, units, maxMinutes, corpusId, modelName, startPoint, request, checked, addLayer, removeLayer, resetDefaults }
}

let form: ReturnType<typeof createForm> | null = null

/**
 * One form for the app session (module scope): what the musician typed survives switching views,
 * and the checkpoint list can set the starting point of the form beside it.
 */
export function useTrainingForm(): ReturnType<typeof createForm> {
  form ??= createForm()
  return form
}
