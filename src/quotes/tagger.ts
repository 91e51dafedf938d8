/**
 * The two attribution taggers, greedy left-to-right averaged perceptrons over the quotes stage's own tokens:
 *
 * 1. the cue tagger (O / B-CUE / I-CUE) sees words, their neighbours, the cue lexicon's prior for the form
 *    and for the NLP lemma, the quote marks around, and the NLP core's layers: UPOS/XPOS, dependency relation
 *    and head, which dependents the word governs (a clausal complement, a "that" clause, its kind of subject)
 *    and NER;
 * 2. the source/content tagger (O / B-SRC / I-SRC / B-CNT / I-CNT) additionally sees where the nearest cue
 *    lies to the left and to the right (token and sentence distance, the cue word, commas in between) and how
 *    the token hangs from a cue in the parse (under its nsubj, its ccomp …).
 *
 * PolNeAR annotations are univocal (a token belongs to at most one attribution), so each is a tag sequence.
 */
import { FeatureBuffer, hashString, key1, key2, key3 } from '../nlp/features.js';
import { argmax, type LinearModel, type PerceptronTrainer } from '../nlp/perceptron.js';
import { UPOS_TAGS, type Doc } from '../doc/doc.js';
import { isParsed } from '../doc/tree.js';
import { cuePrior, type CueLexicon } from './cues.js';
import type { QTokens } from './lex.js';
import type { MarkedQuote } from './marks.js';

/**
 * One perceptron training step for a greedy tagger: move weights from the guess towards the gold label and
 * return the gold label, which the decoder then conditions on (teacher forcing).
 */
function learn(trainer: PerceptronTrainer, fb: FeatureBuffer, guess: number, gold: number): number {
  trainer.tick();
  if (guess !== gold) {
    trainer.update(fb.keys, fb.n, gold, 1);
    trainer.update(fb.keys, fb.n, guess, -1);
  }
  return gold;
}

export const CUE_O = 0;
export const CUE_B = 1;
export const CUE_I = 2;
export const SC_O = 0;
export const SC_BSRC = 1;
export const SC_ISRC = 2;
export const SC_BCNT = 3;
export const SC_ICNT = 4;
export const CUE_LABELS = ['O', 'B-CUE', 'I-CUE'];
export const SC_LABELS = ['O', 'B-SRC', 'I-SRC', 'B-CNT', 'I-CNT'];

/** Score offsets added to the B- classes at decoding time (tuned on DEV, stored in the model file). */
export interface TagBias {
  cue: number;
  src: number;
  cnt: number;
}
export const NO_BIAS: TagBias = { cue: 0, src: 0, cnt: 0 };

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
  /** Layers of the NLP core projected onto these tokens (all zero when the Doc was not parsed). */
  nlp: NlpFeatures;
}

/**
 * The NLP core's analysis seen from the quotes tokens: each quotes token takes the tags of the first NLP token
 * it overlaps. Hashes are 0 (and `head` -1) where there is no analysis.
 */
export interface NlpFeatures {
  parsed: boolean;
  upos: Uint8Array;
  xpos: Int32Array;
  lemma: Int32Array;
  dep: Int32Array;
  /** Quotes-token index of the syntactic head (-1 = root or none). */
  head: Int32Array;
  headLemma: Int32Array;
  /**
   * Bit set of the token's dependents: 1 ccomp, 2 parataxis, 4 xcomp, 8 obj, 16 nsubj, 32 "that" mark below a
   * ccomp or acl, 64 acl (a clause on a noun: "the claim that …"), 128 nmod:poss ("Trump's claim").
   */
  kids: Uint8Array;
  /** Kind of the nsubj dependent: 0 none, 1 person name, 2 pronoun, 3 other name, 4 common noun. */
  subj: Uint8Array;
  /** NER type of the token: 0 none, 1 PER, 2 ORG, 3 LOC, 4 MISC. */
  ner: Uint8Array;
  /** Cue prior of the NLP lemma (0..10 like `prior`). */
  lemPrior: Uint8Array;
  /**
   * Small numbers standing for `xpos`, `dep`, `lemma` and `headLemma` (the decoders' score memos use them): equal
   * numbers mean equal hashes; 0 where the hash is 0, -1 where a table was full.
   */
  xposId: Int32Array;
  depId: Int32Array;
  lemmaId: Int32Array;
  headLemmaId: Int32Array;
}

