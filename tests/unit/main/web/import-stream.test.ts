/**
 * A large import through web mode does not hold the server: a file of 20,000 small tunes is read
 * on a worker and written in short transactions while other requests are answered; the import
 * reports its progress as events and can be cancelled, leaving nothing behind. Before, the whole
 * import ran in one request on the main thread (20,000 tunes: 4-5 s with every other request
 * waiting; 60,000: 14.5 s, and the waiting search's connection was reset).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CorpusSummary, ImportProgress, ImportReport, TunePage } from '../../../../src-shared/contract'
import { call, collectEvents } from './http-helpers'
import { startWebFixture, type WebFixture } from './web-fixture'

const TUNES = 20_000
/** Generous for a loaded 2-core machine; the old code's waits were the whole import, seconds. */
const MAX_WAIT_MS = 750

function generatedFile(n: number, title: string): string {
  const tunes: string[] = []
  for (let i = 0; i < n; i++) tunes.push(`X:${i + 1}\nT:${title} ${i}\nM:4/4\nL:1/8\nK:D\n${'ABcd'[i % 4]}FAF GBAF|DFA${'cdef'[(i >> 2) % 4]} E2 FE|${i % 97}\n`)
  return tunes.join('\n')
}

const upload = (name: string, text: string): { name: string; dataBase64: string } => ({ name, dataBase64: Buffer.from(text).toString('base64') })

let fx: WebFixture
beforeAll(async () => {
  fx = await startWebFixture()
})
afterAll(async () => {
  await fx?.close()
})

async function ok<T>(response: Promise<{ status: number; body: string }>): Promise<T> {
  const r = await response
  expect(r.status, r.body).toBe(200)
  return JSON.parse(r.body) as T
}

describe('import through web mode', () => {
  it('answers searches while 20,000 tunes are imported, and reports progress', async () => {
    // Warm the workers and the search up first: their start is not what is measured.
    await ok(call(fx.url, fx.token, 'abc.check', { abc: 'X:1\nK:C\nCDEF|\n' }))
    await ok(call(fx.url, fx.token, 'library.searchTunes', { text: 'reel', limit: 5 }))
    const progress = collectEvents<ImportProgress>(fx.url, fx.token, 'library.importProgress')
    await progress.ready
    let done = false
    const started = performance.now()
    const imported = ok<ImportReport>(call(fx.url, fx.token, 'library.importFiles', { corpusName: 'Generated', importId: 'big-one', files: [upload('big.abc', generatedFile(TUNES, 'Generated'))] }))
      .finally(() => (done = true))
    const waits: number[] = []
    while (!done) {
      const t0 = performance.now()
      await ok<TunePage>(call(fx.url, fx.token, 'library.searchTunes', { text: 'reel', limit: 5 }))
      waits.push(performance.now() - t0)
      await new Promise((r) => setTimeout(r, 20))
    }
    const report = await imported
    const took = performance.now() - started
    progress.close()
    console.log(`import of ${TUNES} tunes: ${took.toFixed(0)} ms; ${waits.length} searches meanwhile, longest ${Math.max(...waits).toFixed(0)} ms`)
    expect(report).toMatchObject({ imported: TUNES, duplicates: 0, rejected: [], files: [{ name: 'big.abc', tunes: TUNES }] })
    expect(waits.length).toBeGreaterThan(10)
    expect(Math.max(...waits)).toBeLessThan(MAX_WAIT_MS)
    // Progress: several events as parts were read, tunes read growing, the last one complete.
    const mine = progress.events.filter((p) => p.importId === 'big-one')
    expect(mine.length).toBeGreaterThan(5)
    expect(mine.map((p) => p.tunesRead)).toEqual([...mine.map((p) => p.tunesRead)].sort((a, b) => a - b))
    expect(mine.at(-1)).toMatchObject({ corpusName: 'Generated', filesDone: 1, filesTotal: 1, tunesRead: TUNES, imported: TUNES })
    const page = await ok<TunePage>(call(fx.url, fx.token, 'library.searchTunes', { text: 'Generated', corpusId: report.corpusId ?? 0, limit: 1 }))
    expect(page.total).toBe(TUNES)
  }, 300_000)

  it('cancels an import part-way: its call answers "cancelled" and nothing of it stays', async () => {
    const progress = collectEvents<ImportProgress>(fx.url, fx.token, 'library.importProgress')
    await progress.ready
    const corporaBefore = await ok<CorpusSummary[]>(call(fx.url, fx.token, 'library.listCorpora', {}))
    const running = ok<ImportReport>(call(fx.url, fx.token, 'library.importFiles', { corpusName: 'Stopped', importId: 'stop-me', files: [upload('stop.abc', generatedFile(TUNES, 'Stopped'))] }))
    // Cancel once some tunes are written (the corpus exists and holds them).
    while (!progress.events.some((p) => p.importId === 'stop-me' && p.imported > 0)) await new Promise((r) => setTimeout(r, 10))
    expect(await ok(call(fx.url, fx.token, 'library.cancelImport', { importId: 'stop-me' }))).toEqual({ cancelled: true })
    const report = await running
    progress.close()
    expect(report).toMatchObject({ cancelled: true, imported: 0, corpusId: null })
    expect(await ok<CorpusSummary[]>(call(fx.url, fx.token, 'library.listCorpora', {}))).toEqual(corporaBefore)
    expect((await ok<TunePage>(call(fx.url, fx.token, 'library.searchTunes', { text: 'Stopped', limit: 1 }))).total).toBe(0)
    // An id no import runs under: nothing to cancel.
    expect(await ok(call(fx.url, fx.token, 'library.cancelImport', { importId: 'stop-me' }))).toEqual({ cancelled: false })
  }, 300_000)
})
