/**
 * `library.*`: corpora, tune search, import and pieces over an open Library. Library errors become
 * ApiErrors with a code the UI can act on; file bytes arrive base64 and are size-checked before
 * they are decoded, so an oversized upload is refused without allocating it twice.
 */
import type { HandlersOf } from '../../src-shared/contract'
import { ApiError } from '../../src-shared/contract/errors'
import { MAX_IMPORT_FILE_BYTES, type libraryChannels, type TuneDetail } from '../../src-shared/contract/library'
import { readHeaders } from '../../src-shared/abc'
import { importFiles, LibraryConflictError, LibraryInputError, LibraryNotFoundError, type ImportSourceFile, type Library } from '../library'
import { inlineChecker, type Checker } from './check-pool'
import { musicXmlSourceFile } from './musicxml'

/** Runs `fn`, turning the library's deliberate errors into API errors. */
export function guard<T>(fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    if (err instanceof LibraryInputError) throw new ApiError('invalid-input', err.message)
    if (err instanceof LibraryNotFoundError) throw new ApiError('not-found', err.message)
    if (err instanceof LibraryConflictError) throw new ApiError('conflict', err.message)
    throw err
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

/** `check`: where a tune's check runs (boot passes the worker pool; default: this thread). */
export function createLibraryService(library: Library, check: Checker = inlineChecker): HandlersOf<typeof libraryChannels> {
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
    importFiles: ({ corpusName, files }) => guard(() => importFiles(library, { corpusName, files: files.map(toSourceFile) })),
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
