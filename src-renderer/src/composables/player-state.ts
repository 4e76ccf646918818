/**
 * What the player shows (usePlayer's reactive `state`), and how a loaded timeline fills it in.
 * Plain functions over the record: usePlayer owns the reactive copy.
 */
import type { TuneObject } from 'abcjs'
import type { Timeline } from '../playback/timing/timeline'
import { ratioLabel } from '../playback/timing/feel'
import type { StepUp } from '../playback/timing/practice'
import { DEFAULT_MIX, type Mix } from '../playback/instruments'
import type { Meter, Tempo } from '../playback/timing/tempo'
import type { PlayerStatus } from '../playback/tone-player'
import { DEFAULT_SOUNDS, type Sounds } from '../../../src-shared/audio/samples'

export interface CurrentNote {
  startChar: number
  endChar: number
}

export interface PlayerState {
  status: PlayerStatus
  /** Transport position in whole notes. */
  position: number
  /** The played bar at the position (repeats counted again; a pickup is 0), null if none. */
  bar: number | null
  firstBar: number
  lastBar: number
  tempo: Tempo
  /** The tune's Q:, or the meter's default: what "reset tempo" goes back to. */
  tuneTempo: Tempo
  loop: { from: number; to: number } | null
  chords: boolean
  hasChords: boolean
  countIn: boolean
  metronome: boolean
  /** The tune type's feel (e.g. "hornpipe"), how much of it is played, and the played ratio. */
  feel: { name: string; amount: number; ratio: string; adjustable: boolean }
  /** The backing pattern's name, null when the tune has no chord symbols. */
  backing: string | null
  mix: Mix
  /** The tune's and the backing's instruments; whether their samples are still loading; why a part plays the synth instead. */
  sounds: Sounds
  soundsLoading: boolean
  soundProblem: string | null
  /** Step-up practice: the plan, and the pass now playing (null when not practising). */
  stepUp: StepUp | null
  pass: number | null
  /** True while a WAV file is rendered. */
  exporting: boolean
  /** Why the tune cannot be played, if it cannot. */
  error: string | null
}

/** Before any tune is loaded: stopped, 120 quarter notes a minute, straight, chords on. */
export function initialPlayerState(): PlayerState {
  return {
    status: 'stopped',
    position: 0,
    bar: null,
    firstBar: 1,
    lastBar: 0,
    tempo: { beat: 1 / 4, bpm: 120 },
    tuneTempo: { beat: 1 / 4, bpm: 120 },
    loop: null,
    chords: true,
    hasChords: false,
    countIn: false,
    metronome: false,
    feel: { name: 'straight', amount: 1, ratio: '1:1', adjustable: false },
    backing: null,
    mix: { ...DEFAULT_MIX },
    sounds: { ...DEFAULT_SOUNDS },
    soundsLoading: false,
    soundProblem: null,
    stepUp: null,
    pass: null,
    exporting: false,
    error: null,
  }
}

export function meterOf(tune: TuneObject): Meter {
  // `M:none` and free meters give no denominator: count them in 4/4.
  const { num, den } = tune.getMeterFraction() ?? {}
  return num && den && num > 0 && den > 0 ? { num, den } : { num: 4, den: 4 }
}

/** The feel and backing the timeline was built with, as the player shows them. */
export function showFeel(state: PlayerState, built: Timeline): void {
  const { feel, feelAmount } = built
  const adjustable = feel.weights.some((w) => w !== feel.weights[0])
  state.feel = { name: feel.name, amount: feelAmount, ratio: ratioLabel(feel, feelAmount), adjustable }
  state.backing = built.accompaniment.length > 0 ? (built.backing?.name ?? 'boom-chick') : null
}

/** A newly loaded tune: its tempo, its bars, whether it has chords; the transport at its start. */
export function showLoaded(state: PlayerState, built: Timeline, tempo: Tempo): void {
  Object.assign(state, {
    tempo,
    tuneTempo: tempo,
    firstBar: built.bars[0]?.number ?? 1,
    lastBar: built.bars.at(-1)?.number ?? 0,
    hasChords: built.accompaniment.length > 0,
    bar: built.bars[0]?.number ?? null,
    position: 0,
  })
  showFeel(state, built)
}
