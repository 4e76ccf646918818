/**
 * The per-launch secret of web mode. Any local process or web page can reach 127.0.0.1, so
 * every API request must prove it came from the page we printed the URL for.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'

export function createToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}
