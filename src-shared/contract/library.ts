import { z } from 'zod'
import { call, event } from './channel'
import type { Diagnostic } from './abc'

export interface CorpusSummary {
  id: number
  name: string
  source: 'bundled' | 'user'
  tuneCount: number
  createdAt: string
}

export interface TuneSummary {
  id: number
  corpusId: number
  corpusName: string
  /** The X: number inside its file (not unique across a corpus). */
  xNumber: number | null
  title: string
  key: string | null
  meter: string | null
  rhythm: string | null
}

export interface TuneDetail extends TuneSummary {
  abc: string
  /** Header fields in order of appearance, e.g. { T: ['Abacus'], M: ['6/8'] }. */
  headers: Record<string, string[]>
  diagnostics: Diagnostic[]
  /** The user's tags on this tune, by name. */
  tags: string[]
}

export interface TunePage {
  total: number
  items: TuneSummary[]
}

export interface FacetCount {
  value: string
  count: number
}

export interface Facets {
  keys: FacetCount[]
  meters: FacetCount[]
  rhythms: FacetCount[]
}

export interface ImportRejection {
  file: string
  /** Title or X: number of the tune, when the problem is one tune rather than the file. */
  tune?: string
  line?: number
  reason: string
}

export interface ImportReport {
  corpusId: number | null
  corpusName: string
  imported: number
  duplicates: number
  rejected: ImportRejection[]
  files: { name: string; encoding: string; tunes: number }[]
  /** The import was cancelled: nothing of this request was kept (counts are zero). */
  cancelled?: boolean
}

/** Where a running import is, after each file and each part of a file read. */
export interface ImportProgress {
  /** The id the import was started with (null when its caller gave none). */
  importId: string | null
  corpusName: string
  /** Files finished, of `filesTotal` in this request. */
  filesDone: number
  filesTotal: number
  /** The file being read. */
  file: string
  tunesRead: number
  imported: number
  duplicates: number
  rejected: number
}

/** Per-file limit: the largest Nottingham file is 130 kB; 8 MB is ~20,000 tunes. */
export const MAX_IMPORT_FILE_BYTES = 8 * 1024 * 1024

/**
 * An oversized file's size beside the limit, in MB with one decimal, or in bytes where MB would
 * read the same (8 MB and one byte is not "8.0 MB; the limit is 8.0 MB").
 */
/** Why a file over the limit is not imported, in the import report's words. */
export function oversizeReason(bytes: number): string {
  const told = sizeBesideLimit(bytes)
  return `the file is ${told.size}; the limit is ${told.limit} per file`
}

