/**
 * Serves the built renderer (out/renderer). Only files inside that folder, resolved after
 * decoding, are ever read: `..`, encoded slashes and absolute paths are refused.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import path from 'node:path'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8',
  '.abc': 'text/plain; charset=utf-8',
}

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Maps a URL path onto a file under `root`, or null when it would leave `root` or is malformed.
 * `/` means index.html.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const segments = relative.split('/')
  if (segments.some((s) => s === '..' || s === '.')) return null
  const full = path.resolve(root, relative)
  const rootWithSep = path.resolve(root) + path.sep
  return full.startsWith(rootWithSep) ? full : null
}

/** Sends the file, or returns false when there is nothing to send (caller answers 404). */
export async function sendStatic(root: string, urlPath: string, res: ServerResponse, headOnly: boolean): Promise<boolean> {
  const file = resolveStaticPath(root, urlPath)
  if (!file) return false
  const info = await stat(file).catch(() => null)
  if (!info?.isFile()) return false
  const isHtml = file.endsWith('.html')
  res.writeHead(200, {
    'Content-Type': mimeType(file),
    'Content-Length': info.size,
    // Built assets carry a content hash in their names; index.html must always be fresh.
    'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
    ...(isHtml ? { 'Content-Security-Policy': CSP, 'Referrer-Policy': 'no-referrer' } : {}),
  })
  if (headOnly) {
    res.end()
    return true
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file)
    stream.once('error', reject)
    res.once('close', resolve)
    stream.pipe(res)
  })
  return true
}

// Same policy as the Electron window: only our own scripts; wasm allowed for tfjs later.
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  // Tone.js's clock ticks from a Worker built from a blob: URL; a worker clock keeps time in a
  // hidden window where setTimeout is throttled. Scoped to workers: scripts stay 'self' only.
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')
