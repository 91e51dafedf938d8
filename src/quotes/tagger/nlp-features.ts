/**
 * The NLP core's layers as the attribution taggers' features: POS, hashed lemma and relation, head, which
 * dependents a token governs, the kind of its subject, NER, and the cue prior of its lemma.
 */
import { hashString } from '../../nlp/features.js';
import { UPOS_TAGS, type Doc } from '../../doc/doc.js';
import { isParsed } from '../../doc/tree.js';
import { cuePrior, type CueLexicon } from '../cues.js';
import { bucketPrior, type FormFeatures, type LemmaEntry } from './forms.js';

/** The NLP core's analysis of each of the Doc's tokens. Hashes are 0 (and `head` -1) where there is none. */
export interface NlpFeatures {
  parsed: boolean;
  upos: Uint8Array;
  xpos: Int32Array;
  lemma: Int32Array;
  dep: Int32Array;
  /** The syntactic head (-1 = root or none). */
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


/**
 * The features of the Doc's tokens. `forms` (optional) are the tokens' form records: a token finds its lemma's
 * entry in its form's record when the form was last seen with that lemma (`lemmaKey`), instead of in the lemma
 * cache (the same entry: cached entries are never replaced). Without a parse, the parse features stay 0.
 */
export function nlpFeatures(doc: Doc, lex: CueLexicon, forms?: FormFeatures[]): NlpFeatures {
  const d = doc.tokens;
  const n = d.count;
  const f: NlpFeatures = {
    parsed: false,
    upos: d.upos,
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
  if (n === 0) return f;
  const parsed = isParsed(doc);
  f.parsed = parsed;
  const ner = f.ner;
  for (const sp of doc.ner ?? []) for (let k = sp.tokenStart; k < sp.tokenEnd; k++) ner[k] = NER_CODE[sp.type] ?? 4;
  const cache = lemmaCache(lex);
  for (let k = 0; k < n; k++) {
    const lemma = d.lemma[k] || d.form[k];
    const ff = forms && d.lemma[k] ? forms[k] : undefined;
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
    f.lemma[k] = e.h;
    f.lemPrior[k] = e.p;
    f.lemmaId[k] = e.id;
    if (d.xpos[k]) {
      const x = internTag(XPOS_IDS, d.xpos[k], 5);
      f.xpos[k] = x.h;
      f.xposId[k] = x.id;
    }
  }
  if (!parsed) return f;
  const deps = new Array<DepInfo>(n);
  for (let k = 0; k < n; k++) {
    const dep = (deps[k] = depInfo(d.deprel[k]));
    f.dep[k] = dep.h;
    f.depId[k] = dep.id;
  }
  for (let k = 0; k < n; k++) {
    const h = d.head[k];
    if (h < 0 || h >= n) continue;
    f.head[k] = h;
    f.headLemma[k] = f.lemma[h];
    f.headLemmaId[k] = f.lemmaId[h];
    const e = deps[k];
    if (e.bit) f.kids[h] |= e.bit;
    if (e.mark && d.lemma[k] === 'that' && deps[h].thatHead) {
      const hh = d.head[h];
      if (hh >= 0) f.kids[hh] |= 32;
    }
    if (e.nsubj) {
      const up = d.upos[k];
      f.subj[h] = ner[k] === 1 ? 1 : up === UPOS_PRON ? 2 : up === UPOS_PROPN ? 3 : 4;
    }
  }
  return f;
}
