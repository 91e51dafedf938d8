/**
 * Trains the quotes stage's taggers (attribution cue; source/content) on PolNeAR TRAIN and writes
 * `models/quotes.model`. Needs `data/cue-verbs.json` (scripts/build-cue-verbs.ts) and the shipped models: every
 * text is analysed by the stages that run before the quotes stage in the pipeline (publication date, NLP core,
 * entities), because the taggers read the Doc's tokens, sentences, POS, lemmas, dependencies and NER, and the
 * stage links speakers to the entities.
 *
 *   node --import tsx scripts/train-quotes.ts [--train DIR] [--dev DIR] [--epochs N] [--bags N] [--out FILE]
 *                                            [--nlp-cache FILE] [--min-weight W]
 *
 * Deterministic (seeded shuffling). After each epoch the averaged model runs the whole quotes stage on DEV and
 * is scored the way `herald eval attribution` scores it (every attribution, `attributionsOf`); the best epoch is kept, then the decoding offsets
 * (`bias`) are tuned on DEV and stored in the model file. `--nlp-cache` keeps those analyses between runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { emptyTokenLayer, type Doc, type Entity } from '../src/doc/doc.js';
import type { Stage } from '../src/doc/stage.js';
import { averageModels } from '../src/nlp/linear/ensemble.js';
import { LinearModel } from '../src/nlp/linear/model.js';
import { PerceptronTrainer } from '../src/nlp/linear/trainer.js';
import { seededRandom, shuffle } from '../src/nlp/random.js';
import { modelPath, sharedDataPath } from '../src/nlp/paths.js';
import { loadResources, newDoc } from '../src/pipeline/analyze.js';
import { defaultStages } from '../src/pipeline/stages.js';
import { loadCueLexicon } from '../src/quotes/cues.js';
import { scoreDocument } from '../src/quotes/eval-attribution.js';
import { findQuotes } from '../src/quotes/marks.js';
import { buildContext, type TagContext } from '../src/quotes/tagger/context.js';
import { referenceCues, referenceSourceContent } from '../src/quotes/tagger/decode.js';
import { chunks, CUE_B, CUE_I, NO_BIAS, SC_BCNT, SC_BSRC, SC_ICNT, SC_ISRC, type TagBias } from '../src/quotes/tagger/labels.js';
import { QUOTES_MODEL, saveQuoteModel, type QuoteModel } from '../src/quotes/tagger/model.js';
import { goldLabels, trainCues, trainSourceContent } from '../src/quotes/tagger/train.js';
import { readPolnearDir, type PolnearDoc } from '../src/quotes/polnear.js';
import { attributionsOf, quotesStage } from '../src/quotes/stage.js';
import { quoteTokens } from '../src/quotes/tokens.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}

const trainDir = arg('train', sharedDataPath('attribution/polnear/train'));
const devDir = arg('dev', sharedDataPath('attribution/polnear/dev'));
const epochs = Number(arg('epochs', '8'));
const bags = Number(arg('bags', '1'));
/** Train on every annotator's file of a text, not only the first (TRAIN has a few texts annotated twice). */
const allAnnotators = process.argv.includes('--all-annotators');
const out = arg('out', modelPath(QUOTES_MODEL));
const cacheFile = arg('nlp-cache', '');
/** Averaged weights below this are dropped (smaller model, faster scoring). */
const minWeight = Number(arg('min-weight', '1'));
const lex = loadCueLexicon();

interface Item {
  d: PolnearDoc;
  doc: Doc;
  /** The entities layer before the quotes stage (which links speakers into it). */
  entities: Entity[];
  ctx: TagContext;
  cue: Uint8Array;
  sc: Uint8Array;
}

/**
 * The layers the shipped stages before the quotes stage add (publication date, NLP core, entities), as plain
 * JSON (for `--nlp-cache`): the token layer's arrays, and the Doc's other layers as they are.
 */
interface CachedDoc {
  start: number[];
  end: number[];
  upos: number[];
  xpos: string[];
  lemma: string[];
  head: number[];
  deprel: string[];
  layers: Partial<Doc>;
}

const cache: Record<string, CachedDoc> = cacheFile && existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, CachedDoc>) : {};
let cacheDirty = false;
/** The shipped stages that run before the quotes stage, loaded when a text is not in the cache. */
let stagesBefore: Stage[] | null = null;

