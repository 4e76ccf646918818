/**
 * Library figures: first-start import of the bundled corpus into a fresh file, re-open, FTS5
 * search and facet latency over it, opening a tune (diagnostics), and writing/reading a
 * seed-size checkpoint (1.91 M parameters + Adam moments).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLibraryService } from '../src-main/services/library-service'
import { ensureBundledCorpus, openLibrary } from '../src-main/library'
import type { BenchSection, JsonValue } from './section'

const CORPUS_DIR = fileURLToPath(new URL('../resources/corpus/nottingham', import.meta.url))

const round = (ms: number, digits = 3): number => Number(ms.toFixed(digits))

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Median and 95th percentile (ms) of `fn` over `runs` calls after `warmup` unmeasured ones. */
function time(fn: () => unknown, runs: number, warmup = 5): { medianMs: number; p95Ms: number } {
  for (let i = 0; i < warmup; i++) fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    fn()
    samples.push(performance.now() - t)
  }
  samples.sort((a, b) => a - b)
  return { medianMs: round(median(samples)), p95Ms: round(samples[Math.floor(samples.length * 0.95)]) }
}

export const librarySection: BenchSection = {
  name: 'library',
  async run({ quick, log }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tunesmith-bench-library-'))
    try {
      const file = path.join(dir, 'library.sqlite')
      const imports: number[] = []
      let tunes = 0
      // First start = open (create + migrate) + import; repeated on fresh files for a median.
      for (let i = 0; i < (quick ? 1 : 3); i++) {
        fs.rmSync(dir, { recursive: true, force: true })
        const t = performance.now()
        const library = openLibrary(file)
        const result = ensureBundledCorpus(library, CORPUS_DIR)
        imports.push(performance.now() - t)
        tunes = result.report?.imported ?? 0
        library.close()
        log(`first start ${imports[imports.length - 1].toFixed(0)} ms`)
      }
      let t = performance.now()
      const library = openLibrary(file)
      ensureBundledCorpus(library, CORPUS_DIR)
      const reopenMs = performance.now() - t

      const runs = quick ? 50 : 300
      const queries: Record<string, Parameters<typeof library.tunes.search>[0]> = {
        titleWord: { text: 'sally', limit: 100, offset: 0 },
        twoWords: { text: 'hundred pipers', limit: 100, offset: 0 },
        commonWord: { text: 'rowe', limit: 100, offset: 0 },
        abcFragment: { text: 'gabc', limit: 100, offset: 0 },
        textAndFilters: { text: 'jig', key: 'G', meter: '6/8', limit: 100, offset: 0 },
        filtersOnly: { key: 'D', meter: '4/4', limit: 100, offset: 200 },
        everythingPage: { limit: 100, offset: 500 },
      }
      const search: Record<string, JsonValue> = {}
      for (const [name, query] of Object.entries(queries)) {
        search[name] = { ...time(() => library.tunes.search(query), runs), total: library.tunes.search(query).total }
      }
      const facets = time(() => library.tunes.facets(), runs)
      const service = createLibraryService(library)
      const ids = library.tunes.search({ limit: 2000, offset: 0 }).items.map((x) => x.id)
      let k = 0
      const getTune = time(() => service.getTune({ id: ids[k++ % ids.length] }), quick ? 50 : 300)

      // A seed-size checkpoint: 1.91 M float32 weights + two Adam moments.
      const params = 1_910_000
      const model = library.models.create({ name: 'bench', shape: { vocabSize: 1, embeddingDim: 1, lstmUnits: [1] }, vocab: ['a'], source: 'trained' })
      const weights = new Uint8Array(params * 4).fill(7)
      const optimizer = new Uint8Array(params * 8).fill(9)
      const saves: number[] = []
      const loads: number[] = []
      for (let i = 0; i < (quick ? 2 : 5); i++) {
        t = performance.now()
        const id = library.models.saveCheckpoint({ modelId: model.id, step: i, epoch: 0, modelJson: '{}', weights, optimizer, isBest: true, keepLatest: 2 })
        saves.push(performance.now() - t)
        t = performance.now()
        library.models.getCheckpoint(id)
        loads.push(performance.now() - t)
      }
      library.close()
      return {
        tunes,
        firstStartImportMs: round(median(imports), 0),
        firstStartRunsMs: imports.map((ms) => round(ms, 0)),
        reopenMs: round(reopenMs, 1),
        searchMs: search,
        facetsMs: facets,
        getTuneWithDiagnosticsMs: getTune,
        checkpointSaveMs: round(median(saves), 1),
        checkpointLoadMs: round(median(loads), 1),
        checkpointMiB: round((weights.length + optimizer.length) / 1024 / 1024, 1),
        fileMiB: round(fs.statSync(file).size / 1024 / 1024, 1),
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },
}
