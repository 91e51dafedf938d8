/**
 * The attribution taggers' feature templates, as the trainer sees them (`cueFeatures`, `scFeatures`: numbered
 * templates pushed into a key buffer), the gates that leave tokens unscored, and scorers that score a model
 * key by key (`KeyCueScorer`, `KeyScScorer`): the reference the fast decoders' memoised scorers are checked
 * against, and the scorers of models trained in memory.
 */
import { FeatureBuffer, key1, key2, key3 } from '../../nlp/features.js';
import type { LinearModel } from '../../nlp/linear/model.js';
import { UPOS_TAGS } from '../../doc/doc.js';
import type { TagContext } from './context.js';
import { cuePaths, indexCues, type CueIndex, type CuePaths } from './cue-index.js';

/** Which tokens the cue tagger scores at all (see `decode.ts`); exported for tuning runs. */
export const CUE_GATE = { sentMin: 2, token: true, train: false };

/** Tokens at least this far inside a quotation from both its ends are not scored (see the taggers). */
export const INQ_EDGE = 3;

const UPOS_VERB = UPOS_TAGS.indexOf('VERB');

/** Does the cue gate leave sentence `sent` all O: no cue candidate (by form or lemma) and no quote mark? */
export function cueSentenceGated(ctx: TagContext, sent: number): boolean {
  return ctx.sentCand[sent] < CUE_GATE.sentMin && !ctx.sentHasQuote[sent];
}

/**
 * Does the cue gate keep token `i` from opening a cue: a word never seen in a cue, by form or lemma, that is not a
 * verb, or a word well inside a quotation (at least INQ_EDGE tokens from both its ends)?
 */
export function cueTokenGated(ctx: TagContext, i: number): boolean {
  const nf = ctx.nlp;
  return (
    (CUE_GATE.token && nf.parsed && ctx.prior[i] === 0 && nf.lemPrior[i] === 0 && nf.upos[i] !== UPOS_VERB) ||
    (ctx.quote[i] >= 0 && i >= INQ_EDGE && ctx.quote[i - INQ_EDGE] === ctx.quote[i] && ctx.quoteRunEnd[i] - i > INQ_EDGE)
  );
}

export const distBucket = (d: number): number =>
  d <= 3 ? d : d <= 5 ? 4 : d <= 10 ? 5 : d <= 20 ? 6 : d <= 40 ? 7 : 8;

export function wAt(ctx: TagContext, k: number): number {
  return k < 0 ? 1 : k >= ctx.t.n ? 2 : ctx.w[k];
}
export function sAt(ctx: TagContext, k: number): number {
  return k < 0 ? 1 : k >= ctx.t.n ? 2 : ctx.shape[k];
}
export function pAt(ctx: TagContext, k: number): number {
  return k < 0 || k >= ctx.t.n ? 11 : ctx.prior[k];
}
/** Number standing for `sAt(ctx, k)`. */
export function sId(ctx: TagContext, k: number): number {
  return k < 0 ? 10 : k >= ctx.t.n ? 11 : ctx.shapeId[k];
}

