/** Where the desktop app looks for its files, and what it says when better-sqlite3 has no Electron build. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEV_LAYOUT, PACKAGED_LAYOUT, appPaths } from '../../../../src-main/electron/app-paths'
import { explainStartError } from '../../../../src-main/electron/native-binding'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('appPaths', () => {
  it('reads from the project in development, whatever the working directory', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-app-paths-'))
    const paths = appPaths({ isPackaged: false, appPath: dir, resourcesPath: '/nowhere' })
    expect(paths.resourcesDir).toBe(path.join(dir, 'resources'))
    expect(paths.engineAddon).toBe(path.join(dir, DEV_LAYOUT.engineAddon))
    // Only a better-sqlite3 build that exists is passed on: the library's own error is clearer than a missing file.
    expect(paths.sqliteBinding).toBeUndefined()
    mkdirSync(path.dirname(path.join(dir, DEV_LAYOUT.sqliteBinding)), { recursive: true })
    writeFileSync(path.join(dir, DEV_LAYOUT.sqliteBinding), '')
    expect(appPaths({ isPackaged: false, appPath: dir, resourcesPath: '/nowhere' }).sqliteBinding).toBe(path.join(dir, DEV_LAYOUT.sqliteBinding))
  })

  it('reads from process.resourcesPath when packaged, never from inside app.asar', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-app-paths-'))
    mkdirSync(path.join(dir, 'native'))
    writeFileSync(path.join(dir, PACKAGED_LAYOUT.sqliteBinding), '')
    const paths = appPaths({ isPackaged: true, appPath: path.join(dir, 'app.asar'), resourcesPath: dir })
    expect(paths).toEqual({
      resourcesDir: path.join(dir, 'resources'),
      engineAddon: path.join(dir, 'native', 'tunesmith_engine.node'),
      sqliteBinding: path.join(dir, 'native', 'better_sqlite3.node'),
    })
  })
})

describe('explainStartError', () => {
  it('turns the ABI error into what to do, keeping the original', () => {
    const raw = "The module '/x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115."
    const explained = explainStartError(raw)
    expect(explained).toContain('node scripts/electron-native.mjs')
    expect(explained).toContain(raw)
  })

  it('leaves other errors as they are', () => {
    expect(explainStartError('The bundled corpus folder cannot be read')).toBe('The bundled corpus folder cannot be read')
  })
})
