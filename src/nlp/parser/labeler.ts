/**
 * Second-pass labeler over a finished tree. The parser's label model decides each label when the arc is made,
 * before the head's later children and the dependent's outer children exist; here every arc is relabeled with
 * the whole tree in view: the grandparent, the dependent's function words (case, mark, aux), the head's
 * auxiliaries (passive), the siblings between the arc's ends, punctuation and conjunctions in between, and
 * the labels already given to the head and to its earlier children (arcs are labeled top-down, siblings left
 * to right, so "the head already has an nsubj" is a feature).
 *
 * Trained as an averaged perceptron on the gold trees (with jackknifed tags), learning from its own earlier
 * labels in the same order as at parse time.
 */
import * as _doc from '../../doc/doc.js';
import * as _keys from '../linear/keys.js';
import { TemplateKeys } from '../linear/keys.js';
import type { Scorer } from '../linear/scorer.js';
import type { PerceptronTrainer } from '../linear/trainer.js';
import * as _machine from './machine.js';
import type { Machine } from './machine.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { UPOS_TAGS } = _doc;
const { hashString, mix } = _keys;
const { distBucket } = _machine;

const K = new TemplateKeys(0x3b1d5e77, 128);

/** UPOS hash (as the parser's lexicon computes it) → index in UPOS_TAGS. */
const UPOS_INDEX = new Map<number, number>(UPOS_TAGS.map((t, i) => [hashString(t, 0x5bd1e995), i]));
const U_ADP = UPOS_TAGS.indexOf('ADP');
const U_SCONJ = UPOS_TAGS.indexOf('SCONJ');
const U_PART = UPOS_TAGS.indexOf('PART');
const U_AUX = UPOS_TAGS.indexOf('AUX');
const U_PUNCT = UPOS_TAGS.indexOf('PUNCT');
const U_CCONJ = UPOS_TAGS.indexOf('CCONJ');
const COMMA = hashString(',');

/** Per-sentence scratch arrays of the labeler. */
class Scratch {
  cap = 0;
  u = new Int32Array(0); // UPOS index
  start = new Int32Array(0); // children of h: kids[start[h] .. start[h + 1])
  kids = new Int32Array(0);
  queue = new Int32Array(0);
  punctPre = new Int32Array(0); // prefix counts
  commaPre = new Int32Array(0);
  ccPre = new Int32Array(0);
  ensure(n: number): void {
    const need = n + 3;
    if (need <= this.cap) return;
    let cap = Math.max(64, this.cap);
    while (cap < need) cap *= 2;
    this.cap = cap;
    this.u = new Int32Array(cap); this.start = new Int32Array(cap); this.kids = new Int32Array(cap);
    this.queue = new Int32Array(cap); this.punctPre = new Int32Array(cap); this.commaPre = new Int32Array(cap);
    this.ccPre = new Int32Array(cap);
  }
}

export class TreeLabeler {
  private readonly scratch = new Scratch();
  readonly keys = new Int32Array(96);
  nKeys = 0;
  private readonly scores: Float64Array;
  constructor(readonly nLabels: number, readonly rootLabel: number) {
    this.scores = new Float64Array(nLabels);
  }

  /** Builds the children lists and prefix counts of the tree in `m` (heads 0-based, ROOT = n). */
  private prepare(m: Machine): void {
    const n = m.n;
    const sc = this.scratch;
    sc.ensure(n);
    const { u, start, kids, punctPre, commaPre, ccPre } = sc;
    start.fill(0, 0, n + 2);
    for (let i = 0; i < n; i++) {
      u[i] = UPOS_INDEX.get(m.U[i]) ?? 0;
      start[m.head[i] + 1]++;
    }
    u[n] = 0;
    u[n + 1] = 0;
    for (let h = 0; h <= n; h++) start[h + 1] += start[h];
    // fill in increasing dependent order using `queue` as a write cursor
    const cur = sc.queue;
    for (let h = 0; h <= n; h++) cur[h] = start[h];
    for (let i = 0; i < n; i++) kids[cur[m.head[i]]++] = i;
    punctPre[0] = commaPre[0] = ccPre[0] = 0;
    for (let i = 0; i < n; i++) {
      punctPre[i + 1] = punctPre[i] + (u[i] === U_PUNCT ? 1 : 0);
      commaPre[i + 1] = commaPre[i] + (m.W[i] === COMMA ? 1 : 0);
      ccPre[i + 1] = ccPre[i] + (u[i] === U_CCONJ ? 1 : 0);
    }
  }

