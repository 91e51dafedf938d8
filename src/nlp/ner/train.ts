/**
 * Training the NER: averaged-perceptron stages (optionally bagged and averaged), the second stage on jackknifed
 * stage-1 output, and the confidence calibration on dev documents.
 */
import { averageModels } from '../linear/ensemble.js';
import { FeatureBuffer } from '../linear/keys.js';
import type { LinearModel } from '../linear/model.js';
import { FrozenScorer } from '../linear/scorer.js';
import { PerceptronTrainer } from '../linear/trainer.js';
import { seededRandom, shuffle } from '../random.js';
import { Decoder, TrainerScorer } from './decoder.js';
import { aggregateLabels, extendStage2, extractStatic, Featurizer, prepareDoc, type SentenceInfo, type StaticFeatures } from './features.js';
import { ALLOWED, bioSpanKeys, bioToLabels, labelPos, logit, N_LABELS, POS_L, sigmoid } from './labels.js';
import { NerModel } from './model.js';
import { Gazetteer, VectorClusters, WordClusters } from './resources.js';

/** A training document: sentences of token forms with BIO tags. */
export interface NerTrainDoc {
  sentences: { tokens: readonly string[]; tags: readonly string[] }[];
}

export interface NerTrainOptions {
  epochs?: number;
  /** 2 = also train the stacked second stage (on jackknifed stage-1 output over `folds` folds). */
  stages?: 1 | 2;
  folds?: number;
  seed?: number;
  /** Word clusters file text (`path\tword\tcount` lines) or '' for none. */
  clustersText?: string;
  /** Gazetteer JSON text or '' for none. */
  gazetteerJson?: string;
  /** Pretrained-vector clusters file text (`word\tid…` lines, scripts/build-glove-clusters.ts) or '' for none. */
  vectorsText?: string;
  /** Averaged weights smaller than this are dropped. */
  minWeight?: number;
  /** Perceptrons per stage trained on different shuffles and averaged into one model (bagging). */
  bags?: number;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Dev documents used to calibrate the confidence (softmax temperature). */
  dev?: NerTrainDoc[];
}

interface TrainItem {
  doc: number;
  sent: number;
  info: SentenceInfo;
  gold: Uint8Array;
  feats: StaticFeatures;
}


function trainStage(
  items: TrainItem[],
  epochs: number,
  seed: number,
  minWeight: number,
  log: (line: string) => void,
  label: string,
  bags = 1,
): LinearModel {
  const models: LinearModel[] = [];
  for (let b = 0; b < bags; b++) {
    models.push(trainOne(items, epochs, seed + 1000 * b, minWeight, log, bags > 1 ? `${label} bag ${b + 1}` : label));
  }
  return averageModels(models, minWeight);
}

function trainOne(
  items: TrainItem[],
  epochs: number,
  seed: number,
  minWeight: number,
  log: (line: string) => void,
  label: string,
): LinearModel {
  const trainer = new PerceptronTrainer(N_LABELS);
  const scorer = new TrainerScorer(trainer);
  const decoder = new Decoder();
  const order = items.slice();
  const random = seededRandom(seed);
  let out = new Uint8Array(256);
  for (let e = 0; e < epochs; e++) {
    shuffle(order, random);
    let mistakes = 0;
    let tokens = 0;
    for (const it of order) {
      if (out.length < it.info.n) out = new Uint8Array(it.info.n * 2);
      mistakes += decoder.run(it.info, it.feats, scorer, { out, probs: null, temperature: 1, trainer, gold: it.gold });
      tokens += it.info.n;
    }
    log(`${label} epoch ${e + 1}/${epochs}: token error ${((100 * mistakes) / tokens).toFixed(2)}%, ${trainer.features} features`);
  }
  return trainer.finalize(minWeight);
}

