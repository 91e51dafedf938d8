/**
 * The embedded store: one SQLite file (better-sqlite3, WAL journal). Every document goes in with all its
 * layers, and what it adds to the kept counts and aggregates, in one IMMEDIATE transaction keyed by the sha256
 * of its text, so re-adding is a no-op and a killed process leaves only whole documents behind. Every list is
 * read in the order of an index (a page costs its rows, keyset paging with `after` one seek), name searches go
 * through trigram indexes, and the stats of a date range read the kept aggregates (aggregates.ts). Every SQLite
 * failure becomes a one-line HeraldError that names the file and the fix; nothing here ever deletes or
 * rewrites a file it did not create, except to upgrade an older Herald file in one transaction.
 *
 * The class is the entry point; its parts are in sqlite/: opening, checking and upgrading the file (open.ts),
 * the write path (write.ts), one document and the lists (read.ts), and the stats' aggregates (stats.ts).
 */
import Database from 'better-sqlite3';
import { statsFromAggregates } from './aggregates.js';
import { DOC_COLUMNS, EVENT_COLUMNS, EVENT_FROM, isoDay, NOT_RESTATED, STATS_EVENT_COLUMNS } from './rows.js';
import { flatten, type FlatDoc, type Value } from './shape.js';
import { computeStats, type StatsEventRow } from './stats.js';
import { openDatabase, storeError } from './sqlite/open.js';
import { assembleDocs, documentById, documentsPage, entitiesPage, eventsPage, eventWhere, quotesPage, type DocRow } from './sqlite/read.js';
import { SqliteStats } from './sqlite/stats.js';
import { buildAdd, quoteKey } from './sqlite/write.js';
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

export { isoDay, quoteKey, storeError };

export class SqliteStore implements Store {
  readonly location: string;
  private db: Db;
  private readonly readonly: boolean;
  private stmts = new Map<string, Stmt>();
  private addTx?: (flat: FlatDoc, eventIds?: number[]) => AddOutcome;
  private readonly now: () => Date;
  private readonly aggs: SqliteStats;

  private constructor(file: string, db: Db, readonly: boolean, now: () => Date) {
    this.location = file;
    this.db = db;
    this.readonly = readonly;
    this.now = now;
    this.aggs = new SqliteStats({ location: file, stmt: this.stmt, guard: (fn) => this.guard(fn), documents: () => this.countsSync().documents });
  }

  /** Opens (and in write mode creates and migrates) the database at `file`. */
  static open(file: string, opts: SqliteOptions = {}): SqliteStore {
    const readonly = opts.readonly === true;
    const db = openDatabase(file, readonly, opts.busyTimeoutMs ?? 10_000);
    return new SqliteStore(file, db, readonly, opts.now ?? (() => new Date()));
  }

  get schemaVersion(): number {
    return Number(this.db.pragma('user_version', { simple: true }));
  }

  /** The statement for `sql`, prepared once on this connection. */
  private readonly stmt = (sql: string): Stmt => {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  };

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
      this.addTx ??= buildAdd(this.db, true);
      return this.addTx(flat);
    });
  }

  add(doc: DocumentIn, origin?: string): Promise<AddOutcome> {
    return this.guard(() => this.addSync(doc, origin));
  }

  // ---------------------------------------------------------------- one document

  documentSync(id: string): DocumentIn | undefined {
    return this.run(() => documentById(this.stmt, id));
  }

  document(id: string): Promise<DocumentIn | undefined> {
    return this.guard(() => this.documentSync(id));
  }

  // ---------------------------------------------------------------- lists

  quotesPageSync(f: QuoteFilter = {}): Paged<QuoteRow> {
    return this.run(() => quotesPage(this.stmt, f));
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

  eventsPageSync(f: EventFilter = {}): Paged<EventRow> {
    return this.run(() => eventsPage(this.stmt, f));
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
    return this.run(() => entitiesPage(this.stmt, f));
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
    return this.run(() => documentsPage(this.stmt, f));
  }

  documentsPage(f: DocumentFilter = {}): Promise<Paged<DocumentSummary>> {
    return this.guard(() => this.documentsPageSync(f));
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
    const { where, params } = eventWhere(this.stmt, f);
    const sql = `SELECT ${STATS_EVENT_COLUMNS} FROM events e WHERE ${[...where, NOT_RESTATED].join(' AND ')} ORDER BY e.day = '', e.day, e.event`;
    const rows = this.run(() => this.stmt(sql).all(...params) as StatsEventRow[]);
    return computeStats(rows, counts, { maxEdges });
  }

  // ---------------------------------------------------------------- streams, counts, claims

  async *allDocuments(): AsyncGenerator<DocumentIn> {
    let last = -1;
    for (;;) {
      const batch = this.run(() => {
        const rows = this.stmt(`SELECT ${DOC_COLUMNS} FROM documents WHERE doc > ? ORDER BY doc LIMIT 100`).all(last) as DocRow[];
        if (rows.length) last = rows[rows.length - 1].doc;
        return assembleDocs(this.stmt, rows);
      });
      if (!batch.length) return;
      yield* batch;
    }
  }

  async *allEvents(f: EventFilter = {}): AsyncGenerator<EventRow> {
    const { where, params } = eventWhere(this.stmt, f);
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
    this.aggs.close();
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
