/**
 * Electron-only extras on `window.api.desktop`: things a browser page cannot do (native file
 * dialogs). Not a domain in `domains`, because web mode has no way to implement it; the renderer
 * checks `api.desktop` and falls back to <input type="file"> in the browser.
 */
import type { ImportReport } from './library'

/** IPC channel names, shared by the preload and Electron main. */
export const desktopChannels = {
  importWithDialog: 'desktop.importWithDialog',
} as const

export interface ImportWithDialogRequest {
  corpusName: string
  /** Pick several .abc/.txt files, or one folder (read recursively). */
  pick: 'files' | 'folder'
  /** Names the import for its progress events and `library.cancelImport`. */
  importId?: string
}

export interface DesktopApi {
  /** Shows the native dialog, reads the chosen files in main and imports them; null if cancelled. */
  importWithDialog(request: ImportWithDialogRequest): Promise<ImportReport | null>
}
