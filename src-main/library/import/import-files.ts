/**
 * Imports ABC files into a corpus. Every file is read (decoded, split, checked: read-file.ts);
 * a rejected file or tune is reported and skipped, never a reason to stop the others.
 *
 * Two ways to write: `importFiles` writes every accepted tune in ONE transaction (the bundled
 * corpus at first start, scripts, tests), and import-stream.ts writes file by file in short
 * transactions, with an undo, for the shells. Both share the bookkeeping below, so a tune's
 * ordinal and its verdict (new, duplicate, rejected) are the same either way.
 */
import type { ImportReport } from '../../../src-shared/contract/library'
import { LibraryConflictError, LibraryInputError } from '../errors'
import type { Library } from '../open-library'
import type { NewTuneRow } from '../statements/tunes'
import type { CorpusSource } from '../corpora'
import { readImportFile, type FileReading, type ImportSourceFile } from './read-file'

export type { ImportSourceFile } from './read-file'

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
export const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** `position`: the tune's place among every tune read by this import in corpus order, counting
 * duplicates and rejected tunes too, so ordinals keep the files' numbering (the bundled corpus
 * has 3 exact repeats in jigs.abc: its ordinals run 0..1033 with 3 gaps, and the model's
 * "tune i with i % 10 == 9" validation split stays the one defined over the 1,034 tunes). */
export type AcceptedTune = Omit<NewTuneRow, 'corpus_id' | 'ordinal'> & { position: number }

/** The state of one import: its report so far, the hashes it knows, the next position. */
export interface ImportTally {
  corpusName: string
  source: CorpusSource
  /** The corpus appended to, or null until the first write creates it. */
  existingId: number | null
  report: ImportReport
  seen: Set<string>
  position: number
}

/** Checks the corpus name and source; reads the hashes already in an existing corpus. */
export function startTally(library: Library, options: Pick<ImportOptions, 'corpusName' | 'source'>): ImportTally {
  const source = options.source ?? 'user'
  const corpusName = options.corpusName.trim()
  if (!corpusName) throw new LibraryInputError('The corpus needs a name')
  const existing = library.corpora.getByName(corpusName)
  if (existing && existing.source !== source) {
    throw new LibraryConflictError(`"${existing.name}" is the ${existing.source} corpus; import into a corpus of your own (another name)`)
  }
  return {
    corpusName,
    source,
    existingId: existing?.id ?? null,
    report: { corpusId: existing?.id ?? null, corpusName: existing?.name ?? corpusName, imported: 0, duplicates: 0, rejected: [], files: [] },
    seen: new Set(existing ? library.tunes.statements.hashesOfCorpus.all(existing.id).map((r) => r.hash) : []),
    position: 0,
  }
}

/** Counts one file's reading into the tally and returns its new tunes, in order. */
export function tallyFile(tally: ImportTally, reading: FileReading): AcceptedTune[] {
  const { report, seen } = tally
  if (reading.file) report.files.push(reading.file)
  if (reading.rejected) report.rejected.push(reading.rejected)
  const accepted: AcceptedTune[] = []
  for (const { label, reason, ...tune } of reading.tunes) {
    const position = tally.position++
    // A rejected tune is never added to `seen`, so a duplicate of a stored tune passed this check.
    if (seen.has(tune.hash)) {
      report.duplicates++
    } else if (reason) {
      report.rejected.push({ file: tune.source_file, tune: label, line: tune.start_line, reason })
    } else {
      seen.add(tune.hash)
      accepted.push({ ...tune, position })
    }
  }
  return accepted
}

export function importFiles(library: Library, options: ImportOptions): ImportReport {
  const tally = startTally(library, options)
  const accepted: AcceptedTune[] = []
  for (const file of [...options.files].sort(byName)) {
    accepted.push(...tallyFile(tally, readImportFile(file, { trusted: options.trusted, known: (hash) => tally.seen.has(hash) })))
  }
  if (accepted.length === 0) return tally.report

  // One transaction; an exception anywhere rolls back the corpus and every tune.
  const insert = library.tunes.statements.insert
  library.transaction(() => {
    const corpusId = tally.existingId ?? library.corpora.create(tally.corpusName, tally.source)
    const base = (library.tunes.statements.maxOrdinal.get(corpusId)?.max ?? -1) + 1
    for (const { position, ...tune } of accepted) insert.run({ ...tune, corpus_id: corpusId, ordinal: base + position })
    tally.report.corpusId = corpusId
  })
  tally.report.imported = accepted.length
  return tally.report
}
