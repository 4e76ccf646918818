/**
 * Errors reach the page in words: a piece that names a model or tune no longer in the library is
 * refused with a 4xx that says which, a constraint SQLite refuses is a 409 in words, and an error
 * no service meant to send reaches the page as "internal error" with a reference the log holds in
 * full, never its raw text.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ImportReport, TunePage } from '../../../src-shared/contract'
import { ApiError } from '../../../src-shared/contract/errors'
import { openLibrary, type Library } from '../../../src-main/library'
import { createRouter } from '../../../src-main/services/router'
import { call } from '../main/web/http-helpers'
import { startWebFixture, type WebFixture } from '../main/web/web-fixture'
import { storeSeededModel } from './helpers'

let fx: WebFixture
beforeAll(async () => {
  fx = await startWebFixture()
})
afterAll(async () => {
  await fx?.close()
})

const TUNE = 'X:1\nT:Soon Gone\nM:4/4\nL:1/8\nK:D\nDFAF GBAF|DFAF E2 FE|\n'

async function errorOf(channel: string, input: unknown): Promise<{ status: number; code: string; message: string }> {
  const res = await call(fx.url, fx.token, channel, input)
  const body = JSON.parse(res.body) as { error?: { code: string; message: string } }
  expect(body.error, `${channel} answered ${res.status}: ${res.body.slice(0, 200)}`).toBeDefined()
  return { status: res.status, ...body.error! }
}

describe('library.savePiece naming what is gone', () => {
  it('refuses a piece whose tune went with its corpus, saying so (was 500 "FOREIGN KEY constraint failed")', async () => {
    const dispatch = (channel: string, input: unknown): Promise<unknown> => fx.booted.router.dispatch(channel, input)
    const report = (await dispatch('library.importFiles', { corpusName: 'Soon deleted', files: [{ name: 'a.abc', dataBase64: Buffer.from(TUNE).toString('base64') }] })) as ImportReport
    const page = (await dispatch('library.searchTunes', { corpusId: report.corpusId, limit: 1 })) as TunePage
    const tuneId = page.items[0].id
    await dispatch('library.deleteCorpus', { id: report.corpusId })

    const err = await errorOf('library.savePiece', { title: 'From a deleted tune', abc: TUNE, parentTuneId: tuneId })
    expect(err.status).toBe(404)
    expect(err.code).toBe('not-found')
    expect(err.message).toBe(`The tune this piece was started from (id ${tuneId}) is no longer in the library (its corpus was deleted?); save it without that tune`)
    // Without the tune it saves.
    expect((await call(fx.url, fx.token, 'library.savePiece', { title: 'From a deleted tune', abc: TUNE })).status).toBe(200)
  })

  it('refuses a piece whose model is gone, saying so', async () => {
    const modelId = await storeSeededModel(path.join(fx.dir, 'library.sqlite'))
    const err = await errorOf('library.savePiece', { title: 'Orphan', abc: TUNE, modelId: modelId + 1000 })
    expect(err.status).toBe(404)
    expect(err.message).toMatch(new RegExp(`^The model this piece was written with \\(id ${modelId + 1000}\\) is no longer in the library`))
    expect((await call(fx.url, fx.token, 'library.savePiece', { title: 'Kept', abc: TUNE, modelId })).status).toBe(200)
  })
})

describe('errors no service meant to send', () => {
  let library: Library
  beforeAll(() => {
    library = openLibrary(path.join(fx.dir, 'router-errors.sqlite'))
  })
  afterAll(() => library.close())

  /** The real router over the real services, one handler replaced by `handler`. */
  function routerWith(fail: () => void): ReturnType<typeof createRouter> {
    const { services } = fx.booted
    return createRouter({ ...services, library: { ...services.library, listTags: () => {
      fail()
      return []
    } } })
  }

  it('a constraint SQLite refuses is a conflict in words, not SQLite\'s message', async () => {
    const router = routerWith(() => void library.db.prepare(`INSERT INTO tunes (corpus_id, ordinal, title, abc, hash, source_file, start_line) VALUES (424242, 1, 't', 'x', 'h', 'f', 1)`).run())
    const err = (await router.dispatch('library.listTags', {}).catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('conflict')
    expect(err.message).toBe('The library refused this change: something this change refers to is no longer in the library')
  })

  it('anything else is "internal error" with a reference, and the log has the message in full', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const router = routerWith(() => {
        throw new Error('SQLITE_IOERR at /home/someone/secret/library.sqlite')
      })
      const err = (await router.dispatch('library.listTags', {}).catch((e: unknown) => e)) as ApiError
      expect(err.code).toBe('internal')
      expect(err.message).toMatch(/^Internal error \(reference [0-9a-f]{8}; the log has the details\)$/)
      expect(err.message).not.toContain('secret')
      const reference = /reference ([0-9a-f]{8})/.exec(err.message)![1]
      const line = logged.mock.calls.find((args) => String(args[0]).includes(reference))
      expect(line, 'the log names the reference').toBeDefined()
      expect(String(line![1])).toContain('/home/someone/secret/library.sqlite')
    } finally {
      logged.mockRestore()
    }
  })
})
