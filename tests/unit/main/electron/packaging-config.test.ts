/**
 * `npm run dist` (electron-builder, package.json "build") against what the app reads at start:
 * every file main looks for in a packaged app (app-paths.ts PACKAGED_LAYOUT: resources, the
 * engine addon, better-sqlite3's Electron build) is put there by `extraResources` from where the
 * project has it (DEV_LAYOUT); the corpus folder and the default model are inside `resources`;
 * native addons are never read from inside the asar; the installers the README promises are
 * configured. That electron-builder accepts this config and lays the app out so that main runs
 * is proven by main-stand-in.test.ts, which packages with it.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEV_LAYOUT, PACKAGED_LAYOUT, appPaths, outsideAsar, type AppFiles } from '../../../../src-main/electron/app-paths'
import { bundledCorpusDir } from '../../../../src-main/services/boot'
import { defaultModelDir } from '../../../../src-main/model/default-model'

const root = path.resolve(import.meta.dirname, '../../../..')

interface FileSet {
  from: string
  to: string
}
interface BuildConfig {
  files: string[]
  asar: boolean
  asarUnpack: string[]
  npmRebuild: boolean
  extraResources: FileSet[]
  directories: { output: string }
  linux: { target: string[] }
  mac: { target: string[] }
  win: { target: string[] }
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string>; build: BuildConfig }
const config = pkg.build
const norm = (p: string): string => path.normalize(p)

describe('electron-builder configuration (npm run dist)', () => {
  it.each(Object.keys(DEV_LAYOUT) as (keyof AppFiles)[])('packs %s from where the project has it to where the packaged app reads it', (key) => {
    const mapping = config.extraResources.find((set) => norm(set.to) === norm(PACKAGED_LAYOUT[key]))
    expect(mapping, `extraResources entry to ${PACKAGED_LAYOUT[key]}`).toBeDefined()
    expect(norm(mapping!.from)).toBe(norm(DEV_LAYOUT[key]))
  })

  it('ships the bundled corpus folder and the default model inside resources', () => {
    const packaged = appPaths({ isPackaged: true, appPath: '/opt/Tunesmith/resources/app.asar', resourcesPath: '/opt/Tunesmith/resources' })
    expect(packaged.resourcesDir).toBe(path.join('/opt/Tunesmith/resources', PACKAGED_LAYOUT.resources))
    expect(packaged.engineAddon).toBe(path.join('/opt/Tunesmith/resources', PACKAGED_LAYOUT.engineAddon))
    // The same relative folders the app opens, checked in the project's own resources/.
    const projectResources = path.join(root, DEV_LAYOUT.resources)
    expect(existsSync(path.join(bundledCorpusDir(projectResources), 'jigs.abc'))).toBe(true)
    for (const file of ['model.json', 'vocab.json']) expect(existsSync(path.join(defaultModelDir(projectResources), file))).toBe(true)
  })

  it('keeps native addons out of the asar archive, and the Node build of better-sqlite3 out of the app', () => {
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toContain('**/*.node')
    for (const key of ['engineAddon', 'sqliteBinding'] as const) expect(norm(PACKAGED_LAYOUT[key]).endsWith('.node')).toBe(true)
    // Main passes the Electron build explicitly; the Node one in node_modules would only fail to load.
    expect(config.files).toContain('!node_modules/better-sqlite3/{build,deps,src}/**')
    // Rebuilding in place would overwrite node_modules' Node build that tests, web mode and the CLI use.
    expect(config.npmRebuild).toBe(false)
  })

  it('unpacks the training worker from the asar (a worker thread cannot read inside it)', () => {
    expect(outsideAsar(path.join('/opt', 'T', 'resources', 'app.asar', 'out', 'main', 'chunks', 'worker-1.js'))).toBe(
      path.join('/opt', 'T', 'resources', 'app.asar.unpacked', 'out', 'main', 'chunks', 'worker-1.js'),
    )
    expect(outsideAsar(path.join('/home', 'me', 'tunesmith', 'out', 'main', 'chunks', 'worker-1.js'))).toBe(path.join('/home', 'me', 'tunesmith', 'out', 'main', 'chunks', 'worker-1.js'))
    expect(config.asarUnpack).toContain('out/main/chunks/**')
    // The worker's own imports; main-stand-in.test.ts runs it from app.asar.unpacked and would fail without any of them.
    // iconv-lite (and its safer-buffer): the check worker decodes the files an import reads.
    for (const name of ['@tensorflow', 'abcjs', 'iconv-lite', 'safer-buffer']) expect(config.asarUnpack).toContain(`node_modules/${name}/**`)
  })

  it('packs the built bundles main starts from, and writes the installers to an ignored folder', () => {
    expect(config.files).toContain('out/**')
    expect(pkg.main.replace(/^\.\//, '').startsWith('out/')).toBe(true)
    const ignored = readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n')
    expect(ignored).toContain(`${config.directories.output}/`)
  })

  it('makes the installers the README names', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(config.mac.target).toContain('dmg')
    expect(config.win.target).toContain('nsis')
  })

  it('builds everything dist needs first, and refuses to pack without the Electron build of better-sqlite3', () => {
    const steps = pkg.scripts.dist.split('&&').map((s) => s.trim())
    expect(steps).toEqual(['node scripts/electron-native.mjs --strict', 'electron-vite build', 'electron-builder'])
  })
})
