/**
 * Module hooks for the stand-in Electron run:
 *
 * - `import … from 'electron'` in the built main bundle resolves to ./electron.mjs instead of the
 *   npm package (which, outside Electron, only exports the path of a binary that cannot download);
 * - in a worker thread, nothing loads from inside app.asar: Electron's asar support does not reach
 *   worker threads (electron/electron#22446), so the packaged layout, where app.asar is a folder
 *   for Node's sake, must not let a worker read it either.
 */
const standIn = new URL('./electron.mjs', import.meta.url).href
let workerThread = false

export function initialize(data) {
  workerThread = data?.workerThread === true
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: standIn, shortCircuit: true }
  return nextResolve(specifier, context)
}

export async function load(url, context, nextLoad) {
  if (workerThread && url.startsWith('file:') && url.includes('/app.asar/')) {
    throw new Error(`Cannot find module '${url}': a worker thread cannot read inside app.asar (electron/electron#22446)`)
  }
  return nextLoad(url, context)
}
