/**
 * First-order Viterbi decoding (and structured-perceptron training) over the NER's BILOU labels, and the
 * per-word cache of word-role scores that makes decoding cheap.
 */
import { FeatureBuffer } from '../linear/keys.js';
import type { FrozenScorer } from '../linear/scorer.js';
import type { PerceptronTrainer } from '../linear/trainer.js';
import * as _features from './features.js';
import type { SentenceInfo, StaticFeatures, WordInfo } from './features.js';
import * as _labels from './labels.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const {
  BOS_WORD, contextDynKeys, dynKeys, EOS_WORD, N_SHAPE_ROLES, N_WORD_ROLES, PAD, ROLE_M1, ROLE_M2, ROLE_P1, ROLE_P2,
  shapeRoleKeys, TRANSITION_KEYS, wordRoleKeys,
} = _features;
const { ALLOWED, COARSE, labelPos, N_COARSE, N_LABELS, POS_L, PREDS } = _labels;

/** Adds the scores of keys[from..to) into out[base .. base + N_LABELS), in units of `unit`. */
export interface Scorer {
  readonly unit: number;
  addScores(keys: Int32Array, from: number, to: number, out: Float64Array, base: number): void;
}

/** Scorer view of a model being trained. */
export class TrainerScorer implements Scorer {
  readonly unit = 1;
  constructor(private trainer: PerceptronTrainer) {}
  addScores(keys: Int32Array, from: number, to: number, out: Float64Array, base: number): void {
    this.trainer.score(keys.subarray(from, to), to - from, out.subarray(base, base + N_LABELS));
  }
}

const NEG = -1e30;

/** A cached word's scores: the N_WORD_ROLES roles, then the word-level history features for each coarse q. */
const WORD_VEC = (N_WORD_ROLES + N_COARSE) * N_LABELS;

/**
 * 4K slots (2.8 MB per model stage) hold a few articles' vocabulary, including the frequent words that make
 * up most tokens. Results do not depend on the size.
 */
const WORD_CACHE_SLOTS = 1 << 12;

/** A cached shape triple's scores: the N_SHAPE_ROLES roles (see `shapeRoleKeys`). */
const SHAPE_VEC = N_SHAPE_ROLES * N_LABELS;

/**
 * 1K slots (0.4 MB per model stage) hold most shape triples of news text (2K held nearly all, for ~1 MB more per
 * thread under `herald bench`'s 500 MB budget). Results do not depend on the size.
 */
const SHAPE_CACHE_SLOTS = 1 << 10;

/** Direct-mapped cache of one model's shape-context scores (integers), keyed by the short-shape triple. */
export class ShapeScoreCache {
  /** Slot s holds the SHAPE_VEC scores of its triple at vecs[s * SHAPE_VEC ..]. */
  readonly vecs = new Int32Array(SHAPE_CACHE_SLOTS * SHAPE_VEC);
  private readonly a = new Int32Array(SHAPE_CACHE_SLOTS);
  private readonly b = new Int32Array(SHAPE_CACHE_SLOTS);
  private readonly c = new Int32Array(SHAPE_CACHE_SLOTS);
  private readonly filled = new Uint8Array(SHAPE_CACHE_SLOTS);
  private readonly buf = new FeatureBuffer(8);
  private readonly tmp = new Float64Array(N_LABELS);

  constructor(private readonly scorer: FrozenScorer) {}

  /** Offset in `vecs` of the scores of the short shapes (a, b, c); valid until the next call. */
  offsetOf(a: number, b: number, c: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ b;
    h = Math.imul(h, 0x85ebca6b) ^ c;
    h = Math.imul(h, 0xc2b2ae35);
    const slot = (h ^ (h >>> 16)) & (SHAPE_CACHE_SLOTS - 1);
    const base = slot * SHAPE_VEC;
    if (!this.filled[slot] || this.a[slot] !== a || this.b[slot] !== b || this.c[slot] !== c) {
      this.filled[slot] = 1;
      this.a[slot] = a;
      this.b[slot] = b;
      this.c[slot] = c;
      const { buf, tmp, vecs } = this;
      for (let r = 0; r < N_SHAPE_ROLES; r++) {
        shapeRoleKeys(r, a, b, c, buf);
        tmp.fill(0);
        this.scorer.addScores(buf.keys, 0, buf.n, tmp, 0);
        const o = base + r * N_LABELS;
        for (let k = 0; k < N_LABELS; k++) vecs[o + k] = tmp[k];
      }
    }
    return base;
  }
}

