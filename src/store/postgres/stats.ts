/**
 * The PostgreSQL store's stats: the kept aggregates read for a date range (aggregates.ts sums them), and the
 * running sums that make ranges fast (cube.ts), built in one read-only snapshot through cursors, a batch at a
 * time.
 */
import { ACC_FIELDS, type AggregateReader, type BucketSet, type EdgeAgg } from '../aggregates.js';
import { CubeKeeper } from '../cube.js';
import type { Query } from './connection.js';
import { Params } from './read.js';

/** The store's calls the stats make: its pool, its snapshots and its document count. */
export interface StatsHost {
  rows: Query;
  snapshot: () => AsyncGenerator<Query>;
  documents: () => Promise<number>;
}

export class PgStats {
  private cubeKeeper?: CubeKeeper;

  constructor(private readonly host: StatsHost) {}

  reader(): AggregateReader {
    const acc = ACC_FIELDS.map((k) => `sum(${k})::bigint AS ${k}`).join(', ');
    const where = (set: BucketSet, p: Params): string => (set === 'A' ? "bucket = 'A'" : `bucket BETWEEN ${p.add(`D${set.lo}`)} AND ${p.add(`D${set.hi}`)}`);
    this.cubeKeeper ??= new CubeKeeper(
      {
        // In one read-only snapshot, through cursors, a batch at a time: the build never holds the event loop long.
        read: async (fn) => {
          for await (const q of this.host.snapshot()) {
            const [c] = await q<{ n: number }>('SELECT coalesce(sum(documents), 0)::bigint AS n FROM counts', []);
            let cursor = 0;
            return await fn(Number(c.n), (table) =>
              (async function* () {
                const name = `herald_cube_${cursor++}`;
                await q(`DECLARE ${name} NO SCROLL CURSOR FOR ${table === 'stat_days' ? 'SELECT * FROM stat_days' : `SELECT * FROM ${table} WHERE bucket >= 'D' AND bucket < 'E'`}`, []);
                for (;;) {
                  const rows = await q<Record<string, unknown>>(`FETCH 5000 FROM ${name}`, []);
                  if (rows.length) yield rows as never;
                  if (rows.length < 5000) break;
                }
                await q(`CLOSE ${name}`, []);
              })(),
            );
          }
          throw new Error('no snapshot');
        },
      },
      () => this.host.documents(),
    );
    const keeper = this.cubeKeeper;
    return {
      dayBounds: async () => {
        const [r] = await this.host.rows<{ min: string | null; max: string | null }>(
          "SELECT (SELECT day FROM stat_days WHERE day > '' ORDER BY day LIMIT 1) AS min, (SELECT day FROM stat_days WHERE day > '' ORDER BY day DESC LIMIT 1) AS max",
        );
        return { min: r.min ?? '', max: r.max ?? '' };
      },
      days: (lo, hi, undated) =>
        lo === null || hi === null
          ? this.host.rows('SELECT * FROM stat_days')
          : this.host.rows(`SELECT * FROM stat_days WHERE (day BETWEEN $1 AND $2 AND day > '')${undated ? " OR day = ''" : ''}`, [lo, hi]),
      edges: async (set, limit) => {
        if (set === 'A') {
          const [rows, total] = await Promise.all([
            this.host.rows<EdgeAgg>(`SELECT * FROM stat_edges WHERE bucket = 'A' ORDER BY events DESC, skey || ' ' || tkey LIMIT $1`, [limit]),
            this.host.rows<{ pairs: number }>("SELECT pairs FROM stat_pairs WHERE bucket = 'A'"),
          ]);
          return { rows, total: Number(total[0]?.pairs ?? 0) };
        }
        const p = new Params();
        const w = where(set, p);
        const rows = await this.host.rows<EdgeAgg & { total: number }>(
          `SELECT skey, tkey, ${acc}, count(*) OVER () AS total FROM stat_edges WHERE ${w}
           GROUP BY skey, tkey ORDER BY events DESC, skey || ' ' || tkey LIMIT ${p.add(Math.max(1, limit))}`,
          p.values,
        );
        return { rows: rows.slice(0, limit), total: rows.length ? Number(rows[0].total) : 0 };
      },
      labels: (set, keys) => {
        const p = new Params();
        const w = where(set, p);
        return this.host.rows(
          `SELECT akey, label, sum(n_out)::bigint AS n_out, sum(n_in)::bigint AS n_in FROM stat_labels
           WHERE ${w} AND akey = ANY(${p.add(keys)}::text[]) GROUP BY akey, label`,
          p.values,
        );
      },
      places: (set) => {
        const p = new Params();
        return this.host.rows(`SELECT * FROM stat_places WHERE ${where(set, p)}`, p.values);
      },
      tallies: (set) => {
        const p = new Params();
        return this.host.rows(`SELECT kind, value, n FROM stat_tallies WHERE ${where(set, p)}`, p.values);
      },
      cube: (stamp) => keeper.get(stamp),
    };
  }

  /** Builds the running sums now (the server calls this once at start). */
  async prepare(): Promise<void> {
    this.reader();
    await this.cubeKeeper?.prepare();
  }
}
