/**
 * How a call's answer crosses Electron's process and context boundaries. A rejected
 * `ipcRenderer.invoke`, and an error thrown across contextBridge, keep only their message: the
 * `code` the renderer acts on (not-found, conflict...) would be lost. So main answers every call
 * with an envelope, the preload hands it to the page unopened (plain data clones whole), and
 * the page's client opens it: an error envelope becomes an ApiError again, code and all.
 */
import type { ApiErrorBody } from './channel'
import type { Transport } from './client'
import { ApiError, isApiErrorBody } from './errors'

export type IpcEnvelope = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody }

/**
 * What the preload exposes as `window.api`: the contract's transport, answering in envelopes.
 * The page builds the typed client over it (envelopeTransport + createClient).
 */
export interface BridgeApi {
  invoke(channel: string, input: unknown): Promise<IpcEnvelope>
  subscribe(event: string, listener: (payload: unknown) => void): () => void
  /** Native dialogs are there (`desktopChannels`); a bridge without them leaves this out. */
  readonly desktop?: boolean
}

/** An error as an envelope: an ApiError keeps its code, anything else is 'internal'. */
export function errorEnvelope(err: unknown): IpcEnvelope {
  if (err instanceof ApiError) return { ok: false, error: err.toBody() }
  return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } }
}

/** The envelope's value, or its error thrown as the ApiError it was. */
export function openEnvelope(envelope: IpcEnvelope): unknown {
  if (envelope.ok) return envelope.value
  throw isApiErrorBody(envelope.error) ? ApiError.fromBody(envelope.error) : new ApiError('internal', 'Malformed reply from main')
}

/** The contract's Transport over a bridge that answers in envelopes. */
export function envelopeTransport(bridge: Pick<BridgeApi, 'invoke' | 'subscribe'>): Transport {
  return {
    invoke: async (channel, input) => openEnvelope(await bridge.invoke(channel, input)),
    subscribe: (event, listener) => bridge.subscribe(event, listener),
  }
}
