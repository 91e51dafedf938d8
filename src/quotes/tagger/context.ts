/**
 * The per-document context both attribution taggers read (`TagContext`): each token's form attributes, the quote
 * marks around it, sentence-wide cue priors, comma counts and the NLP layers, computed once per document.
 */
import type { Doc } from '../../doc/doc.js';
import type { CueLexicon } from '../cues.js';
import { quoteTokens, type QTokens } from '../tokens.js';
import type { MarkedQuote } from '../marks.js';
import { formCache, formFeatures, WORD_CACHE_MAX, type FormFeatures } from './forms.js';
import { nlpFeatures, type NlpFeatures } from './nlp-features.js';

/** Per-token context shared by both taggers, computed once per document. */
export interface TagContext {
  t: QTokens;
  /** The cue lexicon the per-form attributes come from. */
  lex: CueLexicon;
  w: Int32Array;
  shape: Int32Array;
  /** Number of the token's form in the lexicon's form cache (-1 when not cached): `w` … `shape` are its functions. */
  formId: Int32Array;
  /** Index of the token's shape in `SHAPES`. */
  shapeId: Uint8Array;
  suffix: Int32Array;
  lemma: Int32Array;
  stem: Int32Array;
  prior: Uint8Array;
  /** Highest cue prior in each sentence, and the runner-up (for "another cue in this sentence"). */
  sentPrior1: Uint8Array;
  sentPrior2: Uint8Array;
  /** Top-level quote index containing the token (marks included), -1 outside. */
  quote: Int32Array;
  /** 1 = opening mark of a top-level quote, 2 = closing mark. */
  mark: Uint8Array;
  /** Sentence contains a top-level quote mark. */
  sentHasQuote: Uint8Array;
  /** Number of comma-like tokens before each token (n + 1 entries). */
  commas: Int32Array;
  /** End (exclusive) of the run of tokens with the same `quote` value that each token belongs to. */
  quoteRunEnd: Int32Array;
  /** Highest cue prior in each sentence by form or NLP lemma (whether the cue tagger looks at it). */
  sentCand: Uint8Array;
  quotes: MarkedQuote[];
  /** The NLP core's layers as features (the parse's all zero when the Doc was not parsed). */
  nlp: NlpFeatures;
}


/** The context of the Doc's tokens (`t`: their `quoteTokens` view, when the caller has it already). */
export function buildContext(doc: Doc, quotes: MarkedQuote[], lex: CueLexicon, t: QTokens = quoteTokens(doc)): TagContext {
  const n = t.n;
  const forms = formCache(lex);
  const ffs = new Array<FormFeatures>(n);
  for (let i = 0; i < n; i++) {
    const f = t.form[i];
    let ff = forms.get(f);
    if (!ff) {
      ff = formFeatures(lex, t.lower[i], f, forms.size < WORD_CACHE_MAX ? forms.size : -1);
      if (ff.id >= 0) forms.set(f, ff);
    }
    ffs[i] = ff;
  }
  const ctx: TagContext = {
    t,
    lex,
    w: new Int32Array(n),
    shape: new Int32Array(n),
    formId: new Int32Array(n),
    shapeId: new Uint8Array(n),
    suffix: new Int32Array(n),
    lemma: new Int32Array(n),
    stem: new Int32Array(n),
    prior: new Uint8Array(n),
    sentPrior1: new Uint8Array(t.sentStart.length),
    sentPrior2: new Uint8Array(t.sentStart.length),
    quote: new Int32Array(n).fill(-1),
    mark: new Uint8Array(n),
    sentHasQuote: new Uint8Array(t.sentStart.length),
    sentCand: new Uint8Array(t.sentStart.length),
    commas: new Int32Array(n + 1),
    quoteRunEnd: new Int32Array(n),
    quotes,
    nlp: nlpFeatures(doc, lex, ffs),
  };
  for (let i = 0; i < n; i++) {
    const ff = ffs[i];
    ctx.w[i] = ff.w;
    ctx.suffix[i] = ff.suffix;
    ctx.lemma[i] = ff.lemma;
    ctx.prior[i] = ff.prior;
    ctx.stem[i] = ff.stem;
    ctx.shape[i] = ff.shape;
    ctx.formId[i] = ff.id;
    ctx.shapeId[i] = ff.shapeId;
    ctx.commas[i + 1] = ctx.commas[i] + ff.comma;
    const s = t.sent[i];
    const pr = ctx.prior[i];
    const cand = Math.max(pr, ctx.nlp.lemPrior[i]);
    if (cand > ctx.sentCand[s]) ctx.sentCand[s] = cand;
    if (pr > ctx.sentPrior1[s]) {
      ctx.sentPrior2[s] = ctx.sentPrior1[s];
      ctx.sentPrior1[s] = pr;
    } else if (pr > ctx.sentPrior2[s]) ctx.sentPrior2[s] = pr;
  }
  let qi = 0;
  for (let i = 0; i < n && qi < quotes.length; i++) {
    while (qi < quotes.length && quotes[qi].end <= t.start[i]) qi++;
    if (qi >= quotes.length) break;
    const q = quotes[qi];
    if (t.start[i] >= q.start && t.end[i] <= q.end) {
      ctx.quote[i] = qi;
      if (t.start[i] === q.start || q.parts.some((p) => p.start === t.start[i])) ctx.mark[i] = 1;
      else if (t.end[i] === q.end || q.parts.some((p) => p.end === t.end[i] && /[”"’'»]/u.test(t.form[i]))) ctx.mark[i] = 2;
      ctx.sentHasQuote[t.sent[i]] = 1;
    }
  }
  for (let i = n - 1; i >= 0; i--) ctx.quoteRunEnd[i] = i + 1 < n && ctx.quote[i + 1] === ctx.quote[i] ? ctx.quoteRunEnd[i + 1] : i + 1;
  return ctx;
}
