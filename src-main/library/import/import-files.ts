/**
 * Imports ABC files into a corpus. Every file is decoded and checked first; then all accepted
 * tunes are written in ONE transaction, so any failure (disk full, a bug) leaves the library as
 * it was. A rejected file or tune is reported and skipped, never a reason to stop the others.
 */
import { readHeaders, splitTunes } from '../../../src-shared/abc'
import { tuneHash } from '../tune-hash'
import { isImportableName, MAX_IMPORT_FILE_BYTES, oversizeReason, type ImportRejection, type ImportReport } from '../../../src-shared/contract/library'
import { LibraryConflictError, LibraryInputError } from '../errors'
import type { Library } from '../open-library'
import type { NewTuneRow } from '../statements/tunes'
import type { CorpusSource } from '../corpora'
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

export interface ImportOptions {
  corpusName: string
  files: readonly ImportSourceFile[]
  /** 'user' for everything the user brings; 'bundled' only for ensureBundledCorpus. */
  source?: CorpusSource
  /**
   * Skip the abcjs gate (the K: check and everything else still run). Only for the files shipped
   * in resources/, which the test suite imports through the full gate. abcjs.parseOnly is ~75 % of
   * the first-start import: 0.76–3.8 s with it, 0.19–0.37 s without (1,034 tunes, 2 shared vCPUs).
   */
  trusted?: boolean
}


/** Corpus order is by file name, code point by code point (locale-independent, so the ordinals
 * and the model's validation split are the same on every machine). */
const byName = (a: ImportSourceFile, b: ImportSourceFile): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** `position`: the tune's place among every tune read by this import in corpus order, counting
 * duplicates and rejected tunes too, so ordinals keep the files' numbering (the bundled corpus
 * has 3 exact repeats in jigs.abc: its ordinals run 0..1033 with 3 gaps, and the model's
 * "tune i with i % 10 == 9" validation split stays the one defined over the 1,034 tunes). */
type AcceptedTune = Omit<NewTuneRow, 'corpus_id' | 'ordinal'> & { position: number }

export function importFiles(library: Library, options: ImportOptions): ImportReport {
  const source = options.source ?? 'user'
  const corpusName = options.corpusName.trim()
  if (!corpusName) throw new LibraryInputError('The corpus needs a name')
  const existing = library.corpora.getByName(corpusName)
  if (existing && existing.source !== source) {
    throw new LibraryConflictError(`"${existing.name}" is the ${existing.source} corpus; import into a corpus of your own (another name)`)
  }

  const report: ImportReport = { corpusId: existing?.id ?? null, corpusName: existing?.name ?? corpusName, imported: 0, duplicates: 0, rejected: [], files: [] }
  const reject = (r: ImportRejection): void => void report.rejected.push(r)

  // Phase 1, no database writes: decode, split and check every file and tune.
  const seen = new Set(existing ? library.tunes.statements.hashesOfCorpus.all(existing.id).map((r) => r.hash) : [])
  const accepted: AcceptedTune[] = []
  let position = 0
  for (const file of [...options.files].sort(byName)) {
    // MusicXML files arrive here already converted to ABC by the caller (services/musicxml.ts).
    if (!isImportableName(file.name)) {
      reject({ file: file.name, reason: 'not an ABC file: only .abc, .txt and MusicXML (.musicxml, .xml, .mxl) files are imported' })
      continue
    }
    if ('unreadable' in file) {
      reject({ file: file.name, reason: file.unreadable })
      continue
    }
    const size = file.bytes ? file.bytes.length : file.size
    if (size > MAX_IMPORT_FILE_BYTES || !file.bytes) {
      reject({ file: file.name, reason: oversizeReason(size) })
      continue
    }
    const decoded = decodeAbcBytes(file.bytes)
    if (!decoded.ok) {
      reject({ file: file.name, reason: decoded.reason })
      continue
    }
    const { tunes } = splitTunes(decoded.text)
    report.files.push({ name: file.name, encoding: decoded.encoding, tunes: tunes.length })
    if (tunes.length === 0) {
      reject({ file: file.name, reason: 'no tune in it: a tune starts with an X: line' })
      continue
    }
    for (const tune of tunes) {
      const tunePosition = position++
      const headers = readHeaders(tune.text)
      const label = headers.fields.T?.[0] ?? (tune.xNumber === null ? `tune at line ${tune.startLine}` : `X:${tune.xNumber}`)
      // Duplicates first: hashing is ~50x cheaper than abcjs, and a duplicate of a stored tune
      // passed this check when it was stored (a rejected tune is never added to `seen`).
      const hash = tuneHash(tune.text)
      if (seen.has(hash)) {
        report.duplicates++
        continue
      }
      const reason = rejectReason(tune.text, headers.key, { parse: !options.trusted })
      if (reason) {
        reject({ file: file.name, tune: label, line: tune.startLine, reason })
        continue
      }
      seen.add(hash)
      accepted.push({
        position: tunePosition,
        x_number: tune.xNumber,
        title: headers.title,
        key: headers.key,
        meter: headers.meter,
        unit_length: headers.unitLength,
        rhythm: headers.rhythm,
        abc: tune.text,
        hash,
        source_file: file.name,
        start_line: tune.startLine,
      })
    }
  }
  if (accepted.length === 0) return report

  // Phase 2: one transaction; an exception anywhere rolls back the corpus and every tune.
  const insert = library.tunes.statements.insert
  library.transaction(() => {
    const corpusId = existing?.id ?? library.corpora.create(corpusName, source)
    const base = (library.tunes.statements.maxOrdinal.get(corpusId)?.max ?? -1) + 1
    for (const { position, ...tune } of accepted) insert.run({ ...tune, corpus_id: corpusId, ordinal: base + position })
    report.corpusId = corpusId
  })
  report.imported = accepted.length
  return report
}
