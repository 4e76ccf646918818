/** Calls through web mode into a real temp library, and server-sent events. */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport, TuneDetail, TunePage } from '../../../../src-shared/contract'
import { call } from './http-helpers'
import { CORPUS_TUNES, startWebFixture, type WebFixture } from './web-fixture'

let fx: WebFixture

beforeAll(async () => {
  fx = await startWebFixture()
})
afterAll(async () => {
  await fx.close()
})

const NEW_TUNE = 'X:1\nT:Web Mode Test Reel\nM:4/4\nL:1/8\nK:D\n|:DFAF GBAF|EFGA BAFD:|\n'

async function json<T>(res: Promise<{ status: number; body: string }>): Promise<T> {
  const r = await res
  expect(r.status, r.body).toBe(200)
  return JSON.parse(r.body) as T
}

/** Opens the event stream and resolves with the first event of `name`. */
function nextEvent(name: string): { ready: Promise<void>; event: Promise<{ name: string; data: unknown }>; close(): void } {
  const url = new URL(fx.url)
  let req: http.ClientRequest | null = null
  let onReady: () => void = () => {}
  const ready = new Promise<void>((r) => (onReady = r))
  const event = new Promise<{ name: string; data: unknown }>((resolve, reject) => {
    req = http.get(
      { host: url.hostname, port: url.port, path: `/api/events?token=${fx.token}`, headers: { Accept: 'text/event-stream' } },
      (res) => {
        expect(res.statusCode).toBe(200)
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/)
        let buffer = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          buffer += chunk
          if (buffer.includes(': connected')) onReady()
          for (const block of buffer.split('\n\n')) {
            const lines = block.split('\n')
            const ev = lines.find((l) => l.startsWith('event: '))?.slice(7)
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6)
            if (ev === name && data !== undefined) resolve({ name: ev, data: JSON.parse(data) })
          }
        })
      },
    )
    req.on('error', reject)
  })
  return { ready, event, close: () => req?.destroy() }
}

describe('web server API', () => {
  it('searches the library booted with the bundled corpus', async () => {
    const page = await json<TunePage>(call(fx.url, fx.token, 'library.searchTunes', { limit: 50 }))
    expect(page.total).toBe(CORPUS_TUNES)
    expect(page.items).toHaveLength(CORPUS_TUNES)
    const detail = await json<TuneDetail>(call(fx.url, fx.token, 'library.getTune', { id: page.items[0].id }))
    expect(detail.abc).toContain('K:')
    expect(detail.title).toBe(page.items[0].title)
  })

  it('imports a file over HTTP and streams library.changed to an open event stream', async () => {
    const stream = nextEvent('library.changed')
    await stream.ready
    const report = await json<ImportReport>(
      call(fx.url, fx.token, 'library.importFiles', {
        corpusName: 'Session tunes',
        files: [{ name: 'reel.abc', dataBase64: Buffer.from(NEW_TUNE).toString('base64') }],
      }),
    )
    expect(report.imported).toBe(1)
    const received = await stream.event
    stream.close()
    expect(received.data).toEqual({ corpusId: report.corpusId })

    const found = await json<TunePage>(call(fx.url, fx.token, 'library.searchTunes', { text: 'Web Mode Test' }))
    expect(found.items.map((t) => t.title)).toEqual(['Web Mode Test Reel'])
  })

  it('reports a duplicate import without emitting a change', async () => {
    const report = await json<ImportReport>(
      call(fx.url, fx.token, 'library.importFiles', {
        corpusName: 'Session tunes',
        files: [{ name: 'again.abc', dataBase64: Buffer.from(NEW_TUNE).toString('base64') }],
      }),
    )
    expect(report.imported).toBe(0)
    expect(report.duplicates).toBe(1)
  })
})
