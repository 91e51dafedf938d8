/**
 * Inference for the two attribution taggers of `tagger.ts` (which keeps the training loops and the feature
 * templates as the trainer sees them): the same greedy decoding, the same gates and the very same scores,
 * computed faster.
 *
 * Most templates depend on a few small values (a form, a shape, a prior bucket, the previous labels, a
 * dependency relation …), so their summed weights are memoised per combination of those values: a token whose
 * combination was seen before adds one stored vector instead of hashing and looking up each template's key in
 * the model's table. Only templates over word pairs are looked up every time. The templates are grouped so that
 * scoring a token touches few cache lines (the stage runs between the NLP core and the events stage, which
 * leave little of its data in the caches): the templates of one form (the word, its suffix, shape, prior …,
 * and the word as a neighbour) live in one record per form (`FormRecords`), and the others in one memo per group
 * of templates over the same context (`Memo`), about ten per token for each tagger.
 *
 * The scores are bit-identical to `model.score` over all of a token's keys: a model file's weights are float32
 * values `fround(q · scale)` with |q| < 2^15, so every weight is an integer multiple of the same power of two
 * (one ulp of `scale`'s binade) below 2^39 of them, and any sum of up to 2^14 of them is exact in float64,
 * whatever the order and grouping. (A model trained in memory, with free float32 weights, could differ in the
 * last bits; such models are scored with `tagCues` / `tagSourceContent`.)
 */
import { FeatureBuffer, key1, key2, key3 } from '../nlp/features.js';
import { argmax, type LinearModel } from '../nlp/perceptron.js';
import { UPOS_TAGS } from '../doc/doc.js';
import type { CueLexicon } from './cues.js';
import {
  chunks, CUE_B, CUE_GATE, CUE_I, CUE_O, NO_BIAS, SC_BCNT, SC_BSRC, SC_ICNT, SC_ISRC, type Chunk, type TagBias,
  type TagContext,
} from './tagger.js';

/**
 * Non-negative int32 (a combination of small values, packed without overlap) → the summed weights of the
 * templates over that combination. Open addressing, linear probing; each slot holds its key (-1 = empty) and
 * then the vector, so that a lookup touches one or two cache lines. Holds at most `max` entries (later
 * combinations are scored key by key): with 5 classes, 2^13 entries take 768 KB.
 */
class Memo {
  slots: Float64Array;
  private readonly W: number;
  private size = 0;
  private mask = 63;
  private shift = 26;

  constructor(C: number, private readonly max: number) {
    this.W = C + 1;
    this.slots = new Float64Array(64 * this.W).fill(-1);
  }

  /** Offset of `k`'s vector in `slots`, or -1. */
  find(k: number): number {
    const slots = this.slots;
    const W = this.W;
    let i = Math.imul(k, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const x = slots[i * W];
      if (x === k) return i * W + 1;
      if (x === -1) return -1;
      i = (i + 1) & this.mask;
    }
  }

  /** Reads `k`'s first slot, so that its cache line is on its way before `find` needs it. */
  peek(k: number): number {
    return k < 0 ? 0 : this.slots[(Math.imul(k, 0x9e3779b1) >>> this.shift) * this.W];
  }

  put(k: number, v: Float64Array): void {
    if (this.size >= this.max) return;
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.place(k, v, 0);
    this.size++;
  }

  private place(k: number, from: Float64Array, at: number): void {
    const W = this.W;
    let i = Math.imul(k, 0x9e3779b1) >>> this.shift;
    while (this.slots[i * W] !== -1) i = (i + 1) & this.mask;
    const b = i * W;
    this.slots[b] = k;
    for (let c = 1; c < W; c++) this.slots[b + c] = from[at + c - 1];
  }

  private grow(): void {
    const old = this.slots;
    const W = this.W;
    const cap = (this.mask + 1) * 2;
    this.slots = new Float64Array(cap * W).fill(-1);
    this.mask = cap - 1;
    this.shift--;
    for (let b = 0; b < old.length; b += W) if (old[b] !== -1) this.place(old[b], old, b + 1);
  }
}

/** Forms (by `formId`) with a record: 2^14 records of 4 vectors of 5 classes take 2.6 MB. */
const RECORDS_MAX = 1 << 14;

/**
 * One record of `roles` score vectors per form, by `formId` (dense, filled on first use, NaN until then): the
 * templates over the form alone, and over the form as each neighbour. Consecutive tokens share their neighbours'
 * records, so a token's word templates cost about one new record.
 */
class FormRecords {
  vals: Float64Array;
  private readonly stride: number;

  constructor(C: number, roles: number) {
    this.stride = C * roles;
    this.vals = new Float64Array(256 * this.stride).fill(NaN);
  }

  /** Offset of form `f`'s record, -1 when it has none (not cached, or past `RECORDS_MAX`); `filled` tells whether it is. */
  at(f: number): number {
    if (f < 0 || f >= RECORDS_MAX) return -1;
    const o = f * this.stride;
    if (o >= this.vals.length) {
      let len = this.vals.length * 2;
      while (o >= len) len *= 2;
      const bigger = new Float64Array(len).fill(NaN);
      bigger.set(this.vals);
      this.vals = bigger;
    }
    return o;
  }

