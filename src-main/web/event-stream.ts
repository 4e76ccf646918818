/**
 * GET /api/events: forwards the EventBus to the browser as server-sent events
 * (`event: <wire name>` + JSON data), the web-mode twin of Electron's webContents.send.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EventBus } from '../services/event-bus'

/** Proxies drop idle connections; a comment line every so often keeps the stream open. */
const HEARTBEAT_MS = 25_000

export function serveEventStream(req: IncomingMessage, res: ServerResponse, bus: EventBus): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Content-Type-Options': 'nosniff',
  })
  // Sent at once so the client knows the stream is live before any event happens.
  res.write(': connected\n\n')
  const unsubscribe = bus.listen((name, payload) => {
    res.write(`event: ${name}\ndata: ${JSON.stringify(payload ?? null)}\n\n`)
  })
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  const stop = (): void => {
    clearInterval(heartbeat)
    unsubscribe()
  }
  req.once('close', stop)
  res.once('close', stop)
}
