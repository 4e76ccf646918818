/**
 * The parts of usePlayer: the player's events written into its state, loading a drawn tune, and
 * the controls. Each works on one PlayerCore, the record usePlayer builds once per player.
 */
import type { Ref } from 'vue'
import type { TuneObject } from 'abcjs'
import { buildTimeline, type Timeline } from '../playback/timing/timeline'
import { clampFeel } from '../playback/timing/feel'
import { checkStepUp, type StepUp } from '../playback/timing/practice'
import type { Mix } from '../playback/instruments'
import { renderWav } from '../playback/render'
import { loadSounds } from '../playback/samples'
import type { Sounds } from '../../../src-shared/audio/samples'
import { clampBpm, tuneTempo } from '../playback/timing/tempo'
import { barAt, loopRange, startOfChar } from '../playback/timing/positions'
import type { PlayerListener, TonePlayer } from '../playback/tone-player'
import { drawnNotes, NoteHighlighter } from '../playback/note-highlighter'
import { playError } from '../playback/timing/play-error'
import { downloadBlob, fileNameFor } from './useExport'
import { meterOf, showFeel, showLoaded, type CurrentNote, type PlayerState } from './player-state'

/** The tune the player has loaded: its timeline and the highlighter of its drawn notes. */
export interface LoadedTune {
  timeline: Timeline | null
  highlighter: NoteHighlighter | null
}

export interface PlayerCore {
  state: PlayerState
  player: TonePlayer
  loaded: LoadedTune
}

/** The player's events, written into the state (and the sounding note highlighted in the score). */
export function playerListener(state: PlayerState, currentNote: Ref<CurrentNote | null>, loaded: LoadedTune): PlayerListener {
  return {
    status: (s) => (state.status = s),
    note(note) {
      currentNote.value =
        note && note.startChar !== undefined ? { startChar: note.startChar, endChar: note.endChar ?? note.startChar } : null
      loaded.highlighter?.show(currentNote.value?.startChar ?? null)
    },
    position(p) {
      state.position = p
      state.bar = loaded.timeline ? (barAt(loaded.timeline.bars, p)?.number ?? null) : null
    },
    practice(pass, bpm) {
      state.pass = pass
      state.tempo = { beat: state.tempo.beat, bpm }
    },
  }
}

/** Stops what plays and loads `tune` (none: nothing to play); a tune that cannot be timed says why. */
export function loadTune({ state, player, loaded }: PlayerCore, tune: TuneObject | null | undefined, feelAmount: number): void {
  loaded.highlighter?.show(null)
  player.stop()
  loaded.timeline = null
  loaded.highlighter = null
  state.loop = null
  state.error = null
  if (!tune) return
  try {
    const built = buildTimeline(tune, { feelAmount })
    const meter = meterOf(tune)
    const tempo = tuneTempo(tune.metaText.tempo, meter)
    loaded.timeline = built
    loaded.highlighter = new NoteHighlighter(drawnNotes(tune))
    player.load(built, meter, tempo)
    showLoaded(state, built, tempo)
    if (built.melody.length === 0) state.error = 'This tune has no notes to play.'
  } catch (err) {
    state.error = playError(err)
  }
}

/** Settings that apply at once, playing or not: tempo, chords, count-in, mix, metronome, step-up. */
export function playerSettings({ state, player }: PlayerCore) {
  function setTempo(bpm: number): void {
    // One edit can fire more than one change event; a second ramp to the same value is skipped.
    if (clampBpm(bpm) === state.tempo.bpm) return
    state.tempo = { beat: state.tempo.beat, bpm: clampBpm(bpm) }
    player.setTempo(state.tempo)
  }

  function setChords(on: boolean): void {
    state.chords = on
    player.setChords(on)
  }

  function setCountIn(on: boolean): void {
    state.countIn = on
    player.setCountIn(on)
  }

  function setMix(mix: Mix): void {
    state.mix = { ...mix }
    player.setMix(state.mix)
  }

  function setMetronome(on: boolean): void {
    state.metronome = on
    player.setMetronome(on)
  }

  let soundsAsked = 0
  /** Chooses the instruments and starts loading their samples now, so Play does not wait for them. */
  function setSounds(sounds: Sounds): void {
    const asked = ++soundsAsked
    state.sounds = { ...sounds }
    state.soundsLoading = true
    const loading = loadSounds(sounds)
    player.setSamples(loading.then((loaded) => loaded.samples))
    void loading.then((loaded) => {
      if (asked !== soundsAsked) return
      state.soundsLoading = false
      state.soundProblem = loaded.problem
    })
  }

  /** Sets (or with null clears) the step-up plan; returns the reason when the plan cannot be played. */
  function setStepUp(plan: StepUp | null): string | null {
    const problem = plan ? checkStepUp(plan) : null
    if (problem) return problem
    state.stepUp = plan
    state.pass = null
    player.setStepUp(plan)
    return null
  }

  return { setTempo, setChords, setCountIn, setMix, setMetronome, setStepUp, setSounds }
}

/** What works on the loaded timeline: play, the loop, the feel (a new timeline), the WAV export. */
export function playerTransport({ state, player, loaded }: PlayerCore, visualObj: Ref<TuneObject | null | undefined>) {
  async function play(fromChar?: number): Promise<void> {
    const t = loaded.timeline
    if (!t) return
    const from = fromChar === undefined ? undefined : (startOfChar(t.melody, fromChar) ?? undefined)
    try {
      await player.play(from)
      if (!state.stepUp) state.pass = null
    } catch (err) {
      state.error = `Audio could not start: ${err instanceof Error ? err.message : String(err)}`
    }
  }

  /** Loops played bars `from`..`to`; returns false (and changes nothing) for bars not in the tune. */
  function setLoop(from: number, to: number): boolean {
    const t = loaded.timeline
    const range = t ? loopRange(t.bars, from, to) : null
    if (!range) return false
    state.loop = { from: Math.min(from, to), to: Math.max(from, to) }
    player.setLoop(range)
    return true
  }

  function clearLoop(): void {
    state.loop = null
    player.setLoop(null)
  }

  /** Rebuilds the timeline with a new feel; a playing tune goes on from where it is. */
  function setFeel(amount: number): void {
    const tune = visualObj.value
    if (!tune || !loaded.timeline) return
    const wasPlaying = state.status === 'playing'
    const at = state.position
    const built = buildTimeline(tune, { feelAmount: clampFeel(amount) })
    loaded.timeline = built
    player.load(built, meterOf(tune), state.tempo)
    showFeel(state, built)
    if (state.loop) setLoop(state.loop.from, state.loop.to)
    if (wasPlaying) void player.play(at)
  }

  async function exportWav(title: string): Promise<void> {
    const t = loaded.timeline
    if (!t || state.exporting) return
    state.exporting = true
    try {
      const { samples } = await loadSounds(state.sounds)
      const { wav } = await renderWav(t, state.tempo, { mix: state.mix, backing: state.chords, samples })
      downloadBlob(new Blob([wav], { type: 'audio/wav' }), fileNameFor(title, 'wav'))
    } catch (err) {
      state.error = `Could not render the recording: ${err instanceof Error ? err.message : String(err)}`
    } finally {
      state.exporting = false
    }
  }

  return { play, setLoop, clearLoop, setFeel, exportWav }
}
