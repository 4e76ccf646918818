/**
 * Every input crosses the same schemas whether it comes over IPC (router.dispatch, which the IPC
 * handlers call with the raw value) or over HTTP (the real web server): hostile values get a
 * clear error with a code (and status), and the app keeps answering afterwards.
 */
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../../src-shared/contract/errors'
import type { GenerationResult } from '../../../src-shared/contract/model'
import type { ImportReport, TuneDetail, TunePage } from '../../../src-shared/contract'
import { call } from '../main/web/http-helpers'
import { startWebFixture, type WebFixture } from '../main/web/web-fixture'
import { storeSeededModel } from './helpers'

let fx: WebFixture
let modelId: number

beforeAll(async () => {
  fx = await startWebFixture()
  modelId = await storeSeededModel(path.join(fx.dir, 'library.sqlite'))
})
afterAll(async () => {
  await fx?.close()
})

const PROMPT = 'X:1\nT:Boundary Reel\nM:4/4\nL:1/8\nK:D\n|:DFAF GBAF|'
const continueInput = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ prompt: PROMPT, n: 1, maxLength: 40, seed: 1, modelId, ...extra })

/** Through the router, as an IPC handler calls it: the error, or a failure when none came. */
async function viaIpc(channel: string, input: unknown): Promise<ApiError> {
  const err = await fx.booted.router.dispatch(channel, input).then(() => null, (e: unknown) => e)
  expect(err, `${channel} accepted ${JSON.stringify(input)?.slice(0, 80)}`).toBeInstanceOf(ApiError)
  return err as ApiError
}

/** Through HTTP: status and the error body. */
async function viaHttp(channel: string, input: unknown): Promise<{ status: number; code: string; message: string }> {
  const res = await call(fx.url, fx.token, channel, input)
  const body = JSON.parse(res.body) as { error?: { code: string; message: string } }
  expect(body.error, `${channel} answered ${res.status} without an error`).toBeDefined()
  return { status: res.status, code: body.error!.code, message: body.error!.message }
}

/** One hostile input, both ways: the same code, a 4xx status and a message matching `message`. */
async function rejectedBothWays(channel: string, input: unknown, message: RegExp, status = 400): Promise<void> {
  const ipc = await viaIpc(channel, input)
  expect(ipc.message).toMatch(message)
  const http = await viaHttp(channel, input)
  expect(http.status).toBe(status)
  expect(http.code).toBe(ipc.code)
  expect(http.message).toMatch(message)
}

async function stillAnswers(): Promise<void> {
  const info = await call(fx.url, fx.token, 'app.info', {})
  expect(info.status).toBe(200)
  const page = (await fx.booted.router.dispatch('library.searchTunes', { limit: 1 })) as TunePage
  expect(page.total).toBeGreaterThan(0)
}

