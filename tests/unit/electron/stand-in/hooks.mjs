/**
 * Module hooks for the stand-in Electron run: `import … from 'electron'` in the built main bundle
 * resolves to ./electron.mjs instead of the npm package (which, outside Electron, only exports
 * the path of a binary that cannot download here).
 */
const standIn = new URL('./electron.mjs', import.meta.url).href

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: standIn, shortCircuit: true }
  return nextResolve(specifier, context)
}
