/**
 * The embedded store: one SQLite file (better-sqlite3, WAL journal). Every document goes in with all its
 * layers, and what it adds to the kept counts and aggregates, in one IMMEDIATE transaction keyed by the sha256
 * of its text, so re-adding is a no-op and a killed process leaves only whole documents behind. Every list is
 * read in the order of an index (a page costs its rows, keyset paging with `after` one seek), name searches go
 * through trigram indexes, and the stats of a date range read the kept aggregates (aggregates.ts). Every SQLite
 * failure becomes a one-line HeraldError that names the file and the fix; nothing here ever deletes or
 * rewrites a file it did not create, except to upgrade an older Herald file in one transaction.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { HeraldError } from '../text/errors.js';
import { ACC_FIELDS, groupDeltas, speakerDeltas, statDeltas, statsFromAggregates, type Acc, type AggregateReader, type BucketSet, type StatDeltas } from './aggregates.js';
import { CubeKeeper } from './cube.js';
import {
  DOCUMENT_SUMMARY_COLUMNS,
  ENTITY_COLUMNS,
  EVENT_COLUMNS,
  EVENT_FROM,
  isoDay,
  keyOf,
  NOT_RESTATED,
  parseKey,
  QUOTE_COLUMNS,
  QUOTE_FROM,
  STATS_EVENT_COLUMNS,
} from './rows.js';
import { ftsQuery } from './fts-query.js';
import { APPLICATION_ID, SCHEMA, SCHEMA_VERSION, V1_TABLES } from './schema.js';
import { assemble, dayNumber, EVENT_FIELDS, flatten, legacyResult, QUOTE_FIELDS, type EntityRowIn, type EventRowIn, type FlatDoc, type QuoteRowIn, type Value } from './shape.js';
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

export interface SqliteOptions {
  /** Open for reading only; the file must exist (default false: created when missing). */
  readonly?: boolean;
  /** How long to wait for another process's write lock before giving up (default 10 s). */
  busyTimeoutMs?: number;
  /** The clock for `added_at` and claims (tests pin it). */
  now?: () => Date;
}

type Db = Database.Database;
type Stmt = Database.Statement;

const SQLITE_HEADER = 'SQLite format 3\0';

