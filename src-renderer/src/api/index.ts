/**
 * The renderer's one way to talk to main: the contract's typed client, over the preload's bridge
 * (`window.api`) in Electron or over HTTP in web mode. Views import `api` from here and never
 * know which; a failed call throws an ApiError with its code either way.
 */
import { createClient } from '../../../src-shared/contract/client'
import { bridgeClient, type AppApi } from './bridge-client'
import { createWebTransport, takeToken } from './web-transport'

export type { AppApi } from './bridge-client'

function connect(): AppApi {
  // Electron: the preload's bridge, behind contextBridge's structured clone (see plain-inputs.ts).
  if (window.api) return bridgeClient(window.api)
  return createClient(createWebTransport(takeToken()))
}

export const api: AppApi = connect()

/** A readable message for anything a call can throw. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
