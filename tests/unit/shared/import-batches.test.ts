/** The browser splits big imports into requests under web mode's body limit. */
import { describe, expect, it } from 'vitest'
import { MAX_BATCH_BYTES, mergeReports, planBatches } from '../../../src-shared/import-batches'
import { DEFAULT_MAX_BODY_BYTES } from '../../../src-main/web/server'
import { MAX_IMPORT_FILE_BYTES } from '../../../src-shared/contract/library'

const MB = 1024 * 1024
const sizes = (batches: { size: number }[][]): number[][] => batches.map((b) => b.map((f) => f.size))

describe('planBatches', () => {
  it('keeps each batch, base64-encoded with JSON around it, under the server limit', () => {
    // Base64 is 4/3 of the bytes; leave room for names and JSON.
    expect((MAX_BATCH_BYTES * 4) / 3 + MAX_IMPORT_FILE_BYTES).toBeLessThan(DEFAULT_MAX_BODY_BYTES)
  })

  it('groups consecutive files up to the byte budget, in order', () => {
    const files = [8, 8, 8, 8, 1, 1].map((n) => ({ size: n * MB }))
    expect(sizes(planBatches(files))).toEqual([[8, 8, 8].map((n) => n * MB), [8, 1, 1].map((n) => n * MB)])
  })

  it('caps the number of files per batch', () => {
    const files = Array.from({ length: 5 }, () => ({ size: 1 }))
    expect(planBatches(files, MB, 2).map((b) => b.length)).toEqual([2, 2, 1])
  })

  it('returns no batches for no files', () => {
    expect(planBatches([])).toEqual([])
  })
})

describe('mergeReports', () => {
  it('adds counts and keeps every rejection and file', () => {
    const a = { corpusId: null, corpusName: 'Mine', imported: 0, duplicates: 0, rejected: [{ file: 'big.abc', reason: 'too large' }], files: [] }
    const b = { corpusId: 7, corpusName: 'Mine', imported: 3, duplicates: 1, rejected: [], files: [{ name: 'x.abc', encoding: 'utf-8', tunes: 4 }] }
    expect(mergeReports(a, b)).toEqual({
      corpusId: 7,
      corpusName: 'Mine',
      imported: 3,
      duplicates: 1,
      rejected: [{ file: 'big.abc', reason: 'too large' }],
      files: [{ name: 'x.abc', encoding: 'utf-8', tunes: 4 }],
    })
  })
})
