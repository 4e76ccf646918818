/** The main window: isolated, sandboxed renderer with only the preload's `window.api`. */
import { BrowserWindow, nativeTheme } from 'electron'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { MIN_SIZE } from '../services/window-state'
import { restoreWindowState, trackWindowState } from './window-state'

export interface WindowPaths {
  preload: string
  /** `electron-vite dev` serves the renderer over http; a build loads out/renderer from disk. */
  rendererUrl: string | undefined
  rendererFile: string
  /** Where window-state.json (remembered size, position, maximized) lives. */
  userDataDir: string
}

export async function createMainWindow(paths: WindowPaths): Promise<BrowserWindow> {
  const saved = restoreWindowState(paths.userDataDir)
  const win = new BrowserWindow({
    ...saved.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Tunesmith',
    // The page's --color-bg for the system theme (the renderer follows it by default): no flash.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1916' : '#faf8f4',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  trackWindowState(win, paths.userDataDir)
  win.once('ready-to-show', () => {
    if (saved.maximized) win.maximize()
    win.show()
  })
  if (paths.rendererUrl) await win.loadURL(paths.rendererUrl)
  else await win.loadFile(paths.rendererFile)
  return win
}

/** The URL prefix our renderer page loads from: IPC from anything else is refused. */
export function rendererOrigin(paths: WindowPaths): string {
  if (paths.rendererUrl) return new URL(paths.rendererUrl).origin
  // Encoded as Chromium reports frame URLs (spaces as %20...), with a trailing slash.
  return pathToFileURL(path.dirname(paths.rendererFile)).href + '/'
}