  filled(o: number): boolean {
    return this.vals[o] === this.vals[o];
  }
}

/** What the scorers share: the model, key buffers and the scratch vector for misses. */
abstract class MemoScorer {
  protected readonly mb = new FeatureBuffer(16);
  protected readonly db = new FeatureBuffer(16);
  protected readonly tmp: Float64Array;
  protected readonly C: number;

  constructor(protected readonly model: LinearModel) {
    this.C = model.nClasses;
    this.tmp = new Float64Array(model.nClasses);
  }

  /** Adds memo `m`'s vector for `k` to `out`; false when absent (`k` < 0: not memoisable). */
  protected hit(m: Memo, k: number, out: Float64Array): boolean {
    if (k < 0) return false;
    const o = m.find(k);
    if (o < 0) return false;
    const v = m.slots;
    for (let c = 0; c < out.length; c++) out[c] += v[o + c];
    return true;
  }

  /** Scores the keys in `mb`, adds them to `out` and keeps their sum under `k` (when `k` ≥ 0). */
  protected miss(m: Memo, k: number, out: Float64Array): void {
    const tmp = this.score1();
    for (let c = 0; c < out.length; c++) out[c] += tmp[c];
    if (k >= 0) m.put(k, tmp);
  }

  /** The scores of the keys in `mb` (in `tmp`). */
  protected score1(): Float64Array {
    const tmp = this.tmp;
    tmp.fill(0);
    this.model.score(this.mb.keys, this.mb.n, tmp);
    return tmp;
  }

  /** Scores the keys in `mb` into `recs.vals` at `at`. */
  protected fillRole(recs: FormRecords, at: number): void {
    const tmp = this.score1();
    for (let c = 0; c < this.C; c++) recs.vals[at + c] = tmp[c];
  }

  protected add(v: Float64Array, at: number, out: Float64Array): void {
    for (let c = 0; c < out.length; c++) out[c] += v[at + c];
  }

  protected memo(max = 1 << 13): Memo {
    return new Memo(this.model.nClasses, max);
  }
}

const N_UPOS = UPOS_TAGS.length;
/** Shape numbers: `SHAPES` indices, then 10 before the text and 11 after it (`sAt`'s 1 and 2). */
const N_SHAPE = 12;
/** Previous-label numbers: the label, or the last one for "none" (9). */
const lab = (p: number, none: number): number => (p === 9 ? none : p);

function wAt(ctx: TagContext, k: number): number {
  return k < 0 ? 1 : k >= ctx.t.n ? 2 : ctx.w[k];
}
function sAt(ctx: TagContext, k: number): number {
  return k < 0 ? 1 : k >= ctx.t.n ? 2 : ctx.shape[k];
}
function pAt(ctx: TagContext, k: number): number {
  return k < 0 || k >= ctx.t.n ? 11 : ctx.prior[k];
}
/** Number standing for `sAt(ctx, k)`. */
function sId(ctx: TagContext, k: number): number {
  return k < 0 ? 10 : k >= ctx.t.n ? 11 : ctx.shapeId[k];
}
const distBucket = (d: number): number =>
  d <= 3 ? d : d <= 5 ? 4 : d <= 10 ? 5 : d <= 20 ? 6 : d <= 40 ? 7 : 8;

/**
 * The cue tagger's scores (the templates of `cueFeatures` in `tagger.ts`, numbered alike). A form's record holds
 * its own templates (2, 9, 10, 11, 16, 29) and the form as the word before (3), after (4), two before (5) and two
 * after (6).
 */
class CueScorer extends MemoScorer {
  private readonly recs = new FormRecords(this.C, 5);
  /** Templates 3-6 before and after the text. */
  private readonly edge = new Float64Array(4 * this.C);
  /** Form × previous label × in a quote × quote closed before × shape before: 15, 23, 26, 30. */
  private readonly m1 = this.memo();
  /** Prior × previous two labels × shapes around: 1, 12, 13, 14, 21, 25, 28. */
  private readonly m2 = this.memo();
  /** Quote marks around and prior: 17, 18, 19, 24. */
  private readonly m3 = this.memo();
  /** Priors around, position in the sentence, the sentence's other prior: 20, 22, 33. */
  private readonly m4 = this.memo();
  /** POS, lemma prior, dependents, subject, relation, head's prior: 35, 38, 41, 42, 43, 46. */
  private readonly n1 = this.memo();
  /** XPOS, previous label, NER, POS around: 36, 44, 45. */
  private readonly n2 = this.memo();
  /** Lemma, dependents, in a quote, subject, previous label: 37, 40, 47, 48. */
  private readonly n3 = this.memo();
  /** Relation and head lemma: 39. */
  private readonly n4 = this.memo();
  /** Where `peek` reads go (so that they are not optimised away). */
  private sink = 0;

  constructor(model: LinearModel) {
    super(model);
    const mb = this.mb;
    [key1(3, 1), key1(4, 2), key1(5, 1), key1(6, 2)].forEach((key, r) => {
      mb.clear();
      mb.push(key);
      this.edge.set(this.score1(), r * this.C);
    });
  }

