/**
 * Throughput of the time and geo stages, printed as one JSON line:
 *   node --import tsx bench/time-geo.bench.ts [--seconds N]
 * `expressions_per_sec`: time expressions found and resolved per second over the seed article;
 * `chars_per_sec`: article text scanned per second; `lookups_per_sec`: gazetteer `resolve` calls per second
 * (a mix of hits, spelling variants and misses); `gazetteer_load_ms`: the one-off load of data/gazetteer.json.gz.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { findTimeExpressions } from '../src/time/expressions.js';
import { Gazetteer } from '../src/geo/gazetteer.js';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] || 2) || 2;
const text = readFileSync(new URL('../examples/seed-article.txt', import.meta.url), 'utf8');

function timed(budgetMs: number, fn: () => number): { perSec: number; units: number; ms: number } {
  fn(); // warm-up
  let units = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < budgetMs) {
    units += fn();
    t = performance.now();
  }
  return { perSec: (units * 1000) / (t - t0), units, ms: t - t0 };
}

const perDoc = findTimeExpressions(text, '2017-02-21').length;
const time = timed(seconds * 500, () => findTimeExpressions(text, '2017-02-21').length);
const docs = time.units / perDoc;

const t0 = performance.now();
const gaz = Gazetteer.default();
const loadMs = performance.now() - t0;
const names = ['Tehran', 'Washington', 'Tel Aviv', 'Paris', 'U.S.', 'Côte d’Ivoire', 'Springfield', 'Kiev', 'Gaza Strip', 'Khamenei', 'Netanyahu', 'Raqqa'];
const geo = timed(seconds * 500, () => {
  for (const n of names) gaz.resolve(n);
  return names.length;
});

console.log(
  JSON.stringify({
    expressions_per_sec: Math.round(time.perSec),
    docs_per_sec: Math.round((docs * 1000) / time.ms),
    chars_per_sec: Math.round((docs * text.length * 1000) / time.ms),
    expressions_per_doc: perDoc,
    lookups_per_sec: Math.round(geo.perSec),
    gazetteer_load_ms: Math.round(loadMs),
    gazetteer_names: gaz.size,
  }),
);
