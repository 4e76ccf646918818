/**
 * The API contract machinery. One definition per call ("channel") holds its wire name and
 * the zod schema of its input; the output type rides along as a phantom type. From these
 * definitions come the renderer's API type, the preload/web clients and the main-side router,
 * so Electron IPC and web mode can never drift apart (VS Code's "the service interface is the
 * IPC contract").
 */
import type { z } from 'zod'

export interface ChannelDef<I extends z.ZodType, O> {
  readonly name: string
  readonly input: I
  /** Phantom: never set at run time, carries the output type. */
  readonly output?: O
}

/** `call<Output>()('domain.verb', InputSchema)` — curried so the input type is inferred. */
export const call =
  <O>() =>
  <I extends z.ZodType>(name: string, input: I): ChannelDef<I, O> => ({ name, input })

export interface EventDef<P> {
  readonly name: string
  readonly payload?: P
}

export const event = <P>(name: string): EventDef<P> => ({ name })

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- generic constraint only, never a value type
export type AnyChannel = ChannelDef<z.ZodType, any>
export type ChannelMap = Record<string, AnyChannel>
export type EventMap = Record<string, EventDef<unknown>>

export type InputOf<C> = C extends ChannelDef<infer I, unknown> ? z.input<I> : never
export type ParsedInputOf<C> = C extends ChannelDef<infer I, unknown> ? z.output<I> : never
export type OutputOf<C> = C extends ChannelDef<z.ZodType, infer O> ? O : never
export type PayloadOf<E> = E extends EventDef<infer P> ? P : never

/** What a client (renderer side) sees for a domain's channels. */
export type ClientOf<M extends ChannelMap> = {
  [K in keyof M]: (input: InputOf<M[K]>) => Promise<OutputOf<M[K]>>
}

/** What a service (main side) implements for a domain's channels: inputs arrive validated. */
export type HandlersOf<M extends ChannelMap> = {
  [K in keyof M]: (input: ParsedInputOf<M[K]>) => Promise<OutputOf<M[K]>> | OutputOf<M[K]>
}

/** `onTrainingProgress(cb)` style subscriptions; each returns its unsubscribe function. */
export type EventClientOf<M extends EventMap> = {
  [K in keyof M as `on${Capitalize<string & K>}`]: (listener: (payload: PayloadOf<M[K]>) => void) => () => void
}

/** Errors cross the boundary as data; `code` lets the UI react, `message` is for people. */
export interface ApiErrorBody {
  code: 'invalid-input' | 'not-found' | 'conflict' | 'too-large' | 'unavailable' | 'internal'
  message: string
}
