/**
 * Electron hardening (electronjs.org "Security" checklist): no navigation away from the app, no
 * new windows, no <webview>, every permission request (camera, notifications...) refused.
 */
import { app, session } from 'electron'

export function applySecurityPolicy(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault())
    contents.on('will-redirect', (event) => event.preventDefault())
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}
