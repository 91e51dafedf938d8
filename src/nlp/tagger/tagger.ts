/**
 * Part-of-speech tagger: a left-to-right and a right-to-left greedy averaged-perceptron tagger whose scores are
 * added, over hashed integer features.
 *
 * Each token gets one joint class, an (XPOS, UPOS) pair seen in training, so one decision yields both tag sets.
 * Both directions share the tag-independent features: the words around the token (±2), their suffixes, prefixes,
 * shapes, distributional word clusters and capitalisation habits learned from unlabeled text, ambiguity classes
 * (the set of tags a frequent word takes in training), quote parity and the spacing around the token when known.
 * Each direction adds the tags it has already assigned on its side (the previous two, the last verb, the last
 * non-adverb): the left-to-right pass knows the tags to the left, the right-to-left pass those to the right, and
 * the sum of their scores lets each token see both.
 *
 * Speed: the two directions live in one model of 2C classes, so a tag-independent feature is looked up once for
 * both; the features of a single word (in its role: the token itself, a neighbour at -2..+2) are summed once per
 * word and cached; features that depend on assigned tags or combine neighbours are scored only for the few
 * classes the word-level features rank best.
 *
 * Forms are normalised for lookup only (’ → ', “ ” → ", — → --, … → ...; `linear/normalize.ts`) so that news
 * typography meets the training data's conventions; nothing is changed in the caller's tokens.
 *
 * This file loads, saves and decodes; the features are in features.ts, the word facts in lexicon.ts, training in
 * train.ts. Weights are scored by the shared `FrozenScorer` (linear/scorer.ts) in integer units.
 */
import * as _doc from '../../doc/doc.js';
import * as _model_file from '../model-file.js';
import type { StoredArray } from '../model-file.js';
import * as _paths from '../paths.js';
import { LinearModel } from '../linear/model.js';
import { FrozenScorer } from '../linear/scorer.js';
import * as _features from './features.js';
import { SentenceFeatures } from './features.js';
import { Lexicon, type WordClusters } from './lexicon.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { uposIndex } = _doc;
const { loadModel, saveModel } = _model_file;
const { modelPath } = _paths;
const { advance, classKinds, N_KEYS, N_ROLES, PAD, resetContext, ROLE_OFFSETS, tagKeys } = _features;

const FORMAT = 'herald-tagger/5';

/**
 * Direct-mapped cache of summed role scores (see `SentenceFeatures.roleKeys`): frequent words are scored once
 * per role instead of once per occurrence.
 */
class RoleCache {
  readonly keys: Int32Array;
  /** Summed scores, divided by CACHE_UNIT (int16 keeps the cache small enough to stay in fast memory). */
  readonly vecs: Int16Array;
  /**
   * Two-way set associative: a key may sit in either slot of its set (2·set, 2·set + 1), and a miss replaces
   * the one used less recently, so a frequent word is not evicted by the next rare word that hashes alike.
   */
  private readonly setMask: number;
  /** Per set, the slot (0 or 1) a miss replaces next: the one not used last. */
  private readonly victim: Uint8Array;
  constructor(slots: number, C: number) {
    this.keys = new Int32Array(slots);
    this.vecs = new Int16Array(slots * C);
    this.setMask = (slots >> 1) - 1;
    this.victim = new Uint8Array(slots >> 1);
  }

  /** The slot holding `key`, or -1 - (the slot to fill with it) when it is not cached. */
  find(key: number): number {
    const set = key & this.setMask;
    const a = 2 * set;
    const keys = this.keys;
    if (keys[a] === key) {
      this.victim[set] = 1;
      return a;
    }
    if (keys[a + 1] === key) {
      this.victim[set] = 0;
      return a + 1;
    }
    const w = this.victim[set];
    this.victim[set] = 1 - w;
    return -1 - (a + w);
  }
}

const CACHE_SHIFT = 2;
const CACHE_UNIT = 1 << CACHE_SHIFT;

/**
 * 16K slots (5.5 MB per tagger) hold the role vectors of a news article's vocabulary; 64K (22 MB, most of it
 * resident after a few hundred articles) was not measurably faster. Results do not depend on the size: every
 * vector is rounded the same way whether it comes from the cache or was just computed.
 */
const CACHE_SLOTS = 1 << 14;

/** Scratch state of one greedy pass. */
class Pass {
  tags = new Int32Array(64 + 2 * PAD);
  readonly cx = new Int32Array(2);
}

