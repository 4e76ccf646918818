/**
 * Sets: named, ordered lists of library tunes and pieces with a tempo. A save replaces the whole
 * item list in one transaction (a set is small and edited as a whole in the UI), so positions are
 * always 0..n-1 in play order.
 */
import type Database from 'better-sqlite3'
import type { z } from 'zod'
import type { SetItem, SetSummary, TuneSet, SetInput as SetInputSchema, SetItemInput as SetItemInputSchema } from '../../src-shared/contract/sets'
import { LibraryInputError, LibraryNotFoundError } from './errors'

// The records are the contract's: the library returns exactly what `sets.*` sends, and takes the
// input as the contract's schemas leave it after parsing.
export type SetItemInput = z.output<typeof SetItemInputSchema>
export type SetInput = z.output<typeof SetInputSchema>
export type SetItemRecord = SetItem
export type SetRecord = TuneSet
export type { SetSummary }

export interface SetsRepository {
  create(input: SetInput): SetRecord
  update(id: number, input: SetInput): SetRecord
  get(id: number): SetRecord | null
  /** Sets whose name or any item's title contains every word of `text` (all sets when empty). */
  search(text: string, limit: number): SetSummary[]
  delete(id: number): void
}

/** A set's own fields, renamed by the SELECT to the record's names. */
type SetRow = Omit<TuneSet, 'items'>

const SET_SQL = /* sql */ `SELECT id, name, tempo_bpm AS tempoBpm, notes, created_at AS createdAt, updated_at AS updatedAt FROM sets`

// A piece's key and rhythm live in its text only; the library keeps them for tunes.
const ITEMS_SQL = /* sql */ `
  SELECT i.position, i.tune_id AS tuneId, i.piece_id AS pieceId, i.repeats, i.key,
         COALESCE(t.title, p.title) AS title, t.key AS writtenKey, t.rhythm AS rhythm, COALESCE(t.abc, p.abc) AS abc
  FROM set_items i
  LEFT JOIN tunes t ON t.id = i.tune_id
  LEFT JOIN pieces p ON p.id = i.piece_id
  WHERE i.set_id = ? ORDER BY i.position`

export function createSetsRepository(db: Database.Database): SetsRepository {
  const insertSet = db.prepare<[string, number | null, string]>('INSERT INTO sets (name, tempo_bpm, notes) VALUES (?, ?, ?)')
  const updateSet = db.prepare<[string, number | null, string, number]>(
    "UPDATE sets SET name = ?, tempo_bpm = ?, notes = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ') WHERE id = ?",
  )
  const clearItems = db.prepare<[number]>('DELETE FROM set_items WHERE set_id = ?')
  const insertItem = db.prepare<[number, number, number | null, number | null, number, string | null]>(
    'INSERT INTO set_items (set_id, position, tune_id, piece_id, repeats, key) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const tuneExists = db.prepare<[number], { id: number }>('SELECT id FROM tunes WHERE id = ?')
  const pieceExists = db.prepare<[number], { id: number }>('SELECT id FROM pieces WHERE id = ? AND deleted_at IS NULL')
  const selectSet = db.prepare<[number], SetRow>(`${SET_SQL} WHERE id = ?`)
  const selectItems = db.prepare<[number], SetItem>(ITEMS_SQL)
  const deleteSet = db.prepare<[number]>('DELETE FROM sets WHERE id = ?')
  const allSets = db.prepare<[], SetRow>(`${SET_SQL} ORDER BY name COLLATE NOCASE, id`)

  const writeItems = (setId: number, items: SetItemInput[]): void => {
    clearItems.run(setId)
    items.forEach((item, position) => {
      const tuneId = item.tuneId ?? null
      const pieceId = item.pieceId ?? null
      if ((tuneId === null) === (pieceId === null)) throw new LibraryInputError(`Item ${position + 1} must be either a tune or a piece`)
      if (tuneId !== null && !tuneExists.get(tuneId)) throw new LibraryNotFoundError(`No tune with id ${tuneId}`)
      if (pieceId !== null && !pieceExists.get(pieceId)) throw new LibraryNotFoundError(`No piece with id ${pieceId}`)
      insertItem.run(setId, position, tuneId, pieceId, item.repeats, item.key?.trim() || null)
    })
  }

  const get = (id: number): SetRecord | null => {
    const row = selectSet.get(id)
    if (!row) return null
    return { ...row, items: selectItems.all(id) }
  }

  const mustGet = (id: number): SetRecord => {
    const set = get(id)
    if (!set) throw new LibraryNotFoundError(`No set with id ${id}`)
    return set
  }

  return {
    create: (input) =>
      db.transaction(() => {
        const id = Number(insertSet.run(input.name.trim(), input.tempoBpm, input.notes).lastInsertRowid)
        writeItems(id, input.items)
        return mustGet(id)
      })(),
    update: (id, input) =>
      db.transaction(() => {
        if (updateSet.run(input.name.trim(), input.tempoBpm, input.notes, id).changes === 0) throw new LibraryNotFoundError(`No set with id ${id}`)
        writeItems(id, input.items)
        return mustGet(id)
      })(),
    get,
    search(text, limit) {
      const words = text.toLowerCase().split(/\s+/).filter(Boolean)
      const found: SetSummary[] = []
      for (const row of allSets.all()) {
        const titles = selectItems.all(row.id).map((r) => r.title)
        const haystack = [row.name, ...titles].join('\n').toLowerCase()
        if (words.every((w) => haystack.includes(w))) found.push({ id: row.id, name: row.name, tempoBpm: row.tempoBpm, updatedAt: row.updatedAt, titles })
        if (found.length >= limit) break
      }
      return found
    },
    delete(id) {
      if (deleteSet.run(id).changes === 0) throw new LibraryNotFoundError(`No set with id ${id}`)
    },
  }
}
