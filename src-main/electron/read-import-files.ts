/**
 * Reads what the user picked in the native dialog into the contract's ImportFile shape, applying
 * the same limits the browser applies before uploading: too-large files and files beyond the
 * count limit are reported, not read. Plain Node (no electron import), so it is unit-tested.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { isImportableName, MAX_IMPORT_FILE_BYTES, MAX_IMPORT_FILES } from '../../src-shared/contract/library'
import type { ImportRejection } from '../../src-shared/contract'

export interface ImportFileData {
  name: string
  dataBase64: string
}

export interface ReadImportResult {
  files: ImportFileData[]
  rejected: ImportRejection[]
}

export function isImportable(name: string): boolean {
  return isImportableName(name)
}

/** Every importable file (ABC text, MusicXML) under `dir` (hidden folders skipped), as [absolute path, display name]. */
async function walk(dir: string, root: string, out: [string, string][]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true })
  entries.sort((a, b) => a.name.localeCompare(b.name))
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) await walk(full, root, out)
    else if (entry.isFile() && isImportable(entry.name)) out.push([full, path.relative(root, full).split(path.sep).join('/')])
  }
}

export async function readImportFiles(picked: readonly string[], pick: 'files' | 'folder'): Promise<ReadImportResult> {
  const candidates: [string, string][] = []
  if (pick === 'folder') {
    for (const dir of picked) await walk(dir, path.dirname(dir), candidates)
  } else {
    for (const file of picked) candidates.push([file, path.basename(file)])
  }

  const result: ReadImportResult = { files: [], rejected: [] }
  for (const [full, name] of candidates) {
    if (result.files.length >= MAX_IMPORT_FILES) {
      result.rejected.push({ file: name, reason: `More than ${MAX_IMPORT_FILES} files in one import; import the rest separately` })
      continue
    }
    const info = await stat(full).catch(() => null)
    if (!info?.isFile()) {
      result.rejected.push({ file: name, reason: 'Not a readable file' })
    } else if (info.size > MAX_IMPORT_FILE_BYTES) {
      result.rejected.push({ file: name, reason: `File is larger than ${MAX_IMPORT_FILE_BYTES / (1024 * 1024)} MB` })
    } else {
      const bytes = await readFile(full)
      result.files.push({ name, dataBase64: bytes.toString('base64') })
    }
  }
  return result
}
