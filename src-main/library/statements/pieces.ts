/** SQL for pieces (the user's generated or edited tunes) and their tags. */
import type Database from 'better-sqlite3'
import { prepare, preparedPerShape } from './prepare'

export interface PieceRow {
  id: number
  title: string
  abc: string
  prompt: string
  params_json: string
  model_id: number | null
  parent_tune_id: number | null
  rating: number
  created_at: string
  updated_at: string
  deleted_at: string | null
  /** Tag names joined with U+001F (a separator no tag name can contain). */
  tags: string | null
}

export const TAG_SEPARATOR = '\u001f'

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ')`

const SELECT = `
  SELECT p.id, p.title, p.abc, p.prompt, p.params_json, p.model_id, p.parent_tune_id, p.rating,
         p.created_at, p.updated_at, p.deleted_at,
         (SELECT group_concat(name, char(31)) FROM (SELECT g.name FROM piece_tags pt JOIN tags g ON g.id = pt.tag_id
            WHERE pt.piece_id = p.id ORDER BY g.name)) AS tags
  FROM pieces p`

/** Filters of a piece listing: one prepared statement per combination. */
export interface PieceListShape {
  text: boolean
  tag: boolean
  deleted: 'live' | 'deleted' | 'all'
}

export interface PieceListParams {
  text?: string
  tag?: string
  limit: number
  offset: number
}

function listSql(shape: PieceListShape): { count: string; page: string } {
  const where: string[] = []
  if (shape.deleted === 'live') where.push('p.deleted_at IS NULL')
  if (shape.deleted === 'deleted') where.push('p.deleted_at IS NOT NULL')
  if (shape.text) where.push('p.id IN (SELECT rowid FROM pieces_fts WHERE pieces_fts MATCH @text)')
  if (shape.tag) where.push('p.id IN (SELECT pt.piece_id FROM piece_tags pt JOIN tags g ON g.id = pt.tag_id WHERE g.name = @tag)')
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : ''
  return {
    count: `SELECT count(*) AS total FROM pieces p ${whereSql}`,
    page: `${SELECT} ${whereSql} ORDER BY p.updated_at DESC, p.id DESC LIMIT @limit OFFSET @offset`,
  }
}

export function preparePieceStatements(db: Database.Database) {
  return {
    insert: prepare<[{ title: string; abc: string; prompt: string; params_json: string; model_id: number | null; parent_tune_id: number | null; rating: number }]>(db, `
      INSERT INTO pieces (title, abc, prompt, params_json, model_id, parent_tune_id, rating)
      VALUES (@title, @abc, @prompt, @params_json, @model_id, @parent_tune_id, @rating)`),
    getById: prepare<[number], PieceRow>(db, `${SELECT} WHERE p.id = ?`),
    update: prepare<[{ id: number; title: string; abc: string; prompt: string; params_json: string; rating: number }]>(db, `
      UPDATE pieces SET title = @title, abc = @abc, prompt = @prompt, params_json = @params_json, rating = @rating,
        updated_at = ${NOW} WHERE id = @id`),
    rate: prepare<[number, number]>(db, `UPDATE pieces SET rating = ?, updated_at = ${NOW} WHERE id = ?`),
    softDelete: prepare<[number]>(db, `UPDATE pieces SET deleted_at = ${NOW} WHERE id = ? AND deleted_at IS NULL`),
    restore: prepare<[number]>(db, `UPDATE pieces SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL`),
    purgeDeletedBefore: prepare<[string]>(db, `DELETE FROM pieces WHERE deleted_at IS NOT NULL AND deleted_at < ?`),
    clearTags: prepare<[number]>(db, `DELETE FROM piece_tags WHERE piece_id = ?`),
    addTag: prepare<[number, number]>(db, `INSERT OR IGNORE INTO piece_tags (piece_id, tag_id) VALUES (?, ?)`),
    /** The listing statements for one combination of filters, prepared on first use. */
    list: preparedPerShape((shape: PieceListShape) => {
      const text = listSql(shape)
      return { count: prepare<[PieceListParams], { total: number }>(db, text.count), page: prepare<[PieceListParams], PieceRow>(db, text.page) }
    }),
  }
}

export function prepareTagStatements(db: Database.Database) {
  return {
    ensure: prepare<[string]>(db, `INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING`),
    idByName: prepare<[string], { id: number }>(db, `SELECT id FROM tags WHERE name = ?`),
    listWithCounts: prepare<[], { name: string; pieces: number; tunes: number }>(db, `
      SELECT g.name,
        (SELECT count(*) FROM piece_tags pt JOIN pieces p ON p.id = pt.piece_id WHERE pt.tag_id = g.id AND p.deleted_at IS NULL) AS pieces,
        (SELECT count(*) FROM tune_tags tt WHERE tt.tag_id = g.id) AS tunes
      FROM tags g ORDER BY g.name COLLATE NOCASE`),
    addTuneTag: prepare<[number, number]>(db, `INSERT OR IGNORE INTO tune_tags (tune_id, tag_id) VALUES (?, ?)`),
    removeTuneTag: prepare<[number, number]>(db, `DELETE FROM tune_tags WHERE tune_id = ? AND tag_id = ?`),
    clearTuneTags: prepare<[number]>(db, `DELETE FROM tune_tags WHERE tune_id = ?`),
    tagsOfTune: prepare<[number], { name: string }>(db, `
      SELECT g.name FROM tune_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.tune_id = ? ORDER BY g.name COLLATE NOCASE`),
    removeUnused: prepare(db, `
      DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM piece_tags) AND id NOT IN (SELECT tag_id FROM tune_tags)`),
  }
}

export type PieceStatements = ReturnType<typeof preparePieceStatements>
export type TagStatements = ReturnType<typeof prepareTagStatements>
