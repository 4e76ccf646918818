/**
 * Raw HTTP for server tests: node:http rather than fetch, because fetch normalizes `..` out of
 * paths and will not send a forged Host or Origin header.
 */
import http from 'node:http'

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

export interface RawRequest {
  method?: string
  path: string
  headers?: Record<string, string | number>
  body?: string | Buffer
}

export function request(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: url.hostname, port: url.port, method: req.method ?? 'GET', path: req.path, headers: req.headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    r.on('error', reject)
    r.end(req.body)
  })
}

/** POST /api/call/<channel> as the page would, with the token and our own Origin. */
export function call(baseUrl: string, token: string, channel: string, input: unknown, extra: Record<string, string> = {}): Promise<RawResponse> {
  const body = JSON.stringify(input)
  return request(baseUrl, {
    method: 'POST',
    path: `/api/call/${channel}`,
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'X-Tunesmith-Token': token,
      Origin: baseUrl,
      ...extra,
    },
    body,
  })
}

/** The event stream, collecting every event of `name` until closed; `ready` once connected. */
export function collectEvents<T>(baseUrl: string, token: string, name: string): { ready: Promise<void>; events: T[]; close(): void } {
  const url = new URL(baseUrl)
  const events: T[] = []
  let onReady: () => void = () => {}
  const ready = new Promise<void>((r) => (onReady = r))
  let buffer = ''
  const req = http.get({ host: url.hostname, port: url.port, path: `/api/events?token=${token}`, headers: { Accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      buffer += chunk
      if (buffer.includes(': connected')) onReady()
      const blocks = buffer.split('\n\n')
      buffer = blocks.pop() ?? ''
      for (const block of blocks) {
        const lines = block.split('\n')
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6)
        if (lines.includes(`event: ${name}`) && data !== undefined) events.push(JSON.parse(data) as T)
      }
    })
  })
  req.on('error', () => undefined)
  return { ready, events, close: () => req.destroy() }
}
