/**
 * The SQLite schema as numbered migrations. `PRAGMA user_version` records how many have been applied;
 * each runs in its own transaction, so a crash mid-migration leaves the previous version intact.
 * `PRAGMA application_id` marks the file as Herald's so that another program's database is never touched.
 */

/** 'HRLD' as a 32-bit integer. */
export const APPLICATION_ID = 0x48524c44;

const FTS_TOKENIZER = "tokenize = 'porter unicode61 remove_diacritics 2'";

export const MIGRATIONS: readonly string[] = [
  // 1: documents, entities, mentions, quotes, events, full-text indexes.
  `
  CREATE TABLE documents (
    doc        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,          -- sha256 hex of the text
    title      TEXT,
    author     TEXT,
    source     TEXT,
    url        TEXT,
    published  TEXT,                          -- as given
    day        TEXT,                          -- YYYY-MM-DD of published, for date filters
    origin     TEXT,                          -- where it was read from (path, path:line, -)
    text       TEXT NOT NULL,
    result     BLOB NOT NULL,                 -- the DESIGN result as raw-deflated JSON, without text and tokens
    added_at   TEXT NOT NULL
  );
  CREATE INDEX documents_day ON documents(day);

  CREATE TABLE entities (
    entity         INTEGER PRIMARY KEY,
    doc            INTEGER NOT NULL REFERENCES documents(doc) ON DELETE CASCADE,
    eid            TEXT NOT NULL,             -- E1, E2 … within the document
    type           TEXT,
    name           TEXT NOT NULL,
    actor_code     TEXT,
    actor_country  TEXT,
    actor_sector   TEXT,
    mentions       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (doc, eid)
  );
  CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
  CREATE INDEX entities_actor ON entities(actor_code);

  CREATE TABLE mentions (
    entity      INTEGER NOT NULL REFERENCES entities(entity) ON DELETE CASCADE,
    doc         INTEGER NOT NULL REFERENCES documents(doc) ON DELETE CASCADE,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    text        TEXT,
    kind        TEXT
  );
  CREATE INDEX mentions_entity ON mentions(entity);
  CREATE INDEX mentions_doc ON mentions(doc, span_start);

  CREATE TABLE quotes (
    quote           INTEGER PRIMARY KEY,
    doc             INTEGER NOT NULL REFERENCES documents(doc) ON DELETE CASCADE,
    qid             TEXT NOT NULL,
    kind            TEXT,
    span_start      INTEGER NOT NULL,
    span_end        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    cue_start       INTEGER,
    cue_end         INTEGER,
    cue_text        TEXT,
    speaker_entity  INTEGER REFERENCES entities(entity) ON DELETE SET NULL,
    speaker_name    TEXT,
    speaker_start   INTEGER,
    speaker_end     INTEGER,
    speaker_text    TEXT,
    confidence      REAL,
    day             TEXT                       -- the document's publication day
  );
  CREATE INDEX quotes_doc ON quotes(doc);
  CREATE INDEX quotes_day ON quotes(day);
  CREATE INDEX quotes_speaker ON quotes(speaker_name COLLATE NOCASE);
  CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity);

  CREATE TABLE events (
    event           INTEGER PRIMARY KEY,
    doc             INTEGER NOT NULL REFERENCES documents(doc) ON DELETE CASCADE,
    vid             TEXT NOT NULL,
    trigger_start   INTEGER,
    trigger_end     INTEGER,
    trigger_text    TEXT,
    sentence        INTEGER,
    sentence_text   TEXT,
    source_entity   INTEGER REFERENCES entities(entity) ON DELETE SET NULL,
    source_name     TEXT,
    source_code     TEXT,
    source_country  TEXT,
    source_sector   TEXT,
    target_entity   INTEGER REFERENCES entities(entity) ON DELETE SET NULL,
    target_name     TEXT,
    target_code     TEXT,
    target_country  TEXT,
    target_sector   TEXT,
    cameo_code      TEXT,
    cameo_name      TEXT,
    cameo_root      TEXT,
    goldstein       REAL,
    quad_class      INTEGER,
    plover_type     TEXT,
    plover_mode     TEXT,
    plover_context  TEXT,                      -- comma-separated
    date            TEXT,                      -- as coded (may be partial, e.g. 2017-02-0X)
    day             TEXT,                      -- YYYY-MM-DD: the event date, else the publication day
    location_name   TEXT,
    location_country TEXT,
    lat             REAL,
    lon             REAL,
    source_url      TEXT,
    quote_id        TEXT,
    confidence      REAL
  );
  CREATE INDEX events_doc ON events(doc);
  CREATE INDEX events_day ON events(day);
  CREATE INDEX events_source ON events(source_code);
  CREATE INDEX events_target ON events(target_code);
  CREATE INDEX events_cameo ON events(cameo_code);
  CREATE INDEX events_root ON events(cameo_root, day);
  CREATE INDEX events_plover ON events(plover_type, day);

  CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content = 'quotes', content_rowid = 'quote', ${FTS_TOKENIZER});
  CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text) VALUES (new.quote, new.text);
  END;
  CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.quote, old.text);
  END;

  CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content = 'documents', content_rowid = 'doc', ${FTS_TOKENIZER});
  CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.doc, new.title, new.text);
  END;
  CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.doc, old.title, old.text);
  END;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
