/**
 * Electron main: a thin shell. Resolves paths, boots the same services as web mode, registers
 * IPC and opens the window. Everything else lives in src-main/services and below.
 */
import { app, BrowserWindow, dialog } from 'electron'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import trainingWorkerEntry from '../model/training/worker?modulePath'
import checkWorkerEntry from '../services/check-worker?modulePath'
import trainJobWorkerEntry from '../model/train-job/task-worker?modulePath'
import { bootServices, type Booted } from '../services/boot'
import { locateLibrary } from '../services/library-location'
import { appPaths, outsideAsar } from './app-paths'
import { registerIpc } from './ipc'
import { explainStartError } from './native-binding'
import { applySecurityPolicy } from './security'
import { createMainWindow, rendererOrigin, type WindowPaths } from './window'

const here = path.dirname(fileURLToPath(import.meta.url))

const windowPaths: WindowPaths = {
  preload: path.join(here, '../preload/index.cjs'),
  rendererUrl: !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined,
  rendererFile: path.join(here, '../renderer/index.html'),
  get userDataDir() {
    return app.getPath('userData')
  },
}

let booted: Booted | null = null

async function start(): Promise<void> {
  applySecurityPolicy()
  const paths = appPaths({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath })
  if (!paths.sqliteBinding) {
    // node_modules' better-sqlite3 is built for Node; opening the library will fail on the ABI.
    console.warn('No better-sqlite3 build for Electron (build/electron-native/, or resources/native/ when packaged): run `node scripts/electron-native.mjs`')
  }
  // The same default library as web mode and the CLI (not Electron's userData).
  const libraryPath = locateLibrary({ argv: process.argv, env: process.env })
  booted = await bootServices({
    libraryPath,
    resourcesDir: paths.resourcesDir,
    shell: 'electron',
    nativeBinding: paths.sqliteBinding,
    // Passed explicitly: the bundle is not beside the source tree, and the working directory is anywhere.
    engineAddon: paths.engineAddon,
    // Bundled as its own file by electron-vite: the tsx route Node shells use is absent here.
    // Packaged, it runs from app.asar.unpacked: a worker thread cannot read inside the asar.
    trainingWorkerEntry: outsideAsar(trainingWorkerEntry),
    // ABC checks in their own threads too: a hostile text must not freeze the window (check-pool.ts).
    checkWorkerEntry: outsideAsar(checkWorkerEntry),
    // Exporting or importing a training job cleans a corpus or converts checkpoints: off the window's thread.
    trainJobWorkerEntry: outsideAsar(trainJobWorkerEntry),
    warmUpModel: true,
  })
  const origin = rendererOrigin(windowPaths)
  registerIpc(
    {
      router: booted.router,
      isTrustedSender: (event) => event.senderFrame?.url.startsWith(origin) ?? false,
    },
    booted.events,
  )
  await createMainWindow(windowPaths)
}

// One instance per library: two processes writing the same SQLite file gain nothing.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows()
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })

  app.whenReady().then(start).catch((err: unknown) => {
    dialog.showErrorBox('Tunesmith could not start', explainStartError(err instanceof Error ? err.message : String(err)))
    app.quit()
  })

  app.on('activate', () => {
    if (booted && BrowserWindow.getAllWindows().length === 0) void createMainWindow(windowPaths)
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  // Shutdown is async (a training run writes its last checkpoint): hold the quit until it is done.
  app.on('before-quit', (event) => {
    const running = booted
    if (!running) return
    event.preventDefault()
    booted = null
    running
      .shutdown()
      .catch((err: unknown) => console.error('shutdown failed', err))
      .finally(() => app.quit())
  })
}
