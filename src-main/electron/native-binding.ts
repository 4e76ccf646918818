/**
 * better-sqlite3 is a V8 addon, so one build serves one ABI: node_modules keeps the build for
 * Node (tests, web mode, CLI) and `scripts/electron-native.mjs` (run by `npm start`) puts a
 * build for this Electron version in build/electron-native/. Main passes that file to the
 * library as `nativeBinding`.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'

export const ELECTRON_NATIVE_DIR = path.join('build', 'electron-native')

export function electronNativeBinding(appRoot: string): string | undefined {
  const file = path.join(appRoot, ELECTRON_NATIVE_DIR, 'better_sqlite3.node')
  return existsSync(file) ? file : undefined
}
