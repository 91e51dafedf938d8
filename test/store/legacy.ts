/**
 * Databases as older Herald versions made them (SQLite schema 1; PostgreSQL schemas 1 and 2), to check that
 * opening one upgrades it with nothing lost: their schemas as they were, and documents written as they were
 * (the text, the whole result as a deflated blob, and an event row per event, whose number must survive).
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { legacyPack } from '../../src/store/shape.js';
import type { DocumentIn } from '../../src/store/types.js';

const FTS_TOKENIZER = "tokenize = 'porter unicode61 remove_diacritics 2'";
const TS_CONFIG = 'herald_english';

/** SQLite schema 1 (user_version 1). */
export const SQLITE_V1 = `

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
  END;`;

/** PostgreSQL migration 1 (without its optional trigram indexes), to run with search_path set to the schema. */
export const PG_V1 = `
  CREATE TEXT SEARCH DICTIONARY herald_english_stem (TEMPLATE = pg_catalog.snowball, Language = english);
  CREATE TEXT SEARCH CONFIGURATION ${TS_CONFIG} (COPY = pg_catalog.english);
  ALTER TEXT SEARCH CONFIGURATION ${TS_CONFIG}
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH herald_english_stem;

  -- Name filters fold case as SQLite's LIKE does (ASCII letters only), so both backends match the same rows.
  CREATE FUNCTION herald_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$;

  CREATE TABLE documents (
    doc        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id         text COLLATE "C" NOT NULL UNIQUE,   -- sha256 hex of the text
    title      text COLLATE "C",
    author     text,
    source     text,
    url        text,
    published  text,                               -- as given
    day        text COLLATE "C",                   -- YYYY-MM-DD of published, for date filters
    origin     text,                               -- where it was read from (path, path:line, -)
    text       text NOT NULL,
    result     bytea NOT NULL,                     -- the DESIGN result as raw-deflated JSON, without text and tokens
    added_at   text NOT NULL
  );
  CREATE INDEX documents_day ON documents (day);

  CREATE TABLE entities (
    entity         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc            bigint NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    eid            text NOT NULL,
    type           text COLLATE "C",
    name           text COLLATE "C" NOT NULL,
    actor_code     text COLLATE "C",
    actor_country  text COLLATE "C",
    actor_sector   text COLLATE "C",
    mentions       integer NOT NULL DEFAULT 0,
    UNIQUE (doc, eid)
  );
  CREATE INDEX entities_group ON entities (name, type, actor_code);
  CREATE INDEX entities_type ON entities (type);
  CREATE INDEX entities_actor ON entities (actor_code);

  CREATE TABLE mentions (
    entity      bigint NOT NULL REFERENCES entities (entity) ON DELETE CASCADE,
    doc         bigint NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    span_start  integer NOT NULL,
    span_end    integer NOT NULL,
    text        text,
    kind        text
  );
  CREATE INDEX mentions_entity ON mentions (entity);
  CREATE INDEX mentions_doc ON mentions (doc, span_start);

  CREATE TABLE quotes (
    quote           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc             bigint NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    qid             text NOT NULL,
    kind            text,
    span_start      integer NOT NULL,
    span_end        integer NOT NULL,
    text            text NOT NULL,
    cue_start       integer,
    cue_end         integer,
    cue_text        text,
    speaker_entity  bigint REFERENCES entities (entity) ON DELETE SET NULL,
    speaker_name    text COLLATE "C",
    speaker_start   integer,
    speaker_end     integer,
    speaker_text    text,
    confidence      double precision,
    day             text COLLATE "C",              -- the document's publication day
    words           tsvector NOT NULL              -- the text's words, diacritics removed, stemmed (${TS_CONFIG})
  );
  CREATE INDEX quotes_doc ON quotes (doc);
  CREATE INDEX quotes_day ON quotes (day DESC NULLS LAST, quote);
  CREATE INDEX quotes_speaker_entity ON quotes (speaker_entity);
  CREATE INDEX quotes_words ON quotes USING gin (words);

  CREATE TABLE events (
    event           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc             bigint NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    vid             text NOT NULL,
    trigger_start   integer,
    trigger_end     integer,
    trigger_text    text,
    sentence        integer,
    sentence_text   text,
    source_entity   bigint REFERENCES entities (entity) ON DELETE SET NULL,
    source_name     text,
    source_code     text COLLATE "C",
    source_country  text,
    source_sector   text,
    target_entity   bigint REFERENCES entities (entity) ON DELETE SET NULL,
    target_name     text,
    target_code     text COLLATE "C",
    target_country  text,
    target_sector   text,
    cameo_code      text COLLATE "C",
    cameo_name      text,
    cameo_root      text COLLATE "C",
    goldstein       double precision,
    quad_class      integer,
    plover_type     text COLLATE "C",
    plover_mode     text,
    plover_context  text,                          -- comma-separated
    date            text,                          -- as coded (may be partial, e.g. 2017-02-0X)
    day             text COLLATE "C",              -- YYYY-MM-DD: the event date, else the publication day
    location_name   text,
    location_country text,
    lat             double precision,
    lon             double precision,
    source_url      text,
    quote_id        text,
    confidence      double precision
  );
  CREATE INDEX events_doc ON events (doc);
  CREATE INDEX events_day ON events (day DESC NULLS LAST, event);
  CREATE INDEX events_source ON events (source_code);
  CREATE INDEX events_target ON events (target_code);
  CREATE INDEX events_cameo ON events (cameo_code);
  CREATE INDEX events_root ON events (cameo_root, day);
  CREATE INDEX events_plover ON events (plover_type, day);
  CREATE INDEX events_source_entity ON events (source_entity);
  CREATE INDEX events_target_entity ON events (target_entity);
  `;