/** The Doc of `text` as the pipeline hands it to the quotes stage. */
function analyzed(text: string, key: string): Doc {
  const doc = newDoc(text);
  const c = cache[key];
  if (c) {
    const t = emptyTokenLayer(c.start.length);
    t.start.set(c.start);
    t.end.set(c.end);
    for (let i = 0; i < t.count; i++) t.form[i] = text.slice(c.start[i], c.end[i]);
    t.upos.set(c.upos);
    t.xpos = c.xpos;
    t.lemma = c.lemma;
    t.head.set(c.head);
    t.deprel = c.deprel;
    Object.assign(doc, c.layers);
    doc.tokens = t;
    return doc;
  }
  if (!stagesBefore) {
    const stages = defaultStages(loadResources());
    stagesBefore = stages.slice(0, stages.findIndex((st) => st.name === 'quotes'));
  }
  for (const stage of stagesBefore) stage.run(doc);
  if (cacheFile) {
    const t = doc.tokens;
    const { id: _id, text: _text, tokens: _tokens, tree: _tree, ...layers } = doc;
    cache[key] = {
      start: [...t.start], end: [...t.end], upos: [...t.upos], xpos: t.xpos, lemma: t.lemma, head: [...t.head], deprel: t.deprel,
      layers,
    };
    cacheDirty = true;
  }
  return doc;
}

function prepare(dir: string, tag: string, allAnnotators = false): Item[] {
  return readPolnearDir(dir, { allAnnotators }).map((d) => {
    const doc = analyzed(d.text, `${tag}/${d.name}`);
    const t = quoteTokens(doc);
    const ctx = buildContext(doc, findQuotes(d.text), lex, t);
    const g = goldLabels(t, d.spans);
    return { d, doc, entities: doc.entities ?? [], ctx, cue: g.cue, sc: g.sc };
  });
}

function chunkF1(gold: Uint8Array[], pred: Uint8Array[], b: number, i: number): string {
  let tp = 0;
  let np = 0;
  let ng = 0;
  for (let d = 0; d < gold.length; d++) {
    const g = new Set(chunks(gold[d], b, i).map((c) => `${c.from}:${c.to}`));
    const p = chunks(pred[d], b, i).map((c) => `${c.from}:${c.to}`);
    ng += g.size;
    np += p.length;
    for (const x of p) if (g.has(x)) tp++;
  }
  const pr = tp / Math.max(1, np);
  const rc = tp / Math.max(1, ng);
  return `P ${(100 * pr).toFixed(1)} R ${(100 * rc).toFixed(1)} F ${((200 * pr * rc) / Math.max(1e-9, pr + rc)).toFixed(1)}`;
}

interface DevScore {
  cue: number;
  src: number;
  cnt: number;
  rel: number;
  /** Mean of cue, source_overlap and content_overlap F1 (the targets). */
  mean: number;
  line: string;
}

/** Runs the whole quotes stage on DEV and scores it like `herald eval attribution`. */
function devEval(items: Item[], model: QuoteModel): DevScore {
  const acc: Record<string, { tp: number; pred: number; gold: number }> = {};
  const res = { lexicon: lex, model };
  for (const it of items) {
    it.doc.entities = structuredClone(it.entities);
    quotesStage(it.doc, res);
    scoreDocument(it.d.text, it.d.spans, it.d.attributions, attributionsOf(it.doc.quotes ?? []), acc);
  }
  const f1 = (k: string): number => {
    const c = acc[k];
    const p = c.pred ? c.tp / c.pred : 0;
    const r = c.gold ? c.tp / c.gold : 0;
    return p + r > 0 ? (2 * p * r) / (p + r) : 0;
  };
  const s = { cue: f1('cue'), src: f1('source_overlap'), cnt: f1('content_overlap'), rel: f1('relation') };
  const mean = (s.cue + s.src + s.cnt) / 3;
  const line = `cue ${s.cue.toFixed(4)} source_overlap ${s.src.toFixed(4)} content_overlap ${s.cnt.toFixed(4)} relation ${s.rel.toFixed(4)} (mean ${mean.toFixed(4)})`;
  return { ...s, mean, line };
}

const t0 = Date.now();
const train = prepare(trainDir, 'train', allAnnotators);
const dev = prepare(devDir, 'dev');
if (cacheFile && cacheDirty) writeFileSync(cacheFile, JSON.stringify(cache));
console.log(`train ${train.length} texts, dev ${dev.length} texts (${Date.now() - t0} ms to read and analyse)`);

