/**
 * The bundled Nottingham corpus, imported on first start so the library is never empty and the
 * default model's training text is always there.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { ImportReport } from '../../src-shared/contract/library'
import { importFiles } from './import/import-files'
import type { Library } from './open-library'

export const BUNDLED_CORPUS_NAME = 'Nottingham'

export interface BundledCorpusResult {
  corpusId: number
  /** False when the corpus was already there (nothing was read or written). */
  imported: boolean
  report: ImportReport | null
  milliseconds: number
}

/** Imports `corpusDir`/*.abc (sorted by name) as the bundled corpus unless it is already there. */
export function ensureBundledCorpus(library: Library, corpusDir: string): BundledCorpusResult {
  const started = performance.now()
  const existing = library.corpora.getByName(BUNDLED_CORPUS_NAME)
  if (existing) return { corpusId: existing.id, imported: false, report: null, milliseconds: performance.now() - started }

  let names: string[]
  try {
    names = fs.readdirSync(corpusDir).filter((name) => name.toLowerCase().endsWith('.abc'))
  } catch (err) {
    throw new Error(`The bundled corpus folder ${corpusDir} cannot be read: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
  }
  if (names.length === 0) throw new Error(`The bundled corpus folder ${corpusDir} has no .abc files`)
  const files = names.map((name) => ({ name, bytes: fs.readFileSync(path.join(corpusDir, name)) }))
  // Trusted: these exact files pass the abcjs gate (tests/unit/main/library/import-nottingham.test.ts),
  // and skipping it makes first start ~4x quicker.
  const report = importFiles(library, { corpusName: BUNDLED_CORPUS_NAME, files, source: 'bundled', trusted: true })
  if (report.corpusId === null) throw new Error(`No tune of the bundled corpus in ${corpusDir} could be imported`)
  return { corpusId: report.corpusId, imported: true, report, milliseconds: performance.now() - started }
}
