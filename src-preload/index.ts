/**
 * The preload: exposes exactly one object, `window.api`, the contract's transport over IPC
 * (ipc-transport.ts); the page builds the typed client over it (src-renderer/src/api). Never
 * ipcRenderer itself: the page can only make the calls and hear the events the contract lists.
 */
import { contextBridge } from 'electron'
import { ipcBridge } from './ipc-transport'

contextBridge.exposeInMainWorld('api', ipcBridge)