/** Turns a SQLite (or file system) failure into a message that names the file and what to do. */
export function storeError(e: unknown, file: string): unknown {
  if (e instanceof HeraldError) return e;
  const err = e as { code?: string; message?: string };
  const code = typeof err.code === 'string' ? err.code : '';
  const why = err.message ?? String(e);
  if (code === 'SQLITE_NOTADB') {
    return new HeraldError(
      `${file}: not a SQLite database (or an encrypted one); Herald left it untouched. Give Herald's database with --db, or a new file name to create one`,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new HeraldError(
      `${file}: the database is locked by another process (another 'herald ingest'?); wait for it to finish and run again, or use another --db file`,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new HeraldError(
      `${file}: the database is read-only (${why}); make the file and its folder writable (chmod u+w), or give another --db file`,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EPERM') {
    return new HeraldError(
      `${file}: cannot open the database (${why}); check that the folder exists and is writable, or give another --db file`,
    );
  }
  if (code === 'SQLITE_CORRUPT') {
    return new HeraldError(`${file}: the database is damaged (${why}); restore it from a backup, or give another --db file`);
  }
  if (code === 'SQLITE_FULL') {
    return new HeraldError(`${file}: the disk is full; free some space and run again (what was stored is kept)`);
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new HeraldError(`${file}: input/output error on the database (${why}); check the disk and run again`);
  }
  return e;
}

/** Reads the first bytes of an existing non-empty file to refuse anything that is not SQLite before opening it. */
function checkHeader(file: string): void {
  let st;
  try {
    st = statSync(file);
  } catch {
    return;
  }
  if (st.isDirectory()) throw new HeraldError(`${file}: is a directory; give a database file name with --db`);
  if (st.size === 0) return;
  const buf = Buffer.alloc(16);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    readSync(fd, buf, 0, 16, 0);
  } catch (e) {
    throw storeError(e, file);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (buf.toString('latin1') !== SQLITE_HEADER) throw storeError({ code: 'SQLITE_NOTADB' }, file);
}

export { isoDay };

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => '\\' + c);
const escapeGlob = (s: string): string => s.replace(/[*?[\]]/g, (c) => `[${c}]`);
/** An FTS5 phrase: the trigram tables find the rows holding `s` (3 characters or more) as a substring. */
const phrase = (s: string): string => `"${s.replace(/"/g, '""')}"`;

// ---------------------------------------------------------------- quote keys

const DAY_SPAN = 2 ** 31;

/**
 * A quote's primary key is its place in the quotes list: the day (newest first) then insertion order (oldest
 * first), so that the list, its date filters, keyset paging and the full-text index (whose rowid it is) all
 * read in key order, newest first, and stop after a page. Below 2^53 for any day up to 9999-12-31.
 */
export const quoteKey = (day: string, seq: number): number => dayNumber(day) * DAY_SPAN + (DAY_SPAN - 1 - seq);
const dayFloor = (day: string): number => dayNumber(day) * DAY_SPAN;

/** Candidate rows from a trigram index above this many: a dense match, read in list order instead. */
const SPARSE = 2000;
/** Quotes of the matching speakers above this many: read in list order instead of sorting them. */
const SPEAKER_SORT_MAX = 20_000;

export class SqliteStore implements Store {
  readonly location: string;
  private db: Db;
  private readonly readonly: boolean;
  private stmts = new Map<string, Stmt>();
  private addTx?: (flat: FlatDoc, eventIds?: number[]) => AddOutcome;
  private readonly now: () => Date;

  private constructor(file: string, db: Db, readonly: boolean, now: () => Date) {
    this.location = file;
    this.db = db;
    this.readonly = readonly;
    this.now = now;
  }

  /** Opens (and in write mode creates and migrates) the database at `file`. */
  static open(file: string, opts: SqliteOptions = {}): SqliteStore {
    const readonly = opts.readonly === true;
    if (readonly && !existsSync(file)) {
      throw new HeraldError(`${file}: no Herald database here; create one with 'herald ingest ARTICLES --db ${file}', or point --db (or HERALD_DB) at yours`);
    }
    checkHeader(file);
    const dir = dirname(resolve(file));
    if (!existsSync(dir)) throw new HeraldError(`${file}: the folder ${dir} does not exist; create it, or give another --db file`);
    let db: Db | undefined;
    const now = opts.now ?? (() => new Date());
    try {
      db = SqliteStore.connect(file, readonly, opts.busyTimeoutMs ?? 10_000);
      const version = Number(db.pragma('user_version', { simple: true }));
      if (version < SCHEMA_VERSION) {
        if (readonly) {
          // An older schema is upgraded by a short read-write connection, then read as usual.
          db.close();
          db = SqliteStore.connect(file, false, opts.busyTimeoutMs ?? 10_000);
          SqliteStore.migrate(db, file, now);
          db.close();
          db = SqliteStore.connect(file, true, opts.busyTimeoutMs ?? 10_000);
        } else {
          SqliteStore.migrate(db, file, now);
        }
      }
      return new SqliteStore(file, db, readonly, now);
    } catch (e) {
      try {
        db?.close();
      } catch {
        /* already failing */
      }
      const code = String((e as { code?: unknown }).code ?? '');
      if (readonly && (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))) {
        throw new HeraldError(
          `${file}: cannot read the database: SQLite needs to create ${basename(file)}-shm beside it and the folder is not writable; make the folder writable, or copy the database to a writable folder`,
        );
      }
      throw storeError(e, file);
    }
  }

  private static connect(file: string, readonly: boolean, timeout: number): Db {
    const db = new Database(file, { readonly, fileMustExist: readonly, timeout });
    try {
      // Nothing is written before the file is known to be Herald's (or new).
      SqliteStore.checkOwner(db, file);
    } catch (e) {
      db.close();
      throw e;
    }
    if (!readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') {
        throw new HeraldError(`${file}: cannot switch the database to WAL mode (got ${String(mode)}); put it on a local disk, or give another --db file`);
      }
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    return db;
  }

  /** Refuses databases that belong to another program or a newer Herald; returns the schema version. */
  private static checkOwner(db: Db, file: string): number {
    const appId = Number(db.pragma('application_id', { simple: true }));
    const version = Number(db.pragma('user_version', { simple: true }));
    if (appId !== APPLICATION_ID) {
      const tables = Number(db.prepare('SELECT count(*) FROM sqlite_master').pluck().get());
      if (appId !== 0 || tables > 0) {
        throw new HeraldError(`${file}: a SQLite database of another program, not Herald's; Herald left it untouched. Give another --db file`);
      }
      if (db.readonly) {
        throw new HeraldError(`${file}: an empty database with no Herald data; fill it with 'herald ingest ARTICLES --db ${file}'`);
      }
    }
    if (version > SCHEMA_VERSION) {
      throw new HeraldError(`${file}: made by a newer Herald (schema ${version}, this one knows ${SCHEMA_VERSION}); upgrade Herald to read it`);
    }
    return version;
  }

  private static migrate(db: Db, file: string, now: () => Date): void {
    const upgraded = db.transaction((): boolean => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      const v = Number(db.pragma('user_version', { simple: true }));
      if (v >= SCHEMA_VERSION) return false;
      if (v === 0) {
        db.exec(SCHEMA);
        db.pragma(`application_id = ${APPLICATION_ID}`);
      } else {
        SqliteStore.upgradeFromV1(db, file, now);
      }
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      return v > 0;
    }).immediate();
    if (upgraded) {
      try {
        // The old tables' pages are free now: give them back (once; the file shrinks by about a quarter).
        db.exec('VACUUM');
      } catch {
        /* another connection is reading: the space is reused by later writes instead */
      }
    }
  }

  /**
   * Schema 1 → 2, in the migration's transaction: the old tables are set aside, the new ones made, and every
   * document is stored again from its old result blob through the ordinary write path (keeping its origin,
   * time of adding and event numbers), which fills the new aggregates; then the old tables go.
   */
  private static upgradeFromV1(db: Db, file: string, now: () => Date): void {
    const names = db.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('index', 'trigger')").all() as { type: string; name: string }[];
    for (const x of names) db.exec(`DROP ${x.type.toUpperCase()} IF EXISTS "${x.name}"`);
    db.exec('DROP TABLE IF EXISTS documents_fts; DROP TABLE IF EXISTS quotes_fts;');
    for (const t of V1_TABLES) db.exec(`ALTER TABLE ${t} RENAME TO v1_${t}`);
    db.exec(SCHEMA);
    const store = new SqliteStore(file, db, false, now);
    const batch = db.prepare('SELECT doc, text, result, origin, added_at FROM v1_documents WHERE doc > ? ORDER BY doc LIMIT 200');
    const eventIds = db.prepare('SELECT event FROM v1_events WHERE doc = ? ORDER BY event').pluck();
    const insert = store.buildAdd(false);
    let last = -1;
    for (;;) {
      const rows = batch.all(last) as { doc: number; text: string; result: Buffer; origin: string | null; added_at: string }[];
      if (!rows.length) break;
      for (const r of rows) {
        last = r.doc;
        const doc = legacyResult(r);
        const flat = flatten(doc, r.origin, r.added_at);
        const ids = eventIds.all(r.doc) as number[];
        insert(flat, ids.length === flat.events.length ? ids : undefined);
      }
    }
    for (const t of [...V1_TABLES].reverse()) db.exec(`DROP TABLE v1_${t}`);
  }

  get schemaVersion(): number {
    return Number(this.db.pragma('user_version', { simple: true }));
  }

  private stmt(sql: string): Stmt {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw storeError(e, this.location);
    }
  }

  private guard<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(storeError(e, this.location));
    }
  }

  /** Synchronous variant of `has` for callers that stay on one thread (the ingest loop). */
  hasSync(id: string): boolean {
    return this.run(() => this.stmt('SELECT 1 FROM documents WHERE id = ?').pluck().get(id) !== undefined);
  }

  has(id: string): Promise<boolean> {
    return this.guard(() => this.hasSync(id));
  }

  /** Synchronous variant of `add`. */
  addSync(doc: DocumentIn, origin?: string): AddOutcome {
    if (this.readonly) throw storeError({ code: 'SQLITE_READONLY', message: 'opened for reading' }, this.location);
    // The rows are worked out before the write lock is taken.
    const flat = flatten(doc, origin ?? null, this.now().toISOString());
    return this.run(() => {
      this.addTx ??= this.buildAdd(true);
      return this.addTx(flat);
    });
  }

  add(doc: DocumentIn, origin?: string): Promise<AddOutcome> {
    return this.guard(() => this.addSync(doc, origin));
  }

  /** The write path: one document's rows and aggregates (in a transaction of its own unless `own` is false). */
  private buildAdd(own: boolean): (flat: FlatDoc, eventIds?: number[]) => AddOutcome {
    const db = this.db;
    const insDoc = db.prepare(`INSERT OR IGNORE INTO documents
      (id, title, author, source, url, published, day, origin, added_at, excerpt, sort_title, search_title, entities, quotes, events, rest)
      VALUES (@id, @title, @author, @source, @url, @published, @day, @origin, @added_at, @excerpt, @sort_title, @search_title, @entities, @quotes, @events, @rest)`);
    const insText = db.prepare('INSERT INTO texts (doc, text) VALUES (?, ?)');
    const insEntity = db.prepare(`INSERT INTO entities (doc, ord, eid, type, name, actor_code, actor_country, actor_sector, mentions, spans, extra)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const upSpeaker = db.prepare(`INSERT INTO speakers (name, quotes) VALUES (?, ?)
      ON CONFLICT (name) DO UPDATE SET quotes = quotes + excluded.quotes RETURNING speaker`).pluck();
    const quoteCols = QUOTE_FIELDS.filter((c) => c !== 'speaker_name');
    const insQuote = db.prepare(`INSERT INTO quotes (quote, doc, speaker, ${quoteCols.join(', ')})
      VALUES (?, ?, ?, ${quoteCols.map(() => '?').join(', ')})`);
    const insEvent = db.prepare(`INSERT INTO events (event, doc, ${EVENT_FIELDS.join(', ')}) VALUES (?, ?, ${EVENT_FIELDS.map(() => '?').join(', ')})`);
    const seq = db.prepare('SELECT quotes FROM counts').pluck();
    const upCounts = db.prepare(`UPDATE counts SET documents = documents + 1, entities = entities + ?, mentions = mentions + ?,
      quotes = quotes + ?, events = events + ?`);
    const unclaim = db.prepare('DELETE FROM claims WHERE id = ?');
    const upGroup = db.prepare(`INSERT INTO entity_groups (name, type, actor_code, country, sector, neg_docs, neg_mentions) VALUES (?, ?, ?, ?, ?, -1, ?)
      ON CONFLICT (name, type, actor_code) DO UPDATE SET neg_docs = neg_docs - 1, neg_mentions = neg_mentions + excluded.neg_mentions,
        country = CASE WHEN country IS NULL OR excluded.country > country THEN coalesce(excluded.country, country) ELSE country END,
        sector = CASE WHEN sector IS NULL OR excluded.sector > sector THEN coalesce(excluded.sector, sector) ELSE sector END`);
    const write = this.aggregateWriter();

    const add = (flat: FlatDoc, eventIds?: number[]): AddOutcome => {
      const r = insDoc.run(flat.doc);
      if (r.changes === 0) return { added: false, entities: 0, quotes: 0, events: 0 };
      const docRow = Number(r.lastInsertRowid);
      insText.run(docRow, flat.text);
      const eids = new Set<string>();
      flat.entities.forEach((e, i) => {
        // An entity id names one entity of the document.
        if (eids.has(e.eid)) throw new Error(`document ${flat.doc.id}: entity id ${e.eid} appears twice`);
        eids.add(e.eid);
        insEntity.run(docRow, i, e.eid, e.type, e.name, e.actor_code, e.actor_country, e.actor_sector, e.mentions, e.spans, e.extra);
      });
      const speakers = new Map<string, number>();
      for (const s of speakerDeltas(flat.quotes.map((q) => q.speaker_name))) speakers.set(s.name, Number(upSpeaker.get(s.name, s.quotes)));
      const base = Number(seq.get());
      flat.quotes.forEach((q, i) => {
        insQuote.run(
          quoteKey(q.day, base + i + 1), docRow, q.speaker_name === null ? null : speakers.get(q.speaker_name) ?? null,
          ...quoteCols.map((c) => q[c as keyof QuoteRowIn] as Value),
        );
      });
      const ids = flat.events.map((e, i) => {
        const out = insEvent.run(eventIds ? eventIds[i] : null, docRow, ...EVENT_FIELDS.map((c) => e[c] as Value));
        return Number(out.lastInsertRowid);
      });
      for (const g of groupDeltas(flat.entities)) upGroup.run(g.name, g.type, g.actor_code, g.country, g.sector, -g.mentions);
      write(statDeltas(flat.events, ids));
      upCounts.run(flat.entities.length, flat.doc.mentions, flat.quotes.length, flat.events.length);
      unclaim.run(flat.doc.id);
      return { added: true, entities: flat.entities.length, quotes: flat.quotes.length, events: flat.events.length };
    };
    if (!own) return add;
    const tx = db.transaction(add);
    return (flat, eventIds) => tx.immediate(flat, eventIds);
  }

  private aggregateWriter(): (d: StatDeltas) => void {
    const db = this.db;
    const acc = ACC_FIELDS.join(', ');
    const accQ = ACC_FIELDS.map(() => '?').join(', ');
    const accSet = ACC_FIELDS.map((k) => `${k} = ${k} + excluded.${k}`).join(', ');
    const upDay = db.prepare(`INSERT INTO stat_days (day, ${acc}) VALUES (?, ${accQ}) ON CONFLICT (day) DO UPDATE SET ${accSet}`);
    const upEdge = db.prepare(`INSERT INTO stat_edges (bucket, skey, tkey, ${acc}) VALUES (?, ?, ?, ${accQ})
      ON CONFLICT (bucket, skey, tkey) DO UPDATE SET ${accSet} RETURNING events`).pluck();
    const upPairs = db.prepare('INSERT INTO stat_pairs (bucket, pairs) VALUES (?, 1) ON CONFLICT (bucket) DO UPDATE SET pairs = pairs + 1');
    const upLabel = db.prepare(`INSERT INTO stat_labels (bucket, akey, label, n_out, n_in) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (bucket, akey, label) DO UPDATE SET n_out = n_out + excluded.n_out, n_in = n_in + excluded.n_in`);
    const first = (c: string): string =>
      `${c} = CASE WHEN (excluded.first_day, excluded.first_event) < (first_day, first_event) THEN excluded.${c} ELSE ${c} END`;
    const upPlace = db.prepare(`INSERT INTO stat_places (bucket, pkey, ${acc}, first_day, first_event, country, lat, lon) VALUES (?, ?, ${accQ}, ?, ?, ?, ?, ?)
      ON CONFLICT (bucket, pkey) DO UPDATE SET ${accSet}, ${['country', 'lat', 'lon', 'first_event', 'first_day'].map(first).join(', ')}`);
    const upTally = db.prepare(`INSERT INTO stat_tallies (bucket, kind, value, n) VALUES (?, ?, ?, ?)
      ON CONFLICT (bucket, kind, value) DO UPDATE SET n = n + excluded.n`);
    const accOf = (a: Acc): number[] => ACC_FIELDS.map((k) => Number(a[k]));
    return (d) => {
      for (const x of d.days) upDay.run(x.day, ...accOf(x));
      for (const x of d.edges) if (Number(upEdge.get(x.bucket, x.skey, x.tkey, ...accOf(x))) === x.events) upPairs.run(x.bucket);
      for (const x of d.labels) upLabel.run(x.bucket, x.akey, x.label, x.n_out, x.n_in);
      for (const x of d.places) upPlace.run(x.bucket, x.pkey, ...accOf(x), x.first_day, x.first_event, x.country, x.lat, x.lon);
      for (const x of d.tallies) upTally.run(x.bucket, x.kind, x.value, x.n);
    };
  }

  // ---------------------------------------------------------------- one document

  private readonly docCols = 'doc, id, title, author, source, url, published, rest';

  private assembleDocs(docs: { doc: number; id: string; title: string | null; author: string | null; source: string | null; url: string | null; published: string | null; rest: Buffer }[]): DocumentIn[] {
    if (!docs.length) return [];
    const lo = docs[0].doc;
    const hi = docs[docs.length - 1].doc;
    const group = <R extends { doc: number }>(rows: R[]): Map<number, R[]> => {
      const m = new Map<number, R[]>();
      for (const r of rows) {
        const list = m.get(r.doc);
        if (list) list.push(r);
        else m.set(r.doc, [r]);
      }
      return m;
    };
    const texts = new Map((this.stmt('SELECT doc, text FROM texts WHERE doc BETWEEN ? AND ?').all(lo, hi) as { doc: number; text: string }[]).map((t) => [t.doc, t.text]));
    const ents = group(this.stmt('SELECT * FROM entities WHERE doc BETWEEN ? AND ? ORDER BY doc, ord').all(lo, hi) as (EntityRowIn & { doc: number })[]);
    const quotes = group(
      this.stmt(`SELECT q.*, s.name AS speaker_name FROM quotes q LEFT JOIN speakers s ON s.speaker = q.speaker
        WHERE q.doc BETWEEN ? AND ? ORDER BY q.doc, q.quote DESC`).all(lo, hi) as (QuoteRowIn & { doc: number })[],
    );
    const events = group(this.stmt('SELECT * FROM events WHERE doc BETWEEN ? AND ? ORDER BY doc, event').all(lo, hi) as (EventRowIn & { doc: number })[]);
    return docs.map((d) =>
      assemble(d, texts.get(d.doc) ?? '', ents.get(d.doc) ?? [], quotes.get(d.doc) ?? [], events.get(d.doc) ?? []),
    );
  }

  documentSync(id: string): DocumentIn | undefined {
    return this.run(() => {
      const row = this.stmt(`SELECT ${this.docCols} FROM documents WHERE id = ?`).get(id) as Parameters<SqliteStore['assembleDocs']>[0][number] | undefined;
      return row ? this.assembleDocs([row])[0] : undefined;
    });
  }

  document(id: string): Promise<DocumentIn | undefined> {
    return this.guard(() => this.documentSync(id));
  }

  // ---------------------------------------------------------------- lists

  /** Up to SPARSE+1 rowids of a trigram index holding `text`; null where the index cannot help (under 3 characters). */
  private trigram(table: string, text: string): number[] | null {
    if ([...text].length < 3) return null;
    return this.stmt(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ${SPARSE + 1}`).pluck().all(phrase(text)) as number[];
  }

  private docRowOf(id: string): number {
    return (this.stmt('SELECT doc FROM documents WHERE id = ?').pluck().get(id) as number | undefined) ?? -1;
  }

  quotesPageSync(f: QuoteFilter = {}): Paged<QuoteRow> {
    return this.run(() => {
      const fts = f.text ? ftsQuery(f.text) : null;
      // With words, the full-text index drives (its rowid is the quote key: newest first, stopping after a page).
      const key = fts ? 'quotes_fts.rowid' : 'q.quote';
      const where: string[] = [];
      const params: Value[] = [];
      if (fts) {
        where.push('quotes_fts MATCH ?');
        params.push(fts);
      }
      if (f.document) {
        where.push('q.doc = ?');
        params.push(this.docRowOf(f.document));
      }
      if (f.since) {
        where.push(`${key} >= ?`);
        params.push(dayFloor(f.since));
      }
      if (f.until) {
        where.push(`${key} >= ? AND ${key} < ?`);
        params.push(DAY_SPAN, dayFloor(f.until) + DAY_SPAN);
      }
      const after = f.after !== undefined ? parseKey(f.after, 1) : undefined;
      if (after) {
        where.push(`${key} < ?`);
        params.push(Number(after[0]));
      }
      if (f.minConfidence !== undefined) {
        where.push('q.confidence >= ?');
        params.push(f.minConfidence);
      }
      if (f.speaker) {
        const ids = this.speakersLike(f.speaker);
        if (!ids.ids.length) return { rows: [], keys: [] };
        // Few quotes: fetch them all by the speaker index and sort; many: walk the list in order and keep theirs.
        const walk = ids.quotes > SPEAKER_SORT_MAX || fts !== null;
        where.push(`${walk ? '+' : ''}q.speaker IN (SELECT value FROM json_each(?))`);
        params.push(JSON.stringify(ids.ids));
      }
      const from = fts ? `quotes_fts JOIN ${QUOTE_FROM.replace('quotes q JOIN', 'quotes q ON q.quote = quotes_fts.rowid JOIN')}` : QUOTE_FROM;
      const sql = `SELECT ${QUOTE_COLUMNS}, q.quote AS k FROM ${from}
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY ${key} DESC LIMIT ? OFFSET ?`;
      const rows = this.stmt(sql).all(...params, f.limit ? f.limit : -1, after ? 0 : (f.offset ?? 0)) as (QuoteRow & { k: number })[];
      const keys = rows.map((r) => keyOf([r.k]));
      for (const r of rows) delete (r as Partial<typeof r>).k;
      return { rows, keys };
    });
  }

  /** The speakers whose name holds `s` (ASCII case folded, as LIKE), and their quotes in all. */
  private speakersLike(s: string): { ids: number[]; quotes: number } {
    const like = `%${escapeLike(s)}%`;
    const cands = this.trigram('speakers_trgm', s);
    const rows = (
      cands && cands.length <= SPARSE
        ? this.stmt("SELECT speaker, quotes FROM speakers WHERE speaker IN (SELECT value FROM json_each(?)) AND name LIKE ? ESCAPE '\\'").all(JSON.stringify(cands), like)
        : this.stmt("SELECT speaker, quotes FROM speakers WHERE name LIKE ? ESCAPE '\\'").all(like)
    ) as { speaker: number; quotes: number }[];
    return { ids: rows.map((r) => r.speaker), quotes: rows.reduce((a, r) => a + r.quotes, 0) };
  }

  quotesSync(f: QuoteFilter = {}): QuoteRow[] {
    return this.quotesPageSync(f).rows;
  }

  quotes(f: QuoteFilter = {}): Promise<QuoteRow[]> {
    return this.guard(() => this.quotesSync(f));
  }

  quotesPage(f: QuoteFilter = {}): Promise<Paged<QuoteRow>> {
    return this.guard(() => this.quotesPageSync(f));
  }

  private eventWhere(f: EventFilter): { where: string[]; params: Value[] } {
    const where: string[] = [];
    const params: Value[] = [];
    if (f.document) {
      where.push('e.doc = ?');
      params.push(this.docRowOf(f.document));
    }
    for (const side of ['source', 'target'] as const) {
      const code = f[side];
      if (code) {
        where.push(`e.${side}_code GLOB ?`);
        params.push(escapeGlob(code.toUpperCase()) + '*');
      }
    }
    if (f.cameo) {
      if (/^\d{2}$/.test(f.cameo)) {
        where.push('e.cameo_root = ?');
        params.push(f.cameo);
      } else {
        where.push('e.cameo_code GLOB ?');
        params.push(escapeGlob(f.cameo) + '*');
      }
    }
    if (f.plover) {
      where.push('e.plover_type = ?');
      params.push(f.plover.toUpperCase());
    }
    if (f.since) {
      where.push('e.day >= ?');
      params.push(f.since);
    }
    if (f.until) {
      where.push("e.day <= ? AND e.day > ''");
      params.push(f.until);
    }
    return { where, params };
  }

  eventsPageSync(f: EventFilter = {}): Paged<EventRow> {
    return this.run(() => {
      const { where, params } = this.eventWhere(f);
      const after = f.after !== undefined ? parseKey(f.after, 2) : undefined;
      if (after) {
        where.push('e.day <= ? AND (e.day < ? OR e.event > ?)');
        params.push(String(after[0]), String(after[0]), Number(after[1]));
      }
      const sql = `SELECT ${EVENT_COLUMNS}, e.day AS k FROM ${EVENT_FROM}
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY e.day DESC, e.event LIMIT ? OFFSET ?`;
      const rows = this.stmt(sql).all(...params, f.limit ? f.limit : -1, after ? 0 : (f.offset ?? 0)) as (EventRow & { k: string })[];
      const keys = rows.map((r) => keyOf([r.k, r.event_id]));
      for (const r of rows) delete (r as Partial<typeof r>).k;
      return { rows, keys };
    });
  }

  eventsSync(f: EventFilter = {}): EventRow[] {
    return this.eventsPageSync(f).rows;
  }

  events(f: EventFilter = {}): Promise<EventRow[]> {
    return this.guard(() => this.eventsSync(f));
  }

  eventsPage(f: EventFilter = {}): Promise<Paged<EventRow>> {
    return this.guard(() => this.eventsPageSync(f));
  }

  entitiesPageSync(f: EntityFilter = {}): Paged<EntityRow> {
    return this.run(() => {
      const where: string[] = [];
      const params: Value[] = [];
      if (f.name) {
        const cands = this.trigram('entity_groups_trgm', f.name);
        if (cands && cands.length === 0) return { rows: [], keys: [] };
        if (cands && cands.length <= SPARSE) {
          where.push('g.grp IN (SELECT value FROM json_each(?))');
          params.push(JSON.stringify(cands));
        }
        where.push("g.name LIKE ? ESCAPE '\\'");
        params.push(`%${escapeLike(f.name)}%`);
      }
      if (f.type) {
        where.push('g.type = ?');
        params.push(f.type.toUpperCase());
      }
      const after = f.after !== undefined ? parseKey(f.after, 5) : undefined;
      if (after) {
        where.push('(g.neg_docs, g.neg_mentions, g.name, g.type, g.actor_code) > (?, ?, ?, ?, ?)');
        params.push(...(after as Value[]));
      }
      const sql = `SELECT ${ENTITY_COLUMNS}, g.neg_docs AS k1, g.neg_mentions AS k2, g.type AS k4, g.actor_code AS k5 FROM entity_groups g
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY g.neg_docs, g.neg_mentions, g.name, g.type, g.actor_code LIMIT ? OFFSET ?`;
      const rows = this.stmt(sql).all(...params, f.limit ? f.limit : -1, after ? 0 : (f.offset ?? 0)) as (EntityRow & { k1: number; k2: number; k4: string; k5: string })[];
      const keys = rows.map((r) => keyOf([r.k1, r.k2, r.name, r.k4, r.k5]));
      for (const r of rows) {
        const x = r as Partial<typeof r>;
        delete x.k1;
        delete x.k2;
        delete x.k4;
        delete x.k5;
      }
      return { rows, keys };
    });
  }

  entitiesSync(f: EntityFilter = {}): EntityRow[] {
    return this.entitiesPageSync(f).rows;
  }

  entities(f: EntityFilter = {}): Promise<EntityRow[]> {
    return this.guard(() => this.entitiesSync(f));
  }

  entitiesPage(f: EntityFilter = {}): Promise<Paged<EntityRow>> {
    return this.guard(() => this.entitiesPageSync(f));
  }

  documentsPageSync(f: DocumentFilter = {}): Paged<DocumentSummary> {
    return this.run(() => {
      const where: string[] = [];
      const params: Value[] = [];
      if (f.title) {
        const t = f.title.toLowerCase();
        const cands = this.trigram('documents_title', t);
        if (cands && cands.length === 0) return { rows: [], keys: [] };
        if (cands && cands.length <= SPARSE) {
          where.push('d.doc IN (SELECT value FROM json_each(?))');
          params.push(JSON.stringify(cands));
        }
        where.push('instr(d.search_title, ?) > 0');
        params.push(t);
      }
      const after = f.after !== undefined ? parseKey(f.after, 3) : undefined;
      if (after) {
        where.push("coalesce(d.published, '') <= ? AND (coalesce(d.published, '') < ? OR (d.sort_title, d.id) > (?, ?))");
        params.push(String(after[0]), String(after[0]), String(after[1]), String(after[2]));
      }
      const sql = `SELECT ${DOCUMENT_SUMMARY_COLUMNS}, d.sort_title AS k FROM documents d
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY coalesce(d.published, '') DESC, d.sort_title, d.id LIMIT ? OFFSET ?`;
      const rows = this.stmt(sql).all(...params, f.limit ? f.limit : -1, after ? 0 : (f.offset ?? 0)) as (DocumentSummary & { k: string })[];
      const keys = rows.map((r) => keyOf([r.published ?? '', r.k, r.id]));
      for (const r of rows) delete (r as Partial<typeof r>).k;
      return { rows, keys };
    });
  }

  documentsPage(f: DocumentFilter = {}): Promise<Paged<DocumentSummary>> {
    return this.guard(() => this.documentsPageSync(f));
  }

  // ---------------------------------------------------------------- stats

  private cubeKeeper?: CubeKeeper;
  /** The connection the stats' running sums are read on (opened on the first build). */
  private buildDb?: Db;

  private aggregates(): AggregateReader {
    const acc = ACC_FIELDS.map((k) => `sum(${k}) AS ${k}`).join(', ');
    const where = (set: BucketSet): { sql: string; params: string[] } =>
      set === 'A' ? { sql: "bucket = 'A'", params: [] } : { sql: 'bucket BETWEEN ? AND ?', params: [`D${set.lo}`, `D${set.hi}`] };
    const sync = <T>(fn: () => T): Promise<T> => this.guard(fn);
    this.cubeKeeper ??= new CubeKeeper(
      {
        // On a connection of its own, in one read transaction, a batch at a time: the build never holds this
        // connection (or, between batches, this thread) from other queries.
        read: async (fn) => {
          const db = (this.buildDb ??= new Database(this.location, { readonly: true, fileMustExist: true, timeout: 10_000 }));
          db.exec('BEGIN');
          try {
            const stamp = Number(db.prepare('SELECT documents FROM counts').pluck().get());
            return await fn(stamp, (table) => batches(db, table === 'stat_days' ? 'SELECT * FROM stat_days' : `SELECT * FROM ${table} WHERE bucket >= 'D' AND bucket < 'E'`));
          } finally {
            db.exec('COMMIT');
          }
        },
      },
      async () => this.countsSync().documents,
    );
    const keeper = this.cubeKeeper;
    return {
      dayBounds: () =>
        sync(() => {
          const min = this.stmt("SELECT day FROM stat_days WHERE day > '' ORDER BY day LIMIT 1").pluck().get() as string | undefined;
          const max = this.stmt("SELECT day FROM stat_days WHERE day > '' ORDER BY day DESC LIMIT 1").pluck().get() as string | undefined;
          return { min: min ?? '', max: max ?? '' };
        }),
      days: (lo, hi, undated) =>
        sync(() => {
          if (lo === null || hi === null) return this.stmt('SELECT * FROM stat_days').all() as never;
          const rows = this.stmt("SELECT * FROM stat_days WHERE day BETWEEN ? AND ? AND day > ''").all(lo, hi);
          if (undated) rows.push(...this.stmt("SELECT * FROM stat_days WHERE day = ''").all());
          return rows as never;
        }),
      edges: (set, limit) =>
        sync(() => {
          if (set === 'A') {
            const rows = this.stmt(`SELECT * FROM stat_edges WHERE bucket = 'A' ORDER BY events DESC, skey || ' ' || tkey LIMIT ?`).all(limit);
            const total = Number(this.stmt("SELECT pairs FROM stat_pairs WHERE bucket = 'A'").pluck().get() ?? 0);
            return { rows, total } as never;
          }
          const w = where(set);
          const rows = this.stmt(`SELECT skey, tkey, ${acc}, count(*) OVER () AS total FROM stat_edges WHERE ${w.sql}
            GROUP BY skey, tkey ORDER BY events DESC, skey || ' ' || tkey LIMIT ?`).all(...w.params, Math.max(1, limit)) as { total: number }[];
          return { rows: rows.slice(0, limit), total: rows.length ? Number(rows[0].total) : 0 } as never;
        }),
      labels: (set, keys) =>
        sync(() => {
          const w = where(set);
          return this.stmt(`SELECT akey, label, sum(n_out) AS n_out, sum(n_in) AS n_in FROM stat_labels
            WHERE ${w.sql} AND akey IN (SELECT value FROM json_each(?)) GROUP BY akey, label`).all(...w.params, JSON.stringify(keys)) as never;
        }),
      places: (set) =>
        sync(() => {
          const w = where(set);
          return this.stmt(`SELECT * FROM stat_places WHERE ${w.sql}`).all(...w.params) as never;
        }),
      tallies: (set) =>
        sync(() => {
          const w = where(set);
          return this.stmt(`SELECT kind, value, n FROM stat_tallies WHERE ${w.sql}`).all(...w.params) as never;
        }),
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
    const { where, params } = this.eventWhere(f);
    const sql = `SELECT ${STATS_EVENT_COLUMNS} FROM events e WHERE ${[...where, NOT_RESTATED].join(' AND ')} ORDER BY e.day = '', e.day, e.event`;
    const rows = this.run(() => this.stmt(sql).all(...params) as StatsEventRow[]);
    return computeStats(rows, counts, { maxEdges });
  }

  // ---------------------------------------------------------------- streams, counts, claims

  async *allDocuments(): AsyncGenerator<DocumentIn> {
    let last = -1;
    for (;;) {
      const batch = this.run(() => {
        const rows = this.stmt(`SELECT ${this.docCols} FROM documents WHERE doc > ? ORDER BY doc LIMIT 100`).all(last) as Parameters<SqliteStore['assembleDocs']>[0];
        if (rows.length) last = rows[rows.length - 1].doc;
        return this.assembleDocs(rows);
      });
      if (!batch.length) return;
      yield* batch;
    }
  }

  async *allEvents(f: EventFilter = {}): AsyncGenerator<EventRow> {
    const { where, params } = this.eventWhere(f);
    const sql = `SELECT ${EVENT_COLUMNS} FROM ${EVENT_FROM} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY e.day = '', e.day, e.event`;
    for (const row of this.iterate(sql, params)) yield row as EventRow;
  }

  /**
   * Streams rows from one open statement (one read snapshot, O(rows)). While it is open this connection runs
   * no other statement: finish or break out of the loop before calling another method of this store.
   */
  private *iterate(sql: string, params: Value[]): Generator<unknown> {
    let it: IterableIterator<unknown>;
    try {
      it = this.db.prepare(sql).iterate(...params);
    } catch (e) {
      throw storeError(e, this.location);
    }
    try {
      for (;;) {
        let next: IteratorResult<unknown>;
        try {
          next = it.next();
        } catch (e) {
          throw storeError(e, this.location);
        }
        if (next.done) return;
        yield next.value;
      }
    } finally {
      it.return?.();
    }
  }

  countsSync(): StoreCounts {
    return this.run(() => this.stmt('SELECT documents, entities, mentions, quotes, events FROM counts').get() as StoreCounts);
  }

  counts(): Promise<StoreCounts> {
    return this.guard(() => this.countsSync());
  }

  claimSync(ids: string[], owner: string, ttlMs: number): string[] {
    if (this.readonly) throw storeError({ code: 'SQLITE_READONLY', message: 'opened for reading' }, this.location);
    return this.run(() => {
      const now = this.now().getTime();
      const stored = this.stmt('SELECT 1 FROM documents WHERE id = ?').pluck();
      const take = this.stmt(`INSERT INTO claims (id, owner, until) VALUES (?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, until = excluded.until WHERE claims.until < ? OR claims.owner = excluded.owner
        RETURNING id`).pluck();
      return this.db.transaction(() => ids.filter((id) => stored.get(id) === undefined && take.get(id, owner, now + ttlMs, now) !== undefined)).immediate();
    });
  }

  claim(ids: string[], owner: string, ttlMs: number): Promise<string[]> {
    return this.guard(() => this.claimSync(ids, owner, ttlMs));
  }

  releaseSync(ids: string[], owner: string): void {
    if (this.readonly || !ids.length) return;
    this.run(() => {
      const del = this.stmt('DELETE FROM claims WHERE id = ? AND owner = ?');
      this.db.transaction(() => ids.forEach((id) => del.run(id, owner))).immediate();
    });
  }

  release(ids: string[], owner: string): Promise<void> {
    return this.guard(() => this.releaseSync(ids, owner));
  }

  closeSync(): void {
    if (this.buildDb?.open) this.buildDb.close();
    if (!this.db.open) return;
    if (!this.readonly) {
      try {
        // Keeps the planner's statistics current (cheap: only tables that changed much are analysed).
        this.db.pragma('optimize');
      } catch {
        /* a busy or read-only file: next time */
      }
    }
    this.db.close();
  }

  close(): Promise<void> {
    return this.guard(() => this.closeSync());
  }
}

/** The rows of `sql` in batches of 2000, each batch read while the caller waits for it (one open statement). */
async function* batches<R>(db: Database.Database, sql: string): AsyncGenerator<R[]> {
  let batch: Record<string, unknown>[] = [];
  for (const row of db.prepare(sql).iterate()) {
    batch.push(row as Record<string, unknown>);
    if (batch.length >= 2000) {
      yield batch as never;
      batch = [];
    }
  }
  if (batch.length) yield batch as never;
}
