/**
 * The Electron binary cannot run here, so the desktop build is checked as files: electron-vite
 * builds main, preload and renderer into a temp folder, and the bundles must be loadable where
 * they will run: the sandboxed preload may require only 'electron'; main may import only Node
 * built-ins, 'electron' and runtime dependencies (a packaged app has no devDependencies); the
 * training worker file main points at must exist; the renderer must use relative asset URLs
 * (it loads from file://).
 */
import { execFileSync } from 'node:child_process'
import { builtinModules } from 'node:module'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shippedSamples } from '../../../../src-shared/audio/samples'

const root = path.resolve(import.meta.dirname, '../../../..')
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
let out: string

beforeAll(() => {
  out = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-electron-build-'))
  execFileSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'error'], {
    cwd: root,
    env: { ...process.env, TUNESMITH_OUT_DIR: out },
    stdio: 'pipe',
  })
}, 180_000)
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** Package name of a bare specifier: 'a/b' → 'a', '@s/a/b' → '@s/a'. */
const packageOf = (spec: string): string => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/')

function mainFiles(): string[] {
  const files = [path.join(out, 'main', 'index.js')]
  const chunks = path.join(out, 'main', 'chunks')
  if (existsSync(chunks)) files.push(...readdirSync(chunks).map((f) => path.join(chunks, f)))
  return files
}

describe('electron-vite build', () => {
  it('puts a CommonJS preload that requires nothing but electron', () => {
    const preload = readFileSync(path.join(out, 'preload', 'index.cjs'), 'utf8')
    const required = [...preload.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(preload).not.toMatch(/^\s*import\s/m)
    expect(preload).toContain('exposeInMainWorld("api"')
  })

  it('imports only built-ins, electron and runtime dependencies in main, all resolvable', () => {
    const builtins = new Set(builtinModules)
    for (const file of mainFiles()) {
      const code = readFileSync(file, 'utf8')
      const specs = [...code.matchAll(/^import\s[^'"]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm)].map((m) => m[1] ?? m[2])
      for (const spec of specs) {
        if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec) || spec === 'electron') continue
        const name = packageOf(spec)
        expect(pkg.dependencies, `${path.basename(file)} imports ${spec}`).toHaveProperty([name])
        // Installed where Node looks for it (some packages, e.g. musicxml-io, export no ./package.json).
        expect(existsSync(path.join(root, 'node_modules', ...name.split('/'), 'package.json')), `${name} is installed`).toBe(true)
      }
    }
  })

  it('points main at a training worker file that was built', () => {
    const main = readFileSync(path.join(out, 'main', 'index.js'), 'utf8')
    const worker = /["']\.\/(chunks\/worker-[\w-]+\.js)["']/.exec(main)?.[1]
    expect(worker).toBeDefined()
    expect(existsSync(path.join(out, 'main', worker!))).toBe(true)
  })

  it('builds a renderer with relative asset URLs, loadable from file://', () => {
    const html = readFileSync(path.join(out, 'renderer', 'index.html'), 'utf8')
    // A data: URL (the page icon) is in the page itself: nothing to load.
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((url) => !url.startsWith('data:'))
    expect(assets.length).toBeGreaterThan(0)
    for (const asset of assets) {
      expect(asset.startsWith('./')).toBe(true)
      expect(existsSync(path.join(out, 'renderer', asset))).toBe(true)
    }
  })

  it('puts every instrument sample beside index.html, where the player reads it by a relative URL (file:// too)', () => {
    const samples = shippedSamples()
    expect(samples.length).toBeGreaterThan(50)
    for (const sample of samples) {
      const file = path.join(out, 'renderer', sample.path)
      expect(existsSync(file), sample.path).toBe(true)
      // An MP3 frame or an ID3 tag, not an empty or HTML file.
      const head = readFileSync(file).subarray(0, 3)
      expect(head.toString('latin1') === 'ID3' || (head[0] === 0xff && (head[1] & 0xe0) === 0xe0), sample.path).toBe(true)
    }
  })
})
