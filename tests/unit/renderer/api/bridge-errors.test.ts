/**
 * Issue 15: a service's error code reaches the renderer across Electron's context bridge. An error
 * thrown across contextBridge keeps only its message (context-bridge.ts copies that), so the
 * preload hands the page main's envelopes unopened and the page's client (bridge-client.ts)
 * opens them. Here the real router over real services (a temp library) answers behind the bridge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../../../../src-shared/contract/client'
import { ApiError } from '../../../../src-shared/contract/errors'
import { bridgeClient } from '../../../../src-renderer/src/api/bridge-client'
import { inProcessTransport } from '../../../../src-main/services/in-process-client'
import { startWebFixture, type WebFixture } from '../../main/web/web-fixture'
import { bridgeOver, exposeThroughBridge } from '../../main/electron/context-bridge'

let fixture: WebFixture

beforeAll(async () => {
  fixture = await startWebFixture()
})

afterAll(async () => {
  await fixture?.close()
})

const transport = () => inProcessTransport(fixture.booted.router, fixture.booted.events)

describe('error codes across the context bridge', () => {
  it('a rejected call crossing the bridge keeps only its message: the code the composer needs is gone', async () => {
    // The old shape: the client in the preload, its rejections crossing the bridge.
    const page = exposeThroughBridge(createClient(transport()))
    const err: unknown = await page.library.getPiece({ id: 999_999 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toMatch(/No piece with id 999999/)
    expect((err as { code?: unknown }).code).toBeUndefined()
  })

  it("the page's client rebuilds the service's ApiError from the envelope, code and message", async () => {
    const page = bridgeClient(exposeThroughBridge(bridgeOver(transport())))
    const notFound: unknown = await page.library.getPiece({ id: 999_999 }).catch((e: unknown) => e)
    expect(notFound).toBeInstanceOf(ApiError)
    expect(notFound).toMatchObject({ code: 'not-found', message: expect.stringMatching(/No piece with id 999999/) as unknown })
    await expect(page.training.pause({})).rejects.toMatchObject({ code: 'conflict', message: 'No training run to pause' })
    // The contract's own validation, too: the router refuses before any service runs.
    await expect(page.library.getPiece({ id: -1 })).rejects.toMatchObject({ code: 'invalid-input' })
  })
})
