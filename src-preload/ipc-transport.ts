/**
 * The contract's Transport over Electron IPC. Main answers every call with
 * `{ ok, value | error }` (see src-main/electron/ipc/envelope.ts) because a rejected
 * ipcRenderer.invoke loses everything but the message; here it becomes an ApiError again.
 */
import { ipcRenderer, type IpcRendererEvent } from 'electron'
import type { Transport } from '../src-shared/contract/client'
import { ApiError, isApiErrorBody } from '../src-shared/contract/errors'
import type { ApiErrorBody } from '../src-shared/contract'

export type IpcEnvelope = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody }

export async function invokeUnwrapped(channel: string, input: unknown): Promise<unknown> {
  const envelope = (await ipcRenderer.invoke(channel, input)) as IpcEnvelope
  if (envelope.ok) return envelope.value
  throw isApiErrorBody(envelope.error) ? ApiError.fromBody(envelope.error) : new ApiError('internal', 'Malformed reply from main')
}

export const ipcTransport: Transport = {
  invoke: invokeUnwrapped,
  subscribe(event, listener) {
    // The IpcRendererEvent (with its sender) never reaches the page, only the payload.
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(event, handler)
    return () => {
      ipcRenderer.off(event, handler)
    }
  },
}
