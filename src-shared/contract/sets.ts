/**
 * `sets.*`: sets of library tunes and pieces played one after another, each with its repeat count
 * and the key the musician notes for it, and a tempo for the whole set.
 */
import { z } from 'zod'
import { call } from './channel'

const Id = z.number().int().positive()

export const MAX_SET_ITEMS = 12
export const MAX_SET_REPEATS = 9
export const SET_TEMPO_RANGE = { min: 20, max: 400 } as const

export interface SetItem {
  position: number
  tuneId: number | null
  pieceId: number | null
  repeats: number
  /** The key the musician notes for this tune in the set; null: as written. */
  key: string | null
  title: string
  /** The key the tune is written in (library tunes; null for pieces). */
  writtenKey: string | null
  rhythm: string | null
  abc: string
}

export interface TuneSet {
  id: number
  name: string
  tempoBpm: number | null
  notes: string
  createdAt: string
  updatedAt: string
  items: SetItem[]
}

export interface SetSummary {
  id: number
  name: string
  tempoBpm: number | null
  updatedAt: string
  titles: string[]
}

export const SetItemInput = z
  .object({
    tuneId: Id.nullable().optional(),
    pieceId: Id.nullable().optional(),
    repeats: z.number().int().min(1).max(MAX_SET_REPEATS).default(1),
    key: z.string().trim().max(40).nullable().default(null),
  })
  .refine((item) => (item.tuneId == null) !== (item.pieceId == null), { message: 'each item is either a tune (tuneId) or a piece (pieceId)' })

export const SetInput = z.object({
  name: z.string().trim().min(1, 'a set needs a name').max(200),
  tempoBpm: z.number().int().min(SET_TEMPO_RANGE.min).max(SET_TEMPO_RANGE.max).nullable().default(null),
  notes: z.string().max(10_000).default(''),
  items: z.array(SetItemInput).min(1, 'a set needs at least one tune').max(MAX_SET_ITEMS),
})

export const SetQuery = z.object({
  text: z.string().max(200).default(''),
  limit: z.number().int().min(1).max(500).default(100),
})

export const setChannels = {
  listSets: call<SetSummary[]>()('sets.listSets', SetQuery),
  getSet: call<TuneSet>()('sets.getSet', z.object({ id: Id })),
  createSet: call<TuneSet>()('sets.createSet', SetInput),
  updateSet: call<TuneSet>()('sets.updateSet', SetInput.extend({ id: Id })),
  deleteSet: call<{ id: number }>()('sets.deleteSet', z.object({ id: Id })),
  /** The whole set as one ABC file: each tune's text as written, in order. */
  exportSetAbc: call<{ fileName: string; abc: string }>()('sets.exportSetAbc', z.object({ id: Id })),
}