const UPOS_VERB = UPOS_TAGS.indexOf('VERB');
/** Which tokens the cue tagger scores at all (see `tagCues`); exported for tuning runs. */
export const CUE_GATE = { sentMin: 2, token: true, train: false };

/** Tokens at least this far inside a quotation from both its ends are not scored (see the taggers). */
const INQ_EDGE = 3;
const NER_CODE: Record<string, number> = { PER: 1, ORG: 2, LOC: 3, MISC: 4 };
const KID_BIT = new Map<string, number>([['ccomp', 1], ['parataxis', 2], ['xcomp', 4], ['obj', 8], ['nsubj', 16], ['acl', 64], ['nmod:poss', 128]]);
const lemmaPriors = new WeakMap<CueLexicon, Map<string, number>>();

/** Highest cue prior among the forms that share a lemma. */
function lemmaPrior(lex: CueLexicon, lemma: string): number {
  let m = lemmaPriors.get(lex);
  if (!m) {
    m = new Map();
    for (const [form, e] of lex.forms) m.set(e.lemma, Math.max(m.get(e.lemma) ?? 0, cuePrior(lex, form)));
    lemmaPriors.set(lex, m);
  }
  return m.get(lemma) ?? cuePrior(lex, lemma);
}

/** An NLP lemma's hash, bucketed cue prior and number (1, 2 … in order of caching; 0 for hash 0, else -1). */
interface LemmaEntry {
  h: number;
  p: number;
  id: number;
}
const lemmaCaches = new WeakMap<CueLexicon, Map<string, LemmaEntry>>();
/** NLP lemma → its hash, bucketed cue prior and number, shared by all documents. */
function lemmaCache(lex: CueLexicon): Map<string, LemmaEntry> {
  let m = lemmaCaches.get(lex);
  if (!m) lemmaCaches.set(lex, (m = new Map()));
  return m;
}

/** XPOS tags seen so far: hash and number (1, 2 …; -1 past `TAG_IDS_MAX`). */
const XPOS_IDS = new Map<string, { h: number; id: number }>();
/** Largest tag number (the decoders' memo keys reserve 7 bits for a dependency relation). */
export const TAG_IDS_MAX = 127;

function internTag(m: Map<string, { h: number; id: number }>, tag: string, seed: number): { h: number; id: number } {
  let e = m.get(tag);
  if (!e) {
    e = { h: hashString(tag, seed), id: m.size + 1 <= TAG_IDS_MAX ? m.size + 1 : -1 };
    if (e.id > 0) m.set(tag, e);
  }
  return e;
}

/**
 * What the features read from a dependency relation, worked out once per relation: its hash and number (as
 * `internTag` gives them), its bit in the head's `kids`, whether it is a `mark` or an `nsubj` (by its part before
 * any `:`), and whether a "that" mark below it sets bit 32 (ccomp, acl…).
 */
interface DepInfo {
  h: number;
  id: number;
  bit: number;
  mark: boolean;
  nsubj: boolean;
  thatHead: boolean;
}
const DEP_INFO = new Map<string, DepInfo>();

function depInfo(rel: string): DepInfo {
  let e = DEP_INFO.get(rel);
  if (!e) {
    const base = rel.indexOf(':') >= 0 ? rel.slice(0, rel.indexOf(':')) : rel;
    e = {
      h: hashString(rel, 3),
      id: DEP_INFO.size + 1 <= TAG_IDS_MAX ? DEP_INFO.size + 1 : -1,
      bit: KID_BIT.get(rel) ?? KID_BIT.get(base) ?? 0,
      mark: base === 'mark',
      nsubj: base === 'nsubj',
      thatHead: rel === 'ccomp' || rel.startsWith('acl'),
    };
    if (e.id > 0) DEP_INFO.set(rel, e);
  }
  return e;
}
const UPOS_PRON = UPOS_TAGS.indexOf('PRON');
const UPOS_PROPN = UPOS_TAGS.indexOf('PROPN');

const bucketPrior = (p: number): number => (p <= 0 ? 0 : 1 + Math.min(9, Math.floor(p * 10)));

/**
 * `forms` (optional) are the quotes tokens' form records: an NLP token with the same form as its quotes token
 * finds its lemma's entry in the record when the form was last seen with that lemma (`lemmaKey`), instead of in
 * the lemma cache (the same entry: cached entries are never replaced).
 */
