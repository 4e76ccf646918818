/**
 * Splits an upload into requests that stay well under web mode's 64 MB body limit: base64 adds
 * a third, so 24 MB of files is ~32 MB on the wire. Each batch goes into the same collection
 * (the library appends to an existing one), and the reports are merged.
 */
import { MAX_IMPORT_FILES } from './contract/library'
import type { ImportReport } from './contract'

export const MAX_BATCH_BYTES = 24 * 1024 * 1024

/** Consecutive groups of items whose sizes sum to at most `maxBytes` (one oversized item alone). */
export function planBatches<T extends { size: number }>(items: readonly T[], maxBytes = MAX_BATCH_BYTES, maxCount = MAX_IMPORT_FILES): T[][] {
  const batches: T[][] = []
  let current: T[] = []
  let bytes = 0
  for (const item of items) {
    if (current.length > 0 && (bytes + item.size > maxBytes || current.length >= maxCount)) {
      batches.push(current)
      current = []
      bytes = 0
    }
    current.push(item)
    bytes += item.size
  }
  if (current.length > 0) batches.push(current)
  return batches
}

export function mergeReports(a: ImportReport, b: ImportReport): ImportReport {
  return {
    corpusId: b.corpusId ?? a.corpusId,
    corpusName: b.corpusName,
    imported: a.imported + b.imported,
    duplicates: a.duplicates + b.duplicates,
    rejected: [...a.rejected, ...b.rejected],
    files: [...a.files, ...b.files],
    ...(a.cancelled || b.cancelled ? { cancelled: true } : {}),
  }
}
