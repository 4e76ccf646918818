/**
 * The bridge the page gets as `window.api`: the contract's calls and events over Electron IPC.
 * Main answers every call with an envelope (src-shared/contract/envelope.ts), handed to the page
 * unopened: an error thrown across contextBridge would keep only its message, an envelope keeps
 * its code. Only the contract's channel and event names pass; never ipcRenderer itself.
 */
import { ipcRenderer, type IpcRendererEvent } from 'electron'
import { domains, events } from '../src-shared/contract'
import { ApiError } from '../src-shared/contract/errors'
import { errorEnvelope, type BridgeApi, type IpcEnvelope } from '../src-shared/contract/envelope'
import { desktopChannels } from '../src-shared/contract/desktop'

const CHANNELS = new Set<string>([
  ...Object.values(domains).flatMap((channels) => Object.values(channels).map((def) => def.name)),
  ...Object.values(desktopChannels),
])
const EVENTS = new Set<string>(Object.values(events).map((def) => def.name))

export const ipcBridge: BridgeApi = {
  async invoke(channel, input) {
    if (!CHANNELS.has(channel)) return errorEnvelope(new ApiError('not-found', `Unknown API call: ${channel}`))
    try {
      return (await ipcRenderer.invoke(channel, input)) as IpcEnvelope
    } catch (err) {
      // No handler (main still starting, or shutting down): an answer in words, not a lost rejection.
      return errorEnvelope(err)
    }
  },
  subscribe(event, listener) {
    if (!EVENTS.has(event)) throw new Error(`Unknown API event: ${event}`)
    // The IpcRendererEvent (with its sender) never reaches the page, only the payload.
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(event, handler)
    return () => {
      ipcRenderer.off(event, handler)
    }
  },
  desktop: true,
}
