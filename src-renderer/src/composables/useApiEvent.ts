import { onMounted, onUnmounted } from 'vue'
import { api } from '../api'
import type { AppApi } from '../api'

type EventName = keyof AppApi['events']
type ListenerOf<K extends EventName> = Parameters<AppApi['events'][K]>[0]

/** Subscribes while the component is mounted, e.g. `useApiEvent('onLibraryChanged', reload)`. */
export function useApiEvent<K extends EventName>(name: K, listener: ListenerOf<K>): void {
  let off: (() => void) | undefined
  onMounted(() => {
    // TypeScript cannot correlate `name` with its listener type through the union; K ties them.
    const subscribe = api.events[name] as (listener: ListenerOf<K>) => () => void
    off = subscribe(listener)
  })
  onUnmounted(() => off?.())
}
