import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBundledCorpus, type Library } from '../../../../src-main/library'
import { createLibraryService } from '../../../../src-main/services/library-service'
import { ApiError } from '../../../../src-shared/contract/errors'
import { libraryChannels, type ImportReport } from '../../../../src-shared/contract/library'
import { CORPUS_DIR, counts, tempLibraries, type TempLibraries } from '../library/helpers'

let temp: TempLibraries
let library: Library
let service: ReturnType<typeof createLibraryService>
beforeAll(() => {
  temp = tempLibraries()
  library = temp.open()
  ensureBundledCorpus(library, CORPUS_DIR)
  service = createLibraryService(library)
})
afterAll(() => temp.cleanup())

/** Calls a handler the way the router does: input parsed by the channel's schema first. */
async function call<K extends keyof typeof libraryChannels>(verb: K, input: unknown): Promise<unknown> {
  const parsed = libraryChannels[verb].input.parse(input) as never
  return (service[verb] as (i: never) => unknown)(parsed)
}

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected an ApiError')
}

describe('library service', () => {
  it('lists corpora and searches', async () => {
    expect(await call('listCorpora', {})).toEqual([expect.objectContaining({ name: 'Nottingham', source: 'bundled', tuneCount: 1031 })])
    const page = (await call('searchTunes', { text: 'hundred pipers' })) as { total: number; items: { title: string }[] }
    expect(page.items.map((t) => t.title)).toEqual(['The Hundred Pipers'])
  })

  it('getTune gives headers and abcjs diagnostics with line and column, as plain text', async () => {
    // "Hunt The Squirrel" has the non-standard Y: field after K:, which abcjs reads as music.
    const hit = ((await call('searchTunes', { text: 'Hunt The Squirrel' })) as { items: { id: number }[] }).items[0]
    const tune = (await call('getTune', { id: hit.id })) as { headers: Record<string, string[]>; diagnostics: { line: number; column: number; message: string; source: string }[]; abc: string }
    expect(tune.headers.T).toEqual(['Hunt The Squirrel'])
    expect(tune.headers.K).toEqual(['A'])
    expect(tune.diagnostics.length).toBeGreaterThan(0)
    const lines = tune.abc.split('\n')
    for (const d of tune.diagnostics) {
      expect(['abcjs', 'bars']).toContain(d.source)
      expect(d.message).not.toMatch(/<span|&nbsp;/)
      expect(lines[d.line - 1]).toBeDefined()
    }
    const yLine = lines.findIndex((l) => l.startsWith('Y:')) + 1
    expect(tune.diagnostics.some((d) => d.line === yLine && d.source === 'abcjs')).toBe(true)
    expect((await apiError(call('getTune', { id: 987654 }))).code).toBe('not-found')
  })

  it('tags a corpus tune and shows the tags on it', async () => {
    const hit = ((await call('searchTunes', { text: 'hundred pipers' })) as { items: { id: number }[] }).items[0]
    expect(await call('setTuneTags', { id: hit.id, tags: ['Session', 'learn'] })).toMatchObject({ title: 'The Hundred Pipers', tags: ['learn', 'Session'] })
    expect(((await call('getTune', { id: hit.id })) as { tags: string[] }).tags).toEqual(['learn', 'Session'])
    expect(((await call('setTuneTags', { id: hit.id, tags: ['learn'] })) as { tags: string[] }).tags).toEqual(['learn'])
    expect(await call('listTags', {})).toContainEqual({ name: 'learn', pieces: 0, tunes: 1 })
    expect((await apiError(call('setTuneTags', { id: 424242, tags: ['x'] }))).code).toBe('not-found')
  })

  it('getTune reports a bar of the wrong length from the bar check', async () => {
    const abc = 'X:1\nT:Short Middle Bar\nM:4/4\nL:1/8\nK:G\nGABc dBAG|FGA cAFD|GABc dBAG|GABc d4|\n'
    const report = (await call('importFiles', { corpusName: 'Bars', files: [{ name: 'bars.abc', dataBase64: Buffer.from(abc).toString('base64') }] })) as ImportReport
    expect(report.imported).toBe(1)
    const hit = ((await call('searchTunes', { text: 'short middle bar' })) as { items: { id: number }[] }).items[0]
    const tune = (await call('getTune', { id: hit.id })) as { diagnostics: { line: number; source: string }[] }
    expect(tune.diagnostics.filter((d) => d.source === 'bars').map((d) => d.line)).toEqual([6])
  })

  it('imports base64 files: Latin-1 read right, oversized refused by size, nothing lost', async () => {
    const before = counts(library)
    const latin1 = iconv.encode('X:1\nT:Crème Brûlée Reel\nM:4/4\nK:D\nDFAd fdAF|\n', 'latin1').toString('base64')
    const big = Buffer.alloc(50 * 1024 * 1024, 'abc|').toString('base64')
    const report = (await call('importFiles', { corpusName: 'Uploads', files: [{ name: 'a.abc', dataBase64: latin1 }, { name: 'big.abc', dataBase64: big }] })) as ImportReport
    expect(report.imported).toBe(1)
    expect(report.rejected).toEqual([{ file: 'big.abc', reason: 'the file is 50.0 MB; the limit is 8.0 MB per file' }])
    expect(report.files).toEqual([{ name: 'a.abc', encoding: 'windows-1252 (Latin-1)', tunes: 1 }])
    expect(((await call('searchTunes', { text: 'creme brulee' })) as { items: { title: string }[] }).items[0].title).toBe('Crème Brûlée Reel')
    expect(counts(library).tunes).toBe(before.tunes + 1)
  })

  it('maps library errors onto API error codes', async () => {
    const nottingham = (await apiError(call('importFiles', { corpusName: 'Nottingham', files: [{ name: 'x.abc', dataBase64: Buffer.from('X:1\nK:C\nC|').toString('base64') }] })))
    expect(nottingham.code).toBe('conflict')
    expect((await apiError(call('getPiece', { id: 4242 }))).code).toBe('not-found')
    const piece = (await call('savePiece', { title: 'Mine', abc: 'X:1\nK:C\nCDE|' })) as { id: number }
    expect((await apiError(call('setPieceTags', { id: piece.id, tags: ['ok', 'bell\u0007'] }))).code).toBe('invalid-input')
  })

  it('deletes a user corpus with its tunes, never the bundled one', async () => {
    const report = (await call('importFiles', { corpusName: 'Throwaway', files: [{ name: 't.abc', dataBase64: Buffer.from('X:1\nT:Gone Soon\nK:C\nCDEF|').toString('base64') }] })) as ImportReport
    const before = counts(library)
    expect(await call('deleteCorpus', { id: report.corpusId })).toEqual({ deleted: true })
    expect(counts(library)).toMatchObject({ corpora: before.corpora - 1, tunes: before.tunes - 1, fts: before.fts - 1 })
    expect(((await call('searchTunes', { text: 'gone soon' })) as { total: number }).total).toBe(0)
    const bundled = library.corpora.getByName('Nottingham')!
    expect((await apiError(call('deleteCorpus', { id: bundled.id }))).code).toBe('conflict')
    expect((await apiError(call('deleteCorpus', { id: report.corpusId }))).code).toBe('not-found')
    expect(library.corpora.get(bundled.id)?.tuneCount).toBe(1031)
  })

  it('pieces round-trip through the channels, with undoable delete', async () => {
    const saved = (await call('savePiece', { title: 'Variation', abc: 'X:1\nK:G\nGAB|', params: { temperature: 0.9 }, tags: ['jig'] })) as { id: number; rating: number; tags: string[] }
    expect(saved).toMatchObject({ rating: 0, tags: ['jig'] })
    expect(await call('ratePiece', { id: saved.id, rating: 4 })).toMatchObject({ rating: 4 })
    expect(await call('updatePiece', { id: saved.id, title: 'Renamed' })).toMatchObject({ title: 'Renamed', rating: 4, params: { temperature: 0.9 } })
    await call('deletePiece', { id: saved.id })
    expect(((await call('listPieces', {})) as { items: { id: number }[] }).items.map((p) => p.id)).not.toContain(saved.id)
    await call('restorePiece', { id: saved.id })
    expect(((await call('listPieces', { tag: 'jig' })) as { items: { id: number }[] }).items.map((p) => p.id)).toEqual([saved.id])
    expect(await call('listTags', {})).toContainEqual({ name: 'jig', pieces: 1, tunes: 0 })
    expect(library.integrityCheck()).toEqual(['ok'])
  })
})
