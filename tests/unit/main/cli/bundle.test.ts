/**
 * `npm run cli` runs one bundled file (scripts/build-cli.mjs) instead of transpiling the sources
 * at every call: the bundle builds, runs commands in its own process with nothing but their
 * output (no third-party banner), finds the engine addon and its worker files beside it, and is
 * rebuilt when a source is newer than it.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, cliBundleIsStale, cliBundlePath } from '../../../../scripts/build-cli.mjs'
import { corpusTunes } from '../model/sampling/helpers'
import { runNode, type ProcessResult } from '../model/run-process'

const root = path.resolve(import.meta.dirname, '../../../..')
// Two folders below the project root, as out/cli is: the bundle finds resources/ and the addon from there.
const outdir = path.join(root, '.tmp', `cli-bundle-test-${process.pid}`)
const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-cli-bundle-'))

beforeAll(async () => {
  await buildCli(outdir)
}, 120_000)
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true })
  rmSync(dir, { recursive: true, force: true })
})

function runBundle(args: string[]): Promise<ProcessResult> {
  return runNode([cliBundlePath(outdir), ...args, '--library', path.join(dir, 'library.sqlite')], dir)
}

describe('CLI bundle', () => {
  it('lists the models and evaluates a file on the native engine, printing only its answer', async () => {
    const models = await runBundle(['models', '--json'])
    expect(models.stderr).toBe('')
    expect(models.code).toBe(0)
    expect((JSON.parse(models.stdout) as { name: string }[]).map((m) => m.name)).toContain('Nottingham (default)')

    const abc = path.join(dir, 'three.abc')
    writeFileSync(abc, corpusTunes('slip.abc').slice(0, 3).join('\n\n'))
    const scored = await runBundle(['eval', '--abc', abc, '--json'])
    expect(scored.stderr).toBe('')
    expect(scored.code).toBe(0)
    const result = JSON.parse(scored.stdout) as { tunes: number; bitsPerChar: number; model: { engine: string } }
    expect(result.tunes).toBe(3)
    expect(result.bitsPerChar).toBeGreaterThan(0.3)
    expect(result.bitsPerChar).toBeLessThan(2)
    expect(result.model.engine).toMatch(/^native C\+\+ engine/)
  }, 120_000)

  it('starts the bundled workers beside it, never a .ts source', () => {
    // The code that starts them may sit in main.js or in a chunk shared with a worker.
    const code = readdirSync(outdir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(outdir, f), 'utf8')).join('\n')
    expect(code).not.toMatch(/new URL\(["']\.\/[\w-]+\.ts["']/)
    const started = [...code.matchAll(/new URL\("\.\/([\w-]+\.js)", import\.meta\.url\)/g)].map((m) => m[1])
    expect(started).toEqual(expect.arrayContaining(['worker.js', 'check-worker.js']))
    for (const worker of started) expect(existsSync(path.join(outdir, worker)), worker).toBe(true)
  })

  it('loads neither tfjs nor abcjs before a command needs them (the start every command pays)', () => {
    // main.js's static imports, followed through the chunks: what evaluating main.js loads.
    const packages = new Set<string>()
    const seen = new Set<string>()
    const visit = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      for (const m of readFileSync(path.join(outdir, file), 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"/gm)) {
        const spec = m[1] ?? m[2]
        if (spec.startsWith('./')) visit(spec.slice(2))
        else packages.add(spec)
      }
    }
    visit('main.js')
    expect(seen.size).toBeGreaterThan(1)
    expect([...packages]).toContain('better-sqlite3')
    expect([...packages].filter((p) => p.startsWith('@tensorflow/') || p === 'abcjs')).toEqual([])
  })

  it('is stale when a source is newer than it, and when it is missing', () => {
    expect(cliBundleIsStale(outdir)).toBe(false)
    const bundle = path.join(outdir, 'main.js')
    const past = new Date(Date.now() - 3_600_000 * 24 * 365 * 20)
    utimesSync(bundle, past, past)
    expect(cliBundleIsStale(outdir)).toBe(true)
    expect(cliBundleIsStale(path.join(outdir, 'nothing-here'))).toBe(true)
  })
})
