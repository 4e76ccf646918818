/**
 * Pieces: the tunes a user generates, edits and keeps. Delete is soft (`deleted_at`), so the UI can
 * offer undo; `purgeDeleted` empties the bin later.
 */
import type Database from 'better-sqlite3'
import type { Piece, PiecePage, PieceParams } from '../../src-shared/contract/library'
import { LibraryInputError, LibraryNotFoundError } from './errors'
import { toFtsQuery } from './fts-query'
import { preparePieceStatements, TAG_SEPARATOR, type PieceListParams, type PieceRow, type PieceStatements } from './statements/pieces'
import type { TagsRepository } from './tags'

export interface NewPiece {
  title: string
  abc: string
  prompt?: string
  params?: PieceParams
  modelId?: number | null
  parentTuneId?: number | null
  rating?: number
  tags?: readonly string[]
}

export interface PieceUpdate {
  title?: string
  abc?: string
  prompt?: string
  params?: PieceParams
  rating?: number
}

export interface PieceListQuery {
  /** Words in title, ABC or prompt (prefix match, all words). */
  text?: string
  tag?: string
  deleted?: 'live' | 'deleted' | 'all'
  limit: number
  offset: number
}

function parseParams(json: string): PieceParams {
  const value: unknown = JSON.parse(json)
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as PieceParams) : {}
}

const toPiece = (row: PieceRow): Piece => ({
  id: row.id,
  title: row.title,
  abc: row.abc,
  prompt: row.prompt,
  params: parseParams(row.params_json),
  modelId: row.model_id,
  parentTuneId: row.parent_tune_id,
  rating: row.rating,
  tags: row.tags ? row.tags.split(TAG_SEPARATOR) : [],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  deletedAt: row.deleted_at,
})

function checkRating(rating: number): number {
  if (!Number.isInteger(rating) || rating < 0 || rating > 5) throw new LibraryInputError(`Rating must be a whole number from 0 to 5, not ${rating}`)
  return rating
}

function checkTitle(title: string): string {
  const t = title.trim()
  if (!t) throw new LibraryInputError('A piece needs a title')
  return t
}

export interface PiecesRepository {
  /** Stores a new piece with its tags in one transaction and returns it. */
  save(piece: NewPiece): Piece
  /** Throws LibraryNotFoundError when there is no such piece (deleted ones included). */
  get(id: number): Piece
  list(query: PieceListQuery): PiecePage
  /** Changes the given fields only; `updatedAt` moves. */
  update(id: number, patch: PieceUpdate): Piece
  rate(id: number, rating: number): Piece
  /** Replaces the piece's tags. */
  setTags(id: number, tags: readonly string[]): Piece
  /** Moves to the bin (idempotent). */
  softDelete(id: number): Piece
  /** Takes out of the bin (idempotent). */
  restore(id: number): Piece
  /** Deletes for good the pieces binned before `isoTime`; returns how many. */
  purgeDeleted(isoTime: string): number
}

/**
 * The model and the tune a piece names must still be there (a corpus or model deleted while its
 * tune was open): said in words, rather than as SQLite's "FOREIGN KEY constraint failed".
 */
function referenceChecker(db: Database.Database): (piece: NewPiece) => void {
  const modelExists = db.prepare<[number], { id: number }>('SELECT id FROM models WHERE id = ?')
  const tuneExists = db.prepare<[number], { id: number }>('SELECT id FROM tunes WHERE id = ?')
  return (piece) => {
    if (piece.modelId !== undefined && piece.modelId !== null && !modelExists.get(piece.modelId)) {
      throw new LibraryNotFoundError(`The model this piece was written with (id ${piece.modelId}) is no longer in the library; save it without a model, or with one that is`)
    }
    if (piece.parentTuneId !== undefined && piece.parentTuneId !== null && !tuneExists.get(piece.parentTuneId)) {
      throw new LibraryNotFoundError(`The tune this piece was started from (id ${piece.parentTuneId}) is no longer in the library (its corpus was deleted?); save it without that tune`)
    }
  }
}

function listPieces(sql: PieceStatements, query: PieceListQuery): PiecePage {
  const text = query.text?.trim() ?? ''
  const fts = text ? toFtsQuery(text) : null
  if (text && !fts) return { total: 0, items: [] }
  const shape = { text: fts !== null, tag: Boolean(query.tag), deleted: query.deleted ?? 'live' } as const
  const params: PieceListParams = { limit: query.limit, offset: query.offset }
  if (fts) params.text = fts
  if (query.tag) params.tag = query.tag
  const statements = sql.list(shape)
  const total = statements.count.get(params)?.total ?? 0
  return { total, items: total === 0 ? [] : statements.page.all(params).map(toPiece) }
}

export function createPiecesRepository(db: Database.Database, tags: TagsRepository): PiecesRepository {
  const sql = preparePieceStatements(db)
  const get = (id: number): Piece => {
    const row = sql.getById.get(id)
    if (!row) throw new LibraryNotFoundError(`No piece with id ${id}`)
    return toPiece(row)
  }
  const checkReferences = referenceChecker(db)
  const replaceTags = (id: number, names: readonly string[]): void => {
    sql.clearTags.run(id)
    for (const tagId of tags.ensure(names)) sql.addTag.run(id, tagId)
  }

  return {
    save: db.transaction((piece: NewPiece): Piece => {
      checkReferences(piece)
      const id = Number(
        sql.insert.run({
          title: checkTitle(piece.title),
          abc: piece.abc,
          prompt: piece.prompt ?? '',
          params_json: JSON.stringify(piece.params ?? {}),
          model_id: piece.modelId ?? null,
          parent_tune_id: piece.parentTuneId ?? null,
          rating: checkRating(piece.rating ?? 0),
        }).lastInsertRowid,
      )
      replaceTags(id, piece.tags ?? [])
      return get(id)
    }),
    get,
    list: (query) => listPieces(sql, query),
    update: db.transaction((id: number, patch: PieceUpdate): Piece => {
      const current = get(id)
      sql.update.run({
        id,
        title: patch.title === undefined ? current.title : checkTitle(patch.title),
        abc: patch.abc ?? current.abc,
        prompt: patch.prompt ?? current.prompt,
        params_json: JSON.stringify(patch.params ?? current.params),
        rating: patch.rating === undefined ? current.rating : checkRating(patch.rating),
      })
      return get(id)
    }),
    rate(id, rating) {
      if (sql.rate.run(checkRating(rating), id).changes === 0) throw new LibraryNotFoundError(`No piece with id ${id}`)
      return get(id)
    },
    setTags: db.transaction((id: number, names: readonly string[]): Piece => {
      get(id)
      replaceTags(id, names)
      return get(id)
    }),
    softDelete(id) {
      sql.softDelete.run(id)
      return get(id)
    },
    restore(id) {
      sql.restore.run(id)
      return get(id)
    },
    purgeDeleted: (isoTime) => sql.purgeDeletedBefore.run(isoTime).changes,
  }
}
