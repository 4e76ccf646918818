/**
 * Builds the renderer-facing API object from the channel definitions over any transport:
 * Electron IPC in the preload, fetch + server-sent events in web mode.
 */
import { domains, events, type TunesmithApi } from './index'

export interface Transport {
  invoke(channel: string, input: unknown): Promise<unknown>
  subscribe(event: string, listener: (payload: unknown) => void): () => void
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

export function createClient(transport: Transport): TunesmithApi {
  const api: Record<string, unknown> = {}
  for (const [domain, channels] of Object.entries(domains)) {
    const client: Record<string, (input: unknown) => Promise<unknown>> = {}
    for (const [verb, def] of Object.entries(channels)) {
      client[verb] = (input: unknown) => transport.invoke(def.name, input ?? {})
    }
    api[domain] = client
  }
  const eventClient: Record<string, (listener: (payload: unknown) => void) => () => void> = {}
  for (const [key, def] of Object.entries(events as Record<string, { name: string }>)) {
    eventClient[`on${capitalize(key)}`] = (listener) => transport.subscribe(def.name, listener)
  }
  api.events = eventClient
  // The shape is produced from the same `domains`/`events` objects the type is derived from.
  return api as unknown as TunesmithApi
}
