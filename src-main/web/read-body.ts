/**
 * Reads a request body up to a byte limit. An over-limit body is refused as soon as it is known
 * (from Content-Length, or while streaming) and the rest is never buffered.
 */
import type { IncomingMessage } from 'node:http'

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body is larger than ${Math.round(limit / (1024 * 1024))} MB`)
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        req.off('data', onData)
        // Stop reading: the chunks already held are dropped and no more are accepted.
        req.pause()
        chunks.length = 0
        reject(new BodyTooLargeError(limit))
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('end', () => resolve(Buffer.concat(chunks, size)))
    req.once('error', reject)
    // A client that disconnects mid-upload would otherwise leave this promise (and chunks) pending.
    req.once('close', () => {
      if (!req.complete) reject(new Error('The client closed the connection before sending the whole body'))
    })
  })
}
