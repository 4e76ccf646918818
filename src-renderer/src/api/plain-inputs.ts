/**
 * In Electron every call crosses contextBridge, which copies its argument with the structured
 * clone algorithm, and a Vue reactive Proxy (a ref's value, a reactive object, anything nested in
 * one) cannot be cloned: "An object could not be cloned" (electron/electron#39598). Web mode
 * never showed it because it sends JSON. So every input of every channel is made plain once, in
 * the bridge client's transport (bridge-client.ts), instead of at each call site: by a JSON round
 * trip, which is exactly what web mode sends, so both shells hand main the same data.
 */

/** A deep copy of `input` as JSON-compatible plain data (Proxies, Dates and undefined flattened as JSON does). */
export function toPlainData<T>(input: T): T {
  if (input === undefined) return input
  return JSON.parse(JSON.stringify(input)) as T
}