export class Tagger {
  /** XPOS and UPOS of each joint class. */
  readonly xposOf: string[];
  readonly uposOf: string[];
  private readonly uposIdx: Uint8Array;
  private readonly kinds: Uint8Array;
  private readonly openQuote: number;
  private readonly closeQuote: number;
  private readonly lex: Lexicon;
  /** Both directions in one model: classes [0, C) score left-to-right, [C, 2C) right-to-left. */
  private readonly model: LinearModel;
  private readonly scorer: FrozenScorer;
  private readonly cache: RoleCache;
  private readonly nClasses: number;
  /** Diagnostics: which passes to run. */
  direction: 'both' | 'forward' | 'backward' = 'both';
  /** Classes per token that the tag-context features are scored for (the best by the other features). */
  candidates = 6;
  private cand = new Int32Array(0);
  private cand2 = new Int32Array(0);
  private readonly candScore = new Int32Array(256);
  // scratch
  private readonly ltr = new SentenceFeatures();
  private readonly rtl = new SentenceFeatures();
  private readonly pass = new Pass();
  private readonly keys = new Int32Array(N_KEYS);
  private readonly scores: Int32Array;
  private readonly roleScores: Int32Array;
  /** Cache slots of the current token's roles. */
  private readonly roleSlots = new Int32Array(N_ROLES);
  private stat = new Int32Array(0);
  private acc = new Int32Array(0);
  private out = new Int32Array(64);

  private static cached: Tagger | undefined;

  constructor(classes: string[], lex: Lexicon, model: LinearModel) {
    const C = classes.length;
    if (model.nClasses !== 2 * C) throw new Error('tagger model: expected two classes per tag (one per direction)');
    this.nClasses = C;
    this.xposOf = classes.map((c) => c.slice(0, c.indexOf('|')));
    this.uposOf = classes.map((c) => c.slice(c.indexOf('|') + 1));
    this.uposIdx = Uint8Array.from(this.uposOf, (u) => uposIndex(u));
    this.kinds = classKinds(classes);
    this.openQuote = this.xposOf.indexOf('``');
    this.closeQuote = this.xposOf.indexOf("''");
    this.lex = lex;
    this.model = model;
    if (model.nClasses > 255) throw new Error('tagger model: at most 255 classes');
    this.scorer = new FrozenScorer(model);
    this.cache = new RoleCache(CACHE_SLOTS, 2 * C);
    this.scores = new Int32Array(C);
    this.roleScores = new Int32Array(2 * C);
    this.stat = new Int32Array(64 * 2 * C);
    this.acc = new Int32Array(64 * C);
  }

  /** Joint class names, `XPOS|UPOS`. */
  get classes(): string[] {
    return this.xposOf.map((x, i) => `${x}|${this.uposOf[i]}`);
  }

  /** The word clusters this tagger was trained with (reused by `trainTagger` when retraining). */
  get clusters(): WordClusters | undefined {
    return this.lex.clusters();
  }

  static load(path = modelPath('tagger.bin.gz')): Tagger {
    const { meta, arrays } = loadModel(path);
    if (meta.format !== FORMAT) throw new Error(`${path}: not a ${FORMAT} model; retrain with npm run train:tagger`);
    const lex = new Lexicon(
      arrays['lex.keys'] as Int32Array,
      arrays['lex.coarse'] as Uint16Array,
      arrays['lex.fine'] as Uint16Array,
      arrays['lex.caps'] as Uint8Array,
      arrays['lex.amb'] as Uint16Array,
    );
    return new Tagger(meta.classes as string[], lex, LinearModel.fromArrays('m', arrays, meta));
  }

  /** The shipped model, loaded once. */
  static default(): Tagger {
    Tagger.cached ??= Tagger.load();
    return Tagger.cached;
  }

  save(path = modelPath('tagger.bin.gz')): number {
    const m = this.model.toArrays('m');
    const arrays: Record<string, StoredArray> = {
      ...m.arrays,
      'lex.keys': this.lex.keys,
      'lex.coarse': this.lex.coarse,
      'lex.fine': this.lex.fine,
      'lex.caps': this.lex.caps,
      'lex.amb': this.lex.amb,
    };
    return saveModel(path, { meta: { format: FORMAT, classes: this.classes, ...m.meta }, arrays });
  }

  /** Model statistics. */
  get stats(): { classes: number; features: number; weights: number; lexicon: number } {
    return { classes: this.nClasses, features: this.model.features, weights: this.model.ptr[this.model.features], lexicon: this.lex.keys.length };
  }

