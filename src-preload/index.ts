/**
 * The preload: exposes exactly one object, `window.api`, built by `createClient` from the
 * contract over IPC, plus the desktop-only extras. Never ipcRenderer itself: the page can only
 * make the calls the contract lists.
 */
import { contextBridge } from 'electron'
import { createClient } from '../src-shared/contract/client'
import { desktopChannels, type DesktopApi } from '../src-shared/contract/desktop'
import type { ImportReport } from '../src-shared/contract'
import { invokeUnwrapped, ipcTransport } from './ipc-transport'

const desktop: DesktopApi = {
  importWithDialog: (request) => invokeUnwrapped(desktopChannels.importWithDialog, request) as Promise<ImportReport | null>,
}

const api = { ...createClient(ipcTransport), desktop }

export type ExposedApi = typeof api

contextBridge.exposeInMainWorld('api', api)
