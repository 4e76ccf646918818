/**
 * Playback of one engraved tune, for any view that shows a score (library, composer, a variation's
 * mini-score). Give it the drawn abcjs tune object; it returns the controls and reactive state.
 *
 *   const { state, currentNote, play, pause, stop, setTempo, setLoop } = usePlayer(visualObj)
 *   play()            start, or resume after pause
 *   play(startChar)   start at the note written at that character (from abcjs's clickListener)
 *   setTempo(bpm)     beats per minute in the tune's beat (state.tempo.beat); glides while playing
 *   setLoop(a, b)     loop played bars a..b (numbers as in state.bar); clearLoop() to play through
 *   currentNote       { startChar, endChar } of the sounding note, null when stopped
 *   setFeel(amount)   how much swing or lilt of the tune type: 0 straight, 1 as the type, 2 double
 *   setMix(mix)       tune and backing levels and the room's reverb, 0–1 each
 *   setStepUp(plan)   from the next Play, loop the bars (or the tune) plan.passes times, faster each time
 *   exportWav(title)  renders the tune offline with the current feel, tempo and mix; saves a .wav
 *
 * Only one tune plays at a time: starting one stops any other.
 */
import { computed, onScopeDispose, reactive, ref, shallowRef, watch, type Ref } from 'vue'
import type { TuneObject } from 'abcjs'
import { buildTimeline, type Timeline } from '../playback/timing/timeline'
import { clampFeel, ratioLabel } from '../playback/timing/feel'

export { feelParam, withFeel } from '../playback/timing/feel'
import { checkStepUp, type StepUp } from '../playback/timing/practice'
import { DEFAULT_MIX, type Mix } from '../playback/instruments'
import { renderWav } from '../playback/render'
import { downloadBlob, fileNameFor } from './useExport'
import { clampBpm, tuneTempo, type Meter, type Tempo } from '../playback/timing/tempo'
import { barAt, loopRange, startOfChar } from '../playback/timing/positions'
import { TonePlayer, type PlayerStatus } from '../playback/tone-player'
import { drawnNotes, NoteHighlighter } from '../playback/note-highlighter'
import { playError } from '../playback/timing/play-error'

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
  /** Step-up practice: the plan, and the pass now playing (null when not practising). */
  stepUp: StepUp | null
  pass: number | null
  /** True while a WAV file is rendered. */
  exporting: boolean
  /** Why the tune cannot be played, if it cannot. */
  error: string | null
}

function meterOf(tune: TuneObject): Meter {
  // `M:none` and free meters give no denominator: count them in 4/4.
  const { num, den } = tune.getMeterFraction() ?? {}
  return num && den && num > 0 && den > 0 ? { num, den } : { num: 4, den: 4 }
}

