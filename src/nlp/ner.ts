/**
 * Named-entity recogniser: CoNLL-2003 types (PER, ORG, LOC, MISC) over token forms, no POS tags needed.
 *
 * Model: two stacked greedy left-to-right averaged perceptrons over BILOU labels (Ratinov & Roth 2009 style).
 *  - Stage 1 sees word-level features of a ±2 window (forms, lowercase, shapes, affixes), distributional word
 *    clusters (bit-path prefixes, see scripts/build-word-clusters.ts), gazetteer matches (PETRARCH actor
 *    dictionaries, see scripts/build-ner-gazetteer.ts), document-level casing evidence (is this word written
 *    capitalised / lowercase elsewhere in the document) and its own previous two predictions.
 *  - Stage 2 adds stage 1's labels around the token and the labels stage 1 gave the same word elsewhere in the
 *    document (trained on jackknifed stage-1 output, so it learns how far to trust them).
 * Decoding never produces an invalid BILOU sequence. Features are hashed integer keys (src/nlp/features.ts).
 *
 * `tagDocument` is the accurate entry point (the pipeline hands it a whole article); `tag`/`spans` treat
 * their sentence as a one-sentence document.
 */
import { hashString, key1, key2, key3, FeatureBuffer } from './features.js';
import { LinearModel, PerceptronTrainer } from './perceptron.js';
import { derivedArrays, loadModel, saveModel, type StoredArray } from './model-file.js';
import { modelPath } from './paths.js';
import { seededRandom, shuffle } from './random.js';

export type NerType = 'PER' | 'ORG' | 'LOC' | 'MISC';
export const NER_ENTITY_TYPES: readonly NerType[] = ['PER', 'ORG', 'LOC', 'MISC'];

export interface NerEntitySpan {
  /** First token (inclusive). */
  start: number;
  /** Token after the last one (exclusive). */
  end: number;
  type: NerType;
  /** Confidence 0..1 (mean calibrated probability of the span's token labels). */
  score: number;
}

// ---------------------------------------------------------------------------------------------------------
// Labels: 0 = O, then for type t (0..3) and position p (B, I, L, U): 1 + 4t + p.

const N_LABELS = 17;
const POS_B = 0;
const POS_I = 1;
const POS_L = 2;
const POS_U = 3;
const labelType = (c: number): number => (c === 0 ? -1 : (c - 1) >> 2);
const labelPos = (c: number): number => (c === 0 ? -1 : (c - 1) & 3);
const makeLabel = (t: number, p: number): number => 1 + 4 * t + p;

/** allowed[prev * N + cur]: BILOU transition constraints (prev = 0 at sentence start). */
const ALLOWED = (() => {
  const a = new Uint8Array(N_LABELS * N_LABELS);
  for (let p = 0; p < N_LABELS; p++) {
    for (let c = 0; c < N_LABELS; c++) {
      const pp = labelPos(p);
      const inside = pp === POS_B || pp === POS_I;
      const cp = labelPos(c);
      const cont = cp === POS_I || cp === POS_L;
      a[p * N_LABELS + c] = inside ? (cont && labelType(c) === labelType(p) ? 1 : 0) : cont ? 0 : 1;
    }
  }
  return a;
})();

/** BILOU label sequence → BIO tags. */
function labelsToBio(labels: ArrayLike<number>, n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (c === 0) out[i] = 'O';
    else {
      const p = labelPos(c);
      out[i] = `${p === POS_B || p === POS_U ? 'B' : 'I'}-${NER_ENTITY_TYPES[labelType(c)]}`;
    }
  }
  return out;
}

