/**
 * The shells' import: files read one at a time (by a worker, see services/check-pool.ts), their
 * tunes written as they arrive in short transactions with a turn for the event loop between them,
 * so the library answers other requests throughout. Progress after every part; cancellable.
 *
 * All or nothing, still: a failure or a cancel part-way deletes what this import wrote (slice by
 * slice, too) and the corpus if the import created it. A crash cannot run that undo, so before its
 * first write an import leaves a journal beside the library (which corpus, from which ordinal),
 * removed when it ends; `recoverUnfinishedImport` (at boot) deletes what a journal names.
 * Meanwhile, the tunes written so far are visible to searches; they go if the import does not finish.
 */
import fs from 'node:fs'
import { isImportableName, type ImportProgress, type ImportReport } from '../../../src-shared/contract/library'
import type { Library } from '../open-library'
import { byName, startTally, tallyFile, type AcceptedTune, type ImportOptions, type ImportTally } from './import-files'
import { readImportFile, type FileOutcome, type ImportSourceFile, type ReadTune } from './read-file'

/**
 * One transaction's inserting time. Inserting costs ~60 µs a tune (FTS index included), so a slice
 * is ~200 tunes; with its commit a slice took a median 15 ms (30 ms at 25 ms here) on the shared
 * 2-vCPU machine, keeping any other request's wait well under the 100 ms the product allows.
 */
export const WRITE_SLICE_MS = 12
/** Rows deleted per slice of an undo (deleting costs about what inserting does). */
const UNDO_SLICE_ROWS = 300
/** This import's tunes are the corpus's from its first ordinal on (imports run one at a time). */
const UNDO_SQL = `DELETE FROM tunes WHERE id IN (SELECT id FROM tunes WHERE corpus_id = @corpus AND ordinal >= @from LIMIT @limit)`

export type FileReadFn = (
  file: { name: string; bytes: Uint8Array },
  onPart: (tunes: ReadTune[]) => void,
  signal: AbortSignal | undefined,
) => Promise<FileOutcome | { stopped: string }>

/** Where the import is (the service adds which import and which corpus). */
export type ImportProgressTally = Omit<ImportProgress, 'importId' | 'corpusName'>

export interface StreamImportOptions extends ImportOptions {
  /** Reads one file; default: on this thread (tests; a shell without a worker). */
  read?: FileReadFn
  onProgress?: (progress: ImportProgressTally) => void
  signal?: AbortSignal
}

export class ImportCancelledError extends Error {
  constructor() {
    super('The import was cancelled; nothing of it was kept')
  }
}

