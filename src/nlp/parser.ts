/**
 * Transition-based dependency parser (arc-hybrid, Kuhlmann et al. 2011) with averaged-perceptron scoring over
 * hashed Zhang & Nivre (2011)-style features, decoded greedily or with a beam.
 *
 * - Transitions: SHIFT, LEFT-l (b0 → s0, pop s0), RIGHT-l (s1 → s0, pop s0). The artificial ROOT sits at the end
 *   of the buffer (Ballesteros & Nivre 2013) and is never shifted; LEFT onto ROOT is only allowed when one word
 *   remains on the stack, so every output is a single-rooted tree.
 * - Labeled transitions are decided in two steps: a 3-class model `T` over configuration features picks the
 *   transition; when it makes an arc, an L-class model `Lab` over features of that arc (both ends, their children,
 *   direction, distance, context) picks the label. Scoring both directions' labels at every step (a joint labeled
 *   decision) was measured at +0.3 UAS on EWT dev but half the speed, so labels are chosen after the transition.
 * - Features are tags and words of the stack/buffer tokens and their leftmost/rightmost children, valency, label
 *   sets and distance, plus tag-independent lexical facts stored in the model: each word's ambiguity class (the PTB
 *   tags it takes in training) and its hierarchical cluster (data/word-clusters.tsv.gz), at 4, 6 and all bits.
 * - Greedy training (`beam` 1): T follows the dynamic oracle (Goldberg & Nivre 2013) with exploration (after the
 *   first epoch the parser mostly follows its own transitions, learning to act well after its mistakes).
 * - Beam training (`beam` > 1): T scores whole transition sequences (the sum of its transition scores) and is
 *   updated where the gold sequence's prefix falls furthest behind the beam's best (max-violation, Huang et al.
 *   2012); decoding keeps the model's `beam` best sequences (meta `beam`). On EWT dev a model trained with beam 4
 *   gains ~0.9 UAS/LAS over greedy when decoded with beam 3 or 4, but none with beam 2; the shipped ensemble
 *   decodes with 4 and drops sequences more than `beamMargin` behind the best, which leaves one or two alive at
 *   most steps, so it runs about as fast as width 3 did (+0.3 UAS/LAS over width 3). Training with beam 8 gained
 *   no more than ~0.1 at decoding width 4.
 * - In both, Lab learns on the gold arcs the parser makes. Features seen only once on the gold transition
 *   sequences are dropped, and small averaged weights are pruned.
 * - Ensembles of parsers trained on different shuffles are merged into one model by adding their weights
 *   (`Parser.merge`): for linear models that is exactly the summed-score ensemble, at the cost of one model.
 * - Beam decoding (not training) scores the 3-class transition model by exact integer weight sums (int16
 *   weights, one scale), so the features can be scored in parts: those about one token (b0, s0, s1, s2), a pair
 *   (s0-b0, s1-s0) or one token's subtree (b0, s0, s1, keyed by `Machine.ver`) are summed once per sentence and
 *   reused by every beam item and step that shares them; only ~22 of the 128 are scored afresh each time.
 *   Labels are picked by integer sums too (the float scores only break a tie at the top). Outputs are exactly
 *   those of scoring every feature list whole.
 * - An optional second-pass labeler over the finished tree (parser-labeler.ts) can relabel every arc, alone or
 *   adding `relMix` times the transition-time label scores. On EWT dev over the beam parser: alone LAS −0.1;
 *   mixed (0.5) +0.18 LAS but ~20% slower tag + parse; trained on jackknifed parses of train instead of the gold
 *   trees, +0.11 over a width-4 parser. Not shipped.
 * - Measured on EWT dev and dropped: features of the tagger's runner-up tag where its margin is small (10% of
 *   tokens, holding 70% of its errors; two merged members lost 0.14 UAS and 0.30 LAS); labels also learnt on the
 *   beam's best item's correct arcs (below the baseline through 8 epochs).
 * - Non-projective training trees are projectivised by lifting (shortest non-projective arc first), so the
 *   oracles are exact on them; the few non-projective arcs of English are given up.
 */
import type { ConlluSentence } from './conllu.js';
import { FeatureBuffer, finish, hashString, mix } from './features.js';
import { loadModel, saveModel, type StoredArray } from './model-file.js';
import { modelPath } from './paths.js';
import { LinearModel, PerceptronTrainer } from './perceptron.js';
import { seededRandom, shuffle } from './random.js';
import { TreeLabeler } from './parser-labeler.js';
import { UPOS_TAGS } from '../doc/doc.js';

export interface ParseResult {
  /** Head of each word: 0 = root, else the 1-based index of the head word. */
  head: Int32Array;
  deprel: string[];
}

/** Anything that adds class scores for a feature list (the trainer during training, the frozen model after). */
export interface Scorer {
  score(keys: Int32Array, n: number, out: Float64Array): void;
}

const FEATURE_VERSION = 2;
const SEED = 0x9747b28c;
const NONE_H = hashString('<none>');
const ROOT_W = hashString('<root-w>');
const ROOT_P = hashString('<root-p>');
const ROOT_U = hashString('<root-u>');
const UNK_W = hashString('<unk>');

const SHIFT = 0;
const LEFT = 1;
const RIGHT = 2;

// ---------------------------------------------------------------------------------------------------------
// Word normalisation and hashing

const TYPO_RE = /[‘’‛′`“”„″‐‑‒–−—―…]/;
const QUOTE_RE = /[‘’‛′`]/g;
const DQUOTE_RE = /[“”„″]/g;
const DASH_RE = /[‐‑‒–−]/g;
const LONG_DASH_RE = /[—―]/g;
const DIGIT_RE = /\d/g;

/**
 * The form used for word features: lower-cased, digits mapped to 0, and news typography (curly quotes, dashes,
 * ellipsis) spelled the way the training treebank spells it.
 */
export function normalizeWord(form: string): string {
  let s = form.toLowerCase();
  if (TYPO_RE.test(s)) {
    s = s.replace(QUOTE_RE, "'").replace(DQUOTE_RE, '"').replace(DASH_RE, '-').replace(LONG_DASH_RE, '--').replace(/…/g, '...');
  }
  if (/\d/.test(s)) s = s.replace(DIGIT_RE, '0');
  return s;
}

function suffixHash(norm: string): number {
  return hashString(norm.length > 3 ? norm.slice(-3) : norm, 0x1b873593);
}

/** Open-addressing set of non-zero int32 values (the word lexicon's keys). */
class IntSet {
  private keys: Int32Array;
  private mask: number;
  constructor(values: ArrayLike<number>) {
    let cap = 16;
    while (cap < values.length * 2) cap <<= 1;
    this.keys = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < values.length; i++) this.add(values[i] | 0);
  }
  private add(k: number): void {
    let i = k & this.mask;
    while (this.keys[i] !== 0 && this.keys[i] !== k) i = (i + 1) & this.mask;
    this.keys[i] = k;
  }
  /** Table slot of `k`, or -1. */
  slot(k: number): number {
    let i = k & this.mask;
    while (true) {
      const x = this.keys[i];
      if (x === k) return i;
      if (x === 0) return -1;
      i = (i + 1) & this.mask;
    }
  }
  /** Maps each slot to the index of its key in `values` (the arrays parallel to the key list). */
  rowsFor(values: ArrayLike<number>): Int32Array {
    const rows = new Int32Array(this.keys.length).fill(-1);
    for (let r = 0; r < values.length; r++) rows[this.slot(values[r] | 0)] = r;
    return rows;
  }
}

/** Growable open-addressing counter of int32 keys, used to frequency-prune features before training. */
class CountTable {
  keys: Int32Array;
  counts: Int32Array;
  size = 0;
  private mask: number;
  constructor(capacity = 1 << 20) {
    this.keys = new Int32Array(capacity);
    this.counts = new Int32Array(capacity);
    this.mask = capacity - 1;
  }
  add(k: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const mask = this.mask;
    let i = k & mask;
    while (true) {
      const x = keys[i];
      if (x === k) {
        this.counts[i]++;
        return;
      }
      if (x === 0) {
        keys[i] = k;
        this.counts[i] = 1;
        this.size++;
        return;
      }
      i = (i + 1) & mask;
    }
  }
  get(k: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = k & mask;
    while (true) {
      const x = keys[i];
      if (x === k) return this.counts[i];
      if (x === 0) return 0;
      i = (i + 1) & mask;
    }
  }
  private grow(): void {
    const ok = this.keys;
    const oc = this.counts;
    const cap = ok.length * 2;
    this.keys = new Int32Array(cap);
    this.counts = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < ok.length; j++) {
      const k = ok[j];
      if (k === 0) continue;
      let i = k & this.mask;
      while (this.keys[i] !== 0) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.counts[i] = oc[j];
    }
  }
}

/**
 * Read-only scorer laid out for cache locality: weights are int16 (one scale per model) packed into the slots of
 * an open-addressing table, so a feature costs one cache line (3 classes: key and three weights in 12 bytes) or
 * two (more classes: key and row range in 8 bytes, then the row's packed (class, weight) pairs).
 */
export class FrozenModel implements Scorer {
  readonly nClasses: number;
  private readonly dense: boolean;
  private readonly stride: number;
  private readonly mask: number;
  private readonly slots: Int32Array;
  private readonly data: Int32Array;
  private readonly scale: number;

