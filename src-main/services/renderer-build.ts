/**
 * Web mode serves the same renderer bundle Electron loads (out/renderer), and the CLI opens its
 * offline render page (render.html) in Chromium to write WAV files. It is rebuilt when missing or
 * older than any renderer/contract source, so both always run current code.
 */
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'

const SOURCE_DIRS = ['src-renderer', 'src-shared']

async function newestMtime(dir: string): Promise<number> {
  let newest = 0
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(full))
    else if (entry.isFile()) newest = Math.max(newest, (await stat(full)).mtimeMs)
  }
  return newest
}

export async function rendererIsStale(projectRoot: string, outDir: string): Promise<boolean> {
  const built = await stat(path.join(outDir, 'index.html')).catch(() => null)
  if (!built) return true
  for (const dir of SOURCE_DIRS) {
    if ((await newestMtime(path.join(projectRoot, dir))) > built.mtimeMs) return true
  }
  return false
}

/** Builds out/renderer with vite when stale; returns the folder to serve. */
export async function ensureRendererBuilt(projectRoot: string, log: (line: string) => void): Promise<string> {
  const { rendererConfig, rendererOutDir } = await import('../../electron.vite.config')
  if (await rendererIsStale(projectRoot, rendererOutDir)) {
    log('Building the renderer (out/renderer)...')
    const { build } = await import('vite')
    await build({ ...rendererConfig, configFile: false, logLevel: 'warn' })
  }
  return rendererOutDir
}
