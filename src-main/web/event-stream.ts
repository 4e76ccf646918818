/**
 * GET /api/events: forwards the EventBus to the browser as server-sent events
 * (`event: <wire name>` + JSON data), the web-mode twin of Electron's webContents.send.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EventBus } from '../services/event-bus'

/** Proxies drop idle connections; a comment line every so often keeps the stream open. */
const HEARTBEAT_MS = 25_000
/**
 * Bytes a reader may leave unread: past this the stream is closed (EventSource reconnects) rather
 * than buffered without end for a tab that stopped reading. Training progress is a few hundred
 * bytes a second; a generation streams a few kB.
 */
export const MAX_UNREAD_BYTES = 1024 * 1024

export function serveEventStream(req: IncomingMessage, res: ServerResponse, bus: EventBus): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Content-Type-Options': 'nosniff',
  })
  // Sent at once so the client knows the stream is live before any event happens.
  res.write(': connected\n\n')
  const send = (chunk: string): void => {
    if (res.destroyed) return
    if (res.writableLength > MAX_UNREAD_BYTES) return void res.destroy()
    res.write(chunk)
  }
  const unsubscribe = bus.listen((name, payload) => send(`event: ${name}\ndata: ${JSON.stringify(payload ?? null)}\n\n`))
  const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  const stop = (): void => {
    clearInterval(heartbeat)
    unsubscribe()
  }
  req.once('close', stop)
  res.once('close', stop)
}
