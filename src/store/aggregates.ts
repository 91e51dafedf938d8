/**
 * The aggregates the UI reads, kept up to date at ingest in the document's own transaction, so that the
 * timeline, the actor network, the map and the entity list cost what their answers hold, not what the corpus
 * holds:
 *
 * - per day: events, quad classes, Goldstein sum (`stat_days`; '' is the undated events);
 * - per bucket and actor pair, actor label, place, CAMEO root and PLOVER type (`stat_edges`, `stat_labels`,
 *   `stat_places`, `stat_tallies`). A bucket is a day (`D2017-02-21`) or everything (`A`, the undated events
 *   included): the whole corpus is read from `A` (the top pairs straight from an index), a date range from
 *   the day rows, summed in memory over running sums (cube.ts), or in SQL while those are rebuilt;
 * - per entity group (name, type, actor code): documents and mentions (`entity_groups`);
 * - per speaker name: quotes (`speakers`).
 *
 * Goldstein scores are summed as whole hundredths, so every backend and every order of ingest gives the same
 * means. Both backends compute the rows here and only write them.
 */
import type { ActorEdge, ActorNode, DayStats, LocationStats, QuadCounts, Stats, StoreCounts } from './types.js';
import type { EntityRowIn, EventRowIn } from './shape.js';

export interface Acc {
  events: number;
  q1: number;
  q2: number;
  q3: number;
  q4: number;
  /** Sum of Goldstein scores in hundredths. */
  g100: number;
  /** Events with a Goldstein score. */
  gn: number;
}

export const ACC_FIELDS = ['events', 'q1', 'q2', 'q3', 'q4', 'g100', 'gn'] as const satisfies readonly (keyof Acc)[];

const newAcc = (): Acc => ({ events: 0, q1: 0, q2: 0, q3: 0, q4: 0, g100: 0, gn: 0 });

function addEvent(a: Acc, quad: number | null, goldstein: number | null): void {
  a.events++;
  if (quad === 1) a.q1++;
  else if (quad === 2) a.q2++;
  else if (quad === 3) a.q3++;
  else if (quad === 4) a.q4++;
  if (goldstein !== null && Number.isFinite(goldstein)) {
    a.g100 += Math.round(goldstein * 100);
    a.gn++;
  }
}

export function mergeAcc(a: Acc, b: Acc): void {
  for (const k of ACC_FIELDS) a[k] += Number(b[k]);
}

export type DayDelta = Acc & { day: string };
export type EdgeDelta = Acc & { bucket: string; skey: string; tkey: string };
export interface LabelDelta {
  bucket: string;
  akey: string;
  label: string;
  n_out: number;
  n_in: number;
}
export type PlaceDelta = PlaceAgg & { bucket: string };
export interface TallyDelta {
  bucket: string;
  /** 'c' CAMEO root, 'p' PLOVER type. */
  kind: string;
  value: string;
  n: number;
}

export interface StatDeltas {
  days: DayDelta[];
  edges: EdgeDelta[];
  labels: LabelDelta[];
  places: PlaceDelta[];
  tallies: TallyDelta[];
}

/** The buckets an event of `day` ('' undated) counts in: everything, and its day (`D` alone for undated). */
export function bucketsOf(day: string): string[] {
  return ['A', `D${day}`];
}

/** An actor's node id: its code, else its name (`name:Iran`); null when the event has neither. */
export function actorKey(code: string | null, name: string | null): string | null {
  if (code) return code;
  const t = name?.trim();
  return t ? `name:${t}` : null;
}

const UNDATED_FIRST = '~';
const byKey = <T>(m: Map<string, T>): T[] => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/** Does the stored event restate another (EventRecord.restates, kept in the row's `extra` patch)? */
function restated(e: EventRowIn): boolean {
  if (!e.extra || !e.extra.includes('"restates"')) return false;
  // (the patch sets it: {"restates": {"=": "V2"}}, shape.ts)
  const x = JSON.parse(e.extra) as { restates?: { '='?: unknown } };
  return typeof x.restates?.['='] === 'string';
}

