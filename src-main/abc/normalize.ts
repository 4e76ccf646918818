/**
 * Normalization for duplicate detection: two tunes are "the same" when they differ only in the
 * X: number, comments, whitespace, line breaks and line continuations. The hash is what the
 * library stores; a re-import of the same file is then skipped tune by tune.
 */
import { createHash } from 'node:crypto'

export function normalizeTune(tuneText: string): string {
  return tuneText
    .split('\n')
    .filter((line) => !/^X:/.test(line) && !line.startsWith('%'))
    .map((line) => line.replace(/(^|[^\\])%.*$/, '$1').replace(/\\\s*$/, ''))
    .join('\n')
    .replace(/[ \t]+/g, '')
    .replace(/\n+/g, '\n')
    .trim()
}

export function tuneHash(tuneText: string): string {
  return createHash('sha256').update(normalizeTune(tuneText)).digest('hex')
}