  /** Record offset of token `k`'s form, filled (-1: none, score key by key). */
  private record(ctx: TagContext, k: number): number {
    const recs = this.recs;
    const o = recs.at(ctx.formId[k]);
    if (o < 0 || recs.filled(o)) return o;
    const mb = this.mb;
    const w = ctx.w[k];
    const C = this.C;
    mb.clear();
    mb.push(key1(2, w));
    mb.push(key1(9, ctx.suffix[k]));
    mb.push(key1(10, ctx.shape[k]));
    mb.push(key1(11, ctx.prior[k]));
    if (ctx.lemma[k]) mb.push(key1(16, ctx.lemma[k]));
    mb.push(key1(29, ctx.stem[k]));
    this.fillRole(recs, o);
    for (let r = 1; r <= 4; r++) {
      mb.clear();
      mb.push(key1(2 + r, w));
      this.fillRole(recs, o + r * C);
    }
    return o;
  }

  /** Adds the template `3 + role` (role 0: word before … 3: two after) of token `k` (maybe outside the text). */
  private neighbour(ctx: TagContext, k: number, role: number, out: Float64Array): void {
    const n = ctx.t.n;
    if (k < 0 || k >= n) {
      this.add(this.edge, role * this.C, out);
      return;
    }
    const o = this.record(ctx, k);
    if (o >= 0) this.add(this.recs.vals, o + (role + 1) * this.C, out);
    else this.db.push(key1(3 + role, ctx.w[k]));
  }

