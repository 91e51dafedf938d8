/**
 * The stats of any date range in time proportional to the distinct pairs, places and actors stored, whatever
 * the number of events or days: the per-day aggregate rows (aggregates.ts), read once into memory as running
 * sums per key (per actor pair, actor label, place, CAMEO root / PLOVER type), so that a key's total over
 * days lo..hi is two binary searches. Built by the store from its `D…` bucket rows and rebuilt when the
 * store's counts change (stores fall back to summing the day rows in SQL while a rebuild runs).
 */
import { ACC_FIELDS, dominant, mean100 } from './aggregates.js';
import { dayNumber } from './shape.js';
import type { ActorEdge, ActorNode, DayStats, LocationStats, QuadCounts, Stats, StoreCounts } from './types.js';

type Row = Record<string, unknown> & { bucket: string };

/** Running sums per key over days: `sum(k, m, lo, hi)` is measure m of key k over days lo..hi. */
class Series {
  readonly keys: string[] = [];
  private start!: Int32Array;
  private days!: Int32Array;
  private cum!: Float64Array[];
  /** Per row, anything else the caller keeps (the first event of a place that day). */
  readonly payload: unknown[] = [];

  private pending = new Map<string, { day: number; values: number[]; payload?: unknown }[]>();
  private count = 0;

  constructor(readonly measures: readonly string[]) {}

  /** One row of the key's series: `day` a day number, the measures' values, anything else to keep. */
  add(key: string, day: number, values: number[], payload?: unknown): void {
    let list = this.pending.get(key);
    if (!list) this.pending.set(key, (list = []));
    list.push({ day, values, payload });
    this.count++;
  }

  /** Lays the rows out as running sums per key, giving the event loop a turn now and then. */
  async finish(): Promise<this> {
    const count = this.count;
    this.start = new Int32Array(this.pending.size + 1);
    this.days = new Int32Array(count);
    this.cum = this.measures.map(() => new Float64Array(count));
    let i = 0;
    let k = 0;
    for (const [key, list] of this.pending) {
      list.sort((a, b) => a.day - b.day);
      this.keys.push(key);
      this.start[k] = i;
      const run = this.measures.map(() => 0);
      for (const r of list) {
        this.days[i] = r.day;
        for (let m = 0; m < run.length; m++) {
          run[m] += r.values[m];
          this.cum[m][i] = run[m];
        }
        this.payload[i] = r.payload;
        i++;
      }
      k++;
      if (k % 2000 === 0) await turn();
    }
    this.start[k] = i;
    this.pending = new Map();
    return this;
  }

  /** The rows of key k within lo..hi: [first, end). */
  span(k: number, lo: number, hi: number): [number, number] {
    return [this.first(k, lo), this.end(k, hi)];
  }

  /** The first row of key k on day lo or later (`span` without an array, for the hot loops). */
  first(k: number, lo: number): number {
    return lowerBound(this.days, this.start[k], this.start[k + 1], lo);
  }

  /** The row after key k's last row on day hi or before. */
  end(k: number, hi: number): number {
    return lowerBound(this.days, this.start[k], this.start[k + 1], hi + 1);
  }

  dayAt(row: number): number {
    return this.days[row];
  }

  /** Measure m of key k over lo..hi, with the key's first row (avoids looking the key up again). */
  sum(k: number, m: number, first: number, end: number): number {
    if (end <= first) return 0;
    const c = this.cum[m];
    return c[end - 1] - (first > this.start[k] ? c[first - 1] : 0);
  }
}

