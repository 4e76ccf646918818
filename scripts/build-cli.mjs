#!/usr/bin/env node
/**
 * Bundles the CLI (src-main/cli/main.ts) and the worker files it starts (the training worker and
 * the ABC check worker) into out/cli with esbuild, the way electron-vite bundles the app: one
 * ES module per entry, packages from node_modules left as imports (better-sqlite3 and the engine
 * addon are native; tfjs loads its own files) except zod (BUNDLED_PACKAGES). Run by
 * scripts/cli.mjs when the sources are newer than the bundle; by hand:
 * `node scripts/build-cli.mjs [--outdir DIR]`.
 *
 * The sources start their workers with `new URL('./worker.ts', import.meta.url)` (tsx in the Node
 * shells): in the bundle those URLs name the bundled `worker.js` beside main.js instead.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DEFAULT_OUT = path.join(root, 'out', 'cli')
/** What the CLI's bundle is made from: a change to any of these makes it stale. */
const SOURCES = ['src-main', 'src-shared', 'package.json', 'scripts/build-cli.mjs', 'electron.vite.config.ts']
/** Built artefacts and C++ inside the source folders are not part of the bundle. */
const SKIP = new Set(['build', 'node_modules'])
const WORKER_URL = /new URL\((['"])\.\/([\w-]+)\.ts\1, import\.meta\.url\)/g

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (SKIP.has(e.name) ? [] : sourceFiles(path.join(dir, e.name))) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  )
}

/**
 * The entries: the CLI, and every worker file the sources start with `new URL('./x.ts',
 * import.meta.url)`, found by reading them (a worker added later is bundled without a list to keep).
 */
function bundleEntries() {
  const found = { main: 'src-main/cli/main.ts' }
  for (const file of sourceFiles(path.join(root, 'src-main'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(WORKER_URL)) {
      const worker = path.relative(root, path.join(path.dirname(file), `${m[2]}.ts`))
      if (found[m[2]] && found[m[2]] !== worker) throw new Error(`two worker files are named ${m[2]}.ts (${found[m[2]]}, ${worker}): the bundle needs one name each`)
      found[m[2]] = worker
    }
  }
  return found
}

export function cliBundlePath(outdir = DEFAULT_OUT) {
  return path.join(outdir, 'main.js')
}

function newestSource(entry) {
  const stat = statSync(entry)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const name of readdirSync(entry)) if (!SKIP.has(name)) newest = Math.max(newest, newestSource(path.join(entry, name)))
  return newest
}

/** True when the bundle is missing or older than any source file (a few ms for ~250 files). */
export function cliBundleIsStale(outdir = DEFAULT_OUT) {
  let built
  try {
    built = statSync(cliBundlePath(outdir)).mtimeMs
  } catch {
    return true
  }
  return SOURCES.some((s) => newestSource(path.join(root, s)) > built)
}

/** A worker's `new URL('./x.ts', import.meta.url)` names the bundled x.js beside the bundle. */
const workerUrls = {
  name: 'worker-urls',
  setup(build) {
    build.onLoad({ filter: /src-main[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      if (!WORKER_URL.test(text)) return undefined
      WORKER_URL.lastIndex = 0
      return { contents: text.replace(WORKER_URL, (_, q, name) => `new URL(${q}./${name}.js${q}, import.meta.url)`), loader: 'ts' }
    })
  },
}

/**
 * Packages stay imports from node_modules (native addons, tfjs loading its own files), except
 * BUNDLED_PACKAGES: zod's ES build is ~100 small files, and resolving and loading them cost ~45 ms
 * of every command's start (`models` median of 7: 315 → 268 ms); bundled, they are one chunk.
 */
const BUNDLED_PACKAGES = new Set(['zod'])
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point') return undefined
      const name = args.path.split('/').slice(0, args.path.startsWith('@') ? 2 : 1).join('/')
      return BUNDLED_PACKAGES.has(name) ? undefined : { path: args.path, external: true }
    })
  },
}

/**
 * Builds into a fresh folder, then moves each file into place (a rename is atomic), so a CLI
 * starting meanwhile never loads half a bundle.
 */
export async function buildCli(outdir = DEFAULT_OUT) {
  const { build } = await import('esbuild')
  const staging = `${outdir}.${process.pid}.tmp`
  rmSync(staging, { recursive: true, force: true })
  const entryPoints = bundleEntries()
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: staging,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Modules the sources import lazily (tfjs behind layers-format.ts) become chunks loaded on
    // first use, so a command that never reads or writes a checkpoint never loads tfjs.
    splitting: true,
    // Beside the entries: code that finds files from import.meta.url (the engine addon, worker
    // files, resources) must sit two folders below the project root, as main.js does.
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [workerUrls, externalPackages],
  })
  // Chunks first (hash-named, so a new one never replaces a file an older main.js loads), the
  // entries last; then files of earlier builds are removed.
  const built = readdirSync(staging)
  const entries = new Set(Object.keys(entryPoints).flatMap((name) => [`${name}.js`, `${name}.js.map`]))
  mkdirSync(outdir, { recursive: true })
  for (const name of [...built.filter((n) => !entries.has(n)), ...built.filter((n) => entries.has(n))]) {
    renameSync(path.join(staging, name), path.join(outdir, name))
  }
  for (const name of readdirSync(outdir)) if (!built.includes(name)) rmSync(path.join(outdir, name), { recursive: true, force: true })
  rmSync(staging, { recursive: true, force: true })
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--outdir')
  const outdir = at > 0 ? path.resolve(process.argv[at + 1]) : DEFAULT_OUT
  const started = Date.now()
  await buildCli(outdir)
  console.log(`tunesmith cli: bundled into ${path.relative(root, outdir) || outdir} in ${Date.now() - started} ms`)
}
