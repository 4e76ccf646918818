/**
 * Errors the library throws on purpose. The service maps them onto the API's error codes; any
 * other error is a bug or an I/O failure and surfaces as 'internal'.
 */

/** The caller asked for something invalid (bad rating, a tag with control characters...). */
export class LibraryInputError extends Error {
  override readonly name = 'LibraryInputError'
}

/** The library file cannot be used by this version or is not a library at all. */
export class LibraryOpenError extends Error {
  override readonly name = 'LibraryOpenError'
  constructor(
    message: string,
    /** 'foreign': an SQLite file of another program, refused before anything is written to it. */
    readonly reason: 'newer-version' | 'not-a-database' | 'foreign' | 'cannot-open',
  ) {
    super(message)
  }
}

/** A row the caller named does not exist. */
export class LibraryNotFoundError extends Error {
  override readonly name = 'LibraryNotFoundError'
}

/** The request conflicts with what is stored (e.g. importing into the bundled corpus). */
export class LibraryConflictError extends Error {
  override readonly name = 'LibraryConflictError'
}
