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
import { eventsStage, type EventRecord } from '../src/events/stage.js';
import { goldSpans, matchRoot, type GoldEvent } from '../src/pipeline/eval-news.js';
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

interface Example {
  features: string[];
  right: boolean;
}

// 1. The kept events of every story with their features, labelled against the gold.
const resources = loadResources();
// (every event the coder keeps is an example: no threshold of an earlier model may leave some out)
resources.events.confidence = null;
const pipeline = createPipeline(resources);
const stories: Example[][] = [];
let goldEvents = 0;
for (const f of readdirSync(join(values.train!, 'articles')).filter((x) => x.endsWith('.json')).sort()) {
  const [art] = readArticles(join(values.train!, 'articles', f));
  const gold = JSON.parse(readFileSync(join(values.train!, 'gold', f.replace(/\.json$/, '.gold.json')), 'utf8')) as { events: GoldEvent[] };
  const doc = pipeline.analyzeDoc(art.text, art.meta);
  const kept: { rec: EventRecord; features: string[] }[] = [];
  eventsStage(doc, resources.events, {
    minConfidence: 0,
    noDatesPlaces: true,
    onConfidence: (rec, features) => {
      if (rec.cameo.code !== '010') kept.push({ rec, features });
    },
  });
  goldEvents += gold.events.length;
  const matched = matchRoot(goldSpans(art.text, gold.events), kept.map((k) => k.rec));
  stories.push(kept.map((h, i) => ({ features: h.features, right: matched[i] >= 0 })));
}
const all = stories.flat();
console.log(`${stories.length} stories, ${all.length} events, ${all.filter((x) => x.right).length} right`);

// 2. Logistic regression by stochastic gradient descent with L2.
function train(data: Example[]): EventConfidenceFile {
  const w = new Map<string, number>();
  let bias = 0;
  const order = data.map((_, i) => i).sort((x, y) => ((x * 2654435761) % 1000003) - ((y * 2654435761) % 1000003));
  // (strongly regularised: on ~900 events with per-lemma features, weaker L2 fitted noise — cross-validated Brier
  // 0.261 at L2 0.01 over 60 epochs, 0.229 at 0.1 over 20)
  const EPOCHS = 20;
  const L2 = 0.1;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const lr = 0.01 / (1 + epoch * 0.1);
    for (const i of order) {
      const ex = data[i];
      let z = bias;
      for (const f of ex.features) z += w.get(f) ?? 0;
      const g = 1 / (1 + Math.exp(-z)) - (ex.right ? 1 : 0);
      bias -= lr * g;
      for (const f of ex.features) {
        const cur = w.get(f) ?? 0;
        w.set(f, cur - lr * (g + L2 * cur));
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
const heldOut: { p: number; right: boolean }[] = [];
for (let k = 0; k < FOLDS; k++) {
  const model = EventConfidenceModel.of(train(stories.filter((_, i) => i % FOLDS !== k).flat()));
  for (const ex of stories.filter((_, i) => i % FOLDS === k).flat()) {
    const p = model.probability(ex.features);
    heldOut.push({ p: Math.round(Math.min(0.95, Math.max(0.05, p)) * 100) / 100, right: ex.right });
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

// 4. Would leaving out the unlikely events help? Held-out root F1 over the training stories by threshold (the gold
// events the coder never found count as misses at every threshold). No threshold gains F1 (measured 2026-12-06:
// 0.4420 with every event, 0.4425 at 0.15, 0.4415 at 0.30, 0.4296 at 0.35), but up to a point leaving out the
// unlikely ones costs none and buys precision (0.557 -> 0.587 at 0.30): the shipped floor is the highest threshold
// whose held-out F1 is within F1_TOLERANCE of the best (the story profile applies it; `--min-confidence 0` keeps all).
const F1_TOLERANCE = 0.002;
const rows: { th: number; f1: number; p: number; r: number }[] = [];
for (let th = 0; th <= 0.6001; th += 0.05) {
  const kept = heldOut.filter((x) => x.p >= th - 1e-9);
  const tp = kept.filter((x) => x.right).length;
  const p = kept.length ? tp / kept.length : 0;
  const r = tp / goldEvents;
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  console.log(`threshold ${th.toFixed(2)}: held out ${kept.length} kept, P ${p.toFixed(4)} R ${r.toFixed(4)} F1 ${f1.toFixed(4)}`);
  rows.push({ th: Math.round(th * 100) / 100, f1, p, r });
}
const bestF1 = Math.max(...rows.map((x) => x.f1));
const best = rows.filter((x) => x.f1 >= bestF1 - F1_TOLERANCE).reduce((a, b) => (b.th > a.th ? b : a));
console.log(`floor ${best.th}: held-out root F1 ${best.f1.toFixed(4)} (best ${bestF1.toFixed(4)}), P ${best.p.toFixed(4)}, R ${best.r.toFixed(4)}`);

// 5. The shipped model: all stories.
const file = train(all);
file.minConfidence = best.th;
file.provenance = {
  trainedOn: values.train,
  stories: stories.length,
  events: all.length,
  crossValidatedBrier: Number((brier / all.length).toFixed(4)),
  minConfidenceRule: `the highest threshold whose held-out root F1 is within ${F1_TOLERANCE} of the best`,
  crossValidatedAtFloor: { f1: Number(best.f1.toFixed(4)), p: Number(best.p.toFixed(4)), r: Number(best.r.toFixed(4)) },
  command: 'npm run build:news-train && npm run train:event-confidence',
};
writeFileSync(values.out!, JSON.stringify(file, null, 1) + '\n');
console.log(`${Object.keys(file.weights).length} weights -> ${values.out}`);