describe('inputs are validated by the shared schemas over IPC and HTTP', () => {
  it('refuses wrong types and shapes', async () => {
    await rejectedBothWays('library.getTune', { id: '1' }, /expected number/i)
    await rejectedBothWays('library.getTune', null, /expected object/i)
    await rejectedBothWays('library.getTune', [1, 2], /expected object/i)
    await rejectedBothWays('model.continue', { ...continueInput(), prompt: 42 }, /prompt/)
    await rejectedBothWays('model.continue', { ...continueInput(), n: '3' }, /n/)
    await rejectedBothWays('library.savePiece', { title: { $gt: '' }, abc: 'X:1' }, /title/)
    await rejectedBothWays('library.searchTunes', { text: 'a'.repeat(201) }, /text/)
    await stillAnswers()
  })

  it('refuses a 10 MB prompt with the limit in the message', async () => {
    const huge = 'X:1\nK:D\n' + 'abcdefg|'.repeat((10 * 1024 * 1024) / 8)
    await rejectedBothWays('model.continue', continueInput({ prompt: huge }), /longer than 20,000 characters/)
    await stillAnswers()
  })

  it('refuses a prompt made only of characters the model does not know (400, not 500)', async () => {
    for (const prompt of ['\u0000'.repeat(100), '\ud800\udc00\ud800', '\u{1F3BB}'.repeat(50)]) {
      await rejectedBothWays('model.continue', continueInput({ prompt }), /the prompt is empty once characters the model does not know are removed/)
      expect((await viaIpc('model.continue', continueInput({ prompt }))).code).toBe('invalid-input')
    }
    await stillAnswers()
  })

  it('refuses negative, zero, NaN and infinite temperatures (JSON carries NaN and ±Infinity as null)', async () => {
    for (const t of [-1, 0, 6, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const ipc = await viaIpc('model.continue', continueInput({ temperature: t }))
      expect(ipc.code).toBe('invalid-input')
      expect(ipc.message).toMatch(/temperature/)
      // What reaches the server is what JSON.stringify makes of the number.
      const http = await viaHttp('model.continue', continueInput({ temperature: t }))
      expect(http.status).toBe(400)
      expect(http.message).toMatch(Number.isFinite(t) ? /temperature must be/ : /received null[\s\S]*temperature/)
    }
    await stillAnswers()
  })

  it('refuses n = 10^6 and other out-of-range sampling settings', async () => {
    await rejectedBothWays('model.continue', continueInput({ n: 1_000_000 }), /n must be at most 16/)
    await rejectedBothWays('model.continue', continueInput({ n: 2.5 }), /expected int/i)
    await rejectedBothWays('model.continue', continueInput({ maxLength: 1e9 }), /maxLength must be at most/)
    await rejectedBothWays('model.continue', continueInput({ topK: -1 }), /topK/)
    await rejectedBothWays('model.continue', continueInput({ seed: 2 ** 40 }), /seed/)
    await rejectedBothWays('training.start', { corpusId: 1, modelName: 'x', sizes: { embedding: 1e6, units: [1e6] } }, /sizes/)
    await stillAnswers()
  })

  it('never treats an import file name as a path: traversal names are labels, the bytes are what was sent', async () => {
    const tune = 'X:1\nT:Traversal Test Jig\nM:6/8\nL:1/8\nK:G\n|:GAB cde|dcB AGF:|\n'
    const names = ['../../../../etc/passwd.abc', '/etc/hosts.abc', '..\\..\\windows\\win.ini.abc', 'C:\\boot.abc']
    const files = names.map((name, i) => ({ name, dataBase64: Buffer.from(tune.replace('X:1', `X:${i + 1}`).replace('Jig', `Jig ${i}`)).toString('base64') }))
    const res = await call(fx.url, fx.token, 'library.importFiles', { corpusName: 'Traversal', files })
    expect(res.status).toBe(200)
    const report = JSON.parse(res.body) as ImportReport
    expect(report.imported).toBe(names.length)
    const page = (await fx.booted.router.dispatch('library.searchTunes', { corpusId: report.corpusId, limit: 10 })) as TunePage
    for (const item of page.items) {
      const detail = (await fx.booted.router.dispatch('library.getTune', { id: item.id })) as TuneDetail
      // The stored text is the uploaded tune, never the content of /etc/passwd or /etc/hosts.
      expect(detail.abc).toMatch(/^X:\d\nT:Traversal Test Jig \d/)
    }
    // An extension that is not .abc/.txt is refused by name, whatever the path looks like.
    const bad = (await fx.booted.router.dispatch('library.importFiles', {
      corpusName: 'Traversal',
      files: [{ name: '../../.ssh/id_rsa', dataBase64: Buffer.from(tune).toString('base64') }],
    })) as ImportReport
    expect(bad.imported).toBe(0)
    expect(bad.rejected[0].reason).toMatch(/only \.abc, \.txt and MusicXML/)
    await rejectedBothWays('library.importFiles', { corpusName: 'x', files: [{ name: '', dataBase64: '' }] }, /name|too small/i)
    await rejectedBothWays('library.importFiles', { corpusName: 'x', files: [] }, /files|too small/i)
    await stillAnswers()
  })

  it('still continues a tune correctly after all of the above', async () => {
    const result = (await fx.booted.router.dispatch('model.continue', continueInput({ n: 2 }))) as GenerationResult
    expect(result.variations).toHaveLength(2)
    for (const v of result.variations) expect(v.fullTune.startsWith(PROMPT)).toBe(true)
    const http = await call(fx.url, fx.token, 'model.continue', continueInput({ n: 2 }))
    expect(http.status).toBe(200)
    expect((JSON.parse(http.body) as GenerationResult).variations.map((v) => v.text)).toEqual(result.variations.map((v) => v.text))
  })
})

describe('web mode binds the loopback interface only', () => {
  it('is reachable on 127.0.0.1 and refuses connections on every other address of this machine', async () => {
    const port = Number(new URL(fx.url).port)
    const connect = (host: string): Promise<'connected' | string> =>
      new Promise((resolve) => {
        const socket = net.connect({ host, port, timeout: 2000 })
        socket.once('connect', () => (socket.destroy(), resolve('connected')))
        socket.once('timeout', () => (socket.destroy(), resolve('timeout')))
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
      })
    expect(await connect('127.0.0.1')).toBe('connected')
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
      .map((a) => a!.address)
    for (const address of others) expect(await connect(address), address).not.toBe('connected')
    // ::1 is loopback too, but the server binds IPv4 127.0.0.1 only.
    expect(await connect('::1')).not.toBe('connected')
  })
})
