// @ts-check
/**
 * The dependency order of Tunesmith's folders (docs/ARCHITECTURE.md), written once: the lint rule
 * below enforces it on every import, and tests/unit/architecture walks the whole graph with it.
 * A folder may import itself, its own subfolders and the folders named in `may`; nothing else of ours.
 * Packages (node_modules) and build configuration are not layers.
 */
import path from 'node:path'

/** @typedef {{ folder: string, may: string[], why: string }} Layer */

/** Most specific folder first: a file belongs to the first layer whose folder contains it. */
/** @type {Layer[]} */
export const LAYERS = [
  { folder: 'src-shared/contract', may: ['src-shared/model-shape.ts'], why: 'the contract is types and schemas only' },
  { folder: 'src-shared/abc', may: ['src-shared/contract'], why: 'the ABC core depends on nothing of ours but the contract\'s types' },
  { folder: 'src-shared', may: [], why: 'shared code runs on both sides and knows neither' },
  { folder: 'src-main/engine', may: ['src-shared'], why: 'the engine depends on nothing of ours' },
  { folder: 'src-main/library', may: ['src-shared'], why: 'the library depends only on the ABC core' },
  { folder: 'src-main/model', may: ['src-shared', 'src-main/engine', 'src-main/library'], why: 'the model sits on abc, engine and library' },
  { folder: 'src-main/services', may: ['src-shared', 'src-main/engine', 'src-main/library', 'src-main/model'], why: 'services sit on everything below them' },
  { folder: 'src-main/web', may: ['src-shared', 'src-main/services'], why: 'web mode talks only to services and the contract' },
  { folder: 'src-main/cli', may: ['src-shared', 'src-main/services'], why: 'the CLI talks only to services and the contract' },
  { folder: 'src-main/electron', may: ['src-shared', 'src-main/services'], why: 'the Electron shell talks only to services and the contract' },
  { folder: 'src-preload', may: ['src-shared'], why: 'the preload exposes the contract\'s client' },
  { folder: 'src-renderer', may: ['src-shared'], why: 'the renderer talks only to the API' },
]

const inside = (/** @type {string} */ file, /** @type {string} */ folder) => file === folder || file.startsWith(folder + '/')

/** The layer a repo-relative path belongs to, or undefined (tests, bench, config, packages). */
export function layerOf(/** @type {string} */ relPath) {
  return LAYERS.find((l) => inside(relPath, l.folder))
}

/**
 * Why an import from `fromFile` of `spec` breaks the order, or null when it is allowed. Both paths
 * repo-relative. An electron-vite `?modulePath` import names a bundle entry (a worker file to
 * start), not code the importer runs, so it is not a dependency.
 */
export function layerViolation(/** @type {string} */ fromFile, /** @type {string} */ spec) {
  if (!spec.startsWith('.') || spec.endsWith('?modulePath')) return null
  const from = layerOf(fromFile)
  if (!from) return null
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec.replace(/\?.*$/, '')))
  const to = layerOf(target)
  if (!to || to === from || inside(target, from.folder)) return null
  if (from.may.some((m) => inside(target, m) || inside(target.replace(/(\.ts)?$/, '.ts'), m))) return null
  return `${from.folder} may not import ${to.folder} (${from.why}; allowed: ${from.may.join(', ') || 'nothing of ours'})`
}

/** ESLint plugin: `layers/order` reports every import that breaks the order above. */
export const layersPlugin = {
  rules: {
    order: {
      meta: { type: 'problem', docs: { description: 'Imports follow the folder dependency order (scripts/layers.mjs)' }, schema: [] },
      create(/** @type {import('eslint').Rule.RuleContext} */ context) {
        const file = path.relative(context.cwd, context.filename).split(path.sep).join('/')
        /** @param {import('estree').Node & { source?: import('estree').Node | null }} node */
        const check = (node) => {
          const source = node.source
          if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return
          const message = layerViolation(file, source.value)
          if (message) context.report({ node: source, message })
        }
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check }
      },
    },
  },
}