/** Trains an NER model on documents with BIO tags. Deterministic for a given seed. */
export function trainNer(docs: NerTrainDoc[], options: NerTrainOptions = {}): NerModel {
  const epochs = options.epochs ?? 10;
  const stages = options.stages ?? 2;
  const folds = options.folds ?? 5;
  const seed = options.seed ?? 1;
  const minWeight = options.minWeight ?? 0.05;
  const bags = options.bags ?? 1;
  const log = options.log ?? ((): void => undefined);
  const clustersText = options.clustersText ?? '';
  const gazetteerJson = options.gazetteerJson ?? '';
  const vectorsText = options.vectorsText ?? '';
  const fz = new Featurizer({
    clusters: clustersText ? new WordClusters(clustersText) : null,
    gazetteer: gazetteerJson ? new Gazetteer(gazetteerJson) : null,
    vectors: vectorsText ? new VectorClusters(vectorsText) : null,
  });
  const buf = new FeatureBuffer(1 << 16);
  const prepared = docs.map((d) => prepareDoc(d.sentences.map((s) => s.tokens), fz));
  const items: TrainItem[] = [];
  prepared.forEach((p, di) => {
    p.sents.forEach((info, si) => {
      items.push({
        doc: di,
        sent: si,
        info,
        gold: bioToLabels(docs[di].sentences[si].tags),
        feats: extractStatic(info, p.docCase, buf),
      });
    });
  });
  const stage1 = trainStage(items, epochs, seed, minWeight, log, 'stage 1', bags);
  let stage2: LinearModel | null = null;
  if (stages === 2) {
    // Jackknife: stage-1 labels for each fold come from a model trained on the other folds.
    const pass1 = prepared.map((p) => p.sents.map((s) => new Uint8Array(s.n)));
    for (let k = 0; k < folds; k++) {
      const m = new FrozenScorer(
        trainStage(items.filter((it) => it.doc % folds !== k), epochs, seed + 1 + k, minWeight, () => undefined, `fold ${k}`),
      );
      const decoder = new Decoder();
      for (const it of items) if (it.doc % folds === k) decoder.run(it.info, it.feats, m, { out: pass1[it.doc][it.sent], probs: null, temperature: 1 });
      log(`jackknife fold ${k + 1}/${folds} done`);
    }
    const aggs = prepared.map((p, di) => aggregateLabels(p.sents, pass1[di]));
    const items2 = items.map((it) => ({
      ...it,
      feats: extendStage2(it.info, it.sent, it.feats, pass1[it.doc][it.sent], aggs[it.doc], buf),
    }));
    stage2 = trainStage(items2, epochs, seed + 100, minWeight, log, 'stage 2', bags);
  }
  const model = new NerModel({
    stage1,
    stage2,
    clustersText,
    gazetteerJson,
    vectorsText,
    featurizer: fz,
    meta: { epochs, seed, folds, stages, bags },
  });
  return options.dev ? calibrate(model, options.dev) : model;
}

/** Chooses the softmax temperature that maximises the dev log-likelihood of the gold labels (best path). */
function calibrate(model: NerModel, dev: NerTrainDoc[]): NerModel {
  const rows: Float64Array[] = [];
  const golds: number[] = [];
  for (const d of dev) {
    model.labelDocument(d.sentences.map((s) => s.tokens), false, rows);
    for (const s of d.sentences) for (const g of bioToLabels(s.tags)) golds.push(g);
  }
  let bestT = 1;
  let bestLL = -Infinity;
  for (let t = 0.05; t < 200; t *= 1.2) {
    let ll = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const prev = row[N_LABELS];
      const last = row[N_LABELS + 1] === 1;
      const ok = (c: number): boolean => ALLOWED[prev * N_LABELS + c] === 1 && !(last && c !== 0 && labelPos(c) < POS_L);
      if (!ok(golds[r])) continue;
      let max = -Infinity;
      for (let c = 0; c < N_LABELS; c++) if (ok(c) && row[c] > max) max = row[c];
      let z = 0;
      for (let c = 0; c < N_LABELS; c++) if (ok(c)) z += Math.exp((row[c] - max) / t);
      ll += (row[golds[r]] - max) / t - Math.log(z);
    }
    if (ll > bestLL) {
      bestLL = ll;
      bestT = t;
    }
  }
  // Span confidence: Platt scaling of the mean token probability against exact-match correctness on dev.
  const tuned = model.withCalibration(bestT);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const d of dev) {
    const pred = tuned.spansDocument(d.sentences.map((s) => s.tokens));
    d.sentences.forEach((s, i) => {
      const gold = new Set(bioSpanKeys(s.tags));
      for (const sp of pred[i]) {
        xs.push(logit(sp.score));
        ys.push(gold.has(`${sp.start}:${sp.end}:${sp.type}`) ? 1 : 0);
      }
    });
  }
  let a = 1;
  let b = 0;
  for (let it = 0; it < 50 && xs.length > 0; it++) {
    // Newton step on the logistic log-likelihood (2×2 system), lightly regularised.
    let ga = 0, gb = 0, haa = 1e-6, hab = 0, hbb = 1e-6;
    for (let k = 0; k < xs.length; k++) {
      const p = sigmoid(a * xs[k] + b);
      const e = ys[k] - p;
      const w = p * (1 - p);
      ga += e * xs[k];
      gb += e;
      haa += w * xs[k] * xs[k];
      hab += w * xs[k];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    a += (hbb * ga - hab * gb) / det;
    b += (haa * gb - hab * ga) / det;
  }
  return model.withCalibration(bestT, [a, b]);
}