  /** Adds the scores of token `i` after labels `p1`, `p2` (9 = none) to `out`. */
  score(ctx: TagContext, i: number, p1: number, p2: number, out: Float64Array): void {
    const { t, w, prior } = ctx;
    const mb = this.mb;
    const d = this.db;
    d.clear();
    const sent = t.sent[i];
    const ss = t.sentStart[sent];
    const se = t.sentStart[sent + 1];
    const inQ = ctx.quote[i] >= 0 ? 1 : 0;
    let closeBefore = 0;
    for (let k = i - 1; k >= Math.max(ss, i - 5); k--) {
      if (ctx.mark[k] === 2) {
        closeBefore = i - k;
        break;
      }
    }
    let openAfter = 0;
    for (let k = i + 1; k < Math.min(se, i + 5); k++) {
      if (ctx.mark[k] === 1) {
        openAfter = k - i;
        break;
      }
    }
    const pr = prior[i];
    const fid = ctx.formId[i];
    const q1 = lab(p1, 3);
    const q2 = lab(p2, 3);
    const mark = ctx.mark[i];
    const shq = ctx.sentHasQuote[sent];
    const sm1 = sId(ctx, i - 1);
    const cb = closeBefore > 0 ? 1 : 0;
    const first = i === ss ? 1 : 0;
    const db = distBucket(se - 1 - i);
    const other = pr === ctx.sentPrior1[sent] ? ctx.sentPrior2[sent] : ctx.sentPrior1[sent];
    const k1 = fid < 0 ? -1 : (((fid * 4 + q1) * 2 + inQ) * 2 + cb) * N_SHAPE + sm1;
    const k2 = ((((pr * 4 + q1) * 4 + q2) * N_SHAPE + sId(ctx, i - 2)) * N_SHAPE + sm1) * N_SHAPE + sId(ctx, i + 1);
    const k3 = ((((inQ * 11 + pr) * 3 + mark) * 6 + closeBefore) * 5 + openAfter) * 2 + shq;
    const k4 = ((((pAt(ctx, i - 1) * 11 + pr) * 12 + pAt(ctx, i + 1)) * 2 + first) * 9 + db) * 11 + other;
    const nf = ctx.nlp;
    const up = nf.upos[i];
    const lp = nf.lemPrior[i];
    const kids = nf.kids[i];
    const subj = nf.subj[i];
    const ner = nf.ner[i];
    const dep = nf.dep[i];
    const depId = nf.depId[i];
    const lemma = nf.lemma[i];
    const lemmaId = nf.lemmaId[i];
    const h = nf.head[i];
    const hlp = h >= 0 ? nf.lemPrior[h] : 11;
    const okUp = up < N_UPOS;
    const xposId = nf.xposId[i];
    const ua = up > 0 && i > 0 ? nf.upos[i - 1] : 0;
    const ub = i + 1 < t.n ? nf.upos[i + 1] : 0;
    const hl = nf.headLemmaId[i];
    const parsed = nf.parsed;
    const k5 = !parsed || depId < 0 || !okUp ? -1 : ((((depId * N_UPOS + up) * 11 + lp) * 256 + kids) * 5 + subj) * 12 + hlp;
    const k6 = !parsed || xposId < 0 || !okUp || ua >= N_UPOS || ub >= N_UPOS ? -1 : ((((xposId * 4 + q1) * 5 + ner) * N_UPOS + ua) * N_UPOS + up) * N_UPOS + ub;
    const k7 = !parsed || lemmaId < 0 ? -1 : (((lemmaId * 36 + (kids & 35)) * 2 + inQ) * 5 + subj) * 4 + q1;
    const k8 = !parsed || depId < 0 || hl < 0 ? -1 : hl * 128 + depId;
    this.sink += this.m1.peek(k1) + this.m2.peek(k2) + this.m3.peek(k3) + this.m4.peek(k4) +
      this.n1.peek(k5) + this.n2.peek(k6) + this.n3.peek(k7) + this.n4.peek(k8);
    const o = this.record(ctx, i);
    if (o >= 0) this.add(this.recs.vals, o, out);
    else {
      d.push(key1(2, w[i]));
      d.push(key1(9, ctx.suffix[i]));
      d.push(key1(10, ctx.shape[i]));
      d.push(key1(11, pr));
      if (ctx.lemma[i]) d.push(key1(16, ctx.lemma[i]));
      d.push(key1(29, ctx.stem[i]));
    }
    this.neighbour(ctx, i - 1, 0, out);
    this.neighbour(ctx, i + 1, 1, out);
    this.neighbour(ctx, i - 2, 2, out);
    this.neighbour(ctx, i + 2, 3, out);
    if (!this.hit(this.m1, k1, out)) {
      mb.clear();
      mb.push(key2(15, p1, w[i]));
      mb.push(key2(23, w[i], inQ));
      mb.push(key3(26, w[i], cb, p1));
      mb.push(key2(30, ctx.stem[i], sAt(ctx, i - 1)));
      this.miss(this.m1, k1, out);
    }
    if (!this.hit(this.m2, k2, out)) {
      mb.clear();
      mb.push(key1(1, 0));
      mb.push(key2(12, pr, p1));
      mb.push(key1(13, p1));
      mb.push(key2(14, p1, p2));
      mb.push(key2(21, sAt(ctx, i - 1), sAt(ctx, i + 1)));
      mb.push(key3(25, sAt(ctx, i - 1), pr, p1));
      mb.push(key3(28, sAt(ctx, i - 2), sAt(ctx, i - 1), pr));
      this.miss(this.m2, k2, out);
    }
    if (!this.hit(this.m3, k3, out)) {
      mb.clear();
      mb.push(key3(17, inQ, pr, mark));
      mb.push(key2(18, closeBefore, pr));
      mb.push(key2(19, openAfter, pr));
      mb.push(key2(24, shq, pr));
      this.miss(this.m3, k3, out);
    }
    if (!this.hit(this.m4, k4, out)) {
      mb.clear();
      mb.push(key3(20, pAt(ctx, i - 1), pr, pAt(ctx, i + 1)));
      mb.push(key3(22, first, db, pr));
      mb.push(key2(33, other, pr));
      this.miss(this.m4, k4, out);
    }
    d.push(key2(7, wAt(ctx, i - 1), w[i]));
    d.push(key2(8, w[i], wAt(ctx, i + 1)));
    d.push(key2(27, wAt(ctx, i - 1), wAt(ctx, i + 1)));
    d.push(key2(31, wAt(ctx, i + 1), wAt(ctx, i + 2)));
    d.push(key2(32, wAt(ctx, i - 2), wAt(ctx, i - 1)));
    d.push(key3(34, ctx.stem[i], wAt(ctx, i + 1), p1));
    if (parsed) {
      if (!this.hit(this.n1, k5, out)) {
        mb.clear();
        mb.push(key1(35, up));
        mb.push(key2(38, dep, up));
        mb.push(key3(41, kids, up, lp));
        mb.push(key3(42, subj, lp, up));
        mb.push(key2(43, lp, up));
        mb.push(key3(46, hlp, dep, lp));
        this.miss(this.n1, k5, out);
      }
      if (!this.hit(this.n2, k6, out)) {
        mb.clear();
        mb.push(key2(36, nf.xpos[i], p1));
        mb.push(key2(44, ner, p1));
        mb.push(key3(45, ua, up, ub));
        this.miss(this.n2, k6, out);
      }
      if (!this.hit(this.n3, k7, out)) {
        mb.clear();
        mb.push(key1(37, lemma));
        mb.push(key2(40, kids & 35, lemma));
        mb.push(key3(47, lemma, inQ, kids & 1));
        mb.push(key3(48, lemma, subj, p1));
        this.miss(this.n3, k7, out);
      }
      if (!this.hit(this.n4, k8, out)) {
        mb.clear();
        mb.push(key2(39, dep, nf.headLemma[i]));
        this.miss(this.n4, k8, out);
      }
      d.push(key3(49, h >= 0 ? w[h] : 0, dep, w[i]));
    }
    this.model.score(d.keys, d.n, out);
  }
}

/** Per-token nearest cue chunk to the left/right within the paragraph (-1 = none), as `tagger.ts` indexes them. */
interface CueIndex {
  left: Int32Array;
  right: Int32Array;
  cueOf: Int32Array;
  /** The cue's word (`ctx.w` of its highest-prior token) and that token's form number (+ 1; -1 uncached). */
  cueWord: Int32Array;
  cueWordId: Int32Array;
  cues: Chunk[];
}

