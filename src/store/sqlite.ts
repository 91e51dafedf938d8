/**
 * The embedded store: one SQLite file (better-sqlite3, WAL journal) holding documents, entities, mentions,
 * quotes and events, with FTS5 indexes over quote and document text. Every document goes in with all its
 * layers in one IMMEDIATE transaction, keyed by the sha256 of its text, so re-adding is a no-op and a killed
 * process leaves only whole documents behind. Every SQLite failure becomes a one-line HeraldError that names
 * the file and the fix; nothing here ever deletes or rewrites a file it did not create.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { HeraldError } from '../text/errors.js';
import { EVENT_COLUMNS, ftsQuery, isoDay, listText, n, packResult, QUOTE_COLUMNS, rebuild, sentenceOf, type Value } from './rows.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema.js';
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

export interface SqliteOptions {
  /** Open for reading only; the file must exist (default false: created when missing). */
  readonly?: boolean;
  /** How long to wait for another process's write lock before giving up (default 10 s). */
  busyTimeoutMs?: number;
  /** The clock for `added_at` (tests pin it). */
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

export { ftsQuery, isoDay };

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => '\\' + c);
const escapeGlob = (s: string): string => s.replace(/[*?[\]]/g, (c) => `[${c}]`);

export class SqliteStore implements Store {
  readonly location: string;
  private db: Db;
  private readonly readonly: boolean;
  private stmts = new Map<string, Stmt>();
  private addTx?: (doc: DocumentIn, origin: string | null) => AddOutcome;
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
    try {
      db = SqliteStore.connect(file, readonly, opts.busyTimeoutMs ?? 10_000);
      const version = Number(db.pragma('user_version', { simple: true }));
      if (version < SCHEMA_VERSION) {
        if (readonly) {
          // An older schema is upgraded by a short read-write connection, then read as usual.
          db.close();
          db = SqliteStore.connect(file, false, opts.busyTimeoutMs ?? 10_000);
          SqliteStore.migrate(db);
          db.close();
          db = SqliteStore.connect(file, true, opts.busyTimeoutMs ?? 10_000);
        } else {
          SqliteStore.migrate(db);
        }
      }
      return new SqliteStore(file, db, readonly, opts.now ?? (() => new Date()));
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

  private static migrate(db: Db): void {
    for (;;) {
      const done = db.transaction(() => {
        // Re-read inside the write lock: another process may have migrated meanwhile.
        const v = Number(db.pragma('user_version', { simple: true }));
        if (v >= SCHEMA_VERSION) return true;
        db.exec(MIGRATIONS[v]);
        if (v === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${v + 1}`);
        return false;
      }).immediate();
      if (done) return;
    }
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

  private guard<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(storeError(e, this.location));
    }
  }

  /** Synchronous variant of `has` for callers that stay on one thread (the ingest loop). */
  hasSync(id: string): boolean {
    try {
      return this.stmt('SELECT 1 FROM documents WHERE id = ?').pluck().get(id) !== undefined;
    } catch (e) {
      throw storeError(e, this.location);
    }
  }

  has(id: string): Promise<boolean> {
    return this.guard(() => this.hasSync(id));
  }

  /** Synchronous variant of `add`. */
  addSync(doc: DocumentIn, origin?: string): AddOutcome {
    if (this.readonly) throw storeError({ code: 'SQLITE_READONLY', message: 'opened for reading' }, this.location);
    if (typeof doc.text !== 'string') throw new Error(`document ${doc.id}: the result has no text; analyse with text included to store it`);
    try {
      this.addTx ??= this.buildAdd();
      return this.addTx(doc, origin ?? null);
    } catch (e) {
      throw storeError(e, this.location);
    }
  }

  add(doc: DocumentIn, origin?: string): Promise<AddOutcome> {
    return this.guard(() => this.addSync(doc, origin));
  }

  private buildAdd(): (doc: DocumentIn, origin: string | null) => AddOutcome {
    const db = this.db;
    const insDoc = db.prepare(`INSERT OR IGNORE INTO documents
      (id, title, author, source, url, published, day, origin, text, result, added_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insEntity = db.prepare(`INSERT INTO entities
      (doc, eid, type, name, actor_code, actor_country, actor_sector, mentions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const insMention = db.prepare('INSERT INTO mentions (entity, doc, span_start, span_end, text, kind) VALUES (?, ?, ?, ?, ?, ?)');
    const insQuote = db.prepare(`INSERT INTO quotes
      (doc, qid, kind, span_start, span_end, text, cue_start, cue_end, cue_text,
       speaker_entity, speaker_name, speaker_start, speaker_end, speaker_text, confidence, day)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insEvent = db.prepare(`INSERT INTO events
      (doc, vid, trigger_start, trigger_end, trigger_text, sentence, sentence_text,
       source_entity, source_name, source_code, source_country, source_sector,
       target_entity, target_name, target_code, target_country, target_sector,
       cameo_code, cameo_name, cameo_root, goldstein, quad_class, plover_type, plover_mode, plover_context,
       date, day, location_name, location_country, lat, lon, source_url, quote_id, confidence)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

    const tx = db.transaction((doc: DocumentIn, origin: string | null): AddOutcome => {
      const meta = doc.meta ?? {};
      const text = doc.text as string;
      const day = isoDay(meta.published);
      const r = insDoc.run(
        doc.id, n(meta.title), n(meta.author), n(meta.source), n(meta.url), n(meta.published), day, origin, text,
        packResult(doc), this.now().toISOString(),
      );
      if (r.changes === 0) return { added: false, entities: 0, quotes: 0, events: 0 };
      const docRow = Number(r.lastInsertRowid);

      const entityRow = new Map<string, number>();
      for (const ent of doc.entities ?? []) {
        const a = ent.actor ?? null;
        const mentions = ent.mentions ?? [];
        const er = insEntity.run(docRow, ent.id, n(ent.type), ent.name ?? '', n(a?.code), n(a?.country), n(a?.sector), mentions.length);
        const row = Number(er.lastInsertRowid);
        entityRow.set(ent.id, row);
        for (const m of mentions) {
          insMention.run(row, docRow, m.start, m.end, n(m.text ?? text.slice(m.start, m.end)), n(m.kind));
        }
      }
      const ref = (id: string | null | undefined): number | null => (id ? entityRow.get(id) ?? null : null);

      for (const q of doc.quotes ?? []) {
        const sp = q.speaker ?? null;
        const cue = q.cue ?? null;
        insQuote.run(
          docRow, q.id, n(q.kind), q.start, q.end, q.text ?? text.slice(q.start, q.end),
          n(cue?.start), n(cue?.end), n(cue?.text),
          ref(sp?.entity), n(sp?.name ?? sp?.text), n(sp?.start), n(sp?.end), n(sp?.text),
          n(q.confidence), day,
        );
      }

      const sentences = doc.sentences ?? [];
      for (const ev of doc.events ?? []) {
        const s = sentenceOf(ev, sentences);
        const src = ev.source ?? null;
        const tgt = ev.target ?? null;
        const cameo = ev.cameo ?? null;
        const plover = ev.plover ?? null;
        const loc = ev.location ?? null;
        const code = cameo?.code ?? null;
        insEvent.run(
          docRow, ev.id, n(ev.trigger?.start), n(ev.trigger?.end), n(ev.trigger?.text),
          s ? s.index : null, s ? text.slice(s.start, s.end) : null,
          ref(src?.entity), n(src?.name), n(src?.actor?.code), n(src?.actor?.country), n(src?.actor?.sector),
          ref(tgt?.entity), n(tgt?.name), n(tgt?.actor?.code), n(tgt?.actor?.country), n(tgt?.actor?.sector),
          n(code), n(cameo?.name), n(cameo?.root ?? (code ? code.slice(0, 2) : null)), n(cameo?.goldstein), n(cameo?.quadClass),
          n(plover?.type), listText(plover?.mode), listText(plover?.context),
          n(ev.date), isoDay(ev.date) ?? day, n(loc?.name), n(loc?.country), n(loc?.lat), n(loc?.lon),
          n(meta.url), n(ev.quote), n(ev.confidence),
        );
      }
      return {
        added: true,
        entities: doc.entities?.length ?? 0,
        quotes: doc.quotes?.length ?? 0,
        events: doc.events?.length ?? 0,
      };
    });
    return (doc, origin) => tx.immediate(doc, origin);
  }

  documentSync(id: string): DocumentIn | undefined {
    try {
      const row = this.stmt('SELECT text, result FROM documents WHERE id = ?').get(id) as { text: string; result: Buffer } | undefined;
      return row ? rebuild(row) : undefined;
    } catch (e) {
      throw storeError(e, this.location);
    }
  }

  document(id: string): Promise<DocumentIn | undefined> {
    return this.guard(() => this.documentSync(id));
  }

  quotesSync(f: QuoteFilter = {}): QuoteRow[] {
    const where: string[] = [];
    const params: Value[] = [];
    if (f.document) {
      where.push('d.id = ?');
      params.push(f.document);
    }
    if (f.speaker) {
      where.push("q.speaker_name LIKE ? ESCAPE '\\'");
      params.push(`%${escapeLike(f.speaker)}%`);
    }
    if (f.text) {
      const fts = ftsQuery(f.text);
      if (fts) {
        where.push('q.quote IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)');
        params.push(fts);
      }
    }
    if (f.since) {
      where.push('q.day >= ?');
      params.push(f.since);
    }
    if (f.until) {
      where.push('q.day <= ?');
      params.push(f.until);
    }
    if (f.minConfidence !== undefined) {
      where.push('q.confidence >= ?');
      params.push(f.minConfidence);
    }
    const sql = `SELECT ${QUOTE_COLUMNS} FROM quotes q JOIN documents d ON d.doc = q.doc
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY q.day DESC, q.quote LIMIT ? OFFSET ?`;
    try {
      return this.stmt(sql).all(...params, f.limit ? f.limit : -1, f.offset ?? 0) as QuoteRow[];
    } catch (e) {
      throw storeError(e, this.location);
    }
  }

  quotes(f: QuoteFilter = {}): Promise<QuoteRow[]> {
    return this.guard(() => this.quotesSync(f));
  }

  private eventQuery(f: EventFilter, order: 'newest' | 'oldest'): { sql: string; params: Value[] } {
    const where: string[] = [];
    const params: Value[] = [];
    if (f.document) {
      where.push('d.id = ?');
      params.push(f.document);
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
      where.push('e.day <= ?');
      params.push(f.until);
    }
    const orderBy = order === 'newest' ? 'e.day DESC, e.event' : 'e.day IS NULL, e.day, e.event';
    const sql = `SELECT ${EVENT_COLUMNS} FROM events e JOIN documents d ON d.doc = e.doc
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY ${orderBy} LIMIT ? OFFSET ?`;
    params.push(f.limit ? f.limit : -1, f.offset ?? 0);
    return { sql, params };
  }

  eventsSync(f: EventFilter = {}): EventRow[] {
    const { sql, params } = this.eventQuery(f, 'newest');
    try {
      return this.stmt(sql).all(...params) as EventRow[];
    } catch (e) {
      throw storeError(e, this.location);
    }
  }

  events(f: EventFilter = {}): Promise<EventRow[]> {
    return this.guard(() => this.eventsSync(f));
  }

  entitiesSync(f: EntityFilter = {}): EntityRow[] {
    const where: string[] = [];
    const params: Value[] = [];
    if (f.name) {
      where.push("name LIKE ? ESCAPE '\\'");
      params.push(`%${escapeLike(f.name)}%`);
    }
    if (f.type) {
      where.push('type = ?');
      params.push(f.type.toUpperCase());
    }
    const sql = `SELECT name, type, actor_code, max(actor_country) AS country, max(actor_sector) AS sector,
        count(DISTINCT doc) AS documents, sum(mentions) AS mentions
      FROM entities ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      GROUP BY name, type, actor_code
      ORDER BY documents DESC, mentions DESC, name, type, actor_code LIMIT ? OFFSET ?`;
    try {
      return this.stmt(sql).all(...params, f.limit ? f.limit : -1, f.offset ?? 0) as EntityRow[];
    } catch (e) {
      throw storeError(e, this.location);
    }
  }

  entities(f: EntityFilter = {}): Promise<EntityRow[]> {
    return this.guard(() => this.entitiesSync(f));
  }

  async *allDocuments(): AsyncGenerator<DocumentIn> {
    for (const row of this.iterate('SELECT text, result FROM documents ORDER BY doc', [])) {
      yield rebuild(row as { text: string; result: Buffer });
    }
  }

  async *allEvents(f: EventFilter = {}): AsyncGenerator<EventRow> {
    const { sql, params } = this.eventQuery(f, 'oldest');
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
    try {
      return this.stmt(`SELECT
        (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM entities) AS entities,
        (SELECT count(*) FROM mentions) AS mentions, (SELECT count(*) FROM quotes) AS quotes,
        (SELECT count(*) FROM events) AS events`).get() as StoreCounts;
    } catch (e) {
      throw storeError(e, this.location);
    }
  }

  counts(): Promise<StoreCounts> {
    return this.guard(() => this.countsSync());
  }

  closeSync(): void {
    if (this.db.open) this.db.close();
  }

  close(): Promise<void> {
    return this.guard(() => this.closeSync());
  }
}
