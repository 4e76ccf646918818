/**
 * The electronegativity audit must actually read our TypeScript: the same runner the audit script
 * uses finds the classic mistakes in a TS window with type annotations, and finds none of them in
 * the app's real window.ts and security.ts.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

interface Finding {
  id: string
}
type Runner = (options: Record<string, unknown>) => Promise<{ issues: Finding[]; errors: { tolerable: boolean; message: string }[] }>

const require = createRequire(import.meta.url)
const run = require('@doyensec/electronegativity') as Runner
const root = path.resolve(import.meta.dirname, '../../..')
const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

async function scan(files: Record<string, string>): Promise<{ ids: string[]; unparsed: string[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-audit-test-'))
  dirs.push(dir)
  copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'))
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text)
  const result = await run({ input: dir, isRelative: true, customScan: [], excludeFromScan: ['AvailableSecurityFixesGlobalCheck'], parserPlugins: [] })
  return { ids: result.issues.map((i) => i.id), unparsed: result.errors.filter((e) => !e.tolerable).map((e) => e.message) }
}

const INSECURE_CHECKS = ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK']

describe('electronegativity over TypeScript', () => {
  it('flags an insecure TypeScript window (so a clean result means something)', async () => {
    const bad = `
      import { BrowserWindow, type WebPreferences } from 'electron'
      interface Paths { preload: string }
      export function open(paths: Paths): BrowserWindow {
        const prefs = { preload: paths.preload } satisfies WebPreferences
        return new BrowserWindow({ webPreferences: { ...prefs, contextIsolation: false, sandbox: false, webSecurity: false } })
      }
      // A separate window: electronegativity treats any 'sandbox' key as disabling node integration.
      export const legacy = (): BrowserWindow => new BrowserWindow({ webPreferences: { nodeIntegration: true } })`
    const { ids, unparsed } = await scan({ 'window.ts': bad })
    expect(unparsed).toEqual([])
    for (const check of INSECURE_CHECKS) expect(ids, `${check} in ${ids.join(" ")}`).toContain(check)
  }, 60_000)

  it('finds none of those in the real window.ts and security.ts', async () => {
    const read = (p: string): string => require('node:fs').readFileSync(path.join(root, p), 'utf8') as string
    const { ids, unparsed } = await scan({ 'window.ts': read('src-main/electron/window.ts'), 'security.ts': read('src-main/electron/security.ts') })
    expect(unparsed).toEqual([])
    for (const check of INSECURE_CHECKS) expect(ids).not.toContain(check)
    // The navigation and permission handlers are seen (their global checks have nothing to say).
    expect(ids).not.toContain('LIMIT_NAVIGATION_GLOBAL_CHECK')
    expect(ids).not.toContain('PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK')
  }, 60_000)
})
