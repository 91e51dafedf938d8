/**
 * The shared store: a PostgreSQL database (the `pg` driver and its connection pool) holding the same tables as
 * the SQLite file and giving the same rows for every query. Each document goes in with all its layers, and what
 * it adds to the kept counts and aggregates, in one transaction, `ON CONFLICT DO NOTHING` on its sha256 id, so
 * any number of processes on any number of machines can add the same article and it is stored once (writers
 * update shared aggregate rows in key order, so they never deadlock; one told to retry does). Lists are read
 * in index order, a page at a time; quotes are searched with a tsvector and a GIN index (English stemming, the
 * same query syntax as SQLite's FTS5 path), names with trigram indexes. A lost connection (the server restarting)
 * is retried for a while before a call fails. Passwords never appear in a message: `location` is the connection
 * string without one.
 */
import type { Client, Pool, PoolClient, PoolConfig, QueryResultRow } from 'pg';
import { HeraldError } from '../text/errors.js';
import { ACC_FIELDS, groupDeltas, speakerDeltas, statDeltas, statsFromAggregates, type AggregateReader, type BucketSet, type EdgeAgg, type StatDeltas } from './aggregates.js';
import { CubeKeeper } from './cube.js';
import { APPLICATION, COUNT_SHARDS, LEGACY_TABLES, META_TABLE, PG_BASE, PG_SCHEMA_VERSION, pgTables, TS_CONFIG, ident, type MigrationContext } from './pg-schema.js';
import {
  DOCUMENT_SUMMARY_COLUMNS,
  ENTITY_COLUMNS,
  EVENT_COLUMNS,
  EVENT_FROM,
  keyOf,
  NOT_RESTATED,
  parseKey,
  QUOTE_COLUMNS,
  QUOTE_FROM,
  STATS_EVENT_COLUMNS,
} from './rows.js';
import { searchText } from './fts-query.js';
import { assemble, ENTITY_FIELDS, EVENT_FIELDS, flatten, legacyResult, QUOTE_FIELDS, type EntityRowIn, type EventRowIn, type FlatDoc, type QuoteRowIn, type StoredDoc } from './shape.js';
import { computeStats, type StatsEventRow } from './stats.js';
import type {
  AddOutcome,
  DocumentFilter,
  DocumentIn,
  DocumentSummary,
  EntityFilter,
  EntityRow,
  EventFilter,
  EventRow,
  Paged,
  QuoteFilter,
  QuoteRow,
  Stats,
  StatsFilter,
  Store,
  StoreCounts,
} from './types.js';

export interface PostgresOptions {
  /** Refuse writes (the server's default); the schema must exist. */
  readonly?: boolean;
  /** The clock for `added_at` (tests pin it). */
  now?: () => Date;
  /** Most connections the pool opens (default 8). */
  maxConnections?: number;
  /**
   * How long a call keeps retrying while the server cannot be reached, once it has answered (default 60 s; 0 =
   * fail at once). A server that does not answer the first call fails it at once, with the fix.
   */
  retryMs?: number;
  /** Rows fetched per round trip when streaming documents and events for export (default 500). */
  batchRows?: number;
}

export const isPostgresUrl = (s: string): boolean => /^postgres(ql)?:\/\//i.test(s);

/** A connection string with its password (in the URL or a `password=` parameter) replaced, for messages. */
export function maskPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^@/?#]*@/i, '$1@').replace(/([?&]password=)[^&#]*/gi, '$1…');
}

interface Target {
  config: PoolConfig;
  schema: string;
  location: string;
}

/** Splits `postgres://…?schema=NAME` into the pool's configuration, the schema and a printable location. */
export function parseTarget(url: string): Target {
  const location = maskPassword(url);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HeraldError(`${location}: not a valid PostgreSQL connection string; write it as postgres://USER@HOST[:PORT]/DATABASE`);
  }
  const schema = u.searchParams.get('schema') ?? 'herald';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new HeraldError(`${location}: schema '${schema}' must be lower-case letters, digits and _ (starting with a letter)`);
  }
  u.searchParams.delete('schema');
  return { config: { connectionString: u.toString() }, schema, location };
}

type Pg = typeof import('pg').default;

/** The driver, loaded on first use: a SQLite-only command never pays for it (~0.15 s). */
let driver: Promise<Pg> | undefined;
const loadPg = (): Promise<Pg> => (driver ??= import('pg').then((m) => m.default));

/** int8 (counts, sums, identity keys) as a JS number, as SQLite gives them; everything else as pg does. */
const typesOf = (pg: Pg): PoolConfig['types'] => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as Pg['types']['getTypeParser'],
});

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006',
]);

/** A failure of the connection rather than of the statement: worth retrying once the server is back. */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  if (typeof err?.code === 'string' && CONNECTION_CODES.has(err.code)) return true;
  const msg = typeof err?.message === 'string' ? err.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(msg);
}