/** What one document's events (with their database ids) add to the stats aggregates, sorted by key. */
export function statDeltas(events: EventRowIn[], ids: number[]): StatDeltas {
  const days = new Map<string, DayDelta>();
  const edges = new Map<string, EdgeDelta>();
  const labels = new Map<string, LabelDelta>();
  const places = new Map<string, PlaceDelta>();
  const tallies = new Map<string, TallyDelta>();
  events.forEach((e, i) => {
    // a headline's copy of its lead's event is the lead's event told twice: the timeline, the network, the map and
    // the tallies count it once (the record itself stays, with `restates`, for who reads the headline)
    if (restated(e)) return;
    const id = ids[i];
    let d = days.get(e.day);
    if (!d) days.set(e.day, (d = { day: e.day, ...newAcc() }));
    addEvent(d, e.quad_class, e.goldstein);
    const s = actorKey(e.source_code, e.source_name);
    const t = actorKey(e.target_code, e.target_name);
    const place =
      e.lat !== null && e.lon !== null && Number.isFinite(e.lat) && Number.isFinite(e.lon)
        ? JSON.stringify([e.location_name ?? '', e.lat.toFixed(2), e.lon.toFixed(2)])
        : null;
    const first = e.day || UNDATED_FIRST;
    for (const b of bucketsOf(e.day)) {
      if (s && t) {
        const k = `${b}\u0000${s}\u0000${t}`;
        let x = edges.get(k);
        if (!x) edges.set(k, (x = { bucket: b, skey: s, tkey: t, ...newAcc() }));
        addEvent(x, e.quad_class, e.goldstein);
        for (const [key, name, code, side] of [[s, e.source_name, e.source_code, 'n_out'], [t, e.target_name, e.target_code, 'n_in']] as const) {
          const label = name?.trim() || code || key;
          const lk = `${b}\u0000${key}\u0000${label}`;
          let l = labels.get(lk);
          if (!l) labels.set(lk, (l = { bucket: b, akey: key, label, n_out: 0, n_in: 0 }));
          l[side]++;
        }
      }
      if (place) {
        const k = `${b}\u0000${place}`;
        let p = places.get(k);
        if (!p) places.set(k, (p = { bucket: b, pkey: place, ...newAcc(), first_day: first, first_event: id, country: e.location_country, lat: e.lat as number, lon: e.lon as number }));
        else if (first < p.first_day || (first === p.first_day && id < p.first_event)) {
          Object.assign(p, { first_day: first, first_event: id, country: e.location_country, lat: e.lat, lon: e.lon });
        }
        addEvent(p, e.quad_class, e.goldstein);
      }
      for (const [kind, value] of [['c', e.cameo_root], ['p', e.plover_type]] as const) {
        if (!value) continue;
        const k = `${b}\u0000${kind}\u0000${value}`;
        const x = tallies.get(k);
        if (x) x.n++;
        else tallies.set(k, { bucket: b, kind, value, n: 1 });
      }
    }
  });
  return { days: byKey(days), edges: byKey(edges), labels: byKey(labels), places: byKey(places), tallies: byKey(tallies) };
}

export interface GroupDelta {
  name: string;
  /** '' when the entity has no type / actor code (the group's key has no NULLs). */
  type: string;
  actor_code: string;
  country: string | null;
  sector: string | null;
  mentions: number;
}

const maxOf = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

/** The entity groups one document adds to (each counts the document once), sorted by key. */
export function groupDeltas(entities: EntityRowIn[]): GroupDelta[] {
  const m = new Map<string, GroupDelta>();
  for (const e of entities) {
    const type = e.type ?? '';
    const code = e.actor_code ?? '';
    const k = `${e.name}\u0000${type}\u0000${code}`;
    const g = m.get(k);
    if (!g) m.set(k, { name: e.name, type, actor_code: code, country: e.actor_country, sector: e.actor_sector, mentions: e.mentions });
    else {
      g.mentions += e.mentions;
      g.country = maxOf(g.country, e.actor_country);
      g.sector = maxOf(g.sector, e.actor_sector);
    }
  }
  return byKey(m);
}

