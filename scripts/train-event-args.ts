/**
 * `npm run train:event-args`: trains the learned argument model (src/events/arguments.ts) on annotated training
 * stories in the news-gold format (`npm run build:news-train` rebuilds the project's own annotations of CoNLL-2003
 * eng.train into /tmp/news-train/set) and writes models/event-args.json.gz.
 *
 *   node --import tsx scripts/train-event-args.ts [--train DIR] [--out FILE] [--epochs N] [--folds K]
 *
 * Each gold event gives one ranking example per role: the actors the sentence names (the coder's candidates, with
 * the model off) and "none"; the right ones are those of the gold actor's country (the news-gold root level), or
 * "none" for a gold event without that actor. A ranking perceptron (averaged, fixed order: deterministic) learns
 * to score a right candidate above every wrong one. K-fold cross-validation by story reports the whole coder's
 * news-gold root F1 with and without the fold's model, so that the gain is measured on stories the model has not
 * seen. Never train on the dev set: `herald eval news --gold ../shared/data/news-gold/dev` measures the result.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Doc } from '../src/doc/doc.js';
import { createPipeline, loadResources } from '../src/pipeline/analyze.js';
import { eventsStage } from '../src/events/stage.js';
import { goldSpans, matchRoot, type GoldEvent, type GoldSpan } from '../src/pipeline/eval-news.js';
import { loadEventResources, type EventResources } from '../src/events/resources.js';
import { ArgumentModel, withRoot, type ArgumentModelFile } from '../src/events/arguments.js';
import { readArticles } from '../src/text/inputs.js';
import { modelPath } from '../src/nlp/paths.js';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '/tmp/news-train/set' },
    out: { type: 'string', default: modelPath('event-args.json.gz') },
    epochs: { type: 'string', default: '10' },
    folds: { type: 'string', default: '5' },
  },
});
const EPOCHS = Number(values.epochs);
const FOLDS = Number(values.folds);

/** One ranking example: candidate feature lists (root conjunctions added) and which are right. */
interface Example {
  candidates: string[][];
  right: boolean[];
}
interface Story {
  doc: Doc;
  gold: GoldSpan<GoldEvent>[];
  examples: Example[];
}

const country = (code: string | null | undefined): string | null => (code ?? '').slice(0, 3) || null;

// 1. The candidates of every word that may trigger an event, with the model off; one example per gold event and role.
const resources = loadResources();
const base: EventResources = loadEventResources({ profile: { learnedArgs: false } });
resources.events = base;
const pipeline = createPipeline(resources);
const stories: Story[] = [];
for (const f of readdirSync(join(values.train!, 'articles')).filter((x) => x.endsWith('.json')).sort()) {
  const [art] = readArticles(join(values.train!, 'articles', f));
  const gold = JSON.parse(readFileSync(join(values.train!, 'gold', f.replace(/\.json$/, '.gold.json')), 'utf8')) as { events: GoldEvent[] };
  const doc = pipeline.analyzeDoc(art.text, art.meta);
  const spans = goldSpans(art.text, gold.events);
  const rows = new Map<number, Parameters<NonNullable<Parameters<typeof eventsStage>[2]>['onArguments'] & object>[2]>();
  eventsStage(doc, base, { noDatesPlaces: true, minConfidence: 0, onArguments: (_si, tok, r) => rows.set(tok, r) });
  const t = doc.tokens;
  const home = doc.storyCountry ?? null;
  const examples: Example[] = [];
  for (const { g, s, e } of spans) {
    if (s < 0) continue;
    const at = g.trigger ? doc.text.indexOf(g.trigger, s) : -1;
    if (at < 0 || at >= e) continue;
    const end = at + g.trigger.length;
    // the trigger's head word: the first word of the trigger text the parse does not hang inside it
    let tok = -1;
    for (let k = 0; k < t.count && t.start[k] < end; k++) {
      if (t.start[k] < at || !rows.has(k)) continue;
      const h = t.head[k];
      if (tok < 0 || h < 0 || t.start[h] < at || t.start[h] >= end) {
        tok = k;
        if (h < 0 || t.start[h] < at || t.start[h] >= end) break;
      }
    }
    const r = rows.get(tok);
    if (!r) continue;
    const root = g.code.slice(0, 2);
    for (const role of ['S', 'T'] as const) {
      const want = country((role === 'S' ? g.source : g.target)?.code);
      const mine = r.filter((x) => x.role === role);
      const right = mine.map((x) => (x.ref ? (country(x.ref.code) === want || (x.ref.agentOnly && home === want)) && !!want : want === null));
      if (!right.some(Boolean)) continue;
      examples.push({ candidates: mine.map((x) => withRoot(x.features, root)), right });
    }
  }
  stories.push({ doc, gold: spans, examples });
}
const all = stories.flatMap((s) => s.examples);
console.log(`${stories.length} stories, ${all.length} role examples, ${(all.reduce((a, x) => a + x.candidates.length, 0) / Math.max(1, all.length)).toFixed(1)} candidates each`);

