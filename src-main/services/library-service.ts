/**
 * `library.*`: corpora, tune search, import and pieces over an open Library. Library errors become
 * ApiErrors with a code the UI can act on; file bytes arrive base64 and are size-checked before
 * they are decoded, so an oversized upload is refused without allocating it twice.
 */
import type { HandlersOf } from '../../src-shared/contract'
import { ApiError } from '../../src-shared/contract/errors'
import { MAX_IMPORT_FILE_BYTES, type ImportProgress, type ImportReport, type ImportRequest, type libraryChannels, type TuneDetail } from '../../src-shared/contract/library'
import { readHeaders } from '../../src-shared/abc'
import { importFilesStreaming, ImportCancelledError, type ImportProgressTally, LibraryConflictError, LibraryInputError, LibraryNotFoundError, type ImportSourceFile, type Library } from '../library'
import { inlineChecker, inlineReader, type Checker, type FileReader } from './check-pool'
import type { z } from 'zod'
import { musicXmlSourceFile } from './musicxml'

/** The library's deliberate errors as API errors; anything else as it is. */
function apiError(err: unknown): unknown {
  if (err instanceof LibraryInputError) return new ApiError('invalid-input', err.message)
  if (err instanceof LibraryNotFoundError) return new ApiError('not-found', err.message)
  if (err instanceof LibraryConflictError) return new ApiError('conflict', err.message)
  return err
}

/** Runs `fn`, turning the library's deliberate errors into API errors. */
export function guard<T>(fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    throw apiError(err)
  }
}

/** Bytes a base64 string decodes to, without decoding it. */
function base64Size(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0
  return Math.floor((data.length * 3) / 4) - padding
}

/** An oversized file is passed on by size alone: importFiles reports it without its bytes. */
function toSourceFile(file: { name: string; dataBase64: string }): ImportSourceFile {
  const size = base64Size(file.dataBase64)
  if (size > MAX_IMPORT_FILE_BYTES) return { name: file.name, bytes: null, size }
  const bytes = Buffer.from(file.dataBase64, 'base64')
  return musicXmlSourceFile(file.name, bytes) ?? { name: file.name, bytes }
}

/**
 * Imports one at a time (two imports into one corpus would interleave their ordinals), each with
 * an AbortController under its id, read on the pool's workers and written in short slices
 * (library/import/import-stream.ts): the library answers other requests throughout.
 */
function createImportRunner(library: Library, options: LibraryServiceOptions): { run(request: z.output<typeof ImportRequest>): Promise<ImportReport>; cancel(importId: string): boolean } {
  const read = options.read ?? inlineReader
  const running = new Map<string, AbortController>()
  let queue: Promise<unknown> = Promise.resolve()
  return {
    run({ corpusName, files, importId }) {
      if (importId !== undefined && running.has(importId)) throw new ApiError('conflict', `An import with id ${importId} is running already`)
      const controller = new AbortController()
      if (importId !== undefined) running.set(importId, controller)
      const onProgress = (p: ImportProgressTally): void => options.onImportProgress?.({ importId: importId ?? null, corpusName, ...p })
      const run = queue.then(() =>
        importFilesStreaming(library, {
          corpusName,
          files: files.map(toSourceFile),
          read: (file, onPart, signal) => read({ file }, { onPart, signal }),
          onProgress,
          signal: controller.signal,
        }),
      )
      queue = run.catch(() => undefined)
      return run
        .catch((err: unknown) => {
          if (!(err instanceof ImportCancelledError)) throw apiError(err)
          return { corpusId: null, corpusName, imported: 0, duplicates: 0, rejected: [], files: [], cancelled: true }
        })
        .finally(() => importId !== undefined && running.delete(importId))
    },
    cancel(importId) {
      const controller = running.get(importId)
      controller?.abort()
      return controller !== undefined
    },
  }
}

export interface LibraryServiceOptions {
  /** Where a tune's check and an import's reading run (boot passes the worker pool; default: this thread). */
  check?: Checker
  read?: FileReader
  /** Receives every running import's progress (boot sends it out as an event). */
  onImportProgress?: (progress: ImportProgress) => void
}

export function createLibraryService(library: Library, options: LibraryServiceOptions = {}): HandlersOf<typeof libraryChannels> {
  const check = options.check ?? inlineChecker
  const imports = createImportRunner(library, options)
  /** A tune with its headers, its tags and, checked now, its diagnostics. */
  async function tuneDetail(id: number): Promise<TuneDetail> {
    const tune = library.tunes.get(id)
    if (!tune) throw new ApiError('not-found', `No tune with id ${id}`)
    const { diagnostics } = await check({ abc: tune.abc, oneTune: true })
    return {
      id: tune.id,
      corpusId: tune.corpusId,
      corpusName: tune.corpusName,
      xNumber: tune.xNumber,
      title: tune.title,
      key: tune.key,
      meter: tune.meter,
      rhythm: tune.rhythm,
      abc: tune.abc,
      headers: readHeaders(tune.abc).fields,
      // Computed on open, not at import: it keeps first start quick (see bench 'library').
      diagnostics,
      tags: library.tags.tagsOfTune(id),
    }
  }

  return {
    listCorpora: () => library.corpora.list(),
    searchTunes: (query) => library.tunes.search(query),
    facets: ({ corpusId }) => library.tunes.facets(corpusId),
    getTune: ({ id }) => tuneDetail(id),
    setTuneTags({ id, tags }) {
      if (!library.tunes.get(id)) throw new ApiError('not-found', `No tune with id ${id}`)
      guard(() => library.tags.setTuneTags(id, tags))
      return tuneDetail(id)
    },
    importFiles: (request) => imports.run(request),
    cancelImport: ({ importId }) => ({ cancelled: imports.cancel(importId) }),
    deleteCorpus({ id }) {
      const corpus = library.corpora.get(id)
      if (!corpus) throw new ApiError('not-found', `No corpus with id ${id}`)
      if (corpus.source === 'bundled') throw new ApiError('conflict', `"${corpus.name}" comes with Tunesmith and cannot be deleted`)
      return { deleted: library.corpora.remove(id) }
    },

    listPieces: (query) => guard(() => library.pieces.list(query)),
    getPiece: ({ id }) => guard(() => library.pieces.get(id)),
    savePiece: (piece) => guard(() => library.pieces.save(piece)),
    updatePiece: ({ id, ...patch }) => guard(() => library.pieces.update(id, patch)),
    deletePiece: ({ id }) => guard(() => library.pieces.softDelete(id)),
    restorePiece: ({ id }) => guard(() => library.pieces.restore(id)),
    ratePiece: ({ id, rating }) => guard(() => library.pieces.rate(id, rating)),
    setPieceTags: ({ id, tags }) => guard(() => library.pieces.setTags(id, tags)),
    listTags: () => library.tags.list(),
  }
}
