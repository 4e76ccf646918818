/**
 * Normalization for duplicate detection: two tunes are "the same" when they differ only in the
 * X: number, comments, whitespace, line breaks and line continuations. The library stores a hash
 * of this form (library/tune-hash.ts); a re-import of the same file is then skipped tune by tune.
 */
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
