/**
 * The PostgreSQL schema: the same tables and columns as the SQLite one (schema.ts) so that both give the same
 * rows. Herald keeps everything in one PostgreSQL schema (`herald` unless the connection string says
 * `?schema=NAME`); its table `herald_meta` marks the schema as Herald's and records its version. A new schema
 * is created in one transaction under an advisory lock, so several workers starting at once create it once;
 * an older one (versions 1 and 2 kept a result blob per document and counted on every call) is upgraded in
 * one transaction (postgres.ts).
 *
 * Text columns that are compared or sorted are `COLLATE "C"` (byte order, as SQLite's BINARY), so ordering
 * never depends on the server's locale, and `LIKE 'USA%'` prefix filters use their plain b-tree indexes.
 */

/** What the schema needs to know about the database it is made in. */
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

export const PG_SCHEMA_VERSION = 3;

/** Rows the kept counts are spread over (each writer adds to one, chosen at random). */
export const COUNT_SHARDS = 16;

/** A trigram index for `LIKE '%…%'` on `expr`, where pg_trgm is there. */
const trgmIndex = (c: MigrationContext, name: string, table: string, expr: string): string =>
  c.trgm ? `CREATE INDEX ${name} ON ${table} USING gin (${expr} ${ident(c.trgm)}.gin_trgm_ops);` : '';

/** The text search configuration and the case fold, made with the schema (versions 1 and 2 have them too). */
export const PG_BASE = `
  CREATE TEXT SEARCH DICTIONARY herald_english_stem (TEMPLATE = pg_catalog.snowball, Language = english);
  CREATE TEXT SEARCH CONFIGURATION ${TS_CONFIG} (COPY = pg_catalog.english);
  ALTER TEXT SEARCH CONFIGURATION ${TS_CONFIG}
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH herald_english_stem;

  -- Name filters fold case as SQLite's LIKE does (ASCII letters only), so both backends match the same rows.
  CREATE FUNCTION herald_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$;
`;

const ACC = `events bigint NOT NULL, q1 bigint NOT NULL, q2 bigint NOT NULL, q3 bigint NOT NULL, q4 bigint NOT NULL,
    g100 bigint NOT NULL, gn bigint NOT NULL`;