/** Direct-mapped cache of one model's word-role scores (integers, see above), keyed by `WordInfo.id`. */
export class WordScoreCache {
  readonly scorer: FrozenScorer;
  /** The same model's shape-context scores. */
  readonly shapes: ShapeScoreCache;
  /** Transition scores trans[p * N_LABELS + c] (they depend on the model only). */
  readonly trans = new Float64Array(N_LABELS * N_LABELS);
  /** Slot s holds the WORD_VEC scores of word ids[s] at vecs[s * WORD_VEC ..]. */
  readonly vecs = new Int32Array(WORD_CACHE_SLOTS * WORD_VEC);
  private readonly ids = new Float64Array(WORD_CACHE_SLOTS);
  private readonly buf = new FeatureBuffer(64);
  private readonly tmp = new Float64Array(N_LABELS);

  constructor(scorer: FrozenScorer) {
    this.scorer = scorer;
    this.shapes = new ShapeScoreCache(scorer);
    for (let p = 0; p < N_LABELS; p++) scorer.addScores(TRANSITION_KEYS, p, p + 1, this.trans, p * N_LABELS);
  }

  /**
   * Offset in `vecs` of the scores of `wi`. Valid only until the next call (another word may take the slot),
   * so use it before asking for the next word.
   */
  offsetOf(wi: WordInfo): number {
    const slot = wi.id & (WORD_CACHE_SLOTS - 1);
    const base = slot * WORD_VEC;
    if (this.ids[slot] !== wi.id) {
      this.ids[slot] = wi.id;
      const { buf, tmp, vecs } = this;
      for (let r = 0; r < N_WORD_ROLES + N_COARSE; r++) {
        wordRoleKeys(r, wi, buf);
        tmp.fill(0);
        this.scorer.addScores(buf.keys, 0, buf.n, tmp, 0);
        const o = base + r * N_LABELS;
        for (let c = 0; c < N_LABELS; c++) vecs[o + c] = tmp[c];
      }
    }
    return base;
  }
}

/**
 * Where `Decoder.run` puts one sentence's labels (`out`) and, when asked, each token's label probability at
 * `temperature`; with `trainer` and `gold` it also makes the structured-perceptron update.
 */
export interface DecodeTarget {
  out: Uint8Array;
  probs: Float32Array | null;
  temperature: number;
  trainer?: PerceptronTrainer;
  gold?: Uint8Array;
}

/**
 * First-order Viterbi decoding (and structured-perceptron training) over BILOU labels. A token's score for
 * label c after label p is: static features · w_c + transition(p, c) + coarse(p)-conditioned word/shape
 * features · w_c. Invalid BILOU transitions are excluded, so the output is always a well-formed sequence.
 */
export class Decoder {
  buf = new FeatureBuffer(512);
  dynBuf = new FeatureBuffer(8);
  emit = new Float64Array(64 * N_LABELS);
  dyn = new Float64Array(64 * N_COARSE * N_LABELS);
  delta = new Float64Array(64 * N_LABELS);
  back = new Uint8Array(64 * N_LABELS);
  trans = new Float64Array(N_LABELS * N_LABELS);
  /** When set, each decision's local scores are appended as [scores..., previous label, is-last]. */
  record: Float64Array[] | null = null;

  private ensure(n: number): void {
    if (this.emit.length >= n * N_LABELS) return;
    const m = n * 2;
    this.emit = new Float64Array(m * N_LABELS);
    this.dyn = new Float64Array(m * N_COARSE * N_LABELS);
    this.delta = new Float64Array(m * N_LABELS);
    this.back = new Uint8Array(m * N_LABELS);
  }

