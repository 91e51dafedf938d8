/**
 * What only the PostgreSQL store has to get right: whose schema it is, migrating once when many processes start
 * together, riding out dropped connections, and never printing a password. Skipped with the reason where no
 * server answers (failing instead under HERALD_REQUIRE_SERVICES=1, as in CI).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres.js';
import { PG_SCHEMA_VERSION } from '../../src/store/pg-schema.js';
import { HeraldError } from '../../src/text/errors.js';
import { PG_URL, postgres, postgresSkip } from './backends.js';
import { docA, docB, EVENT_A, EVENT_B, NOW, QUOTE_A, QUOTE_B } from './fixtures.js';
import { addV1Postgres, PG_V1, PG_V2 } from './legacy.js';

const skip = await postgresSkip();

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const schemaOf = (location: string): string => new URL(location).searchParams.get('schema') as string;

describe('PostgreSQL store', { skip: skip ?? false }, () => {
  test('a new schema is marked as Herald\'s, at the current version, with its indexes', async () => {
    const location = postgres.fresh();
    const store = postgres.open(location);
    await store.add(docA());
    await store.close();
    const schema = schemaOf(location);
    await admin(async (c) => {
      const meta = await c.query(`SELECT key, value FROM "${schema}".herald_meta ORDER BY key`);
      assert.deepEqual(meta.rows, [{ key: 'application', value: 'herald' }, { key: 'schema_version', value: String(PG_SCHEMA_VERSION) }]);
      const idx = await c.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1', [schema]);
      const names = idx.rows.map((r) => r.indexname);
      for (const i of ['quotes_words', 'quotes_day', 'quotes_speaker', 'events_source', 'events_target', 'events_root', 'events_plover', 'events_day', 'documents_id_key', 'documents_list', 'entity_groups_rank', 'stat_edges_rank']) {
        assert.ok(names.includes(i), `${i} missing from ${names.join(', ')}`);
      }
    });
  });

  for (const version of [1, 2]) {
    test(`a schema of version ${version} (result blobs, counted on every call) is upgraded on open, nothing lost`, async () => {
      const location = postgres.fresh();
      const schema = schemaOf(location);
      await admin(async (c) => {
        await c.query(`CREATE SCHEMA "${schema}"; SET search_path = "${schema}"`);
        await c.query(PG_V1);
        if (version === 2) await c.query(PG_V2);
        await c.query(`CREATE TABLE herald_meta (key text PRIMARY KEY, value text NOT NULL); INSERT INTO herald_meta VALUES ('application', 'herald'), ('schema_version', '${version}')`);
        await addV1Postgres(c, docA(), 'a.txt', NOW.toISOString(), 1);
        await addV1Postgres(c, docB(), 'feed.jsonl:1', NOW.toISOString(), 2);
      });
      const ro = postgres.open(location, { readonly: true });
      try {
        assert.deepEqual(await ro.counts(), { documents: 2, entities: 5, mentions: 6, quotes: 2, events: 2 });
        assert.deepEqual(await ro.document('a'.repeat(64)), docA());
        assert.deepEqual(await ro.quotes(), [QUOTE_B, QUOTE_A]);
        assert.deepEqual(await ro.events(), [EVENT_B, EVENT_A]);
      } finally {
        await ro.close();
      }
      const again = postgres.open(location, { now: () => NOW });
      try {
        await again.add({ ...docA(), id: 'f'.repeat(64) });
        assert.deepEqual(await again.counts(), { documents: 3, entities: 8, mentions: 10, quotes: 3, events: 3 });
        assert.deepEqual((await again.events({ document: 'f'.repeat(64) })).map((e) => e.event_id), [3]);
      } finally {
        await again.close();
      }
      await admin(async (c) => {
        const v = await c.query(`SELECT value FROM "${schema}".herald_meta WHERE key = 'schema_version'`);
        assert.equal(v.rows[0].value, String(PG_SCHEMA_VERSION));
        const left = await c.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'herald_upgrade_%'`);
        assert.deepEqual(left.rows, []);
      });
    });
  }

  test('many processes opening a new schema at once migrate it once', async () => {
    const location = postgres.fresh();
    const stores = [0, 1, 2, 3].map(() => postgres.open(location));
    try {
      const outcomes = await Promise.all(stores.map((s, i) => s.add(i % 2 ? docA() : docB())));
      assert.equal(outcomes.filter((o) => o.added).length, 2);
      assert.equal((await stores[0].counts()).documents, 2);
    } finally {
      for (const s of stores) await s.close();
    }
  });

  test('a schema of another program, or of a newer Herald, is refused and left untouched', async () => {
    const other = postgres.fresh();
    await admin((c) => c.query(`CREATE SCHEMA "${schemaOf(other)}"; CREATE TABLE "${schemaOf(other)}".notes (x int)`));
    const s1 = postgres.open(other);
    await assert.rejects(s1.counts(), /holds another program's tables, not Herald's; Herald left it untouched/);
    await s1.close();
    await admin(async (c) => assert.equal((await c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1`, [schemaOf(other)])).rows[0].n, 1));

    const newer = postgres.fresh();
    const s2 = postgres.open(newer);
    await s2.counts();
    await s2.close();
    await admin((c) => c.query(`UPDATE "${schemaOf(newer)}".herald_meta SET value = '999' WHERE key = 'schema_version'`));
    const s3 = postgres.open(newer);
    await assert.rejects(s3.counts(), /made by a newer Herald \(schema 999/);
    await s3.close();
  });

  test('connections dropped by the server are replaced and the call goes on', async () => {
    const location = postgres.fresh();
    const store = PostgresStore.open(location, { retryMs: 10_000, maxConnections: 2 });
    try {
      await store.add(docA());
      await Promise.all([store.counts(), store.quotes()]);
      // As a server restart does to every open connection.
      const killed = await admin(async (c) => {
        const r = await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'herald' AND pid <> pg_backend_pid()");
        return r.rowCount;
      });
      assert.ok((killed ?? 0) >= 1);
      assert.deepEqual(await store.add(docB()), { added: true, entities: 2, quotes: 1, events: 1 });
      assert.equal((await store.counts()).documents, 2);
    } finally {
      await store.close();
    }
  });

  test('a connection cut while a stream waits between batches fails that stream only, and the process lives on', async () => {
    const store = PostgresStore.open(postgres.fresh(), { retryMs: 5_000, batchRows: 1 });
    try {
      await store.add(docA());
      await store.add(docB());
      const it = store.allDocuments()[Symbol.asyncIterator]();
      assert.equal((await it.next()).value?.id, 'a'.repeat(64));
      // The cursor's connection is checked out and idle: without a listener its 'error' event would end the process.
      await admin((c) => c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'herald' AND state = 'idle in transaction'"));
      await new Promise((r) => setTimeout(r, 300));
      await assert.rejects(it.next(), /lost the connection to PostgreSQL|terminat/);
      assert.equal((await store.counts()).documents, 2);
    } finally {
      await store.close();
    }
  });

  test('messages name the database without its password', async () => {
    const u = new URL(PG_URL);
    u.password = 's3cr3t-pw';
    u.pathname = '/herald_no_such_database';
    const store = PostgresStore.open(u.toString(), { retryMs: 0 });
    assert.doesNotMatch(store.location, /s3cr3t/);
    await assert.rejects(store.counts(), (e: Error) => {
      assert.ok(e instanceof HeraldError);
      assert.doesNotMatch(e.message, /s3cr3t/);
      assert.match(e.message, /herald_no_such_database.*does not exist; create it \(createdb NAME\)/);
      return true;
    });
    await store.close();
  });
});
