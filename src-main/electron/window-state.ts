/**
 * Electron glue for the remembered window: the displays' work areas go into the pure logic in
 * src-main/services/window-state.ts, and the window's resize/move/maximize/close events save back.
 */
import { screen, type BrowserWindow } from 'electron'
import { debounced, loadWindowState, saveWindowState, type WindowState } from '../services/window-state'

/** Long enough that a drag saves once after it ends, short enough that a crash loses little. */
const SAVE_DELAY_MS = 500

export function restoreWindowState(userDataDir: string): WindowState {
  return loadWindowState(userDataDir, screen.getAllDisplays().map((d) => d.workArea))
}

export function trackWindowState(win: BrowserWindow, userDataDir: string): void {
  const save = (): void => {
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return
    // getNormalBounds: the size to come back to when a maximized window is restored.
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() }
    try {
      saveWindowState(userDataDir, state)
    } catch (err) {
      // A read-only or full disk costs only the remembered size, never the session.
      console.warn('Could not save window-state.json:', err)
    }
  }
  const pending = debounced(save, SAVE_DELAY_MS)
  win.on('resize', pending.schedule)
  win.on('move', pending.schedule)
  win.on('maximize', pending.schedule)
  win.on('unmaximize', pending.schedule)
  win.on('close', () => {
    pending.cancel()
    save()
  })
}
