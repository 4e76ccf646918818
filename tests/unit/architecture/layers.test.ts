/**
 * The folder dependency order (scripts/layers.mjs) holds on the real source tree, the lint rule
 * catches a wrong import, and no two folders import each other, however indirectly.
 */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { LAYERS, layerViolation } from '../../../scripts/layers.mjs'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const SOURCE_ROOTS = ['src-shared', 'src-main', 'src-preload', 'src-renderer/src']
/** The native kernel is C++ and its build; not part of the import graph. */
const SKIP_DIRS = new Set(['native', 'node_modules'])
const IMPORT = /(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : sourceFiles(rel)
    return /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : []
  })
}

interface ImportEdge { from: string; spec: string }

function relativeImports(): ImportEdge[] {
  return SOURCE_ROOTS.flatMap(sourceFiles).flatMap((from) =>
    [...readFileSync(path.join(ROOT, from), 'utf8').matchAll(IMPORT)]
      .map((m) => m[1] ?? m[2] ?? m[3])
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ from, spec })))
}

/** The folder an import lands in: the folder itself for `./dir` (an index), else the file's folder. */
function targetFolder(edge: ImportEdge): string {
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(edge.from), edge.spec.replace(/\?.*$/, '')))
  const abs = path.join(ROOT, target)
  return existsSync(abs) && statSync(abs).isDirectory() ? target : path.posix.dirname(target)
}

const related = (a: string, b: string): boolean => a.startsWith(b + '/') || b.startsWith(a + '/')

/** Strongly connected components of more than one folder (Tarjan). */
function folderCycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string): void => {
    index.set(v, index.size); low.set(v, index.get(v)!); stack.push(v); onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)) }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    let w: string
    do { w = stack.pop()!; onStack.delete(w); component.push(w) } while (w !== v)
    if (component.length > 1) cycles.push(component.sort())
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return cycles
}

describe('folder layering', () => {
  const edges = relativeImports()

  it('reads a real import graph', () => {
    expect(edges.length).toBeGreaterThan(500)
    for (const layer of LAYERS) expect(existsSync(path.join(ROOT, layer.folder)), layer.folder).toBe(true)
  })

  it('every import of ours follows the order', () => {
    const broken = edges
      .map((e) => ({ ...e, why: layerViolation(e.from, e.spec) }))
      .filter((e) => e.why !== null)
    expect(broken).toEqual([])
  })

  it('no two folders import each other, directly or through others (a folder and its subfolders are one)', () => {
    const graph = new Map<string, Set<string>>()
    for (const edge of edges) {
      const a = path.posix.dirname(edge.from), b = targetFolder(edge)
      if (a === b || related(a, b)) continue
      if (!graph.has(a)) graph.set(a, new Set())
      graph.get(a)!.add(b)
    }
    expect(graph.size).toBeGreaterThan(20)
    expect(folderCycles(graph)).toEqual([])
    // The check can fail: two folders that import each other are found.
    expect(folderCycles(new Map([['x/a', new Set(['x/b'])], ['x/b', new Set(['x/c'])], ['x/c', new Set(['x/a'])]]))).toEqual([['x/a', 'x/b', 'x/c']])
  })

  it('the lint rule rejects a deliberately wrong import and accepts a right one', async () => {
    const eslint = new ESLint({ cwd: ROOT })
    const lint = async (filePath: string, code: string): Promise<string[]> =>
      (await eslint.lintText(code, { filePath: path.join(ROOT, filePath) }))[0].messages
        .filter((m) => m.ruleId === 'layers/order').map((m) => m.message)
    expect(await lint('src-main/engine/wrong.ts', "import { Vocab } from '../model/vocab'\nexport type V = Vocab\n"))
      .toEqual([expect.stringMatching(/^src-main\/engine may not import src-main\/model/)])
    expect(await lint('src-main/library/wrong.ts', "export { createSampler } from '../model/sampling/sampler'\n"))
      .toEqual([expect.stringMatching(/^src-main\/library may not import src-main\/model/)])
    expect(await lint('src-shared/abc/wrong.ts', "import { tuneHash } from '../../src-main/library/tune-hash'\nexport const h = tuneHash\n"))
      .toHaveLength(1)
    expect(await lint('src-main/model/right.ts', "import { parseKey } from '../../src-shared/abc/key'\nimport { LAYERS } from '../engine/weights'\nexport const x = [parseKey, LAYERS]\n"))
      .toEqual([])
  }, 60_000)
})
