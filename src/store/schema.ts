/**
 * The SQLite schema. `PRAGMA user_version` records its version; `PRAGMA application_id` marks the file as
 * Herald's so that another program's database is never touched. A new file gets SCHEMA at once; a file of an
 * older version is upgraded in one transaction (sqlite.ts), so a crash mid-upgrade leaves it as it was.
 *
 * Version 1 kept each document's whole result as a blob beside its rows, the sentence text in every event and
 * a full-text index of every article nobody queried; the lists sorted and the aggregates scanned the whole
 * corpus on every request. Version 2 stores each fact once (shape.ts), orders every list by an index, and
 * keeps counts and aggregates up to date at ingest (aggregates.ts).
 */

/** 'HRLD' as a 32-bit integer. */
export const APPLICATION_ID = 0x48524c44;

export const SCHEMA_VERSION = 2;

const FTS_TOKENIZER = "tokenize = 'porter unicode61 remove_diacritics 2'";

/** Per-bucket totals of the stats aggregates (see aggregates.ts). */
const ACC = `events INTEGER NOT NULL, q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL, q4 INTEGER NOT NULL,
    g100 INTEGER NOT NULL, gn INTEGER NOT NULL`;

export const SCHEMA = `
  CREATE TABLE documents (
    doc           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,        -- sha256 hex of the text
    title         TEXT,
    author        TEXT,
    source        TEXT,
    url           TEXT,
    published     TEXT,                        -- as given
    day           TEXT,                        -- YYYY-MM-DD of published
    origin        TEXT,                        -- where it was read from (path, path:line, -)
    added_at      TEXT NOT NULL,
    excerpt       TEXT NOT NULL,               -- the lead line, for the list
    sort_title    TEXT NOT NULL,               -- lower-cased title ('' when none): the list's order
    search_title  TEXT NOT NULL,               -- lower-cased title, else excerpt: the list's filter
    entities      INTEGER NOT NULL,
    quotes        INTEGER NOT NULL,
    events        INTEGER NOT NULL,
    rest          BLOB NOT NULL                -- deflated JSON: sentences, other metadata and layers (shape.ts)
  );
  -- The documents list: newest first, undated last, then by title and id.
  CREATE INDEX documents_list ON documents (coalesce(published, '') DESC, sort_title, id);
  CREATE VIRTUAL TABLE documents_title USING fts5(search_title, content = 'documents', content_rowid = 'doc', tokenize = 'trigram');
  CREATE TRIGGER documents_title_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_title(rowid, search_title) VALUES (new.doc, new.search_title);
  END;

  CREATE TABLE texts (
    doc   INTEGER PRIMARY KEY,                 -- documents.doc
    text  TEXT NOT NULL
  );

  CREATE TABLE entities (
    doc            INTEGER NOT NULL,
    ord            INTEGER NOT NULL,           -- position in the document's entities
    eid            TEXT NOT NULL,              -- E1, E2 … within the document
    type           TEXT,
    name           TEXT NOT NULL,
    actor_code     TEXT,
    actor_country  TEXT,
    actor_sector   TEXT,
    mentions       INTEGER NOT NULL,
    spans          TEXT NOT NULL,              -- the mentions, packed (shape.ts)
    extra          TEXT,
    PRIMARY KEY (doc, ord)
  ) WITHOUT ROWID;

  CREATE TABLE speakers (
    speaker  INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    quotes   INTEGER NOT NULL
  );
  CREATE VIRTUAL TABLE speakers_trgm USING fts5(name, content = 'speakers', content_rowid = 'speaker', tokenize = 'trigram');
  CREATE TRIGGER speakers_trgm_insert AFTER INSERT ON speakers BEGIN
    INSERT INTO speakers_trgm(rowid, name) VALUES (new.speaker, new.name);
  END;

  -- The key is the list's order: newest day first, then insertion (see quoteKey in sqlite.ts).
  CREATE TABLE quotes (
    quote          INTEGER PRIMARY KEY,
    doc            INTEGER NOT NULL,
    qid            TEXT NOT NULL,
    kind           TEXT,
    span_start     INTEGER NOT NULL,
    span_end       INTEGER NOT NULL,
    text           TEXT NOT NULL,
    cue_start      INTEGER,
    cue_end        INTEGER,
    cue_text       TEXT,
    speaker        INTEGER,                    -- speakers.speaker
    speaker_eid    TEXT,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    speaker_text   TEXT,
    confidence     REAL,
    day            TEXT NOT NULL,              -- the document's publication day, '' when undated
    extra          TEXT
  );
  CREATE INDEX quotes_doc ON quotes (doc);
  CREATE INDEX quotes_speaker ON quotes (speaker);
  CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content = 'quotes', content_rowid = 'quote', ${FTS_TOKENIZER});
  CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text) VALUES (new.quote, new.text);
  END;

  CREATE TABLE events (
    event           INTEGER PRIMARY KEY,
    doc             INTEGER NOT NULL,
    vid             TEXT NOT NULL,
    trigger_start   INTEGER,
    trigger_end     INTEGER,
    trigger_text    TEXT,
    sentence        INTEGER,
    sentence_start  INTEGER,                   -- the sentence, in code points of the text
    sentence_end    INTEGER,
    source_eid      TEXT,
    source_name     TEXT,
    source_code     TEXT,
    source_country  TEXT,
    source_sector   TEXT,
    source_start    INTEGER,
    source_end      INTEGER,
    target_eid      TEXT,
    target_name     TEXT,
    target_code     TEXT,
    target_country  TEXT,
    target_sector   TEXT,
    target_start    INTEGER,
    target_end      INTEGER,
    cameo_code      TEXT,
    cameo_name      TEXT,
    cameo_root      TEXT,
    goldstein       REAL,
    quad_class      INTEGER,
    plover_type     TEXT,
    plover_mode     TEXT,
    plover_context  TEXT,                      -- comma-separated
    date            TEXT,                      -- as coded (may be partial, e.g. 2017-02)
    date_precision  TEXT,
    day             TEXT NOT NULL,             -- the event's day, else the publication day; '' when neither
    location_name   TEXT,
    location_country TEXT,
    lat             REAL,
    lon             REAL,
    quote_id        TEXT,
    via             TEXT,
    modality        TEXT,
    evidence        TEXT,
    confidence      REAL,
    extra           TEXT
  );
  CREATE INDEX events_doc ON events (doc);
  -- Newest day first, then the event number ascending (the rowid follows the day in the index).
  CREATE INDEX events_day ON events (day DESC);
  CREATE INDEX events_source ON events (source_code);
  CREATE INDEX events_target ON events (target_code);
  CREATE INDEX events_cameo ON events (cameo_code);
  CREATE INDEX events_root ON events (cameo_root);
  CREATE INDEX events_plover ON events (plover_type);

  -- Kept at ingest (aggregates.ts).
  CREATE TABLE counts (
    one        INTEGER PRIMARY KEY CHECK (one = 1),
    documents  INTEGER NOT NULL,
    entities   INTEGER NOT NULL,
    mentions   INTEGER NOT NULL,
    quotes     INTEGER NOT NULL,
    events     INTEGER NOT NULL
  );
  INSERT INTO counts VALUES (1, 0, 0, 0, 0, 0);

  CREATE TABLE entity_groups (
    grp           INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,               -- '' when none
    actor_code    TEXT NOT NULL,               -- '' when none
    country       TEXT,
    sector        TEXT,
    neg_docs      INTEGER NOT NULL,            -- minus the documents (so that the ranking index ascends)
    neg_mentions  INTEGER NOT NULL,
    UNIQUE (name, type, actor_code)
  );
  -- The entity list's order; a type filter walks it too (each type is a large share of the groups).
  CREATE INDEX entity_groups_rank ON entity_groups (neg_docs, neg_mentions, name, type, actor_code);
  CREATE VIRTUAL TABLE entity_groups_trgm USING fts5(name, content = 'entity_groups', content_rowid = 'grp', tokenize = 'trigram');
  CREATE TRIGGER entity_groups_trgm_insert AFTER INSERT ON entity_groups BEGIN
    INSERT INTO entity_groups_trgm(rowid, name) VALUES (new.grp, new.name);
  END;

  CREATE TABLE stat_days (day TEXT PRIMARY KEY, ${ACC}) WITHOUT ROWID;
  CREATE TABLE stat_edges (bucket TEXT NOT NULL, skey TEXT NOT NULL, tkey TEXT NOT NULL, ${ACC}, PRIMARY KEY (bucket, skey, tkey)) WITHOUT ROWID;
  CREATE INDEX stat_edges_rank ON stat_edges (bucket, events DESC, (skey || ' ' || tkey));
  CREATE TABLE stat_pairs (bucket TEXT PRIMARY KEY, pairs INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE stat_labels (bucket TEXT NOT NULL, akey TEXT NOT NULL, label TEXT NOT NULL, n_out INTEGER NOT NULL, n_in INTEGER NOT NULL,
    PRIMARY KEY (bucket, akey, label)) WITHOUT ROWID;
  CREATE TABLE stat_places (bucket TEXT NOT NULL, pkey TEXT NOT NULL, ${ACC}, first_day TEXT NOT NULL, first_event INTEGER NOT NULL,
    country TEXT, lat REAL NOT NULL, lon REAL NOT NULL, PRIMARY KEY (bucket, pkey)) WITHOUT ROWID;
  CREATE TABLE stat_tallies (bucket TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (bucket, kind, value)) WITHOUT ROWID;

  -- Documents an ingest is analysing: another ingest of the same files skips them (claim in store/types.ts).
  CREATE TABLE claims (id TEXT PRIMARY KEY, owner TEXT NOT NULL, until INTEGER NOT NULL) WITHOUT ROWID;
`;

/** The tables of schema 1, renamed aside while a file is upgraded, then dropped. */
export const V1_TABLES = ['documents', 'entities', 'mentions', 'quotes', 'events'] as const;