function indexCues(ctx: TagContext, cueLabels: Uint8Array): CueIndex {
  const t = ctx.t;
  const n = t.n;
  const cues = chunks(cueLabels, CUE_B, CUE_I);
  const cueOf = new Int32Array(n).fill(-1);
  const cueWord = new Int32Array(cues.length);
  const cueWordId = new Int32Array(cues.length);
  cues.forEach((c, ci) => {
    let best = c.from;
    for (let k = c.from; k < c.to; k++) {
      cueOf[k] = ci;
      if (ctx.prior[k] > ctx.prior[best]) best = k;
    }
    cueWord[ci] = ctx.w[best];
    cueWordId[ci] = ctx.formId[best] < 0 ? -1 : ctx.formId[best] + 1;
  });
  const left = new Int32Array(n).fill(-1);
  const right = new Int32Array(n).fill(-1);
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (i > 0 && t.para[i] !== t.para[i - 1]) last = -1;
    left[i] = last;
    if (cueOf[i] >= 0) last = cueOf[i];
  }
  last = -1;
  for (let i = n - 1; i >= 0; i--) {
    if (i < n - 1 && t.para[i] !== t.para[i + 1]) last = -1;
    right[i] = last;
    if (cueOf[i] >= 0) last = cueOf[i];
  }
  return { left, right, cueOf, cueWord, cueWordId, cues };
}

/**
 * How each token hangs from a cue in the parse (`cuePaths` of `tagger.ts`): `rel` as the templates see it (0 none,
 * 1 a cue token, else the relation's hash, or 2), `relId` a number for it (0, 1, 2, or 3 + the relation's `depId`;
 * -1 uncached), `side` 1 = cue to the left, 2 = to the right.
 */
interface CuePaths {
  rel: Int32Array;
  relId: Int32Array;
  side: Uint8Array;
}

/**
 * Number standing for a distance to the nearest cue as `scFeatures` buckets it: -8 … 8 tokens (negative inside a
 * cue of several tokens), 10 … 13 sentences, 20 none; -1 for a longer way inside a cue.
 */
const N_DIST = 29;
const distId = (d: number): number => (d >= -8 ? d + 8 : -1);

/** Largest `relId` + 1 (`depId` ≤ `TAG_IDS_MAX` = 127). */
const N_REL = 131;

function cuePaths(ctx: TagContext, ci: CueIndex): CuePaths {
  const n = ctx.t.n;
  const rel = new Int32Array(n);
  const relId = new Int32Array(n);
  const side = new Uint8Array(n);
  const nf = ctx.nlp;
  if (!nf.parsed || ci.cues.length === 0) return { rel, relId, side };
  for (let i = 0; i < n; i++) {
    if (ci.cueOf[i] >= 0) {
      rel[i] = 1;
      relId[i] = 1;
      continue;
    }
    let below = i;
    let k = nf.head[i];
    for (let step = 0; step < 12 && k >= 0 && k !== below; step++) {
      if (ci.cueOf[k] >= 0) {
        const dep = nf.dep[below];
        rel[i] = dep || 2;
        relId[i] = dep === 0 ? 2 : nf.depId[below] < 0 || nf.depId[below] + 3 >= N_REL ? -1 : nf.depId[below] + 3;
        side[i] = k < i ? 1 : 2;
        break;
      }
      below = k;
      k = nf.head[k];
    }
  }
  return { rel, relId, side };
}

/**
 * The source/content tagger's scores (the templates of `scFeatures` in `tagger.ts`, numbered alike). A form's
 * record holds its own templates (2, 5) with and without 26 and 27 for no cue next to it, and the form as the
 * word before (3) and after (4).
 */
class ScScorer extends MemoScorer {
  private readonly recs = new FormRecords(this.C, 4);
  /** Templates 3 and 4 before and after the text. */
  private readonly edge = new Float64Array(2 * this.C);
  /** Form × previous label × cue distance classes: 8, 22, 23. */
  private readonly m1 = this.memo();
  /** Previous two labels, cue or not, shapes around: 1, 6, 7, 10, 11. */
  private readonly m2 = this.memo();
  /** Shape, previous label, cue distances and commas between: 9, 12, 13, 14, 17, 18, 24, 25. */
  private readonly m3 = this.memo();
  /** Quote, cue distance classes, position, quote mark: 19, 20, 21, 28, 32. */
  private readonly m4 = this.memo();
  /** The cue word on the left / right × distance: 15, 29 / 16, 30. */
  private readonly ml = this.memo();
  private readonly mr = this.memo();
  /** Path to a cue × relation × NER × POS × quote × left distance class: 33, 34, 35, 36, 37, 38. */
  private readonly n1 = this.memo();
  /** Paths of the token and its neighbours: 39, 40. */
  private readonly n2 = this.memo();
  /** Path × form: 41. */
  private readonly n3 = this.memo();
  /** Where `peek` reads go (so that they are not optimised away). */
  private sink = 0;

  constructor(model: LinearModel) {
    super(model);
    const mb = this.mb;
    [key1(3, 1), key1(4, 2)].forEach((key, r) => {
      mb.clear();
      mb.push(key);
      this.edge.set(this.score1(), r * this.C);
    });
  }

