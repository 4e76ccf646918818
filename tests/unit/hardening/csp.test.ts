/**
 * One Content-Security-Policy in both shells: the meta tag Electron gets from
 * src-renderer/index.html (a file:// page has no response headers) and the header web mode sends
 * with every page must say the same thing, and it must stay strict: scripts only from the app
 * itself plus 'wasm-unsafe-eval' (tfjs's WebAssembly backend), no eval, no remote hosts, no plugins.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from '../main/web/http-helpers'
import { startWebFixture, type WebFixture } from '../main/web/web-fixture'

const root = path.resolve(import.meta.dirname, '../../..')
let fx: WebFixture

beforeAll(async () => {
  fx = await startWebFixture()
})
afterAll(async () => {
  await fx?.close()
})

type Policy = Map<string, string[]>

function parsePolicy(text: string): Policy {
  const policy: Policy = new Map()
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...values] = part.split(/\s+/)
    expect(policy.has(name), `directive ${name} given twice`).toBe(false)
    policy.set(name, values)
  }
  return policy
}

function metaPolicy(): Policy {
  const html = readFileSync(path.join(root, 'src-renderer/index.html'), 'utf8')
  const tag = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)
  expect(tag, 'index.html has a CSP meta tag').not.toBeNull()
  // It must come before any script, or scripts above it would run unrestricted.
  expect(html.indexOf(tag![0])).toBeLessThan(html.indexOf('<script'))
  return parsePolicy(tag![1])
}

describe('Content-Security-Policy', () => {
  it('is strict: own scripts plus wasm only, no eval, no remote content, no plugins', () => {
    const policy = metaPolicy()
    expect(policy.get('default-src')).toEqual(["'self'"])
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
    // Tone.js's worker clock: blob: only for workers, never for scripts.
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:'])
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(policy.get('connect-src')).toEqual(["'self'"])
    for (const [name, values] of policy) {
      for (const v of values) {
        expect(v, `${name} allows ${v}`).not.toMatch(/^'unsafe-eval'$|^\*$|^https?:|^ws|\.\w+$|^'unsafe-hashes'$/)
        if (name !== 'style-src') expect(v, `${name} allows inline code`).not.toBe("'unsafe-inline'")
      }
    }
  })

  it('web mode sends the same policy as the meta tag, plus frame-ancestors (which a meta tag cannot carry)', async () => {
    const res = await request(fx.url, { path: '/' })
    expect(res.status).toBe(200)
    const header = parsePolicy(String(res.headers['content-security-policy']))
    const meta = metaPolicy()
    expect(header.get('frame-ancestors')).toEqual(["'none'"])
    header.delete('frame-ancestors')
    expect(Object.fromEntries(header)).toEqual(Object.fromEntries(meta))
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })
})
