/**
 * Registers a domain's channels on ipcMain. Each handler only checks who is calling and hands
 * the raw input to `router.dispatch`, which validates it: the same path web mode takes.
 * Replies are envelopes (src-shared/contract/envelope.ts) because a thrown error loses its `code` crossing IPC.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import type { ChannelMap } from '../../../src-shared/contract'
import { errorEnvelope, type IpcEnvelope } from '../../../src-shared/contract/envelope'
import type { Router } from '../../services/router'

/** Decides whether an IPC message comes from our own renderer page. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean

export interface IpcContext {
  router: Router
  isTrustedSender: SenderCheck
}

/** ipcMain.handle with the sender check and envelope around it. */
export function handle(ctx: IpcContext, channel: string, run: (input: unknown, event: IpcMainInvokeEvent) => Promise<unknown>): void {
  ipcMain.handle(channel, async (event, input: unknown): Promise<IpcEnvelope> => {
    if (!ctx.isTrustedSender(event)) return { ok: false, error: { code: 'invalid-input', message: 'Untrusted sender' } }
    try {
      return { ok: true, value: await run(input, event) }
    } catch (err) {
      return errorEnvelope(err)
    }
  })
}

export function handleChannels(ctx: IpcContext, channels: ChannelMap): () => void {
  const names = Object.values(channels).map((def) => def.name)
  for (const name of names) handle(ctx, name, (input) => ctx.router.dispatch(name, input))
  return () => names.forEach((name) => ipcMain.removeHandler(name))
}