/** PostgreSQL migration 2: the kept counts. */
export const PG_V2 = `
  CREATE TABLE counts (
    shard      smallint PRIMARY KEY,
    documents  bigint NOT NULL DEFAULT 0,
    entities   bigint NOT NULL DEFAULT 0,
    mentions   bigint NOT NULL DEFAULT 0,
    quotes     bigint NOT NULL DEFAULT 0,
    events     bigint NOT NULL DEFAULT 0
  );
  INSERT INTO counts (shard, documents, entities, mentions, quotes, events) SELECT 0,
    (SELECT count(*) FROM documents), (SELECT count(*) FROM entities), (SELECT count(*) FROM mentions),
    (SELECT count(*) FROM quotes), (SELECT count(*) FROM events);
  `;

/** Writes `doc` into a schema-1 SQLite file as Herald did then, with its events numbered from `firstEvent`. */
export function addV1Sqlite(db: Database.Database, doc: DocumentIn, origin: string, addedAt: string, firstEvent: number): void {
  const meta = doc.meta ?? {};
  const r = db
    .prepare('INSERT INTO documents (id, title, url, published, day, origin, text, result, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(doc.id, meta.title ?? null, meta.url ?? null, meta.published ?? null, meta.published ?? null, origin, doc.text, legacyPack(doc), addedAt);
  (doc.events ?? []).forEach((e, i) => db.prepare('INSERT INTO events (event, doc, vid, day) VALUES (?, ?, ?, ?)').run(firstEvent + i, r.lastInsertRowid, e.id, meta.published ?? null));
}

/** The same into a PostgreSQL schema of version 1 or 2 (search_path set to it). */
export async function addV1Postgres(c: pg.Client, doc: DocumentIn, origin: string, addedAt: string, firstEvent: number): Promise<void> {
  const meta = doc.meta ?? {};
  const r = await c.query<{ doc: string }>(
    'INSERT INTO documents (id, title, url, published, day, origin, text, result, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING doc',
    [doc.id, meta.title ?? null, meta.url ?? null, meta.published ?? null, meta.published ?? null, origin, doc.text, legacyPack(doc), addedAt],
  );
  for (const [i, e] of (doc.events ?? []).entries()) {
    await c.query('INSERT INTO events (event, doc, vid, day) OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4)', [firstEvent + i, r.rows[0].doc, e.id, meta.published ?? null]);
  }
}
