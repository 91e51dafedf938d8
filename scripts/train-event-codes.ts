/**
 * `npm run train:event-codes`: learns which specific CAMEO code annotators give the acts the coder codes at a
 * generic one (src/events/codes.ts), on annotated training stories in the news-gold format (`npm run
 * build:news-train` rebuilds the project's own annotations of CoNLL-2003 eng.train into /tmp/news-train/set),
 * and writes models/event-codes.json.
 *
 *   node --import tsx scripts/train-event-codes.ts [--train DIR] [--out FILE] [--folds K]
 *
 * Every event the shipped coder keeps (without the table) that has a gold event of the same CAMEO root in its
 * sentence is one example: (the coder's code, the trigger's lemma) → the gold code. The gold event paired with it
 * is the one whose trigger holds the coder's trigger word, else the first of that root not yet paired; actors are
 * not compared (the table never changes a root, so who acts is another question). A pair enters the table when
 * most of its examples agree on another code of the same root (by lemma only); K-fold cross-validation by story reports how many
 * held-out codes the table makes right and wrong, for the thresholds tried, and the best is shipped.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPipeline, loadResources } from '../src/pipeline/analyze.js';
import { eventsStage } from '../src/events/stage.js';
import { goldSpans, type GoldEvent } from '../src/pipeline/eval-news.js';
import { EventCodeRefiner, generalises, type EventCodesFile } from '../src/events/codes.js';
import { readArticles } from '../src/text/inputs.js';
import { modelPath } from '../src/nlp/paths.js';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '/tmp/news-train/set' },
    out: { type: 'string', default: modelPath('event-codes.json') },
    folds: { type: 'string', default: '5' },
  },
});
const FOLDS = Number(values.folds);

interface Example {
  code: string;
  lemma: string;
  gold: string;
}

// 1. The kept events of every story paired with a gold event of their sentence and root.
const resources = loadResources();
resources.events.codes = null;
const pipeline = createPipeline(resources);
const stories: Example[][] = [];
for (const f of readdirSync(join(values.train!, 'articles')).filter((x) => x.endsWith('.json')).sort()) {
  const [art] = readArticles(join(values.train!, 'articles', f));
  const gold = JSON.parse(readFileSync(join(values.train!, 'gold', f.replace(/\.json$/, '.gold.json')), 'utf8')) as { events: GoldEvent[] };
  const doc = pipeline.analyzeDoc(art.text, art.meta);
  eventsStage(doc, resources.events, { noDatesPlaces: true, minConfidence: 0 });
  const spans = goldSpans(art.text, gold.events);
  const used = new Set<number>();
  const out: Example[] = [];
  for (const e of doc.events ?? []) {
    if (e.cameo.code === '010') continue;
    const at = e.trigger.start;
    const word = e.trigger.text.toLowerCase();
    const inSentence = spans.map((s, k) => ({ s, k })).filter(({ s, k }) => !used.has(k) && at >= s.s && at < s.e && s.g.code.slice(0, 2) === e.cameo.root);
    const pick = inSentence.find(({ s }) => s.g.trigger.toLowerCase().includes(word)) ?? inSentence[0];
    if (!pick) continue;
    used.add(pick.k);
    out.push({ code: e.cameo.code, lemma: doc.tokens.lemma[doc.tokens.start.indexOf(e.trigger.start)]?.toLowerCase() ?? word, gold: pick.s.g.code });
  }
  stories.push(out);
}
const all = stories.flat();
console.log(`${stories.length} stories, ${all.length} coded events paired with a gold event of their root; ${all.filter((x) => x.code === x.gold).length} with its very code`);

// 2. The table: a (code, lemma) pair enters when at least `minLemma` examples have it and a share `share` of them
// agree on one code of the same root (its own included: the pair then keeps its code whatever a hand-made backoff
// says).
interface Setting {
  minLemma: number;
  share: number;
}
function fit(data: Example[], s: Setting): EventCodesFile {
  const counts = new Map<string, Map<string, number>>();
  for (const x of data) {
    const k = `${x.code}|${x.lemma}`;
    const c = counts.get(k) ?? new Map<string, number>();
    c.set(x.gold, (c.get(x.gold) ?? 0) + 1);
    counts.set(k, c);
  }
  const byLemma: Record<string, string> = {};
  for (const [k, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const n = [...c.values()].reduce((a, b) => a + b, 0);
    const [top, hits] = [...c].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (n >= s.minLemma && hits / n >= s.share && !generalises(k.slice(0, k.indexOf('|')), top)) byLemma[k] = top;
  }
  return { format: 'herald-event-codes/1', byLemma, byCode: {}, provenance: {} };
}

// 3. Cross-validation by story.
const settings: Setting[] = [];
// (no backoff by code alone: a code's majority reading belongs to its most frequent lemma — most 050 events are
// "agreed", annotated 057 — not to the others: "France backed Germany's proposal" is no signed agreement. Measured
// 2026-12-06: the backoff would make 4 more of 607 held-out codes right)
for (const minLemma of [2, 3]) for (const share of [0.5, 0.6, 0.75]) settings.push({ minLemma, share });
let best: { s: Setting; gain: number } | null = null;
for (const s of settings) {
  let right = 0;
  let before = 0;
  for (let k = 0; k < FOLDS; k++) {
    const refiner = EventCodeRefiner.of(fit(stories.filter((_, i) => i % FOLDS !== k).flat(), s));
    for (const x of stories.filter((_, i) => i % FOLDS === k).flat()) {
      if (refiner.refine(x.code, x.lemma) === x.gold) right++;
      if (x.code === x.gold) before++;
    }
  }
  console.log(`lemma>=${s.minLemma} share>=${s.share}: held-out codes right ${right} of ${all.length} (without the table ${before})`);
  if (!best || right - before > best.gain) best = { s, gain: right - before };
}
console.log(`best: ${JSON.stringify(best!.s)} (+${best!.gain} codes held out)`);

// 4. The shipped table: all stories, the best setting.
const file = fit(all, best!.s);
file.provenance = {
  trainedOn: values.train,
  stories: stories.length,
  examples: all.length,
  setting: best!.s,
  crossValidatedGain: best!.gain,
  command: 'npm run build:news-train && npm run train:event-codes',
};
writeFileSync(values.out!, JSON.stringify(file, null, 1) + '\n');
console.log(`${Object.keys(file.byLemma).length} (code, lemma) keys -> ${values.out}`);