export function usePlayer(visualObj: Ref<TuneObject | null | undefined>, initialFeel: () => number | null = () => null) {
  const state = reactive<PlayerState>({
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
    stepUp: null,
    pass: null,
    exporting: false,
    error: null,
  })
  const currentNote = ref<CurrentNote | null>(null)
  const timeline = shallowRef<Timeline | null>(null)
  let highlighter: NoteHighlighter | null = null

  const player = new TonePlayer({
    status: (s) => (state.status = s),
    note(note) {
      currentNote.value =
        note && note.startChar !== undefined ? { startChar: note.startChar, endChar: note.endChar ?? note.startChar } : null
      highlighter?.show(currentNote.value?.startChar ?? null)
    },
    position(p) {
      state.position = p
      state.bar = timeline.value ? (barAt(timeline.value.bars, p)?.number ?? null) : null
    },
    practice(pass, bpm) {
      state.pass = pass
      state.tempo = { beat: state.tempo.beat, bpm }
    },
  })

  function showFeel(built: Timeline): void {
    const { feel, feelAmount } = built
    const adjustable = feel.weights.some((w) => w !== feel.weights[0])
    state.feel = { name: feel.name, amount: feelAmount, ratio: ratioLabel(feel, feelAmount), adjustable }
    state.backing = built.accompaniment.length > 0 ? (built.backing?.name ?? 'boom-chick') : null
  }

  watch(
    visualObj,
    (tune) => {
      highlighter?.show(null)
      player.stop()
      timeline.value = null
      highlighter = null
      state.loop = null
      state.error = null
      if (!tune) return
      try {
        const built = buildTimeline(tune, { feelAmount: initialFeel() ?? state.feel.amount })
        const meter = meterOf(tune)
        const tempo = tuneTempo(tune.metaText.tempo, meter)
        timeline.value = built
        highlighter = new NoteHighlighter(drawnNotes(tune))
        player.load(built, meter, tempo)
        Object.assign(state, {
          tempo,
          tuneTempo: tempo,
          firstBar: built.bars[0]?.number ?? 1,
          lastBar: built.bars.at(-1)?.number ?? 0,
          hasChords: built.accompaniment.length > 0,
          bar: built.bars[0]?.number ?? null,
          position: 0,
        })
        showFeel(built)
        if (built.melody.length === 0) state.error = 'This tune has no notes to play.'
      } catch (err) {
        state.error = playError(err)
      }
    },
    { immediate: true },
  )

  async function play(fromChar?: number): Promise<void> {
    const t = timeline.value
    if (!t) return
    const from = fromChar === undefined ? undefined : (startOfChar(t.melody, fromChar) ?? undefined)
    try {
      await player.play(from)
      if (!state.stepUp) state.pass = null
    } catch (err) {
      state.error = `Audio could not start: ${err instanceof Error ? err.message : String(err)}`
    }
  }

  function setTempo(bpm: number): void {
    // One edit can fire more than one change event; a second ramp to the same value is skipped.
    if (clampBpm(bpm) === state.tempo.bpm) return
    state.tempo = { beat: state.tempo.beat, bpm: clampBpm(bpm) }
    player.setTempo(state.tempo)
  }

  /** Loops played bars `from`..`to`; returns false (and changes nothing) for bars not in the tune. */
  function setLoop(from: number, to: number): boolean {
    const t = timeline.value
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

  function setChords(on: boolean): void {
    state.chords = on
    player.setChords(on)
  }

  function setCountIn(on: boolean): void {
    state.countIn = on
    player.setCountIn(on)
  }

  /** Rebuilds the timeline with a new feel; a playing tune goes on from where it is. */
  function setFeel(amount: number): void {
    const tune = visualObj.value
    if (!tune || !timeline.value) return
    const feelAmount = clampFeel(amount)
    const wasPlaying = state.status === 'playing'
    const at = state.position
    const built = buildTimeline(tune, { feelAmount })
    timeline.value = built
    const tempo = state.tempo
    player.load(built, meterOf(tune), tempo)
    showFeel(built)
    if (state.loop) setLoop(state.loop.from, state.loop.to)
    if (wasPlaying) void player.play(at)
  }

  function setMix(mix: Mix): void {
    state.mix = { ...mix }
    player.setMix(state.mix)
  }

  function setMetronome(on: boolean): void {
    state.metronome = on
    player.setMetronome(on)
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

  async function exportWav(title: string): Promise<void> {
    const t = timeline.value
    if (!t || state.exporting) return
    state.exporting = true
    try {
      const { wav } = await renderWav(t, state.tempo, { mix: state.mix, backing: state.chords })
      downloadBlob(new Blob([wav], { type: 'audio/wav' }), fileNameFor(title, 'wav'))
    } catch (err) {
      state.error = `Could not render the recording: ${err instanceof Error ? err.message : String(err)}`
    } finally {
      state.exporting = false
    }
  }

  onScopeDispose(() => {
    highlighter?.show(null)
    player.dispose()
  })

  return {
    state,
    currentNote,
    playing: computed(() => state.status === 'playing' || state.status === 'counting-in'),
    play,
    pause: () => player.pause(),
    stop: () => player.stop(),
    setTempo,
    setLoop,
    clearLoop,
    setChords,
    setCountIn,
    setFeel,
    setMix,
    setMetronome,
    setStepUp,
    exportWav,
  }
}
