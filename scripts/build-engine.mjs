#!/usr/bin/env node
/**
 * Builds the native training/sampling engine (src-main/engine/native) with node-gyp. Runs at
 * `npm install` (postinstall) and never fails it: when the compiler, the BLAS headers or the Node
 * headers are missing it prints one line and exits 0, and the app falls back to tfjs / plain JS.
 * Rebuild by hand: `node scripts/build-engine.mjs` (full compiler output: `--verbose`).
 *
 * Linux: needs a C++17 compiler and OpenBLAS's CBLAS (Debian/Ubuntu: `apt-get install
 * libopenblas-dev`). macOS: Xcode command-line tools; BLAS is Apple's Accelerate. Windows: not
 * built from source; a packaged app would ship a prebuilt addon linked against OpenBLAS, and
 * without one the fallback runs.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const nativeDir = path.join(root, 'src-main', 'engine', 'native')
const addon = path.join(nativeDir, 'build', 'Release', 'tunesmith_engine.node')
const verbose = process.argv.includes('--verbose')
const say = (message) => console.log(`tunesmith engine: ${message}`)

function skip(reason) {
  say(`not built (${reason}); training will use tfjs and sampling plain JS. Rebuild: node scripts/build-engine.mjs`)
  process.exit(0)
}

function findNodeGyp() {
  try {
    return createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js')
  } catch {
    // npm ships its own node-gyp and tells scripts where it is.
    const bundled = process.env.npm_config_node_gyp
    return bundled && existsSync(bundled) ? bundled : null
  }
}

/** Headers of the running Node, so no download is needed (N-API is ABI-stable: Electron loads the same build). */
function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir
  const prefix = path.resolve(path.dirname(process.execPath), '..')
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null
}

function hasCblasHeader() {
  if (process.platform === 'darwin') return true // Accelerate
  const probe = spawnSync('c++', ['-x', 'c++', '-E', '-'], { input: '#include <cblas.h>\n', encoding: 'utf8' })
  return probe.status === 0
}

if (process.env.TUNESMITH_SKIP_ENGINE_BUILD) skip('TUNESMITH_SKIP_ENGINE_BUILD is set')
if (process.platform === 'win32') skip('no source build on Windows')
if (spawnSync('c++', ['--version']).status !== 0) skip('no C++ compiler (c++) on PATH')
if (!hasCblasHeader()) skip('cblas.h not found: install libopenblas-dev')
const gyp = findNodeGyp()
if (!gyp) skip('node-gyp not found')

const dir = nodeDir()
const gypRun = (command) => {
  const args = [gyp, command, '--directory', nativeDir]
  if (dir) args.push(`--nodedir=${dir}`)
  return spawnSync(process.execPath, args, { encoding: 'utf8', stdio: verbose ? 'inherit' : 'pipe' })
}
const started = Date.now()
// configure + build rather than rebuild: no clean step, so the previous addon stays loadable
// (by a training run starting meanwhile) until the linker replaces it.
let build = gypRun('configure')
if (build.status === 0) build = gypRun('build')
if (build.status !== 0) {
  const log = path.join(root, '.tmp', 'engine-build.log')
  mkdirSync(path.dirname(log), { recursive: true })
  writeFileSync(log, `${build.stdout ?? ''}\n${build.stderr ?? ''}`)
  skip(`compiler or linker error, see ${path.relative(root, log)}`)
}
// A build that links but cannot load (missing shared library at run time) is no build.
const check = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(addon)}).info().blas)`], { encoding: 'utf8' })
if (check.status !== 0) {
  rmSync(addon, { force: true })
  skip(`built but does not load: ${(check.stderr || '').trim().split('\n')[0]}`)
}
say(`built in ${((Date.now() - started) / 1000).toFixed(1)} s with ${check.stdout.trim()}`)
