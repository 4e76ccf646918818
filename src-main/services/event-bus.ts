/**
 * Main-side events (training progress, streamed variations...). Services emit; the web server
 * forwards them as server-sent events and the Electron shell with webContents.send.
 */
import { events, type Events, type PayloadOf } from '../../src-shared/contract'

type Listener = (name: string, payload: unknown) => void

export class EventBus {
  private readonly listeners = new Set<Listener>()

  emit<K extends keyof Events>(key: K, payload: PayloadOf<Events[K]>): void {
    const name = (events as Record<string, { name: string }>)[key as string].name
    for (const listener of this.listeners) listener(name, payload)
  }

  /** Receives every event with its wire name; returns the unsubscribe function. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
