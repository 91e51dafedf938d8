/**
 * `npm run train:event-confidence`: learns the confidence each coded event carries (src/events/confidence.ts) on
 * annotated training stories in the news-gold format (`npm run build:news-train` rebuilds the project's own
 * annotations of CoNLL-2003 eng.train into /tmp/news-train/set), and writes models/event-confidence.json.
 *
 *   node --import tsx scripts/train-event-confidence.ts [--train DIR] [--out FILE] [--folds K]
 *
 * Every event the shipped coder keeps (plain statements 010 left out, as the news gold does) is one example,
 * right when it matches a gold event at the news-gold root level (same sentence, CAMEO root and actor countries,
 * one to one in the coder's order). A logistic regression (L2, fixed order: deterministic) is fitted; K-fold
 * cross-validation by story reports how well the held-out probabilities are calibrated. The trigger and argument
 * models were trained on the same stories, so events they touched look surer here than on unseen text.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPipeline, loadResources } from '../src/pipeline/analyze.js';
import { eventsStage } from '../src/events/stage.js';
import { EventConfidenceModel, type EventConfidenceFile } from '../src/events/confidence.js';
import { readArticles } from '../src/text/inputs.js';
import { modelPath } from '../src/nlp/paths.js';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '/tmp/news-train/set' },
    out: { type: 'string', default: modelPath('event-confidence.json') },
    folds: { type: 'string', default: '5' },
  },
});
const FOLDS = Number(values.folds);

interface GoldEvent {
  sentence: string;
  code: string;
  source: { code?: string | null } | null;
  target: { code?: string | null } | null;
}
interface Example {
  features: string[];
  right: boolean;
}
const country = (code: string | null | undefined): string | null => (code ?? '').slice(0, 3) || null;

// 1. The kept events of every story with their features, labelled against the gold.
const resources = loadResources();
const pipeline = createPipeline(resources);
const stories: Example[][] = [];
for (const f of readdirSync(join(values.train!, 'articles')).filter((x) => x.endsWith('.json')).sort()) {
  const [art] = readArticles(join(values.train!, 'articles', f));
  const gold = JSON.parse(readFileSync(join(values.train!, 'gold', f.replace(/\.json$/, '.gold.json')), 'utf8')) as { events: GoldEvent[] };
  const doc = pipeline.analyzeDoc(art.text, art.meta);
  const kept: { start: number; root: string; s: string | null; t: string | null; features: string[] }[] = [];
  eventsStage(doc, resources.events, {
    noDatesPlaces: true,
    onConfidence: (rec, features) => {
      if (rec.cameo.code !== '010') kept.push({ start: rec.trigger.start, root: rec.cameo.root, s: country(rec.source?.actor?.code), t: country(rec.target?.actor?.code), features });
    },
  });
  const spans = gold.events.map((g) => {
    const s = art.text.indexOf(g.sentence);
    return { g, s, e: s + g.sentence.length };
  });
  const used = new Set<number>();
  stories.push(
    kept.map((h) => {
      const k = spans.findIndex(({ g, s, e }, j) => !used.has(j) && h.start >= s && h.start < e && g.code.slice(0, 2) === h.root && country(g.source?.code) === h.s && country(g.target?.code) === h.t);
      if (k >= 0) used.add(k);
      return { features: h.features, right: k >= 0 };
    }),
  );
}
const all = stories.flat();
console.log(`${stories.length} stories, ${all.length} events, ${all.filter((x) => x.right).length} right`);

// 2. Logistic regression by stochastic gradient descent with L2.
function train(data: Example[]): EventConfidenceFile {
  const w = new Map<string, number>();
  let bias = 0;
  const order = data.map((_, i) => i).sort((x, y) => ((x * 2654435761) % 1000003) - ((y * 2654435761) % 1000003));
  for (let epoch = 0; epoch < 60; epoch++) {
    const lr = 0.1 / (1 + epoch * 0.1);
    for (const i of order) {
      const ex = data[i];
      let z = bias;
      for (const f of ex.features) z += w.get(f) ?? 0;
      const g = 1 / (1 + Math.exp(-z)) - (ex.right ? 1 : 0);
      bias -= lr * g;
      for (const f of ex.features) {
        const cur = w.get(f) ?? 0;
        w.set(f, cur - lr * (g + 0.01 * cur));
      }
    }
  }
  const weights: Record<string, number> = {};
  for (const [f, v] of [...w].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (Math.abs(v) >= 0.005) weights[f] = Math.round(v * 1000) / 1000;
  return { format: 'herald-event-confidence/1', bias: Math.round(bias * 1000) / 1000, weights, provenance: {} };
}

// 3. Cross-validated calibration: held-out probabilities by bucket, Brier score, precision at >= 0.5.
const buckets = new Map<number, { n: number; right: number }>();
let brier = 0;
let fixedBrier = 0;
for (let k = 0; k < FOLDS; k++) {
  const model = EventConfidenceModel.of(train(stories.filter((_, i) => i % FOLDS !== k).flat()));
  for (const ex of stories.filter((_, i) => i % FOLDS === k).flat()) {
    const p = model.probability(ex.features);
    brier += (p - (ex.right ? 1 : 0)) ** 2;
    const b = Math.min(9, Math.floor(p * 10));
    const cur = buckets.get(b) ?? { n: 0, right: 0 };
    cur.n++;
    if (ex.right) cur.right++;
    buckets.set(b, cur);
  }
}
const base = all.filter((x) => x.right).length / all.length;
for (const ex of all) fixedBrier += (base - (ex.right ? 1 : 0)) ** 2;
for (const [b, v] of [...buckets].sort((a, c) => a[0] - c[0])) console.log(`confidence ${(b / 10).toFixed(1)}-${((b + 1) / 10).toFixed(1)}: ${v.n} events, ${((100 * v.right) / v.n).toFixed(0)}% right`);
console.log(`cross-validated Brier score ${(brier / all.length).toFixed(4)} (one constant confidence: ${(fixedBrier / all.length).toFixed(4)})`);

// 4. The shipped model: all stories.
const file = train(all);
file.provenance = {
  trainedOn: values.train,
  stories: stories.length,
  events: all.length,
  crossValidatedBrier: Number((brier / all.length).toFixed(4)),
  command: 'npm run build:news-train && npm run train:event-confidence',
};
writeFileSync(values.out!, JSON.stringify(file, null, 1) + '\n');
console.log(`${Object.keys(file.weights).length} weights -> ${values.out}`);
