/// <reference types="vite/client" />
/**
 * The hook for auditioning a variation through the playback engineer's player. Any module in
 * src-renderer/src/playback/ that exports `audition(abc: string): unknown` (start playing that
 * tune, stopping whatever plays) and `stopAudition(): unknown` lights up the composer's ▶ buttons; until
 * one does, the buttons stay hidden. `import.meta.glob` makes this a build-time lookup, so no
 * import breaks while the module does not exist.
 */
import { ref } from 'vue'

interface AuditionModule {
  audition?: (abc: string) => unknown
  stopAudition?: () => unknown
}

const candidates = import.meta.glob<AuditionModule>('../playback/*.ts')
const player = ref<AuditionModule | null>(null)
let probing: Promise<void> | null = null

function probe(): Promise<void> {
  probing ??= (async () => {
    for (const load of Object.values(candidates)) {
      const mod = await load().catch(() => null)
      if (mod && typeof mod.audition === 'function') {
        player.value = mod
        return
      }
    }
  })()
  return probing
}

export function useComposerAudition() {
  void probe()
  return {
    available: () => player.value !== null,
    play: (abc: string) => player.value?.audition?.(abc),
    stop: () => player.value?.stopAudition?.(),
  }
}
