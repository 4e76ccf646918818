#!/usr/bin/env node
/**
 * better-sqlite3 is a V8 addon: one build serves one ABI. node_modules keeps the build for
 * Node (tests, web mode, CLI); this script, run by `npm start`, puts a build for the installed
 * Electron in build/electron-native/better_sqlite3.node, which Electron main passes to the
 * library as `nativeBinding`. Both live in one checkout and neither overwrites the other.
 *
 * It works on a copy of node_modules/better-sqlite3 (its sources ship in the npm package):
 * first `prebuild-install` for Electron's ABI (a download), else `node-gyp` compiles it against
 * Electron's headers (also a download, plus a C++ toolchain). Skipped when already up to date.
 *
 * When neither works (no internet), `npm start` still starts: this script says what is missing
 * and exits 0, and the app's start-up dialog says the same. `npm run dist` passes `--strict`:
 * a package without the Electron build could never open its library, so there it fails.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// TUNESMITH_ELECTRON_NATIVE_DIR: another output folder (the test of this script uses a temp one).
const outDir = process.env.TUNESMITH_ELECTRON_NATIVE_DIR || path.join(root, 'build', 'electron-native')
const target = path.join(outDir, 'better_sqlite3.node')
const stampFile = path.join(outDir, 'stamp.json')

const electronVersion = require('electron/package.json').version
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'))
const sqliteVersion = JSON.parse(readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version
const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion, arch: process.arch, platform: process.platform }

const log = (line) => console.log(`[electron-native] ${line}`)
const strict = process.argv.includes('--strict')

function upToDate() {
  if (!existsSync(target) || !existsSync(stampFile)) return false
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'))
    return Object.entries(wanted).every(([k, v]) => stamp[k] === v)
  } catch {
    return false
  }
}

/**
 * The environment for the builds, less a `nodedir` npm may set (Debian's npm sets nodedir=/usr):
 * node-gyp would compile against that Node's headers and the result, labelled for Electron, would
 * fail on the ABI at start.
 */
function buildEnv() {
  const env = { ...process.env }
  for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_nodedir') delete env[key]
  return env
}

function run(label, args, cwd) {
  log(`${label}...`)
  try {
    execFileSync(process.execPath, args, { cwd, stdio: 'inherit', env: buildEnv() })
    return true
  } catch {
    log(`${label} failed`)
    return false
  }
}

if (upToDate()) {
  log(`better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} is up to date`)
  process.exit(0)
}

const work = path.join(outDir, 'better-sqlite3')
rmSync(work, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })
// The Node build in node_modules stays untouched: copy everything but it.
cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.startsWith(path.join(sqliteDir, 'build')) })

const electronArgs = [`--runtime=electron`, `--target=${electronVersion}`, `--arch=${process.arch}`]
const built =
  run(`prebuild-install for Electron ${electronVersion}`, [require.resolve('prebuild-install/bin.js'), ...electronArgs], work) ||
  run(`node-gyp build for Electron ${electronVersion}`, [
    require.resolve('node-gyp/bin/node-gyp.js'),
    'rebuild',
    '--release',
    ...electronArgs,
    // npm_config_dist_url: a mirror of Electron's headers (also how the test makes this fail without a network).
    `--dist-url=${process.env.npm_config_dist_url || 'https://electronjs.org/headers'}`,
  ], work)

const produced = path.join(work, 'build', 'Release', 'better_sqlite3.node')
if (!built || !existsSync(produced)) {
  rmSync(work, { recursive: true, force: true })
  console.error(
    [
      `[electron-native] Could not get better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}: both ways need the network`,
      '[electron-native] (a prebuilt binary, or Electron\'s headers plus a C++ toolchain). Run this script again online:',
      '[electron-native]   node scripts/electron-native.mjs',
      strict
        ? '[electron-native] A packaged app without it could never open its library, so the build stops here.'
        : '[electron-native] Electron starts anyway, but cannot open the library until then. Web mode works without it: npm run web',
    ].join('\n'),
  )
  process.exit(strict ? 1 : 0)
}
copyFileSync(produced, target)
writeFileSync(stampFile, JSON.stringify(wanted, null, 2) + '\n')
rmSync(work, { recursive: true, force: true })
log(`wrote ${path.relative(root, target)}`)
