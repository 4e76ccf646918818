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
