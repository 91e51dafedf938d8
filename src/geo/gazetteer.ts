/**
 * The offline gazetteer: countries, cities (GeoNames ≥ 15,000 inhabitants plus every capital and first-order
 * admin seat) and a few regions, compiled by scripts/build-gazetteer.ts into data/gazetteer.json.gz (~0.4 MB).
 * Loaded lazily, once per process, by `Gazetteer.default()`.
 *
 * Ranking of the places sharing a name: those in the context country (when given) first; then countries,
 * national capitals, other cities, regions; within each, by population. So "Paris" → Paris FR,
 * "Washington" → Washington, D.C., "Georgia" → the country, but "Georgia" with context USA → the state.
 */
import { dataPath } from '../nlp/paths.js';
import { HeraldError } from '../text/errors.js';
import { gunzipWhole, readTransient } from '../text/load-buffers.js';
import { nameKey } from './names.js';
import type { Place, PlaceKind } from '../doc/doc.js';

export type { Place, PlaceKind };

type CountryRow = [string, string, number, number, number, string[], string[], string];
type PlaceRow = [string, string, number, number, number, string, string[]?, string?];
interface GazetteerFile {
  format: string;
  countries: CountryRow[];
  places: PlaceRow[];
}

const KIND_RANK: Record<PlaceKind, number> = { country: 0, city: 2, region: 3 };
const rank = (p: Place): number => (p.capital ? 1 : KIND_RANK[p.kind]);

export class Gazetteer {
  private static instance: Gazetteer | undefined;
  private readonly byKey = new Map<string, Place[]>();
  private readonly demonyms = new Map<string, string>();
  private readonly countries = new Map<string, Place>();
  /** Longest name in words (for scanning token sequences). */
  readonly maxWords: number;

  constructor(data: GazetteerFile) {
    if (data.format !== 'herald-gazetteer/1') {
      throw new HeraldError(`gazetteer: unknown format "${data.format}"; rebuild with scripts/build-gazetteer.ts`);
    }
    let maxWords = 1;
    const add = (name: string, p: Place): void => {
      const k = nameKey(name);
      if (!k) return;
      const list = this.byKey.get(k);
      if (!list) this.byKey.set(k, [p]);
      else if (!list.includes(p)) list.push(p);
      let words = 1;
      for (let i = k.indexOf(' '); i >= 0; i = k.indexOf(' ', i + 1)) words++;
      if (words > maxWords) maxWords = words;
    };
    for (const [iso3, name, lat, lon, pop, alts, dems] of data.countries) {
      const p: Place = { name, country: iso3, lat, lon, kind: 'country', population: pop, capital: false };
      this.countries.set(iso3, p);
      add(name, p);
      for (const a of alts) add(a, p);
      for (const d of dems) {
        // Territories share demonyms with their country ("American": USA, MNP, UMI): the most populous wins.
        const k = nameKey(d);
        const had = this.demonyms.get(k);
        if (k && (!had || (this.countries.get(had)?.population ?? 0) < pop)) this.demonyms.set(k, iso3);
      }
    }
    for (const [name, iso3, lat, lon, pop, flags, alts] of data.places) {
      const kind: PlaceKind = flags === 'R' ? 'region' : 'city';
      const p: Place = { name, country: iso3, lat, lon, kind, population: pop, capital: flags === 'C' };
      add(name, p);
      for (const a of alts ?? []) add(a, p);
    }
    for (const list of this.byKey.values()) list.sort((a, b) => rank(a) - rank(b) || b.population - a.population);
    this.maxWords = maxWords;
  }

  /** The shipped gazetteer (data/gazetteer.json.gz), read on first use and shared afterwards. */
  static default(): Gazetteer {
    if (!Gazetteer.instance) Gazetteer.instance = Gazetteer.load(dataPath('gazetteer.json.gz'));
    return Gazetteer.instance;
  }

  static load(path: string): Gazetteer {
    let raw: Buffer;
    try {
      raw = readTransient(path);
    } catch {
      throw new HeraldError(`gazetteer: cannot read ${path}; build it with: node --import tsx scripts/build-gazetteer.ts`);
    }
    return new Gazetteer(JSON.parse(gunzipWhole(raw, true).toString('utf8')) as GazetteerFile);
  }

  /** Places called `name` (any spelling variant), best first; those in `contextCountry` (ISO3) lead. */
  lookup(name: string, contextCountry?: string): Place[] {
    const list = this.byKey.get(nameKey(name));
    if (!list) return [];
    if (!contextCountry) return list.slice();
    const inCtx = list.filter((p) => p.country === contextCountry);
    return inCtx.length ? [...inCtx, ...list.filter((p) => p.country !== contextCountry)] : list.slice();
  }

  /** The best place called `name`, or null. */
  resolve(name: string, contextCountry?: string): Place | null {
    const list = this.byKey.get(nameKey(name));
    if (!list) return null;
    if (contextCountry) {
      const p = list.find((q) => q.country === contextCountry);
      if (p) return p;
    }
    return list[0];
  }

  /** True when some place is called `name` (cheaper than `lookup`). */
  has(name: string): boolean {
    return this.byKey.has(nameKey(name));
  }

  /** True when `key` (already a `nameKey`) names a place. */
  hasKey(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The country of a demonym ("Iranian" → IRN), or null. Demonyms are not places: this is for actors. */
  countryOfDemonym(word: string): string | null {
    return this.demonyms.get(nameKey(word)) ?? null;
  }

  /** The country record for an ISO3 code. */
  country(iso3: string): Place | null {
    return this.countries.get(iso3) ?? null;
  }

  /** Number of distinct name keys (for the benchmark). */
  get size(): number {
    return this.byKey.size;
  }
}
