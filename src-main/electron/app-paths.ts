/**
 * Where the desktop app finds what it reads at start, from the app's own folders and never the
 * working directory (a desktop app is started from anywhere):
 *
 * - development (`npm start`): under `app.getAppPath()`, the project root;
 * - packaged (`npm run dist`): under `process.resourcesPath`, where electron-builder's
 *   `extraResources` (package.json "build") put them, outside app.asar so that native addons load
 *   and the corpus folder reads as plain files.
 *
 * `DEV_LAYOUT` → `PACKAGED_LAYOUT` is exactly the `extraResources` mapping: the packaging test
 * (tests/unit/main/electron/packaging-config.test.ts) checks the config against these two tables.
 * Plain Node (no electron import), so the stand-in tests use it too.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ADDON_BUILD_PATH } from '../services/boot'
import { ELECTRON_NATIVE_DIR } from './native-binding'

export interface AppFiles {
  /** The resources/ folder: bundled corpus, default model. */
  resources: string
  /** The native engine addon (N-API: the Node build loads in Electron as it is). */
  engineAddon: string
  /** better-sqlite3 built for Electron's ABI (scripts/electron-native.mjs). */
  sqliteBinding: string
}

/** Relative to the project root (= app.getAppPath() in development). */
export const DEV_LAYOUT: AppFiles = {
  resources: 'resources',
  engineAddon: ADDON_BUILD_PATH,
  sqliteBinding: path.join(ELECTRON_NATIVE_DIR, 'better_sqlite3.node'),
}

/** Relative to process.resourcesPath in a packaged app. */
export const PACKAGED_LAYOUT: AppFiles = {
  resources: 'resources',
  engineAddon: path.join('native', path.basename(ADDON_BUILD_PATH)),
  sqliteBinding: path.join('native', 'better_sqlite3.node'),
}

export interface ShellLocation {
  isPackaged: boolean
  /** app.getAppPath(): the project root in development, …/resources/app.asar when packaged. */
  appPath: string
  /** process.resourcesPath: the packaged app's resources folder. */
  resourcesPath: string
}

export interface AppPaths {
  resourcesDir: string
  engineAddon: string
  /** Undefined when there is no Electron build of better-sqlite3 (opening the library will then fail on the ABI). */
  sqliteBinding: string | undefined
}

export function appPaths(where: ShellLocation): AppPaths {
  const [base, layout] = where.isPackaged ? [where.resourcesPath, PACKAGED_LAYOUT] : [where.appPath, DEV_LAYOUT]
  const sqliteBinding = path.join(base, layout.sqliteBinding)
  return {
    resourcesDir: path.join(base, layout.resources),
    engineAddon: path.join(base, layout.engineAddon),
    sqliteBinding: existsSync(sqliteBinding) ? sqliteBinding : undefined,
  }
}

const ASAR = 'app.asar'

/**
 * The same file outside the asar archive (electron-builder's `asarUnpack` puts it in
 * app.asar.unpacked). Worker threads cannot read inside an asar (electron/electron#22446), so the
 * training worker, and the packages it imports, are unpacked and started from there.
 */
export function outsideAsar(file: string): string {
  const parts = file.split(path.sep)
  const at = parts.lastIndexOf(ASAR)
  if (at < 0) return file
  parts[at] = `${ASAR}.unpacked`
  return parts.join(path.sep)
}
