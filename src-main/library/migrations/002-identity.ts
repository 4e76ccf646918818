/**
 * Schema version 2: the file says it is a Tunesmith library. SQLite's header carries an
 * application id (`PRAGMA application_id`, what `file(1)` reads too) and a one-row table names the
 * format, so a library is told from another program's database before anything is written to it.
 */

/** "TSMH" as a 32-bit big-endian number: the header field SQLite keeps for the owning program. */
export const TUNESMITH_APPLICATION_ID = 0x54534d48
/** The marker table and its one value. */
export const IDENTITY_TABLE = 'tunesmith_library'
export const IDENTITY_FORMAT = 'tunesmith-library'

export const identitySchema = /* sql */ `
CREATE TABLE ${IDENTITY_TABLE} (
  format      TEXT NOT NULL CHECK (format = '${IDENTITY_FORMAT}'),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
);
INSERT INTO ${IDENTITY_TABLE} (format) VALUES ('${IDENTITY_FORMAT}');
PRAGMA application_id = ${TUNESMITH_APPLICATION_ID};
`
