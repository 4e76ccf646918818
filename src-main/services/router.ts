/**
 * Routes a channel name + raw input to the service that implements it, validating the input
 * with the contract's schema first. Electron IPC and the web server both call `dispatch`,
 * so validation and error shaping happen in exactly one place.
 */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { ApiError } from '../../src-shared/contract/errors'
import { domains, type Domains, type HandlersOf } from '../../src-shared/contract'

export type Services = { [D in keyof Domains]: HandlersOf<Domains[D]> }

type Handler = (input: unknown) => unknown

export interface Router {
  dispatch(channel: string, input: unknown): Promise<unknown>
  has(channel: string): boolean
}

/** SQLite's constraint failures, in words: what the change ran into, not SQLite's own message. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  SQLITE_CONSTRAINT_FOREIGNKEY: 'something this change refers to is no longer in the library',
  SQLITE_CONSTRAINT_UNIQUE: 'the library already holds one by that name',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'the library already holds one with that id',
  SQLITE_CONSTRAINT_NOTNULL: 'a value it needs is missing',
}

/**
 * An error no service meant to send: a constraint the library refused becomes a 409 in words;
 * anything else reaches the page as "internal error" with a reference, the log has it in full
 * (a stack or SQL text is nothing a musician can act on, and tells a hostile page too much).
 */
export function hidden(channel: string, err: unknown): ApiError {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : ''
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new ApiError('conflict', `The library refused this change: ${CONSTRAINT_MESSAGES[code] ?? 'it breaks one of its rules'}`)
  }
  const reference = randomUUID().slice(0, 8)
  console.error(`[tunesmith] internal error ${reference} in ${channel}:`, err)
  return new ApiError('internal', `Internal error (reference ${reference}; the log has the details)`)
}

export function createRouter(services: Services): Router {
  const table = new Map<string, { schema: z.ZodType; handler: Handler }>()
  for (const [domain, channels] of Object.entries(domains)) {
    const impl = services[domain as keyof Domains] as unknown as Record<string, Handler>
    for (const [verb, def] of Object.entries(channels)) {
      const handler = impl[verb]
      if (typeof handler !== 'function') throw new Error(`service ${domain} lacks ${verb}`)
      table.set(def.name, { schema: def.input, handler: handler.bind(impl) })
    }
  }
  return {
    has: (channel) => table.has(channel),
    async dispatch(channel, input) {
      const entry = table.get(channel)
      if (!entry) throw new ApiError('not-found', `Unknown API call: ${channel}`)
      const parsed = entry.schema.safeParse(input)
      if (!parsed.success) throw new ApiError('invalid-input', z.prettifyError(parsed.error))
      try {
        return await entry.handler(parsed.data)
      } catch (err) {
        if (err instanceof ApiError) throw err
        throw hidden(channel, err)
      }
    },
  }
}
