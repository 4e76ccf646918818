/**
 * What Electron's contextBridge does to a call from the page, without Electron: every argument
 * is copied with the structured clone algorithm before the preload sees it (functions, such as
 * event listeners, are passed as references, and what they are called with is copied back), and
 * an argument that cannot be cloned — a Proxy, Vue's reactive objects — throws at the call, as
 * Electron does. What the preload answers is copied too, and an error thrown or rejected across
 * keeps only its message ("any other custom properties on the Error will be lost": a code too).
 */
import type { Transport } from '../../../../src-shared/contract/client'
import { errorEnvelope, type BridgeApi } from '../../../../src-shared/contract/envelope'

type Fn = (...args: unknown[]) => unknown

const messageOnly = (err: unknown): Error => new Error(err instanceof Error ? err.message : String(err))

/** A function crossing by reference: calls through it cross back, their arguments copied. */
const passFunction =
  (fn: Fn): Fn =>
  (...args) =>
    fn(...args.map(cloneArgument))

const cloneArgument = (arg: unknown): unknown => (typeof arg === 'function' ? passFunction(arg as Fn) : structuredClone(arg))

function crossBack(result: unknown): unknown {
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => structuredClone(value),
      (err: unknown) => {
        throw messageOnly(err)
      },
    )
  }
  return typeof result === 'function' ? passFunction(result as Fn) : structuredClone(result)
}

/** `api` as the page would see it after `contextBridge.exposeInMainWorld('api', api)`. */
export function exposeThroughBridge<A extends object>(api: A): A {
  const bridged: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(api) as [string, unknown][]) {
    if (typeof value === 'function') {
      bridged[key] = (...args: unknown[]) => {
        const copied = args.map(cloneArgument)
        let result: unknown
        try {
          result = (value as Fn)(...copied)
        } catch (err) {
          throw messageOnly(err)
        }
        return crossBack(result)
      }
    } else if (typeof value === 'object' && value !== null) {
      bridged[key] = exposeThroughBridge(value)
    } else {
      bridged[key] = structuredClone(value)
    }
  }
  return bridged as A
}

/** A preload stand-in: the bridge (as src-preload exposes it) over any transport, answering in envelopes as main does. */
export function bridgeOver(transport: Transport): BridgeApi {
  return {
    invoke: (channel, input) =>
      Promise.resolve()
        .then(() => transport.invoke(channel, input))
        .then((value) => ({ ok: true as const, value }), errorEnvelope),
    subscribe: (event, listener) => transport.subscribe(event, listener),
  }
}
