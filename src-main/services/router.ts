/**
 * Routes a channel name + raw input to the service that implements it, validating the input
 * with the contract's schema first. Electron IPC and the web server both call `dispatch`,
 * so validation and error shaping happen in exactly one place.
 */
import { z } from 'zod'
import { ApiError } from '../../src-shared/contract/errors'
import { domains, type Domains, type HandlersOf } from '../../src-shared/contract'

export type Services = { [D in keyof Domains]: HandlersOf<Domains[D]> }

type Handler = (input: unknown) => unknown

export interface Router {
  dispatch(channel: string, input: unknown): Promise<unknown>
  has(channel: string): boolean
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
        throw new ApiError('internal', err instanceof Error ? err.message : String(err))
      }
    },
  }
}