/** The tables and their indexes (schema version 3). */
export const pgTables = (c: MigrationContext): string => `
  CREATE TABLE documents (
    doc           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            text COLLATE "C" NOT NULL UNIQUE,   -- sha256 hex of the text
    title         text COLLATE "C",
    author        text,
    source        text,
    url           text,
    published     text COLLATE "C",                   -- as given
    day           text COLLATE "C",                   -- YYYY-MM-DD of published
    origin        text,                               -- where it was read from (path, path:line, -)
    added_at      text NOT NULL,
    excerpt       text NOT NULL,                      -- the lead line, for the list
    sort_title    text COLLATE "C" NOT NULL,          -- lower-cased title ('' when none): the list's order
    search_title  text COLLATE "C" NOT NULL,          -- lower-cased title, else excerpt: the list's filter
    entities      integer NOT NULL,
    quotes        integer NOT NULL,
    events        integer NOT NULL,
    rest          bytea NOT NULL                      -- deflated JSON: sentences, other metadata and layers (shape.ts)
  );
  CREATE INDEX documents_list ON documents ((coalesce(published, '')) DESC, sort_title, id);
  ${trgmIndex(c, 'documents_title_trgm', 'documents', 'search_title')}

  CREATE TABLE texts (
    doc   bigint PRIMARY KEY,
    text  text NOT NULL
  );

  CREATE TABLE entities (
    doc            bigint NOT NULL,
    ord            integer NOT NULL,
    eid            text NOT NULL,
    type           text,
    name           text NOT NULL,
    actor_code     text,
    actor_country  text,
    actor_sector   text,
    mentions       integer NOT NULL,
    spans          text NOT NULL,
    extra          text,
    PRIMARY KEY (doc, ord)
  );

  CREATE TABLE speakers (
    speaker  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name     text COLLATE "C" NOT NULL UNIQUE,
    quotes   bigint NOT NULL
  );
  ${trgmIndex(c, 'speakers_name_trgm', 'speakers', 'herald_fold(name)')}

  CREATE TABLE quotes (
    quote          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc            bigint NOT NULL,
    qid            text NOT NULL,
    kind           text,
    span_start     integer NOT NULL,
    span_end       integer NOT NULL,
    text           text NOT NULL,
    cue_start      integer,
    cue_end        integer,
    cue_text       text,
    speaker        bigint,
    speaker_eid    text,
    speaker_start  integer,
    speaker_end    integer,
    speaker_text   text,
    confidence     double precision,
    day            text COLLATE "C" NOT NULL,         -- the document's publication day, '' when undated
    extra          text,
    words          tsvector NOT NULL                  -- the text's words, diacritics removed, stemmed (${TS_CONFIG})
  );
  CREATE INDEX quotes_day ON quotes (day DESC, quote);
  CREATE INDEX quotes_doc ON quotes (doc, quote);
  CREATE INDEX quotes_speaker ON quotes (speaker, day DESC, quote);
  CREATE INDEX quotes_words ON quotes USING gin (words);

  CREATE TABLE events (
    event           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc             bigint NOT NULL,
    vid             text NOT NULL,
    trigger_start   integer,
    trigger_end     integer,
    trigger_text    text,
    sentence        integer,
    sentence_start  integer,                          -- the sentence, in characters of the text
    sentence_end    integer,
    source_eid      text,
    source_name     text,
    source_code     text COLLATE "C",
    source_country  text,
    source_sector   text,
    source_start    integer,
    source_end      integer,
    target_eid      text,
    target_name     text,
    target_code     text COLLATE "C",
    target_country  text,
    target_sector   text,
    target_start    integer,
    target_end      integer,
    cameo_code      text COLLATE "C",
    cameo_name      text,
    cameo_root      text COLLATE "C",
    goldstein       double precision,
    quad_class      integer,
    plover_type     text COLLATE "C",
    plover_mode     text,
    plover_context  text,
    date            text,
    date_precision  text,
    day             text COLLATE "C" NOT NULL,         -- the event's day, else the publication day; '' when neither
    location_name   text,
    location_country text,
    lat             double precision,
    lon             double precision,
    quote_id        text,
    via             text,
    modality        text,
    evidence        text,
    confidence      double precision,
    extra           text
  );
  CREATE INDEX events_doc ON events (doc, event);
  CREATE INDEX events_day ON events (day DESC, event);
  CREATE INDEX events_source ON events (source_code);
  CREATE INDEX events_target ON events (target_code);
  CREATE INDEX events_cameo ON events (cameo_code);
  CREATE INDEX events_root ON events (cameo_root, day DESC, event);
  CREATE INDEX events_plover ON events (plover_type, day DESC, event);

  -- Counts kept at ingest, spread over COUNT_SHARDS rows so that concurrent writers do not queue on one row
  -- lock; the sum is the count.
  CREATE TABLE counts (
    shard      smallint PRIMARY KEY,
    documents  bigint NOT NULL DEFAULT 0,
    entities   bigint NOT NULL DEFAULT 0,
    mentions   bigint NOT NULL DEFAULT 0,
    quotes     bigint NOT NULL DEFAULT 0,
    events     bigint NOT NULL DEFAULT 0
  );

  CREATE TABLE entity_groups (
    grp           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text COLLATE "C" NOT NULL,
    type          text COLLATE "C" NOT NULL,          -- '' when none
    actor_code    text COLLATE "C" NOT NULL,          -- '' when none
    country       text COLLATE "C",
    sector        text COLLATE "C",
    neg_docs      bigint NOT NULL,                    -- minus the documents (so that the ranking index ascends)
    neg_mentions  bigint NOT NULL,
    UNIQUE (name, type, actor_code)
  );
  -- The entity list's order; a type filter walks it too (each type is a large share of the groups).
  CREATE INDEX entity_groups_rank ON entity_groups (neg_docs, neg_mentions, name, type, actor_code);
  ${trgmIndex(c, 'entity_groups_name_trgm', 'entity_groups', 'herald_fold(name)')}

  CREATE TABLE stat_days (day text COLLATE "C" PRIMARY KEY, ${ACC});
  CREATE TABLE stat_edges (bucket text COLLATE "C" NOT NULL, skey text COLLATE "C" NOT NULL, tkey text COLLATE "C" NOT NULL, ${ACC},
    PRIMARY KEY (bucket, skey, tkey));
  CREATE INDEX stat_edges_rank ON stat_edges (bucket, events DESC, (skey || ' ' || tkey));
  CREATE TABLE stat_pairs (bucket text COLLATE "C" PRIMARY KEY, pairs bigint NOT NULL);
  CREATE TABLE stat_labels (bucket text COLLATE "C" NOT NULL, akey text COLLATE "C" NOT NULL, label text COLLATE "C" NOT NULL,
    n_out bigint NOT NULL, n_in bigint NOT NULL, PRIMARY KEY (bucket, akey, label));
  CREATE TABLE stat_places (bucket text COLLATE "C" NOT NULL, pkey text COLLATE "C" NOT NULL, ${ACC}, first_day text COLLATE "C" NOT NULL,
    first_event bigint NOT NULL, country text, lat double precision NOT NULL, lon double precision NOT NULL, PRIMARY KEY (bucket, pkey));
  CREATE TABLE stat_tallies (bucket text COLLATE "C" NOT NULL, kind text COLLATE "C" NOT NULL, value text COLLATE "C" NOT NULL,
    n bigint NOT NULL, PRIMARY KEY (bucket, kind, value));

  CREATE TABLE claims (id text COLLATE "C" PRIMARY KEY, owner text NOT NULL, until bigint NOT NULL);
`;

/** The tables of versions 1 and 2, moved aside while a schema is upgraded, then dropped. */
export const LEGACY_TABLES = ['documents', 'entities', 'mentions', 'quotes', 'events', 'counts'] as const;
