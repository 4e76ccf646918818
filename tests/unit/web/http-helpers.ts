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
