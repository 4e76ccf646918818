/**
 * Sets: named, ordered lists of library tunes and pieces with a tempo. A save replaces the whole
 * item list in one transaction (a set is small and edited as a whole in the UI), so positions are
 * always 0..n-1 in play order.
 */
import type Database from 'better-sqlite3'
import { LibraryInputError, LibraryNotFoundError } from './errors'

export interface SetItemInput {
  tuneId?: number | null
  pieceId?: number | null
  repeats: number
  key: string | null
}

export interface SetItemRecord {
  position: number
  tuneId: number | null
  pieceId: number | null
  repeats: number
  key: string | null
  /** The tune's or piece's title, key and rhythm as stored, and its ABC text. */
  title: string
  writtenKey: string | null
  rhythm: string | null
  abc: string
}

export interface SetRecord {
  id: number
  name: string
  tempoBpm: number | null
  notes: string
  createdAt: string
  updatedAt: string
  items: SetItemRecord[]
}

export interface SetSummary {
  id: number
  name: string
  tempoBpm: number | null
  updatedAt: string
  titles: string[]
}

export interface SetInput {
  name: string
  tempoBpm: number | null
  notes: string
  items: SetItemInput[]
}

export interface SetsRepository {
  create(input: SetInput): SetRecord
  update(id: number, input: SetInput): SetRecord
  get(id: number): SetRecord | null
  /** Sets whose name or any item's title contains every word of `text` (all sets when empty). */
  search(text: string, limit: number): SetSummary[]
  delete(id: number): void
}

interface SetRow {
  id: number
  name: string
  tempo_bpm: number | null
  notes: string
  created_at: string
  updated_at: string
}

interface ItemRow {
  position: number
  tune_id: number | null
  piece_id: number | null
  repeats: number
  key: string | null
  title: string
  written_key: string | null
  rhythm: string | null
  abc: string
}

// A piece's key and rhythm live in its text only; the library keeps them for tunes.
const ITEMS_SQL = /* sql */ `
  SELECT i.position, i.tune_id, i.piece_id, i.repeats, i.key,
         COALESCE(t.title, p.title) AS title, t.key AS written_key, t.rhythm AS rhythm, COALESCE(t.abc, p.abc) AS abc
  FROM set_items i
  LEFT JOIN tunes t ON t.id = i.tune_id
  LEFT JOIN pieces p ON p.id = i.piece_id
  WHERE i.set_id = ? ORDER BY i.position`

const toItem = (r: ItemRow): SetItemRecord => ({
  position: r.position,
  tuneId: r.tune_id,
  pieceId: r.piece_id,
  repeats: r.repeats,
  key: r.key,
  title: r.title,
  writtenKey: r.written_key,
  rhythm: r.rhythm,
  abc: r.abc,
})

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
  const selectSet = db.prepare<[number], SetRow>('SELECT * FROM sets WHERE id = ?')
  const selectItems = db.prepare<[number], ItemRow>(ITEMS_SQL)
  const deleteSet = db.prepare<[number]>('DELETE FROM sets WHERE id = ?')
  const allSets = db.prepare<[], SetRow>('SELECT * FROM sets ORDER BY name COLLATE NOCASE, id')

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
    const items = selectItems.all(id).map(toItem)
    return { id: row.id, name: row.name, tempoBpm: row.tempo_bpm, notes: row.notes, createdAt: row.created_at, updatedAt: row.updated_at, items }
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
        if (words.every((w) => haystack.includes(w))) found.push({ id: row.id, name: row.name, tempoBpm: row.tempo_bpm, updatedAt: row.updated_at, titles })
        if (found.length >= limit) break
      }
      return found
    },
    delete(id) {
      if (deleteSet.run(id).changes === 0) throw new LibraryNotFoundError(`No set with id ${id}`)
    },
  }
}
