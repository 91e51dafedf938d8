/**
 * Beam search over transition sequences: the sequence is scored as a whole (the sum of its transition scores);
 * the label of each surviving arc is chosen as in greedy parsing, by the label model on the configuration that
 * makes it. Also the max-violation training of the transition model (Huang et al. 2012).
 *
 * Decoding with a frozen 3-class transition model scores by exact integer weight sums, so the features are
 * scored in parts (features.ts): those about one token, a pair or one token's subtree are summed once per
 * sentence and reused by every beam item and step that shares them.
 */
import * as _keys from '../linear/keys.js';
import type { FeatureBuffer } from '../linear/keys.js';
import { FrozenScorer, type Scorer } from '../linear/scorer.js';
import type { PerceptronTrainer } from '../linear/trainer.js';
import * as _features from './features.js';
import * as _machine from './machine.js';
import { Machine } from './machine.js';
import * as _oracle from './oracle.js';
import type { FeatureFilter, Scoring } from './scoring.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { finish, mix } = _keys;
const {
  pairTransitionFeatures, restTransitionFeatures, stateTransitionFeatures, tokenTransitionFeatures,
} = _features;
const { LEFT, SHIFT } = _machine;
const { staticOracle } = _oracle;

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

export class BeamSearch {
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
    const fast = !train && filter === null && T instanceof FrozenScorer && T.nClasses === 3 ? T : null;
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
    const l = Lab instanceof FrozenScorer && !Lab.narrow ? sc.bestLabelInts(m, Lab, dir) : sc.bestLabel(m, Lab, dir, null);
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
  private fastTransitionScores(x: Machine, T: FrozenScorer, st: Float64Array): void {
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
        T.sumInts3(keys, tokenTransitionFeatures(x, role, tok, keys), ints);
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
        T.sumInts3(keys, pairTransitionFeatures(x, pair, a, b, keys), ints);
        continue;
      }
      const idx = (pair * cap + a) * cap + b;
      if (pgenOf[idx] !== gen) {
        const before0 = ints[0], before1 = ints[1], before2 = ints[2];
        T.sumInts3(keys, pairTransitionFeatures(x, pair, a, b, keys), ints);
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
          T.sumInts3(keys, stateTransitionFeatures(x, role, tok, keys), ints);
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
    T.sumInts3(keys, restTransitionFeatures(x, keys), ints);
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