  /** Record offset of token `k`'s form, filled (-1: none, score key by key). */
  private record(ctx: TagContext, k: number): number {
    const recs = this.recs;
    const o = recs.at(ctx.formId[k]);
    if (o < 0 || recs.filled(o)) return o;
    const mb = this.mb;
    const w = ctx.w[k];
    const sh = ctx.shape[k];
    const C = this.C;
    mb.clear();
    mb.push(key1(2, w));
    mb.push(key1(5, sh));
    mb.push(key3(26, 0, w, sh));
    mb.push(key3(27, 0, w, sh));
    this.fillRole(recs, o);
    mb.clear();
    mb.push(key1(2, w));
    mb.push(key1(5, sh));
    this.fillRole(recs, o + C);
    mb.clear();
    mb.push(key1(3, w));
    this.fillRole(recs, o + 2 * C);
    mb.clear();
    mb.push(key1(4, w));
    this.fillRole(recs, o + 3 * C);
    return o;
  }

  /** Adds the scores of token `i` after labels `p1`, `p2` (9 = none) to `out`. */
  score(ctx: TagContext, ci: CueIndex, path: CuePaths, i: number, p1: number, p2: number, out: Float64Array): void {
    const { t, w, shape } = ctx;
    const mb = this.mb;
    const d = this.db;
    d.clear();
    const n = t.n;
    const C = this.C;
    const sent = t.sent[i];
    const ss = t.sentStart[sent];
    const se = t.sentStart[sent + 1];
    const inQ = ctx.quote[i] >= 0 ? 1 : 0;
    const isCue = ci.cueOf[i] >= 0 ? 1 : 0;
    let dl = 20;
    let lw = 3;
    let lwId = 0;
    let commasL = 0;
    const L = ci.left[i];
    if (L >= 0) {
      const c = ci.cues[L];
      const sd = sent - t.sent[c.to - 1];
      dl = sd === 0 ? distBucket(i - c.to + 1) : 10 + Math.min(sd, 3);
      lw = ci.cueWord[L];
      lwId = ci.cueWordId[L];
      if (sd === 0 && i > c.to) commasL = ctx.commas[i] - ctx.commas[c.to];
    }
    let dr = 20;
    let rw = 3;
    let rwId = 0;
    let commasR = 0;
    let qToCue = 9;
    const R = ci.right[i];
    if (R >= 0) {
      const c = ci.cues[R];
      const sd = t.sent[c.from] - sent;
      dr = sd === 0 ? distBucket(c.from - i) : 10 + Math.min(sd, 3);
      rw = ci.cueWord[R];
      rwId = ci.cueWordId[R];
      if (sd === 0 && c.from > i + 1) commasR = ctx.commas[c.from] - ctx.commas[i + 1];
      if (inQ) {
        const q = ctx.quotes[ctx.quote[i]];
        const k = ctx.quoteRunEnd[i];
        if (t.end[k - 1] <= q.end) qToCue = Math.min(8, Math.max(0, c.from - k));
      }
    }
    const cL = Math.min(commasL, 2);
    const cR = Math.min(commasR, 2);
    const dlc = dl >= 10 ? dl : dl <= 3 ? 1 : 2;
    const drc = dr >= 10 ? dr : dr <= 3 ? 1 : 2;
    const dli = distId(dl);
    const dri = distId(dr);
    const fid = ctx.formId[i];
    const sh = ctx.shapeId[i];
    const q1 = lab(p1, 5);
    const q2 = lab(p2, 5);
    const mark = ctx.mark[i];
    const shq = ctx.sentHasQuote[sent];
    const pos = i === ss ? 1 : i === se - 1 ? 2 : 0;
    const prevCue = i > 0 && ci.cueOf[i - 1] >= 0 ? 1 : 0;
    const nextCue = i + 1 < n && ci.cueOf[i + 1] >= 0 ? 1 : 0;
    const nf = ctx.nlp;
    const parsed = nf.parsed;
    const pr = path.rel[i];
    const prId = path.relId[i];
    const side = path.side[i];
    const up = nf.upos[i];
    const dep = nf.dep[i];
    const depId = nf.depId[i];
    const ner = nf.ner[i];
    const prevId = i > 0 ? path.relId[i - 1] : 0;
    const nextId = i + 1 < n ? path.relId[i + 1] : 0;
    const k1 = fid < 0 ? -1 : ((fid * 6 + q1) * 21 + dlc) * 21 + drc;
    const k2 = ((((q1 * 6 + q2) * 2 + isCue) * N_SHAPE + sId(ctx, i - 1)) * N_SHAPE + sh) * N_SHAPE + sId(ctx, i + 1);
    const k3 = dli < 0 || dri < 0 ? -1 : ((((sh * 6 + q1) * N_DIST + dli) * N_DIST + dri) * 3 + cR) * 3 + cL;
    const k4 = ((((((inQ * 21 + dlc) * 21 + drc) * 10 + qToCue) * 6 + q1) * 3 + pos) * 3 + mark) * 2 + shq;
    const kl = lwId < 0 || dli < 0 ? -1 : (lwId * N_DIST + dli) * 6 + q1;
    const kr = rwId < 0 || dri < 0 ? -1 : (rwId * N_DIST + dri) * 6 + q1;
    const k5 = !parsed || prId < 0 || depId < 0 || up >= N_UPOS ? -1 :
      ((((((prId * 3 + side) * 128 + depId) * 6 + q1) * 5 + ner) * N_UPOS + up) * 2 + inQ) * 21 + dlc;
    const k6 = !parsed || prId < 0 || prevId < 0 || nextId < 0 ? -1 : ((prId * N_REL + prevId) * N_REL + nextId) * 6 + q1;
    const k7 = !parsed || prId < 0 || fid < 0 ? -1 : (fid * N_REL + prId) * 6 + q1;
    this.sink += this.m1.peek(k1) + this.m2.peek(k2) + this.m3.peek(k3) + this.m4.peek(k4) + this.ml.peek(kl) +
      this.mr.peek(kr) + this.n1.peek(k5) + this.n2.peek(k6) + this.n3.peek(k7);
    const recs = this.recs;
    const o = this.record(ctx, i);
    if (o >= 0 && prevCue === 0 && nextCue === 0) this.add(recs.vals, o, out);
    else {
      if (o >= 0) this.add(recs.vals, o + C, out);
      else {
        d.push(key1(2, w[i]));
        d.push(key1(5, shape[i]));
      }
      d.push(key3(26, prevCue, w[i], shape[i]));
      d.push(key3(27, nextCue, w[i], shape[i]));
    }
    if (i === 0) this.add(this.edge, 0, out);
    else {
      const ol = this.record(ctx, i - 1);
      if (ol >= 0) this.add(recs.vals, ol + 2 * C, out);
      else d.push(key1(3, w[i - 1]));
    }
    if (i + 1 >= n) this.add(this.edge, C, out);
    else {
      const or = this.record(ctx, i + 1);
      if (or >= 0) this.add(recs.vals, or + 3 * C, out);
      else d.push(key1(4, w[i + 1]));
    }
    if (!this.hit(this.m1, k1, out)) {
      mb.clear();
      mb.push(key2(8, p1, w[i]));
      mb.push(key2(22, w[i], dlc));
      mb.push(key2(23, w[i], drc));
      this.miss(this.m1, k1, out);
    }
    if (!this.hit(this.m2, k2, out)) {
      mb.clear();
      mb.push(key1(1, 0));
      mb.push(key3(6, sAt(ctx, i - 1), shape[i], sAt(ctx, i + 1)));
      mb.push(key1(7, p1));
      mb.push(key2(10, p1, p2));
      mb.push(key2(11, isCue, p1));
      this.miss(this.m2, k2, out);
    }
    if (!this.hit(this.m3, k3, out)) {
      mb.clear();
      mb.push(key2(9, p1, shape[i]));
      mb.push(key2(12, dl, p1));
      mb.push(key2(13, dr, p1));
      mb.push(key3(14, dl, dr, p1));
      mb.push(key3(17, cR, drc, p1));
      mb.push(key3(18, cL, dlc, p1));
      mb.push(key3(24, shape[i], dl, p1));
      mb.push(key3(25, shape[i], dr, p1));
      this.miss(this.m3, k3, out);
    }
    if (!this.hit(this.m4, k4, out)) {
      mb.clear();
      mb.push(key3(19, inQ, dlc, drc));
      mb.push(key3(20, qToCue, inQ, p1));
      mb.push(key3(21, pos, p1, dlc));
      mb.push(key3(28, mark, p1, inQ));
      mb.push(key3(32, shq, dlc, drc));
      this.miss(this.m4, k4, out);
    }
    if (!this.hit(this.ml, kl, out)) {
      mb.clear();
      mb.push(key2(15, lw, dl));
      mb.push(key3(29, lw, dlc, p1));
      this.miss(this.ml, kl, out);
    }
    if (!this.hit(this.mr, kr, out)) {
      mb.clear();
      mb.push(key2(16, rw, dr));
      mb.push(key3(30, rw, drc, p1));
      this.miss(this.mr, kr, out);
    }
    d.push(key3(31, wAt(ctx, i - 1), w[i], p1));
    if (parsed) {
      if (!this.hit(this.n1, k5, out)) {
        mb.clear();
        mb.push(key3(33, pr, side, p1));
        mb.push(key3(34, pr, dep, p1));
        mb.push(key3(35, pr, up, inQ));
        mb.push(key2(36, up, p1));
        mb.push(key3(37, dep, p1, dlc));
        mb.push(key3(38, ner, p1, pr));
        this.miss(this.n1, k5, out);
      }
      if (!this.hit(this.n2, k6, out)) {
        mb.clear();
        mb.push(key3(39, pr, i > 0 ? path.rel[i - 1] : 0, p1));
        mb.push(key3(40, pr, i + 1 < n ? path.rel[i + 1] : 0, p1));
        this.miss(this.n2, k6, out);
      }
      if (!this.hit(this.n3, k7, out)) {
        mb.clear();
        mb.push(key3(41, pr, w[i], p1));
        this.miss(this.n3, k7, out);
      }
    }
    this.model.score(d.keys, d.n, out);
  }
}