// 2. Averaged ranking perceptron.
function train(data: Example[]): ArgumentModelFile {
  const w = new Map<string, number>();
  const acc = new Map<string, number>();
  const stamp = new Map<string, number>();
  let time = 0;
  const bump = (f: string, d: number): void => {
    const cur = w.get(f) ?? 0;
    acc.set(f, (acc.get(f) ?? 0) + (time - (stamp.get(f) ?? 0)) * cur);
    stamp.set(f, time);
    w.set(f, cur + d);
  };
  const score = (fs: string[]): number => fs.reduce((a, f) => a + (w.get(f) ?? 0), 0);
  const order = data.map((_, i) => i).sort((x, y) => ((x * 2654435761) % 1000003) - ((y * 2654435761) % 1000003));
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const i of order) {
      time++;
      const ex = data[i];
      let pred = 0;
      let gold = -1;
      const s = ex.candidates.map(score);
      for (let c = 1; c < s.length; c++) if (s[c] > s[pred]) pred = c;
      if (ex.right[pred]) continue;
      for (let c = 0; c < s.length; c++) if (ex.right[c] && (gold < 0 || s[c] > s[gold])) gold = c;
      for (const f of ex.candidates[gold]) bump(f, 1);
      for (const f of ex.candidates[pred]) bump(f, -1);
    }
  }
  const weights: Record<string, number> = {};
  for (const [f, cur] of w) {
    const avg = ((acc.get(f) ?? 0) + (time - (stamp.get(f) ?? 0)) * cur) / time;
    if (Math.abs(avg) >= 0.005) weights[f] = Math.round(avg * 1000) / 1000;
  }
  return { format: 'herald-event-args/1', weights, provenance: {} };
}

/** News-gold root-level matches of the whole coder with `args` on the given stories. */
function rootScore(list: Story[], args: ArgumentModel | null): { tp: number; herald: number; gold: number } {
  const res: EventResources = { ...base, profile: { ...base.profile, learnedArgs: !!args }, args };
  let tp = 0;
  let herald = 0;
  let gold = 0;
  for (const s of list) {
    eventsStage(s.doc, res, { noDatesPlaces: true, minConfidence: 0 });
    const events = (s.doc.events ?? []).filter((e) => e.cameo.code !== '010');
    herald += events.length;
    gold += s.gold.length;
    tp += matchRoot(s.gold, events).filter((k) => k >= 0).length;
  }
  return { tp, herald, gold };
}
const f1 = ({ tp, herald, gold }: { tp: number; herald: number; gold: number }): number => (herald + gold ? (2 * tp) / (herald + gold) : 0);
const show = (name: string, t: { tp: number; herald: number; gold: number }): void =>
  console.log(`${name}: root P ${(t.tp / t.herald).toFixed(3)} R ${(t.tp / t.gold).toFixed(3)} F1 ${f1(t).toFixed(3)} (${t.tp}/${t.herald}/${t.gold})`);

// 3. Cross-validation by story: the coder with and without the fold's model on the fold's stories.
const withModel = { tp: 0, herald: 0, gold: 0 };
for (let k = 0; k < FOLDS; k++) {
  const file = train(stories.filter((_, i) => i % FOLDS !== k).flatMap((s) => s.examples));
  const r = rootScore(stories.filter((_, i) => i % FOLDS === k), ArgumentModel.of(file));
  withModel.tp += r.tp;
  withModel.herald += r.herald;
  withModel.gold += r.gold;
}
show(`cross-validated (${FOLDS} folds), with the argument model`, withModel);
show('rules alone', rootScore(stories, null));

// 4. The shipped model: all stories.
const file = train(all);
file.provenance = {
  trainedOn: values.train,
  stories: stories.length,
  examples: all.length,
  epochs: EPOCHS,
  crossValidatedRootF1: Number(f1(withModel).toFixed(4)),
  command: 'npm run build:news-train && npm run train:event-args',
};
writeFileSync(values.out!, gzipSync(JSON.stringify(file)));
console.log(`${Object.keys(file.weights).length} weights -> ${values.out}`);
