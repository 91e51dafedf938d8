/**
 * Which database a command uses (`--db`, else `HERALD_DB`, else `herald.db` in the current directory) and
 * opening it. SQLite is the only backend today; a `postgres://` location is where a PostgreSQL one plugs in.
 */
import { HeraldError } from '../text/errors.js';
import { SqliteStore } from './sqlite.js';

export const DEFAULT_DB = 'herald.db';

export function dbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return flag;
  if (env.HERALD_DB) return env.HERALD_DB;
  return DEFAULT_DB;
}

export interface OpenOptions {
  readonly?: boolean;
}

/** Opens the store at `location` (a SQLite file path). */
export function openStore(location: string, opts: OpenOptions = {}): SqliteStore {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    throw new HeraldError(`${location.replace(/\/\/[^@/]*@/, '//…@')}: PostgreSQL is not supported yet; give a SQLite file with --db`);
  }
  return SqliteStore.open(location, { readonly: opts.readonly === true });
}