/** Turns a PostgreSQL (or network) failure into a one-line message that names the database and the fix. */
export function pgStoreError(e: unknown, location: string): unknown {
  if (e instanceof HeraldError) return e;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : '';
  const why = maskPassword(typeof err?.message === 'string' ? err.message : String(e));
  if (code === 'ECONNREFUSED' || code === '57P03' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || /connection timeout/i.test(why)) {
    return new HeraldError(`${location}: cannot connect to PostgreSQL (${why}); start the server, or check the host and port in --db (or HERALD_DB)`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new HeraldError(`${location}: no such host (${why}); check the host name in --db (or HERALD_DB)`);
  }
  if (code === '28P01' || code === '28000') {
    return new HeraldError(`${location}: PostgreSQL refused the login (${why}); check the user and password (in --db, or PGPASSWORD)`);
  }
  if (code === '3D000') {
    return new HeraldError(`${location}: ${why}; create it (createdb NAME) or name another database in --db`);
  }
  if (code === '42501') {
    return new HeraldError(`${location}: permission denied (${why}); grant the user rights on the database and schema, or connect as another user`);
  }
  if (code === '25006') {
    return new HeraldError(`${location}: the database is opened read-only (${why}); writes need a read-write store (herald ingest, or serve --allow-ingest)`);
  }
  if (code === '53100') return new HeraldError(`${location}: the database server's disk is full; free some space and run again (what was stored is kept)`);
  if (code === '53300') return new HeraldError(`${location}: the server has no free connections (${why}); raise max_connections or run fewer workers`);
  if (isConnectionError(e)) return new HeraldError(`${location}: lost the connection to PostgreSQL (${why}); check the server and run again`);
  return e;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** A case-insensitive substring pattern for `herald_fold(column) LIKE`: ASCII case only, as SQLite's LIKE. */
const foldedSubstring = (s: string): string => `%${escapeLike(s.replace(/[A-Z]+/g, (c) => c.toLowerCase()))}%`;

/** Collects positional parameters: `p.add(v)` returns its `$n`. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class PostgresStore implements Store {
  readonly location: string;
  readonly schema: string;
  /** Made by the first call (the driver is loaded then); every use of it follows `await this.init()`. */
  private pool!: Pool;
  private readonly maxConnections: number;
  private readonly config: PoolConfig;
  private readonly readonly: boolean;
  private readonly now: () => Date;
  private readonly retryMs: number;
  private readonly batchRows: number;
  private ready?: Promise<void>;
  private closed = false;
  /** Set once the server has answered: only then is a lost connection waited for (a wrong --db fails at once). */
  private connected = false;

  /** The URL as given, password included: only for `readerLocation`, never printed. */
  readonly #url: string;

  private constructor(url: string, target: Target, opts: PostgresOptions) {
    this.#url = url;
    this.location = target.location;
    this.schema = target.schema;
    this.readonly = opts.readonly === true;
    this.now = opts.now ?? (() => new Date());
    this.retryMs = opts.retryMs ?? 60_000;
    this.batchRows = Math.max(1, opts.batchRows ?? 500);
    this.maxConnections = opts.maxConnections ?? 8;
    this.config = {
      ...target.config,
      options: `-c search_path=${target.schema}`,
      application_name: 'herald',
      connectionTimeoutMillis: 10_000,
    };
  }

  /**
   * Opens the store at a `postgres://` URL. Nothing is sent until the first call, which connects, checks that
   * the schema is Herald's and applies pending migrations (also for a read-only store, on a short-lived
   * read-write connection, as the SQLite store does).
   */
  static open(url: string, opts: PostgresOptions = {}): PostgresStore {
    return new PostgresStore(url, parseTarget(url), opts);
  }

  /** What another thread opens to read the same database (the URL with its password: never print it). */
  readerLocation(): string {
    return this.#url;
  }

  /** Connects and migrates now (every other call does it first anyway); throws the same errors they would. */
  connect(): Promise<void> {
    return this.init();
  }

  private init(): Promise<void> {
    if (this.closed) return Promise.reject(new HeraldError(`${this.location}: the store is closed`));
    this.ready ??= this.retrying(() => this.setUp()).then(() => void (this.connected = true)).catch((e: unknown) => {
      this.ready = undefined;
      throw pgStoreError(e, this.location);
    });
    return this.ready;
  }

  private async setUp(): Promise<void> {
    const pg = await loadPg();
    this.config.types ??= typesOf(pg);
    if (!this.pool) {
      this.pool = new pg.Pool({
        ...this.config,
        max: this.maxConnections,
        options: `-c search_path=${this.schema}` + (this.readonly ? ' -c default_transaction_read_only=on' : ''),
      });
      // An idle connection dropped by the server must not bring the process down; the pool replaces it.
      this.pool.on('error', () => undefined);
    }
    const client = new pg.Client({ ...this.config, options: `-c search_path=${this.schema}` });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const version = await this.readVersion(client);
      if (version === PG_SCHEMA_VERSION) return;
      if (version !== null && version > PG_SCHEMA_VERSION) throw this.newerError(version);
      if (version === null && this.readonly) {
        throw new HeraldError(
          `${this.location}: no Herald database here; create one with 'herald ingest ARTICLES --db ${this.location}', or point --db (or HERALD_DB) at yours`,
        );
      }
      await this.migrate(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private newerError(version: number): HeraldError {
    return new HeraldError(`${this.location}: made by a newer Herald (schema ${version}, this one knows ${PG_SCHEMA_VERSION}); upgrade Herald to read it`);
  }

  /** The applied migrations' count, or null when the schema holds no Herald data yet. */
  private async readVersion(client: Client): Promise<number | null> {
    const meta = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`${ident(this.schema)}.${META_TABLE}`]);
    if (!meta.rows[0]?.t) return null;
    const rows = await client.query<{ key: string; value: string }>(`SELECT key, value FROM ${ident(this.schema)}.${META_TABLE}`);
    const m = new Map(rows.rows.map((r) => [r.key, r.value]));
    if (m.get('application') !== APPLICATION) {
      throw new HeraldError(`${this.location}: schema ${this.schema} belongs to another program, not Herald; Herald left it untouched. Name another with ?schema=NAME`);
    }
    return Number(m.get('schema_version') ?? 0);
  }


  private async migrate(client: Client): Promise<void> {
    const s = ident(this.schema);
    await client.query('BEGIN');
    try {
      // One migrator at a time per schema; the others wait here and then find the work done.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`herald-migrate:${this.schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      let version = await this.readVersion(client);
      if (version === null) {
        const other = await client.query(
          `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p', 'f')`,
          [this.schema],
        );
        if (Number((other.rows[0] as { n: number }).n) > 0) {
          throw new HeraldError(`${this.location}: schema ${this.schema} holds another program's tables, not Herald's; Herald left it untouched. Name another with ?schema=NAME`);
        }
        await client.query(`CREATE TABLE ${s}.${META_TABLE} (key text PRIMARY KEY, value text NOT NULL)`);
        await client.query(`INSERT INTO ${s}.${META_TABLE} VALUES ('application', $1), ('schema_version', '0')`, [APPLICATION]);
        version = 0;
      }
      if (version > PG_SCHEMA_VERSION) throw this.newerError(version);
      if (version < PG_SCHEMA_VERSION) {
        const ctx: MigrationContext = { trgm: await this.trigramSchema(client) };
        await client.query(`SET LOCAL search_path = ${s}`);
        if (version === 0) {
          await client.query(PG_BASE);
          await client.query(pgTables(ctx));
        } else {
          await this.upgradeLegacy(client as unknown as PoolClient, ctx);
        }
        await client.query(`UPDATE ${s}.${META_TABLE} SET value = $1 WHERE key = 'schema_version'`, [String(PG_SCHEMA_VERSION)]);
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /**
   * Versions 1 and 2 → 3, in the migration's transaction: the old tables move to a schema of their own, the
   * new ones are made, and every document is stored again from its old result blob through the ordinary write
   * path (keeping its origin, time of adding and event numbers), which fills the aggregates; then the old
   * tables go.
   */
  private async upgradeLegacy(client: PoolClient, ctx: MigrationContext): Promise<void> {
    const old = ident(`herald_upgrade_${Date.now().toString(36)}_${process.pid}`);
    await client.query(`CREATE SCHEMA ${old}`);
    for (const t of LEGACY_TABLES) await client.query(`ALTER TABLE IF EXISTS ${ident(this.schema)}.${t} SET SCHEMA ${old}`);
    await client.query(pgTables(ctx));
    let last = -1;
    for (;;) {
      const docs = await client.query<{ doc: number; text: string; result: Buffer; origin: string | null; added_at: string }>(
        `SELECT doc, text, result, origin, added_at FROM ${old}.documents WHERE doc > $1 ORDER BY doc LIMIT 200`,
        [last],
      );
      if (!docs.rows.length) break;
      const ids = await client.query<{ doc: number; event: number }>(`SELECT doc, event FROM ${old}.events WHERE doc = ANY($1::bigint[]) ORDER BY doc, event`, [
        docs.rows.map((r) => r.doc),
      ]);
      const byDoc = new Map<number, number[]>();
      for (const r of ids.rows) byDoc.set(r.doc, [...(byDoc.get(r.doc) ?? []), r.event]);
      for (const r of docs.rows) {
        last = r.doc;
        const flat = flatten(legacyResult(r), r.origin, r.added_at);
        const evs = byDoc.get(r.doc) ?? [];
        await this.insert(client, flat, evs.length === flat.events.length ? evs : undefined);
      }
    }
    await client.query(`SELECT setval(pg_get_serial_sequence('events', 'event'), coalesce((SELECT max(event) FROM events), 0) + 1, false)`);
    await client.query(`DROP SCHEMA ${old} CASCADE`);
  }

  /** Where pg_trgm lives, installing it in `public` when the user may; null where it cannot be had. */
  private async trigramSchema(client: Client): Promise<string | null> {
    const find = async (): Promise<string | null> => {
      const r = await client.query<{ s: string }>("SELECT extnamespace::regnamespace::text AS s FROM pg_extension WHERE extname = 'pg_trgm'");
      return r.rows[0]?.s.replace(/^"|"$/g, '') ?? null;
    };
    const found = await find();
    if (found) return found;
    await client.query('SAVEPOINT trgm');
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
      await client.query('RELEASE SAVEPOINT trgm');
      return await find();
    } catch {
      // Not installed on the server, or not allowed: substring filters then scan, as in SQLite.
      await client.query('ROLLBACK TO SAVEPOINT trgm');
      return null;
    }
  }

  /** Runs `fn`, retrying while the server cannot be reached (restarting), up to `retryMs`. */
  private async retrying<T>(fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.retryMs;
    let wait = 100;
    for (;;) {
      try {
        return await fn();
      } catch (e) {
        if (!this.connected || !isConnectionError(e) || Date.now() + wait > deadline || this.closed) throw e;
        await sleep(wait);
        wait = Math.min(wait * 2, 2_000);
      }
    }
  }

  /** One call: set up first, retry lost connections, and turn failures into messages. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    await this.init();
    try {
      return await this.retrying(fn);
    } catch (e) {
      throw pgStoreError(e, this.location);
    }
  }

  private async rows<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.call(async () => (await this.pool.query<R>(sql, params)).rows);
  }


  async has(id: string): Promise<boolean> {
    return (await this.rows('SELECT 1 FROM documents WHERE id = $1', [id])).length > 0;
  }

  async add(doc: DocumentIn, origin?: string): Promise<AddOutcome> {
    if (this.readonly) throw pgStoreError({ code: '25006', message: 'opened for reading' }, this.location);
    const flat = flatten(doc, origin ?? null, this.now().toISOString());
    return this.call(() => this.addOnce(flat));
  }

  private async addOnce(flat: FlatDoc): Promise<AddOutcome> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      // A connection cut between two statements reports here, not to a query: without a listener it would kill the process.
      const onError = (e: Error): void => void (broken = e);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const out = await this.insert(client, flat);
        await client.query(out.added ? 'COMMIT' : 'ROLLBACK');
        return out;
      } catch (e) {
        if (isConnectionError(e)) broken = e as Error;
        else await client.query('ROLLBACK').catch((r: unknown) => void (broken = r as Error));
        // Two writers that met on the same aggregate rows: one of them is told to try again.
        const code = (e as { code?: unknown }).code;
        if ((code === '40P01' || code === '40001') && attempt < 5 && !broken) continue;
        throw e;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    }
  }

  /** One document's rows, then what it adds to the kept counts and aggregates (each table's rows in key order). */
  private async insert(client: PoolClient, flat: FlatDoc, eventIds?: number[]): Promise<AddOutcome> {
    const d = flat.doc;
    const r = await client.query<{ doc: number }>(
      `INSERT INTO documents (id, title, author, source, url, published, day, origin, added_at, excerpt, sort_title, search_title, entities, quotes, events, rest)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (id) DO NOTHING RETURNING doc`,
      [d.id, d.title, d.author, d.source, d.url, d.published, d.day, d.origin, d.added_at, d.excerpt, d.sort_title, d.search_title, d.entities, d.quotes, d.events, d.rest],
    );
    if (r.rows.length === 0) return { added: false, entities: 0, quotes: 0, events: 0 };
    const docRow = r.rows[0].doc;
    await client.query('INSERT INTO texts (doc, text) VALUES ($1, $2)', [docRow, flat.text]);

    const eids = new Set<string>();
    for (const e of flat.entities) {
      if (eids.has(e.eid)) throw new Error(`document ${d.id}: entity id ${e.eid} appears twice`);
      eids.add(e.eid);
    }
    if (flat.entities.length) {
      const rows = flat.entities.map((e, ord) => ({ ...e, ord }));
      await bulk(client, 'INSERT INTO entities (doc, %c) SELECT $1, %u', ['ord', ...ENTITY_FIELDS], rows, [docRow]);
    }

    const speakers = new Map<string, number>();
    const sp = speakerDeltas(flat.quotes.map((q) => q.speaker_name));
    if (sp.length) {
      const got = await bulk<{ speaker: number; name: string }>(
        client,
        `INSERT INTO speakers (name, quotes) SELECT %u ORDER BY 1 ON CONFLICT (name) DO UPDATE SET quotes = speakers.quotes + excluded.quotes RETURNING speaker, name`,
        ['name', 'quotes'], sp, [],
      );
      for (const row of got) speakers.set(row.name, row.speaker);
    }
    if (flat.quotes.length) {
      const rows = flat.quotes.map((q) => ({ ...q, speaker: q.speaker_name === null ? null : speakers.get(q.speaker_name) ?? null, words: searchText(q.text) ?? '' }));
      const cols = ['speaker', 'words', ...QUOTE_FIELDS.filter((c) => c !== 'speaker_name')];
      await bulk(client, `INSERT INTO quotes (doc, %c) SELECT $1, %u`, cols, rows, [docRow], { words: `to_tsvector('${TS_CONFIG}', u.words)` });
    }

    let ids: number[] = [];
    if (flat.events.length) {
      if (eventIds) {
        const rows = flat.events.map((e, i) => ({ ...e, event: eventIds[i] }));
        await bulk(client, 'INSERT INTO events (doc, %c) OVERRIDING SYSTEM VALUE SELECT $1, %u', ['event', ...EVENT_FIELDS], rows, [docRow]);
        ids = eventIds;
      } else {
        const got = await bulk<{ event: number }>(client, 'INSERT INTO events (doc, %c) SELECT $1, %u RETURNING event', [...EVENT_FIELDS], flat.events, [docRow]);
        ids = got.map((x) => Number(x.event)).sort((a, b) => a - b);
      }
    }

    const groups = groupDeltas(flat.entities);
    if (groups.length) {
      await bulk(
        client,
        `INSERT INTO entity_groups (name, type, actor_code, country, sector, neg_docs, neg_mentions)
         SELECT u.name, u.type, u.actor_code, u.country, u.sector, -1, -u.mentions FROM unnest(%a) AS u(%c) ORDER BY 1, 2, 3
         ON CONFLICT (name, type, actor_code) DO UPDATE SET neg_docs = entity_groups.neg_docs - 1,
           neg_mentions = entity_groups.neg_mentions + excluded.neg_mentions,
           country = greatest(entity_groups.country, excluded.country), sector = greatest(entity_groups.sector, excluded.sector)`,
        ['name', 'type', 'actor_code', 'country', 'sector', 'mentions'], groups, [],
      );
    }
    await this.writeAggregates(client, statDeltas(flat.events, ids));
    await client.query(
      `INSERT INTO counts AS c (shard, documents, entities, mentions, quotes, events) VALUES ($1, 1, $2, $3, $4, $5)
       ON CONFLICT (shard) DO UPDATE SET documents = c.documents + 1, entities = c.entities + $2, mentions = c.mentions + $3,
         quotes = c.quotes + $4, events = c.events + $5`,
      [Math.floor(Math.random() * COUNT_SHARDS), flat.entities.length, d.mentions, flat.quotes.length, flat.events.length],
    );
    await client.query('DELETE FROM claims WHERE id = $1', [d.id]);
    return { added: true, entities: flat.entities.length, quotes: flat.quotes.length, events: flat.events.length };
  }

  private async writeAggregates(client: PoolClient, d: StatDeltas): Promise<void> {
    const acc = ACC_FIELDS as readonly string[];
    const add = (t: string): string => acc.map((k) => `${k} = ${t}.${k} + excluded.${k}`).join(', ');
    if (d.days.length) {
      await bulk(client, `INSERT INTO stat_days (%c) SELECT %u ORDER BY 1 ON CONFLICT (day) DO UPDATE SET ${add('stat_days')}`, ['day', ...acc], d.days, []);
    }
    if (d.edges.length) {
      const got = await bulk<{ bucket: string; inserted: boolean }>(
        client,
        `INSERT INTO stat_edges (%c) SELECT %u ORDER BY 1, 2, 3 ON CONFLICT (bucket, skey, tkey) DO UPDATE SET ${add('stat_edges')}
         RETURNING bucket, (xmax = 0) AS inserted`,
        ['bucket', 'skey', 'tkey', ...acc], d.edges, [],
      );
      const fresh = new Map<string, number>();
      for (const g of got) if (g.inserted) fresh.set(g.bucket, (fresh.get(g.bucket) ?? 0) + 1);
      if (fresh.size) {
        const rows = [...fresh.entries()].map(([bucket, pairs]) => ({ bucket, pairs }));
        await bulk(client, 'INSERT INTO stat_pairs (%c) SELECT %u ORDER BY 1 ON CONFLICT (bucket) DO UPDATE SET pairs = stat_pairs.pairs + excluded.pairs', ['bucket', 'pairs'], rows, []);
      }
    }
    if (d.labels.length) {
      await bulk(
        client,
        `INSERT INTO stat_labels (%c) SELECT %u ORDER BY 1, 2, 3 ON CONFLICT (bucket, akey, label) DO UPDATE SET
           n_out = stat_labels.n_out + excluded.n_out, n_in = stat_labels.n_in + excluded.n_in`,
        ['bucket', 'akey', 'label', 'n_out', 'n_in'], d.labels, [],
      );
    }
    if (d.places.length) {
      const first = (c: string): string =>
        `${c} = CASE WHEN (excluded.first_day, excluded.first_event) < (stat_places.first_day, stat_places.first_event) THEN excluded.${c} ELSE stat_places.${c} END`;
      await bulk(
        client,
        `INSERT INTO stat_places (%c) SELECT %u ORDER BY 1, 2 ON CONFLICT (bucket, pkey) DO UPDATE SET ${add('stat_places')},
           ${['country', 'lat', 'lon', 'first_event', 'first_day'].map(first).join(', ')}`,
        ['bucket', 'pkey', ...acc, 'first_day', 'first_event', 'country', 'lat', 'lon'], d.places, [],
      );
    }
    if (d.tallies.length) {
      await bulk(
        client,
        'INSERT INTO stat_tallies (%c) SELECT %u ORDER BY 1, 2, 3 ON CONFLICT (bucket, kind, value) DO UPDATE SET n = stat_tallies.n + excluded.n',
        ['bucket', 'kind', 'value', 'n'], d.tallies, [],
      );
    }
  }

  // ---------------------------------------------------------------- one document

  private async assembleDocs(q: <R extends QueryResultRow>(sql: string, params: unknown[]) => Promise<R[]>, docs: (StoredDoc & { doc: number })[]): Promise<DocumentIn[]> {
    if (!docs.length) return [];
    const ids = docs.map((d) => d.doc);
    const group = <R extends { doc: number }>(rows: R[]): Map<number, R[]> => {
      const m = new Map<number, R[]>();
      for (const r of rows) {
        const list = m.get(r.doc);
        if (list) list.push(r);
        else m.set(r.doc, [r]);
      }
      return m;
    };
    const quoteCols = QUOTE_FIELDS.filter((c) => c !== 'speaker_name').map((c) => `q.${c}`).join(', ');
    const [texts, ents, quotes, events] = await Promise.all([
      q<{ doc: number; text: string }>('SELECT doc, text FROM texts WHERE doc = ANY($1::bigint[])', [ids]),
      q<EntityRowIn & { doc: number }>('SELECT * FROM entities WHERE doc = ANY($1::bigint[]) ORDER BY doc, ord', [ids]),
      q<QuoteRowIn & { doc: number }>(
        `SELECT q.doc, ${quoteCols}, s.name AS speaker_name FROM quotes q LEFT JOIN speakers s ON s.speaker = q.speaker
         WHERE q.doc = ANY($1::bigint[]) ORDER BY q.doc, q.quote`,
        [ids],
      ),
      q<EventRowIn & { doc: number }>('SELECT * FROM events WHERE doc = ANY($1::bigint[]) ORDER BY doc, event', [ids]),
    ]);
    const textOf = new Map(texts.map((t) => [t.doc, t.text]));
    const e = group(ents);
    const qs = group(quotes);
    const ev = group(events);
    return docs.map((d) => assemble(d, textOf.get(d.doc) ?? '', e.get(d.doc) ?? [], qs.get(d.doc) ?? [], ev.get(d.doc) ?? []));
  }

  async document(id: string): Promise<DocumentIn | undefined> {
    const found = await this.rows<StoredDoc & { doc: number }>(`SELECT ${DOC_COLS} FROM documents WHERE id = $1`, [id]);
    if (!found.length) return undefined;
    return (await this.assembleDocs((sql, params) => this.rows(sql, params), found))[0];
  }

  // ---------------------------------------------------------------- lists

  async quotesPage(f: QuoteFilter = {}): Promise<Paged<QuoteRow>> {
    const p = new Params();
    const where: string[] = [];
    if (f.document) where.push(`q.doc = (SELECT doc FROM documents WHERE id = ${p.add(f.document)})`);
    if (f.text) {
      const words = searchText(f.text);
      if (words) where.push(`q.words @@ plainto_tsquery('${TS_CONFIG}', ${p.add(words)})`);
    }
    if (f.since) where.push(`q.day >= ${p.add(f.since)}`);
    if (f.until) where.push(`q.day <= ${p.add(f.until)} AND q.day > ''`);
    if (f.minConfidence !== undefined) where.push(`q.confidence >= ${p.add(f.minConfidence)}`);
    const after = f.after !== undefined ? parseKey(f.after, 2) : undefined;
    if (after) {
      const day = p.add(String(after[0]));
      where.push(`q.day <= ${day} AND (q.day < ${day} OR q.quote > ${p.add(Number(after[1]))})`);
    }
    if (f.speaker) {
      const found = await this.rows<{ speaker: number; quotes: number }>('SELECT speaker, quotes FROM speakers WHERE herald_fold(name) LIKE $1', [foldedSubstring(f.speaker)]);
      if (!found.length) return { rows: [], keys: [] };
      // Few quotes: fetch them by the speaker index and sort; many: walk the list in order and keep theirs.
      const walk = found.reduce((a, r) => a + Number(r.quotes), 0) > SPEAKER_SORT_MAX;
      where.push(`${walk ? '(q.speaker + 0)' : 'q.speaker'} = ANY(${p.add(found.map((r) => r.speaker))}::bigint[])`);
    }
    const sql = `SELECT ${QUOTE_COLUMNS}, q.day AS k1, q.quote AS k2 FROM ${QUOTE_FROM}
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY q.day DESC, q.quote LIMIT ${p.add(f.limit ? f.limit : null)} OFFSET ${p.add(after ? 0 : (f.offset ?? 0))}`;
    const rows = await this.rows<QuoteRow & { k1: string; k2: number }>(sql, p.values);
    return strip(rows, (r) => [r.k1, r.k2], ['k1', 'k2']);
  }

  async quotes(f: QuoteFilter = {}): Promise<QuoteRow[]> {
    return (await this.quotesPage(f)).rows;
  }

  private eventWhere(f: EventFilter, p: Params): string[] {
    const where: string[] = [];
    if (f.document) where.push(`e.doc = (SELECT doc FROM documents WHERE id = ${p.add(f.document)})`);
    for (const side of ['source', 'target'] as const) {
      const code = f[side];
      if (code) where.push(`e.${side}_code LIKE ${p.add(escapeLike(code.toUpperCase()) + '%')}`);
    }
    if (f.cameo) {
      if (/^\d{2}$/.test(f.cameo)) where.push(`e.cameo_root = ${p.add(f.cameo)}`);
      else where.push(`e.cameo_code LIKE ${p.add(escapeLike(f.cameo) + '%')}`);
    }
    if (f.plover) where.push(`e.plover_type = ${p.add(f.plover.toUpperCase())}`);
    if (f.since) where.push(`e.day >= ${p.add(f.since)}`);
    if (f.until) where.push(`e.day <= ${p.add(f.until)} AND e.day > ''`);
    return where;
  }

  async eventsPage(f: EventFilter = {}): Promise<Paged<EventRow>> {
    const p = new Params();
    const where = this.eventWhere(f, p);
    const after = f.after !== undefined ? parseKey(f.after, 2) : undefined;
    if (after) {
      const day = p.add(String(after[0]));
      where.push(`e.day <= ${day} AND (e.day < ${day} OR e.event > ${p.add(Number(after[1]))})`);
    }
    const sql = `SELECT ${EVENT_COLUMNS}, e.day AS k1 FROM ${EVENT_FROM}
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY e.day DESC, e.event LIMIT ${p.add(f.limit ? f.limit : null)} OFFSET ${p.add(after ? 0 : (f.offset ?? 0))}`;
    const rows = await this.rows<EventRow & { k1: string }>(sql, p.values);
    return strip(rows, (r) => [r.k1, r.event_id], ['k1']);
  }

  async events(f: EventFilter = {}): Promise<EventRow[]> {
    return (await this.eventsPage(f)).rows;
  }

  async entitiesPage(f: EntityFilter = {}): Promise<Paged<EntityRow>> {
    const p = new Params();
    const where: string[] = [];
    if (f.name) where.push(`herald_fold(g.name) LIKE ${p.add(foldedSubstring(f.name))}`);
    if (f.type) where.push(`g.type = ${p.add(f.type.toUpperCase())}`);
    const after = f.after !== undefined ? parseKey(f.after, 5) : undefined;
    if (after) where.push(`(g.neg_docs, g.neg_mentions, g.name, g.type, g.actor_code) > (${after.map((v) => p.add(v)).join(', ')})`);
    const sql = `SELECT ${ENTITY_COLUMNS}, g.neg_docs AS k1, g.neg_mentions AS k2, g.type AS k4, g.actor_code AS k5 FROM entity_groups g
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY g.neg_docs, g.neg_mentions, g.name, g.type, g.actor_code
      LIMIT ${p.add(f.limit ? f.limit : null)} OFFSET ${p.add(after ? 0 : (f.offset ?? 0))}`;
    const rows = await this.rows<EntityRow & { k1: number; k2: number; k4: string; k5: string }>(sql, p.values);
    return strip(rows, (r) => [r.k1, r.k2, r.name, r.k4, r.k5], ['k1', 'k2', 'k4', 'k5']);
  }

  async entities(f: EntityFilter = {}): Promise<EntityRow[]> {
    return (await this.entitiesPage(f)).rows;
  }

  async documentsPage(f: DocumentFilter = {}): Promise<Paged<DocumentSummary>> {
    const p = new Params();
    const where: string[] = [];
    if (f.title) where.push(`d.search_title LIKE ${p.add(`%${escapeLike(f.title.toLowerCase())}%`)}`);
    const after = f.after !== undefined ? parseKey(f.after, 3) : undefined;
    if (after) {
      const pub = p.add(String(after[0]));
      where.push(`coalesce(d.published, '') <= ${pub} AND (coalesce(d.published, '') < ${pub} OR (d.sort_title, d.id) > (${p.add(String(after[1]))}, ${p.add(String(after[2]))}))`);
    }
    const sql = `SELECT ${DOCUMENT_SUMMARY_COLUMNS}, d.sort_title AS k FROM documents d
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY coalesce(d.published, '') DESC, d.sort_title, d.id
      LIMIT ${p.add(f.limit ? f.limit : null)} OFFSET ${p.add(after ? 0 : (f.offset ?? 0))}`;
    const rows = await this.rows<DocumentSummary & { k: string }>(sql, p.values);
    return strip(rows, (r) => [r.published ?? '', r.k, r.id], ['k']);
  }

  // ---------------------------------------------------------------- stats

  private cubeKeeper?: CubeKeeper;

  private aggregates(): AggregateReader {
    const acc = ACC_FIELDS.map((k) => `sum(${k})::bigint AS ${k}`).join(', ');
    const where = (set: BucketSet, p: Params): string => (set === 'A' ? "bucket = 'A'" : `bucket BETWEEN ${p.add(`D${set.lo}`)} AND ${p.add(`D${set.hi}`)}`);
    this.cubeKeeper ??= new CubeKeeper(
      {
        // In one read-only snapshot, through cursors, a batch at a time: the build never holds the event loop long.
        read: async (fn) => {
          for await (const q of this.snapshot()) {
            const [c] = await q<{ n: number }>('SELECT coalesce(sum(documents), 0)::bigint AS n FROM counts', []);
            let cursor = 0;
            return await fn(Number(c.n), (table) =>
              (async function* () {
                const name = `herald_cube_${cursor++}`;
                await q(`DECLARE ${name} NO SCROLL CURSOR FOR ${table === 'stat_days' ? 'SELECT * FROM stat_days' : `SELECT * FROM ${table} WHERE bucket >= 'D' AND bucket < 'E'`}`, []);
                for (;;) {
                  const rows = await q<Record<string, unknown>>(`FETCH 5000 FROM ${name}`, []);
                  if (rows.length) yield rows as never;
                  if (rows.length < 5000) break;
                }
                await q(`CLOSE ${name}`, []);
              })(),
            );
          }
          throw new Error('no snapshot');
        },
      },
      async () => (await this.counts()).documents,
    );
    const keeper = this.cubeKeeper;
    return {
      dayBounds: async () => {
        const [r] = await this.rows<{ min: string | null; max: string | null }>(
          "SELECT (SELECT day FROM stat_days WHERE day > '' ORDER BY day LIMIT 1) AS min, (SELECT day FROM stat_days WHERE day > '' ORDER BY day DESC LIMIT 1) AS max",
        );
        return { min: r.min ?? '', max: r.max ?? '' };
      },
      days: (lo, hi, undated) =>
        lo === null || hi === null
          ? this.rows('SELECT * FROM stat_days')
          : this.rows(`SELECT * FROM stat_days WHERE (day BETWEEN $1 AND $2 AND day > '')${undated ? " OR day = ''" : ''}`, [lo, hi]),
      edges: async (set, limit) => {
        if (set === 'A') {
          const [rows, total] = await Promise.all([
            this.rows<EdgeAgg>(`SELECT * FROM stat_edges WHERE bucket = 'A' ORDER BY events DESC, skey || ' ' || tkey LIMIT $1`, [limit]),
            this.rows<{ pairs: number }>("SELECT pairs FROM stat_pairs WHERE bucket = 'A'"),
          ]);
          return { rows, total: Number(total[0]?.pairs ?? 0) };
        }
        const p = new Params();
        const w = where(set, p);
        const rows = await this.rows<EdgeAgg & { total: number }>(
          `SELECT skey, tkey, ${acc}, count(*) OVER () AS total FROM stat_edges WHERE ${w}
           GROUP BY skey, tkey ORDER BY events DESC, skey || ' ' || tkey LIMIT ${p.add(Math.max(1, limit))}`,
          p.values,
        );
        return { rows: rows.slice(0, limit), total: rows.length ? Number(rows[0].total) : 0 };
      },
      labels: (set, keys) => {
        const p = new Params();
        const w = where(set, p);
        return this.rows(
          `SELECT akey, label, sum(n_out)::bigint AS n_out, sum(n_in)::bigint AS n_in FROM stat_labels
           WHERE ${w} AND akey = ANY(${p.add(keys)}::text[]) GROUP BY akey, label`,
          p.values,
        );
      },
      places: (set) => {
        const p = new Params();
        return this.rows(`SELECT * FROM stat_places WHERE ${where(set, p)}`, p.values);
      },
      tallies: (set) => {
        const p = new Params();
        return this.rows(`SELECT kind, value, n FROM stat_tallies WHERE ${where(set, p)}`, p.values);
      },
      cube: (stamp) => keeper.get(stamp),
    };
  }

  /** Builds what makes the stats of date ranges fast (the server calls this once at start). */
  async prepare(): Promise<void> {
    this.aggregates();
    await this.cubeKeeper?.prepare();
  }

  async stats(f: StatsFilter, maxEdges: number, known?: StoreCounts): Promise<Stats> {
    const counts = known ?? (await this.counts());
    if (!f.source && !f.target && !f.cameo && !f.plover) {
      return statsFromAggregates(this.aggregates(), { since: f.since, until: f.until }, counts, maxEdges);
    }
    // Other filters read the events they match, through their indexes, in date order (undated last).
    const p = new Params();
    const where = this.eventWhere(f, p);
    const sql = `SELECT ${STATS_EVENT_COLUMNS} FROM events e WHERE ${[...where, NOT_RESTATED].join(' AND ')} ORDER BY e.day = '', e.day, e.event`;
    return computeStats(this.stream<StatsEventRow>(sql, p.values), counts, { maxEdges });
  }

  // ---------------------------------------------------------------- streams, counts, claims

  async *allDocuments(): AsyncGenerator<DocumentIn> {
    const batch = Math.min(this.batchRows, 100);
    for await (const q of this.snapshot()) {
      let last = -1;
      for (;;) {
        const docs = await q<StoredDoc & { doc: number }>(`SELECT ${DOC_COLS} FROM documents WHERE doc > $1 ORDER BY doc LIMIT ${batch}`, [last]);
        if (!docs.length) break;
        last = docs[docs.length - 1].doc;
        for (const d of await this.assembleDocs(q, docs)) yield d;
        if (docs.length < batch) break;
      }
    }
  }

  async *allEvents(f: EventFilter = {}): AsyncGenerator<EventRow> {
    const p = new Params();
    const where = this.eventWhere(f, p);
    const sql = `SELECT ${EVENT_COLUMNS} FROM ${EVENT_FROM} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY e.day = '', e.day, e.event`;
    yield* this.stream<EventRow>(sql, p.values);
  }

  /**
   * One read-only snapshot (REPEATABLE READ) on a connection of its own, for a stream that runs several
   * queries: yields its query function once, and ends the transaction however the loop ends.
   */
  private async *snapshot(): AsyncGenerator<<R extends QueryResultRow>(sql: string, params: unknown[]) => Promise<R[]>> {
    await this.init();
    let client: PoolClient;
    try {
      client = await this.retrying(() => this.pool.connect());
    } catch (e) {
      throw pgStoreError(e, this.location);
    }
    let broken: Error | undefined;
    const onError = (e: Error): void => void (broken = e);
    client.on('error', onError);
    const q = async <R extends QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> => {
      try {
        return (await client.query<R>(text, values)).rows;
      } catch (e) {
        if (isConnectionError(e)) broken = e as Error;
        throw pgStoreError(e, this.location);
      }
    };
    try {
      await q('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      yield q;
    } finally {
      if (!broken) await client.query('ROLLBACK').catch((e: unknown) => void (broken = e as Error));
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * Streams rows through a server-side cursor in one read-only snapshot, a batch at a time, on a connection of
   * its own (other calls go on meanwhile). Breaking out of the loop closes the cursor.
   */
  private async *stream<R extends QueryResultRow>(sql: string, params: unknown[], batchRows?: number): AsyncGenerator<R> {
    const batch = batchRows ?? this.batchRows;
    for await (const q of this.snapshot()) {
      await q(`DECLARE herald_rows NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        const rows = await q<R>(`FETCH ${batch} FROM herald_rows`, []);
        for (const row of rows) yield row;
        if (rows.length < batch) break;
      }
    }
  }

  async counts(): Promise<StoreCounts> {
    // Kept at ingest, so this reads at most COUNT_SHARDS rows however large the corpus.
    const found = await this.rows<StoreCounts>(`SELECT coalesce(sum(documents), 0)::bigint AS documents,
      coalesce(sum(entities), 0)::bigint AS entities, coalesce(sum(mentions), 0)::bigint AS mentions,
      coalesce(sum(quotes), 0)::bigint AS quotes, coalesce(sum(events), 0)::bigint AS events FROM counts`);
    return found[0];
  }

  async claim(ids: string[], owner: string, ttlMs: number): Promise<string[]> {
    if (this.readonly) throw pgStoreError({ code: '25006', message: 'opened for reading' }, this.location);
    if (!ids.length) return [];
    const now = this.now().getTime();
    const got = await this.rows<{ id: string }>(
      `INSERT INTO claims (id, owner, until) SELECT u.id, $2, $3 FROM unnest($1::text[]) AS u(id)
       WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = u.id) ORDER BY 1
       ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, until = excluded.until WHERE claims.until < $4 OR claims.owner = excluded.owner
       RETURNING id`,
      [ids, owner, now + ttlMs, now],
    );
    const held = new Set(got.map((r) => r.id));
    return ids.filter((id) => held.has(id));
  }

  async release(ids: string[], owner: string): Promise<void> {
    if (this.readonly || !ids.length) return;
    await this.rows('DELETE FROM claims WHERE id = ANY($1::text[]) AND owner = $2', [ids, owner]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready?.catch(() => undefined);
    await this.pool?.end();
  }
}

const DOC_COLS = 'doc, id, title, author, source, url, published, rest';

/** Quotes of the matching speakers above this many: read in list order instead of sorting them. */
const SPEAKER_SORT_MAX = 20_000;

/** Rows without their key columns, and the keys for `after`. */
function strip<R extends object>(rows: R[], key: (r: R) => unknown[], hidden: string[]): Paged<R> {
  const keys = rows.map((r) => keyOf(key(r)));
  for (const r of rows) for (const h of hidden) delete (r as Record<string, unknown>)[h];
  return { rows, keys };
}

const NUMERIC_TYPES: Record<string, string> = {
  ord: 'int', mentions: 'int', span_start: 'int', span_end: 'int', cue_start: 'int', cue_end: 'int', speaker_start: 'int', speaker_end: 'int',
  trigger_start: 'int', trigger_end: 'int', sentence: 'int', sentence_start: 'int', sentence_end: 'int', source_start: 'int', source_end: 'int',
  target_start: 'int', target_end: 'int', quad_class: 'int', confidence: 'float8', goldstein: 'float8', lat: 'float8', lon: 'float8',
  speaker: 'bigint', event: 'bigint', quotes: 'bigint', pairs: 'bigint', events: 'bigint', q1: 'bigint', q2: 'bigint', q3: 'bigint', q4: 'bigint',
  g100: 'bigint', gn: 'bigint', n_out: 'bigint', n_in: 'bigint', first_event: 'bigint', n: 'bigint',
};

/**
 * A bulk statement over rows, as columns of arrays: in `sql`, `%c` is the column list, `%u` the select list of
 * `unnest(...) AS u(...)` in row order (with `exprs` replacing a column's plain value), `%a` the arrays alone;
 * `fixed` parameters come first ($1, …).
 */
async function bulk<R extends QueryResultRow = QueryResultRow>(
  client: PoolClient,
  sql: string,
  cols: readonly string[],
  rows: readonly object[],
  fixed: unknown[],
  exprs: Record<string, string> = {},
): Promise<R[]> {
  const arrays = cols.map((c) => rows.map((r) => (r as Record<string, unknown>)[c] ?? null));
  const typed = cols.map((c, i) => `$${fixed.length + i + 1}::${NUMERIC_TYPES[c] ?? 'text'}[]`).join(', ');
  const select = `${cols.map((c) => exprs[c] ?? `u.${c}`).join(', ')} FROM unnest(${typed}) WITH ORDINALITY AS u(${cols.join(', ')}, ord_)`;
  const text = sql.includes('%u')
    ? sql.replace('%c', cols.join(', ')).replace('%u', /%u\s+ORDER BY/.test(sql) ? select : `${select} ORDER BY u.ord_`)
    : sql.replace('%a', typed).replace('%c', cols.join(', '));
  return (await client.query<R>(text, [...fixed, ...arrays])).rows;
}
