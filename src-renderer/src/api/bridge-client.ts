/**
 * The typed client over the preload's bridge (Electron). Every input is made plain before it
 * crosses (see plain-inputs.ts) and every answer arrives as an envelope, opened here: a service's
 * error reaches the views as the ApiError it was, with its code, as it does in web mode.
 */
import { createClient } from '../../../src-shared/contract/client'
import type { TunesmithApi } from '../../../src-shared/contract'
import { desktopChannels, type DesktopApi } from '../../../src-shared/contract/desktop'
import { envelopeTransport, type BridgeApi } from '../../../src-shared/contract/envelope'
import type { ImportReport } from '../../../src-shared/contract/library'
import { toPlainData } from './plain-inputs'

export type AppApi = TunesmithApi & {
  /** Present in Electron only (native dialogs). */
  desktop?: DesktopApi
}

export function bridgeClient(bridge: BridgeApi): AppApi {
  const transport = envelopeTransport({
    invoke: (channel, input) => bridge.invoke(channel, toPlainData(input)),
    subscribe: (event, listener) => bridge.subscribe(event, listener),
  })
  const api: AppApi = createClient(transport)
  if (bridge.desktop) {
    api.desktop = { importWithDialog: (request) => transport.invoke(desktopChannels.importWithDialog, request) as Promise<ImportReport | null> }
  }
  return api
}
