/**
 * Shared pieces of the hardening tests: a seeded random generator (so a failing fuzz case can be
 * replayed from its seed), a small real model written into a library the way training writes one,
 * and row counts for "nothing was half-written" checks.
 */
import type { Library } from '../../../src-main/library'

/** The engine's mulberry32: the same sequence on every machine for a given seed. */
export { mulberry32 as seededRandom } from '../../../src-main/engine/rng'

/** A small seeded model stored in a library as training stores one (see sampling/helpers). */
export { storeSeededModel } from '../main/model/sampling/helpers'

export function rowCounts(library: Library): Record<string, number> {
  const count = (table: string): number => (library.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  return { corpora: count('corpora'), tunes: count('tunes'), pieces: count('pieces'), fts: count('tunes_fts'), checkpoints: count('checkpoints') }
}
