/**
 * The shared store: a PostgreSQL database (the `pg` driver and its connection pool) holding the same tables as
 * the SQLite file and giving the same rows for every query. Each document goes in with all its layers in one
 * transaction, `ON CONFLICT DO NOTHING` on its sha256 id, so any number of processes on any number of machines
 * can add the same article and it is stored once. Quotes are searched with a tsvector and a GIN index
 * (English stemming, the same query syntax as SQLite's FTS5 path). A lost connection (the server restarting)
 * is retried for a while before a call fails. Passwords never appear in a message: `location` is the connection
 * string without one.
 */
import type { Client, Pool, PoolClient, PoolConfig, QueryResultRow } from 'pg';
import { HeraldError } from '../text/errors.js';
import { APPLICATION, COUNT_SHARDS, META_TABLE, PG_MIGRATIONS, PG_SCHEMA_VERSION, TS_CONFIG, ident, type MigrationContext } from './pg-schema.js';
import { EVENT_COLUMNS, isoDay, listText, n, packResult, QUOTE_COLUMNS, rebuild, searchWords, sentenceOf, type Value } from './rows.js';
import type {
  AddOutcome,
  DocumentIn,
  EntityFilter,
  EntityRow,
  EventFilter,
  EventRow,
  QuoteFilter,
  QuoteRow,
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

/** The text the tsvector and the tsquery are built from: words only, diacritics removed (as FTS5's remove_diacritics). */
export function searchText(s: string): string | null {
  const words = searchWords(s.normalize('NFD').replace(/\p{M}+/gu, ''));
  return words ? words.join(' ') : null;
}

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

  private constructor(target: Target, opts: PostgresOptions) {
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
    return new PostgresStore(parseTarget(url), opts);
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
      const ctx: MigrationContext = { trgm: await this.trigramSchema(client) };
      await client.query(`SET LOCAL search_path = ${s}`);
      for (let v = version; v < PG_SCHEMA_VERSION; v++) await client.query(PG_MIGRATIONS[v](ctx));
      await client.query(`UPDATE ${s}.${META_TABLE} SET value = $1 WHERE key = 'schema_version'`, [String(PG_SCHEMA_VERSION)]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
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
    if (typeof doc.text !== 'string') throw new Error(`document ${doc.id}: the result has no text; analyse with text included to store it`);
    return this.call(() => this.addOnce(doc, origin ?? null));
  }

  private async addOnce(doc: DocumentIn, origin: string | null): Promise<AddOutcome> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A connection cut between two statements reports here, not to a query: without a listener it would kill the process.
    const onError = (e: Error): void => void (broken = e);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const out = await this.insert(client, doc, origin);
      await client.query(out.added ? 'COMMIT' : 'ROLLBACK');
      return out;
    } catch (e) {
      if (isConnectionError(e)) broken = e as Error;
      else await client.query('ROLLBACK').catch((r: unknown) => void (broken = r as Error));
      throw e;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  private async insert(client: PoolClient, doc: DocumentIn, origin: string | null): Promise<AddOutcome> {
    const meta = doc.meta ?? {};
    const text = doc.text as string;
    const day = isoDay(meta.published);
    const r = await client.query<{ doc: number }>(
      `INSERT INTO documents (id, title, author, source, url, published, day, origin, text, result, added_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING doc`,
      [doc.id, n(meta.title), n(meta.author), n(meta.source), n(meta.url), n(meta.published), day, origin, text, packResult(doc), this.now().toISOString()],
    );
    if (r.rows.length === 0) return { added: false, entities: 0, quotes: 0, events: 0 };
    const docRow = r.rows[0].doc;

    const entities = doc.entities ?? [];
    const entityRow = new Map<string, number>();
    if (entities.length) {
      const cols: Value[][] = [[], [], [], [], [], [], []];
      for (const ent of entities) {
        const a = ent.actor ?? null;
        [ent.id, n(ent.type), ent.name ?? '', n(a?.code), n(a?.country), n(a?.sector), (ent.mentions ?? []).length].forEach((v, i) => cols[i].push(v));
      }
      const er = await client.query<{ entity: number; eid: string }>(
        `INSERT INTO entities (doc, eid, type, name, actor_code, actor_country, actor_sector, mentions)
         SELECT $1, u.eid, u.type, u.name, u.code, u.country, u.sector, u.mentions
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])
           WITH ORDINALITY AS u(eid, type, name, code, country, sector, mentions, ord)
         ORDER BY u.ord RETURNING entity, eid`,
        [docRow, ...cols],
      );
      for (const row of er.rows) entityRow.set(row.eid, row.entity);
      const m: Value[][] = [[], [], [], [], []];
      for (const ent of entities) {
        for (const x of ent.mentions ?? []) {
          [entityRow.get(ent.id) ?? null, x.start, x.end, n(x.text ?? text.slice(x.start, x.end)), n(x.kind)].forEach((v, i) => m[i].push(v));
        }
      }
      if (m[0].length) {
        await client.query(
          `INSERT INTO mentions (entity, doc, span_start, span_end, text, kind)
           SELECT u.entity, $1, u.s, u.e, u.text, u.kind FROM unnest($2::bigint[], $3::int[], $4::int[], $5::text[], $6::text[]) AS u(entity, s, e, text, kind)`,
          [docRow, ...m],
        );
      }
    }
    const ref = (id: string | null | undefined): number | null => (id ? entityRow.get(id) ?? null : null);

    const quotes = doc.quotes ?? [];
    if (quotes.length) {
      const c: Value[][] = Array.from({ length: 16 }, () => []);
      for (const q of quotes) {
        const sp = q.speaker ?? null;
        const cue = q.cue ?? null;
        const qt = q.text ?? text.slice(q.start, q.end);
        [
          q.id, n(q.kind), q.start, q.end, qt, n(cue?.start), n(cue?.end), n(cue?.text),
          ref(sp?.entity), n(sp?.name ?? sp?.text), n(sp?.start), n(sp?.end), n(sp?.text), n(q.confidence), day, searchText(qt) ?? '',
        ].forEach((v, i) => c[i].push(v));
      }
      await client.query(
        `INSERT INTO quotes (doc, qid, kind, span_start, span_end, text, cue_start, cue_end, cue_text,
           speaker_entity, speaker_name, speaker_start, speaker_end, speaker_text, confidence, day, words)
         SELECT $1, u.qid, u.kind, u.s, u.e, u.text, u.cs, u.ce, u.ct, u.se, u.sn, u.ss, u.sx, u.st, u.conf, u.day, to_tsvector('${TS_CONFIG}', u.words)
         FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::int[], $8::int[], $9::text[],
                     $10::bigint[], $11::text[], $12::int[], $13::int[], $14::text[], $15::float8[], $16::text[], $17::text[])
           WITH ORDINALITY AS u(qid, kind, s, e, text, cs, ce, ct, se, sn, ss, sx, st, conf, day, words, ord)
         ORDER BY u.ord`,
        [docRow, ...c],
      );
    }

    const events = doc.events ?? [];
    if (events.length) {
      const sentences = doc.sentences ?? [];
      const c: Value[][] = Array.from({ length: 33 }, () => []);
      for (const ev of events) {
        const s = sentenceOf(ev, sentences);
        const src = ev.source ?? null;
        const tgt = ev.target ?? null;
        const cameo = ev.cameo ?? null;
        const plover = ev.plover ?? null;
        const loc = ev.location ?? null;
        const code = cameo?.code ?? null;
        [
          ev.id, n(ev.trigger?.start), n(ev.trigger?.end), n(ev.trigger?.text),
          s ? s.index : null, s ? text.slice(s.start, s.end) : null,
          ref(src?.entity), n(src?.name), n(src?.actor?.code), n(src?.actor?.country), n(src?.actor?.sector),
          ref(tgt?.entity), n(tgt?.name), n(tgt?.actor?.code), n(tgt?.actor?.country), n(tgt?.actor?.sector),
          n(code), n(cameo?.name), n(cameo?.root ?? (code ? code.slice(0, 2) : null)), n(cameo?.goldstein), n(cameo?.quadClass),
          n(plover?.type), listText(plover?.mode), listText(plover?.context),
          n(ev.date), isoDay(ev.date) ?? day, n(loc?.name), n(loc?.country), n(loc?.lat), n(loc?.lon),
          n(meta.url), n(ev.quote), n(ev.confidence),
        ].forEach((v, i) => c[i].push(v));
      }
      const types = [
        'text', 'int', 'int', 'text', 'int', 'text', 'bigint', 'text', 'text', 'text', 'text', 'bigint', 'text', 'text', 'text', 'text',
        'text', 'text', 'text', 'float8', 'int', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'float8', 'float8', 'text', 'text', 'float8',
      ];
      const cols = [
        'vid', 'trigger_start', 'trigger_end', 'trigger_text', 'sentence', 'sentence_text',
        'source_entity', 'source_name', 'source_code', 'source_country', 'source_sector',
        'target_entity', 'target_name', 'target_code', 'target_country', 'target_sector',
        'cameo_code', 'cameo_name', 'cameo_root', 'goldstein', 'quad_class', 'plover_type', 'plover_mode', 'plover_context',
        'date', 'day', 'location_name', 'location_country', 'lat', 'lon', 'source_url', 'quote_id', 'confidence',
      ];
      await client.query(
        `INSERT INTO events (doc, ${cols.join(', ')})
         SELECT $1, ${cols.map((k) => `u.${k}`).join(', ')}
         FROM unnest(${types.map((t, i) => `$${i + 2}::${t}[]`).join(', ')}) WITH ORDINALITY AS u(${cols.join(', ')}, ord)
         ORDER BY u.ord`,
        [docRow, ...c],
      );
    }
    const mentions = entities.reduce((k, e) => k + (e.mentions ?? []).length, 0);
    await client.query(
      `INSERT INTO counts AS c (shard, documents, entities, mentions, quotes, events) VALUES ($1, 1, $2, $3, $4, $5)
       ON CONFLICT (shard) DO UPDATE SET documents = c.documents + 1, entities = c.entities + $2, mentions = c.mentions + $3,
         quotes = c.quotes + $4, events = c.events + $5`,
      [Math.floor(Math.random() * COUNT_SHARDS), entities.length, mentions, quotes.length, events.length],
    );
    return { added: true, entities: entities.length, quotes: quotes.length, events: events.length };
  }

  async document(id: string): Promise<DocumentIn | undefined> {
    const found = await this.rows<{ text: string; result: Buffer }>('SELECT text, result FROM documents WHERE id = $1', [id]);
    return found.length ? rebuild(found[0]) : undefined;
  }

  async quotes(f: QuoteFilter = {}): Promise<QuoteRow[]> {
    const p = new Params();
    const where: string[] = [];
    if (f.document) where.push(`d.id = ${p.add(f.document)}`);
    if (f.speaker) where.push(`herald_fold(q.speaker_name) LIKE ${p.add(foldedSubstring(f.speaker))}`);
    if (f.text) {
      const words = searchText(f.text);
      if (words) where.push(`q.words @@ plainto_tsquery('${TS_CONFIG}', ${p.add(words)})`);
    }
    if (f.since) where.push(`q.day >= ${p.add(f.since)}`);
    if (f.until) where.push(`q.day <= ${p.add(f.until)}`);
    if (f.minConfidence !== undefined) where.push(`q.confidence >= ${p.add(f.minConfidence)}`);
    const sql = `SELECT ${QUOTE_COLUMNS} FROM quotes q JOIN documents d ON d.doc = q.doc
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY q.day DESC NULLS LAST, q.quote LIMIT ${p.add(f.limit ? f.limit : null)} OFFSET ${p.add(f.offset ?? 0)}`;
    return this.rows<QuoteRow>(sql, p.values);
  }

  private eventQuery(f: EventFilter, order: 'newest' | 'oldest', paged: boolean): { sql: string; params: unknown[] } {
    const p = new Params();
    const where: string[] = [];
    if (f.document) where.push(`d.id = ${p.add(f.document)}`);
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
    if (f.until) where.push(`e.day <= ${p.add(f.until)}`);
    const orderBy = order === 'newest' ? 'e.day DESC NULLS LAST, e.event' : 'e.day ASC NULLS LAST, e.event';
    let sql = `SELECT ${EVENT_COLUMNS} FROM events e JOIN documents d ON d.doc = e.doc
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY ${orderBy}`;
    if (paged || f.limit || f.offset) sql += ` LIMIT ${p.add(f.limit ? f.limit : null)} OFFSET ${p.add(f.offset ?? 0)}`;
    return { sql, params: p.values };
  }

  async events(f: EventFilter = {}): Promise<EventRow[]> {
    const { sql, params } = this.eventQuery(f, 'newest', true);
    return this.rows<EventRow>(sql, params);
  }

  async entities(f: EntityFilter = {}): Promise<EntityRow[]> {
    const p = new Params();
    const where: string[] = [];
    if (f.name) where.push(`herald_fold(name) LIKE ${p.add(foldedSubstring(f.name))}`);
    if (f.type) where.push(`type = ${p.add(f.type.toUpperCase())}`);
    const sql = `SELECT name, type, actor_code, max(actor_country) AS country, max(actor_sector) AS sector,
        count(DISTINCT doc) AS documents, sum(mentions) AS mentions
      FROM entities ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      GROUP BY name, type, actor_code
      ORDER BY documents DESC, mentions DESC, name, type NULLS FIRST, actor_code NULLS FIRST
      LIMIT ${p.add(f.limit ? f.limit : null)} OFFSET ${p.add(f.offset ?? 0)}`;
    return this.rows<EntityRow>(sql, p.values);
  }

  async *allDocuments(): AsyncGenerator<DocumentIn> {
    for await (const row of this.stream<{ text: string; result: Buffer }>('SELECT text, result FROM documents ORDER BY doc', [])) {
      yield rebuild(row);
    }
  }

  async *allEvents(f: EventFilter = {}): AsyncGenerator<EventRow> {
    const { sql, params } = this.eventQuery(f, 'oldest', false);
    yield* this.stream<EventRow>(sql, params);
  }

  /**
   * Streams rows through a server-side cursor in one read-only snapshot, a batch at a time, on a connection of
   * its own (other calls go on meanwhile). Breaking out of the loop closes the cursor.
   */
  private async *stream<R extends QueryResultRow>(sql: string, params: unknown[]): AsyncGenerator<R> {
    const batch = this.batchRows;
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
    const q = async <T extends QueryResultRow>(text: string, values?: unknown[]): Promise<T[]> => {
      try {
        return (await client.query<T>(text, values)).rows;
      } catch (e) {
        if (isConnectionError(e)) broken = e as Error;
        throw pgStoreError(e, this.location);
      }
    };
    try {
      await q('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await q(`DECLARE herald_rows NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        const rows = await q<R>(`FETCH ${batch} FROM herald_rows`);
        for (const row of rows) yield row;
        if (rows.length < batch) break;
      }
    } finally {
      if (!broken) await client.query('ROLLBACK').catch((e: unknown) => void (broken = e as Error));
      client.off('error', onError);
      client.release(broken);
    }
  }

  async counts(): Promise<StoreCounts> {
    // Kept at ingest (migration 2), so this reads at most COUNT_SHARDS rows however large the corpus.
    const found = await this.rows<StoreCounts>(`SELECT coalesce(sum(documents), 0)::bigint AS documents,
      coalesce(sum(entities), 0)::bigint AS entities, coalesce(sum(mentions), 0)::bigint AS mentions,
      coalesce(sum(quotes), 0)::bigint AS quotes, coalesce(sum(events), 0)::bigint AS events FROM counts`);
    return found[0];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready?.catch(() => undefined);
    await this.pool?.end();
  }
}