  /**
   * Decodes one sentence into `out`. With `trainer` and `gold`, makes a structured-perceptron update when the
   * best path differs from the gold one; returns the number of wrong tokens.
   */
  run(s: SentenceInfo, f: StaticFeatures, model: Scorer, target: DecodeTarget): number {
    const n = s.n;
    if (n === 0) return 0;
    this.ensure(n);
    const L = N_LABELS;
    const { emit, dyn, trans } = this;
    emit.fill(0, 0, n * L);
    dyn.fill(0, 0, n * N_COARSE * L);
    trans.fill(0);
    for (let p = 0; p < L; p++) model.addScores(TRANSITION_KEYS, p, p + 1, trans, p * L);
    for (let i = 0; i < n; i++) {
      model.addScores(f.keys, f.off[i], f.off[i + 1], emit, i * L);
      for (let q = 0; q < N_COARSE; q++) {
        if (i === 0 && q > 0) break;
        const b = dynKeys(s, i, q, f.agg[i], this.dynBuf);
        model.addScores(b.keys, 0, b.n, dyn, (i * N_COARSE + q) * L);
      }
    }
    return this.decode(s, f, model.unit, target);
  }

  /**
   * Decodes one sentence into `out` like `run`, for features extracted without their word roles and shape
   * contexts (`extractStatic(…, false)`): those scores come from `words`. The same scores as `run`, bit for bit.
   */
  runCached(s: SentenceInfo, f: StaticFeatures, words: WordScoreCache, target: DecodeTarget): void {
    const n = s.n;
    if (n === 0) return;
    this.ensure(n);
    const L = N_LABELS;
    const { emit, dyn } = this;
    const { scorer, vecs, shapes } = words;
    const svecs = shapes.vecs;
    const ss = s.ss;
    this.trans.set(words.trans);
    const sw = s.words;
    for (let i = 0; i < n; i++) {
      const e = i * L;
      // Each offset is used before the next lookup of its cache, which may evict it.
      let o = words.offsetOf(sw[i]);
      const k = i + PAD;
      const so = shapes.offsetOf(ss[k - 1], ss[k], ss[k + 1]);
      for (let c = 0; c < L; c++) emit[e + c] = vecs[o + c] + svecs[so + c];
      const agg = f.agg[i];
      for (let q = 0; q < N_COARSE; q++) {
        if (i === 0 && q > 0) break;
        const d = (i * N_COARSE + q) * L;
        const od = o + (N_WORD_ROLES + q) * L;
        const sd = so + (1 + q) * L;
        for (let c = 0; c < L; c++) dyn[d + c] = vecs[od + c] + svecs[sd + c];
        if (agg) {
          const b = contextDynKeys(q, agg, this.dynBuf);
          scorer.addScores(b.keys, 0, b.n, dyn, d);
        }
      }
      o = words.offsetOf(i >= 1 ? sw[i - 1] : BOS_WORD) + ROLE_M1 * L;
      for (let c = 0; c < L; c++) emit[e + c] += vecs[o + c];
      o = words.offsetOf(i + 1 < n ? sw[i + 1] : EOS_WORD) + ROLE_P1 * L;
      for (let c = 0; c < L; c++) emit[e + c] += vecs[o + c];
      o = words.offsetOf(i >= 2 ? sw[i - 2] : BOS_WORD) + ROLE_M2 * L;
      for (let c = 0; c < L; c++) emit[e + c] += vecs[o + c];
      o = words.offsetOf(i + 2 < n ? sw[i + 2] : EOS_WORD) + ROLE_P2 * L;
      for (let c = 0; c < L; c++) emit[e + c] += vecs[o + c];
      scorer.addScores(f.keys, f.off[i], f.off[i + 1], emit, e);
    }
    this.decode(s, f, scorer.unit, target);
  }