/** One pair of scorers (with their memos) per lexicon and model: the memo keys number the lexicon's forms. */
const cueScorers = new WeakMap<CueLexicon, WeakMap<LinearModel, CueScorer>>();
const scScorers = new WeakMap<CueLexicon, WeakMap<LinearModel, ScScorer>>();

function scorerFor<S>(all: WeakMap<CueLexicon, WeakMap<LinearModel, S>>, lex: CueLexicon, model: LinearModel, make: () => S): S {
  let byModel = all.get(lex);
  if (!byModel) all.set(lex, (byModel = new WeakMap()));
  let s = byModel.get(model);
  if (!s) byModel.set(model, (s = make()));
  return s;
}

/** Inner-quotation tokens are not scored (see `tagger.ts`). */
const INQ_EDGE = 3;
const UPOS_VERB = UPOS_TAGS.indexOf('VERB');

/**
 * The cue tagger's labels per token (CUE_O/B/I) for a model read from a model file: `tagCues` without training,
 * with the same gates and scores.
 */
export function decodeCues(ctx: TagContext, model: LinearModel, bias: TagBias = NO_BIAS): Uint8Array {
  const scorer = scorerFor(cueScorers, ctx.lex, model, () => new CueScorer(model));
  const t = ctx.t;
  const n = t.n;
  const out = new Uint8Array(n);
  const scores = new Float64Array(3);
  let p1 = 9;
  let p2 = 9;
  const nf = ctx.nlp;
  for (let i = 0; i < n; i++) {
    const sent = t.sent[i];
    if (t.sentStart[sent] === i) {
      p1 = 9;
      p2 = 9;
      if (ctx.sentCand[sent] < CUE_GATE.sentMin && !ctx.sentHasQuote[sent]) {
        i = t.sentStart[sent + 1] - 1;
        continue;
      }
    }
    if (
      (p1 === 9 || p1 === CUE_O) &&
      ((CUE_GATE.token && nf.parsed && ctx.prior[i] === 0 && nf.lemPrior[i] === 0 && nf.upos[i] !== UPOS_VERB) ||
        (ctx.quote[i] >= 0 && i >= INQ_EDGE && ctx.quote[i - INQ_EDGE] === ctx.quote[i] && ctx.quoteRunEnd[i] - i > INQ_EDGE))
    ) {
      out[i] = CUE_O;
      p2 = p1;
      p1 = CUE_O;
      continue;
    }
    scores.fill(0);
    scorer.score(ctx, i, p1, p2, scores);
    if (p1 === 9 || p1 === CUE_O) scores[CUE_I] -= 1e6;
    scores[CUE_B] += bias.cue;
    const y = argmax(scores);
    out[i] = y;
    p2 = p1;
    p1 = y;
  }
  return out;
}