/** BIO/IOB tags → BILOU label ids (spans as conlleval reads them). */
export function bioToLabels(tags: readonly string[]): Uint8Array {
  const n = tags.length;
  const out = new Uint8Array(n);
  const typeOf = (t: string): number => (t.length > 2 && t[1] === '-' ? NER_ENTITY_TYPES.indexOf(t.slice(2) as NerType) : -1);
  let i = 0;
  while (i < n) {
    const t = typeOf(tags[i]);
    if (t < 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && tags[j][0] === 'I' && typeOf(tags[j]) === t) j++;
    if (j - i === 1) out[i] = makeLabel(t, POS_U);
    else {
      out[i] = makeLabel(t, POS_B);
      for (let k = i + 1; k < j - 1; k++) out[k] = makeLabel(t, POS_I);
      out[j - 1] = makeLabel(t, POS_L);
    }
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Normalisation and word-level properties.

/** Canonical form for features and cluster lookup: typographic quotes/dashes → ASCII, U.S. → US, digits → 0. */
export function normalizeForm(form: string): string {
  let s = form;
  if (/[^\x20-\x7e]/.test(s)) {
    s = s
      .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
      .replace(/[\u2013\u2014\u2212]/g, '-')
      .replace(/\u2026/g, '...')
      .replace(/\u00a0/g, ' ');
  }
  if (s === "''" || s === '``') s = '"';
  // Dotted acronyms (U.S., U.N.) share features with the undotted spelling of current news (US, UN).
  if (s.length >= 4 && s[1] === '.' && /^(?:[A-Z]\.){2,}$/.test(s)) s = s.replace(/\./g, '');
  return s.replace(/[0-9]/g, '0');
}

/** Lowercase key used by the gazetteer (quotes normalised, digits kept). */
function gazKey(form: string): string {
  return form.replace(/[\u2018\u2019\u201a\u201b\u2032`]/g, "'").toLowerCase();
}

function shapeOf(s: string, compress: boolean): string {
  let out = '';
  let last = '';
  for (let i = 0; i < s.length && out.length < 12; i++) {
    const ch = s[i];
    let c: string;
    if (ch >= 'a' && ch <= 'z') c = 'x';
    else if (ch >= 'A' && ch <= 'Z') c = 'X';
    else if (ch >= '0' && ch <= '9') c = 'd';
    else if (ch.toLowerCase() !== ch.toUpperCase()) c = ch === ch.toLowerCase() ? 'x' : 'X';
    else c = ch;
    if (compress && c === last) continue;
    out += c;
    last = c;
  }
  return out;
}

const hasUpperFirst = (s: string): boolean => s.length > 0 && s[0] !== s[0].toLowerCase();
const isAllLower = (s: string): boolean => s === s.toLowerCase() && s !== s.toUpperCase();
const hasLetter = (s: string): boolean => s.toLowerCase() !== s.toUpperCase();
const isAllCaps = (s: string): boolean => s === s.toUpperCase() && s !== s.toLowerCase();

// ---------------------------------------------------------------------------------------------------------
// Resources: word clusters and gazetteer.

/** Cluster bit-path prefix lengths used as features. */
const CLUSTER_LEVELS = [4, 6, 10, 14, 20] as const;
const NL = CLUSTER_LEVELS.length;

export class WordClusters {
  private index = new Map<string, number>();
  /** rows × NL hashed path prefixes (0 = path shorter than the level). */
  private prefixes: Int32Array;
  readonly size: number;

  /** `text`: lines `path\tword[\tcount]` (Brown-cluster file format). */
  constructor(text: string) {
    const lines = text.split('\n').filter((l) => l.length > 0);
    this.prefixes = new Int32Array(lines.length * NL);
    let r = 0;
    for (const line of lines) {
      const [path, word] = line.split('\t');
      if (!word || this.index.has(word)) continue;
      this.index.set(word, r);
      for (let k = 0; k < NL; k++) {
        const len = CLUSTER_LEVELS[k];
        this.prefixes[r * NL + k] = path.length >= len || k === 0 ? hashString(path.slice(0, len), 0x5bd1e995 + k) : 0;
      }
      r++;
    }
    this.size = r;
  }

  /** Row of a normalised form (tries exact, Title-case, lowercase), or -1. */
  row(norm: string): number {
    let r = this.index.get(norm);
    if (r !== undefined) return r;
    if (norm.length > 1 && isAllCaps(norm)) {
      r = this.index.get(norm[0] + norm.slice(1).toLowerCase());
      if (r !== undefined) return r;
    }
    r = this.index.get(norm.toLowerCase());
    return r ?? -1;
  }

  prefix(row: number, level: number): number {
    return this.prefixes[row * NL + level];
  }
}

/** Gazetteer list names; the first seven are phrase lists, FIRST/LAST are single-word name lists. */
export const GAZ_KINDS = ['COUNTRY', 'PLACE', 'DEMONYM', 'RELIGION', 'PERSON', 'ORG', 'ARMED', 'FIRST', 'LAST'] as const;
export type GazKind = (typeof GAZ_KINDS)[number];
const N_PHRASE_KINDS = 7;
const MAX_PHRASE = 8;

export class Gazetteer {
  private phrases = new Map<string, number>();
  private prefixes = new Set<string>();
  private words = new Map<string, number>();

  /** `json`: the (unzipped) content of data/ner-gazetteer.json.gz (`{lists: {KIND: ["lowercase phrase", ...]}}`). */
  constructor(json: string) {
    const data = JSON.parse(json) as { lists: Record<string, string[]> };
    GAZ_KINDS.forEach((kind, k) => {
      for (const entry of data.lists[kind] ?? []) {
        if (k >= N_PHRASE_KINDS) {
          this.words.set(entry, (this.words.get(entry) ?? 0) | (1 << (k - N_PHRASE_KINDS)));
          continue;
        }
        const toks = entry.split(' ');
        if (toks.length > MAX_PHRASE) continue;
        this.phrases.set(entry, (this.phrases.get(entry) ?? 0) | (1 << k));
        let p = toks[0];
        for (let i = 1; i < toks.length; i++) {
          this.prefixes.add(p);
          p += ` ${toks[i]}`;
        }
      }
    });
  }

  /** Kinds (bit k = GAZ_KINDS[k]) of a lowercase phrase, 0 when unknown. */
  kindsOf(phrase: string): number {
    return this.phrases.get(phrase) ?? 0;
  }

  /** Does `kind` list the phrase made of these tokens? */
  has(kind: GazKind, tokens: readonly string[]): boolean {
    const k = GAZ_KINDS.indexOf(kind);
    const key = tokens.map(gazKey).join(' ');
    return k >= N_PHRASE_KINDS ? ((this.words.get(key) ?? 0) & (1 << (k - N_PHRASE_KINDS))) !== 0 : (this.kindsOf(key) & (1 << k)) !== 0;
  }

  /**
   * Per token: bits (4·kind + position) of every phrase match covering it (position B, I, L, U), and in
   * `wordBits` the FIRST/LAST name-list bits.
   */
  match(keys: readonly string[], out: Int32Array, wordBits: Uint8Array): void {
    const n = keys.length;
    out.fill(0, 0, n);
    for (let i = 0; i < n; i++) {
      wordBits[i] = this.words.get(keys[i]) ?? 0;
      let phrase = keys[i];
      for (let j = i; j < n && j - i < MAX_PHRASE; j++) {
        if (j > i) phrase += ` ${keys[j]}`;
        const kinds = this.phrases.get(phrase);
        if (kinds) {
          for (let k = 0; k < N_PHRASE_KINDS; k++) {
            if (!(kinds & (1 << k))) continue;
            if (j === i) out[i] |= 1 << (4 * k + POS_U);
            else {
              out[i] |= 1 << (4 * k + POS_B);
              for (let m = i + 1; m < j; m++) out[m] |= 1 << (4 * k + POS_I);
              out[j] |= 1 << (4 * k + POS_L);
            }
          }
        }
        if (!this.prefixes.has(phrase)) break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Feature extraction.

// Template ids.
const enum T {
  Bias = 1, Word, Lower, LowerM1, LowerP1, LowerM2, LowerP2, Shape, ShapeM1, ShapeP1, ShapeM2, ShapeP2,
  SS2L, SS2R, SS3, Prefix, Suffix, Bigram1, Bigram2, Cluster, ClusterM1, ClusterP1, ClusterM2, ClusterP2,
  Initial, Headline, HeadlineLower, Gaz, GazNeighbour, NameWord, DocCase, DocCase2, LowerM1Shape, LowerShapeP1,
  ClusterShape, Y1, Y12, Y1Lower, Y1Shape, P1Self, P1Left, P1Right, P1Pair, AggType, AggMajority, AggMajShape,
  AggNone, Y1Agg, LowerP1Shape, LenBucket, WordM1, WordP1, HyphenPart, DocEntity,
}

const PAD = 2;
const BOUNDARY = hashString('<S>');
const BOUNDARY2 = hashString('</S>');

/** Everything about one word type that does not depend on its context (cached per form). */
interface WordInfo {
  /** Unique in the process (never reused, not even after a cache clear): the key of `WordScoreCache`. */
  id: number;
  norm: string;
  lower: string;
  gazKey: string;
  w: number;
  l: number;
  sh: number;
  ss: number;
  cap: number;
  letter: boolean;
  allLower: boolean;
  allCaps: boolean;
  /** Hashed cluster path prefixes (0 = none). */
  cl: Int32Array;
  /** Feature keys of the token on its own. */
  uni: Int32Array;
}

const NO_CLUSTER = new Int32Array(NL);

/** Ids 1 and 2 are the padding pseudo-words below; 0 marks an empty `WordScoreCache` slot. */
let nextWordId = 3;

/** The padding before / after a sentence seen as a word: the values `SentenceInfo` pads its arrays with. */
function paddingWord(id: number, value: number): WordInfo {
  return {
    id, norm: '', lower: '', gazKey: '', w: value, l: value, sh: value, ss: value, cap: 0,
    letter: false, allLower: false, allCaps: false, cl: NO_CLUSTER, uni: new Int32Array(0),
  };
}
const BOS_WORD = paddingWord(1, BOUNDARY);
const EOS_WORD = paddingWord(2, BOUNDARY2);

/** Word-type feature cache over a set of resources. */
class Featurizer {
  readonly res: NerResources;
  private cache = new Map<string, WordInfo>();
  private buf = new FeatureBuffer(64);

  constructor(res: NerResources) {
    this.res = res;
  }

  clusterOf(norm: string): Int32Array {
    const c = this.res.clusters;
    if (!c) return NO_CLUSTER;
    const r = c.row(norm);
    if (r < 0) return NO_CLUSTER;
    const out = new Int32Array(NL);
    for (let k = 0; k < NL; k++) out[k] = c.prefix(r, k);
    return out;
  }

  word(form: string): WordInfo {
    let info = this.cache.get(form);
    if (info) return info;
    // An entry costs ~680 bytes (object, strings, two typed arrays): 50K word types (~35 MB) cover a news
    // stream's repeated words; 200K grew each analysis worker by up to ~140 MB on a long ingest.
    if (this.cache.size > 50_000) this.cache.clear();
    const norm = normalizeForm(form);
    const lower = norm.toLowerCase();
    const ss = hashString(shapeOf(norm, true), 0x27d4eb2f);
    const cap = hasUpperFirst(norm) ? 1 : 0;
    const cl = this.clusterOf(norm);
    const b = this.buf;
    b.clear();
    const w = hashString(norm);
    const l = hashString(lower, 0x3c6ef372);
    const sh = hashString(shapeOf(norm, false), 0x1b873593);
    b.push(key1(T.Bias, 0));
    b.push(key1(T.Word, w));
    b.push(key1(T.Lower, l));
    b.push(key1(T.Shape, sh));
    const len = lower.length;
    for (let a = 1; a <= 4 && a <= len; a++) {
      b.push(key2(T.Prefix, a, hashString(lower.slice(0, a))));
      b.push(key2(T.Suffix, a, hashString(lower.slice(len - a))));
    }
    b.push(key2(T.LenBucket, len > 12 ? 12 : len, cap));
    for (let c = 0; c < NL; c++) if (cl[c] !== 0) b.push(key2(T.Cluster, c, cl[c]));
    if (cl[0] === 0) b.push(key2(T.Cluster, 99, ss));
    else b.push(key2(T.ClusterShape, cl[1] || cl[0], ss));
    // Hyphenated words (ex-England, Anglo-French): the last part on its own.
    const hy = norm.lastIndexOf('-');
    if (hy > 0 && hy < norm.length - 1 && hasLetter(norm.slice(hy + 1))) {
      const part = norm.slice(hy + 1);
      b.push(key2(T.HyphenPart, hashString(part.toLowerCase()), hasUpperFirst(part) ? 1 : 0));
      const pc = this.clusterOf(part);
      if (pc[1] !== 0) b.push(key2(T.HyphenPart, pc[1], 2));
    }
    info = {
      id: nextWordId++,
      norm,
      lower,
      gazKey: gazKey(form),
      w,
      l,
      sh,
      ss,
      cap,
      letter: hasLetter(norm),
      allLower: isAllLower(norm),
      allCaps: isAllCaps(norm),
      cl,
      uni: b.keys.slice(0, b.n),
    };
    this.cache.set(form, info);
    return info;
  }
}

/** Word-level values of one sentence, padded by PAD on each side. */
class SentenceInfo {
  n: number;
  words: WordInfo[];
  w: Int32Array;
  l: Int32Array;
  sh: Int32Array;
  ss: Int32Array;
  cl: Int32Array;
  gaz: Int32Array;
  nameBits: Uint8Array;
  cap: Uint8Array;
  headline: boolean;

  constructor(forms: readonly string[], fz: Featurizer) {
    const n = forms.length;
    this.n = n;
    const m = n + 2 * PAD;
    this.w = new Int32Array(m).fill(BOUNDARY);
    this.l = new Int32Array(m).fill(BOUNDARY);
    this.sh = new Int32Array(m).fill(BOUNDARY);
    this.ss = new Int32Array(m).fill(BOUNDARY);
    this.cl = new Int32Array(m * NL);
    this.cap = new Uint8Array(m);
    for (let k = n + PAD; k < m; k++) {
      this.w[k] = this.l[k] = this.sh[k] = this.ss[k] = BOUNDARY2;
    }
    this.words = new Array<WordInfo>(n);
    let caps = 0;
    let letters = 0;
    for (let i = 0; i < n; i++) {
      const wi = fz.word(forms[i]);
      this.words[i] = wi;
      const k = i + PAD;
      this.w[k] = wi.w;
      this.l[k] = wi.l;
      this.sh[k] = wi.sh;
      this.ss[k] = wi.ss;
      this.cap[k] = wi.cap;
      this.cl.set(wi.cl, k * NL);
      if (wi.letter) {
        letters++;
        if (wi.allCaps) caps++;
      }
    }
    this.headline = letters >= 2 && caps / letters > 0.6;
    this.gaz = new Int32Array(n);
    this.nameBits = new Uint8Array(n);
    const gz = fz.res.gazetteer;
    if (gz) gz.match(this.words.map((x) => x.gazKey), this.gaz, this.nameBits);
  }
}

/** Document-level casing evidence per lowercase word: capitalised mid-sentence / written lowercase. */
function docCaseCounts(sents: SentenceInfo[]): Map<string, [number, number]> {
  const m = new Map<string, [number, number]>();
  for (const s of sents) {
    for (let i = 0; i < s.n; i++) {
      const wi = s.words[i];
      const capMid = i > 0 && !s.headline && wi.cap ? 1 : 0;
      const low = wi.allLower ? 1 : 0;
      if (!capMid && !low) continue;
      let c = m.get(wi.lower);
      if (!c) m.set(wi.lower, (c = [0, 0]));
      c[0] += capMid;
      c[1] += low;
    }
  }
  return m;
}

/** Stage-1 predictions aggregated over a document. */
interface DocAggregate {
  /** Per lowercase word: counts of O/PER/ORG/LOC/MISC. */
  words: Map<string, Int32Array>;
  /**
   * Per predicted entity (lowercase tokens joined by spaces): how often it was found as each type, and as what
   * type at each place (sentence · 2^21 + start), so that a match elsewhere costs O(1), not O(occurrences).
   */
  entities: Map<string, DocEntity>;
  /** Proper prefixes of the entity keys. */
  prefixes: Set<string>;
}

interface DocEntity {
  counts: Int32Array;
  at: Map<number, number>;
}

const entityPlace = (sent: number, start: number): number => sent * 2097152 + start;

function aggregateLabels(sents: SentenceInfo[], labels: Uint8Array[]): DocAggregate {
  const words = new Map<string, Int32Array>();
  const entities = new Map<string, DocEntity>();
  const prefixes = new Set<string>();
  sents.forEach((s, si) => {
    const lab = labels[si];
    let start = -1;
    let key = '';
    for (let i = 0; i < s.n; i++) {
      const wi = s.words[i];
      const y = lab[i];
      if (wi.letter) {
        let c = words.get(wi.lower);
        if (!c) words.set(wi.lower, (c = new Int32Array(5)));
        c[labelType(y) + 1]++;
      }
      const p = labelPos(y);
      if (p === POS_B || p === POS_U) {
        start = i;
        key = wi.lower;
      } else if (start >= 0) {
        prefixes.add(key);
        key += ` ${wi.lower}`;
      }
      if ((p === POS_L || p === POS_U) && start >= 0) {
        if (i - start < MAX_PHRASE) {
          let e = entities.get(key);
          if (!e) entities.set(key, (e = { counts: new Int32Array(4), at: new Map() }));
          e.counts[labelType(y)]++;
          e.at.set(entityPlace(si, start), labelType(y));
        }
        start = -1;
      }
    }
  });
  return { words, entities, prefixes };
}

/** Per token: bits (4·type + B/I/L/U) of stage-1 entities found elsewhere in the document that match here. */
function matchDocEntities(s: SentenceInfo, si: number, agg: DocAggregate, out: Int32Array): void {
  out.fill(0, 0, s.n);
  for (let i = 0; i < s.n; i++) {
    let key = s.words[i].lower;
    for (let j = i; j < s.n && j - i < MAX_PHRASE; j++) {
      if (j > i) key += ` ${s.words[j].lower}`;
      const found = agg.entities.get(key);
      if (found) {
        // Every type this phrase was found as elsewhere (not counting the entity that starts right here).
        const self = found.at.get(entityPlace(si, i)) ?? -1;
        for (let t = 0; t < 4; t++) {
          if (found.counts[t] - (t === self ? 1 : 0) <= 0) continue;
          if (j === i) out[i] |= 1 << (4 * t + POS_U);
          else {
            out[i] |= 1 << (4 * t + POS_B);
            for (let m = i + 1; m < j; m++) out[m] |= 1 << (4 * t + POS_I);
            out[j] |= 1 << (4 * t + POS_L);
          }
        }
      }
      if (!agg.prefixes.has(key)) break;
    }
  }
}

/** Static (history-independent) features of every token of a sentence, flattened. */
interface StaticFeatures {
  keys: Int32Array;
  /** Token i's keys are keys[off[i] .. off[i+1]). */
  off: Int32Array;
  /** Per-token aggregate majority type (+1; 0 = none) used by a history feature, stage 2 only. */
  agg: Uint8Array;
}

/** The token's own word features and its neighbours' words, forms and shapes (training order). */
function pushWordRoles(s: SentenceInfo, k: number, buf: FeatureBuffer): void {
  const { w, l, sh, ss } = s;
  const uni = s.words[k - PAD].uni;
  for (let j = 0; j < uni.length; j++) buf.push(uni[j]);
  buf.push(key1(T.WordM1, w[k - 1]));
  buf.push(key1(T.WordP1, w[k + 1]));
  buf.push(key1(T.LowerM1, l[k - 1]));
  buf.push(key1(T.LowerP1, l[k + 1]));
  buf.push(key1(T.LowerM2, l[k - 2]));
  buf.push(key1(T.LowerP2, l[k + 2]));
  buf.push(key1(T.ShapeM1, sh[k - 1]));
  buf.push(key1(T.ShapeP1, sh[k + 1]));
  buf.push(key1(T.ShapeM2, ss[k - 2]));
  buf.push(key1(T.ShapeP2, ss[k + 2]));
}

/** Clusters of the neighbours (training order). */
function pushNeighbourClusters(cl: Int32Array, k: number, buf: FeatureBuffer): void {
  buf.push(key2(T.ClusterM1, 1, cl[(k - 1) * NL + 1]));
  buf.push(key2(T.ClusterM1, 3, cl[(k - 1) * NL + 3]));
  buf.push(key2(T.ClusterP1, 1, cl[(k + 1) * NL + 1]));
  buf.push(key2(T.ClusterP1, 3, cl[(k + 1) * NL + 3]));
  buf.push(key1(T.ClusterM2, cl[(k - 2) * NL + 1]));
  buf.push(key1(T.ClusterP2, cl[(k + 2) * NL + 1]));
}

/**
 * Static features of every token. `withWordRoles = false` leaves out the features of a single word in its role
 * (the token itself, a neighbour at -2..+2; see `wordRoleKeys`): decoding adds those from `WordScoreCache`.
 * With them, the keys come in the order training has always used (the trainer sums float weights in order).
 */
function extractStatic(
  s: SentenceInfo,
  docCase: Map<string, [number, number]>,
  buf: FeatureBuffer,
  withWordRoles = true,
): StaticFeatures {
  buf.clear();
  const n = s.n;
  const off = new Int32Array(n + 1);
  const { l, ss, cl } = s;
  for (let i = 0; i < n; i++) {
    off[i] = buf.n;
    const k = i + PAD;
    const wi = s.words[i];
    if (withWordRoles) pushWordRoles(s, k, buf);
    buf.push(key2(T.SS2L, ss[k - 1], ss[k]));
    buf.push(key2(T.SS2R, ss[k], ss[k + 1]));
    buf.push(key3(T.SS3, ss[k - 1], ss[k], ss[k + 1]));
    buf.push(key2(T.Bigram1, l[k - 1], l[k]));
    buf.push(key2(T.Bigram2, l[k], l[k + 1]));
    buf.push(key2(T.LowerM1Shape, l[k - 1], ss[k]));
    buf.push(key2(T.LowerShapeP1, ss[k], l[k + 1]));
    buf.push(key2(T.LowerP1Shape, ss[k], ss[k + 1] ^ l[k + 2]));
    if (withWordRoles) pushNeighbourClusters(cl, k, buf);
    // Position and headline casing.
    if (i === 0) buf.push(key2(T.Initial, ss[k], l[k + 1]));
    if (s.headline) {
      buf.push(key2(T.Headline, ss[k], i === 0 ? 1 : 0));
      buf.push(key1(T.HeadlineLower, l[k]));
    }
    // Gazetteer.
    const g = s.gaz[i];
    if (g !== 0) {
      for (let b = 0; b < 4 * N_PHRASE_KINDS; b++) if (g & (1 << b)) buf.push(key3(T.Gaz, b, s.cap[k], s.headline ? 1 : 0));
    }
    const gl = i > 0 ? s.gaz[i - 1] : 0;
    const gr = i + 1 < n ? s.gaz[i + 1] : 0;
    if (gl | gr) {
      for (let kind = 0; kind < N_PHRASE_KINDS; kind++) {
        if (gl & (0xf << (4 * kind))) buf.push(key2(T.GazNeighbour, kind, 0));
        if (gr & (0xf << (4 * kind))) buf.push(key2(T.GazNeighbour, kind, 1));
      }
    }
    if (s.nameBits[i]) buf.push(key3(T.NameWord, s.nameBits[i], s.cap[k], i + 1 < n ? s.nameBits[i + 1] : 0));
    // Document casing evidence (other occurrences only).
    const dc = docCase.get(wi.lower);
    if (dc) {
      const selfCap = i > 0 && !s.headline && wi.cap ? 1 : 0;
      const selfLow = wi.allLower ? 1 : 0;
      const bits = (dc[0] - selfCap > 0 ? 1 : 0) | (dc[1] - selfLow > 0 ? 2 : 0);
      const where = (i === 0 ? 1 : 0) | (s.headline ? 2 : 0);
      buf.push(key3(T.DocCase, bits, ss[k], where));
      buf.push(key2(T.DocCase2, bits, where));
    }
  }
  off[n] = buf.n;
  return { keys: buf.keys.slice(0, buf.n), off, agg: new Uint8Array(n) };
}

/** Stage-2 features: stage 1's labels around the token and for the same word elsewhere in the document. */
function extendStage2(
  s: SentenceInfo,
  si: number,
  base: StaticFeatures,
  lab: Uint8Array,
  agg: DocAggregate,
  buf: FeatureBuffer,
): StaticFeatures {
  buf.clear();
  const n = s.n;
  const off = new Int32Array(n + 1);
  const aggOut = new Uint8Array(n);
  const ent = new Int32Array(n);
  matchDocEntities(s, si, agg, ent);
  for (let i = 0; i < n; i++) {
    off[i] = buf.n;
    for (let j = base.off[i]; j < base.off[i + 1]; j++) buf.push(base.keys[j]);
    const k = i + PAD;
    const y = lab[i];
    const yl = i > 0 ? lab[i - 1] : 31;
    const yr = i + 1 < n ? lab[i + 1] : 31;
    buf.push(key1(T.P1Self, y));
    buf.push(key1(T.P1Left, yl));
    buf.push(key1(T.P1Right, yr));
    buf.push(key3(T.P1Pair, yl, y, yr));
    const e = ent[i];
    if (e !== 0) for (let bit = 0; bit < 16; bit++) if (e & (1 << bit)) buf.push(key2(T.DocEntity, bit, s.cap[k]));
    const wi = s.words[i];
    const counts = wi.letter ? agg.words.get(wi.lower) : undefined;
    if (counts) {
      const self = labelType(y) + 1;
      let best = -1;
      let bestCount = 0;
      let others = 0;
      for (let t = 0; t < 5; t++) {
        const c = counts[t] - (t === self ? 1 : 0);
        others += c;
        if (c > 0) {
          buf.push(key2(T.AggType, t, c > 2 ? 3 : c));
          if (t > 0 && c > bestCount) {
            best = t;
            bestCount = c;
          }
        }
      }
      if (best > 0) {
        aggOut[i] = best;
        buf.push(key2(T.AggMajority, best, counts[0] - (self === 0 ? 1 : 0) > 0 ? 1 : 0));
        buf.push(key3(T.AggMajShape, best, s.ss[k], s.cap[k]));
      } else if (others > 0) buf.push(key2(T.AggNone, s.ss[k], 0));
    }
  }
  off[n] = buf.n;
  return { keys: buf.keys.slice(0, buf.n), off, agg: aggOut };
}

/** Scores keys[from..to) into out[outOff .. outOff + N_LABELS), in units of `scale`. */
interface Scorer {
  readonly scale: number;
  scoreRange(keys: Int32Array, from: number, to: number, out: Float64Array, outOff: number): void;
}

/**
 * Allocation-free scorer over a frozen LinearModel, laid out for few cache misses: one open-addressing
 * table of (key, offset·32 + count) pairs, and each row's (class, int16 weight) pairs packed in one int32
 * each, contiguous. Sums are in units of the model's quantisation scale (the file's int16 weights).
 */
class FastScorer implements Scorer {
  private slots: Int32Array;
  private mask: number;
  private entries: Int32Array;
  readonly scale: number;

  constructor(m: LinearModel) {
    // Built once per model; shared between threads when the model file is (see derivedArrays).
    const t = derivedArrays(m.keys, 'ner.FastScorer', () => FastScorer.build(m));
    this.slots = t.slots;
    this.mask = t.slots.length / 2 - 1;
    this.entries = t.entries;
    this.scale = t.scale[0];
  }

  private static build(m: LinearModel): { slots: Int32Array; entries: Int32Array; scale: Float64Array } {
    const { keys, ptr, cls, val } = m;
    let maxAbs = 0;
    for (let i = 0; i < val.length; i++) maxAbs = Math.max(maxAbs, Math.abs(val[i]));
    const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
    let cap = 16;
    while (cap < keys.length * 2) cap <<= 1;
    const slots = new Int32Array(cap * 2);
    const mask = cap - 1;
    const entries = new Int32Array(val.length);
    for (let j = 0; j < val.length; j++) {
      entries[j] = (cls[j] << 16) | (Math.round(val[j] / scale) & 0xffff);
    }
    for (let r = 0; r < keys.length; r++) {
      let i = keys[r] & mask;
      while (slots[2 * i] !== 0) i = (i + 1) & mask;
      slots[2 * i] = keys[r];
      slots[2 * i + 1] = (ptr[r] << 5) | (ptr[r + 1] - ptr[r]);
    }
    return { slots, entries, scale: Float64Array.of(scale) };
  }

  scoreRange(keys: Int32Array, from: number, to: number, out: Float64Array, outOff: number): void {
    const { slots, mask, entries } = this;
    for (let f = from; f < to; f++) {
      const key = keys[f];
      let i = key & mask;
      let k: number;
      while ((k = slots[2 * i]) !== key) {
        if (k === 0) break;
        i = (i + 1) & mask;
      }
      if (k === 0) continue;
      const info = slots[2 * i + 1];
      const start = info >>> 5;
      const end = start + (info & 31);
      for (let j = start; j < end; j++) {
        const e = entries[j];
        out[outOff + (e >>> 16)] += (e << 16) >> 16;
      }
    }
  }
}

/** Scorer view of a model being trained. */
class TrainerScorer implements Scorer {
  readonly scale = 1;
  constructor(private trainer: PerceptronTrainer) {}
  scoreRange(keys: Int32Array, from: number, to: number, out: Float64Array, outOff: number): void {
    this.trainer.score(keys.subarray(from, to), to - from, out.subarray(outOff, outOff + N_LABELS));
  }
}

/** Coarse previous-label classes for word-conditioned transition features: 0 = outside, 1+t = inside type t. */
const COARSE = Uint8Array.from({ length: N_LABELS }, (_, c) => {
  const p = labelPos(c);
  return p === POS_B || p === POS_I ? 1 + labelType(c) : 0;
});
const N_COARSE = 5;
const NEG = -1e30;
const TRANSITION_KEYS = Int32Array.from({ length: N_LABELS }, (_, p) => key1(T.Y1, p));
/** PREDS[c]: the labels allowed before c. */
const PREDS: Uint8Array[] = Array.from({ length: N_LABELS }, (_, c) =>
  Uint8Array.from({ length: N_LABELS }, (_, p) => p).filter((p) => ALLOWED[p * N_LABELS + c] === 1),
);

// Word-role scores. Most static features describe one word in one role: the token itself (its `uni` keys), or
// a neighbour at -2..+2 (its form, shape, clusters); two history features also read only the token's own word.
// Decoding sums each such word's scores once and reuses the sums wherever the word recurs, in this document or
// a later one. Scores are integers (int16 weights summed in float64, exactly), so adding a word's cached sum
// gives the same value, bit for bit, as adding its keys' weights one by one.

const ROLE_SELF = 0;
const ROLE_M1 = 1;
const ROLE_P1 = 2;
const ROLE_M2 = 3;
const ROLE_P2 = 4;
const N_WORD_ROLES = 5;
/** A cached word's scores: the N_WORD_ROLES roles, then the word-level history features for each coarse q. */
const WORD_VEC = (N_WORD_ROLES + N_COARSE) * N_LABELS;

/** A neighbour at -1 or +1 under that side's templates: its form, lowercase form, shape and two cluster prefixes. */
function pushNextWord(b: FeatureBuffer, wi: WordInfo, word: number, lower: number, shape: number, cluster: number): void {
  b.push(key1(word, wi.w));
  b.push(key1(lower, wi.l));
  b.push(key1(shape, wi.sh));
  b.push(key2(cluster, 1, wi.cl[1]));
  b.push(key2(cluster, 3, wi.cl[3]));
}

/** A neighbour at -2 or +2 under that side's templates: its lowercase form, short shape and cluster prefix. */
function pushWordTwoAway(b: FeatureBuffer, wi: WordInfo, lower: number, shape: number, cluster: number): void {
  b.push(key1(lower, wi.l));
  b.push(key1(shape, wi.ss));
  b.push(key1(cluster, wi.cl[1]));
}

/** Keys of word `wi` in `role` (a role, or N_WORD_ROLES + q for the history features after coarse class q). */
function wordRoleKeys(role: number, wi: WordInfo, b: FeatureBuffer): void {
  b.clear();
  switch (role) {
    case ROLE_SELF:
      for (let j = 0; j < wi.uni.length; j++) b.push(wi.uni[j]);
      return;
    case ROLE_M1:
      pushNextWord(b, wi, T.WordM1, T.LowerM1, T.ShapeM1, T.ClusterM1);
      return;
    case ROLE_P1:
      pushNextWord(b, wi, T.WordP1, T.LowerP1, T.ShapeP1, T.ClusterP1);
      return;
    case ROLE_M2:
      pushWordTwoAway(b, wi, T.LowerM2, T.ShapeM2, T.ClusterM2);
      return;
    case ROLE_P2:
      pushWordTwoAway(b, wi, T.LowerP2, T.ShapeP2, T.ClusterP2);
      return;
    default: {
      const q = role - N_WORD_ROLES;
      b.push(key2(T.Y1Lower, q, wi.l));
      b.push(key2(T.Y1Shape, q, wi.ss));
    }
  }
}

/**
 * 4K slots (2.8 MB per model stage) hold a few articles' vocabulary, including the frequent words that make
 * up most tokens. Results do not depend on the size.
 */
const WORD_CACHE_SLOTS = 1 << 12;

/** Direct-mapped cache of one model's word-role scores (integers, see above), keyed by `WordInfo.id`. */
class WordScoreCache {
  readonly scorer: FastScorer;
  /** Transition scores trans[p * N_LABELS + c] (they depend on the model only). */
  readonly trans = new Float64Array(N_LABELS * N_LABELS);
  /** Slot s holds the WORD_VEC scores of word ids[s] at vecs[s * WORD_VEC ..]. */
  readonly vecs = new Int32Array(WORD_CACHE_SLOTS * WORD_VEC);
  private readonly ids = new Float64Array(WORD_CACHE_SLOTS);
  private readonly buf = new FeatureBuffer(64);
  private readonly tmp = new Float64Array(N_LABELS);

  constructor(scorer: FastScorer) {
    this.scorer = scorer;
    for (let p = 0; p < N_LABELS; p++) scorer.scoreRange(TRANSITION_KEYS, p, p + 1, this.trans, p * N_LABELS);
  }

  /**
   * Offset in `vecs` of the scores of `wi`. Valid only until the next call (another word may take the slot),
   * so use it before asking for the next word.
   */
  offsetOf(wi: WordInfo): number {
    const slot = wi.id & (WORD_CACHE_SLOTS - 1);
    const base = slot * WORD_VEC;
    if (this.ids[slot] !== wi.id) {
      this.ids[slot] = wi.id;
      const { buf, tmp, vecs } = this;
      for (let r = 0; r < N_WORD_ROLES + N_COARSE; r++) {
        wordRoleKeys(r, wi, buf);
        tmp.fill(0);
        this.scorer.scoreRange(buf.keys, 0, buf.n, tmp, 0);
        const o = base + r * N_LABELS;
        for (let c = 0; c < N_LABELS; c++) vecs[o + c] = tmp[c];
      }
    }
    return base;
  }
}

/**
 * Where `Decoder.run` puts one sentence's labels (`out`) and, when asked, each token's label probability at
 * `temperature`; with `trainer` and `gold` it also makes the structured-perceptron update.
 */
interface DecodeTarget {
  out: Uint8Array;
  probs: Float32Array | null;
  temperature: number;
  trainer?: PerceptronTrainer;
  gold?: Uint8Array;
}

/**
 * First-order Viterbi decoding (and structured-perceptron training) over BILOU labels. A token's score for
 * label c after label p is: static features · w_c + transition(p, c) + coarse(p)-conditioned word/shape
 * features · w_c. Invalid BILOU transitions are excluded, so the output is always a well-formed sequence.
 */
class Decoder {
  buf = new FeatureBuffer(512);
  dynBuf = new FeatureBuffer(8);
  emit = new Float64Array(64 * N_LABELS);
  dyn = new Float64Array(64 * N_COARSE * N_LABELS);
  delta = new Float64Array(64 * N_LABELS);
  back = new Uint8Array(64 * N_LABELS);
  trans = new Float64Array(N_LABELS * N_LABELS);
  /** When set, each decision's local scores are appended as [scores..., previous label, is-last]. */
  record: Float64Array[] | null = null;

  private ensure(n: number): void {
    if (this.emit.length >= n * N_LABELS) return;
    const m = n * 2;
    this.emit = new Float64Array(m * N_LABELS);
    this.dyn = new Float64Array(m * N_COARSE * N_LABELS);
    this.delta = new Float64Array(m * N_LABELS);
    this.back = new Uint8Array(m * N_LABELS);
  }

  /** History keys of token i given the coarse class q of the previous label. */
  private dynKeys(s: SentenceInfo, i: number, q: number, agg: number): FeatureBuffer {
    const k = i + PAD;
    const b = this.dynBuf;
    b.clear();
    b.push(key2(T.Y1Lower, q, s.l[k]));
    b.push(key2(T.Y1Shape, q, s.ss[k]));
    b.push(key3(T.Y1Shape, q, s.ss[k - 1], s.ss[k]));
    if (agg) b.push(key2(T.Y1Agg, q, agg));
    return b;
  }

  /**
   * Decodes one sentence into `out`. With `trainer` and `gold`, makes a structured-perceptron update when the
   * best path differs from the gold one; returns the number of wrong tokens.
   */
  run(s: SentenceInfo, f: StaticFeatures, model: Scorer, target: DecodeTarget): number {
    const n = s.n;
    if (n === 0) return 0;
    this.ensure(n);
    const L = N_LABELS;
    const { emit, dyn, trans } = this;
    emit.fill(0, 0, n * L);
    dyn.fill(0, 0, n * N_COARSE * L);
    trans.fill(0);
    for (let p = 0; p < L; p++) model.scoreRange(TRANSITION_KEYS, p, p + 1, trans, p * L);
    for (let i = 0; i < n; i++) {
      model.scoreRange(f.keys, f.off[i], f.off[i + 1], emit, i * L);
      for (let q = 0; q < N_COARSE; q++) {
        if (i === 0 && q > 0) break;
        const b = this.dynKeys(s, i, q, f.agg[i]);
        model.scoreRange(b.keys, 0, b.n, dyn, (i * N_COARSE + q) * L);
      }
    }
    return this.decode(s, f, model.scale, target);
  }

  /**
   * Decodes one sentence into `out` like `run`, for features extracted without their word roles
   * (`extractStatic(…, false)`): those scores come from `words`. The same scores as `run`, bit for bit.
   */
  runCached(s: SentenceInfo, f: StaticFeatures, words: WordScoreCache, target: DecodeTarget): void {
    const n = s.n;
    if (n === 0) return;
    this.ensure(n);
    const L = N_LABELS;
    const { emit, dyn } = this;
    const { scorer, vecs } = words;
    this.trans.set(words.trans);
    const sw = s.words;
    for (let i = 0; i < n; i++) {
      const e = i * L;
      // Each offset is used before the next lookup, which may evict it.
      let o = words.offsetOf(sw[i]);
      for (let c = 0; c < L; c++) emit[e + c] = vecs[o + c];
      for (let q = 0; q < N_COARSE; q++) {
        if (i === 0 && q > 0) break;
        const d = (i * N_COARSE + q) * L;
        const od = o + (N_WORD_ROLES + q) * L;
        for (let c = 0; c < L; c++) dyn[d + c] = vecs[od + c];
        const b = this.contextDynKeys(s, i, q, f.agg[i]);
        scorer.scoreRange(b.keys, 0, b.n, dyn, d);
      }
      o = words.offsetOf(i >= 1 ? sw[i - 1] : BOS_WORD) + ROLE_M1 * L;
      for (let c = 0; c < L; c++) emit[e + c] += vecs[o + c];
      o = words.offsetOf(i + 1 < n ? sw[i + 1] : EOS_WORD) + ROLE_P1 * L;
      for (let c = 0; c < L; c++) emit[e + c] += vecs[o + c];
      o = words.offsetOf(i >= 2 ? sw[i - 2] : BOS_WORD) + ROLE_M2 * L;
      for (let c = 0; c < L; c++) emit[e + c] += vecs[o + c];
      o = words.offsetOf(i + 2 < n ? sw[i + 2] : EOS_WORD) + ROLE_P2 * L;
      for (let c = 0; c < L; c++) emit[e + c] += vecs[o + c];
      scorer.scoreRange(f.keys, f.off[i], f.off[i + 1], emit, e);
    }
    this.decode(s, f, scorer.scale, target);
  }

  /** The history keys of `dynKeys` that are not cached per word (they read the previous token or `agg`). */
  private contextDynKeys(s: SentenceInfo, i: number, q: number, agg: number): FeatureBuffer {
    const k = i + PAD;
    const b = this.dynBuf;
    b.clear();
    b.push(key3(T.Y1Shape, q, s.ss[k - 1], s.ss[k]));
    if (agg) b.push(key2(T.Y1Agg, q, agg));
    return b;
  }

  /** Viterbi over the scores in `emit`, `dyn` and `trans`; then probabilities, records and training updates. */
  private decode(s: SentenceInfo, f: StaticFeatures, scale: number, target: DecodeTarget): number {
    const { out, probs, temperature, trainer, gold } = target;
    const n = s.n;
    const L = N_LABELS;
    const { emit, dyn, delta, back, trans } = this;
    // Viterbi.
    for (let c = 0; c < L; c++) {
      const lastOk = n > 1 || c === 0 || labelPos(c) >= POS_L;
      delta[c] = ALLOWED[c] && lastOk ? emit[c] + trans[c] + dyn[c] : NEG;
      back[c] = 0;
    }
    for (let i = 1; i < n; i++) {
      const last = i === n - 1;
      const base = i * L;
      const prev = (i - 1) * L;
      for (let c = 0; c < L; c++) {
        if (last && c !== 0 && labelPos(c) < POS_L) {
          delta[base + c] = NEG;
          continue;
        }
        let best = NEG;
        let arg = 0;
        const preds = PREDS[c];
        for (let pi = 0; pi < preds.length; pi++) {
          const p = preds[pi];
          const dp = delta[prev + p];
          if (dp <= NEG) continue;
          const v = dp + trans[p * L + c] + dyn[(i * N_COARSE + COARSE[p]) * L + c];
          if (v > best) {
            best = v;
            arg = p;
          }
        }
        delta[base + c] = best <= NEG ? NEG : best + emit[base + c];
        back[base + c] = arg;
      }
    }
    let bestC = 0;
    let bestV = -Infinity;
    for (let c = 0; c < L; c++) {
      if (delta[(n - 1) * L + c] > bestV) {
        bestV = delta[(n - 1) * L + c];
        bestC = c;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      out[i] = bestC;
      bestC = back[i * L + bestC];
    }
    let mistakes = 0;
    if (trainer && gold) {
      trainer.tick();
      for (let i = 0; i < n; i++) if (out[i] !== gold[i]) mistakes++;
      if (mistakes > 0) this.update(s, f, trainer, gold, out);
    }
    if (probs || this.record) {
      const local = new Float64Array(L);
      for (let i = 0; i < n; i++) {
        const p = i === 0 ? 0 : out[i - 1];
        const q = i === 0 ? 0 : COARSE[p];
        const last = i === n - 1;
        let max = -Infinity;
        for (let c = 0; c < L; c++) {
          local[c] = (emit[i * L + c] + trans[p * L + c] + dyn[(i * N_COARSE + q) * L + c]) * scale;
          if (ALLOWED[p * L + c] && !(last && c !== 0 && labelPos(c) < POS_L) && local[c] > max) max = local[c];
        }
        if (this.record) {
          const r = new Float64Array(L + 2);
          r.set(local);
          r[L] = p;
          r[L + 1] = last ? 1 : 0;
          this.record.push(r);
        }
        if (probs) {
          let z = 0;
          for (let c = 0; c < L; c++) {
            if (!ALLOWED[p * L + c] || (last && c !== 0 && labelPos(c) < POS_L)) continue;
            z += Math.exp((local[c] - max) / temperature);
          }
          probs[i] = Math.exp((local[out[i]] - max) / temperature) / z;
        }
      }
    }
    return mistakes;
  }

  private update(s: SentenceInfo, f: StaticFeatures, trainer: PerceptronTrainer, gold: Uint8Array, pred: Uint8Array): void {
    for (let i = 0; i < s.n; i++) {
      const g = gold[i];
      const p = pred[i];
      const gp = i === 0 ? 0 : gold[i - 1];
      const pp = i === 0 ? 0 : pred[i - 1];
      if (g === p && gp === pp) continue;
      if (g !== p) {
        const off = f.off[i];
        const keys = f.keys.subarray(off, f.off[i + 1]);
        trainer.update(keys, keys.length, g, 1);
        trainer.update(keys, keys.length, p, -1);
      }
      trainer.update(TRANSITION_KEYS.subarray(gp, gp + 1), 1, g, 1);
      trainer.update(TRANSITION_KEYS.subarray(pp, pp + 1), 1, p, -1);
      const gq = i === 0 ? 0 : COARSE[gp];
      const pq = i === 0 ? 0 : COARSE[pp];
      let b = this.dynKeys(s, i, gq, f.agg[i]);
      trainer.update(b.keys, b.n, g, 1);
      b = this.dynKeys(s, i, pq, f.agg[i]);
      trainer.update(b.keys, b.n, p, -1);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Model.

export interface NerResources {
  clusters: WordClusters | null;
  gazetteer: Gazetteer | null;
}

interface PreparedDoc {
  sents: SentenceInfo[];
  docCase: Map<string, [number, number]>;
}

function prepareDoc(sentences: readonly (readonly string[])[], fz: Featurizer): PreparedDoc {
  const sents = sentences.map((forms) => new SentenceInfo(forms, fz));
  return { sents, docCase: docCaseCounts(sents) };
}

export class NerModel {
  readonly stage1: LinearModel;
  readonly stage2: LinearModel | null;
  readonly resources: NerResources;
  /** Softmax temperature turning scores into token probabilities. */
  readonly temperature: number;
  /** Platt scaling of a span's mean token probability: score = σ(a·logit(mean) + b). */
  readonly spanCalibration: readonly [number, number];
  readonly meta: Record<string, unknown>;
  /** The cluster and gazetteer sources as given: text, or a model file's UTF-8 bytes (kept undecoded). */
  private readonly clustersSrc: string | Uint8Array;
  private readonly gazetteerSrc: string | Uint8Array;
  private readonly fz: Featurizer;
  private readonly s1: FastScorer;
  private readonly s2: FastScorer | null;
  private readonly words1: WordScoreCache;
  private readonly words2: WordScoreCache | null;
  private readonly decoder = new Decoder();
  private readonly buf = new FeatureBuffer(4096);
  private readonly buf2 = new FeatureBuffer(4096);

  constructor(opts: {
    stage1: LinearModel;
    stage2: LinearModel | null;
    /** Brown clusters (text, or its UTF-8 bytes). */
    clustersText: string | Uint8Array;
    /** Gazetteer JSON (text, or its UTF-8 bytes). */
    gazetteerJson: string | Uint8Array;
    temperature?: number;
    spanCalibration?: readonly [number, number];
    meta?: Record<string, unknown>;
    featurizer?: Featurizer;
  }) {
    this.stage1 = opts.stage1;
    this.stage2 = opts.stage2;
    this.clustersSrc = opts.clustersText;
    this.gazetteerSrc = opts.gazetteerJson;
    if (opts.featurizer) this.fz = opts.featurizer;
    else {
      const clusters = this.clustersText;
      const gazetteer = this.gazetteerJson;
      this.fz = new Featurizer({
        clusters: clusters ? new WordClusters(clusters) : null,
        gazetteer: gazetteer ? new Gazetteer(gazetteer) : null,
      });
    }
    this.resources = this.fz.res;
    this.s1 = new FastScorer(this.stage1);
    this.s2 = this.stage2 ? new FastScorer(this.stage2) : null;
    this.words1 = new WordScoreCache(this.s1);
    this.words2 = this.s2 ? new WordScoreCache(this.s2) : null;
    this.temperature = opts.temperature ?? 1;
    this.spanCalibration = opts.spanCalibration ?? [1, 0];
    this.meta = opts.meta ?? {};
  }

  /** Decoded on demand (saving, recalibrating): a loaded model keeps only the file's bytes, not ~2 MB of text. */
  private get clustersText(): string {
    return typeof this.clustersSrc === 'string' ? this.clustersSrc : new TextDecoder().decode(this.clustersSrc);
  }

  private get gazetteerJson(): string {
    return typeof this.gazetteerSrc === 'string' ? this.gazetteerSrc : new TextDecoder().decode(this.gazetteerSrc);
  }

  private static cached: NerModel | undefined;

  /** The shipped model (models/ner.bin.gz), loaded once. */
  static default(): NerModel {
    if (!NerModel.cached) NerModel.cached = NerModel.load();
    return NerModel.cached;
  }

  static load(path = modelPath('ner.bin.gz')): NerModel {
    const file = loadModel(path);
    const { meta, arrays } = file;
    if (meta.kind !== 'ner') throw new Error(`${path}: not an NER model (kind ${String(meta.kind)})`);
    const bytes = (name: string): Uint8Array | string => (arrays[name] as Uint8Array | undefined) ?? '';
    return new NerModel({
      stage1: LinearModel.fromArrays('s1', arrays, meta),
      stage2: meta.stages === 2 ? LinearModel.fromArrays('s2', arrays, meta) : null,
      clustersText: bytes('clusters'),
      gazetteerJson: bytes('gazetteer'),
      temperature: meta.temperature as number,
      spanCalibration: (meta.spanCalibration as [number, number] | undefined) ?? [1, 0],
      meta,
    });
  }

  /** Writes the model (weights, clusters and gazetteer in one file); returns its size in bytes. */
  save(path: string): number {
    const enc = new TextEncoder();
    const a1 = this.stage1.toArrays('s1');
    const a2 = this.stage2 ? this.stage2.toArrays('s2') : { arrays: {}, meta: {} };
    const arrays: Record<string, StoredArray> = { ...a1.arrays, ...a2.arrays };
    if (this.clustersText) arrays.clusters = enc.encode(this.clustersText);
    if (this.gazetteerJson) arrays.gazetteer = enc.encode(this.gazetteerJson);
    return saveModel(path, {
      meta: {
        ...this.meta,
        ...a1.meta,
        ...a2.meta,
        kind: 'ner',
        version: 1,
        labels: NER_ENTITY_TYPES,
        stages: this.stage2 ? 2 : 1,
        temperature: this.temperature,
        spanCalibration: this.spanCalibration,
      },
      arrays,
    });
  }

  /** The same model with other confidence settings. */
  withCalibration(temperature: number, spanCalibration: readonly [number, number] = [1, 0]): NerModel {
    return new NerModel({
      stage1: this.stage1,
      stage2: this.stage2,
      clustersText: this.clustersSrc,
      gazetteerJson: this.gazetteerSrc,
      temperature,
      spanCalibration,
      meta: this.meta,
      featurizer: this.fz,
    });
  }

  /**
   * Tags every sentence of one document (sentences as token forms). Document context (how each word is
   * written and labelled elsewhere) improves accuracy, so pass whole articles when you have them.
   * Returns BIO tags per sentence.
   */
  tagDocument(sentences: readonly (readonly string[])[]): string[][] {
    return this.labelDocument(sentences, false).labels.map((lab, i) => labelsToBio(lab, sentences[i].length));
  }

  /** Entity spans per sentence of one document (token ranges, end exclusive, with a confidence). */
  spansDocument(sentences: readonly (readonly string[])[]): NerEntitySpan[][] {
    const { labels, probs } = this.labelDocument(sentences, true);
    return labels.map((lab, i) => labelsToSpans(lab, probs[i], this.spanCalibration));
  }

  /** BIO tags of one sentence treated as a document of its own. */
  tag(forms: readonly string[]): string[] {
    return this.tagDocument([forms])[0];
  }

  /** Entity spans of one sentence treated as a document of its own. */
  spans(forms: readonly string[]): NerEntitySpan[] {
    return this.spansDocument([forms])[0];
  }

  /** BILOU label ids (0 = O, 1 + 4·type + B/I/L/U) and token probabilities of a document. */
  labelDocument(
    sentences: readonly (readonly string[])[],
    withProbs = true,
    record: Float64Array[] | null = null,
  ): { labels: Uint8Array[]; probs: Float32Array[] } {
    const doc = prepareDoc(sentences, this.fz);
    const labels = doc.sents.map((s) => new Uint8Array(s.n));
    const probs = doc.sents.map((s) => new Float32Array(withProbs ? s.n : 0));
    // Word-role features are scored from the per-word caches (see WordScoreCache).
    const base = doc.sents.map((s) => extractStatic(s, doc.docCase, this.buf, false));
    const final = !this.words2;
    this.decoder.record = final ? record : null;
    doc.sents.forEach((s, i) => {
      this.decoder.runCached(s, base[i], this.words1, { out: labels[i], probs: final && withProbs ? probs[i] : null, temperature: this.temperature });
    });
    this.decoder.record = null;
    const words2 = this.words2;
    if (!words2) return { labels, probs };
    const agg = aggregateLabels(doc.sents, labels);
    const second = doc.sents.map((s) => new Uint8Array(s.n));
    this.decoder.record = record;
    doc.sents.forEach((s, i) => {
      const f = extendStage2(s, i, base[i], labels[i], agg, this.buf2);
      this.decoder.runCached(s, f, words2, { out: second[i], probs: withProbs ? probs[i] : null, temperature: this.temperature });
    });
    this.decoder.record = null;
    return { labels: second, probs };
  }
}

const logit = (p: number): number => {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
};
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function labelsToSpans(lab: Uint8Array, probs: Float32Array, cal: readonly [number, number]): NerEntitySpan[] {
  const spans: NerEntitySpan[] = [];
  let start = -1;
  let sum = 0;
  for (let i = 0; i < lab.length; i++) {
    const c = lab[i];
    const p = labelPos(c);
    if (p === POS_B || p === POS_U) {
      start = i;
      sum = 0;
    }
    if (start < 0) continue;
    sum += probs.length ? probs[i] : 1;
    if (p === POS_L || p === POS_U) {
      const mean = sum / (i + 1 - start);
      const score = Math.round(sigmoid(cal[0] * logit(mean) + cal[1]) * 1000) / 1000;
      spans.push({ start, end: i + 1, type: NER_ENTITY_TYPES[labelType(c)], score });
      start = -1;
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------------------
// Training.

/** A training document: sentences of token forms with BIO tags. */
export interface NerTrainDoc {
  sentences: { tokens: readonly string[]; tags: readonly string[] }[];
}

export interface NerTrainOptions {
  epochs?: number;
  /** 2 = also train the stacked second stage (on jackknifed stage-1 output over `folds` folds). */
  stages?: 1 | 2;
  folds?: number;
  seed?: number;
  /** Word clusters file text (`path\tword\tcount` lines) or '' for none. */
  clustersText?: string;
  /** Gazetteer JSON text or '' for none. */
  gazetteerJson?: string;
  /** Averaged weights smaller than this are dropped. */
  minWeight?: number;
  /** Perceptrons per stage trained on different shuffles and averaged into one model (bagging). */
  bags?: number;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Dev documents used to calibrate the confidence (softmax temperature). */
  dev?: NerTrainDoc[];
}

interface TrainItem {
  doc: number;
  sent: number;
  info: SentenceInfo;
  gold: Uint8Array;
  feats: StaticFeatures;
}

/** Averages linear models (union of features; absent weights count as 0). */
function averageModels(models: LinearModel[], minWeight: number): LinearModel {
  if (models.length === 1) return models[0];
  const rows = new Map<number, Float64Array>();
  for (const m of models) {
    for (let r = 0; r < m.keys.length; r++) {
      let row = rows.get(m.keys[r]);
      if (!row) rows.set(m.keys[r], (row = new Float64Array(N_LABELS)));
      for (let j = m.ptr[r]; j < m.ptr[r + 1]; j++) row[m.cls[j]] += m.val[j] / models.length;
    }
  }
  const keys: number[] = [];
  const ptr: number[] = [0];
  const cls: number[] = [];
  const val: number[] = [];
  for (const [key, row] of [...rows].sort((a, b) => a[0] - b[0])) {
    const before = cls.length;
    for (let c = 0; c < N_LABELS; c++) {
      if (Math.abs(row[c]) >= minWeight) {
        cls.push(c);
        val.push(row[c]);
      }
    }
    if (cls.length > before) {
      keys.push(key);
      ptr.push(cls.length);
    }
  }
  return new LinearModel(N_LABELS, Int32Array.from(keys), Uint32Array.from(ptr), Uint16Array.from(cls), Float32Array.from(val));
}

function trainStage(
  items: TrainItem[],
  epochs: number,
  seed: number,
  minWeight: number,
  log: (line: string) => void,
  label: string,
  bags = 1,
): LinearModel {
  const models: LinearModel[] = [];
  for (let b = 0; b < bags; b++) {
    models.push(trainOne(items, epochs, seed + 1000 * b, minWeight, log, bags > 1 ? `${label} bag ${b + 1}` : label));
  }
  return averageModels(models, minWeight);
}

function trainOne(
  items: TrainItem[],
  epochs: number,
  seed: number,
  minWeight: number,
  log: (line: string) => void,
  label: string,
): LinearModel {
  const trainer = new PerceptronTrainer(N_LABELS);
  const scorer = new TrainerScorer(trainer);
  const decoder = new Decoder();
  const order = items.slice();
  const random = seededRandom(seed);
  let out = new Uint8Array(256);
  for (let e = 0; e < epochs; e++) {
    shuffle(order, random);
    let mistakes = 0;
    let tokens = 0;
    for (const it of order) {
      if (out.length < it.info.n) out = new Uint8Array(it.info.n * 2);
      mistakes += decoder.run(it.info, it.feats, scorer, { out, probs: null, temperature: 1, trainer, gold: it.gold });
      tokens += it.info.n;
    }
    log(`${label} epoch ${e + 1}/${epochs}: token error ${((100 * mistakes) / tokens).toFixed(2)}%, ${trainer.features} features`);
  }
  return trainer.finalize(minWeight);
}

/** Trains an NER model on documents with BIO tags. Deterministic for a given seed. */
export function trainNer(docs: NerTrainDoc[], options: NerTrainOptions = {}): NerModel {
  const epochs = options.epochs ?? 10;
  const stages = options.stages ?? 2;
  const folds = options.folds ?? 5;
  const seed = options.seed ?? 1;
  const minWeight = options.minWeight ?? 0.05;
  const bags = options.bags ?? 1;
  const log = options.log ?? ((): void => undefined);
  const clustersText = options.clustersText ?? '';
  const gazetteerJson = options.gazetteerJson ?? '';
  const fz = new Featurizer({
    clusters: clustersText ? new WordClusters(clustersText) : null,
    gazetteer: gazetteerJson ? new Gazetteer(gazetteerJson) : null,
  });
  const buf = new FeatureBuffer(1 << 16);
  const prepared = docs.map((d) => prepareDoc(d.sentences.map((s) => s.tokens), fz));
  const items: TrainItem[] = [];
  prepared.forEach((p, di) => {
    p.sents.forEach((info, si) => {
      items.push({
        doc: di,
        sent: si,
        info,
        gold: bioToLabels(docs[di].sentences[si].tags),
        feats: extractStatic(info, p.docCase, buf),
      });
    });
  });
  const stage1 = trainStage(items, epochs, seed, minWeight, log, 'stage 1', bags);
  let stage2: LinearModel | null = null;
  if (stages === 2) {
    // Jackknife: stage-1 labels for each fold come from a model trained on the other folds.
    const pass1 = prepared.map((p) => p.sents.map((s) => new Uint8Array(s.n)));
    for (let k = 0; k < folds; k++) {
      const m = new FastScorer(
        trainStage(items.filter((it) => it.doc % folds !== k), epochs, seed + 1 + k, minWeight, () => undefined, `fold ${k}`),
      );
      const decoder = new Decoder();
      for (const it of items) if (it.doc % folds === k) decoder.run(it.info, it.feats, m, { out: pass1[it.doc][it.sent], probs: null, temperature: 1 });
      log(`jackknife fold ${k + 1}/${folds} done`);
    }
    const aggs = prepared.map((p, di) => aggregateLabels(p.sents, pass1[di]));
    const items2 = items.map((it) => ({
      ...it,
      feats: extendStage2(it.info, it.sent, it.feats, pass1[it.doc][it.sent], aggs[it.doc], buf),
    }));
    stage2 = trainStage(items2, epochs, seed + 100, minWeight, log, 'stage 2', bags);
  }
  const model = new NerModel({
    stage1,
    stage2,
    clustersText,
    gazetteerJson,
    featurizer: fz,
    meta: { epochs, seed, folds, stages, bags },
  });
  return options.dev ? calibrate(model, options.dev) : model;
}

/** Chooses the softmax temperature that maximises the dev log-likelihood of the gold labels (best path). */
function calibrate(model: NerModel, dev: NerTrainDoc[]): NerModel {
  const rows: Float64Array[] = [];
  const golds: number[] = [];
  for (const d of dev) {
    model.labelDocument(d.sentences.map((s) => s.tokens), false, rows);
    for (const s of d.sentences) for (const g of bioToLabels(s.tags)) golds.push(g);
  }
  let bestT = 1;
  let bestLL = -Infinity;
  for (let t = 0.05; t < 200; t *= 1.2) {
    let ll = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const prev = row[N_LABELS];
      const last = row[N_LABELS + 1] === 1;
      const ok = (c: number): boolean => ALLOWED[prev * N_LABELS + c] === 1 && !(last && c !== 0 && labelPos(c) < POS_L);
      if (!ok(golds[r])) continue;
      let max = -Infinity;
      for (let c = 0; c < N_LABELS; c++) if (ok(c) && row[c] > max) max = row[c];
      let z = 0;
      for (let c = 0; c < N_LABELS; c++) if (ok(c)) z += Math.exp((row[c] - max) / t);
      ll += (row[golds[r]] - max) / t - Math.log(z);
    }
    if (ll > bestLL) {
      bestLL = ll;
      bestT = t;
    }
  }
  // Span confidence: Platt scaling of the mean token probability against exact-match correctness on dev.
  const tuned = model.withCalibration(bestT);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const d of dev) {
    const pred = tuned.spansDocument(d.sentences.map((s) => s.tokens));
    d.sentences.forEach((s, i) => {
      const gold = new Set(bioSpanKeys(s.tags));
      for (const sp of pred[i]) {
        xs.push(logit(sp.score));
        ys.push(gold.has(`${sp.start}:${sp.end}:${sp.type}`) ? 1 : 0);
      }
    });
  }
  let a = 1;
  let b = 0;
  for (let it = 0; it < 50 && xs.length > 0; it++) {
    // Newton step on the logistic log-likelihood (2×2 system), lightly regularised.
    let ga = 0, gb = 0, haa = 1e-6, hab = 0, hbb = 1e-6;
    for (let k = 0; k < xs.length; k++) {
      const p = sigmoid(a * xs[k] + b);
      const e = ys[k] - p;
      const w = p * (1 - p);
      ga += e * xs[k];
      gb += e;
      haa += w * xs[k] * xs[k];
      hab += w * xs[k];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    a += (hbb * ga - hab * gb) / det;
    b += (haa * gb - hab * ga) / det;
  }
  return model.withCalibration(bestT, [a, b]);
}

/** "start:end:TYPE" keys of the spans of a BIO tag sequence. */
function bioSpanKeys(tags: readonly string[]): string[] {
  const lab = bioToLabels(tags);
  const keys: string[] = [];
  let start = -1;
  for (let i = 0; i < lab.length; i++) {
    const p = labelPos(lab[i]);
    if (p === POS_B || p === POS_U) start = i;
    if ((p === POS_L || p === POS_U) && start >= 0) {
      keys.push(`${start}:${i + 1}:${NER_ENTITY_TYPES[labelType(lab[i])]}`);
      start = -1;
    }
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------------------
// Herald types.

export type HeraldEntityType = 'PERSON' | 'ORG' | 'GPE' | 'LOC' | 'NORP' | 'EVENT' | 'OTHER';

const EVENT_WORDS = /\b(war|wars|cup|games|olympics|olympic|championship|championships|open|revolution|intifada|summit|conference|festival|election|elections|crisis|massacre|holocaust|spring|tournament|grand prix|world series|super bowl)\b/i;

/**
 * Maps a CoNLL type plus the entity's tokens to Herald's output type, using the shipped gazetteer:
 * LOC that is a country or a listed place → GPE; MISC that is a demonym, nationality or religion → NORP;
 * MISC that looks like a named event (war, cup, games, …) → EVENT; other MISC → OTHER.
 */
export function heraldType(type: NerType, tokens: readonly string[], gazetteer: Gazetteer | null = NerModel.default().resources.gazetteer): HeraldEntityType {
  const key = tokens.map(gazKey).join(' ').replace(/ 's$| '$/, '');
  const kinds = gazetteer ? gazetteer.kindsOf(key) : 0;
  const bit = (k: GazKind): boolean => (kinds & (1 << GAZ_KINDS.indexOf(k))) !== 0;
  switch (type) {
    case 'PER':
      return 'PERSON';
    case 'ORG':
      return 'ORG';
    case 'LOC':
      if (bit('COUNTRY') || bit('PLACE')) return 'GPE';
      return 'LOC';
    case 'MISC':
      if (bit('DEMONYM') || bit('RELIGION')) return 'NORP';
      if (gazetteer && tokens.length === 1 && (gazetteer.has('DEMONYM', [tokens[0]]) || gazetteer.has('RELIGION', [tokens[0]]))) return 'NORP';
      if (EVENT_WORDS.test(tokens.join(' '))) return 'EVENT';
      return 'OTHER';
  }
}
