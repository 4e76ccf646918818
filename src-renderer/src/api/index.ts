/**
 * The renderer's one way to talk to main: `window.api` from the preload in Electron, or the
 * same `TunesmithApi` over HTTP in web mode. Views import `api` from here and never know which.
 */
import { createClient } from '../../../src-shared/contract/client'
import type { TunesmithApi } from '../../../src-shared/contract'
import type { DesktopApi } from '../../../src-shared/contract/desktop'
import { withPlainInputs } from './plain-inputs'
import { createWebTransport, takeToken } from './web-transport'

export type AppApi = TunesmithApi & {
  /** Present in Electron only (native dialogs). */
  desktop?: DesktopApi
}

function connect(): AppApi {
  // Electron: the preload's object, behind contextBridge's structured clone (see plain-inputs.ts).
  if (window.api) return withPlainInputs(window.api)
  return createClient(createWebTransport(takeToken()))
}

export const api: AppApi = connect()

/** A readable message for anything a call can throw. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
