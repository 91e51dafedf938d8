/**
 * The source/content tagger's fast scorer: the templates of `scFeatures` (`features.ts`, numbered alike) with their
 * summed weights memoised per combination of the small values they read (see `decode.ts`).
 */
import { key1, key2, key3 } from '../../nlp/features.js';
import type { LinearModel } from '../../nlp/linear/model.js';
import type { TagContext } from './context.js';
import { N_REL, type CueIndex, type CuePaths } from './cue-index.js';
import { distBucket, sAt, sId, wAt } from './features.js';
import { FormRecords, lab, MemoScorer, N_SHAPE, N_UPOS } from './memo.js';

/**
 * Number standing for a distance to the nearest cue as `scFeatures` buckets it: -8 … 8 tokens (negative inside a
 * cue of several tokens), 10 … 13 sentences, 20 none; -1 for a longer way inside a cue.
 */
const N_DIST = 29;
const distId = (d: number): number => (d >= -8 ? d + 8 : -1);

/**
 * The source/content tagger's scores (the templates of `scFeatures` in `features.ts`, numbered alike). A form's
 * record holds its own templates (2, 5) with and without 26 and 27 for no cue next to it, and the form as the
 * word before (3) and after (4).
 */
export class ScScorer extends MemoScorer {
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
    this.sum(d.keys, d.n, out);
  }
}
