/**
 * better-sqlite3 is a V8 addon, so one build serves one ABI: node_modules keeps the build for
 * Node (tests, web mode, CLI) and `scripts/electron-native.mjs` (run by `npm start` and
 * `npm run dist`) puts a build for this Electron version in build/electron-native/. Main passes
 * that file to the library as `nativeBinding` (app-paths.ts says where it is when packaged).
 */
import path from 'node:path'

export const ELECTRON_NATIVE_DIR = path.join('build', 'electron-native')

/** What the ABI error means, for the start-up dialog: the raw "NODE_MODULE_VERSION 127 …" explains nothing. */
export function explainStartError(message: string): string {
  if (!/NODE_MODULE_VERSION|compiled against a different Node\.js version|better_sqlite3\.node/.test(message)) return message
  return (
    'The library database (better-sqlite3) has no build for this Electron version. Run ' +
    '`node scripts/electron-native.mjs` with internet access (it downloads a prebuilt binary or ' +
    "Electron's headers to compile one), then start again. Web mode works without it: npm run web.\n\n" +
    message
  )
}
