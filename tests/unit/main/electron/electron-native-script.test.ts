/**
 * Defect 4 of the desktop review: `npm start` runs scripts/electron-native.mjs first, and it
 * failed outright when neither a prebuilt better-sqlite3 for Electron nor Electron's headers could
 * be downloaded. Now it explains and lets Electron start; only `npm run dist` (--strict) stops.
 * Both downloads are pointed at a closed local port (and node-gyp at an empty header folder), so
 * this never downloads.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../../..')
const SCRIPT_MS = 120_000
let dir: string

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-electron-native-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function runOffline(args: string[]): { status: number | null; output: string } {
  const unreachable = 'http://127.0.0.1:9'
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'electron-native.mjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: SCRIPT_MS,
    env: {
      ...process.env,
      TUNESMITH_ELECTRON_NATIVE_DIR: path.join(dir, 'out'),
      // prebuild-install's download host, and Electron's headers for node-gyp in an empty header folder.
      npm_config_better_sqlite3_binary_host: unreachable,
      npm_config_dist_url: `${unreachable}/headers`,
      npm_config_devdir: path.join(dir, 'gyp'),
    },
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

describe('scripts/electron-native.mjs without a network', () => {
  it('lets npm start go on, saying what is missing and how to get it', () => {
    const { status, output } = runOffline([])
    expect(status, output).toBe(0)
    expect(output).toMatch(/Could not get better-sqlite3 .* for Electron/)
    expect(output).toContain('node scripts/electron-native.mjs')
    expect(output).toContain('Electron starts anyway')
    expect(existsSync(path.join(dir, 'out', 'better_sqlite3.node'))).toBe(false)
  }, SCRIPT_MS)

  it('stops npm run dist (--strict): a package could never open its library', () => {
    const { status, output } = runOffline(['--strict'])
    expect(status, output).toBe(1)
    expect(output).toContain('the build stops here')
  }, SCRIPT_MS)
})
