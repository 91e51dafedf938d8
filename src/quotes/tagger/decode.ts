/**
 * Inference for the two attribution taggers: greedy left-to-right decoding with the gates that leave tokens
 * unscored, over the fast scorers (`decodeCues`, `decodeSourceContent`) or key by key (`referenceCues`,
 * `referenceSourceContent`). Training is in `train.ts`, the templates as the trainer sees them in `features.ts`.
 *
 * The fast scorers (`cue-scorer.ts`, `sc-scorer.ts`) give the very same scores as the templates, computed faster.
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
 * last bits; such models are scored with `referenceCues` / `referenceSourceContent`.)
 */
import { argmax, type LinearModel } from '../../nlp/linear/model.js';
import type { CueLexicon } from '../cues.js';
import type { TagContext } from './context.js';
import { cuePaths, indexCues, type CueIndex, type CuePaths } from './cue-index.js';
import { CueScorer } from './cue-scorer.js';
import { cueSentenceGated, cueTokenGated, INQ_EDGE, KeyCueScorer, KeyScScorer } from './features.js';
import { CUE_B, CUE_I, CUE_O, NO_BIAS, SC_BCNT, SC_BSRC, SC_ICNT, SC_ISRC, type TagBias } from './labels.js';
import { ScScorer } from './sc-scorer.js';

/** Scores token `i` of a document for the cue tagger after labels `p1`, `p2` (9 = none), adding to `out`. */
interface CueScoring {
  score(ctx: TagContext, i: number, p1: number, p2: number, out: Float64Array): void;
}

/** The same for the source/content tagger, given where the cues are. */
interface ScScoring {
  score(ctx: TagContext, ci: CueIndex, path: CuePaths, i: number, p1: number, p2: number, out: Float64Array): void;
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


/**
 * The cue tagger's labels per token (CUE_O/B/I) for a model read from a model file, by the fast scorer (the same
 * labels as `referenceCues`).
 */
export function decodeCues(ctx: TagContext, model: LinearModel, bias: TagBias = NO_BIAS): Uint8Array {
  return greedyCues(ctx, scorerFor(cueScorers, ctx.lex, model, () => new CueScorer(model)), bias);
}

/** The cue tagger's labels scored key by key (any model, also one trained in memory). */
export function referenceCues(ctx: TagContext, model: LinearModel, bias: TagBias = NO_BIAS): Uint8Array {
  return greedyCues(ctx, new KeyCueScorer(model), bias);
}

/**
 * Greedy cue decoding: a sentence without any cue candidate (by form or lemma) and without a quote mark is all O;
 * a word never seen in a cue, by form or lemma, that is not a verb does not open one; nor does a word well inside
 * a quotation (at least INQ_EDGE tokens from both its ends); I only after B or I.
 */
function greedyCues(ctx: TagContext, scorer: CueScoring, bias: TagBias): Uint8Array {
  const t = ctx.t;
  const n = t.n;
  const out = new Uint8Array(n);
  const scores = new Float64Array(3);
  let p1 = 9;
  let p2 = 9;
  for (let i = 0; i < n; i++) {
    const sent = t.sent[i];
    if (t.sentStart[sent] === i) {
      p1 = 9;
      p2 = 9;
      if (cueSentenceGated(ctx, sent)) {
        i = t.sentStart[sent + 1] - 1;
        continue;
      }
    }
    if ((p1 === 9 || p1 === CUE_O) && cueTokenGated(ctx, i)) {
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
 * The source/content tagger's labels per token given the cue labels, for a model read from a model file, by the
 * fast scorer (the same labels as `referenceSourceContent`).
 */
export function decodeSourceContent(ctx: TagContext, cueLabels: Uint8Array, model: LinearModel, bias: TagBias = NO_BIAS): Uint8Array {
  return greedySourceContent(ctx, cueLabels, scorerFor(scScorers, ctx.lex, model, () => new ScScorer(model)), bias);
}

/** The source/content tagger's labels scored key by key (any model, also one trained in memory). */
export function referenceSourceContent(ctx: TagContext, cueLabels: Uint8Array, model: LinearModel, bias: TagBias = NO_BIAS): Uint8Array {
  return greedySourceContent(ctx, cueLabels, new KeyScScorer(model), bias);
}

/**
 * Greedy source/content decoding: a paragraph without any cue is all O (continuation quotes are added by the
 * stage); well inside a quotation that is already content, the content goes on; I only after its B or I.
 */
function greedySourceContent(ctx: TagContext, cueLabels: Uint8Array, scorer: ScScoring, bias: TagBias): Uint8Array {
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
