/**
 * Web mode: a loopback-only HTTP server over the same router Electron's IPC uses.
 *   POST /api/call/<channel>  JSON in, JSON out (or `{ error: ApiErrorBody }`)
 *   GET  /api/events          server-sent events from the EventBus
 *   GET  /*                   the built renderer
 * Every /api request needs the launch token (header `X-Tunesmith-Token`, or `?token=` for the
 * event stream, which EventSource cannot give headers), and a browser request must come from
 * our own origin: other pages open in the same browser can reach 127.0.0.1 too.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { ApiError, isApiErrorBody } from '../../src-shared/contract/errors'
import type { ApiErrorBody } from '../../src-shared/contract'
import type { EventBus } from '../services/event-bus'
import { hidden, type Router } from '../services/router'
import { serveEventStream } from './event-stream'
import { statusForError } from './http-status'
import { BodyTooLargeError, readBody } from './read-body'
import { sendStatic } from './static-files'
import { tokenMatches } from './token'

export const TOKEN_HEADER = 'x-tunesmith-token'
/** Imports send files as base64 inside JSON: MAX_IMPORT_FILE_BYTES (8 MB) is ~11 MB encoded. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024
const CALL_PREFIX = '/api/call/'

export interface WebServerOptions {
  router: Router
  events: EventBus
  token: string
  /** The built renderer; when null only the API is served. */
  staticDir: string | null
  maxBodyBytes?: number
}

export interface WebServer {
  /** Binds 127.0.0.1 (never other interfaces); port 0 picks a free one. Returns the base URL. */
  listen(port: number): Promise<string>
  readonly url: string
  close(): Promise<void>
}

/** What the request handlers need: the options, and the port once bound (Host and Origin are checked against it). */
interface ServerContext {
  options: WebServerOptions
  maxBody: number
  port(): number
}

export function createWebServer(options: WebServerOptions): WebServer {
  let baseUrl = ''
  let boundPort = 0
  const ctx: ServerContext = { options, maxBody: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, port: () => boundPort }

  const server = http.createServer((req, res) => {
    handle(ctx, req, res).catch((err: unknown) => {
      const { code, message } = hidden(`${req.method ?? ''} ${req.url ?? ''}`, err)
      if (!res.headersSent) sendError(res, statusForError(code), { code, message })
      else res.destroy()
    })
  })
  const sockets = trackSockets(server)

  return {
    get url() {
      return baseUrl
    },
    listen(port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject)
          boundPort = (server.address() as AddressInfo).port
          baseUrl = `http://127.0.0.1:${boundPort}`
          resolve(baseUrl)
        })
      })
    },
    close() {
      return new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
    },
  }
}

/** The open connections: an SSE client stays connected for good, and closing must not wait for it. */
function trackSockets(server: http.Server): Set<Socket> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  return sockets
}

async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = parseRequestUrl(req.url ?? '/')
  const port = ctx.port()
  if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`) {
    // DNS rebinding: a foreign name that resolves to 127.0.0.1 must not reach the API or pages.
    return sendError(res, 403, { code: 'invalid-input', message: 'Unexpected Host header' })
  }
  const origin = req.headers.origin
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
    return sendError(res, 403, { code: 'invalid-input', message: 'Cross-origin requests are not allowed' })
  }
  if (url.pathname.startsWith('/api/')) return handleApi(ctx, req, res, url)
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendError(res, 405, { code: 'invalid-input', message: 'Method not allowed' })
  }
  if (ctx.options.staticDir && (await sendStatic(ctx.options.staticDir, url.pathname, res, req.method === 'HEAD'))) return
  sendError(res, 404, { code: 'not-found', message: 'Not found' })
}

async function handleApi(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, url: RequestUrl): Promise<void> {
  const headerToken = req.headers[TOKEN_HEADER]
  // EventSource cannot send a header: the query-string token is for the event stream only (a
  // token in a URL can end up in logs and history, so no other call takes it there).
  const queryToken = url.pathname === '/api/events' ? url.searchParams.get('token') : null
  const given = typeof headerToken === 'string' ? headerToken : queryToken
  if (!tokenMatches(ctx.options.token, given)) {
    return sendError(res, 401, { code: 'invalid-input', message: 'Missing or wrong token' })
  }
  if (url.pathname === '/api/events') {
    if (req.method !== 'GET') return sendError(res, 405, { code: 'invalid-input', message: 'Use GET' })
    return serveEventStream(req, res, ctx.options.events)
  }
  if (!url.pathname.startsWith(CALL_PREFIX)) {
    return sendError(res, 404, { code: 'not-found', message: `No such endpoint: ${url.pathname}` })
  }
  if (req.method !== 'POST') return sendError(res, 405, { code: 'invalid-input', message: 'Use POST' })
  if (!isJsonBody(req)) {
    // A form or text/plain POST is what a foreign page can send without asking (no CORS preflight).
    return sendError(res, 415, { code: 'invalid-input', message: 'Send the call\'s input as JSON, with Content-Type: application/json' })
  }
  // Channel names are plain `domain.verb`: no decoding needed, and a malformed escape cannot throw.
  const channel = url.pathname.slice(CALL_PREFIX.length)
  const body = await readJsonInput(ctx, req, res)
  if (body) await answerCall(ctx, res, channel, body.input)
}

/** The call's JSON input, or null when an error was answered instead (too large, not JSON). */
async function readJsonInput(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<{ input: unknown } | null> {
  try {
    const body = await readBody(req, ctx.maxBody)
    return { input: body.length === 0 ? {} : JSON.parse(body.toString('utf8')) }
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      // Close the connection: the client may still be sending, and we will not read it.
      res.setHeader('Connection', 'close')
      sendError(res, 413, { code: 'too-large', message: err.message })
      res.once('finish', () => req.destroy())
      return null
    }
    sendError(res, 400, { code: 'invalid-input', message: 'Request body is not valid JSON' })
    return null
  }
}

/** Runs the call; a service's error goes out with its code (the page's client rebuilds the ApiError from it). */
async function answerCall(ctx: ServerContext, res: ServerResponse, channel: string, input: unknown): Promise<void> {
  try {
    const result = await ctx.options.router.dispatch(channel, input)
    sendJson(res, 200, result ?? null)
  } catch (err) {
    const body: ApiErrorBody = err instanceof ApiError ? err.toBody() : isApiErrorBody(err) ? err : hidden(channel, err).toBody()
    sendError(res, statusForError(body.code), body)
  }
}

interface RequestUrl {
  pathname: string
  searchParams: URLSearchParams
}

/** Path and query only: `new URL('//host/x', base)` would read a host out of the path. */
function parseRequestUrl(raw: string): RequestUrl {
  const q = raw.indexOf('?')
  return {
    pathname: q < 0 ? raw : raw.slice(0, q),
    searchParams: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)),
  }
}

/** A JSON body (`application/json`, any parameters), or no body at all. */
function isJsonBody(req: IncomingMessage): boolean {
  if (req.headers['content-length'] === '0') return true
  const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase()
  return type === 'application/json'
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(body)
}

function sendError(res: ServerResponse, status: number, error: ApiErrorBody): void {
  sendJson(res, status, { error })
}
