/** Web mode's guards: token, Origin, Host, body size, bad input, unknown routes. */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, request } from './http-helpers'
import { startWebFixture, type WebFixture } from './web-fixture'

let fx: WebFixture

beforeAll(async () => {
  fx = await startWebFixture({ maxBodyBytes: 1024 * 1024 })
})
afterAll(async () => {
  await fx.close()
})

describe('web server guards', () => {
  it('listens on the loopback interface only', () => {
    expect(new URL(fx.url).hostname).toBe('127.0.0.1')
  })

  it('answers 401 without the token, with a wrong one, and on the event stream', async () => {
    const body = JSON.stringify({})
    const none = await request(fx.url, { method: 'POST', path: '/api/call/app.info', headers: { Origin: fx.url, 'Content-Length': body.length }, body })
    expect(none.status).toBe(401)
    expect(JSON.parse(none.body).error.message).toMatch(/token/i)

    const wrong = await call(fx.url, fx.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), 'app.info', {})
    expect(wrong.status).toBe(401)

    const events = await request(fx.url, { path: '/api/events?token=nope' })
    expect(events.status).toBe(401)

    const ok = await call(fx.url, fx.token, 'app.info', {})
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toMatchObject({ shell: 'web' })
  })

  it('answers 403 to another Origin even with the right token', async () => {
    const res = await call(fx.url, fx.token, 'app.info', {}, { Origin: 'http://evil.example' })
    expect(res.status).toBe(403)
    const otherPort = await call(fx.url, fx.token, 'app.info', {}, { Origin: 'http://127.0.0.1:1' })
    expect(otherPort.status).toBe(403)
  })

  it('answers 403 to a foreign Host header (DNS rebinding)', async () => {
    const res = await request(fx.url, { path: '/', headers: { Host: 'attacker.example' } })
    expect(res.status).toBe(403)
  })

  it('answers 413 from Content-Length alone, before the body arrives', async () => {
    const url = new URL(fx.url)
    const result = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      const req = http.request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/call/library.importFiles',
        headers: { 'Content-Type': 'application/json', 'Content-Length': 100 * 1024 * 1024, 'X-Tunesmith-Token': fx.token, Origin: fx.url },
      })
      req.on('response', (res) => {
        res.resume()
        resolve({ status: res.statusCode ?? 0, sent: req.socket?.bytesWritten ?? 0 })
      })
      req.on('error', reject)
      // Only a sliver of the announced 100 MB is ever sent.
      req.write(Buffer.alloc(1024, 0x20))
    })
    expect(result.status).toBe(413)
    expect(result.sent).toBeLessThan(64 * 1024)
  })

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const url = new URL(fx.url)
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/call/library.importFiles',
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'X-Tunesmith-Token': fx.token, Origin: fx.url },
      })
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      // The server may close mid-upload after answering: that is the point.
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)))
      const chunk = Buffer.alloc(256 * 1024, 0x20)
      let sent = 0
      const pump = (): void => {
        while (sent < 8 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        req.end()
      }
      pump()
    })
    expect(status).toBe(413)
  })

  it('answers 400 with invalid-input for bad input and bad JSON', async () => {
    const bad = await call(fx.url, fx.token, 'library.getTune', { id: -3 })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body).error.code).toBe('invalid-input')

    const notJson = await request(fx.url, {
      method: 'POST',
      path: '/api/call/library.getTune',
      headers: { 'X-Tunesmith-Token': fx.token, Origin: fx.url, 'Content-Type': 'application/json' },
      body: '{"id": ',
    })
    expect(notJson.status).toBe(400)
    expect(JSON.parse(notJson.body).error.message).toMatch(/JSON/)
  })

  it('answers 404 for an unknown channel and a missing tune, 405 for GET on a call', async () => {
    const unknown = await call(fx.url, fx.token, 'library.dropEverything', {})
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.body).error.code).toBe('not-found')

    const missing = await call(fx.url, fx.token, 'library.getTune', { id: 999_999 })
    expect(missing.status).toBe(404)

    const get = await request(fx.url, { path: '/api/call/app.info', headers: { 'X-Tunesmith-Token': fx.token } })
    expect(get.status).toBe(405)
  })
})
