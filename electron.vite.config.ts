/**
 * electron-vite: main (src-main/electron), preload (src-preload, CommonJS because sandboxed
 * preloads cannot load ES modules or node_modules), renderer (src-renderer). Output in out/.
 * Web mode builds the renderer with the same `rendererConfig`, so both shells serve one bundle.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { defineConfig, type UserConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { SAMPLES_DIR, sampleFileName, shippedSamples } from './src-shared/audio/samples'

/**
 * The project folder: the one holding package.json, found upward from this file, so that the
 * CLI's bundle (out/cli, which inlines this config to build the renderer) resolves the same paths.
 */
function projectRoot(from: string): string {
  if (existsSync(resolve(from, 'package.json')) || dirname(from) === from) return from
  return projectRoot(dirname(from))
}

const root = projectRoot(import.meta.dirname)
// Tests build into a temp folder (TUNESMITH_OUT_DIR) so they never clobber a developer's out/.
const outDir = resolve(root, process.env.TUNESMITH_OUT_DIR ?? 'out')

export const rendererOutDir = resolve(outDir, 'renderer')

const require = createRequire(import.meta.url)

/** Where a sample is in its installed npm package. */
function sampleSource(pkg: string, note: string): string {
  return resolve(dirname(require.resolve(`${pkg}/package.json`)), sampleFileName(note))
}

/**
 * The instrument samples (src-shared/audio/samples.ts) go into the renderer build as files beside
 * index.html, so both shells load them by a relative URL (file:// in Electron, loopback in web
 * mode); the dev server serves the same paths straight from node_modules.
 */
function instrumentSamples(): Plugin {
  const files = new Map(shippedSamples().map((s) => [`/${s.path}`, sampleSource(s.pkg, s.note)]))
  return {
    name: 'tunesmith-instrument-samples',
    configureServer(server) {
      server.middlewares.use(`/${SAMPLES_DIR}/`, (req, res, next) => {
        const file = files.get(`/${SAMPLES_DIR}${req.url ?? ''}`)
        if (!file) return next()
        res.setHeader('Content-Type', 'audio/mpeg')
        res.end(readFileSync(file))
      })
    },
    generateBundle() {
      for (const [url, file] of files) this.emitFile({ type: 'asset', fileName: url.slice(1), source: readFileSync(file) })
    },
  }
}

export const rendererConfig = {
  root: resolve(root, 'src-renderer'),
  // Relative asset URLs: the same files load from file:// (Electron) and http:// (web mode).
  base: './',
  plugins: [vue(), instrumentSamples()],
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    // abcjs alone is ~480 kB minified; the bundle is loaded from disk or loopback, never a network.
    chunkSizeWarningLimit: 1500,
    // electron-vite leaves the renderer unminified unless told; web mode serves this bundle too.
    minify: true,
    // render.html: the offline renderer alone, which the CLI opens in Chromium to write a WAV file.
    rolldownOptions: { input: { index: resolve(root, 'src-renderer/index.html'), render: resolve(root, 'src-renderer/render.html') } },
  },
} satisfies NonNullable<UserConfig['renderer']>

export default defineConfig({
  main: {
    build: {
      outDir: resolve(outDir, 'main'),
      rolldownOptions: { input: { index: resolve(root, 'src-main/electron/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(outDir, 'preload'),
      // Sandboxed preloads can only require('electron') and a few built-ins: bundle zod and the
      // contract into one CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
})
