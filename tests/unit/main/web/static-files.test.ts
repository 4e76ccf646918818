/** The static half of web mode: MIME types, security headers, and no way out of the folder. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveStaticPath } from '../../../../src-main/web/static-files'
import { request } from './http-helpers'
import { startWebFixture, type WebFixture } from './web-fixture'

let fx: WebFixture

beforeAll(async () => {
  fx = await startWebFixture()
})
afterAll(async () => {
  await fx.close()
})

describe('static files', () => {
  it('serves index.html at / with a content security policy', async () => {
    const res = await request(fx.url, { path: '/' })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.body).toContain('Tunesmith test page')
  })

  it('serves .wasm as application/wasm (needed for streaming compilation)', async () => {
    const res = await request(fx.url, { path: '/assets/engine.wasm' })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/wasm')
  })

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '//etc/passwd', '/%00index.html'])(
    'refuses %s',
    async (path) => {
      const res = await request(fx.url, { path })
      expect(res.status).toBe(404)
      expect(res.body).not.toContain('not for the browser')
    },
  )

  it('resolves only paths inside the root', () => {
    expect(resolveStaticPath('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js')
    expect(resolveStaticPath('/srv/app', '/')).toBe('/srv/app/index.html')
    expect(resolveStaticPath('/srv/app', '/../app2/x')).toBeNull()
    expect(resolveStaticPath('/srv/app', '/%E0%A4%A')).toBeNull()
  })

  it('answers 404 for a missing file and 405 for POST outside the API', async () => {
    expect((await request(fx.url, { path: '/nothing-here.js' })).status).toBe(404)
    expect((await request(fx.url, { method: 'POST', path: '/index.html' })).status).toBe(405)
  })
})