  /**
   * Features of the arc head[d] → d. `k0` is the index of d among its head's children; labels of the head and of
   * the children before d are read from `m.lab` (already assigned).
   */
  private features(m: Machine, d: number, k0: number): void {
    const k = this.keys;
    const sc = this.scratch;
    const { u, start, kids, punctPre, commaPre, ccPre } = sc;
    const n = m.n;
    const none = n + 1;
    const { W, P, U, WP, S, A, C4, C6, CF, lab, head } = m;
    const h = head[d];
    const g = h === n ? none : head[h];
    const dir = d < h ? 0 : 1;
    const dd = dir * 8 + distBucket(d < h ? h - d : d - h);
    const hw = W[h], hp = P[h], dw = W[d], dp = P[d];
    const hdp = mix(hp, dp);
    const plab = h === n ? 99 : lab[h];
    // labels of the head's earlier children
    let setLo = 0;
    let setHi = 0;
    let prevLab = 0;
    for (let j = start[h]; j < start[h] + k0; j++) {
      const l = lab[kids[j]];
      prevLab = l;
      if (l < 32) setLo |= 1 << l;
      else setHi |= 1 << (l - 32);
    }
    // the dependent's children
    let dl = none;
    let dr = none;
    let mark = none;
    let daux = none;
    let dmaskL = 0;
    let dmaskR = 0;
    for (let j = start[d]; j < start[d + 1]; j++) {
      const c = kids[j];
      const uc = u[c];
      if (c < d) {
        if (dl === none) dl = c;
        dmaskL |= 1 << uc;
        if (mark === none && (uc === U_ADP || uc === U_SCONJ || uc === U_PART)) mark = c;
        if (uc === U_AUX) daux = c;
      } else {
        dr = c;
        dmaskR |= 1 << uc;
      }
    }
    // the head's other children
    let haux = none;
    let hmaskL = 0;
    let hmaskR = 0;
    let between = 0;
    let sibIn = none;
    let sibOut = none;
    for (let j = start[h]; j < start[h + 1]; j++) {
      const c = kids[j];
      if (c === d) continue;
      const uc = u[c];
      if (c < h) {
        hmaskL |= 1 << uc;
        if (uc === U_AUX) haux = c;
      } else hmaskR |= 1 << uc;
      if (dir === 0) {
        if (c > d && c < h) {
          between++;
          if (sibIn === none) sibIn = c;
        } else if (c < d) sibOut = c;
      } else if (c < d && c > h) {
        between++;
        sibIn = c;
      } else if (c > d && sibOut === none) sibOut = c;
    }
    const lo = d < h ? d : h;
    const hi = d < h ? h : d;
    const commas = Math.min(2, commaPre[hi] - commaPre[lo + 1]);
    const puncts = Math.min(2, punctPre[hi] - punctPre[lo + 1]);
    const ccs = Math.min(1, ccPre[hi] - ccPre[lo + 1]);
    const dm1 = d > 0 ? d - 1 : none;
    const dp1 = d + 1;
    const hm1 = h > 0 && h < n ? h - 1 : none;
    const hp1 = h + 1 <= n ? h + 1 : none;
    let i = 0;
    k[i++] = K.k1(1, 0);
    k[i++] = K.k1(2, hw);
    k[i++] = K.k1(3, hp);
    k[i++] = K.k1(4, WP[h]);
    k[i++] = K.k1(5, dw);
    k[i++] = K.k1(6, dp);
    k[i++] = K.k1(7, WP[d]);
    k[i++] = K.k2(8, hw, dw);
    k[i++] = K.k2(9, hp, dp);
    k[i++] = K.k2(10, hw, dp);
    k[i++] = K.k2(11, hp, dw);
    k[i++] = K.k2(12, U[h], U[d]);
    k[i++] = K.k3(13, hp, dp, dd);
    k[i++] = K.k3(14, U[h], U[d], dd);
    k[i++] = K.k3(15, WP[d], hp, dd);
    k[i++] = K.k3(16, hw, dp, dir);
    // the head's own label and the grandparent
    k[i++] = K.k3(20, hdp, plab, dir);
    k[i++] = K.k2(21, dp, plab);
    k[i++] = K.k3(22, dw, plab, dir);
    k[i++] = K.k3(23, P[g], hdp, dir);
    k[i++] = K.k4(24, P[g], hdp, dir, plab);
    k[i++] = K.k3(25, W[g], hp, dp);
    // the head's earlier children's labels
    k[i++] = K.k4(30, hdp, dir, setLo, setHi);
    k[i++] = K.k3(31, hdp, dir, prevLab);
    k[i++] = K.k4(32, dw, dir, setLo, setHi);
    k[i++] = K.k4(33, U[h], U[d], dir * 64 + k0, prevLab);
    // the dependent's function words and children
    k[i++] = K.k2(40, W[mark], dp);
    k[i++] = K.k3(41, W[mark], dp, hp);
    k[i++] = K.k3(42, W[mark], dp, dir);
    k[i++] = K.k3(43, W[mark], W[daux], dp);
    k[i++] = K.k3(44, dp, W[dl], P[dl]);
    k[i++] = K.k2(45, dp, P[dr]);
    k[i++] = K.k3(46, dp, dmaskL, dmaskR);
    k[i++] = K.k3(47, hdp, dmaskL, dir);
    k[i++] = K.k3(48, dp, W[daux], hp);
    k[i++] = K.k3(49, dw, dmaskL, dmaskR);
    // the head's auxiliaries and other children
    k[i++] = K.k4(50, hdp, W[haux], dir, 0);
    k[i++] = K.k4(51, hdp, hmaskL, hmaskR, dir);
    k[i++] = K.k4(52, hdp, dir, Math.min(3, between), 0);
    k[i++] = K.k4(53, hdp, P[sibIn], dir, 0);
    k[i++] = K.k4(54, hdp, P[sibOut], dir, 0);
    k[i++] = K.k4(55, hdp, W[sibIn], dir, 0);
    k[i++] = K.k4(56, W[haux], S[h], dp, dir);
    // what lies between the ends
    k[i++] = K.k4(60, hdp, dir, commas * 9 + puncts * 3 + ccs, 0);
    k[i++] = K.k4(61, U[h], U[d], dd, commas * 9 + puncts * 3 + ccs);
    // context
    k[i++] = K.k3(70, dp, P[dm1], P[dp1]);
    k[i++] = K.k3(71, hp, P[hm1], P[hp1]);
    k[i++] = K.k2(72, W[dm1], dp);
    k[i++] = K.k2(73, dw, W[dp1]);
    k[i++] = K.k4(74, hdp, d === 0 ? 1 : 0, dp1 >= n ? 1 : 0, dir);
    // lexical classes
    k[i++] = K.k1(80, A[d]);
    k[i++] = K.k1(81, A[h]);
    k[i++] = K.k2(82, A[d], hp);
    k[i++] = K.k2(83, dp, A[h]);
    k[i++] = K.k1(84, C6[d]);
    k[i++] = K.k1(85, C6[h]);
    k[i++] = K.k2(86, C4[h], C4[d]);
    k[i++] = K.k2(87, CF[d], hp);
    k[i++] = K.k2(88, CF[h], dp);
    k[i++] = K.k2(89, S[d], hp);
    k[i++] = K.k2(90, S[h], dp);
    this.nKeys = i;
  }