export function cueFeatures(ctx: TagContext, i: number, p1: number, p2: number, fb: FeatureBuffer): void {
  const { t, w, shape, prior } = ctx;
  const sent = t.sent[i];
  const ss = t.sentStart[sent];
  const se = t.sentStart[sent + 1];
  const inQ = ctx.quote[i] >= 0 ? 1 : 0;
  // closing quote shortly before (", he said" / "," said Khamenei)
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
  fb.clear();
  fb.push(key1(1, 0));
  fb.push(key1(2, w[i]));
  fb.push(key1(3, wAt(ctx, i - 1)));
  fb.push(key1(4, wAt(ctx, i + 1)));
  fb.push(key1(5, wAt(ctx, i - 2)));
  fb.push(key1(6, wAt(ctx, i + 2)));
  fb.push(key2(7, wAt(ctx, i - 1), w[i]));
  fb.push(key2(8, w[i], wAt(ctx, i + 1)));
  fb.push(key1(9, ctx.suffix[i]));
  fb.push(key1(10, shape[i]));
  fb.push(key1(11, prior[i]));
  fb.push(key2(12, prior[i], p1));
  fb.push(key1(13, p1));
  fb.push(key2(14, p1, p2));
  fb.push(key2(15, p1, w[i]));
  if (ctx.lemma[i]) fb.push(key1(16, ctx.lemma[i]));
  fb.push(key3(17, inQ, prior[i], ctx.mark[i]));
  fb.push(key2(18, closeBefore, prior[i]));
  fb.push(key2(19, openAfter, prior[i]));
  fb.push(key3(20, pAt(ctx, i - 1), prior[i], pAt(ctx, i + 1)));
  fb.push(key2(21, sAt(ctx, i - 1), sAt(ctx, i + 1)));
  fb.push(key3(22, i === ss ? 1 : 0, distBucket(se - 1 - i), prior[i]));
  fb.push(key2(23, w[i], inQ));
  fb.push(key2(24, ctx.sentHasQuote[sent], prior[i]));
  fb.push(key3(25, sAt(ctx, i - 1), prior[i], p1));
  fb.push(key3(26, w[i], closeBefore > 0 ? 1 : 0, p1));
  fb.push(key2(27, wAt(ctx, i - 1), wAt(ctx, i + 1)));
  fb.push(key3(28, sAt(ctx, i - 2), sAt(ctx, i - 1), prior[i]));
  fb.push(key1(29, ctx.stem[i]));
  fb.push(key2(30, ctx.stem[i], sAt(ctx, i - 1)));
  fb.push(key2(31, wAt(ctx, i + 1), wAt(ctx, i + 2)));
  fb.push(key2(32, wAt(ctx, i - 2), wAt(ctx, i - 1)));
  const other = prior[i] === ctx.sentPrior1[sent] ? ctx.sentPrior2[sent] : ctx.sentPrior1[sent];
  fb.push(key2(33, other, prior[i]));
  fb.push(key3(34, ctx.stem[i], wAt(ctx, i + 1), p1));
  const nf = ctx.nlp;
  if (!nf.parsed) return;
  const up = nf.upos[i];
  const lp = nf.lemPrior[i];
  fb.push(key1(35, up));
  fb.push(key2(36, nf.xpos[i], p1));
  fb.push(key1(37, nf.lemma[i]));
  fb.push(key2(38, nf.dep[i], up));
  fb.push(key2(39, nf.dep[i], nf.headLemma[i]));
  fb.push(key2(40, nf.kids[i] & 35, nf.lemma[i]));
  fb.push(key3(41, nf.kids[i], up, lp));
  fb.push(key3(42, nf.subj[i], lp, up));
  fb.push(key2(43, lp, up));
  fb.push(key2(44, nf.ner[i], p1));
  fb.push(key3(45, up > 0 && i > 0 ? nf.upos[i - 1] : 0, up, i + 1 < ctx.t.n ? nf.upos[i + 1] : 0));
  const h = nf.head[i];
  fb.push(key3(46, h >= 0 ? nf.lemPrior[h] : 11, nf.dep[i], lp));
  fb.push(key3(47, nf.lemma[i], inQ, nf.kids[i] & 1));
  fb.push(key3(48, nf.lemma[i], nf.subj[i], p1));
  fb.push(key3(49, h >= 0 ? ctx.w[h] : 0, nf.dep[i], ctx.w[i]));
}

