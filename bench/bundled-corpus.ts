/**
 * The bundled Nottingham corpus as the app stores it (read into a throwaway library, so each
 * tune's ordinal is the library's): what the model, dialect and time-to-quality sections train
 * or evaluate on.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureBundledCorpus, openLibrary } from '../src-main/library'

const resourcesDir = path.resolve(import.meta.dirname, '../resources')

export function bundledCorpusRows(): { abc: string; ordinal: number }[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-bench-corpus-'))
  const library = openLibrary(path.join(dir, 'library.sqlite'))
  try {
    ensureBundledCorpus(library, path.join(resourcesDir, 'corpus', 'nottingham'))
    const corpus = library.corpora.getByName('Nottingham')
    if (!corpus) throw new Error('bundled corpus missing')
    return library.tunes.corpusText(corpus.id).map((t) => ({ abc: t.abc, ordinal: t.ordinal }))
  } finally {
    library.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