  constructor(model: LinearModel) {
    const C = model.nClasses;
    if (C > 255) throw new Error('FrozenModel: at most 255 classes');
    this.nClasses = C;
    this.dense = C <= 3;
    this.stride = this.dense ? 3 : 2;
    const { keys, ptr, cls, val } = model;
    const rows = keys.length;
    let maxAbs = 0;
    for (let j = 0; j < val.length; j++) maxAbs = Math.max(maxAbs, Math.abs(val[j]));
    this.scale = maxAbs > 0 ? maxAbs / 32767 : 1;
    const inv = 1 / this.scale;
    // load factor 1/3 to 2/3: the shipped transition model (533k rows) gets 2^20 slots (12 MB) rather than 2^21
    // (25 MB), which stays in the last-level cache far better; lookups are memory-bound (~10% faster decoding)
    let cap = 16;
    while (cap < rows * 1.5) cap <<= 1;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * this.stride);
    this.data = new Int32Array(this.dense ? 0 : (ptr[rows] ?? 0));
    for (let r = 0; r < rows; r++) {
      const key = keys[r];
      let i = key & this.mask;
      while (this.slots[i * this.stride] !== 0) i = (i + 1) & this.mask;
      const at = i * this.stride;
      this.slots[at] = key;
      if (this.dense) {
        let w01 = 0;
        let w2 = 0;
        for (let j = ptr[r]; j < ptr[r + 1]; j++) {
          const v = Math.round(val[j] * inv) & 0xffff;
          if (cls[j] === 0) w01 |= v;
          else if (cls[j] === 1) w01 |= v << 16;
          else w2 = v;
        }
        this.slots[at + 1] = w01;
        this.slots[at + 2] = w2;
      } else {
        this.slots[at + 1] = (ptr[r] << 8) | (ptr[r + 1] - ptr[r]);
        for (let j = ptr[r]; j < ptr[r + 1]; j++) this.data[j] = (cls[j] << 16) | (Math.round(val[j] * inv) & 0xffff);
      }
    }
  }

  /** The weight unit: `score` adds the integer weight sums times this. */
  get unit(): number {
    return this.scale;
  }

  /**
   * 3-class models only: adds the integer weight sums of `keys[0..n)` to `out[0..2]`. Integer sums are exact in
   * any grouping, so scoring a feature list in parts and multiplying the total by `unit` equals `score`.
   */
  scoreInts(keys: Int32Array, n: number, out: Int32Array): void {
    const { slots, mask } = this;
    let a = 0;
    let b = 0;
    let c = 0;
    for (let f = 0; f < n; f++) {
      const key = keys[f];
      let i = key & mask;
      while (true) {
        const at = i * 3;
        const k = slots[at];
        if (k === key) {
          const ab = slots[at + 1];
          a += (ab << 16) >> 16;
          b += ab >> 16;
          c += (slots[at + 2] << 16) >> 16;
          break;
        }
        if (k === 0) break;
        i = (i + 1) & mask;
      }
    }
    out[0] += a;
    out[1] += b;
    out[2] += c;
  }

  /**
   * Models of more than 3 classes: adds the integer weight sums of `keys[0..n)` to `out` (one per class). Their
   * order is the order of `score`'s sums whenever they differ: two sums at least one weight unit apart stay
   * apart after `score`'s float rounding (its error is below 1e-6 units).
   */
  scoreSparseInts(keys: Int32Array, n: number, out: Int32Array): void {
    const { slots, mask, data } = this;
    for (let f = 0; f < n; f++) {
      const key = keys[f];
      let at = (key & mask) << 1;
      while (true) {
        const k = slots[at];
        if (k === key) {
          const x = slots[at + 1];
          let j = x >>> 8;
          const end = j + (x & 255);
          for (; j < end; j++) {
            const v = data[j];
            out[v >>> 16] += (v << 16) >> 16;
          }
          break;
        }
        if (k === 0) break;
        at = (at + 2) & (slots.length - 1);
      }
    }
  }

  score(keys: Int32Array, n: number, out: Float64Array): void {
    const { slots, mask, stride, scale } = this;
    if (this.dense) {
      let a = 0;
      let b = 0;
      let c = 0;
      for (let f = 0; f < n; f++) {
        const key = keys[f];
        let i = key & mask;
        while (true) {
          const at = i * stride;
          const k = slots[at];
          if (k === key) {
            const ab = slots[at + 1];
            a += (ab << 16) >> 16;
            b += ab >> 16;
            c += (slots[at + 2] << 16) >> 16;
            break;
          }
          if (k === 0) break;
          i = (i + 1) & mask;
        }
      }
      out[0] += a * scale;
      out[1] += b * scale;
      out[2] += c * scale;
      return;
    }
    const data = this.data;
    for (let f = 0; f < n; f++) {
      const key = keys[f];
      let i = key & mask;
      while (true) {
        const at = i * stride;
        const k = slots[at];
        if (k === key) {
          const x = slots[at + 1];
          let j = x >>> 8;
          const end = j + (x & 255);
          for (; j < end; j++) {
            const v = data[j];
            out[v >>> 16] += ((v << 16) >> 16) * scale;
          }
          break;
        }
        if (k === 0) break;
        i = (i + 1) & mask;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Feature key helpers (template id mixed with up to four values)

/** `mix(SEED, t)` for every template id, so a key costs one mix per value plus the final avalanche. */
const TPL = Int32Array.from({ length: 512 }, (_, t) => mix(SEED, t));
const f1 = (t: number, a: number): number => finish(mix(TPL[t], a));
const f2 = (t: number, a: number, b: number): number => finish(mix(mix(TPL[t], a), b));
const f3 = (t: number, a: number, b: number, c: number): number => finish(mix(mix(mix(TPL[t], a), b), c));
const f4 = (t: number, a: number, b: number, c: number, d: number): number =>
  finish(mix(mix(mix(mix(TPL[t], a), b), c), d));

export function distBucket(d: number): number {
  if (d <= 4) return d;
  if (d <= 6) return 5;
  if (d <= 10) return 6;
  return 7;
}

// ---------------------------------------------------------------------------------------------------------
// Parser configuration: stack, buffer (always a suffix of the sentence), partial tree and per-token features

/** Arcs made by any machine so far (mod 2^32, skipping 0): the source of `Machine.ver`. */
let arcEvents = 0;

export class Machine {
  cap = 0;
  /** Number of words; ROOT is token n; n + 1 is the "none" slot whose attributes are all NONE. */
  n = 0;
  W: Int32Array = new Int32Array(0); // word hash (vocabulary-filtered)
  P: Int32Array = new Int32Array(0); // xpos hash
  U: Int32Array = new Int32Array(0); // upos hash
  WP: Int32Array = new Int32Array(0); // word+xpos hash
  S: Int32Array = new Int32Array(0); // suffix hash
  A: Int32Array = new Int32Array(0); // ambiguity class
  C4: Int32Array = new Int32Array(0); // cluster prefixes
  C6: Int32Array = new Int32Array(0);
  CF: Int32Array = new Int32Array(0);
  stack: Int32Array = new Int32Array(0);
  sp = 0;
  b = 0;
  head: Int32Array = new Int32Array(0);
  lab: Int32Array = new Int32Array(0); // label index + 1 (0 = none)
  lc1: Int32Array = new Int32Array(0);
  lc2: Int32Array = new Int32Array(0);
  rc1: Int32Array = new Int32Array(0);
  rc2: Int32Array = new Int32Array(0);
  nl: Int32Array = new Int32Array(0);
  nr: Int32Array = new Int32Array(0);
  lsetLo: Int32Array = new Int32Array(0);
  lsetHi: Int32Array = new Int32Array(0);
  rsetLo: Int32Array = new Int32Array(0);
  rsetHi: Int32Array = new Int32Array(0);
  /**
   * Version of each token's subtree state (children, counts, label sets): 0 after `reset`, then a number drawn
   * afresh (`arcEvents`) at each arc it heads, so equal versions of a token mean equal states, across copies.
   */
  ver: Int32Array = new Int32Array(0);

  ensure(n: number): void {
    const need = n + 2;
    if (need <= this.cap) return;
    let cap = Math.max(64, this.cap);
    while (cap < need) cap *= 2;
    this.cap = cap;
    const mk = (): Int32Array => new Int32Array(cap);
    this.W = mk(); this.P = mk(); this.U = mk(); this.WP = mk(); this.S = mk();
    this.A = mk(); this.C4 = mk(); this.C6 = mk(); this.CF = mk();
    this.stack = mk(); this.head = mk(); this.lab = mk();
    this.lc1 = mk(); this.lc2 = mk(); this.rc1 = mk(); this.rc2 = mk(); this.nl = mk(); this.nr = mk();
    this.lsetLo = mk(); this.lsetHi = mk(); this.rsetLo = mk(); this.rsetHi = mk();
    this.ver = mk();
  }

  /** Resets the tree; the caller has filled W/P/U/S for tokens 0..n-1. */
  reset(n: number): void {
    this.n = n;
    const none = n + 1;
    this.W[n] = ROOT_W; this.P[n] = ROOT_P; this.U[n] = ROOT_U; this.S[n] = ROOT_W;
    this.A[n] = ROOT_W; this.C4[n] = ROOT_W; this.C6[n] = ROOT_W; this.CF[n] = ROOT_W;
    this.W[none] = NONE_H; this.P[none] = NONE_H; this.U[none] = NONE_H; this.S[none] = NONE_H;
    this.A[none] = NONE_H; this.C4[none] = NONE_H; this.C6[none] = NONE_H; this.CF[none] = NONE_H;
    for (let i = 0; i <= none; i++) {
      this.WP[i] = mix(this.W[i], this.P[i]);
      this.head[i] = -1;
      this.lab[i] = 0;
      this.lc1[i] = none; this.lc2[i] = none; this.rc1[i] = none; this.rc2[i] = none;
      this.nl[i] = 0; this.nr[i] = 0;
      this.lsetLo[i] = 0; this.lsetHi[i] = 0; this.rsetLo[i] = 0; this.rsetHi[i] = 0;
      this.ver[i] = 0;
    }
    this.sp = 0;
    this.b = 0;
  }

  terminal(): boolean {
    return this.b === this.n && this.sp === 0;
  }

  /** Uses the token attributes of `o` (the same sentence, already filled); call after `ensure`. */
  shareTokens(o: Machine): void {
    this.W = o.W; this.P = o.P; this.U = o.U; this.WP = o.WP; this.S = o.S;
    this.A = o.A; this.C4 = o.C4; this.C6 = o.C6; this.CF = o.CF;
  }

  /**
   * Copies the configuration and partial tree of `o`, a machine over the same sentence that was `reset` with it.
   * Only tokens up to b0 and ROOT can have changed since the reset, so only those entries (of both machines)
   * are copied.
   */
  copyFrom(o: Machine): void {
    const len = Math.max(this.b, o.b) + 1;
    this.n = o.n;
    this.sp = o.sp;
    this.b = o.b;
    const st = this.stack;
    const ost = o.stack;
    for (let i = 0; i < o.sp; i++) st[i] = ost[i];
    const { head, lab, lc1, lc2, rc1, rc2, nl, nr, lsetLo, lsetHi, rsetLo, rsetHi, ver } = this;
    for (let i = 0; i < len; i++) {
      head[i] = o.head[i]; lab[i] = o.lab[i];
      lc1[i] = o.lc1[i]; lc2[i] = o.lc2[i]; rc1[i] = o.rc1[i]; rc2[i] = o.rc2[i];
      nl[i] = o.nl[i]; nr[i] = o.nr[i];
      lsetLo[i] = o.lsetLo[i]; lsetHi[i] = o.lsetHi[i]; rsetLo[i] = o.rsetLo[i]; rsetHi[i] = o.rsetHi[i];
      ver[i] = o.ver[i];
    }
    const r = o.n;
    if (len <= r) {
      head[r] = o.head[r]; lab[r] = o.lab[r];
      lc1[r] = o.lc1[r]; lc2[r] = o.lc2[r]; rc1[r] = o.rc1[r]; rc2[r] = o.rc2[r];
      nl[r] = o.nl[r]; nr[r] = o.nr[r];
      lsetLo[r] = o.lsetLo[r]; lsetHi[r] = o.lsetHi[r]; rsetLo[r] = o.rsetLo[r]; rsetHi[r] = o.rsetHi[r];
      ver[r] = o.ver[r];
    }
  }

  canShift(): boolean {
    return this.b < this.n;
  }
  canLeft(): boolean {
    return this.sp >= 1 && (this.b < this.n || this.sp === 1);
  }
  canRight(): boolean {
    return this.sp >= 2;
  }

  addArc(h: number, d: number, label: number): void {
    arcEvents = (arcEvents + 1) | 0;
    if (arcEvents === 0) arcEvents = 1;
    this.ver[h] = arcEvents;
    this.head[d] = h;
    this.lab[d] = label + 1;
    const none = this.n + 1;
    const bit = label & 63;
    if (d < h) {
      const c1 = this.lc1[h];
      if (c1 === none || d < c1) {
        this.lc2[h] = c1;
        this.lc1[h] = d;
      } else if (this.lc2[h] === none || d < this.lc2[h]) this.lc2[h] = d;
      this.nl[h]++;
      if (bit < 32) this.lsetLo[h] |= 1 << bit;
      else this.lsetHi[h] |= 1 << (bit - 32);
    } else {
      const c1 = this.rc1[h];
      if (c1 === none || d > c1) {
        this.rc2[h] = c1;
        this.rc1[h] = d;
      } else if (this.rc2[h] === none || d > this.rc2[h]) this.rc2[h] = d;
      this.nr[h]++;
      if (bit < 32) this.rsetLo[h] |= 1 << bit;
      else this.rsetHi[h] |= 1 << (bit - 32);
    }
  }

  apply(action: number, label: number): void {
    if (action === SHIFT) {
      this.stack[this.sp++] = this.b++;
    } else if (action === LEFT) {
      const s0 = this.stack[--this.sp];
      this.addArc(this.b, s0, label);
    } else {
      const s0 = this.stack[--this.sp];
      this.addArc(this.stack[this.sp - 1], s0, label);
    }
  }

  /** Configuration features for the transition model. */
  transitionFeatures(fb: FeatureBuffer): void {
    if (fb.keys.length < 160) fb.keys = new Int32Array(160);
    const k = fb.keys;
    const none = this.n + 1;
    const sp = this.sp;
    const s0 = sp > 0 ? this.stack[sp - 1] : none;
    const s1 = sp > 1 ? this.stack[sp - 2] : none;
    // the same parts beam decoding scores and caches separately (per token, per pair, per subtree state)
    let i = 0;
    for (let role = 0; role < 4; role++) i += this.tokenTransitionFeatures(role, role === 0 ? this.b : sp >= role ? this.stack[sp - role] : none, k, i);
    i += this.pairTransitionFeatures(0, s0, this.b, k, i);
    i += this.pairTransitionFeatures(1, s1, s0, k, i);
    for (let role = 0; role < 3; role++) i += this.stateTransitionFeatures(role, role === 0 ? this.b : role === 1 ? s0 : s1, k, i);
    i += this.restTransitionFeatures(k, i);
    fb.n = i;
  }

  /**
   * The transition features about one token alone (role 0: b0 with b1, b2, and the bias; 1: s0; 2: s1; 3: s2),
   * written into `k` from `at`; returns how many. `transitionFeatures` is this plus the pair, state and rest
   * parts, so decoding can score these once per token and role of a sentence.
   */
  tokenTransitionFeatures(role: number, t: number, k: Int32Array, at = 0): number {
    const none = this.n + 1;
    const { W, P, WP, S, A, C6, CF } = this;
    let i = at;
    if (role === 0) {
      const b0 = t;
      const b1 = b0 + 1 <= this.n ? b0 + 1 : none;
      const b2 = b0 + 2 <= this.n ? b0 + 2 : none;
      const b0w = W[b0], b0p = P[b0], b0wp = WP[b0];
      const b1w = W[b1], b1p = P[b1];
      const b2p = P[b2];
      k[i++] = f1(1, 0);
      k[i++] = f1(5, b0w);
      k[i++] = f1(6, b0p);
      k[i++] = f1(7, b0wp);
      k[i++] = f1(8, b1w);
      k[i++] = f1(9, b1p);
      k[i++] = f1(10, WP[b1]);
      k[i++] = f1(11, W[b2]);
      k[i++] = f1(12, b2p);
      k[i++] = f2(27, b0p, b1p);
      k[i++] = f2(34, b0w, b1w);
      k[i++] = f3(40, b0p, b1p, b2p);
      k[i++] = f1(131, A[b0]);
      k[i++] = f1(132, A[b1]);
      k[i++] = f1(141, C6[b0]);
      k[i++] = f1(142, C6[b1]);
      k[i++] = f1(145, CF[b0]);
    } else if (role === 1) {
      const s0 = t;
      const s0w = W[s0], s0p = P[s0], s0wp = WP[s0];
      k[i++] = f1(2, s0w);
      k[i++] = f1(3, s0p);
      k[i++] = f1(4, s0wp);
      k[i++] = f2(125, S[s0], s0p);
      k[i++] = f1(130, A[s0]);
      k[i++] = f1(140, C6[s0]);
      k[i++] = f1(144, CF[s0]);
    } else if (role === 2) {
      const s1 = t;
      const s1w = W[s1], s1p = P[s1], s1wp = WP[s1];
      k[i++] = f1(13, s1w);
      k[i++] = f1(14, s1p);
      k[i++] = f1(15, s1wp);
      k[i++] = f1(133, A[s1]);
      k[i++] = f1(143, C6[s1]);
    } else {
      const s2 = t;
      const s2p = P[s2];
      k[i++] = f1(16, s2p);
      k[i++] = f1(17, W[s2]);
    }
    return i - at;
  }

  /**
   * The transition features about a pair of positions alone (pair 0: s0 = `a`, b0 = `b`, with b1; pair 1:
   * s1 = `a`, s0 = `b`), into `k`; returns how many. Like `tokenTransitionFeatures`, scored once per pair.
   */
  pairTransitionFeatures(pair: number, a: number, b: number, k: Int32Array, at = 0): number {
    const none = this.n + 1;
    const { W, P, U, WP, A, C4, C6, CF } = this;
    let i = at;
    if (pair === 0) {
      const s0 = a;
      const b0 = b;
      const b1 = b0 + 1 <= this.n ? b0 + 1 : none;
      const s0w = W[s0], s0p = P[s0], s0wp = WP[s0];
      const b0w = W[b0], b0p = P[b0], b0wp = WP[b0];
      const b1p = P[b1];
      const d0 = s0 === none ? 0 : distBucket(b0 - s0);
      k[i++] = f2(20, s0wp, b0wp);
      k[i++] = f2(21, s0wp, b0w);
      k[i++] = f2(22, s0w, b0wp);
      k[i++] = f2(23, s0wp, b0p);
      k[i++] = f2(24, s0p, b0wp);
      k[i++] = f2(25, s0w, b0w);
      k[i++] = f2(26, s0p, b0p);
      k[i++] = f3(41, s0p, b0p, b1p);
      k[i++] = f2(55, s0w, d0);
      k[i++] = f2(56, s0p, d0);
      k[i++] = f2(57, b0w, d0);
      k[i++] = f2(58, b0p, d0);
      k[i++] = f3(59, s0w, b0w, d0);
      k[i++] = f3(60, s0p, b0p, d0);
      k[i++] = f2(120, U[s0], U[b0]);
      k[i++] = f3(123, U[s0], U[b0], U[b1]);
      k[i++] = f2(134, A[s0], A[b0]);
      k[i++] = f2(135, A[s0], b0p);
      k[i++] = f2(136, s0p, A[b0]);
      k[i++] = f2(146, C4[s0], C4[b0]);
      k[i++] = f2(147, C6[s0], C6[b0]);
      k[i++] = f3(149, C4[s0], C4[b0], C4[b1]);
      k[i++] = f2(151, CF[s0], b0p);
      k[i++] = f2(152, s0p, CF[b0]);
    } else {
      const s1 = a;
      const s0 = b;
      const s0w = W[s0], s0p = P[s0], s0wp = WP[s0];
      const s1w = W[s1], s1p = P[s1], s1wp = WP[s1];
      const d1 = s1 === none ? 0 : distBucket(s0 - s1);
      k[i++] = f2(28, s1p, s0p);
      k[i++] = f2(29, s1w, s0w);
      k[i++] = f2(30, s1wp, s0p);
      k[i++] = f2(31, s1p, s0wp);
      k[i++] = f2(35, s1wp, s0wp);
      k[i++] = f3(61, s1p, s0p, d1);
      k[i++] = f3(62, s1w, s0w, d1);
      k[i++] = f2(121, U[s1], U[s0]);
      k[i++] = f2(137, A[s1], A[s0]);
      k[i++] = f2(148, C4[s1], C4[s0]);
      k[i++] = f2(153, C6[s1], C6[s0]);
    }
    return i - at;
  }

  /**
   * The transition features about one token and its subtree so far (role 0: b0, 1: s0, 2: s1), into `k`;
   * returns how many. They depend on `t` and the children it has, so decoding scores them once per `ver[t]`.
   */
  stateTransitionFeatures(role: number, t: number, k: Int32Array, at = 0): number {
    const { W, P, lab, lc1, lc2, rc1, rc2, nl, nr } = this;
    let i = at;
    if (role === 0) {
      const b0 = t;
      const b0w = W[b0], b0p = P[b0];
      const b0l = lc1[b0], b0l2 = lc2[b0];
      k[i++] = f2(69, b0w, nl[b0]);
      k[i++] = f2(70, b0p, nl[b0]);
      k[i++] = f1(81, W[b0l]);
      k[i++] = f1(82, P[b0l]);
      k[i++] = f1(83, lab[b0l]);
      k[i++] = f1(101, W[b0l2]);
      k[i++] = f1(102, P[b0l2]);
      k[i++] = f1(103, lab[b0l2]);
      k[i++] = f3(106, b0p, P[b0l], P[b0l2]);
      k[i++] = f3(114, b0w, this.lsetLo[b0], this.lsetHi[b0]);
      k[i++] = f3(115, b0p, this.lsetLo[b0], this.lsetHi[b0]);
    } else if (role === 1) {
      const s0 = t;
      const s0w = W[s0], s0p = P[s0];
      const s0l = lc1[s0], s0r = rc1[s0], s0l2 = lc2[s0], s0r2 = rc2[s0];
      k[i++] = f2(65, s0w, nr[s0]);
      k[i++] = f2(66, s0p, nr[s0]);
      k[i++] = f2(67, s0w, nl[s0]);
      k[i++] = f2(68, s0p, nl[s0]);
      k[i++] = f1(75, W[s0l]);
      k[i++] = f1(76, P[s0l]);
      k[i++] = f1(77, lab[s0l]);
      k[i++] = f1(78, W[s0r]);
      k[i++] = f1(79, P[s0r]);
      k[i++] = f1(80, lab[s0r]);
      k[i++] = f3(89, s0p, lab[s0l], lab[s0r]);
      k[i++] = f1(95, W[s0l2]);
      k[i++] = f1(96, P[s0l2]);
      k[i++] = f1(97, lab[s0l2]);
      k[i++] = f1(98, W[s0r2]);
      k[i++] = f1(99, P[s0r2]);
      k[i++] = f1(100, lab[s0r2]);
      k[i++] = f3(104, s0p, P[s0l], P[s0l2]);
      k[i++] = f3(105, s0p, P[s0r], P[s0r2]);
      k[i++] = f3(110, s0w, this.rsetLo[s0], this.rsetHi[s0]);
      k[i++] = f3(111, s0p, this.rsetLo[s0], this.rsetHi[s0]);
      k[i++] = f3(112, s0w, this.lsetLo[s0], this.lsetHi[s0]);
      k[i++] = f3(113, s0p, this.lsetLo[s0], this.lsetHi[s0]);
    } else {
      const s1 = t;
      const s1p = P[s1];
      const s1l = lc1[s1], s1r = rc1[s1], s1r2 = rc2[s1];
      k[i++] = f2(71, s1p, nr[s1]);
      k[i++] = f2(72, s1p, nl[s1]);
      k[i++] = f1(84, P[s1l]);
      k[i++] = f1(85, lab[s1l]);
      k[i++] = f1(86, W[s1r]);
      k[i++] = f1(87, P[s1r]);
      k[i++] = f1(88, lab[s1r]);
      k[i++] = f3(107, s1p, P[s1r], P[s1r2]);
      k[i++] = f3(116, s1p, this.rsetLo[s1], this.rsetHi[s1]);
      k[i++] = f3(117, s1p, this.lsetLo[s1], this.lsetHi[s1]);
    }
    return i - at;
  }

  /**
   * The transition features that combine several positions beyond the cached pairs (the rest of
   * `transitionFeatures`), into `k` from `at`; returns how many.
   */
  restTransitionFeatures(k: Int32Array, at = 0): number {
    const none = this.n + 1;
    const { W, P, U, S, C4, lab, lc1, rc1 } = this;
    const sp = this.sp;
    const s0 = sp > 0 ? this.stack[sp - 1] : none;
    const s1 = sp > 1 ? this.stack[sp - 2] : none;
    const s2 = sp > 2 ? this.stack[sp - 3] : none;
    const b0 = this.b;
    const s0p = P[s0];
    const s1w = W[s1], s1p = P[s1];
    const b0w = W[b0], b0p = P[b0];
    const s2p = P[s2];
    const s0l = lc1[s0], s0r = rc1[s0];
    const s1l = lc1[s1], s1r = rc1[s1];
    const b0l = lc1[b0];
    const d0 = s0 === none ? 0 : distBucket(b0 - s0);
    const d1 = s1 === none ? 0 : distBucket(s0 - s1);
    let i = at;
    k[i++] = f2(32, s1p, b0p);
    k[i++] = f2(33, s1w, b0w);
    k[i++] = f3(42, s1p, s0p, b0p);
    k[i++] = f3(43, s2p, s1p, s0p);
    k[i++] = f3(44, s0p, P[s0l], b0p);
    k[i++] = f3(45, s0p, P[s0r], b0p);
    k[i++] = f3(46, s0p, b0p, P[b0l]);
    k[i++] = f3(47, s1p, P[s1r], s0p);
    k[i++] = f3(48, s1p, s0p, P[s0l]);
    k[i++] = f3(49, s1p, s0p, P[s0r]);
    k[i++] = f3(50, s1p, P[s1l], s0p);
    k[i++] = f3(51, s2p, s1p, b0p);
    k[i++] = f4(63, s1p, s0p, b0p, d0 * 8 + d1);
    k[i++] = f3(90, s1p, lab[s1r], s0p);
    k[i++] = f3(91, b0p, lab[b0l], s0p);
    k[i++] = f3(122, U[s1], U[s0], U[b0]);
    k[i++] = f2(124, S[b0], b0p);
    k[i++] = f3(150, C4[s1], C4[s0], C4[b0]);
    return i - at;
  }

  /**
   * Features of the candidate arc h → d (dir 0: LEFT, h = b0; dir 1: RIGHT, h = s1), for the label model.
   * `x` is the next token after the arc's span (b1 for LEFT, b0 for RIGHT).
   */
  labelFeatures(fb: FeatureBuffer, dir: number): void {
    if (fb.keys.length < 96) fb.keys = new Int32Array(96);
    const k = fb.keys;
    const none = this.n + 1;
    const { W, P, U, WP, S, A, C4, C6, CF, lab, lc1, rc1, nl, nr } = this;
    const sp = this.sp;
    const d = this.stack[sp - 1];
    let h: number;
    let x: number;
    if (dir === 0) {
      h = this.b;
      x = h + 1 <= this.n ? h + 1 : none;
    } else {
      h = this.stack[sp - 2];
      x = this.b;
    }
    const base = dir === 0 ? 200 : 300;
    const hw = W[h], hp = P[h], dw = W[d], dp = P[d], hu = U[h], du = U[d];
    const dist = distBucket(h > d ? h - d : d - h);
    const dm1 = d > 0 ? d - 1 : none;
    const dp1 = d + 1;
    const hm1 = h > 0 ? h - 1 : none;
    const hp1 = h + 1 <= this.n ? h + 1 : none;
    let i = 0;
    k[i++] = f1(base + 1, 0);
    k[i++] = f1(base + 2, hw);
    k[i++] = f1(base + 3, hp);
    k[i++] = f1(base + 4, WP[h]);
    k[i++] = f1(base + 5, dw);
    k[i++] = f1(base + 6, dp);
    k[i++] = f1(base + 7, WP[d]);
    k[i++] = f2(base + 8, hw, dw);
    k[i++] = f2(base + 9, hp, dp);
    k[i++] = f2(base + 10, hw, dp);
    k[i++] = f2(base + 11, hp, dw);
    k[i++] = f2(base + 12, hu, du);
    k[i++] = f3(base + 13, hp, dp, dist);
    k[i++] = f3(base + 14, hu, du, dist);
    k[i++] = f2(base + 15, dp, lab[lc1[d]]);
    k[i++] = f2(base + 16, dp, lab[rc1[d]]);
    k[i++] = f2(base + 17, dp, P[lc1[d]]);
    k[i++] = f2(base + 18, dp, P[rc1[d]]);
    k[i++] = f3(base + 19, dp, this.lsetLo[d], this.lsetHi[d]);
    k[i++] = f3(base + 20, dp, this.rsetLo[d], this.rsetHi[d]);
    k[i++] = f3(base + 21, dp, nl[d], nr[d]);
    k[i++] = f3(base + 22, hp, dp, lab[lc1[h]]);
    k[i++] = f3(base + 23, hp, dp, lab[rc1[h]]);
    k[i++] = f3(base + 24, dp, P[dm1], P[dp1]);
    k[i++] = f3(base + 25, hp, P[hm1], P[hp1]);
    k[i++] = f2(base + 26, dw, W[dp1]);
    k[i++] = f3(base + 27, hp, dp, P[x]);
    k[i++] = f3(base + 28, hu, du, U[x]);
    k[i++] = f2(base + 29, dw, hu);
    k[i++] = f2(base + 30, hw, du);
    k[i++] = f2(base + 31, S[d], hp);
    k[i++] = f4(base + 32, dp, lab[lc1[d]], lab[rc1[d]], hp);
    k[i++] = f2(base + 33, W[dm1], dp);
    k[i++] = f3(base + 34, WP[d], hp, dist);
    // ambiguity classes and clusters of both ends
    k[i++] = f1(base + 40, A[d]);
    k[i++] = f1(base + 41, A[h]);
    k[i++] = f2(base + 42, A[d], hp);
    k[i++] = f2(base + 43, dp, A[h]);
    k[i++] = f1(base + 44, C6[d]);
    k[i++] = f1(base + 45, C6[h]);
    k[i++] = f2(base + 46, C4[h], C4[d]);
    k[i++] = f2(base + 47, C6[h], C6[d]);
    k[i++] = f2(base + 48, CF[d], hp);
    k[i++] = f2(base + 49, CF[h], dp);
    k[i++] = f1(base + 50, CF[d]);
    // what the head and the dependent already govern (a second subject, a relative pronoun, a marker word)
    k[i++] = f3(base + 60, hp, this.lsetLo[h], this.lsetHi[h]);
    k[i++] = f3(base + 61, hp, this.rsetLo[h], this.rsetHi[h]);
    k[i++] = f2(base + 62, dp, W[lc1[d]]);
    k[i++] = f3(base + 63, dp, W[lc1[d]], lab[lc1[d]]);
    k[i++] = f3(base + 64, dw, this.lsetLo[d], this.lsetHi[d]);
    fb.n = i;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Scoring of one configuration: the transition first, then the label of the arc it makes

type FeatureFilter = ((fb: FeatureBuffer) => void) | null;

class Scoring {
  readonly fbT = new FeatureBuffer(160);
  readonly fbL = new FeatureBuffer(96);
  readonly scoresT = new Float64Array(3);
  readonly scoresL: Float64Array;
  private readonly labelInts: Int32Array;
  shiftOk = false;
  leftOk = false;
  rightOk = false;
  /** LEFT is onto ROOT: its label is forced to root. */
  leftRoot = false;
  readonly nLabels: number;
  readonly rootLabel: number;

  constructor(nLabels: number, rootLabel: number) {
    this.nLabels = nLabels;
    this.rootLabel = rootLabel;
    this.scoresL = new Float64Array(nLabels);
    this.labelInts = new Int32Array(nLabels);
  }

  /** Computes which transitions are valid; returns how many. */
  validity(m: Machine): number {
    this.shiftOk = m.canShift();
    this.leftOk = m.canLeft();
    this.rightOk = m.canRight();
    this.leftRoot = this.leftOk && m.b === m.n;
    return (this.shiftOk ? 1 : 0) + (this.leftOk ? 1 : 0) + (this.rightOk ? 1 : 0);
  }

  /** Transition scores of the configuration into `scoresT` (features left in `fbT`). */
  scoreTransitions(m: Machine, T: Scorer, filter: FeatureFilter): void {
    const st = this.scoresT;
    st[0] = st[1] = st[2] = 0;
    m.transitionFeatures(this.fbT);
    if (filter) filter(this.fbT);
    T.score(this.fbT.keys, this.fbT.n, st);
  }

  /** Best valid transition by `scoresT`. */
  bestAction(): number {
    const st = this.scoresT;
    let a = -1;
    let best = -Infinity;
    if (this.shiftOk) {
      a = SHIFT;
      best = st[SHIFT];
    }
    if (this.leftOk && st[LEFT] > best) {
      a = LEFT;
      best = st[LEFT];
    }
    if (this.rightOk && st[RIGHT] > best) a = RIGHT;
    return a;
  }

  /**
   * `bestLabel(m, Lab, dir, null)` by integer sums, without `scoresL`: the same label, since the highest sum is
   * compared with the others exactly; when two labels tie on it, the float scores decide as in `bestLabel`.
   */
  bestLabelInts(m: Machine, Lab: FrozenModel, dir: number): number {
    const acc = this.labelInts;
    acc.fill(0);
    m.labelFeatures(this.fbL, dir);
    Lab.scoreSparseInts(this.fbL.keys, this.fbL.n, acc);
    let best = -1;
    let bestScore = 0;
    let tie = false;
    const root = this.rootLabel;
    for (let l = 0; l < this.nLabels; l++) {
      if (l === root) continue;
      const v = acc[l];
      if (best < 0 || v > bestScore) {
        bestScore = v;
        best = l;
        tie = false;
      } else if (v === bestScore) tie = true;
    }
    if (!tie) return best;
    const sl = this.scoresL;
    sl.fill(0);
    Lab.score(this.fbL.keys, this.fbL.n, sl);
    best = -1;
    let bestF = -Infinity;
    for (let l = 0; l < this.nLabels; l++) {
      if (l !== root && sl[l] > bestF) {
        bestF = sl[l];
        best = l;
      }
    }
    return best;
  }

  /** Best non-root label of the arc made by LEFT (dir 0) or RIGHT (dir 1); features left in `fbL`. */
  bestLabel(m: Machine, Lab: Scorer, dir: number, filter: FeatureFilter): number {
    const sl = this.scoresL;
    sl.fill(0);
    m.labelFeatures(this.fbL, dir);
    if (filter) filter(this.fbL);
    Lab.score(this.fbL.keys, this.fbL.n, sl);
    let best = -1;
    let bestScore = -Infinity;
    for (let l = 0; l < this.nLabels; l++) {
      if (l !== this.rootLabel && sl[l] > bestScore) {
        bestScore = sl[l];
        best = l;
      }
    }
    return best;
  }
}


// ---------------------------------------------------------------------------------------------------------
// Beam search: the transition sequence is scored as a whole (sum of transition scores); the label of each
// surviving arc is chosen as in greedy parsing, by the label model on the configuration that makes it.

/** Feature keys remembered for a max-violation update. */
class KeyPool {
  keys = new Int32Array(1 << 16);
  n = 0;
  push(fb: FeatureBuffer): number {
    const at = this.n;
    if (at + fb.n > this.keys.length) {
      const k = new Int32Array(Math.max(this.keys.length * 2, at + fb.n));
      k.set(this.keys.subarray(0, at));
      this.keys = k;
    }
    this.keys.set(fb.keys.subarray(0, fb.n), at);
    this.n += fb.n;
    return at;
  }
}

/** Gold transitions for training: the static oracle on a projective tree. */
interface BeamGold {
  gh: Int32Array;
  gl: Int32Array;
}

class BeamSearch {
  readonly width: number;
  private cur: Machine[] = [];
  private nxt: Machine[] = [];
  private size = 0;
  private score: Float64Array;
  private nextScore: Float64Array;
  private isGold: Uint8Array;
  private nextGold: Uint8Array;
  private candItem: Int32Array;
  private candAct: Int32Array;
  private candScore: Float64Array;
  private candFeat: Int32Array; // offset of the source item's keys in the pool (training), -1 when forced
  private candFeatN: Int32Array;
  private itemFeat: Int32Array;
  private itemFeatN: Int32Array;
  // training history: for step t and beam slot j, the parent slot, action and features of the transition
  private histParent = new Int32Array(0);
  private histAct = new Int32Array(0);
  private histFeat = new Int32Array(0);
  private histFeatN = new Int32Array(0);
  private readonly pool = new KeyPool();
  private readonly gm = new Machine();
  private readonly cost = new Int32Array(3);
  private readonly mover: Int32Array;

  /** Decoding drops sequences scoring more than this below the best one (Infinity: a fixed-width beam). */
  margin: number;

  constructor(width: number, margin = Infinity) {
    this.margin = margin;
    this.mover = new Int32Array(width);
    this.width = width;
    for (let i = 0; i < width; i++) {
      this.cur.push(new Machine());
      this.nxt.push(new Machine());
    }
    this.score = new Float64Array(width);
    this.nextScore = new Float64Array(width);
    this.isGold = new Uint8Array(width);
    this.nextGold = new Uint8Array(width);
    this.candItem = new Int32Array(3 * width);
    this.candAct = new Int32Array(3 * width);
    this.candScore = new Float64Array(3 * width);
    this.candFeat = new Int32Array(3 * width);
    this.candFeatN = new Int32Array(3 * width);
    this.itemFeat = new Int32Array(width);
    this.itemFeatN = new Int32Array(width);
  }

  /**
   * Parses the sentence whose tokens are filled in `m`; leaves the best tree in `m`. With `gold` and trainers,
   * makes a max-violation perceptron update of `T` (Huang et al. 2012) and trains `Lab` on the gold arcs.
   */
  run(
    m: Machine, sc: Scoring, T: Scorer, Lab: Scorer, filter: FeatureFilter,
    gold?: BeamGold, Ttrain?: PerceptronTrainer, Ltrain?: PerceptronTrainer,
  ): { updated: boolean; labelErrors: number; arcs: number } {
    const n = m.n;
    const W = this.width;
    const train = gold !== undefined && Ttrain !== undefined && Ltrain !== undefined;
    for (let i = 0; i < W; i++) {
      for (const x of [this.cur[i], this.nxt[i]]) {
        x.ensure(n);
        x.shareTokens(m);
      }
    }
    for (let i = 0; i < W; i++) {
      this.cur[i].reset(n);
      this.nxt[i].reset(n);
    }
    this.labelCache.clear();
    this.size = 1;
    this.score[0] = 0;
    this.isGold[0] = 1;
    const steps = 2 * n;
    const gm = this.gm;
    let goldScore = 0;
    let maxViolation = -Infinity;
    let violationStep = -1;
    let labelErrors = 0;
    let arcs = 0;
    const history = train || this.recordActions;
    this.steps = steps;
    if (history && this.histParent.length < steps * W) {
      const len = steps * W * 2;
      this.histParent = new Int32Array(len);
      this.histAct = new Int32Array(len);
      this.histFeat = new Int32Array(len);
      this.histFeatN = new Int32Array(len);
    }
    if (train) {
      gm.ensure(n);
      gm.shareTokens(m);
      gm.reset(n);
      this.pool.n = 0;
    }
    const st = sc.scoresT;
    // decoding with a 3-class frozen model: the features about one token or pair alone are scored once per sentence
    const fast = !train && filter === null && T instanceof FrozenModel && T.nClasses === 3 ? T : null;
    if (fast !== null) this.resetTokenScores(n);
    for (let t = 0; t < steps; t++) {
      // expand every item
      let nc = 0;
      for (let i = 0; i < this.size; i++) {
        const x = this.cur[i];
        const nValid = sc.validity(x);
        const base = this.score[i];
        if (nValid === 1 && !sc.rightOk) {
          this.candItem[nc] = i;
          this.candAct[nc] = sc.shiftOk ? SHIFT : LEFT;
          this.candScore[nc] = base;
          this.candFeat[nc] = -1;
          this.candFeatN[nc] = 0;
          nc++;
          continue;
        }
        let off = -1;
        let fn = 0;
        if (fast !== null) this.fastTransitionScores(x, fast, st);
        else {
          sc.scoreTransitions(x, T, filter);
          if (train) off = this.pool.push(sc.fbT);
          fn = sc.fbT.n;
        }
        for (let a = 0; a < 3; a++) {
          if (a === SHIFT ? !sc.shiftOk : a === LEFT ? !sc.leftOk : !sc.rightOk) continue;
          this.candItem[nc] = i;
          this.candAct[nc] = a;
          this.candScore[nc] = base + st[a];
          this.candFeat[nc] = off;
          this.candFeatN[nc] = fn;
          nc++;
        }
      }
      // gold transition of this step (training)
      let ga = -1;
      let gOff = -1;
      let gN = 0;
      if (train) {
        const nValid = sc.validity(gm);
        ga = staticOracle(gm, gold.gh, sc, this.cost);
        if (!(nValid === 1 && !sc.rightOk)) {
          sc.scoreTransitions(gm, T, filter);
          goldScore += st[ga];
          gOff = this.pool.push(sc.fbT);
          gN = sc.fbT.n;
        }
        this.goldStep(t, ga, gOff, gN);
      }
      // keep the best `W` candidates (ties: the earlier candidate)
      let keep = Math.min(W, nc);
      let goldIn = false;
      for (let j = 0; j < keep; j++) {
        let bi = j;
        for (let c = j + 1; c < nc; c++) if (this.candScore[c] > this.candScore[bi]) bi = c;
        if (bi !== j) this.swapCand(j, bi);
      }
      // when decoding, sequences far behind the best are dropped early: most steps have one clear winner
      if (!train) while (keep > 1 && this.candScore[keep - 1] < this.candScore[0] - this.margin) keep--;
      // An item's first surviving successor takes over its machine; any other successor copies it first.
      const mover = this.mover;
      mover.fill(-1);
      for (let j = 0; j < keep; j++) if (mover[this.candItem[j]] < 0) mover[this.candItem[j]] = j;
      for (let j = 0; j < keep; j++) if (mover[this.candItem[j]] !== j) this.nxt[j].copyFrom(this.cur[this.candItem[j]]);
      for (let j = 0; j < keep; j++) {
        const i = this.candItem[j];
        if (mover[i] === j) {
          const x = this.nxt[j];
          this.nxt[j] = this.cur[i];
          this.cur[i] = x;
        }
      }
      for (let j = 0; j < keep; j++) {
        const dst = this.nxt[j];
        const a = this.candAct[j];
        const onGold = train && this.isGold[this.candItem[j]] === 1 && a === ga;
        this.nextGold[j] = onGold ? 1 : 0;
        if (onGold) goldIn = true;
        if (a === SHIFT) dst.apply(SHIFT, 0);
        else if (a === LEFT && dst.b === n) dst.apply(LEFT, sc.rootLabel);
        else {
          const s0 = dst.stack[dst.sp - 1];
          const dir = a === LEFT ? 0 : 1;
          let l: number;
          if (onGold) l = gold.gl[s0];
          else if (train) l = sc.bestLabel(dst, Lab, dir, filter);
          else l = this.cachedLabel(dst, sc, Lab, dir);
          dst.apply(a, l);
        }
        this.nextScore[j] = this.candScore[j];
        if (history) {
          const h = t * W + j;
          this.histParent[h] = this.candItem[j];
          this.histAct[h] = a;
          this.histFeat[h] = this.candFeat[j];
          this.histFeatN[h] = this.candFeatN[j];
        }
      }
      // advance the gold machine, training the label model on its arcs
      if (train) {
        if (ga === SHIFT) gm.apply(SHIFT, 0);
        else if (ga === LEFT && gm.b === n) gm.apply(LEFT, sc.rootLabel);
        else {
          const s0 = gm.stack[gm.sp - 1];
          const pl = sc.bestLabel(gm, Ltrain, ga === LEFT ? 0 : 1, filter);
          Ltrain.tick();
          arcs++;
          if (pl !== gold.gl[s0]) {
            labelErrors++;
            Ltrain.update(sc.fbL.keys, sc.fbL.n, gold.gl[s0], 1);
            Ltrain.update(sc.fbL.keys, sc.fbL.n, pl, -1);
          }
          gm.apply(ga, gold.gl[s0]);
        }
        const last = t === steps - 1;
        if (!goldIn || (last && this.nextGold[0] !== 1)) {
          const v = this.nextScore[0] - goldScore;
          if (v >= maxViolation) {
            maxViolation = v;
            violationStep = t;
          }
        }
      }
      const tmp = this.cur;
      this.cur = this.nxt;
      this.nxt = tmp;
      const ts = this.score;
      this.score = this.nextScore;
      this.nextScore = ts;
      const tg = this.isGold;
      this.isGold = this.nextGold;
      this.nextGold = tg;
      this.size = keep;
    }
    m.reset(n);
    if (steps > 0) m.copyFrom(this.cur[0]);
    if (!train || violationStep < 0) return { updated: false, labelErrors, arcs };
    // max-violation update: the gold prefix up, the best prefix at the step of largest violation down
    const keys = this.pool.keys;
    const upd = (off: number, nk: number, a: number, delta: number): void => {
      if (off < 0) return;
      Ttrain.update(keys.subarray(off, off + nk), nk, a, delta);
    };
    for (let t = 0; t <= violationStep; t++) upd(this.goldFeat[t], this.goldFeatN[t], this.goldAct[t], 1);
    let j = 0;
    for (let t = violationStep; t >= 0; t--) {
      const h = t * W + j;
      upd(this.histFeat[h], this.histFeatN[h], this.histAct[h], -1);
      j = this.histParent[h];
    }
    return { updated: true, labelErrors, arcs };
  }

  /**
   * Label of the arc `dir` in `m`, remembered for the sentence: the items of a beam make the same arcs from
   * the same subtrees over and over, and the label depends only on the arc's ends, what they govern and b0.
   * Keyed by two independent hashes of every value the label features read.
   */
  private cachedLabel(m: Machine, sc: Scoring, Lab: Scorer, dir: number): number {
    const d = m.stack[m.sp - 1];
    const h = dir === 0 ? m.b : m.stack[m.sp - 2];
    const { lab, lc1, rc1, nl, nr, lsetLo, lsetHi, rsetLo, rsetHi } = m;
    const vals = this.labelKeyVals;
    vals[0] = h; vals[1] = d * 2 + dir; vals[2] = lc1[d]; vals[3] = rc1[d]; vals[4] = lab[lc1[d]]; vals[5] = lab[rc1[d]];
    vals[6] = lsetLo[d]; vals[7] = lsetHi[d]; vals[8] = rsetLo[d]; vals[9] = rsetHi[d]; vals[10] = nl[d] * 1024 + nr[d];
    vals[11] = lc1[h]; vals[12] = rc1[h]; vals[13] = lab[lc1[h]]; vals[14] = lab[rc1[h]];
    vals[15] = lsetLo[h]; vals[16] = lsetHi[h]; vals[17] = rsetLo[h]; vals[18] = rsetHi[h]; vals[19] = m.b;
    let k1 = 0x2545f491;
    let k2 = 0x6a09e667;
    for (let i = 0; i < 20; i++) {
      k1 = mix(k1, vals[i]);
      k2 = mix(k2, vals[i] ^ 0x5bd1e995);
    }
    k1 = finish(k1);
    const check = finish(k2) >>> 0;
    const hit = this.labelCache.get(k1);
    if (hit !== undefined && Math.floor(hit / 256) === check) return hit % 256;
    const l = Lab instanceof FrozenModel && Lab.nClasses > 3 ? sc.bestLabelInts(m, Lab, dir) : sc.bestLabel(m, Lab, dir, null);
    this.labelCache.set(k1, check * 256 + l);
    return l;
  }
  private readonly labelKeyVals = new Int32Array(20);

  // Integer transition-score sums of `tokenTransitionFeatures` for (role, token) at [(role * tokCap + token) * 3],
  // valid for the current sentence where `tokGenOf` holds `tokGen`.
  private tokCap = 0;
  private tokSum = new Int32Array(0);
  private tokGenOf = new Int32Array(0);
  private tokGen = 0;
  // the same for `pairTransitionFeatures` of (pair, a, b) at [((pair * tokCap + a) * tokCap + b) * 3]
  private pairSum = new Int32Array(0);
  private pairGenOf = new Int32Array(0);
  // the same for `stateTransitionFeatures` of (role, token, version): open addressing on (role * tokCap + token,
  // version), sized for every lookup of a sentence
  private stateMask = 0;
  private stateKey = new Int32Array(0);
  private stateVer = new Int32Array(0);
  private stateSum = new Int32Array(0);
  private stateGenOf = new Int32Array(0);
  private readonly fastKeys = new Int32Array(160);
  private readonly fastInts = new Int32Array(3);

  private resetTokenScores(n: number): void {
    if (n + 2 > this.tokCap) {
      let cap = Math.max(64, this.tokCap);
      while (cap < n + 2) cap *= 2;
      this.tokCap = cap;
      this.tokSum = new Int32Array(4 * cap * 3);
      this.tokGenOf = new Int32Array(4 * cap);
      this.tokGen = 0;
      // pairs by a cap × cap table per pair kind, for sentences up to 254 words (longer ones score them each time)
      const pairs = cap <= 256 ? 2 * cap * cap : 0;
      this.pairSum = new Int32Array(pairs * 3);
      this.pairGenOf = new Int32Array(pairs);
    }
    let scap = 64;
    while (scap < 2 * 3 * (2 * n + 1) * this.width) scap <<= 1;
    if (scap > this.stateGenOf.length) {
      this.stateKey = new Int32Array(scap);
      this.stateVer = new Int32Array(scap);
      this.stateSum = new Int32Array(scap * 3);
      this.stateGenOf = new Int32Array(scap);
      this.stateMask = scap - 1;
      this.stateGenOf.fill(-1);
    }
    if (++this.tokGen === 0x7fffffff) {
      this.tokGenOf.fill(0);
      this.pairGenOf.fill(0);
      this.stateGenOf.fill(0);
      this.tokGen = 1;
    }
  }

  /** `sc.scoreTransitions(x, T, null)` into `st`, exactly: integer sums, the per-token and per-pair parts cached. */
  private fastTransitionScores(x: Machine, T: FrozenModel, st: Float64Array): void {
    const none = x.n + 1;
    const sp = x.sp;
    const stack = x.stack;
    const ints = this.fastInts;
    const keys = this.fastKeys;
    ints[0] = ints[1] = ints[2] = 0;
    const sum = this.tokSum;
    const genOf = this.tokGenOf;
    const gen = this.tokGen;
    const cap = this.tokCap;
    for (let role = 0; role < 4; role++) {
      const tok = role === 0 ? x.b : sp >= role ? stack[sp - role] : none;
      const idx = role * cap + tok;
      if (genOf[idx] !== gen) {
        const before0 = ints[0], before1 = ints[1], before2 = ints[2];
        T.scoreInts(keys, x.tokenTransitionFeatures(role, tok, keys), ints);
        sum[idx * 3] = ints[0] - before0;
        sum[idx * 3 + 1] = ints[1] - before1;
        sum[idx * 3 + 2] = ints[2] - before2;
        genOf[idx] = gen;
      } else {
        ints[0] += sum[idx * 3];
        ints[1] += sum[idx * 3 + 1];
        ints[2] += sum[idx * 3 + 2];
      }
    }
    const s0 = sp > 0 ? stack[sp - 1] : none;
    const s1 = sp > 1 ? stack[sp - 2] : none;
    const psum = this.pairSum;
    const pgenOf = this.pairGenOf;
    for (let pair = 0; pair < 2; pair++) {
      const a = pair === 0 ? s0 : s1;
      const b = pair === 0 ? x.b : s0;
      if (pgenOf.length === 0) {
        T.scoreInts(keys, x.pairTransitionFeatures(pair, a, b, keys), ints);
        continue;
      }
      const idx = (pair * cap + a) * cap + b;
      if (pgenOf[idx] !== gen) {
        const before0 = ints[0], before1 = ints[1], before2 = ints[2];
        T.scoreInts(keys, x.pairTransitionFeatures(pair, a, b, keys), ints);
        psum[idx * 3] = ints[0] - before0;
        psum[idx * 3 + 1] = ints[1] - before1;
        psum[idx * 3 + 2] = ints[2] - before2;
        pgenOf[idx] = gen;
      } else {
        ints[0] += psum[idx * 3];
        ints[1] += psum[idx * 3 + 1];
        ints[2] += psum[idx * 3 + 2];
      }
    }
    const smask = this.stateMask;
    const sKey = this.stateKey;
    const sVer = this.stateVer;
    const ssum = this.stateSum;
    const sgenOf = this.stateGenOf;
    const ver = x.ver;
    for (let role = 0; role < 3; role++) {
      const tok = role === 0 ? x.b : role === 1 ? s0 : s1;
      const rt = role * cap + tok;
      const v = ver[tok];
      let h = Math.imul(rt, 0x9e3779b1) ^ Math.imul(v, 0x85ebca77);
      h ^= h >>> 15;
      let idx = h & smask;
      while (true) {
        if (sgenOf[idx] !== gen) {
          const before0 = ints[0], before1 = ints[1], before2 = ints[2];
          T.scoreInts(keys, x.stateTransitionFeatures(role, tok, keys), ints);
          ssum[idx * 3] = ints[0] - before0;
          ssum[idx * 3 + 1] = ints[1] - before1;
          ssum[idx * 3 + 2] = ints[2] - before2;
          sKey[idx] = rt;
          sVer[idx] = v;
          sgenOf[idx] = gen;
          break;
        }
        if (sKey[idx] === rt && sVer[idx] === v) {
          ints[0] += ssum[idx * 3];
          ints[1] += ssum[idx * 3 + 1];
          ints[2] += ssum[idx * 3 + 2];
          break;
        }
        idx = (idx + 1) & smask;
      }
    }
    T.scoreInts(keys, x.restTransitionFeatures(keys), ints);
    const u = T.unit;
    st[0] = ints[0] * u;
    st[1] = ints[1] * u;
    st[2] = ints[2] * u;
  }
  /** Keep each step's actions when decoding, for `bestActions`. */
  recordActions = false;
  private steps = 0;

  /** The best sequence's transitions of the last `run` (with `recordActions`), into `out`; returns their number. */
  bestActions(out: Int32Array): number {
    const W = this.width;
    let j = 0;
    for (let t = this.steps - 1; t >= 0; t--) {
      const h = t * W + j;
      out[t] = this.histAct[h];
      j = this.histParent[h];
    }
    return this.steps;
  }
  private readonly labelCache = new Map<number, number>();

  private goldAct: Int32Array = new Int32Array(0);
  private goldFeat: Int32Array = new Int32Array(0);
  private goldFeatN: Int32Array = new Int32Array(0);
  private goldStep(t: number, a: number, off: number, nk: number): void {
    if (this.goldAct.length <= t) {
      const len = Math.max(256, (t + 1) * 2);
      const grow = (x: Int32Array): Int32Array => {
        const y = new Int32Array(len);
        y.set(x);
        return y;
      };
      this.goldAct = grow(this.goldAct);
      this.goldFeat = grow(this.goldFeat);
      this.goldFeatN = grow(this.goldFeatN);
    }
    this.goldAct[t] = a;
    this.goldFeat[t] = off;
    this.goldFeatN[t] = nk;
  }

  /** Swaps candidates `a` and `b` (no closure: one was made per call, and under tsx each was also renamed). */
  private swapCand(a: number, b: number): void {
    swapAt(this.candItem, a, b);
    swapAt(this.candAct, a, b);
    swapAt(this.candScore, a, b);
    swapAt(this.candFeat, a, b);
    swapAt(this.candFeatN, a, b);
  }
}

function swapAt(x: Int32Array | Float64Array, a: number, b: number): void {
  const t = x[a];
  x[a] = x[b];
  x[b] = t;
}

/** The static-oracle transition of `m` for the projective gold tree `gh` (validity already computed in `sc`). */
function staticOracle(m: Machine, gh: Int32Array, sc: Scoring, cost: Int32Array): number {
  costs(m, gh, cost);
  const s0 = m.sp > 0 ? m.stack[m.sp - 1] : -1;
  if (sc.leftOk && gh[s0] === m.b) return LEFT;
  if (sc.rightOk && gh[s0] === m.stack[m.sp - 2] && cost[RIGHT] === 0) return RIGHT;
  if (sc.shiftOk) return SHIFT;
  return sc.leftOk ? LEFT : RIGHT;
}

// ---------------------------------------------------------------------------------------------------------
// Token preparation

/** Per-word lexical facts stored in the model, keyed by `hashString(normalizeWord(form))`. */
export interface LexiconArrays {
  keys: Int32Array;
  /** 1 when the word is frequent enough to be a feature value itself. */
  inVocab: Uint8Array;
  /** Ambiguity class: hash of the set of PTB tags the word takes in training (0 = unknown). */
  amb: Int32Array;
  /** Hashes of 4- and 6-bit prefixes and of the full path of the word's hierarchical cluster (0 = none). */
  c4: Int32Array;
  c6: Int32Array;
  cf: Int32Array;
}

const NO_AMB = hashString('<amb?>');
const NO_CLUSTER = hashString('<cluster?>');

class Lexicon {
  readonly arrays: LexiconArrays;
  private map: IntSet;
  private rowOf: Int32Array;
  private tagCache = new Map<string, number>();
  private uCache = new Map<string, number>();
  constructor(arrays: LexiconArrays) {
    this.arrays = arrays;
    this.map = new IntSet(arrays.keys);
    this.rowOf = this.map.rowsFor(arrays.keys);
  }
  tag(x: string): number {
    let h = this.tagCache.get(x);
    if (h === undefined) {
      h = hashString(x, 0x2f6b1a93);
      this.tagCache.set(x, h);
    }
    return h;
  }
  upos(x: string): number {
    let h = this.uCache.get(x);
    if (h === undefined) {
      h = hashString(x, 0x5bd1e995);
      this.uCache.set(x, h);
    }
    return h;
  }
  fill(m: Machine, i: number, form: string, upos: string, xpos: string): void {
    const norm = normalizeWord(form);
    const wh = hashString(norm);
    const slot = this.map.slot(wh);
    const a = this.arrays;
    if (slot >= 0) {
      const r = this.rowOf[slot];
      m.W[i] = a.inVocab[r] ? wh : UNK_W;
      m.A[i] = a.amb[r] || NO_AMB;
      m.C4[i] = a.c4[r] || NO_CLUSTER;
      m.C6[i] = a.c6[r] || NO_CLUSTER;
      m.CF[i] = a.cf[r] || NO_CLUSTER;
    } else {
      m.W[i] = UNK_W;
      m.A[i] = NO_AMB;
      m.C4[i] = NO_CLUSTER;
      m.C6[i] = NO_CLUSTER;
      m.CF[i] = NO_CLUSTER;
    }
    m.S[i] = suffixHash(norm);
    m.P[i] = this.tag(xpos);
    m.U[i] = this.upos(upos);
  }
}

/** Sum of linear models over the same classes: the union of their rows, weights added per (row, class). */
function sumModels(models: readonly LinearModel[]): LinearModel {
  const C = models[0].nClasses;
  const rowOf = new Map<number, number>();
  const keys: number[] = [];
  for (const m of models) {
    for (let r = 0; r < m.keys.length; r++) {
      if (!rowOf.has(m.keys[r])) {
        rowOf.set(m.keys[r], keys.length);
        keys.push(m.keys[r]);
      }
    }
  }
  // sorted keys keep the merged file independent of member order
  const order = keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b]);
  const newRow = new Int32Array(keys.length);
  order.forEach((old, i) => { newRow[old] = i; });
  const dense = new Float64Array(keys.length * C);
  for (const m of models) {
    for (let r = 0; r < m.keys.length; r++) {
      const base = newRow[rowOf.get(m.keys[r])!] * C;
      for (let j = m.ptr[r]; j < m.ptr[r + 1]; j++) dense[base + m.cls[j]] += m.val[j];
    }
  }
  const ptr = new Uint32Array(keys.length + 1);
  const cls: number[] = [];
  const val: number[] = [];
  for (let r = 0; r < keys.length; r++) {
    for (let c = 0; c < C; c++) {
      const v = dense[r * C + c];
      if (v !== 0) {
        cls.push(c);
        val.push(v);
      }
    }
    ptr[r + 1] = cls.length;
  }
  return new LinearModel(C, Int32Array.from(order, (i) => keys[i]), ptr, Uint16Array.from(cls), Float32Array.from(val));
}

/** `m` without the weights below `min` in magnitude; rows left empty are dropped. */
function pruneModel(m: LinearModel, min: number): LinearModel {
  const keys: number[] = [];
  const ptr: number[] = [0];
  const cls: number[] = [];
  const val: number[] = [];
  for (let r = 0; r < m.keys.length; r++) {
    const before = cls.length;
    for (let j = m.ptr[r]; j < m.ptr[r + 1]; j++) {
      if (Math.abs(m.val[j]) >= min) {
        cls.push(m.cls[j]);
        val.push(m.val[j]);
      }
    }
    if (cls.length > before) {
      keys.push(m.keys[r]);
      ptr.push(cls.length);
    }
  }
  return new LinearModel(m.nClasses, Int32Array.from(keys), Uint32Array.from(ptr), Uint16Array.from(cls), Float32Array.from(val));
}

// ---------------------------------------------------------------------------------------------------------
// Public parser

let defaultParser: Parser | undefined;

export class Parser {
  readonly labels: readonly string[];
  private readonly T: LinearModel;
  private readonly Lab: LinearModel;
  private readonly fastT: FrozenModel;
  private readonly fastLab: FrozenModel;
  /** Second-pass labeler over the finished tree (parser-labeler.ts); null in models without one. */
  private readonly Rel: LinearModel | null;
  private readonly fastRel: FrozenModel | null;
  private readonly treeLabeler: TreeLabeler;
  /** Beam search decoder (model meta `beam` > 1), or null for greedy parsing. */
  private readonly beamSearch: BeamSearch | null;
  /** Weight of the transition-time label scores added to the second-pass labeler's (model meta `relMix`). */
  relMix: number;
  /** Transition-time label scores of each word's arc (n × labels), kept for the second pass. */
  private prior = new Float64Array(0);
  private actions = new Int32Array(0);
  private readonly replay = new Machine();
  private readonly lexicon: Lexicon;
  private readonly rootLabel: number;
  private readonly machine = new Machine();
  private readonly scoring: Scoring;
  readonly meta: Record<string, unknown>;

  constructor(
    labels: readonly string[], T: LinearModel, Lab: LinearModel, lexicon: LexiconArrays, meta: Record<string, unknown> = {},
    Rel: LinearModel | null = null,
  ) {
    this.labels = labels;
    this.T = T;
    this.Lab = Lab;
    this.fastT = new FrozenModel(T);
    this.fastLab = new FrozenModel(Lab);
    this.Rel = Rel;
    this.fastRel = Rel ? new FrozenModel(Rel) : null;
    this.lexicon = new Lexicon(lexicon);
    this.rootLabel = labels.indexOf('root');
    if (this.rootLabel < 0) throw new Error('parser model has no root label');
    this.scoring = new Scoring(labels.length, this.rootLabel);
    this.treeLabeler = new TreeLabeler(labels.length, this.rootLabel);
    this.meta = meta;
    this.relMix = typeof meta.relMix === 'number' ? meta.relMix : 0;
    const beam = typeof meta.beam === 'number' ? meta.beam : 1;
    const margin = typeof meta.beamMargin === 'number' ? meta.beamMargin : Infinity;
    this.beamSearch = beam > 1 ? new BeamSearch(beam, margin) : null;
  }

  /** This parser with `Rel` as its second-pass labeler (null: labels from the transition-time model only). */
  withLabeler(Rel: LinearModel | null, relMix = this.relMix): Parser {
    return new Parser(this.labels, this.T, this.Lab, this.lexicon.arrays, { ...this.meta, relMix }, Rel);
  }

  /**
   * This parser with the transition weights below `min` in magnitude dropped. Merged ensembles carry many small
   * weights; on EWT dev dropping those below 4 (of 335 at most) cut the rows from 919k to 533k, left UAS/LAS as
   * they were (±0.1) and made beam decoding ~15% faster (fewer cache misses).
   */
  prunedTransitions(min: number): Parser {
    const T = pruneModel(this.T, min);
    return new Parser(this.labels, T, this.Lab, this.lexicon.arrays, { ...this.meta, prunedTransitions: min }, this.Rel);
  }

  /** This parser with `meta` added to its metadata (e.g. the decoder's `beam` and `beamMargin`). */
  withMeta(meta: Record<string, unknown>): Parser {
    return new Parser(this.labels, this.T, this.Lab, this.lexicon.arrays, { ...this.meta, ...meta }, this.Rel);
  }

  get labeler(): LinearModel | null {
    return this.Rel;
  }

  /**
   * Trains the second-pass labeler on gold trees (non-projective ones as they are), tagged with `tags`.
   * `onEpoch` receives this parser with the averaged labeler after each epoch.
   */
  trainLabeler(
    sentences: ConlluSentence[], tags: { upos: string[]; xpos: string[] }[] | undefined,
    opts: {
      epochs?: number; seed?: number; minWeight?: number; log?: (msg: string) => void; onEpoch?: (epoch: number, p: Parser) => void;
      /** Trees to label in training (CoNLL-U heads, 0 = root), e.g. jackknifed parses; default the gold trees. */
      heads?: readonly (readonly number[])[];
    },
  ): void {
    const epochs = opts.epochs ?? 10;
    const random = seededRandom(opts.seed ?? 7);
    const labelIndex = new Map(this.labels.map((l, i) => [l, i]));
    const trainer = new PerceptronTrainer(this.labels.length);
    const m = this.machine;
    const order = sentences.map((_, i) => i);
    let goldBuf = new Int32Array(0);
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, random);
      let errors = 0;
      let arcs = 0;
      for (const si of order) {
        const s = sentences[si];
        const n = s.words.length;
        if (s.words.filter((w) => w.head === 0).length !== 1) continue;
        m.ensure(n);
        const upos = tags ? tags[si].upos : s.words.map((w) => w.upos);
        const xpos = tags ? tags[si].xpos : s.words.map((w) => w.xpos);
        for (let i = 0; i < n; i++) this.lexicon.fill(m, i, s.words[i].form, upos[i], xpos[i]);
        m.reset(n);
        if (goldBuf.length < n) goldBuf = new Int32Array(n * 2);
        for (let i = 0; i < n; i++) {
          const w = s.words[i];
          const head = opts.heads ? opts.heads[si][i] : w.head;
          m.head[i] = head === 0 ? n : head - 1;
          goldBuf[i] = labelIndex.get(w.deprel) ?? 0;
        }
        errors += this.treeLabeler.run(m, trainer, goldBuf, trainer);
        arcs += n;
      }
      opts.log?.(`labeler: epoch ${epoch + 1}/${epochs}: label errors ${((100 * errors) / arcs).toFixed(2)}%, ${trainer.features} rows`);
      opts.onEpoch?.(epoch + 1, this.withLabeler(trainer.finalize(opts.minWeight ?? 1)));
    }
  }

  static load(path = modelPath('parser.bin.gz')): Parser {
    const file = loadModel(path);
    const meta = file.meta;
    if (meta.kind !== 'parser' || meta.featureVersion !== FEATURE_VERSION) {
      throw new Error(`${path}: not a parser model of feature version ${FEATURE_VERSION}; run npm run train:parser`);
    }
    const T = LinearModel.fromArrays('T', file.arrays, meta);
    const Lab = LinearModel.fromArrays('L', file.arrays, meta);
    const Rel = file.arrays['R.keys'] ? LinearModel.fromArrays('R', file.arrays, meta) : null;
    const a = file.arrays;
    const lexicon: LexiconArrays = {
      keys: a['lex.keys'] as Int32Array,
      inVocab: a['lex.inVocab'] as Uint8Array,
      amb: a['lex.amb'] as Int32Array,
      c4: a['lex.c4'] as Int32Array,
      c6: a['lex.c6'] as Int32Array,
      cf: a['lex.cf'] as Int32Array,
    };
    return new Parser(meta.labels as string[], T, Lab, lexicon, meta, Rel);
  }

  /** The shipped model, loaded once. */
  static default(): Parser {
    defaultParser ??= Parser.load();
    return defaultParser;
  }

  save(path: string, extraMeta: Record<string, unknown> = {}): number {
    const t = this.T.toArrays('T');
    const l = this.Lab.toArrays('L');
    const r = this.Rel?.toArrays('R');
    const lex = this.lexicon.arrays;
    const arrays: Record<string, StoredArray> = {
      ...t.arrays,
      ...l.arrays,
      ...r?.arrays,
      'lex.keys': lex.keys,
      'lex.inVocab': lex.inVocab,
      'lex.amb': lex.amb,
      'lex.c4': lex.c4,
      'lex.c6': lex.c6,
      'lex.cf': lex.cf,
    };
    const meta = {
      ...this.meta,
      ...extraMeta,
      kind: 'parser',
      featureVersion: FEATURE_VERSION,
      labels: [...this.labels],
      relMix: this.relMix,
      ...t.meta,
      ...l.meta,
      ...r?.meta,
    };
    return saveModel(path, { meta, arrays });
  }

  /**
   * The ensemble of parsers trained with different seeds, as one parser: the models are linear, so summing the
   * members' weights gives exactly the summed scores of the members at the cost of one model (a union of rows).
   * Members must share the labels and lexicon (same training data and clusters).
   */
  static merge(parsers: readonly Parser[], extraMeta: Record<string, unknown> = {}): Parser {
    const first = parsers[0];
    for (const p of parsers) {
      if (p.labels.join(' ') !== first.labels.join(' ')) throw new Error('Parser.merge: label sets differ');
      if (p.lexicon.arrays.keys.length !== first.lexicon.arrays.keys.length) throw new Error('Parser.merge: lexicons differ');
    }
    const T = sumModels(parsers.map((p) => p.T));
    const Lab = sumModels(parsers.map((p) => p.Lab));
    return new Parser(first.labels, T, Lab, first.lexicon.arrays, { ...first.meta, ...extraMeta, members: parsers.length });
  }

  get features(): { transition: number; label: number } {
    return { transition: this.T.features, label: this.Lab.features };
  }

  /** Parses one sentence. `upos` are UD tags, `xpos` Penn Treebank tags, both predicted by the tagger. */
  parse(forms: readonly string[], upos: readonly string[], xpos: readonly string[]): ParseResult {
    const n = forms.length;
    const m = this.machine;
    m.ensure(n);
    for (let i = 0; i < n; i++) this.lexicon.fill(m, i, forms[i], upos[i], xpos[i]);
    this.run(n);
    const head = new Int32Array(n);
    const deprel: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const h = m.head[i];
      head[i] = h === n ? 0 : h + 1;
      deprel[i] = this.labels[m.lab[i] - 1];
    }
    return { head, deprel };
  }

  /**
   * Pipeline variant over a Doc's token layer: parses tokens [from, to) whose UPOS are indices into `UPOS_TAGS`,
   * writing document-level heads (-1 = sentence root) into `headOut` and labels into `deprelOut`.
   */
  parseInto(
    forms: readonly string[], upos: Uint8Array, xpos: readonly string[], from: number, to: number,
    headOut: Int32Array, deprelOut: string[],
  ): void {
    const n = to - from;
    if (n <= 0) return;
    const m = this.machine;
    m.ensure(n);
    for (let i = 0; i < n; i++) this.lexicon.fill(m, i, forms[from + i], UPOS_TAGS[upos[from + i]] ?? 'X', xpos[from + i]);
    this.run(n);
    for (let i = 0; i < n; i++) {
      const h = m.head[i];
      headOut[from + i] = h === n ? -1 : from + h;
      deprelOut[from + i] = this.labels[m.lab[i] - 1];
    }
  }

  private run(n: number): void {
    const m = this.machine;
    const sc = this.scoring;
    m.reset(n);
    const L = this.labels.length;
    if (this.beamSearch) {
      const bs = this.beamSearch;
      const mix = this.fastRel !== null && this.relMix !== 0;
      bs.recordActions = mix;
      bs.run(m, sc, this.fastT, this.fastLab, null);
      if (this.fastRel && mix) {
        // the transition-time label scores of the best sequence's arcs, recomputed by replaying it
        const L = this.labels.length;
        if (this.prior.length < n * L) this.prior = new Float64Array(n * L * 2);
        if (this.actions.length < 2 * n) this.actions = new Int32Array(4 * n);
        const steps = bs.bestActions(this.actions);
        const r = this.replay;
        r.ensure(n);
        r.shareTokens(m);
        r.reset(n);
        for (let t = 0; t < steps; t++) {
          const a = this.actions[t];
          if (a === SHIFT) r.apply(SHIFT, 0);
          else if (a === LEFT && r.b === n) r.apply(LEFT, this.rootLabel);
          else {
            const d = r.stack[r.sp - 1];
            sc.bestLabel(r, this.fastLab, a === LEFT ? 0 : 1, null);
            this.prior.set(sc.scoresL, d * L);
            r.apply(a, m.lab[d] - 1);
          }
        }
        this.treeLabeler.run(m, this.fastRel, undefined, undefined, this.prior, this.relMix);
      } else if (this.fastRel) this.treeLabeler.run(m, this.fastRel);
      return;
    }
    const mixing = this.fastRel !== null && this.relMix !== 0;
    if (mixing) {
      if (this.prior.length < n * L) this.prior = new Float64Array(n * L * 2);
      this.prior.fill(0, 0, n * L);
    }
    while (!m.terminal()) {
      const nValid = sc.validity(m);
      let a: number;
      if (nValid === 1 && !sc.rightOk) a = sc.shiftOk ? SHIFT : LEFT; // empty stack, or the last word onto ROOT
      else {
        sc.scoreTransitions(m, this.fastT, null);
        a = sc.bestAction();
      }
      if (a === SHIFT) m.apply(SHIFT, 0);
      else if (a === LEFT && sc.leftRoot) m.apply(LEFT, this.rootLabel);
      else {
        const l = sc.bestLabel(m, this.fastLab, a === LEFT ? 0 : 1, null);
        if (mixing) this.prior.set(sc.scoresL, m.stack[m.sp - 1] * L);
        m.apply(a, l);
      }
    }
    if (this.fastRel) this.treeLabeler.run(m, this.fastRel, undefined, undefined, mixing ? this.prior : undefined, this.relMix);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Training

export interface TrainParserOptions {
  epochs?: number;
  seed?: number;
  /** Probability of following the model's own (possibly wrong) transition after the first epoch. */
  explore?: number;
  /** Prune averaged weights below this magnitude. */
  minWeight?: number;
  /** Words seen fewer times than this in training are mapped to <unk>. */
  minWordCount?: number;
  /** Features occurring fewer times than this on the gold transition sequences are never used. */
  minFeatureCount?: number;
  /** Hierarchical word clusters (word → bit path), copied into the model; optional. */
  clusters?: Map<string, string>;
  /** Tags to train on (e.g. jackknifed predictions), parallel to sentences' words; default: the gold tags. */
  tags?: { upos: string[]; xpos: string[] }[];
  /** Beam width for global (max-violation) training; 1 = greedy training with the dynamic oracle. */
  beam?: number;
  /** Beam width the trained parser decodes with (default: `beam`). */
  decodeBeam?: number;
  /** Called after each epoch with the averaged parser (e.g. to score dev); return value is logged by the caller. */
  onEpoch?: (epoch: number, parser: Parser) => void;
  log?: (msg: string) => void;
}

/** Gold tree as 0-based heads with ROOT = n, projectivised by lifting. Returns the number of lifted arcs. */
export function projectivize(heads: Int32Array, n: number): number {
  let lifted = 0;
  const dominated = (h: number, k: number): boolean => {
    let x = k;
    for (let guard = 0; guard <= n + 1; guard++) {
      if (x === h) return true;
      if (x === n || x < 0) return false;
      x = heads[x];
    }
    return false;
  };
  while (true) {
    let bestD = -1;
    let bestSpan = Infinity;
    for (let d = 0; d < n; d++) {
      const h = heads[d];
      if (h === n) continue;
      const lo = Math.min(h, d);
      const hi = Math.max(h, d);
      if (hi - lo >= bestSpan) continue;
      for (let k = lo + 1; k < hi; k++) {
        if (!dominated(h, k)) {
          bestD = d;
          bestSpan = hi - lo;
          break;
        }
      }
    }
    if (bestD < 0) return lifted;
    heads[bestD] = heads[heads[bestD]];
    lifted++;
  }
}

interface TrainItem {
  n: number;
  forms: string[];
  upos: string[];
  xpos: string[];
  gh: Int32Array;
  gl: Int32Array;
}

/** Unlabeled costs of SHIFT, LEFT, RIGHT under the arc-hybrid dynamic oracle (projective gold `gh`). */
function costs(m: Machine, gh: Int32Array, out: Int32Array): void {
  const n = m.n;
  const sp = m.sp;
  const b = m.b;
  const st = m.stack;
  out[0] = out[1] = out[2] = 0;
  if (sp >= 1) {
    const s0 = st[sp - 1];
    const s1 = sp >= 2 ? st[sp - 2] : -2;
    let deps = 0;
    for (let d = b; d < n; d++) if (gh[d] === s0) deps++;
    const h = gh[s0];
    out[LEFT] = deps + (h !== b && (h === s1 || h > b) ? 1 : 0);
    out[RIGHT] = deps + (h !== s1 && h >= b ? 1 : 0);
  }
  if (b < n) {
    let c = 0;
    const hb = gh[b];
    for (let j = 0; j < sp; j++) {
      const k = st[j];
      if (gh[k] === b) c++;
      if (j < sp - 1 && hb === k) c++;
    }
    out[SHIFT] = c;
  }
}

export function trainParser(sentences: ConlluSentence[], opts: TrainParserOptions = {}): Parser {
  const epochs = opts.epochs ?? 15;
  const seed = opts.seed ?? 1;
  const explore = opts.explore ?? 0.9;
  const minWeight = opts.minWeight ?? 1;
  const minWordCount = opts.minWordCount ?? 2;
  const minFeatureCount = opts.minFeatureCount ?? 2;
  const log = opts.log ?? ((): void => {});

  // labels and lexicon
  const labelSet = new Set<string>();
  const wordCounts = new Map<number, number>();
  const wordTags = new Map<number, Map<string, number>>();
  for (const s of sentences) {
    for (const w of s.words) {
      labelSet.add(w.deprel);
      const h = hashString(normalizeWord(w.form));
      wordCounts.set(h, (wordCounts.get(h) ?? 0) + 1);
      let tags = wordTags.get(h);
      if (!tags) wordTags.set(h, (tags = new Map()));
      tags.set(w.xpos, (tags.get(w.xpos) ?? 0) + 1);
    }
  }
  labelSet.add('root');
  const labels = [...labelSet].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const rootLabel = labelIndex.get('root')!;
  const lexRows = new Map<number, { inVocab: number; amb: number; c4: number; c6: number; cf: number }>();
  const row = (h: number): { inVocab: number; amb: number; c4: number; c6: number; cf: number } => {
    let r = lexRows.get(h);
    if (!r) lexRows.set(h, (r = { inVocab: 0, amb: 0, c4: 0, c6: 0, cf: 0 }));
    return r;
  };
  let inVocab = 0;
  for (const [h, c] of wordCounts) {
    if (c >= minWordCount) {
      row(h).inVocab = 1;
      inVocab++;
    }
    if (c >= 3) {
      const tags = wordTags.get(h)!;
      const set = [...tags].filter(([, n]) => n >= 0.05 * c).map(([t]) => t).sort().join(' ');
      row(h).amb = hashString(set, 0x3c6ef372);
    }
  }
  let clustered = 0;
  if (opts.clusters) {
    for (const [word, path] of opts.clusters) {
      const r = row(hashString(normalizeWord(word)));
      r.c4 = hashString(path.slice(0, 4), 0x4);
      r.c6 = hashString(path.slice(0, 6), 0x6);
      r.cf = hashString(path, 0xf);
      clustered++;
    }
  }
  const keys = [...lexRows.keys()].sort((a, b) => a - b);
  const lexArrays: LexiconArrays = {
    keys: Int32Array.from(keys),
    inVocab: Uint8Array.from(keys, (k) => lexRows.get(k)!.inVocab),
    amb: Int32Array.from(keys, (k) => lexRows.get(k)!.amb),
    c4: Int32Array.from(keys, (k) => lexRows.get(k)!.c4),
    c6: Int32Array.from(keys, (k) => lexRows.get(k)!.c6),
    cf: Int32Array.from(keys, (k) => lexRows.get(k)!.cf),
  };
  const lexicon = new Lexicon(lexArrays);

  // training items (projectivised)
  const items: TrainItem[] = [];
  let lifted = 0;
  let liftedSents = 0;
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    const n = s.words.length;
    const gh = new Int32Array(n);
    const gl = new Int32Array(n);
    let roots = 0;
    for (let i = 0; i < n; i++) {
      const w = s.words[i];
      gh[i] = w.head === 0 ? n : w.head - 1;
      gl[i] = labelIndex.get(w.deprel)!;
      if (w.head === 0) roots++;
    }
    if (roots !== 1) continue;
    const l = projectivize(gh, n);
    if (l > 0) {
      lifted += l;
      liftedSents++;
    }
    const tags = opts.tags?.[si];
    items.push({
      n,
      forms: s.words.map((w) => w.form),
      upos: tags ? tags.upos : s.words.map((w) => w.upos),
      xpos: tags ? tags.xpos : s.words.map((w) => w.xpos),
      gh,
      gl,
    });
  }
  log(`parser: ${items.length} sentences, ${labels.length} labels, vocab ${inVocab}, clusters ${clustered} words, lifted ${lifted} arcs in ${liftedSents} sentences`);

  const m = new Machine();
  const sc = new Scoring(labels.length, rootLabel);
  const cost = new Int32Array(3);

  const load = (it: TrainItem): void => {
    m.ensure(it.n);
    for (let i = 0; i < it.n; i++) lexicon.fill(m, i, it.forms[i], it.upos[i], it.xpos[i]);
    m.reset(it.n);
  };

  // Frequency pass over the static-oracle (gold) transition sequences: features seen fewer than
  // minFeatureCount times there are never used, which bounds the trainers' memory and the model size.
  const counts = new CountTable(1 << 22);
  for (const it of items) {
    load(it);
    while (!m.terminal()) {
      sc.validity(m);
      m.transitionFeatures(sc.fbT);
      for (let i = 0; i < sc.fbT.n; i++) counts.add(sc.fbT.keys[i]);
      costs(m, it.gh, cost);
      const s0 = m.sp > 0 ? m.stack[m.sp - 1] : -1;
      if (sc.leftOk && it.gh[s0] === m.b) {
        if (!sc.leftRoot) {
          m.labelFeatures(sc.fbL, 0);
          for (let i = 0; i < sc.fbL.n; i++) counts.add(sc.fbL.keys[i]);
        }
        m.apply(LEFT, sc.leftRoot ? rootLabel : it.gl[s0]);
      } else if (sc.rightOk && it.gh[s0] === m.stack[m.sp - 2] && cost[RIGHT] === 0) {
        m.labelFeatures(sc.fbL, 1);
        for (let i = 0; i < sc.fbL.n; i++) counts.add(sc.fbL.keys[i]);
        m.apply(RIGHT, it.gl[s0]);
      } else if (sc.shiftOk) m.apply(SHIFT, 0);
      else m.apply(sc.leftOk ? LEFT : RIGHT, sc.leftRoot ? rootLabel : it.gl[s0]); // unreachable for projective trees
    }
  }
  let kept = 0;
  for (let i = 0; i < counts.keys.length; i++) if (counts.keys[i] !== 0 && counts.counts[i] >= minFeatureCount) kept++;
  log(`parser: ${counts.size} distinct features, ${kept} occur >= ${minFeatureCount} times`);
  const filter: FeatureFilter = minFeatureCount <= 1
    ? null
    : (fb: FeatureBuffer): void => {
      const keys = fb.keys;
      let j = 0;
      for (let i = 0; i < fb.n; i++) if (counts.get(keys[i]) >= minFeatureCount) keys[j++] = keys[i];
      fb.n = j;
    };

  const T = new PerceptronTrainer(3);
  const Lab = new PerceptronTrainer(labels.length);
  const random = seededRandom(seed);
  const order = items.map((_, i) => i);
  const beam = opts.beam ?? 1;
  const decodeBeam = opts.decodeBeam ?? beam;
  const meta = { trainSentences: items.length, epochs, seed, explore, minWeight, minWordCount, minFeatureCount, beam: decodeBeam, trainBeam: beam };
  const bs = beam > 1 ? new BeamSearch(beam) : null;
  let frozen: { t: LinearModel; l: LinearModel } | null = null;
  const freeze = (): Parser => {
    frozen = { t: T.finalize(minWeight), l: Lab.finalize(minWeight) };
    return new Parser(labels, frozen.t, frozen.l, lexArrays, meta);
  };

  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    let decisions = 0;
    let errors = 0;
    let labelErrors = 0;
    let arcs = 0;
    const t0 = performance.now();
    for (const idx of order) {
      const it = items[idx];
      const { gh, gl } = it;
      load(it);
      if (bs) {
        T.tick();
        const r = bs.run(m, sc, T, Lab, filter, { gh, gl }, T, Lab);
        decisions++;
        if (r.updated) errors++;
        labelErrors += r.labelErrors;
        arcs += r.arcs;
        continue;
      }
      while (!m.terminal()) {
        const nValid = sc.validity(m);
        if (nValid === 1 && !sc.rightOk) {
          m.apply(sc.shiftOk ? SHIFT : LEFT, sc.shiftOk ? 0 : rootLabel);
          continue;
        }
        // transition: perceptron update when the predicted transition costs more than the best one possible
        sc.scoreTransitions(m, T, filter);
        const pa = sc.bestAction();
        costs(m, gh, cost);
        let ga = -1;
        for (let a = 0; a < 3; a++) {
          const ok = a === SHIFT ? sc.shiftOk : a === LEFT ? sc.leftOk : sc.rightOk;
          if (ok && (ga < 0 || cost[a] < cost[ga] || (cost[a] === cost[ga] && sc.scoresT[a] > sc.scoresT[ga]))) ga = a;
        }
        T.tick();
        Lab.tick();
        decisions++;
        if (cost[pa] > cost[ga]) {
          errors++;
          T.update(sc.fbT.keys, sc.fbT.n, ga, 1);
          T.update(sc.fbT.keys, sc.fbT.n, pa, -1);
        }
        // label: learnt on the arc of the best transition when that arc is a gold one
        const s0 = m.stack[m.sp - 1];
        const s1 = m.sp >= 2 ? m.stack[m.sp - 2] : -2;
        let gLabel = -1;
        if ((ga === LEFT && !sc.leftRoot && gh[s0] === m.b) || (ga === RIGHT && gh[s0] === s1)) {
          const pl = sc.bestLabel(m, Lab, ga === LEFT ? 0 : 1, filter);
          gLabel = gl[s0];
          arcs++;
          if (pl !== gLabel) {
            labelErrors++;
            Lab.update(sc.fbL.keys, sc.fbL.n, gLabel, 1);
            Lab.update(sc.fbL.keys, sc.fbL.n, pl, -1);
          }
        }
        // dynamic oracle with exploration: after the first epoch, mostly follow the model's own transition
        const a = epoch > 0 && random() < explore ? pa : ga;
        if (a === SHIFT) m.apply(SHIFT, 0);
        else if (a === LEFT && sc.leftRoot) m.apply(LEFT, rootLabel);
        else if (a === ga && gLabel >= 0) m.apply(a, gLabel);
        else m.apply(a, sc.bestLabel(m, Lab, a === LEFT ? 0 : 1, filter));
      }
    }
    const secs = (performance.now() - t0) / 1000;
    log(
      `parser: epoch ${epoch + 1}/${epochs}${bs ? ` (beam ${beam}, errors = sentences updated)` : ''}: transition errors ${((100 * errors) / decisions).toFixed(2)}%, ` +
        `label errors ${((100 * labelErrors) / Math.max(1, arcs)).toFixed(2)}%, ${T.features}+${Lab.features} rows, ${secs.toFixed(1)} s`,
    );
    if (opts.onEpoch) opts.onEpoch(epoch + 1, freeze());
  }
  return opts.onEpoch ? new Parser(labels, frozen!.t, frozen!.l, lexArrays, meta) : freeze();
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

export interface ParserScores {
  uas: number;
  las: number;
  words: number;
  /** Parsing time only (tags given). */
  seconds: number;
  tokensPerSec: number;
}

/**
 * Attachment scores over `sentences` (punctuation included, LAS on the full deprel), parsing with `tags`
 * (e.g. predicted by the tagger) or the gold tags.
 */
export function scoreParser(
  parser: Parser, sentences: ConlluSentence[], tags?: { upos: string[]; xpos: string[] }[],
): ParserScores {
  let words = 0;
  let uas = 0;
  let las = 0;
  let ms = 0;
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    const forms = s.words.map((w) => w.form);
    const upos = tags ? tags[si].upos : s.words.map((w) => w.upos);
    const xpos = tags ? tags[si].xpos : s.words.map((w) => w.xpos);
    const t0 = performance.now();
    const r = parser.parse(forms, upos, xpos);
    ms += performance.now() - t0;
    for (let i = 0; i < s.words.length; i++) {
      words++;
      if (r.head[i] === s.words[i].head) {
        uas++;
        if (r.deprel[i] === s.words[i].deprel) las++;
      }
    }
  }
  const seconds = ms / 1000;
  return {
    uas: words ? uas / words : 0,
    las: words ? las / words : 0,
    words,
    seconds,
    tokensPerSec: seconds > 0 ? Math.round(words / seconds) : 0,
  };
}
