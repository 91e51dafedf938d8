/**
 * Opening the SQLite store's file: nothing is written before the file is known to be Herald's (or new), an
 * older Herald file is upgraded in one transaction, and every SQLite failure becomes a one-line HeraldError
 * that names the file and the fix. Nothing here ever deletes or rewrites a file it did not create, except to
 * upgrade an older Herald file.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { HeraldError } from '../../text/errors.js';
import { APPLICATION_ID, SCHEMA, SCHEMA_VERSION, V1_TABLES } from '../schema.js';
import { flatten, legacyResult } from '../shape.js';
import { buildAdd } from './write.js';

type Db = Database.Database;

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

/** Opens (and in write mode creates and migrates) the database at `file`. */
export function openDatabase(file: string, readonly: boolean, busyTimeoutMs: number): Db {
  if (readonly && !existsSync(file)) {
    throw new HeraldError(`${file}: no Herald database here; create one with 'herald ingest ARTICLES --db ${file}', or point --db (or HERALD_DB) at yours`);
  }
  checkHeader(file);
  const dir = dirname(resolve(file));
  if (!existsSync(dir)) throw new HeraldError(`${file}: the folder ${dir} does not exist; create it, or give another --db file`);
  let db: Db | undefined;
  try {
    db = connect(file, readonly, busyTimeoutMs);
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version < SCHEMA_VERSION) {
      if (readonly) {
        // An older schema is upgraded by a short read-write connection, then read as usual.
        db.close();
        db = connect(file, false, busyTimeoutMs);
        migrate(db);
        db.close();
        db = connect(file, true, busyTimeoutMs);
      } else {
        migrate(db);
      }
    }
    return db;
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

function connect(file: string, readonly: boolean, timeout: number): Db {
  const db = new Database(file, { readonly, fileMustExist: readonly, timeout });
  try {
    // Nothing is written before the file is known to be Herald's (or new).
    checkOwner(db, file);
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
function checkOwner(db: Db, file: string): number {
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

function migrate(db: Db): void {
  const upgraded = db.transaction((): boolean => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const v = Number(db.pragma('user_version', { simple: true }));
    if (v >= SCHEMA_VERSION) return false;
    if (v === 0) {
      db.exec(SCHEMA);
      db.pragma(`application_id = ${APPLICATION_ID}`);
    } else {
      upgradeFromV1(db);
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
function upgradeFromV1(db: Db): void {
  const names = db.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('index', 'trigger')").all() as { type: string; name: string }[];
  for (const x of names) db.exec(`DROP ${x.type.toUpperCase()} IF EXISTS "${x.name}"`);
  db.exec('DROP TABLE IF EXISTS documents_fts; DROP TABLE IF EXISTS quotes_fts;');
  for (const t of V1_TABLES) db.exec(`ALTER TABLE ${t} RENAME TO v1_${t}`);
  db.exec(SCHEMA);
  const batch = db.prepare('SELECT doc, text, result, origin, added_at FROM v1_documents WHERE doc > ? ORDER BY doc LIMIT 200');
  const eventIds = db.prepare('SELECT event FROM v1_events WHERE doc = ? ORDER BY event').pluck();
  const insert = buildAdd(db, false);
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
