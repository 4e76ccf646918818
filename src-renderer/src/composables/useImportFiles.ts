/**
 * Web-mode import: the browser picks files (or a folder), we check them before anything is
 * uploaded (type and MAX_IMPORT_FILE_BYTES), then send the accepted ones as base64 in one call.
 * The service detects each file's encoding, so bytes go up untouched.
 */
import { isImportableName, MAX_IMPORT_FILE_BYTES, MAX_IMPORT_FILES, sizeBesideLimit } from '../../../src-shared/contract/library'
import type { ImportRejection, ImportReport } from '../../../src-shared/contract'
import { api, errorMessage } from '../api'
import { mergeReports, planBatches } from '../../../src-shared/import-batches'

export interface PreparedImport {
  accepted: File[]
  rejected: ImportRejection[]
  /** Files of other types inside a picked folder (images, PDFs...): skipped, only counted. */
  skipped: number
  bytes: number
}

/** The name shown in reports: the path inside a picked folder, else the file name. */
export function displayName(file: File): string {
  return file.webkitRelativePath || file.name
}

export function prepareImport(files: readonly File[], fromFolder: boolean): PreparedImport {
  const prepared: PreparedImport = { accepted: [], rejected: [], skipped: 0, bytes: 0 }
  for (const file of files) {
    const name = displayName(file)
    if (!isImportableName(file.name)) {
      if (fromFolder) prepared.skipped++
      else prepared.rejected.push({ file: name, reason: 'Not an .abc, .txt or MusicXML file' })
    } else if (file.size > MAX_IMPORT_FILE_BYTES) {
      prepared.rejected.push({
        file: name,
        reason: `File is ${sizeBesideLimit(file.size).size}; the limit is ${sizeBesideLimit(file.size).limit} (not uploaded)`,
      })
    } else if (prepared.accepted.length >= MAX_IMPORT_FILES) {
      prepared.rejected.push({ file: name, reason: `More than ${MAX_IMPORT_FILES} files in one import (not uploaded)` })
    } else {
      prepared.accepted.push(file)
      prepared.bytes += file.size
    }
  }
  return prepared
}

function toBase64(file: File): Promise<string> {
  // FileReader's data: URL is base64 encoded natively, far faster than btoa over a JS string.
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`))
    reader.readAsDataURL(file)
  })
}

/** A running upload's handle: its id (for progress events) and whether the user stopped it. */
export interface ImportControl {
  importId: string
  stopped: boolean
}

/** An id for one import's progress events and its cancel (unique enough within one library). */
export function newImportId(): string {
  return `import-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

export async function uploadImport(corpusName: string, prepared: PreparedImport, control: ImportControl = { importId: newImportId(), stopped: false }): Promise<ImportReport> {
  let report: ImportReport = { corpusId: null, corpusName, imported: 0, duplicates: 0, rejected: prepared.rejected, files: [] }
  for (const batch of planBatches(prepared.accepted)) {
    // Stopped between batches: the earlier ones are stored, this and later ones not sent.
    if (control.stopped) return { ...report, cancelled: true }
    const files = await Promise.all(batch.map(async (file) => ({ name: displayName(file), dataBase64: await toBase64(file) })))
    try {
      report = mergeReports(report, await api.library.importFiles({ corpusName, files, importId: control.importId }))
    } catch (err) {
      // Earlier batches are stored already: say so rather than imply nothing happened.
      const done = report.imported > 0 ? ` (${report.imported} tunes from earlier files were imported)` : ''
      throw new Error(`${errorMessage(err)}${done}`, { cause: err })
    }
    if (report.cancelled) return report
  }
  return report
}
