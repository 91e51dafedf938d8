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
 *
 * The class is the entry point; its parts are in postgres/: the connection string, the driver and the error
 * messages (connection.ts), the schema and its migrations (migrate.ts), the write path (write.ts), one
 * document and the lists (read.ts), and the stats' aggregates (stats.ts).
 */
import type { Pool, PoolClient, PoolConfig, QueryResultRow } from 'pg';
import { HeraldError } from '../text/errors.js';
import { statsFromAggregates } from './aggregates.js';
import { DOC_COLUMNS, EVENT_COLUMNS, EVENT_FROM, NOT_RESTATED, STATS_EVENT_COLUMNS } from './rows.js';
import { flatten } from './shape.js';
import { computeStats, type StatsEventRow } from './stats.js';
import { isConnectionError, isPostgresUrl, loadPg, maskPassword, parseTarget, pgStoreError, sleep, typesOf, type Query, type Target } from './postgres/connection.js';
import { upgrade } from './postgres/migrate.js';
import { assembleDocs, documentById, documentsPage, entitiesPage, eventsPage, eventWhere, Params, quotesPage, type DocRow } from './postgres/read.js';
import { PgStats } from './postgres/stats.js';
import { addDocument } from './postgres/write.js';
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

export { isConnectionError, isPostgresUrl, maskPassword, parseTarget, pgStoreError };

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
  private readonly aggs: PgStats;
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
    this.aggs = new PgStats({
      rows: this.query,
      snapshot: () => this.snapshot(),
      documents: async () => (await this.counts()).documents,
    });
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
      await upgrade(client, this, this.readonly);
    } finally {
      await client.end().catch(() => undefined);
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

  /** `rows` for the functions in postgres/ that read through the pool. */
  private readonly query: Query = (sql, params) => this.rows(sql, params);

  async has(id: string): Promise<boolean> {
    return (await this.rows('SELECT 1 FROM documents WHERE id = $1', [id])).length > 0;
  }

  async add(doc: DocumentIn, origin?: string): Promise<AddOutcome> {
    if (this.readonly) throw pgStoreError({ code: '25006', message: 'opened for reading' }, this.location);
    const flat = flatten(doc, origin ?? null, this.now().toISOString());
    return this.call(() => addDocument(this.pool, flat));
  }

  // ---------------------------------------------------------------- one document

  async document(id: string): Promise<DocumentIn | undefined> {
    return documentById(this.query, id);
  }

  // ---------------------------------------------------------------- lists

  quotesPage(f: QuoteFilter = {}): Promise<Paged<QuoteRow>> {
    return quotesPage(this.query, f);
  }

  async quotes(f: QuoteFilter = {}): Promise<QuoteRow[]> {
    return (await this.quotesPage(f)).rows;
  }

  eventsPage(f: EventFilter = {}): Promise<Paged<EventRow>> {
    return eventsPage(this.query, f);
  }

  async events(f: EventFilter = {}): Promise<EventRow[]> {
    return (await this.eventsPage(f)).rows;
  }

  entitiesPage(f: EntityFilter = {}): Promise<Paged<EntityRow>> {
    return entitiesPage(this.query, f);
  }

  async entities(f: EntityFilter = {}): Promise<EntityRow[]> {
    return (await this.entitiesPage(f)).rows;
  }

  documentsPage(f: DocumentFilter = {}): Promise<Paged<DocumentSummary>> {
    return documentsPage(this.query, f);
  }

  // ---------------------------------------------------------------- stats

  /** Builds what makes the stats of date ranges fast (the server calls this once at start). */
  async prepare(): Promise<void> {
    await this.aggs.prepare();
  }

  async stats(f: StatsFilter, maxEdges: number, known?: StoreCounts): Promise<Stats> {
    const counts = known ?? (await this.counts());
    if (!f.source && !f.target && !f.cameo && !f.plover) {
      return statsFromAggregates(this.aggs.reader(), { since: f.since, until: f.until }, counts, maxEdges);
    }
    // Other filters read the events they match, through their indexes, in date order (undated last).
    const p = new Params();
    const where = eventWhere(f, p);
    const sql = `SELECT ${STATS_EVENT_COLUMNS} FROM events e WHERE ${[...where, NOT_RESTATED].join(' AND ')} ORDER BY e.day = '', e.day, e.event`;
    return computeStats(this.stream<StatsEventRow>(sql, p.values), counts, { maxEdges });
  }

  // ---------------------------------------------------------------- streams, counts, claims

  async *allDocuments(): AsyncGenerator<DocumentIn> {
    const batch = Math.min(this.batchRows, 100);
    for await (const q of this.snapshot()) {
      let last = -1;
      for (;;) {
        const docs = await q<DocRow>(`SELECT ${DOC_COLUMNS} FROM documents WHERE doc > $1 ORDER BY doc LIMIT ${batch}`, [last]);
        if (!docs.length) break;
        last = docs[docs.length - 1].doc;
        for (const d of await assembleDocs(q, docs)) yield d;
        if (docs.length < batch) break;
      }
    }
  }

  async *allEvents(f: EventFilter = {}): AsyncGenerator<EventRow> {
    const p = new Params();
    const where = eventWhere(f, p);
    const sql = `SELECT ${EVENT_COLUMNS} FROM ${EVENT_FROM} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY e.day = '', e.day, e.event`;
    yield* this.stream<EventRow>(sql, p.values);
  }

  /**
   * One read-only snapshot (REPEATABLE READ) on a connection of its own, for a stream that runs several
   * queries: yields its query function once, and ends the transaction however the loop ends.
   */
  private async *snapshot(): AsyncGenerator<Query> {
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
