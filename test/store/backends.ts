/**
 * The two store backends for the contract tests: a fresh SQLite file, or a fresh PostgreSQL schema (dropped once
 * the test file is done) on the server at HERALD_TEST_PG (default postgres://postgres@127.0.0.1:5432/test, trust
 * auth). Where no server answers, the PostgreSQL half is skipped with a message, unless
 * HERALD_REQUIRE_SERVICES=1 (CI), which makes it fail instead.
 */
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { tempDir } from '../helpers/temp.js';

export const PG_URL = process.env.HERALD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REQUIRE_SERVICES = process.env.HERALD_REQUIRE_SERVICES === '1';

export interface OpenOptions {
  readonly?: boolean;
  now?: () => Date;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A new, empty database; each call gives another. */
  fresh(): string;
  /** Opens (another connection to) a database made by `fresh`. */
  open(location: string, opts?: OpenOptions): Store;
}

/** Whether something accepts TCP connections at the URL's host and port (within a second). */
export function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const sock = createConnection({ host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

export const sqlite: Backend = {
  name: 'sqlite',
  fresh: () => join(tempDir('herald-contract-'), 'test.db'),
  open: (location, opts = {}) => SqliteStore.open(location, opts),
};

const schemas: string[] = [];
let serial = 0;

export const postgres: Backend = {
  name: 'postgres',
  fresh() {
    const schema = `herald_test_${process.pid}_${Date.now().toString(36)}_${serial++}`;
    schemas.push(schema);
    const u = new URL(PG_URL);
    u.searchParams.set('schema', schema);
    return u.toString();
  },
  open: (location, opts = {}) => PostgresStore.open(location, { ...opts, retryMs: 0, maxConnections: 4, batchRows: 7 }),
};

after(async () => {
  if (!schemas.length) return;
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
    for (const s of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } catch {
    /* no server: nothing was made */
  } finally {
    await client.end().catch(() => undefined);
  }
});

/** Why the PostgreSQL half does not run here, or null when it does. */
export async function postgresSkip(): Promise<string | null> {
  if (await reachable(PG_URL)) return null;
  const why = `no PostgreSQL server at ${new URL(PG_URL).host} (set HERALD_TEST_PG, or start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)`;
  if (REQUIRE_SERVICES) throw new Error(`HERALD_REQUIRE_SERVICES=1 but ${why}`);
  return why;
}
