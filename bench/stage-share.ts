/**
 * Each stage's share of the analysis time on whole articles (issues 12 and 13 bound the events stage to 15% and
 * the quotes stage to 10% of the NLP core's time). Reads a folder of articles (`.json` with `text` and
 * `published`, or `.txt`; a news-gold folder's `articles/`), analyses each `--repeat` times after one untimed
 * pass, and sums each stage's CPU milliseconds. JSON line last.
 *
 *   npm run bench:stages [-- --dir ../shared/data/news-gold/dev/articles] [--repeat 5]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/nlp/paths.js';
import { loadResources } from '../src/pipeline/analyze.js';
import { STAGES, timedAnalysis, type Stage } from './scaling.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: join(packageRoot(), 'examples') },
    repeat: { type: 'string', default: '5' },
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
const totals: Record<Stage, number> = { nlp: 0, entities: 0, quotes: 0, events: 0, result: 0 };
const meta = (a: Article): { published?: string } => (a.published ? { published: a.published } : { published: '2017-02-21' });
for (const a of articles) timedAnalysis(res, a.text, meta(a));
for (let r = 0; r < Number(values.repeat); r++) {
  for (const a of articles) {
    const one = timedAnalysis(res, a.text, meta(a));
    for (const s of STAGES) totals[s] += one.stages[s];
  }
}
const all = STAGES.reduce((a, s) => a + totals[s], 0);
const round = (x: number): number => Math.round(x * 1000) / 1000;
const out = {
  articles: articles.length,
  repeat: Number(values.repeat),
  ms_per_article: round(all / articles.length / Number(values.repeat)),
  // shares of the NLP core (tokenise … parse, NER) and of the whole pipeline
  quotes_share_of_nlp: round(totals.quotes / totals.nlp),
  events_share_of_nlp: round(totals.events / totals.nlp),
  quotes_share_of_pipeline: round(totals.quotes / all),
  events_share_of_pipeline: round(totals.events / all),
  stages_ms: Object.fromEntries(STAGES.map((s) => [s, Math.round(totals[s])])),
};
console.log(JSON.stringify(out));
