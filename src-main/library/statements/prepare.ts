/**
 * `db.prepare` with a named result type. The statement modules export their builders with
 * inferred types; naming the statement type here keeps those types printable in declarations
 * (the project is `composite`), which better-sqlite3's own global namespace is not.
 */
import type Database from 'better-sqlite3'

/**
 * What the repositories use of a prepared statement taking `P` (positional values, or one object
 * of named parameters) and returning rows `R`. Declared here, not aliased to better-sqlite3's own
 * type, which declaration emit cannot name.
 */
export interface Stmt<P extends unknown[] = unknown[], R = unknown> {
  run(...params: P): Database.RunResult
  get(...params: P): R | undefined
  all(...params: P): R[]
  iterate(...params: P): IterableIterator<R>
}

export function prepare<P extends unknown[] = [], R = unknown>(db: Database.Database, sql: string): Stmt<P, R> {
  return db.prepare<P, R>(sql)
}

/**
 * A listing's statements for one combination of filters (a small JSON-able record), built by
 * `build` on the first use of that combination and kept for the library's lifetime: there are
 * few combinations, and preparing per call would cost more than the query.
 */
export function preparedPerShape<Shape, Statements>(build: (shape: Shape) => Statements): (shape: Shape) => Statements {
  const cache = new Map<string, Statements>()
  return (shape) => {
    const key = JSON.stringify(shape)
    let entry = cache.get(key)
    if (!entry) {
      entry = build(shape)
      cache.set(key, entry)
    }
    return entry
  }
}

/** A lookup by `stmt`: its first row turned into a record by `to`, or null when there is none. */
export function findOne<P extends unknown[], R, T>(stmt: Stmt<P, R>, to: (row: R) => T): (...params: P) => T | null {
  return (...params) => {
    const row = stmt.get(...params)
    return row === undefined ? null : to(row)
  }
}
