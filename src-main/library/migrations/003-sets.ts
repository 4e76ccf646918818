/**
 * Schema version 3: sets, the tunes a musician plays one after another at a session. An item is
 * a library tune or a piece (exactly one), in order, with how many times it is played and the key
 * the musician notes for it (the text is not transposed: the key is a note for the player).
 * Removing a tune or piece from the library removes it from its sets; a set itself stays.
 */
export const setsSchema = /* sql */ `
CREATE TABLE sets (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  tempo_bpm   INTEGER CHECK (tempo_bpm IS NULL OR tempo_bpm BETWEEN 20 AND 400),
  notes       TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
);
CREATE INDEX sets_name ON sets (name COLLATE NOCASE);

CREATE TABLE set_items (
  set_id    INTEGER NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL CHECK (position >= 0),
  tune_id   INTEGER REFERENCES tunes(id) ON DELETE CASCADE,
  piece_id  INTEGER REFERENCES pieces(id) ON DELETE CASCADE,
  repeats   INTEGER NOT NULL DEFAULT 1 CHECK (repeats BETWEEN 1 AND 9),
  key       TEXT,
  CHECK ((tune_id IS NULL) <> (piece_id IS NULL)),
  PRIMARY KEY (set_id, position)
);
CREATE INDEX set_items_tune ON set_items (tune_id);
CREATE INDEX set_items_piece ON set_items (piece_id);
`