function lowerBound(a: Int32Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const ACC = ACC_FIELDS as readonly string[];
const accValues = (r: Record<string, unknown>): number[] => ACC.map((k) => Number(r[k]));

export type CubeTable = 'stat_days' | 'stat_edges' | 'stat_labels' | 'stat_places' | 'stat_tallies';

export interface CubeSource {
  /**
   * Runs `fn` on one consistent read of the store: `stamp` is its document count then, `rows(table)` the
   * day-level rows of an aggregate table (bucket `D` + day; all of stat_days) in batches.
   */
  read<T>(fn: (stamp: number, rows: (table: CubeTable) => AsyncIterable<Row[]>) => Promise<T>): Promise<T>;
}

/** A turn of the event loop: a build of many rows lets the thread's other work go on between batches. */
export const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class StatsCube {
  private days!: { day: string; n: number; acc: number[] }[];
  private undated = 0;
  private edges!: Series;
  private pairNodes!: Int32Array;
  private nodes: string[] = [];
  private nodeIdx = new Map<string, number>();
  /** Each place key's name (the key is JSON [name, lat, lon]). */
  private placeNames: string[] = [];
  private labels!: Series;
  /** Per node, its label series, most used (over all days) first; and each series' all-day total. */
  private labelsOf = new Map<string, number[]>();
  private labelTotal!: Float64Array;
  private places!: Series;
  private tallies!: Series;
  /** Scratch for `stats`: the pairs found in range (reused by every call; `stats` runs to its end at once). */
  private found?: { k: Int32Array; first: Int32Array; end: Int32Array; n: Float64Array };

  private constructor() {}

  static async build(rows: (table: CubeTable) => AsyncIterable<Row[]>): Promise<StatsCube> {
    const c = new StatsCube();
    const dn = (r: Row): number => dayNumber(r.bucket.slice(1));
    const each = async (table: CubeTable, fn: (r: Row) => void): Promise<void> => {
      for await (const batch of rows(table)) {
        for (const r of batch) fn(r);
        await turn();
      }
    };
    const days: { day: string; n: number; acc: number[] }[] = [];
    await each('stat_days', (r) => void days.push({ day: String(r.day), n: dayNumber(String(r.day)), acc: accValues(r) }));
    c.days = days.sort((a, b) => a.n - b.n);
    c.undated = c.days.filter((d) => d.day === '').reduce((x, d) => x + d.acc[0], 0);
    c.edges = new Series(ACC);
    await each('stat_edges', (r) => c.edges.add(`${String(r.skey)}\u0000${String(r.tkey)}`, dn(r), accValues(r)));
    await c.edges.finish();
    const nodeIndex = c.nodeIdx;
    const node = (k: string): number => {
      let i = nodeIndex.get(k);
      if (i === undefined) {
        nodeIndex.set(k, (i = c.nodes.length));
        c.nodes.push(k);
      }
      return i;
    };
    c.pairNodes = new Int32Array(c.edges.keys.length * 2);
    c.edges.keys.forEach((k, i) => {
      const [s, t] = k.split('\u0000');
      c.pairNodes[2 * i] = node(s);
      c.pairNodes[2 * i + 1] = node(t);
    });
    c.labels = new Series(['n_out', 'n_in']);
    await each('stat_labels', (r) => c.labels.add(`${String(r.akey)}\u0000${String(r.label)}`, dn(r), [Number(r.n_out), Number(r.n_in)]));
    await c.labels.finish();
    c.labelTotal = new Float64Array(c.labels.keys.length);
    c.labels.keys.forEach((k, i) => {
      const [first, end] = c.labels.span(i, 0, Number.MAX_SAFE_INTEGER);
      c.labelTotal[i] = c.labels.sum(i, 0, first, end) + c.labels.sum(i, 1, first, end);
      const a = k.slice(0, k.indexOf('\u0000'));
      const list = c.labelsOf.get(a);
      if (list) list.push(i);
      else c.labelsOf.set(a, [i]);
    });
    for (const list of c.labelsOf.values()) list.sort((x, y) => c.labelTotal[y] - c.labelTotal[x]);
    c.places = new Series(ACC);
    await each('stat_places', (r) =>
      c.places.add(String(r.pkey), dn(r), accValues(r), { first_event: Number(r.first_event), country: (r.country as string | null) ?? null, lat: Number(r.lat), lon: Number(r.lon) }),
    );
    await c.places.finish();
    c.placeNames = c.places.keys.map((k) => (JSON.parse(k) as string[])[0]);
    c.tallies = new Series(['n']);
    await each('stat_tallies', (r) => c.tallies.add(`${String(r.kind)}\u0000${String(r.value)}`, dn(r), [Number(r.n)]));
    await c.tallies.finish();
    return c;
  }

  /**
   * The stats of the events dated lo..hi (real days, inclusive), or of every event (undated ones included)
   * when both are null: what statsFromAggregates gives.
   */
  stats(lo: string | null, hi: string | null, counts: StoreCounts, maxEdges: number): Stats {
    const whole = lo === null && hi === null;
    // Undated events are day 0 (their rows are in bucket `D`).
    const a = whole ? 0 : dayNumber(lo ?? '');
    const b = whole ? Number.MAX_SAFE_INTEGER : dayNumber(hi ?? '');
    const quad = (x: number[]): QuadCounts => [x[1], x[2], x[3], x[4]];
    let events = 0;
    const days: DayStats[] = [];
    for (const d of this.days) {
      if (d.n < a || d.n > b) continue;
      events += d.acc[0];
      if (d.day !== '') days.push({ date: d.day, events: d.acc[0], quad: quad(d.acc), goldstein: mean100(d.acc[5], d.acc[6]) });
    }

    const out = new Float64Array(this.nodes.length);
    const inn = new Float64Array(this.nodes.length);
    // The pairs with events in range, in typed arrays kept with the cube (this runs on a server's thread for
    // every new date range: few objects, so little garbage to collect).
    const e = this.edges;
    const f = (this.found ??= { k: new Int32Array(e.keys.length), first: new Int32Array(e.keys.length), end: new Int32Array(e.keys.length), n: new Float64Array(e.keys.length) });
    let nf = 0;
    for (let k = 0; k < e.keys.length; k++) {
      const first = e.first(k, a);
      const end = e.end(k, b);
      if (end <= first) continue;
      const n = e.sum(k, 0, first, end);
      if (n <= 0) continue;
      out[this.pairNodes[2 * k]] += n;
      inn[this.pairNodes[2 * k + 1]] += n;
      f.k[nf] = k;
      f.first[nf] = first;
      f.end[nf] = end;
      f.n[nf] = n;
      nf++;
    }
    const limit = Math.max(0, maxEdges);
    // Only the pairs at or above the cut (the limit-th largest count) need their key, for the tie-break.
    let cut = -Infinity;
    if (nf > limit) cut = limit > 0 ? f.n.slice(0, nf).sort()[nf - limit] : Infinity;
    const kept: { i: number; n: number; key: string }[] = [];
    for (let i = 0; i < nf; i++) if (f.n[i] >= cut) kept.push({ i, n: f.n[i], key: e.keys[f.k[i]].replace('\u0000', ' ') });
    kept.sort((x, y) => y.n - x.n || cmp(x.key, y.key));
    if (kept.length > limit) kept.length = limit;
    const edges: ActorEdge[] = kept.map(({ i }) => {
      const v = ACC.map((_, m) => e.sum(f.k[i], m, f.first[i], f.end[i]));
      const q = quad(v);
      const [source, target] = e.keys[f.k[i]].split('\u0000');
      return { source, target, count: v[0], quad: q, quadClass: dominant(q), goldstein: mean100(v[5], v[6]) };
    });

    const used = new Set<string>();
    for (const x of edges) used.add(x.source).add(x.target);
    const nodes: ActorNode[] = [];
    const nodeIdx = this.nodeIdx;
    for (const id of used) {
      // The name most used in range: labels are visited most used overall first, and a label used fewer times
      // overall than the best so far cannot win (nor can any after it).
      // As topName: the most events, then the first in code-unit order (all keys start with `id` and a NUL, so
      // comparing keys compares labels); only the winner's label is cut out of its key.
      const lk = this.labels.keys;
      let best = 0;
      let won = -1;
      for (const li of this.labelsOf.get(id) ?? []) {
        if (this.labelTotal[li] < best) break;
        const first = this.labels.first(li, a);
        const end = this.labels.end(li, b);
        const n = this.labels.sum(li, 0, first, end) + this.labels.sum(li, 1, first, end);
        if (n <= 0) continue;
        if (n > best || (n === best && lk[li] < lk[won])) {
          best = n;
          won = li;
        }
      }
      const i = nodeIdx.get(id) ?? -1;
      nodes.push({ id, code: id.startsWith('name:') ? null : id, name: won < 0 ? '' : lk[won].slice(id.length + 1), out: i >= 0 ? out[i] : 0, in: i >= 0 ? inn[i] : 0 });
    }
    nodes.sort((x, y) => y.out + y.in - (x.out + x.in) || (x.id < y.id ? -1 : 1));

    const p = this.places;
    const locs: (LocationStats & { key: string })[] = [];
    for (let k = 0; k < p.keys.length; k++) {
      const first = p.first(k, a);
      const end = p.end(k, b);
      if (end <= first || p.sum(k, 0, first, end) <= 0) continue;
      const v = ACC.map((_, m) => p.sum(k, m, first, end));
      // The first event at the place in date order, undated last (the undated row is day 0, so first by day).
      const at = p.dayAt(first) === 0 && first + 1 < end ? first + 1 : first;
      const f = p.payload[at] as { country: string | null; lat: number; lon: number };
      const name = this.placeNames[k];
      locs.push({ name, country: f.country, lat: f.lat, lon: f.lon, events: v[0], quad: quad(v), goldstein: mean100(v[5], v[6]), key: `${name} ${f.lat} ${f.lon}` });
    }
    locs.sort((x, y) => y.events - x.events || cmp(x.key, y.key));

    const t = this.tallies;
    const tally = (kind: string): [string, number][] => {
      const list: [string, number][] = [];
      const prefix = kind + '\u0000';
      for (let k = 0; k < t.keys.length; k++) {
        if (!t.keys[k].startsWith(prefix)) continue;
        const n = t.sum(k, 0, t.first(k, a), t.end(k, b));
        if (n > 0) list.push([t.keys[k].slice(2), n]);
      }
      return list.sort(([ka, x], [kb, y]) => y - x || cmp(ka, kb));
    };

    return {
      counts: { documents: counts.documents, entities: counts.entities, mentions: counts.mentions, quotes: counts.quotes, events: counts.events },
      events,
      undated: whole ? this.undated : 0,
      days,
      actors: { nodes, edges, totalEdges: nf },
      locations: locs.map(({ key: _k, ...l }) => l),
      cameo: tally('c').map(([root, n]) => ({ root, events: n })),
      plover: tally('p').map(([type, n]) => ({ type, events: n })),
    };
  }
}


/**
 * A store's cube, kept up to date with it: `get` gives the cube when it holds everything the store holds (its
 * document count, `stamp`, unchanged since it was read), else null, starting a rebuild in the background (at
 * most one at a time, spaced while documents keep coming: meanwhile the store sums day rows in SQL).
 */
export class CubeKeeper {
  private current?: { stamp: number; cube: StatsCube };
  private building?: Promise<void>;
  private lastStart = -Infinity;
  /** How long the last build took: builds are spaced by five times that (at least 2 s), a fifth of a core at most. */
  private lastMs = 0;

  constructor(
    private readonly src: CubeSource,
    private readonly stamp: () => Promise<number>,
  ) {}

  async get(stamp?: number): Promise<StatsCube | null> {
    const now = stamp ?? (await this.stamp());
    if (this.current && this.current.stamp === now) return this.current.cube;
    if (!this.building && Date.now() - this.lastStart >= Math.max(2000, 5 * this.lastMs)) this.start();
    return null;
  }

  /** Builds the cube now if it is missing or behind (the server does this at start). */
  async prepare(): Promise<void> {
    const now = await this.stamp();
    if (this.current?.stamp === now) return;
    if (!this.building) this.start();
    await this.building;
  }

  private start(): void {
    const t0 = (this.lastStart = Date.now());
    // The cube is labelled with the document count read in the same snapshot as its rows.
    this.building = this.src
      .read(async (stamp, rows) => ({ stamp, cube: await StatsCube.build(rows) }))
      .then((built) => {
        this.current = built;
        this.lastMs = Date.now() - t0;
      })
      .catch(() => undefined)
      .finally(() => (this.building = undefined));
  }
}
