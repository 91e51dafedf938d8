/**
 * The PostgreSQL schema as numbered migrations, the same tables and columns as the SQLite one (schema.ts) so
 * that both give the same rows. Herald keeps everything in one PostgreSQL schema (`herald` unless the
 * connection string says `?schema=NAME`); its table `herald_meta` marks the schema as Herald's and records how
 * many migrations have been applied. Pending migrations run in one transaction under an advisory lock, so
 * several workers starting at once migrate once, and a crash leaves the previous version intact.
 *
 * Text columns that are compared or sorted are `COLLATE "C"` (byte order, as SQLite's BINARY), so ordering
 * never depends on the server's locale, and `LIKE 'USA%'` prefix filters use their plain b-tree indexes.
 */

/** What a migration needs to know about the database it runs in. */
export interface MigrationContext {
  /** The schema holding the pg_trgm extension (for substring indexes), or null where it cannot be had. */
  trgm: string | null;
}

/** Quotes an identifier (schema names are checked to be plain, but quoting costs nothing). */
export const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

export const META_TABLE = 'herald_meta';
export const APPLICATION = 'herald';

/** The text search configuration for quotes: English Snowball stemming with no stop words (as FTS5 porter). */
export const TS_CONFIG = 'herald_english';

/** A trigram index for `herald_fold(column) LIKE '%…%'`, where pg_trgm is there. */
const trgmIndex = (c: MigrationContext, name: string, table: string, column: string): string =>
  c.trgm ? `CREATE INDEX ${name} ON ${table} USING gin (herald_fold(${column}) ${ident(c.trgm)}.gin_trgm_ops);` : '';

export const PG_MIGRATIONS: readonly ((c: MigrationContext) => string)[] = [
  // 1: documents, entities, mentions, quotes (with their tsvector), events, and an index for every filter.
  (c) => `
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
  ${trgmIndex(c, 'entities_name_trgm', 'entities', 'name')}

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
  ${trgmIndex(c, 'quotes_speaker_trgm', 'quotes', 'speaker_name')}

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
  `,
  // 2: counts kept at ingest instead of five count(*) scans per call (the API asks on every request). Spread
  // over COUNT_SHARDS rows so that concurrent writers do not queue on one row lock; the sum is the count.
  () => `
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
  `,
];

/** Rows the kept counts are spread over (each writer adds to one, chosen at random). */
export const COUNT_SHARDS = 16;

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
