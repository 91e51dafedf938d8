/**
 * The quotes stage alone, timed on whole articles: each article goes through the NLP core and the entities
 * stage once, then `quotesStage` runs `--repeat` times on it (after one untimed pass). Prints the quotes stage's
 * CPU milliseconds per article and, with `--parts`, the share of its main steps. JSON line last. For profiling:
 *
 *   node --cpu-prof --import tsx bench/quotes-stage.ts --dir ../shared/data/news-gold/dev/articles --repeat 50
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Doc } from '../src/doc/doc.js';
import { entitiesStage } from '../src/entities/stage.js';
import { nlpStage } from '../src/nlp/stage.js';
import { packageRoot } from '../src/nlp/paths.js';
import { loadResources, newDoc } from '../src/pipeline/analyze.js';
import { quotesStage } from '../src/quotes/stage.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: join(packageRoot(), 'examples') },
    repeat: { type: 'string', default: '20' },
  },
});

interface Article {
  text: string;
  published?: string;
}
const articles: Article[] = readdirSync(values.dir)
  .filter((f) => f.endsWith('.txt') || (f.endsWith('.json') && !f.endsWith('.meta.json')))
  .sort()
  .map((f) => {
    const raw = readFileSync(join(values.dir, f), 'utf8');
    return f.endsWith('.json') ? (JSON.parse(raw) as Article) : { text: raw };
  });

const res = loadResources();
const docs: Doc[] = articles.map((a) => {
  const doc = newDoc(a.text, { published: a.published ?? '2017-02-21' });
  nlpStage(doc, res);
  entitiesStage(doc, res);
  return doc;
});
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const fresh = (d: Doc): Doc => ({ ...d, entities: structuredClone(d.entities), quotes: undefined });
for (const d of docs) quotesStage(fresh(d), res.quotes);
const repeat = Number(values.repeat);
let ms = 0;
for (let r = 0; r < repeat; r++) {
  for (const d of docs) {
    const copy = fresh(d);
    const t0 = cpuMs();
    quotesStage(copy, res.quotes);
    ms += cpuMs() - t0;
  }
}
console.log(JSON.stringify({ articles: docs.length, repeat, quotes_ms_per_article: Math.round((ms / docs.length / repeat) * 1000) / 1000 }));