export function nlpFeatures(t: QTokens, doc: Doc | null | undefined, lex: CueLexicon, forms?: FormFeatures[]): NlpFeatures {
  const n = t.n;
  const f: NlpFeatures = {
    parsed: false,
    upos: new Uint8Array(n),
    xpos: new Int32Array(n),
    lemma: new Int32Array(n),
    dep: new Int32Array(n),
    head: new Int32Array(n).fill(-1),
    headLemma: new Int32Array(n),
    kids: new Uint8Array(n),
    subj: new Uint8Array(n),
    ner: new Uint8Array(n),
    lemPrior: new Uint8Array(n),
    xposId: new Int32Array(n),
    depId: new Int32Array(n),
    lemmaId: new Int32Array(n),
    headLemmaId: new Int32Array(n),
  };
  const d = doc?.tokens;
  if (!d || d.count === 0) return f;
  const parsed = isParsed(doc!);
  f.parsed = parsed;
  // quotes token -> NLP token (first overlapping, else next) and NLP token -> quotes token
  const dj = new Int32Array(n);
  const qOf = new Int32Array(d.count).fill(-1);
  let j = 0;
  for (let i = 0; i < n; i++) {
    while (j < d.count && d.end[j] <= t.start[i]) j++;
    dj[i] = j < d.count ? j : d.count - 1;
  }
  let i2 = 0;
  for (let k = 0; k < d.count; k++) {
    while (i2 < n && t.end[i2] <= d.start[k]) i2++;
    qOf[k] = i2 < n ? i2 : n - 1;
  }
  const nerOf = new Uint8Array(d.count);
  for (const sp of doc!.ner ?? []) for (let k = sp.tokenStart; k < sp.tokenEnd; k++) nerOf[k] = NER_CODE[sp.type] ?? 4;
  const lemH = new Int32Array(d.count);
  const lemP = new Uint8Array(d.count);
  const lemI = new Int32Array(d.count);
  const cache = lemmaCache(lex);
  for (let k = 0; k < d.count; k++) {
    const lemma = d.lemma[k] || d.form[k];
    const ff = forms && d.lemma[k] && d.form[k] === t.form[qOf[k]] ? forms[qOf[k]] : undefined;
    let e: LemmaEntry | undefined;
    let inCache = false;
    if (ff && ff.lemmaKey === lemma) e = ff.lemmaEntry;
    else {
      e = cache.get(lemma);
      inCache = e !== undefined;
    }
    if (!e) {
      const low = lemma.toLowerCase();
      const cached = d.lemma[k] && cache.size < 200_000;
      e = { h: d.lemma[k] ? hashString(low, 11) : 0, p: bucketPrior(lemmaPrior(lex, low)), id: cached ? cache.size + 1 : -1 };
      if (e.h === 0) e.id = 0;
      if (cached) {
        cache.set(lemma, e);
        inCache = true;
      }
    }
    if (ff && inCache) {
      ff.lemmaKey = lemma;
      ff.lemmaEntry = e;
    }
    lemH[k] = e.h;
    lemP[k] = e.p;
    lemI[k] = e.id;
  }
  const kids = new Uint8Array(d.count);
  const subj = new Uint8Array(d.count);
  const deps: DepInfo[] = parsed ? new Array<DepInfo>(d.count) : [];
  if (parsed) {
    for (let k = 0; k < d.count; k++) deps[k] = depInfo(d.deprel[k]);
    for (let k = 0; k < d.count; k++) {
      const h = d.head[k];
      if (h < 0 || h >= d.count) continue;
      const e = deps[k];
      if (e.bit) kids[h] |= e.bit;
      if (e.mark && d.lemma[k] === 'that' && deps[h].thatHead) {
        const hh = d.head[h];
        if (hh >= 0) kids[hh] |= 32;
      }
      if (e.nsubj) {
        const up = d.upos[k];
        subj[h] = nerOf[k] === 1 ? 1 : up === UPOS_PRON ? 2 : up === UPOS_PROPN ? 3 : 4;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const k = dj[i];
    f.upos[i] = d.upos[k];
    if (d.xpos[k]) {
      const x = internTag(XPOS_IDS, d.xpos[k], 5);
      f.xpos[i] = x.h;
      f.xposId[i] = x.id;
    }
    f.lemma[i] = lemH[k];
    f.lemmaId[i] = lemI[k];
    f.ner[i] = nerOf[k];
    f.lemPrior[i] = lemP[k];
    if (parsed) {
      const dep = deps[k];
      f.dep[i] = dep.h;
      f.depId[i] = dep.id;
      const h = d.head[k];
      if (h >= 0 && h < d.count) {
        f.head[i] = qOf[h];
        f.headLemma[i] = lemH[h];
        f.headLemmaId[i] = lemI[h];
      }
      f.kids[i] = kids[k];
      f.subj[i] = subj[k];
    }
  }
  return f;
}

const PUNCT_COMMA = new Set([',', '—', '–', '--', '―', ';', '(', ')']);

/** The word shapes `shapeOf` tells apart; a token's `shapeId` indexes this list (and `SHAPE_HASH`). */
export const SHAPES = ['Xx', 'XX', 'X', 'x', 'd', 'q', '.', ',', ':', 'p'] as const;
const SHAPE_HASH = SHAPES.map((sh) => hashString(sh));

function shapeOf(f: string): (typeof SHAPES)[number] {
  if (/^\p{Lu}\p{Ll}/u.test(f)) return 'Xx';
  if (/^\p{Lu}+\.?$/u.test(f)) return f.length > 1 ? 'XX' : 'X';
  if (/^\p{Ll}/u.test(f)) return 'x';
  if (/^\p{N}/u.test(f)) return 'd';
  if (/^[“”"‘’'«»]$/u.test(f)) return 'q';
  if (/^[.!?…]|^\.\.\.$/u.test(f)) return '.';
  if (f === ',') return ',';
  if (f === ':') return ':';
  return 'p';
}

export function buildContext(t: QTokens, quotes: MarkedQuote[], lex: CueLexicon, doc?: Doc | null): TagContext {
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
    nlp: nlpFeatures(t, doc, lex, ffs),
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

/**
 * Per-form hashed attributes (they depend only on the form and the lexicon), shared by all documents, with the
 * form's number in its lexicon's cache (`id`, -1 once the cache is full), which the decoders' score memos use.
 */
interface FormFeatures {
  id: number;
  w: number;
  suffix: number;
  lemma: number;
  prior: number;
  stem: number;
  shape: number;
  shapeId: number;
  /** 1 for a comma-like token (`PUNCT_COMMA`). */
  comma: number;
  /** The NLP lemma this form was last seen with (in the lemma cache), and its entry there (see `nlpFeatures`). */
  lemmaKey: string;
  lemmaEntry: LemmaEntry | undefined;
}
const WORD_CACHE_MAX = 200_000;
const formCaches = new WeakMap<CueLexicon, Map<string, FormFeatures>>();

function formCache(lex: CueLexicon): Map<string, FormFeatures> {
  let m = formCaches.get(lex);
  if (!m) formCaches.set(lex, (m = new Map()));
  return m;
}

function formFeatures(lex: CueLexicon, lw: string, form: string, id: number): FormFeatures {
  const e = lex.forms.get(lw);
  const shapeId = SHAPES.indexOf(shapeOf(form));
  return {
    id,
    w: hashString(lw),
    suffix: hashString(lw.length > 3 ? lw.slice(-3) : lw, 7),
    lemma: e ? hashString(e.lemma, 11) : 0,
    prior: bucketPrior(cuePrior(lex, lw)),
    stem: hashString(stem(lw), 13),
    shape: SHAPE_HASH[shapeId],
    shapeId,
    comma: PUNCT_COMMA.has(form) ? 1 : 0,
    lemmaKey: '',
    lemmaEntry: undefined,
  };
}

/** Crude suffix-stripping stem so that rare inflections share evidence (pledged/pledges/pledging). */
function stem(w: string): string {
  if (w.length <= 4) return w;
  if (w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.endsWith('ied')) return w.slice(0, -3) + 'y';
  if (w.endsWith('ing')) return w.slice(0, -3);
  if (w.endsWith('ed')) return w.endsWith('eed') ? w.slice(0, -1) : w.slice(0, -2);
  if (w.endsWith('es') && /(ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  if (w.endsWith('e')) return w.slice(0, -1);
  return w;
}

const distBucket = (d: number): number =>
  d <= 3 ? d : d <= 5 ? 4 : d <= 10 ? 5 : d <= 20 ? 6 : d <= 40 ? 7 : 8;

function wAt(ctx: TagContext, k: number): number {
  return k < 0 ? 1 : k >= ctx.t.n ? 2 : ctx.w[k];
}
function sAt(ctx: TagContext, k: number): number {
  return k < 0 ? 1 : k >= ctx.t.n ? 2 : ctx.shape[k];
}
function pAt(ctx: TagContext, k: number): number {
  return k < 0 || k >= ctx.t.n ? 11 : ctx.prior[k];
}

function cueFeatures(ctx: TagContext, i: number, p1: number, p2: number, fb: FeatureBuffer): void {
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

/** Runs the cue tagger; returns labels per token (CUE_O/B/I). With `gold` + `trainer`, trains on the doc. */
export function tagCues(
  ctx: TagContext,
  model: LinearModel | PerceptronTrainer,
  gold?: Uint8Array,
  bias: TagBias = NO_BIAS,
): Uint8Array {
  const n = ctx.t.n;
  const out = new Uint8Array(n);
  const fb = new FeatureBuffer(64);
  const scores = new Float64Array(3);
  let p1 = 9;
  let p2 = 9;
  const trainer = gold ? (model as PerceptronTrainer) : null;
  const nf = ctx.nlp;
  for (let i = 0; i < n; i++) {
    const sent = ctx.t.sent[i];
    if (ctx.t.sentStart[sent] === i) {
      p1 = 9;
      p2 = 9;
      if ((!trainer || CUE_GATE.train) && ctx.sentCand[sent] < CUE_GATE.sentMin && !ctx.sentHasQuote[sent]) {
        // no cue candidate in this sentence (by form or lemma): all O
        i = ctx.t.sentStart[sent + 1] - 1;
        continue;
      }
    }
    // A word never seen in a cue, by form or lemma, that is not a verb does not open one; nor does a word well
    // inside a quotation (at least INQ_EDGE tokens from both its ends).
    if (
      (p1 === 9 || p1 === CUE_O) && (!trainer || CUE_GATE.train) &&
      ((CUE_GATE.token && nf.parsed && ctx.prior[i] === 0 && nf.lemPrior[i] === 0 && nf.upos[i] !== UPOS_VERB) ||
        (ctx.quote[i] >= 0 && i >= INQ_EDGE && ctx.quote[i - INQ_EDGE] === ctx.quote[i] && ctx.quoteRunEnd[i] - i > INQ_EDGE))
    ) {
      out[i] = CUE_O;
      p2 = p1;
      p1 = CUE_O;
      continue;
    }
    cueFeatures(ctx, i, p1, p2, fb);
    scores.fill(0);
    model.score(fb.keys, fb.n, scores);
    if (p1 === 9 || p1 === CUE_O) scores[CUE_I] -= 1e6; // I only after B/I
    scores[CUE_B] += bias.cue;
    let y = argmax(scores);
    if (trainer && gold) y = learn(trainer, fb, y, gold[i]);
    out[i] = y;
    p2 = p1;
    p1 = y;
  }
  return out;
}

export interface Chunk {
  from: number;
  /** exclusive */
  to: number;
}

/** Contiguous chunks of label B(I)* from a BIO sequence (`b`, `i` = label ids). */
export function chunks(labels: Uint8Array, b: number, i: number): Chunk[] {
  const out: Chunk[] = [];
  let k = 0;
  const n = labels.length;
  while (k < n) {
    if (labels[k] === b || labels[k] === i) {
      const from = k;
      k++;
      while (k < n && labels[k] === i) k++;
      out.push({ from, to: k });
    } else k++;
  }
  return out;
}

/** Per-token nearest cue chunk to the left/right within the paragraph (-1 = none). */
interface CueIndex {
  left: Int32Array;
  right: Int32Array;
  cueOf: Int32Array;
  cueWord: Int32Array;
  cues: Chunk[];
}

function indexCues(ctx: TagContext, cueLabels: Uint8Array): CueIndex {
  const t = ctx.t;
  const n = t.n;
  const cues = chunks(cueLabels, CUE_B, CUE_I);
  const cueOf = new Int32Array(n).fill(-1);
  const cueWord = new Int32Array(cues.length);
  cues.forEach((c, ci) => {
    let best = c.from;
    for (let k = c.from; k < c.to; k++) {
      cueOf[k] = ci;
      if (ctx.prior[k] > ctx.prior[best]) best = k;
    }
    cueWord[ci] = ctx.w[best];
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
  return { left, right, cueOf, cueWord, cues };
}

/**
 * For each token, how it hangs from a cue in the parse: the relation of the cue's dependent on the path up from
 * the token (nsubj for the speaker, ccomp for the reported clause …), 1 for a cue token itself, 0 when no cue
 * governs it within a few steps. `side` is 1 when that cue lies to the left of the token, 2 to the right.
 */
function cuePaths(ctx: TagContext, ci: CueIndex): { rel: Int32Array; side: Uint8Array } {
  const n = ctx.t.n;
  const rel = new Int32Array(n);
  const side = new Uint8Array(n);
  const nf = ctx.nlp;
  if (!nf.parsed || ci.cues.length === 0) return { rel, side };
  for (let i = 0; i < n; i++) {
    if (ci.cueOf[i] >= 0) {
      rel[i] = 1;
      continue;
    }
    let below = i;
    let k = nf.head[i];
    for (let step = 0; step < 12 && k >= 0 && k !== below; step++) {
      if (ci.cueOf[k] >= 0) {
        rel[i] = nf.dep[below] || 2;
        side[i] = k < i ? 1 : 2;
        break;
      }
      below = k;
      k = nf.head[k];
    }
  }
  return { rel, side };
}

function scFeatures(
  ctx: TagContext,
  ci: CueIndex,
  path: { rel: Int32Array; side: Uint8Array },
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

/** Runs the source/content tagger given cue labels; trains when `gold` is given (model = trainer). */
export function tagSourceContent(
  ctx: TagContext,
  cueLabels: Uint8Array,
  model: LinearModel | PerceptronTrainer,
  gold?: Uint8Array,
  bias: TagBias = NO_BIAS,
): Uint8Array {
  const n = ctx.t.n;
  const ci = indexCues(ctx, cueLabels);
  const path = cuePaths(ctx, ci);
  const out = new Uint8Array(n);
  const fb = new FeatureBuffer(64);
  const scores = new Float64Array(5);
  let p1 = 9;
  let p2 = 9;
  const trainer = gold ? (model as PerceptronTrainer) : null;
  const skipBare = !trainer;
  for (let i = 0; i < n; i++) {
    const t = ctx.t;
    if (i === 0 || t.para[i] !== t.para[i - 1]) {
      p1 = 9;
      p2 = 9;
      if (skipBare && ci.left[i] < 0 && ci.right[i] < 0 && ci.cueOf[i] < 0) {
        // a paragraph without any cue: no source or content to tag (continuation quotes are added by the stage)
        let k = i;
        while (k + 1 < n && t.para[k + 1] === t.para[i]) k++;
        i = k;
        continue;
      }
    }
    // Well inside a quotation that is already content, the content goes on: no need to score.
    const q = ctx.quote[i];
    if (
      !trainer && (p1 === SC_BCNT || p1 === SC_ICNT) && q >= 0 && i >= INQ_EDGE && ctx.quote[i - INQ_EDGE] === q &&
      ctx.quoteRunEnd[i] - i > INQ_EDGE &&
      ci.cueOf[i] < 0
    ) {
      out[i] = SC_ICNT;
      p2 = p1;
      p1 = SC_ICNT;
      continue;
    }
    scFeatures(ctx, ci, path, i, p1, p2, fb);
    scores.fill(0);
    model.score(fb.keys, fb.n, scores);
    if (p1 !== SC_BSRC && p1 !== SC_ISRC) scores[SC_ISRC] -= 1e6;
    if (p1 !== SC_BCNT && p1 !== SC_ICNT) scores[SC_ICNT] -= 1e6;
    scores[SC_BSRC] += bias.src;
    scores[SC_BCNT] += bias.cnt;
    let y = argmax(scores);
    if (trainer && gold) y = learn(trainer, fb, y, gold[i]);
    out[i] = y;
    p2 = p1;
    p1 = y;
  }
  return out;
}


/**
 * The scores `tagCues` gives token `i` after labels `p1`, `p2`: `model.score` over its keys. The reference the
 * decoders of `decode.ts` are checked against.
 */
export function referenceCueScores(ctx: TagContext, model: LinearModel, i: number, p1: number, p2: number, out: Float64Array): void {
  const fb = new FeatureBuffer(64);
  cueFeatures(ctx, i, p1, p2, fb);
  model.score(fb.keys, fb.n, out);
}

/** The scores `tagSourceContent` gives tokens after the cue labels `cueLabels` (see `referenceCueScores`). */
export function referenceScScores(
  ctx: TagContext,
  cueLabels: Uint8Array,
  model: LinearModel,
): (i: number, p1: number, p2: number, out: Float64Array) => void {
  const ci = indexCues(ctx, cueLabels);
  const path = cuePaths(ctx, ci);
  const fb = new FeatureBuffer(64);
  return (i, p1, p2, out) => {
    scFeatures(ctx, ci, path, i, p1, p2, fb);
    model.score(fb.keys, fb.n, out);
  };
}