  /** The `RoleCache` slot holding the role vector of token p in `role`, scored into it on a miss. */
  private fetchRole(f: SentenceFeatures, role: number, p: number): number {
    const cache = this.cache;
    const key = f.roleKey(role, p);
    let slot = cache.find(key);
    if (slot < 0) {
      slot = -1 - slot;
      const C2 = 2 * this.nClasses;
      const { keys, roleScores } = this;
      const vecs = cache.vecs;
      const base = slot * C2;
      cache.keys[slot] = key;
      roleScores.fill(0);
      this.scorer.sumInts(keys, 0, f.roleKeys(role, p, keys, 0), roleScores, 0);
      for (let c = 0; c < C2; c++) {
        // Math.round(x / CACHE_UNIT) for an integer x (halves round up), without the division and float round.
        const v = (roleScores[c] + (CACHE_UNIT >> 1)) >> CACHE_SHIFT;
        vecs[base + c] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      }
    }
    return slot;
  }

  /**
   * Tag-independent scores of every token (both directions) into `stat` (n × 2C), and its candidate classes:
   * the `candidates` best by the summed scores of the token's word-level features (the cached roles). The
   * features combining neighbours and the tag-context features are then scored for the candidates only.
   */
  private staticScores(f: SentenceFeatures): void {
    const n = f.n;
    const C = this.nClasses;
    const C2 = 2 * C;
    const K = Math.min(this.candidates, C);
    if (this.cand.length < n * K) {
      this.cand = new Int32Array(2 * n * K);
      this.cand2 = new Int32Array(4 * n * K);
    }
    const { keys, scorer, cache, roleSlots, cand, cand2 } = this;
    const best = this.candScore;
    const stat = this.stat;
    const vecs = cache.vecs;
    for (let i = 0; i < n; i++) {
      const p = i + PAD;
      const o = i * C2;
      // The five role vectors, fetched (scored on a miss) first and then summed in one pass over the classes.
      // Two roles of one token may share a cache slot; then the later one evicted the earlier, and the token
      // is summed role by role instead, re-scoring as needed. Integer sums: the same values either way.
      let distinct = true;
      for (let r = 0; r < N_ROLES; r++) {
        const slot = this.fetchRole(f, r, p + ROLE_OFFSETS[r]);
        for (let s = 0; s < r; s++) if (roleSlots[s] === slot) distinct = false;
        roleSlots[r] = slot;
      }
      if (distinct) {
        const b0 = roleSlots[0] * C2;
        const b1 = roleSlots[1] * C2;
        const b2 = roleSlots[2] * C2;
        const b3 = roleSlots[3] * C2;
        const b4 = roleSlots[4] * C2;
        for (let c = 0; c < C2; c++) {
          stat[o + c] = (vecs[b0 + c] + vecs[b1 + c] + vecs[b2 + c] + vecs[b3 + c] + vecs[b4 + c]) * CACHE_UNIT;
        }
      } else {
        stat.fill(0, o, o + C2);
        for (let r = 0; r < N_ROLES; r++) {
          const base = this.fetchRole(f, r, p + ROLE_OFFSETS[r]) * C2;
          for (let c = 0; c < C2; c++) stat[o + c] += vecs[base + c] * CACHE_UNIT;
        }
      }
      // candidates: top K by the two directions' summed scores
      const b = i * K;
      let k = 0;
      for (let c = 0; c < C; c++) {
        const v = stat[o + c] + stat[o + C + c];
        if (k === K && v <= best[K - 1]) continue;
        let j = k < K ? k++ : K - 1;
        while (j > 0 && best[j - 1] < v) {
          best[j] = best[j - 1];
          cand[b + j] = cand[b + j - 1];
          j--;
        }
        best[j] = v;
        cand[b + j] = c;
      }
      for (let j = 0; j < K; j++) {
        cand2[2 * b + j] = o + cand[b + j];
        cand2[2 * b + K + j] = o + C + cand[b + j];
      }
      scorer.sumIntsSome(keys, 0, f.pairKeys(i, keys, 0), stat, o, cand2, 2 * b, 2 * b + 2 * K);
    }
  }

