/**
 * The composer's sampling controls, shared by Continue and New tune and kept for the session
 * (switching views keeps them). `requestFields` turns them into the API's sampling fields.
 */
import { reactive, ref } from 'vue'
import type { ContinueRequest, PieceParams } from '../../../src-shared/contract'

export type LengthMode = 'bars' | 'line' | 'part' | 'tune'

/** Bars per part for form-aware sampling: 'auto' = the prompt's own parts, else the tune type's. */
export const PART_BARS_CHOICES = ['auto', 8, 16] as const
export type PartBarsChoice = (typeof PART_BARS_CHOICES)[number]

export interface ComposerSettings {
  n: number
  temperature: number
  topP: number
  length: LengthMode
  bars: number
  /** When locked, "Again" reuses `seed`; otherwise every run draws a new one. */
  seedLocked: boolean
  seed: number | null
  meterAware: boolean
  /** Keep the tune's form: part lengths, closing bar lines, paired repeats, the tonic ending. */
  formAware: boolean
  partBars: PartBarsChoice
}

export const composerSettings = reactive<ComposerSettings>({
  n: 3,
  temperature: 1,
  topP: 0.95,
  length: 'bars',
  bars: 8,
  seedLocked: false,
  seed: null,
  meterAware: true,
  formAware: true,
  partBars: 'auto',
})

/** Which generation panel the composer shows: variations of a Continue, or New tune. */
export const composerPanel = ref<'continue' | 'new' | 'rewrite' | 'chords'>('continue')

export function stopField(s: ComposerSettings): ContinueRequest['stop'] {
  return s.length === 'bars' ? { bars: s.bars } : s.length
}

/** Fields common to model.continue and model.generate. */
export function samplingFields(s: ComposerSettings, modelId: number | undefined) {
  return {
    n: s.n,
    temperature: s.temperature,
    topP: s.topP,
    seed: s.seedLocked && s.seed !== null ? s.seed : undefined,
    meterAware: s.meterAware,
    formAware: s.formAware,
    partBars: s.partBars === 'auto' ? undefined : s.partBars,
    modelId,
  }
}

/** What a saved piece records of how it was made. */
export function pieceParams(s: ComposerSettings, seed: number, extra: PieceParams = {}): PieceParams {
  return {
    temperature: s.temperature,
    topP: s.topP,
    meterAware: s.meterAware,
    formAware: s.formAware,
    partBars: s.partBars,
    seed,
    length: s.length === 'bars' ? `${s.bars} bars` : s.length,
    ...extra,
  }
}
