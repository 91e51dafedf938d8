/**
 * The SQLite store's stats: the kept aggregates read for a date range (aggregates.ts sums them), and the
 * running sums that make ranges fast (cube.ts), built on a connection of their own so that the build never
 * holds the store's connection from other queries.
 */
import Database from 'better-sqlite3';
import { ACC_FIELDS, type AggregateReader, type BucketSet } from '../aggregates.js';
import { CubeKeeper } from '../cube.js';
import type { Prepare } from './read.js';

/** The store's calls the stats make: its statements, its error guard and its document count. */
export interface StatsHost {
  location: string;
  stmt: Prepare;
  guard: <T>(fn: () => T) => Promise<T>;
  documents: () => number;
}

export class SqliteStats {
  private cubeKeeper?: CubeKeeper;
  /** The connection the stats' running sums are read on (opened on the first build). */
  private buildDb?: Database.Database;

  constructor(private readonly host: StatsHost) {}

  reader(): AggregateReader {
    const { stmt } = this.host;
    const acc = ACC_FIELDS.map((k) => `sum(${k}) AS ${k}`).join(', ');
    const where = (set: BucketSet): { sql: string; params: string[] } =>
      set === 'A' ? { sql: "bucket = 'A'", params: [] } : { sql: 'bucket BETWEEN ? AND ?', params: [`D${set.lo}`, `D${set.hi}`] };
    const sync = <T>(fn: () => T): Promise<T> => this.host.guard(fn);
    this.cubeKeeper ??= new CubeKeeper(
      {
        // On a connection of its own, in one read transaction, a batch at a time: the build never holds this
        // connection (or, between batches, this thread) from other queries.
        read: async (fn) => {
          const db = (this.buildDb ??= new Database(this.host.location, { readonly: true, fileMustExist: true, timeout: 10_000 }));
          db.exec('BEGIN');
          try {
            const stamp = Number(db.prepare('SELECT documents FROM counts').pluck().get());
            return await fn(stamp, (table) => batches(db, table === 'stat_days' ? 'SELECT * FROM stat_days' : `SELECT * FROM ${table} WHERE bucket >= 'D' AND bucket < 'E'`));
          } finally {
            db.exec('COMMIT');
          }
        },
      },
      async () => this.host.documents(),
    );
    const keeper = this.cubeKeeper;
    return {
      dayBounds: () =>
        sync(() => {
          const min = stmt("SELECT day FROM stat_days WHERE day > '' ORDER BY day LIMIT 1").pluck().get() as string | undefined;
          const max = stmt("SELECT day FROM stat_days WHERE day > '' ORDER BY day DESC LIMIT 1").pluck().get() as string | undefined;
          return { min: min ?? '', max: max ?? '' };
        }),
      days: (lo, hi, undated) =>
        sync(() => {
          if (lo === null || hi === null) return stmt('SELECT * FROM stat_days').all() as never;
          const rows = stmt("SELECT * FROM stat_days WHERE day BETWEEN ? AND ? AND day > ''").all(lo, hi);
          if (undated) rows.push(...stmt("SELECT * FROM stat_days WHERE day = ''").all());
          return rows as never;
        }),
      edges: (set, limit) =>
        sync(() => {
          if (set === 'A') {
            const rows = stmt(`SELECT * FROM stat_edges WHERE bucket = 'A' ORDER BY events DESC, skey || ' ' || tkey LIMIT ?`).all(limit);
            const total = Number(stmt("SELECT pairs FROM stat_pairs WHERE bucket = 'A'").pluck().get() ?? 0);
            return { rows, total } as never;
          }
          const w = where(set);
          const rows = stmt(`SELECT skey, tkey, ${acc}, count(*) OVER () AS total FROM stat_edges WHERE ${w.sql}
            GROUP BY skey, tkey ORDER BY events DESC, skey || ' ' || tkey LIMIT ?`).all(...w.params, Math.max(1, limit)) as { total: number }[];
          return { rows: rows.slice(0, limit), total: rows.length ? Number(rows[0].total) : 0 } as never;
        }),
      labels: (set, keys) =>
        sync(() => {
          const w = where(set);
          return stmt(`SELECT akey, label, sum(n_out) AS n_out, sum(n_in) AS n_in FROM stat_labels
            WHERE ${w.sql} AND akey IN (SELECT value FROM json_each(?)) GROUP BY akey, label`).all(...w.params, JSON.stringify(keys)) as never;
        }),
      places: (set) =>
        sync(() => {
          const w = where(set);
          return stmt(`SELECT * FROM stat_places WHERE ${w.sql}`).all(...w.params) as never;
        }),
      tallies: (set) =>
        sync(() => {
          const w = where(set);
          return stmt(`SELECT kind, value, n FROM stat_tallies WHERE ${w.sql}`).all(...w.params) as never;
        }),
      cube: (stamp) => keeper.get(stamp),
    };
  }

  /** Builds the running sums now (the server calls this once at start). */
  async prepare(): Promise<void> {
    this.reader();
    await this.cubeKeeper?.prepare();
  }

  close(): void {
    if (this.buildDb?.open) this.buildDb.close();
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
