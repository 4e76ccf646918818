import { z } from 'zod'
import { call } from './channel'
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
}

/** Per-file limit: the largest Nottingham file is 130 kB; 8 MB is ~20,000 tunes. */
export const MAX_IMPORT_FILE_BYTES = 8 * 1024 * 1024
export const MAX_IMPORT_FILES = 2000

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

export const ImportRequest = z.object({
  corpusName: z.string().trim().min(1).max(100),
  files: z.array(ImportFile).min(1).max(MAX_IMPORT_FILES),
})

export const libraryChannels = {
  listCorpora: call<CorpusSummary[]>()('library.listCorpora', z.object({})),
  searchTunes: call<TunePage>()('library.searchTunes', TuneQuery),
  facets: call<Facets>()('library.facets', z.object({ corpusId: z.number().int().positive().optional() })),
  getTune: call<TuneDetail>()('library.getTune', z.object({ id: z.number().int().positive() })),
  importFiles: call<ImportReport>()('library.importFiles', ImportRequest),
}
