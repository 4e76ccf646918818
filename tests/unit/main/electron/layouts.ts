/**
 * The two places the desktop app runs from, built for real and laid out where Electron would find
 * them, so the stand-in tests run the built main bundle in each:
 *
 * - development: the project as `npm start` sees it (app.getAppPath() = the project root);
 * - packaged: what electron-builder itself makes of package.json's "build" config
 *   (`electron-builder --linux dir`, with a stand-in Electron distribution since the real one
 *   cannot download here), with app.asar extracted to a folder of the same name (Node cannot read
 *   an asar) and app.asar.unpacked as it is.
 *
 * Under Node, "the Electron build of better-sqlite3" is node_modules' Node build: it is copied to
 * where the Electron build would be, which also proves main loads it from there.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { extractAll } from '@electron/asar'
import { DEV_LAYOUT } from '../../../../src-main/electron/app-paths'

export const root = path.resolve(import.meta.dirname, '../../../..')
const require = createRequire(import.meta.url)

/** Where `npm install` put the engine addon and better-sqlite3's Node build. */
export const builtAddon = path.join(root, DEV_LAYOUT.engineAddon)
const nodeSqliteBuild = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node')

export interface Layout {
  name: 'development' | 'packaged'
  mainFile: string
  env: Record<string, string>
}

/** Copies `file` to `at`; a missing engine addon (no compiler or BLAS at install) is left missing, as it would be. */
function place(file: string, at: string): void {
  if (!existsSync(file)) return
  mkdirSync(path.dirname(at), { recursive: true })
  copyFileSync(file, at)
}

/** Builds main, preload and renderer into `<stage>/dev-app/out`, laid out as a development checkout. */
export function developmentLayout(stage: string): Layout {
  const appDir = path.join(stage, 'dev-app')
  mkdirSync(appDir, { recursive: true })
  copyFileSync(path.join(root, 'package.json'), path.join(appDir, 'package.json'))
  symlinkSync(path.join(root, 'node_modules'), path.join(appDir, 'node_modules'), 'dir')
  symlinkSync(path.join(root, 'resources'), path.join(appDir, 'resources'), 'dir')
  place(builtAddon, path.join(appDir, DEV_LAYOUT.engineAddon))
  place(nodeSqliteBuild, path.join(appDir, DEV_LAYOUT.sqliteBinding))
  execFileSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'error'], {
    cwd: root,
    env: { ...process.env, TUNESMITH_OUT_DIR: path.join(appDir, 'out') },
    stdio: 'pipe',
  })
  return {
    name: 'development',
    mainFile: path.join(appDir, 'out', 'main', 'index.js'),
    env: { TUNESMITH_STANDIN_APP_PATH: appDir, TUNESMITH_STANDIN_PACKAGED: '0' },
  }
}

/**
 * Runs electron-builder on a copy of the development layout (node_modules hard-linked, so it sits
 * inside the project's .tmp/ on the same file system) and lays its output out for Node.
 */
export function packagedLayout(stage: string, dev: Layout): Layout {
  const project = path.join(stage, 'pack')
  const devDir = dev.env.TUNESMITH_STANDIN_APP_PATH
  mkdirSync(project, { recursive: true })
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(path.join(root, file), path.join(project, file))
  cpSync(path.join(devDir, 'out'), path.join(project, 'out'), { recursive: true })
  // Hard links: a copy of node_modules in seconds, not minutes (GNU cp; elsewhere a plain copy).
  if (process.platform === 'linux') execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(project, 'node_modules')])
  else cpSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'), { recursive: true, verbatimSymlinks: true })
  cpSync(path.join(root, 'resources'), path.join(project, 'resources'), { recursive: true })
  place(builtAddon, path.join(project, DEV_LAYOUT.engineAddon))
  place(nodeSqliteBuild, path.join(project, DEV_LAYOUT.sqliteBinding))

  // An "Electron distribution" with nothing in it but a binary: electron-builder only copies it.
  const electronDist = path.join(stage, 'electron-dist')
  mkdirSync(electronDist, { recursive: true })
  writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n')
  chmodSync(path.join(electronDist, 'electron'), 0o755)
  execFileSync(
    process.execPath,
    [path.join(project, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${path.join(stage, 'dist')}`],
    { cwd: project, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: '1' }, stdio: 'pipe' },
  )

  // What Electron's main process sees at resources/app.asar: the archive, plus the files listed in
  // asarUnpack read from app.asar.unpacked as if they were inside. A worker thread sees no archive:
  // app.asar.unpacked is left as electron-builder made it, so the worker runs only if everything
  // it imports was unpacked.
  const resourcesPath = path.join(stage, 'dist', 'linux-unpacked', 'resources')
  const archive = path.join(resourcesPath, 'app.asar')
  const appDir = path.join(resourcesPath, 'app-asar-extracted')
  extractAll(archive, appDir)
  const unpacked = path.join(resourcesPath, 'app.asar.unpacked')
  if (existsSync(unpacked)) cpSync(unpacked, appDir, { recursive: true })
  rmSync(archive)
  renameSync(appDir, archive)
  rmSync(project, { recursive: true, force: true })
  return {
    name: 'packaged',
    mainFile: path.join(archive, 'out', 'main', 'index.js'),
    env: { TUNESMITH_STANDIN_APP_PATH: archive, TUNESMITH_STANDIN_RESOURCES: resourcesPath, TUNESMITH_STANDIN_PACKAGED: '1' },
  }
}

/** A folder under the project's .tmp/ (ignored by git; same file system as node_modules). */
export function stageDir(): string {
  mkdirSync(path.join(root, '.tmp'), { recursive: true })
  return mkdtempSync(path.join(root, '.tmp', 'electron-stand-in-'))
}