const inlineRead: FileReadFn = (file, onPart) => {
  const { tunes, ...outcome } = readImportFile(file)
  onPart(tunes)
  return Promise.resolve(outcome)
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** What an unfinished import wrote: the corpus it created (by name), or its tunes from `from` on. */
interface ImportJournal {
  corpusName: string
  /** The existing corpus appended to; null: the import creates `corpusName`. */
  corpusId: number | null
  from: number
}

const journalPath = (library: Library): string => `${library.path}.import-journal.json`

/** Deletes what an import that never ended (the process died) wrote; true if there was one. */
export function recoverUnfinishedImport(library: Library): boolean {
  const file = journalPath(library)
  if (!fs.existsSync(file)) return false
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as ImportJournal
  library.transaction(() => {
    if (journal.corpusId !== null) {
      library.db.prepare('DELETE FROM tunes WHERE corpus_id = ? AND ordinal >= ?').run(journal.corpusId, journal.from)
    } else {
      const created = library.corpora.getByName(journal.corpusName)
      if (created) library.corpora.remove(created.id)
    }
  })
  fs.rmSync(file)
  return true
}

export async function importFilesStreaming(library: Library, options: StreamImportOptions): Promise<ImportReport> {
  const tally = startTally(library, options)
  const writer = new SliceWriter(library, tally)
  const files = [...options.files].sort(byName)
  let tunesRead = 0
  const progress = (filesDone: number, file: string): void => {
    const { imported, duplicates, rejected } = tally.report
    options.onProgress?.({ filesDone, filesTotal: files.length, file, tunesRead, imported: imported + writer.written, duplicates, rejected: rejected.length })
  }
  try {
    for (const [index, file] of files.entries()) {
      if (options.signal?.aborted) throw new ImportCancelledError()
      let readHere = 0
      const onPart = (tunes: ReadTune[]): void => {
        tunesRead += tunes.length
        readHere += tunes.length
        writer.add(tallyFile(tally, { file: null, rejected: null, tunes }))
        progress(index, file.name)
      }
      const outcome = await readOne(file, onPart, options)
      await writer.flush()
      if ('stopped' in outcome) {
        if (options.signal?.aborted) throw new ImportCancelledError()
        tally.report.rejected.push({ file: file.name, reason: `reading stopped after ${readHere} tunes: the next tune is ${outcome.stopped}` })
      } else {
        tallyFile(tally, { ...outcome, tunes: [] })
      }
      progress(index + 1, file.name)
    }
  } catch (err) {
    await writer.undo()
    throw err
  }
  writer.done()
  tally.report.imported = writer.written
  return tally.report
}

/** Files with bytes go to the reader; the rest (refused by name or size) are answered here at once. */
function readOne(file: ImportSourceFile, onPart: (tunes: ReadTune[]) => void, options: StreamImportOptions): Promise<FileOutcome | { stopped: string }> {
  if (file.bytes === null || !isImportableName(file.name)) {
    const { tunes, ...outcome } = readImportFile(file)
    onPart(tunes)
    return Promise.resolve(outcome)
  }
  return (options.read ?? inlineRead)({ name: file.name, bytes: file.bytes }, onPart, options.signal)
}

/** Writes accepted tunes in slices of WRITE_SLICE_MS, one transaction each; can undo them all. */
class SliceWriter {
  written = 0
  private pending: AcceptedTune[] = []
  private corpusId: number | null = null
  private created = false
  private base = 0
  private draining: Promise<void> | null = null
  /** What a write threw: kept for flush (a rejection nobody awaits yet would be "unhandled"). */
  private failure: unknown = null

  constructor(
    private readonly library: Library,
    private readonly tally: ImportTally,
  ) {}

  add(tunes: AcceptedTune[]): void {
    if (tunes.length === 0 || this.failure !== null) return
    this.pending.push(...tunes)
    this.draining ??= this.drain()
      .catch((err: unknown) => {
        this.failure = err
        this.pending = []
      })
      .finally(() => (this.draining = null))
  }

  /** Waits until everything added is written; throws what a write threw. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining
    if (this.failure !== null) throw this.failure
  }

  private async drain(): Promise<void> {
    if (this.corpusId === null) this.begin()
    while (this.pending.length > 0) {
      this.library.transaction(() => this.writeSlice())
      await turn()
    }
  }

  /** Before the first write: the journal, then the corpus (imports run one at a time, so `base` holds). */
  private begin(): void {
    const existing = this.tally.existingId
    this.base = existing === null ? 0 : (this.library.tunes.statements.maxOrdinal.get(existing)?.max ?? -1) + 1
    const journal: ImportJournal = { corpusName: this.tally.corpusName, corpusId: existing, from: this.base }
    fs.writeFileSync(journalPath(this.library), JSON.stringify(journal))
    this.created = existing === null
    this.corpusId = existing ?? this.library.transaction(() => this.library.corpora.create(this.tally.corpusName, this.tally.source))
    this.tally.report.corpusId = this.corpusId
  }

  /** The import ended whole: nothing to recover. */
  done(): void {
    fs.rmSync(journalPath(this.library), { force: true })
  }

  private writeSlice(): void {
    const started = performance.now()
    const corpusId = this.corpusId as number
    const insert = this.library.tunes.statements.insert
    let n = 0
    while (n < this.pending.length && performance.now() - started < WRITE_SLICE_MS) {
      const { position, ...tune } = this.pending[n++]
      insert.run({ ...tune, corpus_id: corpusId, ordinal: this.base + position })
    }
    this.pending.splice(0, n)
    this.written += n
  }

  /** Deletes what this import wrote (and the corpus it created), slice by slice. */
  async undo(): Promise<void> {
    this.pending = []
    while (this.draining) await this.draining
    const corpus = this.corpusId
    if (corpus === null) return this.done()
    const remove = this.library.db.prepare<[{ corpus: number; from: number; limit: number }]>(UNDO_SQL)
    while (remove.run({ corpus, from: this.base, limit: UNDO_SLICE_ROWS }).changes > 0) await turn()
    if (this.created) this.library.corpora.remove(corpus)
    this.tally.report.corpusId = this.created ? null : corpus
    this.written = 0
    this.done()
  }
}
