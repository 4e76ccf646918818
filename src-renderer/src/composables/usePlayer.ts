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
 *   setSounds(sounds) the tune's and the backing's instruments (samples load at once; the synth if they fail)
 *   setStepUp(plan)   from the next Play, loop the bars (or the tune) plan.passes times, faster each time
 *   exportWav(title)  renders the tune offline with the current feel, tempo and mix; saves a .wav
 *
 * Only one tune plays at a time: starting one stops any other. The state's shape is in
 * player-state.ts; loading a tune and the controls are in player-controls.ts.
 */
import { computed, onScopeDispose, reactive, ref, watch, type Ref } from 'vue'
import type { TuneObject } from 'abcjs'
import { TonePlayer } from '../playback/tone-player'
import { initialPlayerState, type CurrentNote, type PlayerState } from './player-state'
import { loadTune, playerListener, playerSettings, playerTransport, type LoadedTune, type PlayerCore } from './player-controls'
import { DEFAULT_SOUNDS, type Sounds } from '../../../src-shared/audio/samples'

export { feelParam, withFeel } from '../playback/timing/feel'
export { soundsParam, withPlayback, withSounds } from '../playback/piece-sounds'
export type { CurrentNote, PlayerState } from './player-state'

export function usePlayer(
  visualObj: Ref<TuneObject | null | undefined>,
  initialFeel: () => number | null = () => null,
  initialSounds: () => Sounds | null = () => null,
) {
  const state = reactive<PlayerState>(initialPlayerState())
  const currentNote = ref<CurrentNote | null>(null)
  const loaded: LoadedTune = { timeline: null, highlighter: null }
  const core: PlayerCore = { state, player: new TonePlayer(playerListener(state, currentNote, loaded)), loaded }

  const settings = playerSettings(core)
  // The samples load now, while the score is read, not when Play is pressed.
  settings.setSounds(initialSounds() ?? DEFAULT_SOUNDS)
  watch(visualObj, (tune) => loadTune(core, tune, initialFeel() ?? state.feel.amount), { immediate: true })

  onScopeDispose(() => {
    loaded.highlighter?.show(null)
    core.player.dispose()
  })

  return {
    state,
    currentNote,
    playing: computed(() => state.status === 'playing' || state.status === 'counting-in'),
    pause: () => core.player.pause(),
    stop: () => core.player.stop(),
    ...playerTransport(core, visualObj),
    ...settings,
  }
}
