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

const natsToBits = (nats: number): number => nats / Math.LN2

/** Keeps a curve sorted by step with one point per step (a later report for a step replaces it). */
function addPoint(curve: CurvePoint[], point: CurvePoint): CurvePoint[] {
  if (!Number.isFinite(point.bits)) return curve
  const last = curve[curve.length - 1]
  if (!last || last.step < point.step) return [...curve, point]
  return [...curve.filter((p) => p.step !== point.step), point].sort((a, b) => a.step - b.step)
}

function apply(p: TrainingProgress): void {
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
    const info = await api.training.status({})
    state.value = info.state
    if (info.progress && info.progress.runId !== progress.value?.runId) {
      apply({ ...info.progress, state: info.state })
      await loadStoredCurve(info.progress)
    }
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
    /** For the controls: the service answers with the new state at once, before any event. */
    setState(next: TrainingState) {
      state.value = next
    },
    refresh,
  }
}
