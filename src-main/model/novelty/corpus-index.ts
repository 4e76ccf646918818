/**
 * Builds the bar index of a corpus folder of .abc files (the bundled Nottingham files by
 * default), once per folder and process: the index is immutable, so every generation after the
 * first reuses it.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { readHeaders } from '../../../src-shared/abc/headers'
import { splitTunes } from '../../../src-shared/abc/split'
import { BarIndex, type IndexedTune } from './bar-index'

/** Tunes of every .abc file in `dir`, ids `file.abc:X` (X: numbers restart in every file). */
export async function readCorpusFolder(dir: string): Promise<IndexedTune[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.toLowerCase().endsWith('.abc')).sort()
  const tunes: IndexedTune[] = []
  for (const file of files) {
    const text = await fs.readFile(path.join(dir, file), 'latin1')
    for (const tune of splitTunes(text).tunes) {
      tunes.push({ id: `${file}:${tune.xNumber ?? tune.startLine}`, title: readHeaders(tune.text).title, text: tune.text })
    }
  }
  return tunes
}

const cache = new Map<string, Promise<BarIndex>>()

export function corpusFolderIndex(dir: string): Promise<BarIndex> {
  const key = path.resolve(dir)
  let index = cache.get(key)
  if (!index) {
    index = readCorpusFolder(key).then((tunes) => BarIndex.build(tunes))
    // A failed read is not cached, so a later call can succeed once the folder is there.
    index.catch(() => cache.delete(key))
    cache.set(key, index)
  }
  return index
}
