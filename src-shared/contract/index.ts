/**
 * The whole API: every domain's channels and events. Preload and web mode both implement
 * `TunesmithApi`; the renderer only ever talks to an object of this type.
 * Each domain lives in its own file; add a domain here and in `domains` below.
 */
import type { ChannelMap, ClientOf, EventClientOf, EventMap } from './channel'
import { abcChannels } from './abc'
import { appChannels } from './app'
import { libraryChannels, libraryEvents } from './library'
import { trainingChannels, trainingEvents } from './training'
import { modelChannels, modelEvents } from './model'
import { cocomposeChannels } from './cocompose'
import { setChannels } from './sets'
import { trainJobChannels } from './train-job'

export const domains = {
  app: appChannels,
  abc: abcChannels,
  library: libraryChannels,
  training: trainingChannels,
  model: modelChannels,
  cocompose: cocomposeChannels,
  sets: setChannels,
  trainJob: trainJobChannels,
} satisfies Record<string, ChannelMap>

export const events = {
  ...libraryEvents,
  ...trainingEvents,
  ...modelEvents,
} satisfies EventMap

export type Domains = typeof domains
export type Events = typeof events

export type TunesmithApi = { [D in keyof Domains]: ClientOf<Domains[D]> } & { events: EventClientOf<Events> }

export * from './channel'
export type * from './abc'
export type * from './library'
export type * from './app'
export type * from './training'
export type * from './model'
export type * from './cocompose'
export type * from './sets'
export type * from './train-job'
