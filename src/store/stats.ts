/**
 * Aggregates over the stored events for the timeline, the map and the actor network, from the events
 * themselves: one pass over the matching events (in date order, as the store streams them), O(days + actors +
 * edges + places) memory. The stores answer from their kept aggregates (aggregates.ts) when the filter is a
 * date range only; this is for the other filters (actor, CAMEO, PLOVER), which read the events they match
 * through their indexes. Both give the same answer for the same events.
 */
import { actorKey, dominant, mean100, topName } from './aggregates.js';
import type { ActorEdge, ActorNode, DayStats, EventRow, LocationStats, QuadCounts, Stats, StoreCounts } from './types.js';

/** The columns of an event row that the stats read. */
export type StatsEventRow = Pick<EventRow, 'date' | 'quad_class' | 'goldstein' | 'source' | 'source_code' | 'target' | 'target_code' | 'lat' | 'lon' | 'location' | 'country' | 'cameo_root' | 'plover_type'>;

const mean = mean100;

interface Acc {
  events: number;
  quad: QuadCounts;
  gSum: number;
  gN: number;
}

const newAcc = (): Acc => ({ events: 0, quad: [0, 0, 0, 0], gSum: 0, gN: 0 });

function addTo(acc: Acc, row: StatsEventRow): void {
  acc.events++;
  const q = row.quad_class;
  if (q !== null && q >= 1 && q <= 4) acc.quad[q - 1]++;
  if (row.goldstein !== null && Number.isFinite(row.goldstein)) {
    // Whole hundredths, as the kept aggregates sum them: the same means in any order.
    acc.gSum += Math.round(row.goldstein * 100);
    acc.gN++;
  }
}

export interface StatsOptions {
  /** Keep at most this many edges (the heaviest), and the nodes they touch. */
  maxEdges: number;
}

const byCount = <T extends { events: number }>(a: T & { key: string }, b: T & { key: string }): number =>
  b.events - a.events || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export async function computeStats(rows: AsyncIterable<StatsEventRow> | Iterable<StatsEventRow>, counts: StoreCounts, opts: StatsOptions): Promise<Stats> {
  let events = 0;
  let undated = 0;
  const days = new Map<string, Acc>();
  const edges = new Map<string, Acc & { source: string; target: string }>();
  const nodes = new Map<string, { code: string | null; names: Map<string, number>; out: number; in: number }>();
  const places = new Map<string, Acc & { name: string; country: string | null; lat: number; lon: number }>();
  const cameo = new Map<string, number>();
  const plover = new Map<string, number>();

  const node = (key: string, code: string | null, name: string | null): { out: number; in: number } => {
    let n = nodes.get(key);
    if (!n) {
      n = { code, names: new Map(), out: 0, in: 0 };
      nodes.set(key, n);
    }
    const label = name?.trim() || code || key;
    n.names.set(label, (n.names.get(label) ?? 0) + 1);
    return n;
  };

  for await (const row of rows) {
    events++;
    if (row.date) {
      const day = row.date.slice(0, 10);
      let d = days.get(day);
      if (!d) days.set(day, (d = newAcc()));
      addTo(d, row);
    } else {
      undated++;
    }
    const s = actorKey(row.source_code, row.source);
    const t = actorKey(row.target_code, row.target);
    if (s && t) {
      node(s, row.source_code, row.source).out++;
      node(t, row.target_code, row.target).in++;
      const k = `${s}\u0000${t}`;
      let e = edges.get(k);
      if (!e) edges.set(k, (e = { ...newAcc(), source: s, target: t }));
      addTo(e, row);
    }
    if (row.lat !== null && row.lon !== null && Number.isFinite(row.lat) && Number.isFinite(row.lon)) {
      const name = row.location ?? '';
      const k = `${name}\u0000${row.lat.toFixed(2)}\u0000${row.lon.toFixed(2)}`;
      let p = places.get(k);
      if (!p) places.set(k, (p = { ...newAcc(), name, country: row.country, lat: row.lat, lon: row.lon }));
      addTo(p, row);
    }
    if (row.cameo_root) cameo.set(row.cameo_root, (cameo.get(row.cameo_root) ?? 0) + 1);
    if (row.plover_type) plover.set(row.plover_type, (plover.get(row.plover_type) ?? 0) + 1);
  }

  const dayList: DayStats[] = [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, d]) => ({ date, events: d.events, quad: d.quad, goldstein: mean(d.gSum, d.gN) }));

  const allEdges = [...edges.values()].map((e) => ({ ...e, key: `${e.source} ${e.target}` })).sort(byCount);
  const kept = allEdges.slice(0, Math.max(0, opts.maxEdges));
  const edgeList: ActorEdge[] = kept.map((e) => ({
    source: e.source,
    target: e.target,
    count: e.events,
    quad: e.quad,
    quadClass: dominant(e.quad),
    goldstein: mean(e.gSum, e.gN),
  }));
  const used = new Set<string>();
  for (const e of edgeList) used.add(e.source).add(e.target);
  const nodeList: ActorNode[] = [...nodes.entries()]
    .filter(([id]) => used.has(id))
    .map(([id, n]) => ({ id, code: id.startsWith('name:') ? null : id, name: topName(n.names), out: n.out, in: n.in }))
    .sort((a, b) => b.out + b.in - (a.out + a.in) || (a.id < b.id ? -1 : 1));

  const locationList: LocationStats[] = [...places.values()]
    .map((p) => ({ ...p, key: `${p.name} ${p.lat} ${p.lon}` }))
    .sort(byCount)
    .map((p) => ({ name: p.name, country: p.country, lat: p.lat, lon: p.lon, events: p.events, quad: p.quad, goldstein: mean(p.gSum, p.gN) }));

  const tally = (m: Map<string, number>): [string, number][] =>
    [...m.entries()].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1));

  return {
    counts: { documents: counts.documents, entities: counts.entities, mentions: counts.mentions, quotes: counts.quotes, events: counts.events },
    events,
    undated,
    days: dayList,
    actors: { nodes: nodeList, edges: edgeList, totalEdges: allEdges.length },
    locations: locationList,
    cameo: tally(cameo).map(([root, n]) => ({ root, events: n })),
    plover: tally(plover).map(([type, n]) => ({ type, events: n })),
  };
}