// Each bag trains on its own shuffling; the bags' averaged weights are averaged again, epoch by epoch.
const cueByEpoch: LinearModel[][] = Array.from({ length: epochs }, () => []);
const scByEpoch: LinearModel[][] = Array.from({ length: epochs }, () => []);
for (let bag = 0; bag < bags; bag++) {
  const cueTrainer = new PerceptronTrainer(3);
  const scTrainer = new PerceptronTrainer(5);
  const rnd = seededRandom(42 + bag);
  const order = train.slice();
  for (let ep = 1; ep <= epochs; ep++) {
    shuffle(order, rnd);
    for (const it of order) {
      trainCues(it.ctx, cueTrainer, it.cue);
      trainSourceContent(it.ctx, it.cue, scTrainer, it.sc);
    }
    cueByEpoch[ep - 1].push(cueTrainer.finalize(bags > 1 ? minWeight / 4 : minWeight));
    scByEpoch[ep - 1].push(scTrainer.finalize(bags > 1 ? minWeight / 4 : minWeight));
  }
  console.log(`bag ${bag + 1}/${bags} trained  [${((Date.now() - t0) / 1000).toFixed(0)} s]`);
}
const cueModels = cueByEpoch.map((ms) => averageModels(ms, minWeight));
const scModels = scByEpoch.map((ms) => averageModels(ms, minWeight));
const gc = dev.map((it) => it.cue);
const gs = dev.map((it) => it.sc);
for (let e = 0; e < epochs; e++) {
  const predCue = dev.map((it) => referenceCues(it.ctx, cueModels[e]));
  const predScGoldCue = dev.map((it) => referenceSourceContent(it.ctx, it.cue, scModels[e]));
  console.log(
    `epoch ${e + 1}: tokens: cue ${chunkF1(gc, predCue, CUE_B, CUE_I)} | (gold cues) src ${chunkF1(gs, predScGoldCue, SC_BSRC, SC_ISRC)}` +
      ` cnt ${chunkF1(gs, predScGoldCue, SC_BCNT, SC_ICNT)}`,
  );
}
// The cue model's epoch and the source/content model's epoch are chosen together, on the whole stage.
let best: { ep: string; cue: LinearModel; sc: LinearModel; score: DevScore } | null = null;
for (let ce = Math.min(2, epochs - 1); ce < epochs; ce++) {
  for (let se = Math.min(2, epochs - 1); se < epochs; se++) {
    const score = devEval(dev, { cue: cueModels[ce], sc: scModels[se], bias: NO_BIAS, meta: {} });
    if (!best || score.mean > best.score.mean) {
      best = { ep: `${ce + 1}/${se + 1}`, cue: cueModels[ce], sc: scModels[se], score };
      console.log(`  epochs cue ${ce + 1} source/content ${se + 1}: ${score.line}`);
    }
  }
}
// Decoding offsets for the B- classes, tuned on DEV one at a time (cue first: the other two depend on it).
let bias: TagBias = { ...NO_BIAS };
let bestScore = best!.score;
const grid = [-4, -2, -1, -0.5, 0, 0.5, 1, 2, 4];
for (const key of ['cue', 'src', 'cnt', 'cue'] as const) {
  for (const v of grid) {
    if (v === bias[key]) continue;
    const b = { ...bias, [key]: v };
    const s = devEval(dev, { cue: best!.cue, sc: best!.sc, bias: b, meta: {} });
    if (s.mean > bestScore.mean + 1e-4) {
      bias = b;
      bestScore = s;
      console.log(`  bias ${JSON.stringify(b)}: ${s.line}`);
    }
  }
}
console.log(`best epoch ${best!.ep}, bias ${JSON.stringify(bias)}: ${bestScore.line}`);
const bytes = saveQuoteModel(out, {
  cue: best!.cue,
  sc: best!.sc,
  bias,
  meta: {
    name: 'herald-quotes',
    trainedOn: `PolNeAR v1.0.0 TRAIN (${allAnnotators ? 'every annotator file' : 'first annotator file'} per text)`,
    epochs: best!.ep,
    bags,
    minWeight,
    bias,
    cueFeatures: best!.cue.features,
    scFeatures: best!.sc.features,
    dev: bestScore.line,
  },
});
console.log(`${out}: ${bytes} bytes (cue ${best!.cue.features} features, source/content ${best!.sc.features})`);
