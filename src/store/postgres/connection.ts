/**
 * Reaching the PostgreSQL store: its connection string (the schema in `?schema=`, the password never printed),
 * the `pg` driver loaded on first use, which failures are of the connection (worth retrying once the server is
 * back), and the one-line messages that name the database and the fix.
 */
import type { PoolConfig, QueryResultRow } from 'pg';
import { HeraldError } from '../../text/errors.js';

export const isPostgresUrl = (s: string): boolean => /^postgres(ql)?:\/\//i.test(s);

/** A connection string with its password (in the URL or a `password=` parameter) replaced, for messages. */
export function maskPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^@/?#]*@/i, '$1@').replace(/([?&]password=)[^&#]*/gi, '$1…');
}

export interface Target {
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
export const loadPg = (): Promise<Pg> => (driver ??= import('pg').then((m) => m.default));

/** int8 (counts, sums, identity keys) as a JS number, as SQLite gives them; everything else as pg does. */
export const typesOf = (pg: Pg): PoolConfig['types'] => ({
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

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs a statement and gives its rows (on the pool, or on one connection in a snapshot or a transaction). */
export type Query = <R extends QueryResultRow>(sql: string, params?: unknown[]) => Promise<R[]>;
