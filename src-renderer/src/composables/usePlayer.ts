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
 *
 * Only one tune plays at a time: starting one stops any other.
 */
import { computed, onScopeDispose, reactive, ref, shallowRef, watch, type Ref } from 'vue'
import type { TuneObject } from 'abcjs'
import { buildTimeline, type Timeline } from '../playback/timing/timeline'
import { clampBpm, tuneTempo, type Meter, type Tempo } from '../playback/timing/tempo'
import { barAt, loopRange, startOfChar } from '../playback/timing/positions'
import { TonePlayer, type PlayerStatus } from '../playback/tone-player'
import { drawnNotes, NoteHighlighter } from '../playback/note-highlighter'

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
  /** Why the tune cannot be played, if it cannot. */
  error: string | null
}

function meterOf(tune: TuneObject): Meter {
  // `M:none` and free meters give no denominator: count them in 4/4.
  const { num, den } = tune.getMeterFraction() ?? {}
  return num && den && num > 0 && den > 0 ? { num, den } : { num: 4, den: 4 }
}

export function usePlayer(visualObj: Ref<TuneObject | null | undefined>) {
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
  })

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
        const built = buildTimeline(tune)
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
        if (built.melody.length === 0) state.error = 'This tune has no notes to play.'
      } catch (err) {
        state.error = `Cannot play this tune: ${err instanceof Error ? err.message : String(err)}`
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
  }
}
