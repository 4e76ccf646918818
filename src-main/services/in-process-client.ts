/**
 * The contract's typed client over the services in this process: the CLI calls them exactly as
 * the renderer does (same client, same router, same input validation and error shaping), only
 * without a wire in between.
 */
import { createClient, type Transport } from '../../src-shared/contract/client'
import type { TunesmithApi } from '../../src-shared/contract'
import type { EventBus } from './event-bus'
import type { Router } from './router'

export function inProcessTransport(router: Router, events: EventBus): Transport {
  return {
    invoke: (channel, input) => router.dispatch(channel, input),
    subscribe: (event, listener) =>
      events.listen((name, payload) => {
        if (name === event) listener(payload)
      }),
  }
}

export function inProcessClient(booted: { router: Router; events: EventBus }): TunesmithApi {
  return createClient(inProcessTransport(booted.router, booted.events))
}
