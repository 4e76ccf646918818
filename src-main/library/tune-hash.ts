/** What the library stores to skip a tune it already holds: sha-256 of the normalized text. */
import { createHash } from 'node:crypto'
import { normalizeTune } from '../../src-shared/abc/normalize'

export function tuneHash(tuneText: string): string {
  return createHash('sha256').update(normalizeTune(tuneText)).digest('hex')
}
