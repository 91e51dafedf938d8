/**
 * Which database a command uses (`--db`, else `HERALD_DB`, else `herald.db` in the current directory) and
 * opening it: a `postgres://` (or `postgresql://`) connection string opens the shared PostgreSQL store,
 * anything else is a SQLite file.
 */
import { isPostgresUrl, maskPassword, PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export const DEFAULT_DB = 'herald.db';

export function dbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return flag;
  if (env.HERALD_DB) return env.HERALD_DB;
  return DEFAULT_DB;
}

/** The database as it may be printed: a connection string loses its password, a file path stays as it is. */
export function displayDb(location: string): string {
  return isPostgresUrl(location) ? maskPassword(location) : location;
}

export { isPostgresUrl };

export interface OpenOptions {
  readonly?: boolean;
}

/**
 * Opens the store at `location`: a SQLite file path, or a PostgreSQL connection string
 * (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME]`), which connects on its first call.
 */
export function openStore(location: string, opts: OpenOptions = {}): Store {
  if (isPostgresUrl(location)) return PostgresStore.open(location, { readonly: opts.readonly === true });
  return SqliteStore.open(location, { readonly: opts.readonly === true });
}
