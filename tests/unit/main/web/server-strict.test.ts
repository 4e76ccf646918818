/**
 * The web server, round two (issue 14): a call's input only as JSON (415 otherwise: a form or a
 * text/plain POST is what a foreign page can send without a preflight), the token in the query
 * string only on the event stream, and an event-stream reader that stops reading is closed once
 * it leaves more than MAX_UNREAD_BYTES unread instead of being buffered for without end.
 */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_UNREAD_BYTES } from '../../../../src-main/web/event-stream'
import { call, request } from './http-helpers'
import { startWebFixture, type WebFixture } from './web-fixture'

let fx: WebFixture
beforeAll(async () => {
  fx = await startWebFixture()
})
afterAll(async () => {
  await fx?.close()
})

const post = (headers: Record<string, string | number>, body?: string): ReturnType<typeof request> =>
  request(fx.url, { method: 'POST', path: '/api/call/app.info', headers: { 'X-Tunesmith-Token': fx.token, Origin: fx.url, ...headers }, body })

describe('a call takes JSON only', () => {
  it('answers 415 to a text/plain, form or untyped body, even one that is valid JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
      const res = await post(type === null ? { 'Content-Length': 2 } : { 'Content-Type': type, 'Content-Length': 2 }, '{}')
      expect(res.status, String(type)).toBe(415)
      expect(JSON.parse(res.body).error.message).toBe("Send the call's input as JSON, with Content-Type: application/json")
    }
  })

  it('takes application/json with parameters, and a call with no body at all', async () => {
    expect((await post({ 'Content-Type': 'Application/JSON; charset=utf-8', 'Content-Length': 2 }, '{}')).status).toBe(200)
    expect((await post({ 'Content-Length': 0 })).status).toBe(200)
  })
})

describe('the token in the query string', () => {
  it('is refused on a call (401) and taken on the event stream', async () => {
    const body = '{}'
    const viaQuery = await request(fx.url, {
      method: 'POST',
      path: `/api/call/app.info?token=${fx.token}`,
      headers: { Origin: fx.url, 'Content-Type': 'application/json', 'Content-Length': body.length },
      body,
    })
    expect(viaQuery.status).toBe(401)
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(fx.url)
      const req = http.get({ host: url.hostname, port: url.port, path: `/api/events?token=${fx.token}` }, (res) => {
        resolve(res.statusCode ?? 0)
        req.destroy()
      })
      req.on('error', reject)
    })
    expect(status).toBe(200)
    expect((await call(fx.url, fx.token, 'app.info', {})).status).toBe(200)
  })
})

describe('a slow event-stream reader', () => {
  it('is closed once it leaves more than the bound unread, and the server goes on', async () => {
    const url = new URL(fx.url)
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.get({ host: url.hostname, port: url.port, path: `/api/events?token=${fx.token}` }, (r) => {
        // Not read for now: the server's writes pile up once the socket buffers are full.
        r.pause()
        resolve(r)
      })
      req.on('error', reject)
    })
    const text = 'x'.repeat(64 * 1024)
    const SENT = 64 * 1024 * 1024
    for (let sent = 0; sent < SENT; sent += text.length) {
      fx.booted.events.emit('generationChunk', { requestId: 'slow', variation: 0, text })
      if (sent % (1024 * 1024) === 0) await new Promise((r) => setImmediate(r))
    }
    // Now read what is there: the stream ends (the server hung up) having carried only part of it.
    let received = 0
    const ended = new Promise<boolean>((resolve) => {
      res.on('data', (chunk: Buffer) => (received += chunk.length))
      res.once('close', () => resolve(true))
      setTimeout(() => resolve(false), 5_000)
    })
    res.resume()
    expect(await ended, 'the stream was still open after 64 MB left unread').toBe(true)
    // The bound plus what the socket buffers held, far from all that was sent.
    expect(received).toBeLessThan(SENT - 16 * MAX_UNREAD_BYTES)
    res.destroy()
    expect((await call(fx.url, fx.token, 'app.info', {})).status).toBe(200)
  }, 60_000)
})
