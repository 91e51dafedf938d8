/**
 * Databases Herald must not use, or cannot use right now: each gets one message that names the file and the
 * fix, and the file is left byte for byte as it was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dbPath, displayDb, openStore } from '../../src/store/open.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { APPLICATION_ID } from '../../src/store/schema.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { HeraldError } from '../../src/text/errors.js';
import { tempDir } from '../helpers/temp.js';

const dir = (): string => tempDir('herald-store-err-');
const digest = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

function refuses(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof HeraldError, `not a HeraldError: ${e.stack}`);
    assert.match(e.message, re);
    assert.ok(!e.message.includes('\n'), 'one line');
    return true;
  });
}

test('a file that is not SQLite is refused and left untouched', () => {
  const f = join(dir(), 'notes.db');
  writeFileSync(f, 'These are my notes, not a database.\n'.repeat(100));
  const before = digest(f);
  refuses(() => SqliteStore.open(f), /notes\.db: not a SQLite database.*left it untouched.*--db/);
  refuses(() => SqliteStore.open(f, { readonly: true }), /notes\.db: not a SQLite database/);
  assert.equal(digest(f), before);
});

test("another program's SQLite database is refused and left untouched", () => {
  const f = join(dir(), 'other.db');
  const db = new Database(f);
  db.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('keep me')");
  db.close();
  const before = digest(f);
  refuses(() => SqliteStore.open(f), /other\.db: a SQLite database of another program.*untouched/);
  assert.equal(digest(f), before);
});

test('a database from a newer Herald is refused', () => {
  const f = join(dir(), 'newer.db');
  const db = new Database(f);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('user_version = 999');
  db.close();
  refuses(() => SqliteStore.open(f), /newer\.db: made by a newer Herald \(schema 999/);
});

test('reading a database that does not exist says how to make one', () => {
  const f = join(dir(), 'none.db');
  refuses(() => SqliteStore.open(f, { readonly: true }), /none\.db: no Herald database here; create one with 'herald ingest/);
  refuses(() => SqliteStore.open(join(dir(), 'no', 'such', 'x.db')), /the folder .* does not exist/);
  const d = join(dir(), 'adir');
  mkdirSync(d);
  refuses(() => SqliteStore.open(d), /adir: is a directory/);
});

test('a database locked by another writer gives up with a clear message, nothing lost', () => {
  const f = join(dir(), 'locked.db');
  const first = SqliteStore.open(f);
  first.addSync({ id: '1'.repeat(64), meta: {}, text: 'one' });
  first.closeSync();
  const holder = new Database(f);
  holder.prepare('BEGIN IMMEDIATE').run();
  const second = SqliteStore.open(f, { busyTimeoutMs: 50 });
  refuses(() => second.addSync({ id: '2'.repeat(64), meta: {}, text: 'two' }), /locked\.db: the database is locked by another process.*wait for it to finish/);
  holder.prepare('ROLLBACK').run();
  holder.close();
  // Once the lock is gone the same connection works, and the first document is still there.
  assert.equal(second.addSync({ id: '2'.repeat(64), meta: {}, text: 'two' }).added, true);
  assert.equal(second.countsSync().documents, 2);
  second.closeSync();
});

test('an empty SQLite file is adopted; a PostgreSQL URL opens the PostgreSQL store, its password never shown', async () => {
  const f = join(dir(), 'empty.db');
  writeFileSync(f, '');
  const s = openStore(f);
  assert.equal((await s.counts()).documents, 0);
  await s.close();
  // Nothing listens on port 1: the message names the database without the password, and the fix.
  const pg = PostgresStore.open('postgres://user:secret@127.0.0.1:1/herald', { retryMs: 0 });
  assert.equal(pg.location, 'postgres://user@127.0.0.1:1/herald');
  await assert.rejects(pg.counts(), (e: Error) => {
    assert.ok(e instanceof HeraldError, String(e));
    assert.match(e.message, /^postgres:\/\/user@127\.0\.0\.1:1\/herald: cannot connect to PostgreSQL .*start the server/);
    assert.doesNotMatch(e.message, /secret/);
    return true;
  });
  await pg.close();
  assert.equal(displayDb('postgresql://u:p%40ss@db.example:5433/corpus?schema=news&password=x'), 'postgresql://u@db.example:5433/corpus?schema=news&password=…');
  assert.equal(displayDb('corpus.db'), 'corpus.db');
});

test('the database path: --db, else HERALD_DB, else herald.db', () => {
  assert.equal(dbPath('x.db', { HERALD_DB: 'env.db' }), 'x.db');
  assert.equal(dbPath(undefined, { HERALD_DB: 'env.db' }), 'env.db');
  assert.equal(dbPath(undefined, {}), 'herald.db');
});
