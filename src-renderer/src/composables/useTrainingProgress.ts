/**
 * The state of the (single) training run, shared by every view for the whole app session.
 * Training runs in a worker on the main side whatever the renderer does, so this state lives at
 * module scope, not in a component: switching views keeps it, and after a page reload it is
 * rebuilt from `training.status` plus the run's stored learning curve (`training.listRuns`).
 */
import { computed, ref, shallowRef } from 'vue'
import type { TrainingProgress, TrainingState } from '../../../src-shared/contract'
import { api, errorMessage } from '../api'

export interface CurvePoint {
  step: number
  /** Bits per character (training loss arrives in nats and is converted, so both curves share an axis). */
  bits: number
}

const state = ref<TrainingState>('idle')
const progress = shallowRef<TrainingProgress | null>(null)
const trainCurve = ref<CurvePoint[]>([])
const valCurve = ref<CurvePoint[]>([])
const error = ref<string | null>(null)
/** Bumped on every checkpoint or run end, so lists of checkpoints and models know to reload. */
const checkpointsChanged = ref(0)
let started = false
/**
 * Counts progress events. An answer to a call (status, pause, stop) may reach us after an event
 * that is newer than it (events and answers travel separately), so an answer only sets the state
 * when no event arrived while it was on its way.
 */
let eventCount = 0

const natsToBits = (nats: number): number => nats / Math.LN2

/** Keeps a curve sorted by step with one point per step (a later report for a step replaces it). */
function addPoint(curve: CurvePoint[], point: CurvePoint): CurvePoint[] {
  if (!Number.isFinite(point.bits)) return curve
  const last = curve[curve.length - 1]
  if (!last || last.step < point.step) return [...curve, point]
  return [...curve.filter((p) => p.step !== point.step), point].sort((a, b) => a.step - b.step)
}

function apply(p: TrainingProgress): void {
  eventCount++
  if (progress.value?.runId !== p.runId) {
    trainCurve.value = []
    valCurve.value = []
  }
  progress.value = p
  state.value = p.state
  if (p.trainLoss !== null) trainCurve.value = addPoint(trainCurve.value, { step: p.step, bits: natsToBits(p.trainLoss) })
  if (p.kind !== 'step') {
    if (p.valBits !== null) valCurve.value = addPoint(valCurve.value, { step: p.step, bits: p.valBits })
    checkpointsChanged.value++
  }
}

/** After a reload: the stored curve of the run the status reports (one point per evaluation). */
async function loadStoredCurve(p: TrainingProgress): Promise<void> {
  const runs = await api.training.listRuns({ modelId: p.modelId })
  const run = runs.find((r) => r.id === p.runId)
  if (!run || progress.value?.runId !== p.runId) return
  for (const point of run.points) {
    if (point.trainLoss !== null) trainCurve.value = addPoint(trainCurve.value, { step: point.step, bits: natsToBits(point.trainLoss) })
    if (point.valBits !== null) valCurve.value = addPoint(valCurve.value, { step: point.step, bits: point.valBits })
  }
}

async function refresh(): Promise<void> {
  try {
    const before = eventCount
    const info = await api.training.status({})
    const p = info.progress
    if (eventCount === before) {
      state.value = info.state
      if (p && p.runId !== progress.value?.runId) apply({ ...p, state: info.state })
    }
    // The curve so far comes from the library (points merge by step, so loading twice is harmless).
    if (p && progress.value?.runId === p.runId) await loadStoredCurve(p)
    error.value = null
  } catch (err) {
    error.value = errorMessage(err)
  }
}

function start(): void {
  if (started) return
  started = true
  // Subscribe before asking for the status, so no event falls between the two.
  api.events.onTrainingProgress(apply)
  void refresh()
}

export function useTrainingProgress() {
  start()
  const running = computed(() => state.value === 'running' || state.value === 'preparing' || state.value === 'paused' || state.value === 'stopping')
  return {
    state,
    progress,
    trainCurve,
    valCurve,
    error,
    running,
    checkpointsChanged,
    /**
     * For the controls: runs a call that answers with the new state, and takes that state unless
     * an event came meanwhile (a run that stops at once sends 'done' before the answer arrives).
     */
    async control(call: () => Promise<{ state: TrainingState }>): Promise<void> {
      const before = eventCount
      const info = await call()
      if (eventCount === before) state.value = info.state
    },
    refresh,
  }
}
