/**
 * One file of an import, read: decoded, split into tunes, each tune hashed and checked. Pure (no
 * database), so it runs where the caller likes: inline for the bundled corpus and the tests, or on
 * a check-pool worker for the shells' imports (abcjs's parse, ~0.25 ms a tune, must not hold the
 * main thread through a file of 60,000 tunes). Which tunes are duplicates is decided by the caller
 * (import-files.ts), which knows the library.
 */
import { readHeaders, splitTunes, type RawTune } from '../../../src-shared/abc'
import { isImportableName, MAX_IMPORT_FILE_BYTES, oversizeReason, type ImportRejection, type ImportReport } from '../../../src-shared/contract/library'
import type { NewTuneRow } from '../statements/tunes'
import { tuneHash } from '../tune-hash'
import { decodeAbcBytes } from './decode'
import { rejectReason } from './tune-check'

/**
 * A file to import: its name as the user knows it (shown in the report, stored with each tune)
 * and its bytes, or, for a file the caller already knows is too large, just its size.
 */
export type ImportSourceFile =
  | { name: string; bytes: Uint8Array }
  | { name: string; bytes: null; size: number }
  /** A file the caller could not turn into ABC (a MusicXML file it could not read), and why. */
  | { name: string; bytes: null; size: number; unreadable: string }

/** A tune as read, before the library decides whether it is new: its row, and why not, if not. */
export type ReadTune = Omit<NewTuneRow, 'corpus_id' | 'ordinal'> & {
  /** Title or X: number, for the report. */
  label: string
  /** Null when the tune is usable; else why not (it is then reported, never stored). */
  reason: string | null
}

export interface FileReading {
  /** The file's line in the report (null when it could not be read as text at all). */
  file: ImportReport['files'][number] | null
  /** Why the whole file is refused, or null. */
  rejected: ImportRejection | null
  tunes: ReadTune[]
}

export interface ReadOptions {
  /** Skip abcjs (only the files shipped in resources/; see ImportOptions.trusted). */
  trusted?: boolean
  /** Hashes already known to be duplicates: their check is skipped (hashing is ~50x cheaper). */
  known?: (hash: string) => boolean
}

/** A file's outcome without its tunes (what a worker answers once the tunes went in parts). */
export type FileOutcome = Omit<FileReading, 'tunes'>

const refused = (name: string, reason: string): FileOutcome => ({ file: null, rejected: { file: name, reason } })

/** Decodes and splits a file; its tunes are then read one by one with readTune. */
export function openImportFile(file: ImportSourceFile): FileOutcome & { tunes: RawTune[] } {
  // MusicXML files arrive here already converted to ABC by the caller (services/musicxml.ts).
  if (!isImportableName(file.name)) return { ...refused(file.name, 'not an ABC file: only .abc, .txt and MusicXML (.musicxml, .xml, .mxl) files are imported'), tunes: [] }
  if ('unreadable' in file) return { ...refused(file.name, file.unreadable), tunes: [] }
  const size = file.bytes ? file.bytes.length : file.size
  if (size > MAX_IMPORT_FILE_BYTES || !file.bytes) return { ...refused(file.name, oversizeReason(size)), tunes: [] }
  const decoded = decodeAbcBytes(file.bytes)
  if (!decoded.ok) return { ...refused(file.name, decoded.reason), tunes: [] }
  const { tunes } = splitTunes(decoded.text)
  const rejected = tunes.length === 0 ? { file: file.name, reason: 'no tune in it: a tune starts with an X: line' } : null
  return { file: { name: file.name, encoding: decoded.encoding, tunes: tunes.length }, rejected, tunes }
}

export function readTune(tune: RawTune, fileName: string, options: ReadOptions = {}): ReadTune {
  const headers = readHeaders(tune.text)
  const hash = tuneHash(tune.text)
  return {
    label: headers.fields.T?.[0] ?? (tune.xNumber === null ? `tune at line ${tune.startLine}` : `X:${tune.xNumber}`),
    reason: options.known?.(hash) ? null : rejectReason(tune.text, headers.key, { parse: !options.trusted }),
    x_number: tune.xNumber,
    title: headers.title,
    key: headers.key,
    meter: headers.meter,
    unit_length: headers.unitLength,
    rhythm: headers.rhythm,
    abc: tune.text,
    hash,
    source_file: fileName,
    start_line: tune.startLine,
  }
}

export function readImportFile(file: ImportSourceFile, options: ReadOptions = {}): FileReading {
  const { tunes, ...outcome } = openImportFile(file)
  return { ...outcome, tunes: tunes.map((tune) => readTune(tune, file.name, options)) }
}