export function sizeBesideLimit(bytes: number, limit = MAX_IMPORT_FILE_BYTES): { size: string; limit: string } {
  const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`
  if (mb(bytes) !== mb(limit)) return { size: mb(bytes), limit: mb(limit) }
  const exact = (n: number): string => `${n.toLocaleString('en-US')} bytes`
  return { size: exact(bytes), limit: exact(limit) }
}
export const MAX_IMPORT_FILES = 2000

/** MusicXML files (compressed .mxl too), which the import turns into ABC. */
export const MUSICXML_EXTENSIONS = ['.musicxml', '.xml', '.mxl'] as const
/** Every file name ending the import reads: ABC text and MusicXML. */
export const IMPORT_EXTENSIONS = ['.abc', '.txt', ...MUSICXML_EXTENSIONS] as const

export function isImportableName(name: string): boolean {
  const lower = name.toLowerCase()
  return IMPORT_EXTENSIONS.some((ext) => lower.endsWith(ext))
}

const Text = z.string().trim().max(200)

export const TuneQuery = z.object({
  text: Text.optional(),
  key: Text.optional(),
  meter: Text.optional(),
  rhythm: Text.optional(),
  corpusId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(2000).default(100),
  offset: z.number().int().min(0).default(0),
})

export const ImportFile = z.object({
  name: z.string().min(1).max(500),
  /** File bytes, base64: the service detects the encoding (UTF-8 or Latin-1), not the client. */
  dataBase64: z.string(),
})

/** Names one import, so its progress events can be told apart and it can be cancelled. */
export const ImportId = z.string().min(1).max(100)

export const ImportRequest = z.object({
  corpusName: z.string().trim().min(1).max(100),
  files: z.array(ImportFile).min(1).max(MAX_IMPORT_FILES),
  importId: ImportId.optional(),
})


/** Emitted after an import changed the library, so every open window can refresh its lists. */
export const libraryEvents = {
  libraryChanged: event<{ corpusId: number | null }>('library.changed'),
  importProgress: event<ImportProgress>('library.importProgress'),
}

/** Sampling settings a piece was generated with (temperature, top-k, seed...): flat JSON scalars. */
export type PieceParams = Record<string, string | number | boolean | null>

/** A tune the user generated, edited and kept. */
export interface Piece {
  id: number
  title: string
  abc: string
  /** The ABC the model was primed with ('' when written by hand). */
  prompt: string
  params: PieceParams
  modelId: number | null
  /** The corpus tune it continues or varies, if any. */
  parentTuneId: number | null
  /** 0 = unrated, 1–5 stars. */
  rating: number
  tags: string[]
  createdAt: string
  updatedAt: string
  /** Set while the piece is in the bin (undoable delete). */
  deletedAt: string | null
}

export interface PiecePage {
  total: number
  items: Piece[]
}

export interface TagCount {
  name: string
  pieces: number
  tunes: number
}

const Rating = z.number().int().min(0).max(5)
const TagNames = z.array(z.string().trim().min(1).max(50)).max(50)
const Id = z.number().int().positive()
const ParamsSchema = z.record(z.string().max(100), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))

export const NewPieceInput = z.object({
  title: z.string().trim().min(1).max(200),
  abc: z.string().max(100_000),
  prompt: z.string().max(100_000).default(''),
  params: ParamsSchema.default({}),
  modelId: Id.nullable().default(null),
  parentTuneId: Id.nullable().default(null),
  rating: Rating.default(0),
  tags: TagNames.default([]),
})

export const PiecePatch = z.object({
  id: Id,
  title: z.string().trim().min(1).max(200).optional(),
  abc: z.string().max(100_000).optional(),
  prompt: z.string().max(100_000).optional(),
  params: ParamsSchema.optional(),
  rating: Rating.optional(),
})

export const PieceQuery = z.object({
  text: Text.optional(),
  tag: Text.optional(),
  /** 'live' (default): not deleted; 'deleted': the bin; 'all'. */
  deleted: z.enum(['live', 'deleted', 'all']).default('live'),
  limit: z.number().int().min(1).max(2000).default(100),
  offset: z.number().int().min(0).default(0),
})

export const pieceChannels = {
  listPieces: call<PiecePage>()('library.listPieces', PieceQuery),
  getPiece: call<Piece>()('library.getPiece', z.object({ id: Id })),
  savePiece: call<Piece>()('library.savePiece', NewPieceInput),
  updatePiece: call<Piece>()('library.updatePiece', PiecePatch),
  /** Moves a piece to the bin; `restorePiece` undoes it. */
  deletePiece: call<Piece>()('library.deletePiece', z.object({ id: Id })),
  restorePiece: call<Piece>()('library.restorePiece', z.object({ id: Id })),
  ratePiece: call<Piece>()('library.ratePiece', z.object({ id: Id, rating: Rating })),
  setPieceTags: call<Piece>()('library.setPieceTags', z.object({ id: Id, tags: TagNames })),
  listTags: call<TagCount[]>()('library.listTags', z.object({})),
}

export const libraryChannels = {
  listCorpora: call<CorpusSummary[]>()('library.listCorpora', z.object({})),
  searchTunes: call<TunePage>()('library.searchTunes', TuneQuery),
  facets: call<Facets>()('library.facets', z.object({ corpusId: z.number().int().positive().optional() })),
  getTune: call<TuneDetail>()('library.getTune', z.object({ id: z.number().int().positive() })),
  importFiles: call<ImportReport>()('library.importFiles', ImportRequest),
  /** Stops a running import (false: no import of that id is running); its call answers `cancelled`. */
  cancelImport: call<{ cancelled: boolean }>()('library.cancelImport', z.object({ importId: ImportId })),
  /** Replaces the tags on a corpus tune (the tune itself stays read-only). */
  setTuneTags: call<TuneDetail>()('library.setTuneTags', z.object({ id: z.number().int().positive(), tags: TagNames })),
  /** Deletes a user corpus and its tunes (the bundled one cannot be deleted). */
  deleteCorpus: call<{ deleted: boolean }>()('library.deleteCorpus', z.object({ id: z.number().int().positive() })),
  ...pieceChannels,
}
