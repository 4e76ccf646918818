/**
 * Schema version 1. Times are ISO-8601 UTC text (`strftime('%Y-%m-%dT%H:%M:%fZ')`) so they sort
 * and read the same in SQL and in JS. JSON columns hold text the repositories encode and decode.
 */
/**
 * The table linking tags to pieces or to tunes. Written once for both; the text it makes is the
 * one version 1 always ran, byte for byte (its columns aligned to the owner's column name), so
 * a library created now has the same schema text as one created before.
 */
function tagLinkTable(owner: 'piece' | 'tune', ownerTable: 'pieces' | 'tunes'): string {
  const ownerColumn = `${owner}_id`
  return /* sql */ `CREATE TABLE ${owner}_tags (
  ${ownerColumn}  INTEGER NOT NULL REFERENCES ${ownerTable}(id) ON DELETE CASCADE,
  ${'tag_id'.padEnd(ownerColumn.length)}  INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (${ownerColumn}, tag_id)
) WITHOUT ROWID;
CREATE INDEX ${owner}_tags_tag ON ${owner}_tags (tag_id);`
}

export const initialSchema = /* sql */ `
CREATE TABLE corpora (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  source      TEXT NOT NULL CHECK (source IN ('bundled', 'user')),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
);

-- ordinal is the tune's position in corpus order (files sorted by name, tunes in file order).
-- The model's train/validation split is taken by ordinal, so it must never be renumbered.
CREATE TABLE tunes (
  id           INTEGER PRIMARY KEY,
  corpus_id    INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  x_number     INTEGER,
  title        TEXT NOT NULL,
  key          TEXT,
  meter        TEXT,
  unit_length  TEXT,
  rhythm       TEXT,
  abc          TEXT NOT NULL,
  hash         TEXT NOT NULL,
  source_file  TEXT NOT NULL,
  start_line   INTEGER NOT NULL,
  UNIQUE (corpus_id, hash),
  UNIQUE (corpus_id, ordinal)
);
CREATE INDEX tunes_key ON tunes (key);
CREATE INDEX tunes_meter ON tunes (meter);
CREATE INDEX tunes_rhythm ON tunes (rhythm);
CREATE INDEX tunes_title ON tunes (title COLLATE NOCASE);

-- External-content FTS: the text lives once, in tunes; the index follows it through triggers.
-- The whole ABC is indexed (headers included) so S: and N: (source, notes) are searchable too.
-- remove_diacritics 2: "cafe" finds "Café".
CREATE VIRTUAL TABLE tunes_fts USING fts5 (
  title, abc, key, meter, rhythm,
  content = 'tunes', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER tunes_fts_insert AFTER INSERT ON tunes BEGIN
  INSERT INTO tunes_fts (rowid, title, abc, key, meter, rhythm)
  VALUES (new.id, new.title, new.abc, new.key, new.meter, new.rhythm);
END;
CREATE TRIGGER tunes_fts_delete AFTER DELETE ON tunes BEGIN
  INSERT INTO tunes_fts (tunes_fts, rowid, title, abc, key, meter, rhythm)
  VALUES ('delete', old.id, old.title, old.abc, old.key, old.meter, old.rhythm);
END;
CREATE TRIGGER tunes_fts_update AFTER UPDATE OF title, abc, key, meter, rhythm ON tunes BEGIN
  INSERT INTO tunes_fts (tunes_fts, rowid, title, abc, key, meter, rhythm)
  VALUES ('delete', old.id, old.title, old.abc, old.key, old.meter, old.rhythm);
  INSERT INTO tunes_fts (rowid, title, abc, key, meter, rhythm)
  VALUES (new.id, new.title, new.abc, new.key, new.meter, new.rhythm);
END;

CREATE TABLE models (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  shape_json  TEXT NOT NULL,
  config_json TEXT NOT NULL DEFAULT '{}',
  vocab_json  TEXT NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('bundled', 'trained', 'imported')),
  is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
);
-- At most one default model.
CREATE UNIQUE INDEX models_one_default ON models (is_default) WHERE is_default = 1;

CREATE TABLE training_runs (
  id          INTEGER PRIMARY KEY,
  model_id    INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  corpus_id   INTEGER REFERENCES corpora(id) ON DELETE SET NULL,
  config_json TEXT NOT NULL DEFAULT '{}',
  status      TEXT NOT NULL CHECK (status IN ('running', 'completed', 'stopped', 'failed', 'interrupted')),
  backend     TEXT NOT NULL,
  error       TEXT,
  started_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
  ended_at    TEXT
);
CREATE INDEX training_runs_model ON training_runs (model_id);

CREATE TABLE training_points (
  id             INTEGER PRIMARY KEY,
  run_id         INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
  step           INTEGER NOT NULL,
  epoch          REAL NOT NULL,
  train_loss     REAL,
  val_bits       REAL,
  chars_per_sec  REAL,
  at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
);
CREATE INDEX training_points_run ON training_points (run_id, step);

-- Weights in the tfjs Layers format: model.json text (topology + weights manifest) and the
-- concatenated weight bytes; optimizer state (Adam moments) as opaque bytes for resuming.
CREATE TABLE checkpoints (
  id               INTEGER PRIMARY KEY,
  model_id         INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  training_run_id  INTEGER REFERENCES training_runs(id) ON DELETE SET NULL,
  step             INTEGER NOT NULL,
  epoch            REAL NOT NULL,
  train_loss       REAL,
  val_bits         REAL,
  is_best          INTEGER NOT NULL DEFAULT 0 CHECK (is_best IN (0, 1)),
  model_json       TEXT NOT NULL,
  weights          BLOB NOT NULL,
  optimizer        BLOB,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
);
CREATE INDEX checkpoints_model ON checkpoints (model_id, step);
CREATE INDEX checkpoints_run ON checkpoints (training_run_id);
-- At most one best checkpoint per model: it is the one the sampler loads.
CREATE UNIQUE INDEX checkpoints_one_best ON checkpoints (model_id) WHERE is_best = 1;

CREATE TABLE pieces (
  id              INTEGER PRIMARY KEY,
  title           TEXT NOT NULL,
  abc             TEXT NOT NULL,
  prompt          TEXT NOT NULL DEFAULT '',
  params_json     TEXT NOT NULL DEFAULT '{}',
  model_id        INTEGER REFERENCES models(id) ON DELETE SET NULL,
  parent_tune_id  INTEGER REFERENCES tunes(id) ON DELETE SET NULL,
  rating          INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
  -- Soft delete: set on delete, cleared on undo; rows are purged later.
  deleted_at      TEXT
);
CREATE INDEX pieces_live ON pieces (deleted_at, updated_at);
CREATE INDEX pieces_parent ON pieces (parent_tune_id);
CREATE INDEX pieces_model ON pieces (model_id);

CREATE VIRTUAL TABLE pieces_fts USING fts5 (
  title, abc, prompt,
  content = 'pieces', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER pieces_fts_insert AFTER INSERT ON pieces BEGIN
  INSERT INTO pieces_fts (rowid, title, abc, prompt) VALUES (new.id, new.title, new.abc, new.prompt);
END;
CREATE TRIGGER pieces_fts_delete AFTER DELETE ON pieces BEGIN
  INSERT INTO pieces_fts (pieces_fts, rowid, title, abc, prompt) VALUES ('delete', old.id, old.title, old.abc, old.prompt);
END;
CREATE TRIGGER pieces_fts_update AFTER UPDATE OF title, abc, prompt ON pieces BEGIN
  INSERT INTO pieces_fts (pieces_fts, rowid, title, abc, prompt) VALUES ('delete', old.id, old.title, old.abc, old.prompt);
  INSERT INTO pieces_fts (rowid, title, abc, prompt) VALUES (new.id, new.title, new.abc, new.prompt);
END;

CREATE TABLE tags (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE COLLATE NOCASE
);
${tagLinkTable('piece', 'pieces')}
${tagLinkTable('tune', 'tunes')}
`
