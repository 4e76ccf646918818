/**
 * In Electron every call crosses contextBridge, which copies its argument with the structured
 * clone algorithm, and a Vue reactive Proxy (a ref's value, a reactive object, anything nested in
 * one) cannot be cloned: "An object could not be cloned" (electron/electron#39598). Web mode
 * never showed it because it sends JSON. So every input of every channel is made plain here,
 * once, instead of at each call site: by a JSON round trip, which is exactly what web mode sends,
 * so both shells hand main the same data.
 */

/** A deep copy of `input` as JSON-compatible plain data (Proxies, Dates and undefined flattened as JSON does). */
export function toPlainData<T>(input: T): T {
  if (input === undefined) return input
  return JSON.parse(JSON.stringify(input)) as T
}

type Call = (input?: unknown) => Promise<unknown>

/**
 * The same API with every domain's calls taking plain copies of their input. `events` is left as
 * it is: its only arguments are listener functions, which contextBridge passes by reference.
 */
export function withPlainInputs<A extends object>(api: A): A {
  const wrapped: Record<string, unknown> = {}
  for (const [domain, members] of Object.entries(api) as [string, unknown][]) {
    if (domain === 'events' || typeof members !== 'object' || members === null) {
      wrapped[domain] = members
      continue
    }
    const calls: Record<string, unknown> = {}
    for (const [verb, call] of Object.entries(members) as [string, unknown][]) {
      calls[verb] = typeof call === 'function' ? (input?: unknown) => (call as Call)(toPlainData(input)) : call
    }
    wrapped[domain] = calls
  }
  // Same keys and call signatures as `api`: only the inputs are copied on the way through.
  return wrapped as A
}
