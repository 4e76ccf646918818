/**
 * A stand-in for the `electron` module, enough for Tunesmith's main process to run under Node:
 * app, BrowserWindow, ipcMain, dialog, session, screen, nativeTheme. The test drives it over the
 * child-process IPC channel (see ../stand-in.ts):
 *
 *   parent → child  { type: 'invoke', id, channel, input, trusted }   call an ipcMain handler
 *                   { type: 'dialog', filePaths }                      the next open dialog's answer
 *                   { type: 'quit' }                                   app.quit()
 *   child → parent  { type: 'window', file, webPreferences }           a window loaded its page
 *                   { type: 'reply', id, value }                       a handler's answer
 *                   { type: 'event', name, payload }                   webContents.send
 *                   { type: 'error-box', title, message }              dialog.showErrorBox
 *                   { type: 'clone-failure', where, message }          something that IPC could not carry
 *
 * What crosses Electron's IPC is copied with the structured clone algorithm, so every input,
 * reply and event is passed through structuredClone here: a Proxy, a function or a class
 * instance with private state fails as it would in Electron.
 *
 * Configuration comes from the environment: TUNESMITH_STANDIN_APP_PATH (app.getAppPath()),
 * TUNESMITH_STANDIN_RESOURCES (process.resourcesPath), TUNESMITH_STANDIN_PACKAGED ('1' = packaged),
 * TUNESMITH_STANDIN_USER_DATA (app.getPath('userData')).
 */
import { EventEmitter } from 'node:events'
import { pathToFileURL } from 'node:url'

const env = process.env
if (env.TUNESMITH_STANDIN_RESOURCES) process.resourcesPath = env.TUNESMITH_STANDIN_RESOURCES

const send = (message) => {
  if (process.connected) process.send(message)
}

/** structuredClone, reporting a failure to the test as Electron would throw it. */
function ipcCopy(where, value) {
  try {
    return structuredClone(value)
  } catch (err) {
    send({ type: 'clone-failure', where, message: String(err?.message ?? err) })
    throw new Error(`An object could not be cloned (${where})`, { cause: err })
  }
}

class StandInApp extends EventEmitter {
  isPackaged = env.TUNESMITH_STANDIN_PACKAGED === '1'
  #ready = Promise.resolve()
  #quitting = false

  whenReady() {
    return this.#ready
  }
  getAppPath() {
    return env.TUNESMITH_STANDIN_APP_PATH
  }
  getPath(name) {
    if (name === 'userData') return env.TUNESMITH_STANDIN_USER_DATA
    throw new Error(`stand-in app.getPath('${name}') is not implemented`)
  }
  getName() {
    return 'tunesmith'
  }
  requestSingleInstanceLock() {
    return true
  }
  /** Electron: 'before-quit' (cancellable), then windows close, 'will-quit', 'quit', and the process ends. */
  quit() {
    if (this.#quitting) return
    let prevented = false
    this.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (prevented) return
    this.#quitting = true
    for (const win of [...windows]) win.destroy()
    this.emit('will-quit', { preventDefault: () => undefined })
    this.emit('quit')
    send({ type: 'quit-done' })
    // Electron ends the process here; the stand-in lets Node end it, so anything still holding the
    // event loop open (a worker, a timer, an open handle) shows up as a process that does not exit.
    process.disconnect()
  }
}

export const app = new StandInApp()

const windows = []

class StandInWebContents extends EventEmitter {
  constructor(owner) {
    super()
    this.owner = owner
  }
  send(name, payload) {
    send({ type: 'event', name, payload: ipcCopy(`event ${name}`, payload) })
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...windows]
  }
  static fromWebContents(contents) {
    return windows.find((w) => w.webContents === contents) ?? null
  }

  #destroyed = false
  #maximized = false
  url = null

  constructor(options = {}) {
    super()
    this.options = options
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 }
    this.webContents = new StandInWebContents(this)
    windows.push(this)
    app.emit('web-contents-created', {}, this.webContents)
  }
  async loadFile(file) {
    this.url = pathToFileURL(file).href
    send({ type: 'window', file, webPreferences: this.options.webPreferences })
    setImmediate(() => this.emit('ready-to-show'))
  }
  async loadURL(url) {
    this.url = url
    send({ type: 'window', url, webPreferences: this.options.webPreferences })
    setImmediate(() => this.emit('ready-to-show'))
  }
  show() {}
  focus() {}
  restore() {}
  maximize() {
    this.#maximized = true
  }
  isMaximized() {
    return this.#maximized
  }
  isMinimized() {
    return false
  }
  isFullScreen() {
    return false
  }
  getNormalBounds() {
    return { ...this.bounds }
  }
  isDestroyed() {
    return this.#destroyed
  }
  destroy() {
    if (this.#destroyed) return
    this.emit('close', { preventDefault: () => undefined })
    this.#destroyed = true
    windows.splice(windows.indexOf(this), 1)
    this.emit('closed')
  }
}

const handlers = new Map()

export const ipcMain = {
  handle(channel, handler) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    handlers.set(channel, handler)
  },
  removeHandler(channel) {
    handlers.delete(channel)
  },
}

let nextDialogAnswer = { canceled: true, filePaths: [] }

export const dialog = {
  showErrorBox(title, message) {
    send({ type: 'error-box', title, message })
  },
  async showOpenDialog() {
    const answer = nextDialogAnswer
    nextDialogAnswer = { canceled: true, filePaths: [] }
    return answer
  },
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      this.permissionRequestHandler = handler
    },
    setPermissionCheckHandler(handler) {
      this.permissionCheckHandler = handler
    },
  },
}

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
}

export const nativeTheme = { shouldUseDarkColors: false }

export const contextBridge = {
  exposeInMainWorld() {
    throw new Error('contextBridge belongs to the preload, not main')
  },
}

export const ipcRenderer = contextBridge

async function invoke({ id, channel, input, trusted }) {
  const handler = handlers.get(channel)
  if (!handler) {
    send({ type: 'reply', id, missing: true })
    return
  }
  const [win] = windows
  // What Electron reports for a call from the page: the frame's URL is the page it loaded.
  const frameUrl = trusted ? win?.url : 'https://example.invalid/'
  const event = { sender: win?.webContents, senderFrame: { url: frameUrl } }
  const value = await handler(event, ipcCopy(`input of ${channel}`, input))
  send({ type: 'reply', id, value: ipcCopy(`reply of ${channel}`, value) })
}

process.on('message', (message) => {
  if (message.type === 'invoke') {
    invoke(message).catch((err) => send({ type: 'reply', id: message.id, thrown: String(err?.message ?? err) }))
  } else if (message.type === 'dialog') {
    nextDialogAnswer = { canceled: false, filePaths: message.filePaths }
  } else if (message.type === 'quit') {
    app.quit()
  }
})

export default { app, BrowserWindow, ipcMain, dialog, session, screen, nativeTheme, contextBridge, ipcRenderer }