  /** Viterbi over the scores in `emit`, `dyn` and `trans`; then probabilities, records and training updates. */
  private decode(s: SentenceInfo, f: StaticFeatures, scale: number, target: DecodeTarget): number {
    const { out, probs, temperature, trainer, gold } = target;
    const n = s.n;
    const L = N_LABELS;
    const { emit, dyn, delta, back, trans } = this;
    // Viterbi.
    for (let c = 0; c < L; c++) {
      const lastOk = n > 1 || c === 0 || labelPos(c) >= POS_L;
      delta[c] = ALLOWED[c] && lastOk ? emit[c] + trans[c] + dyn[c] : NEG;
      back[c] = 0;
    }
    for (let i = 1; i < n; i++) {
      const last = i === n - 1;
      const base = i * L;
      const prev = (i - 1) * L;
      for (let c = 0; c < L; c++) {
        if (last && c !== 0 && labelPos(c) < POS_L) {
          delta[base + c] = NEG;
          continue;
        }
        let best = NEG;
        let arg = 0;
        const preds = PREDS[c];
        for (let pi = 0; pi < preds.length; pi++) {
          const p = preds[pi];
          const dp = delta[prev + p];
          if (dp <= NEG) continue;
          const v = dp + trans[p * L + c] + dyn[(i * N_COARSE + COARSE[p]) * L + c];
          if (v > best) {
            best = v;
            arg = p;
          }
        }
        delta[base + c] = best <= NEG ? NEG : best + emit[base + c];
        back[base + c] = arg;
      }
    }
    let bestC = 0;
    let bestV = -Infinity;
    for (let c = 0; c < L; c++) {
      if (delta[(n - 1) * L + c] > bestV) {
        bestV = delta[(n - 1) * L + c];
        bestC = c;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      out[i] = bestC;
      bestC = back[i * L + bestC];
    }
    let mistakes = 0;
    if (trainer && gold) {
      trainer.tick();
      for (let i = 0; i < n; i++) if (out[i] !== gold[i]) mistakes++;
      if (mistakes > 0) this.update(s, f, trainer, gold, out);
    }
    if (probs || this.record) {
      const local = new Float64Array(L);
      for (let i = 0; i < n; i++) {
        const p = i === 0 ? 0 : out[i - 1];
        const q = i === 0 ? 0 : COARSE[p];
        const last = i === n - 1;
        let max = -Infinity;
        for (let c = 0; c < L; c++) {
          local[c] = (emit[i * L + c] + trans[p * L + c] + dyn[(i * N_COARSE + q) * L + c]) * scale;
          if (ALLOWED[p * L + c] && !(last && c !== 0 && labelPos(c) < POS_L) && local[c] > max) max = local[c];
        }
        if (this.record) {
          const r = new Float64Array(L + 2);
          r.set(local);
          r[L] = p;
          r[L + 1] = last ? 1 : 0;
          this.record.push(r);
        }
        if (probs) {
          let z = 0;
          for (let c = 0; c < L; c++) {
            if (!ALLOWED[p * L + c] || (last && c !== 0 && labelPos(c) < POS_L)) continue;
            z += Math.exp((local[c] - max) / temperature);
          }
          probs[i] = Math.exp((local[out[i]] - max) / temperature) / z;
        }
      }
    }
    return mistakes;
  }

  private update(s: SentenceInfo, f: StaticFeatures, trainer: PerceptronTrainer, gold: Uint8Array, pred: Uint8Array): void {
    for (let i = 0; i < s.n; i++) {
      const g = gold[i];
      const p = pred[i];
      const gp = i === 0 ? 0 : gold[i - 1];
      const pp = i === 0 ? 0 : pred[i - 1];
      if (g === p && gp === pp) continue;
      if (g !== p) {
        const off = f.off[i];
        const keys = f.keys.subarray(off, f.off[i + 1]);
        trainer.update(keys, keys.length, g, 1);
        trainer.update(keys, keys.length, p, -1);
      }
      trainer.update(TRANSITION_KEYS.subarray(gp, gp + 1), 1, g, 1);
      trainer.update(TRANSITION_KEYS.subarray(pp, pp + 1), 1, p, -1);
      const gq = i === 0 ? 0 : COARSE[gp];
      const pq = i === 0 ? 0 : COARSE[pp];
      let b = dynKeys(s, i, gq, f.agg[i], this.dynBuf);
      trainer.update(b.keys, b.n, g, 1);
      b = dynKeys(s, i, pq, f.agg[i], this.dynBuf);
      trainer.update(b.keys, b.n, p, -1);
    }
  }
}