/**
 * The source/content tagger's labels per token given the cue labels, for a model read from a model file:
 * `tagSourceContent` without training, with the same gates and scores.
 */
export function decodeSourceContent(ctx: TagContext, cueLabels: Uint8Array, model: LinearModel, bias: TagBias = NO_BIAS): Uint8Array {
  const scorer = scorerFor(scScorers, ctx.lex, model, () => new ScScorer(model));
  const t = ctx.t;
  const n = t.n;
  const ci = indexCues(ctx, cueLabels);
  const path = cuePaths(ctx, ci);
  const out = new Uint8Array(n);
  const scores = new Float64Array(5);
  let p1 = 9;
  let p2 = 9;
  for (let i = 0; i < n; i++) {
    if (i === 0 || t.para[i] !== t.para[i - 1]) {
      p1 = 9;
      p2 = 9;
      if (ci.left[i] < 0 && ci.right[i] < 0 && ci.cueOf[i] < 0) {
        let k = i;
        while (k + 1 < n && t.para[k + 1] === t.para[i]) k++;
        i = k;
        continue;
      }
    }
    const q = ctx.quote[i];
    if (
      (p1 === SC_BCNT || p1 === SC_ICNT) && q >= 0 && i >= INQ_EDGE && ctx.quote[i - INQ_EDGE] === q &&
      ctx.quoteRunEnd[i] - i > INQ_EDGE &&
      ci.cueOf[i] < 0
    ) {
      out[i] = SC_ICNT;
      p2 = p1;
      p1 = SC_ICNT;
      continue;
    }
    scores.fill(0);
    scorer.score(ctx, ci, path, i, p1, p2, scores);
    if (p1 !== SC_BSRC && p1 !== SC_ISRC) scores[SC_ISRC] -= 1e6;
    if (p1 !== SC_BCNT && p1 !== SC_ICNT) scores[SC_ICNT] -= 1e6;
    scores[SC_BSRC] += bias.src;
    scores[SC_BCNT] += bias.cnt;
    const y = argmax(scores);
    out[i] = y;
    p2 = p1;
    p1 = y;
  }
  return out;
}

/** Test hooks: the scorers' scores for any token and previous labels, to compare with `model.score` over the keys. */
export const scorersForTest = {
  cue(ctx: TagContext, model: LinearModel, i: number, p1: number, p2: number, out: Float64Array): void {
    scorerFor(cueScorers, ctx.lex, model, () => new CueScorer(model)).score(ctx, i, p1, p2, out);
  },
  sc(ctx: TagContext, cueLabels: Uint8Array, model: LinearModel): (i: number, p1: number, p2: number, out: Float64Array) => void {
    const s = scorerFor(scScorers, ctx.lex, model, () => new ScScorer(model));
    const ci = indexCues(ctx, cueLabels);
    const path = cuePaths(ctx, ci);
    return (i, p1, p2, out) => s.score(ctx, ci, path, i, p1, p2, out);
  },
};
