/**
 * electron-vite: main (src-main/electron), preload (src-preload, CommonJS because sandboxed
 * preloads cannot load ES modules or node_modules), renderer (src-renderer). Output in out/.
 * Web mode builds the renderer with the same `rendererConfig`, so both shells serve one bundle.
 */
import { resolve } from 'node:path'
import { defineConfig, type UserConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const root = import.meta.dirname
// Tests build into a temp folder (TUNESMITH_OUT_DIR) so they never clobber a developer's out/.
const outDir = resolve(root, process.env.TUNESMITH_OUT_DIR ?? 'out')

export const rendererOutDir = resolve(outDir, 'renderer')

export const rendererConfig = {
  root: resolve(root, 'src-renderer'),
  // Relative asset URLs: the same files load from file:// (Electron) and http:// (web mode).
  base: './',
  plugins: [vue()],
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    // abcjs alone is ~480 kB minified; the bundle is loaded from disk or loopback, never a network.
    chunkSizeWarningLimit: 1500,
    // electron-vite leaves the renderer unminified unless told; web mode serves this bundle too.
    minify: true,
    rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
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
