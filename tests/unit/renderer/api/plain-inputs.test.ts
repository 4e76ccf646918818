/**
 * Defect 1 of the desktop review: in Electron, saving a piece from the composer failed because
 * the composer passes `params` straight out of a Vue ref, and contextBridge cannot clone a
 * reactive Proxy. The renderer's API client now copies every input to plain data in one place
 * (src-renderer/src/api/plain-inputs.ts). Here the real contract client sits behind a stand-in
 * bridge that clones like contextBridge; the transport behind it validates with the contract.
 */
import { describe, expect, it } from 'vitest'
import { reactive, ref } from 'vue'
import { createClient, type Transport } from '../../../../src-shared/contract/client'
import { domains, type TunesmithApi } from '../../../../src-shared/contract'
import { bridgeClient } from '../../../../src-renderer/src/api/bridge-client'
import { bridgeOver, exposeThroughBridge } from '../../main/electron/context-bridge'

const allChannels = Object.values(domains).flatMap((channels) => Object.values(channels))

/** A transport that records what reached the preload, checked against the channel's schema. */
function recordingTransport(): { transport: Transport; received: Map<string, unknown> } {
  const received = new Map<string, unknown>()
  const transport: Transport = {
    invoke(channel, input) {
      const def = allChannels.find((c) => c.name === channel)
      if (!def) throw new Error(`unknown channel ${channel}`)
      received.set(channel, input)
      const parsed = def.input.safeParse(input)
      return parsed.success ? Promise.resolve({ id: 1 }) : Promise.reject(new Error(parsed.error.message))
    },
    subscribe: () => () => undefined,
  }
  return { transport, received }
}

/** The composer's document origin as ComposerView keeps it: a ref, so `.value.params` is a Proxy. */
function composerOrigin(): { pieceId: number; prompt: string; params: Record<string, string | number | boolean | null> } {
  const origin = ref({ pieceId: 7, prompt: 'X:1\nK:G\n', params: { temperature: 0.8, seed: 42, meterAware: true, stop: '{"bars":8}' } })
  return origin.value
}

describe('renderer inputs across a structured-clone bridge', () => {
  it('fails without the plain copy: the reactive params cannot be cloned (the defect)', () => {
    const { transport } = recordingTransport()
    const page = exposeThroughBridge(createClient(transport))
    const origin = composerOrigin()
    expect(() => page.library.savePiece({ title: 'Tune', abc: 'X:1\nK:G\nGABc|', prompt: origin.prompt, params: origin.params })).toThrow(/could not be cloned/)
  })

  it('saves and updates a piece whose params come from a Vue ref', async () => {
    const { transport, received } = recordingTransport()
    const page: TunesmithApi = bridgeClient(exposeThroughBridge(bridgeOver(transport)))
    const origin = composerOrigin()
    await page.library.savePiece({ title: 'Tune', abc: 'X:1\nK:G\nGABc|', prompt: origin.prompt, params: origin.params, modelId: null })
    await page.library.updatePiece({ id: origin.pieceId, title: 'Tune', abc: 'X:1\nK:G\nGABd|', prompt: origin.prompt, params: origin.params })
    expect(received.get('library.savePiece')).toMatchObject({ params: { temperature: 0.8, seed: 42, meterAware: true, stop: '{"bars":8}' } })
    expect(received.get('library.updatePiece')).toMatchObject({ id: 7, params: { seed: 42 } })
  })

  it('sends every channel of every domain a plain copy, whatever reactive wrapper the input is in', async () => {
    const calls: string[] = []
    const plainOnly: Transport = {
      invoke(channel, input) {
        calls.push(channel)
        // Reaching here at all means the bridge could clone it; check it is a copy, not the original.
        expect(structuredClone(input)).toEqual(input)
        return Promise.resolve(null)
      },
      subscribe: () => () => undefined,
    }
    const page = bridgeClient(exposeThroughBridge(bridgeOver(plainOnly))) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>
    for (const [domain, channels] of Object.entries(domains)) {
      for (const verb of Object.keys(channels)) {
        await page[domain][verb](reactive({ nested: reactive({ list: reactive([1, 2]) }) }))
      }
    }
    expect(calls).toEqual(allChannels.map((c) => c.name))
  })

  it('keeps event subscriptions working: listeners pass the bridge by reference', () => {
    const heard: unknown[] = []
    const transport: Transport = {
      invoke: () => Promise.resolve(null),
      subscribe(_event, listener) {
        listener({ corpusId: 3 })
        return () => undefined
      },
    }
    const page = bridgeClient(exposeThroughBridge(bridgeOver(transport)))
    page.events.onLibraryChanged((payload) => heard.push(payload))
    expect(heard).toEqual([{ corpusId: 3 }])
  })
})
