/** Forwards EventBus events to every window's renderer (the IPC twin of web mode's SSE). */
import { BrowserWindow } from 'electron'
import type { EventBus } from '../../services/event-bus'

export function forwardEvents(events: EventBus): () => void {
  return events.listen((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(name, payload)
    }
  })
}