  /** One greedy pass over `f` (`dir` 0: left to right, 1: right to left), adding its scores into `acc`. */
  private greedy(f: SentenceFeatures, dir: number): void {
    const n = f.n;
    const C = this.nClasses;
    const K = Math.min(this.candidates, C);
    const { keys, scores, acc, stat, kinds, pass, scorer, cand } = this;
    if (pass.tags.length < n + 2 * PAD) pass.tags = new Int32Array(2 * n + 2 * PAD);
    const t = pass.tags;
    const cx = pass.cx;
    t[0] = C + 1;
    t[1] = C;
    resetContext(cx, C);
    for (let i = 0; i < n; i++) {
      const p = i + PAD;
      const orig = dir === 0 ? i : n - 1 - i;
      const so = orig * 2 * C + dir * C;
      const cb = orig * K;
      for (let j = 0; j < K; j++) {
        const c = cand[cb + j];
        scores[c] = stat[so + c];
      }
      const at = tagKeys(f, i, t[p - 1], t[p - 2], cx, dir, keys, 0);
      scorer.sumIntsSome(keys, 0, at, scores, -dir * C, cand, cb, cb + K);
      let best = cand[cb];
      for (let j = 1; j < K; j++) {
        const c = cand[cb + j];
        if (scores[c] > scores[best]) best = c;
      }
      t[p] = best;
      advance(cx, kinds[best], best, f.L[p]);
      const o = orig * C;
      for (let j = 0; j < K; j++) {
        const c = cand[cb + j];
        acc[o + c] += scores[c];
      }
    }
  }

  /** Tags forms[from, to) as one sentence; returns joint class ids at [0, n). */
  private decode(forms: readonly string[], from: number, to: number, space?: ArrayLike<number | boolean>): Int32Array {
    const n = to - from;
    const C = this.nClasses;
    if (this.acc.length < n * C) {
      this.acc = new Int32Array(2 * n * C);
      this.stat = new Int32Array(4 * n * C);
    }
    if (this.out.length < n) this.out = new Int32Array(2 * n);
    const acc = this.acc;
    acc.fill(0, 0, n * C);
    this.ltr.fill(forms, from, to, this.lex, space);
    this.staticScores(this.ltr);
    if (this.direction !== 'backward') this.greedy(this.ltr, 0);
    if (this.direction !== 'forward') {
      this.rtl.reverseOf(this.ltr);
      this.greedy(this.rtl, 1);
    }
    const out = this.out;
    const K = Math.min(this.candidates, C);
    const cand = this.cand;
    for (let i = 0; i < n; i++) {
      const o = i * C;
      const cb = i * K;
      let best = cand[cb];
      for (let j = 1; j < K; j++) if (acc[o + cand[cb + j]] > acc[o + best]) best = cand[cb + j];
      out[i] = this.fixQuote(forms[from + i], best);
    }
    return out;
  }

  /** Curly quotes carry their direction, which the normalised form loses: trust the character. */
  private fixQuote(form: string, c: number): number {
    if (form.length !== 1 || (c !== this.openQuote && c !== this.closeQuote)) return c;
    const ch = form.charCodeAt(0);
    if (ch === 0x201c || ch === 0x2018) return this.openQuote;
    if (ch === 0x201d) return this.closeQuote;
    return c;
  }

  /**
   * Tags one sentence. `spaceAfter[i]`, when given, tells whether whitespace follows token i in the text (it
   * tells e.g. the hyphen of "15-year" from a dash); without it the tagger works from the forms alone.
   */
  tagSentence(forms: string[], spaceAfter?: ArrayLike<number | boolean>): { upos: string[]; xpos: string[] } {
    const upos: string[] = [];
    const xpos: string[] = [];
    if (!forms.length) return { upos, xpos };
    const out = this.decode(forms, 0, forms.length, spaceAfter);
    for (let i = 0; i < forms.length; i++) {
      upos.push(this.uposOf[out[i]]);
      xpos.push(this.xposOf[out[i]]);
    }
    return { upos, xpos };
  }

  /**
   * Tags forms[from, to) as one sentence, writing UPOS indices (into UPOS_TAGS) and XPOS strings in place.
   * `spaceAfter`, indexed like `forms`, is optional (see `tagSentence`).
   */
  tagInto(
    forms: string[], from: number, to: number, upos: Uint8Array, xpos: string[], spaceAfter?: ArrayLike<number | boolean>,
  ): void {
    if (to <= from) return;
    const out = this.decode(forms, from, to, spaceAfter);
    for (let i = 0; i < to - from; i++) {
      upos[from + i] = this.uposIdx[out[i]];
      xpos[from + i] = this.xposOf[out[i]];
    }
  }
}
