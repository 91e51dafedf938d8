/**
 * The cue tagger's fast scorer: the templates of `cueFeatures` (`features.ts`, numbered alike) with their summed
 * weights memoised per combination of the small values they read (see `decode.ts`).
 */
import { key1, key2, key3 } from '../../nlp/features.js';
import type { LinearModel } from '../../nlp/linear/model.js';
import type { TagContext } from './context.js';
import { distBucket, pAt, sAt, sId, wAt } from './features.js';
import { FormRecords, lab, MemoScorer, N_SHAPE, N_UPOS } from './memo.js';

/**
 * The cue tagger's scores (the templates of `cueFeatures` in `features.ts`, numbered alike). A form's record holds
 * its own templates (2, 9, 10, 11, 16, 29) and the form as the word before (3), after (4), two before (5) and two
 * after (6).
 */
export class CueScorer extends MemoScorer {
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
    this.sum(d.keys, d.n, out);
  }
}
