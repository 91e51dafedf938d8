/**
 * The stats of any date range in time proportional to the distinct pairs, places and actors stored, whatever
 * the number of events or days: the per-day aggregate rows (aggregates.ts), read once into memory as running
 * sums per key (per actor pair, actor label, place, CAMEO root / PLOVER type), so that a key's total over
 * days lo..hi is two binary searches. Built by the store from its `D…` bucket rows and rebuilt when the
 * store's counts change (stores fall back to summing the day rows in SQL while a rebuild runs).
 */
import { ACC_FIELDS, dominant, mean100, topName } from './aggregates.js';
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
    const a = this.start[k];
    const b = this.start[k + 1];
    return [lowerBound(this.days, a, b, lo), lowerBound(this.days, a, b, hi + 1)];
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
    const found: { k: number; n: number; first: number; end: number; key: string }[] = [];
    const e = this.edges;
    for (let k = 0; k < e.keys.length; k++) {
      const [first, end] = e.span(k, a, b);
      if (end <= first) continue;
      const n = e.sum(k, 0, first, end);
      if (n <= 0) continue;
      out[this.pairNodes[2 * k]] += n;
      inn[this.pairNodes[2 * k + 1]] += n;
      found.push({ k, n, first, end, key: '' });
    }
    const limit = Math.max(0, maxEdges);
    let kept = found;
    if (found.length > limit) {
      // Only the counts at the cut need the tie-breaking key.
      const sorted = [...found].sort((x, y) => y.n - x.n);
      const cut = limit > 0 ? sorted[limit - 1].n : Infinity;
      kept = found.filter((f) => f.n >= cut);
    }
    for (const f of kept) f.key = e.keys[f.k].replace('\u0000', ' ');
    kept.sort((x, y) => y.n - x.n || cmp(x.key, y.key));
    kept = kept.slice(0, limit);
    const edges: ActorEdge[] = kept.map((f) => {
      const v = ACC.map((_, m) => e.sum(f.k, m, f.first, f.end));
      const q = quad(v);
      const [source, target] = e.keys[f.k].split('\u0000');
      return { source, target, count: v[0], quad: q, quadClass: dominant(q), goldstein: mean100(v[5], v[6]) };
    });

    const used = new Set<string>();
    for (const x of edges) used.add(x.source).add(x.target);
    const nodes: ActorNode[] = [];
    const nodeIdx = this.nodeIdx;
    for (const id of used) {
      // The name most used in range: labels are visited most used overall first, and a label used fewer times
      // overall than the best so far cannot win (nor can any after it).
      const names = new Map<string, number>();
      let best = 0;
      for (const li of this.labelsOf.get(id) ?? []) {
        if (this.labelTotal[li] < best) break;
        const [first, end] = this.labels.span(li, a, b);
        const n = this.labels.sum(li, 0, first, end) + this.labels.sum(li, 1, first, end);
        if (n > 0) names.set(this.labels.keys[li].slice(id.length + 1), n);
        if (n > best) best = n;
      }
      const i = nodeIdx.get(id) ?? -1;
      nodes.push({ id, code: id.startsWith('name:') ? null : id, name: topName(names), out: i >= 0 ? out[i] : 0, in: i >= 0 ? inn[i] : 0 });
    }
    nodes.sort((x, y) => y.out + y.in - (x.out + x.in) || (x.id < y.id ? -1 : 1));

    const p = this.places;
    const locs: (LocationStats & { key: string })[] = [];
    for (let k = 0; k < p.keys.length; k++) {
      const [first, end] = p.span(k, a, b);
      if (end <= first) continue;
      const v = ACC.map((_, m) => p.sum(k, m, first, end));
      if (v[0] <= 0) continue;
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
      for (let k = 0; k < t.keys.length; k++) {
        if (!t.keys[k].startsWith(kind + '\u0000')) continue;
        const [first, end] = t.span(k, a, b);
        const n = t.sum(k, 0, first, end);
        if (n > 0) list.push([t.keys[k].slice(2), n]);
      }
      return list.sort(([ka, x], [kb, y]) => y - x || cmp(ka, kb));
    };

    return {
      counts: { documents: counts.documents, entities: counts.entities, mentions: counts.mentions, quotes: counts.quotes, events: counts.events },
      events,
      undated: whole ? this.undated : 0,
      days,
      actors: { nodes, edges, totalEdges: found.length },
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