/** Quotes per speaker name in one document, sorted by name. */
export function speakerDeltas(names: (string | null)[]): { name: string; quotes: number }[] {
  const m = new Map<string, { name: string; quotes: number }>();
  for (const name of names) {
    if (name === null) continue;
    const s = m.get(name);
    if (s) s.quotes++;
    else m.set(name, { name, quotes: 1 });
  }
  return byKey(m);
}

// ---------------------------------------------------------------- reading

/** Mean of a sum of hundredths, rounded to 2 decimals (null when nothing was summed). */
export const mean100 = (sum100: number, n: number): number | null => (n > 0 ? Math.round(sum100 / n) / 100 : null);

const quadOf = (a: Acc): QuadCounts => [Number(a.q1), Number(a.q2), Number(a.q3), Number(a.q4)];

/** The quad class with the most events (lowest class on ties), null when none. */
export function dominant(quad: QuadCounts): number | null {
  let best = -1;
  for (let i = 0; i < 4; i++) if (quad[i] > 0 && (best < 0 || quad[i] > quad[best])) best = i;
  return best < 0 ? null : best + 1;
}

/** The aggregate rows a stats answer reads: bucket `A` (everything), or the day buckets from lo to hi. */
export type BucketSet = 'A' | { lo: string; hi: string };

export interface EdgeAgg extends Acc {
  skey: string;
  tkey: string;
}
export interface LabelAgg {
  akey: string;
  label: string;
  n_out: number;
  n_in: number;
}
export interface PlaceAgg extends Acc {
  /** JSON [name, lat to 2 decimals, lon to 2 decimals]: one place on the map. */
  pkey: string;
  /** The first event at the place in date order (undated last), whose country and coordinates it shows. */
  first_day: string;
  first_event: number;
  country: string | null;
  lat: number;
  lon: number;
}
export interface TallyAgg {
  kind: string;
  value: string;
  n: number;
}

/** What answers the stats of a date range, or of everything with null, null (the running sums, cube.ts). */
export interface RangeStats {
  stats(lo: string | null, hi: string | null, counts: StoreCounts, maxEdges: number): Stats;
}

