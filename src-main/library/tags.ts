/** Tags shared by pieces and tunes. Names are unique regardless of case; the first spelling wins. */
import type Database from 'better-sqlite3'
import { prepareTagStatements, type TagStatements } from './statements/pieces'
import { LibraryInputError } from './errors'
import type { TagCount } from '../../src-shared/contract/library'

export const MAX_TAG_LENGTH = 50

/** Trims, drops empties and case-insensitive repeats; rejects control characters and long names. */
export function cleanTagNames(names: readonly string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const raw of names) {
    const name = raw.trim()
    if (!name) continue
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(name)) throw new LibraryInputError(`Tag "${name.replace(/[^\x20-\x7e]/g, '?')}" contains a control character`)
    if (name.length > MAX_TAG_LENGTH) throw new LibraryInputError(`Tag "${name.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters`)
    const folded = name.toLowerCase()
    if (seen.has(folded)) continue
    seen.add(folded)
    out.push(name)
  }
  return out
}

export interface TagsRepository {
  readonly statements: TagStatements
  /** The id of each tag, creating the missing ones (call inside a transaction). */
  ensure(names: readonly string[]): number[]
  /** Every tag with how many live pieces and tunes carry it. */
  list(): TagCount[]
  /** Adds tags to a corpus tune (tunes are otherwise read-only). */
  tagTune(tuneId: number, names: readonly string[]): void
  /** Replaces a tune's tags. */
  setTuneTags(tuneId: number, names: readonly string[]): void
  untagTune(tuneId: number, name: string): void
  tagsOfTune(tuneId: number): string[]
  /** Deletes tags no piece or tune uses any more; returns how many. */
  removeUnused(): number
}

export function createTagsRepository(db: Database.Database): TagsRepository {
  const sql = prepareTagStatements(db)
  const ensure = (names: readonly string[]): number[] =>
    cleanTagNames(names).map((name) => {
      sql.ensure.run(name)
      const row = sql.idByName.get(name)
      if (!row) throw new Error(`tag "${name}" vanished after insert`)
      return row.id
    })
  return {
    statements: sql,
    ensure,
    list: () => sql.listWithCounts.all(),
    tagTune: db.transaction((tuneId: number, names: readonly string[]) => {
      for (const tagId of ensure(names)) sql.addTuneTag.run(tuneId, tagId)
    }),
    setTuneTags: db.transaction((tuneId: number, names: readonly string[]) => {
      const ids = ensure(names)
      sql.clearTuneTags.run(tuneId)
      for (const tagId of ids) sql.addTuneTag.run(tuneId, tagId)
    }),
    untagTune(tuneId, name) {
      const row = sql.idByName.get(name.trim())
      if (row) sql.removeTuneTag.run(tuneId, row.id)
    },
    tagsOfTune: (tuneId) => sql.tagsOfTune.all(tuneId).map((r) => r.name),
    removeUnused: () => sql.removeUnused.run().changes,
  }
}
