/**
 * Plays a set through: each tune its number of times, one after another, at the set's tempo, with
 * a count-in only before the first tune (players go straight from one tune into the next). Built
 * on usePlayer, one tune at a time: when a tune reaches its end the next one is loaded and started.
 *
 *   const { step, playing, start, stop } = useSetPlayer(items, tempoBpm)
 *   step.value   { item, pass } of what is sounding (item: index in the set), null when stopped
 */
import { computed, nextTick, ref, shallowRef, watch, type Ref } from 'vue'
import abcjs, { type TuneObject } from 'abcjs'
import { usePlayer } from './usePlayer'

export interface SetPlayItem {
  abc: string
  repeats: number
}

export interface SetStep {
  item: number
  /** 1-based: which time through this tune. */
  pass: number
}

/** The order of play: every item as many times as its repeats say. */
export function setSteps(items: readonly SetPlayItem[]): SetStep[] {
  return items.flatMap((item, index) => Array.from({ length: Math.max(1, item.repeats) }, (_, i) => ({ item: index, pass: i + 1 })))
}

export function useSetPlayer(items: Ref<readonly SetPlayItem[]>, tempoBpm: Ref<number | null>) {
  const tune = shallowRef<TuneObject | null>(null)
  const player = usePlayer(tune)
  const steps = computed(() => setSteps(items.value))
  const index = ref<number | null>(null)
  let stopping = false

  async function playStep(i: number): Promise<void> {
    const step = steps.value[i]
    const previous = index.value === null ? null : steps.value[index.value]
    index.value = i
    // The same tune again (a repeat) keeps its engraving; another tune is parsed and loaded.
    if (!previous || previous.item !== step.item || !tune.value) {
      tune.value = abcjs.parseOnly(items.value[step.item].abc)[0] ?? null
      // usePlayer loads a new tune in its watcher, which runs before the next tick.
      await nextTick()
    }
    player.setCountIn(i === 0)
    if (tempoBpm.value) player.setTempo(tempoBpm.value)
    await player.play()
  }

  watch(
    () => player.state.status,
    (status, before) => {
      if (status !== 'stopped' || before === 'stopped' || index.value === null) return
      const next = index.value + 1
      if (stopping || next >= steps.value.length) {
        stopping = false
        index.value = null
        return
      }
      void playStep(next)
    },
  )

  return {
    step: computed<SetStep | null>(() => (index.value === null ? null : (steps.value[index.value] ?? null))),
    steps,
    playing: computed(() => index.value !== null),
    error: computed(() => player.state.error),
    start: (): Promise<void> => (steps.value.length ? playStep(0) : Promise.resolve()),
    stop(): void {
      if (index.value === null) return
      stopping = true
      player.stop()
    },
  }
}