/** What a backend answers from its aggregate tables (each summed over the given buckets). */
export interface AggregateReader {
  /** The first and last dated day stored ('' when none). */
  dayBounds(): Promise<{ min: string; max: string }>;
  /** Per-day rows from lo to hi (real days, inclusive); with `undated`, also the '' row; null, null: all. */
  days(lo: string | null, hi: string | null, undated: boolean): Promise<(Acc & { day: string })[]>;
  /** The `limit` heaviest pairs (count desc, then `source target`), and how many pairs there are. */
  edges(set: BucketSet, limit: number): Promise<{ rows: EdgeAgg[]; total: number }>;
  labels(set: BucketSet, keys: string[]): Promise<LabelAgg[]>;
  places(set: BucketSet): Promise<PlaceAgg[]>;
  tallies(set: BucketSet): Promise<TallyAgg[]>;
  /** The running sums of the day rows, if up to date with the store's document count `stamp` (else null, and a rebuild starts). */
  cube(stamp: number): Promise<RangeStats | null>;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The stats of the events dated `since`..`until` (either may be absent; both absent: every event, undated
 * ones included) from the aggregates: the same answer `computeStats` gives from the events themselves.
 */
export async function statsFromAggregates(r: AggregateReader, range: { since?: string; until?: string }, counts: StoreCounts, maxEdges: number): Promise<Stats> {
  const whole = !range.since && !range.until;
  const cube = await r.cube(counts.documents);
  if (cube) return cube.stats(whole ? null : (range.since ?? '0000-01-01'), whole ? null : (range.until ?? '9999-12-31'), counts, maxEdges);
  let buckets: BucketSet = 'A';
  let lo: string | null = null;
  let hi: string | null = null;
  if (!whole) {
    const b = await r.dayBounds();
    lo = range.since && range.since > b.min ? range.since : b.min;
    hi = range.until && range.until < b.max ? range.until : b.max;
    if (!b.min || lo > hi) {
      return { counts: { ...counts }, events: 0, undated: 0, days: [], actors: { nodes: [], edges: [], totalEdges: 0 }, locations: [], cameo: [], plover: [] };
    }
    buckets = { lo, hi };
  }
  const [dayRows, edgeAnswer, placeRows, tallyRows] = await Promise.all([
    r.days(lo, hi, whole),
    r.edges(buckets, Math.max(0, maxEdges)),
    r.places(buckets),
    r.tallies(buckets),
  ]);
  let events = 0;
  let undated = 0;
  const days: DayStats[] = [];
  for (const d of dayRows) {
    events += Number(d.events);
    if (d.day === '') undated += Number(d.events);
    else days.push({ date: d.day, events: Number(d.events), quad: quadOf(d), goldstein: mean100(Number(d.g100), Number(d.gn)) });
  }
  days.sort((a, b) => cmp(a.date, b.date));

  const edges: ActorEdge[] = edgeAnswer.rows.slice(0, Math.max(0, maxEdges)).map((e) => {
    const quad = quadOf(e);
    return { source: e.skey, target: e.tkey, count: Number(e.events), quad, quadClass: dominant(quad), goldstein: mean100(Number(e.g100), Number(e.gn)) };
  });
  const used = new Set<string>();
  for (const e of edges) used.add(e.source).add(e.target);
  const nodes: ActorNode[] = [];
  if (used.size) {
    const byNode = new Map<string, { out: number; in: number; names: Map<string, number> }>();
    for (const l of await r.labels(buckets, [...used])) {
      let x = byNode.get(l.akey);
      if (!x) byNode.set(l.akey, (x = { out: 0, in: 0, names: new Map() }));
      x.out += Number(l.n_out);
      x.in += Number(l.n_in);
      x.names.set(l.label, (x.names.get(l.label) ?? 0) + Number(l.n_out) + Number(l.n_in));
    }
    for (const [id, x] of byNode) {
      nodes.push({ id, code: id.startsWith('name:') ? null : id, name: topName(x.names), out: x.out, in: x.in });
    }
    nodes.sort((a, b) => b.out + b.in - (a.out + a.in) || (a.id < b.id ? -1 : 1));
  }

  const merged = new Map<string, PlaceAgg>();
  for (const p of placeRows) {
    const m = merged.get(p.pkey);
    if (!m) merged.set(p.pkey, { ...p, first_event: Number(p.first_event) });
    else {
      mergeAcc(m, p);
      const fe = Number(p.first_event);
      if (p.first_day < m.first_day || (p.first_day === m.first_day && fe < m.first_event)) {
        Object.assign(m, { first_day: p.first_day, first_event: fe, country: p.country, lat: p.lat, lon: p.lon });
      }
    }
  }
  const locations: LocationStats[] = [...merged.values()]
    .map((p) => ({ p, name: (JSON.parse(p.pkey) as string[])[0], key: '' }))
    .map((x) => ({ ...x, key: `${x.name} ${x.p.lat} ${x.p.lon}` }))
    .sort((a, b) => Number(b.p.events) - Number(a.p.events) || cmp(a.key, b.key))
    .map(({ p, name }) => ({ name, country: p.country, lat: p.lat, lon: p.lon, events: Number(p.events), quad: quadOf(p), goldstein: mean100(Number(p.g100), Number(p.gn)) }));

  const tally = (kind: string): [string, number][] => {
    const m = new Map<string, number>();
    for (const t of tallyRows) if (t.kind === kind) m.set(t.value, (m.get(t.value) ?? 0) + Number(t.n));
    return [...m.entries()].sort(([ka, a], [kb, b]) => b - a || cmp(ka, kb));
  };

  return {
    counts: { documents: counts.documents, entities: counts.entities, mentions: counts.mentions, quotes: counts.quotes, events: counts.events },
    events,
    undated,
    days,
    actors: { nodes, edges, totalEdges: edgeAnswer.total },
    locations,
    cameo: tally('c').map(([root, k]) => ({ root, events: k })),
    plover: tally('p').map(([type, k]) => ({ type, events: k })),
  };
}

export function topName(names: Map<string, number>): string {
  let best = '';
  let bestN = -1;
  for (const [name, k] of names) {
    if (k > bestN || (k === bestN && name < best)) {
      best = name;
      bestN = k;
    }
  }
  return best;
}