  /**
   * Labels every arc of the tree in `m` (m.head set, m.lab overwritten) top-down. With `gold` (label indices)
   * and a trainer, learns from each mistake; returns the number of mistakes.
   */
  run(m: Machine, model: Scorer, gold?: Int32Array, trainer?: PerceptronTrainer, prior?: Float64Array, mixWeight = 0): number {
    const L = this.nLabels;
    const n = m.n;
    this.prepare(m);
    const sc = this.scratch;
    const { start, kids, queue } = sc;
    const lab = m.lab;
    const scores = this.scores;
    let errors = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = n;
    while (qh < qt) {
      const h = queue[qh++];
      for (let j = start[h]; j < start[h + 1]; j++) {
        const d = kids[j];
        queue[qt++] = d;
        if (h === n) {
          lab[d] = this.rootLabel + 1;
          continue;
        }
        this.features(m, d, j - start[h]);
        scores.fill(0);
        model.score(this.keys, this.nKeys, scores);
        if (prior) for (let l = 0; l < L; l++) scores[l] += mixWeight * prior[d * L + l];
        let best = -1;
        let bestScore = -Infinity;
        for (let l = 0; l < this.nLabels; l++) {
          if (l !== this.rootLabel && scores[l] > bestScore) {
            bestScore = scores[l];
            best = l;
          }
        }
        if (gold && trainer) {
          trainer.tick();
          if (best !== gold[d]) {
            errors++;
            trainer.update(this.keys, this.nKeys, gold[d], 1);
            trainer.update(this.keys, this.nKeys, best, -1);
          }
        }
        lab[d] = best + 1;
      }
    }
    return errors;
  }
}
