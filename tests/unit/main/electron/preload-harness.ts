/**
 * Loads the built preload (out/preload/index.cjs) the way Electron's sandboxed preload runs: a
 * CommonJS module whose only `require` is 'electron'. Here 'electron' gives it a contextBridge
 * that hands back what it exposes, and an ipcRenderer wired to the stand-in main process, so
 * the renderer's calls go through the real preload, real IPC envelopes and real main.
 */
import { readFileSync } from 'node:fs'
import { Module } from 'node:module'
import { runInThisContext } from 'node:vm'
import type { StandInElectron } from './stand-in'

type Listener = (event: unknown, payload: unknown) => void

export function loadPreload(file: string, main: StandInElectron): Record<string, unknown> {
  let exposed: Record<string, unknown> | null = null
  const listeners = new Map<string, Set<Listener>>()
  main.onMessage((message) => {
    if (message.type !== 'event') return
    for (const listener of listeners.get(message.name) ?? []) listener({ sender: 'main' }, message.payload)
  })
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, api: Record<string, unknown>) {
        if (key !== 'api') throw new Error(`unexpected exposeInMainWorld('${key}')`)
        exposed = api
      },
    },
    ipcRenderer: {
      invoke: (channel: string, input: unknown) => main.invoke(channel, input),
      on(event: string, listener: Listener) {
        if (!listeners.has(event)) listeners.set(event, new Set())
        listeners.get(event)!.add(listener)
      },
      off(event: string, listener: Listener) {
        listeners.get(event)?.delete(listener)
      },
    },
  }
  const sandboxedRequire = (name: string): unknown => {
    if (name === 'electron') return electron
    throw new Error(`a sandboxed preload cannot require('${name}')`)
  }
  const module = { exports: {} }
  const wrapper = runInThisContext(Module.wrap(readFileSync(file, 'utf8')), { filename: file }) as (...args: unknown[]) => void
  wrapper(module.exports, sandboxedRequire, module, file, file)
  if (!exposed) throw new Error('the preload exposed nothing')
  return exposed
}