export function scFeatures(
  ctx: TagContext,
  ci: CueIndex,
  path: CuePaths,
  i: number,
  p1: number,
  p2: number,
  fb: FeatureBuffer,
): void {
  const { t, w, shape } = ctx;
  const n = t.n;
  const sent = t.sent[i];
  const ss = t.sentStart[sent];
  const se = t.sentStart[sent + 1];
  const inQ = ctx.quote[i] >= 0 ? 1 : 0;
  const isCue = ci.cueOf[i] >= 0 ? 1 : 0;
  // left cue
  let dl = 20; // none
  let lw = 3;
  let commasL = 0;
  const L = ci.left[i];
  if (L >= 0) {
    const c = ci.cues[L];
    const sd = sent - t.sent[c.to - 1];
    dl = sd === 0 ? distBucket(i - c.to + 1) : 10 + Math.min(sd, 3);
    lw = ci.cueWord[L];
    if (sd === 0 && i > c.to) commasL = ctx.commas[i] - ctx.commas[c.to];
  }
  let dr = 20;
  let rw = 3;
  let commasR = 0;
  let qToCue = 9;
  const R = ci.right[i];
  if (R >= 0) {
    const c = ci.cues[R];
    const sd = t.sent[c.from] - sent;
    dr = sd === 0 ? distBucket(c.from - i) : 10 + Math.min(sd, 3);
    rw = ci.cueWord[R];
    if (sd === 0 && c.from > i + 1) commasR = ctx.commas[c.from] - ctx.commas[i + 1];
    if (inQ) {
      const q = ctx.quotes[ctx.quote[i]];
      // tokens between the quote's end and the right cue
      const k = ctx.quoteRunEnd[i];
      if (t.end[k - 1] <= q.end) qToCue = Math.min(8, Math.max(0, c.from - k));
    }
  }
  const cL = Math.min(commasL, 2);
  const cR = Math.min(commasR, 2);
  const dlc = dl >= 10 ? dl : dl <= 3 ? 1 : 2;
  const drc = dr >= 10 ? dr : dr <= 3 ? 1 : 2;
  fb.clear();
  fb.push(key1(1, 0));
  fb.push(key1(2, w[i]));
  fb.push(key1(3, wAt(ctx, i - 1)));
  fb.push(key1(4, wAt(ctx, i + 1)));
  fb.push(key1(5, shape[i]));
  fb.push(key3(6, sAt(ctx, i - 1), shape[i], sAt(ctx, i + 1)));
  fb.push(key1(7, p1));
  fb.push(key2(8, p1, w[i]));
  fb.push(key2(9, p1, shape[i]));
  fb.push(key2(10, p1, p2));
  fb.push(key2(11, isCue, p1));
  fb.push(key2(12, dl, p1));
  fb.push(key2(13, dr, p1));
  fb.push(key3(14, dl, dr, p1));
  fb.push(key2(15, lw, dl));
  fb.push(key2(16, rw, dr));
  fb.push(key3(17, cR, drc, p1));
  fb.push(key3(18, cL, dlc, p1));
  fb.push(key3(19, inQ, dlc, drc));
  fb.push(key3(20, qToCue, inQ, p1));
  fb.push(key3(21, i === ss ? 1 : i === se - 1 ? 2 : 0, p1, dlc));
  fb.push(key2(22, w[i], dlc));
  fb.push(key2(23, w[i], drc));
  fb.push(key3(24, shape[i], dl, p1));
  fb.push(key3(25, shape[i], dr, p1));
  fb.push(key3(26, i > 0 && ci.cueOf[i - 1] >= 0 ? 1 : 0, w[i], shape[i]));
  fb.push(key3(27, i + 1 < n && ci.cueOf[i + 1] >= 0 ? 1 : 0, w[i], shape[i]));
  fb.push(key3(28, ctx.mark[i], p1, inQ));
  fb.push(key3(29, lw, dlc, p1));
  fb.push(key3(30, rw, drc, p1));
  fb.push(key3(31, wAt(ctx, i - 1), w[i], p1));
  fb.push(key3(32, ctx.sentHasQuote[sent], dlc, drc));
  const nf = ctx.nlp;
  if (!nf.parsed) return;
  const pr = path.rel[i];
  fb.push(key3(33, pr, path.side[i], p1));
  fb.push(key3(34, pr, nf.dep[i], p1));
  fb.push(key3(35, pr, nf.upos[i], inQ));
  fb.push(key2(36, nf.upos[i], p1));
  fb.push(key3(37, nf.dep[i], p1, dlc));
  fb.push(key3(38, nf.ner[i], p1, pr));
  fb.push(key3(39, pr, i > 0 ? path.rel[i - 1] : 0, p1));
  fb.push(key3(40, pr, i + 1 < n ? path.rel[i + 1] : 0, p1));
  fb.push(key3(41, pr, w[i], p1));
}

/** The cue tagger's scores of token `i` after labels `p1`, `p2`, key by key (`model.score` over `cueFeatures`). */
export class KeyCueScorer {
  private readonly fb = new FeatureBuffer(64);

  constructor(private readonly model: LinearModel) {}

  score(ctx: TagContext, i: number, p1: number, p2: number, out: Float64Array): void {
    cueFeatures(ctx, i, p1, p2, this.fb);
    this.model.score(this.fb.keys, this.fb.n, out);
  }
}

/** The source/content tagger's scores, key by key (`model.score` over `scFeatures`). */
export class KeyScScorer {
  private readonly fb = new FeatureBuffer(64);

  constructor(private readonly model: LinearModel) {}

  score(ctx: TagContext, ci: CueIndex, path: CuePaths, i: number, p1: number, p2: number, out: Float64Array): void {
    scFeatures(ctx, ci, path, i, p1, p2, this.fb);
    this.model.score(this.fb.keys, this.fb.n, out);
  }
}

/**
 * The scores the cue tagger gives token `i` after labels `p1`, `p2`: `model.score` over its keys. The reference the
 * decoders of `decode.ts` are checked against.
 */
export function referenceCueScores(ctx: TagContext, model: LinearModel, i: number, p1: number, p2: number, out: Float64Array): void {
  new KeyCueScorer(model).score(ctx, i, p1, p2, out);
}

/** The scores the source/content tagger gives tokens after the cue labels `cueLabels` (see `referenceCueScores`). */
export function referenceScScores(
  ctx: TagContext,
  cueLabels: Uint8Array,
  model: LinearModel,
): (i: number, p1: number, p2: number, out: Float64Array) => void {
  const ci = indexCues(ctx, cueLabels);
  const path = cuePaths(ctx, ci);
  const s = new KeyScScorer(model);
  return (i, p1, p2, out) => s.score(ctx, ci, path, i, p1, p2, out);
}
