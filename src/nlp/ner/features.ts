/**
 * The NER's features: per word type (cached, `Featurizer`), per sentence (`SentenceInfo`), document-level
 * evidence (casing elsewhere in the document, stage 1's labels elsewhere), and the keys of each token: static
 * (history-independent), stage 2's, and the history keys (`dynKeys`). Keys are hashed integers
 * (linear/keys.ts).
 */
import * as _keys from '../linear/keys.js';
import { FeatureBuffer, TemplateKeys } from '../linear/keys.js';
import * as _normalize from '../linear/normalize.js';
import * as _labels from './labels.js';
import * as _resources from './resources.js';
import type { NerResources } from './resources.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { hashString, KEY_SEED } = _keys;
const { conllForm } = _normalize;
const { labelPos, labelType, N_COARSE, N_LABELS, POS_B, POS_I, POS_L, POS_U } = _labels;
const { gazKey, isAllCaps, MAX_PHRASE, N_PHRASE_KINDS, NL } = _resources;

/** Template keys (the default key seed, as the shipped model was trained: `key1`… of linear/keys.ts). */
const K = new TemplateKeys(KEY_SEED, 64);


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

// Template ids.
const enum T {
  Bias = 1, Word, Lower, LowerM1, LowerP1, LowerM2, LowerP2, Shape, ShapeM1, ShapeP1, ShapeM2, ShapeP2,
  SS2L, SS2R, SS3, Prefix, Suffix, Bigram1, Bigram2, Cluster, ClusterM1, ClusterP1, ClusterM2, ClusterP2,
  Initial, Headline, HeadlineLower, Gaz, GazNeighbour, NameWord, DocCase, DocCase2, LowerM1Shape, LowerShapeP1,
  ClusterShape, Y1, Y12, Y1Lower, Y1Shape, P1Self, P1Left, P1Right, P1Pair, AggType, AggMajority, AggMajShape,
  AggNone, Y1Agg, LowerP1Shape, LenBucket, WordM1, WordP1, HyphenPart, DocEntity, Vec, VecCap, VecM1, VecP1,
}

export const PAD = 2;
const BOUNDARY = hashString('<S>');
const BOUNDARY2 = hashString('</S>');

/** Everything about one word type that does not depend on its context (cached per form). */
export interface WordInfo {
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
  /** Pretrained-vector cluster ids + 1 per level (0 = none; empty without vector clusters). */
  vc: Int32Array;
  /** Feature keys of the token on its own. */
  uni: Int32Array;
}

const NO_CLUSTER = new Int32Array(NL);
const NO_VECTOR = new Int32Array(0);

/** Ids 1 and 2 are the padding pseudo-words below; 0 marks an empty `WordScoreCache` slot. */
let nextWordId = 3;

/** The padding before / after a sentence seen as a word: the values `SentenceInfo` pads its arrays with. */
function paddingWord(id: number, value: number): WordInfo {
  return {
    id, norm: '', lower: '', gazKey: '', w: value, l: value, sh: value, ss: value, cap: 0,
    letter: false, allLower: false, allCaps: false, cl: NO_CLUSTER, vc: NO_VECTOR, uni: new Int32Array(0),
  };
}
export const BOS_WORD = paddingWord(1, BOUNDARY);
export const EOS_WORD = paddingWord(2, BOUNDARY2);

/** The pretrained-vector clusters of a word on its own: every level, and two levels with its casing. */
function pushVectorSelf(b: FeatureBuffer, vc: Int32Array, cap: number): void {
  if (vc.length === 0) return;
  for (let k = 0; k < vc.length; k++) b.push(K.k2(T.Vec, k, vc[k]));
  for (let k = 1; k < vc.length && k <= 2; k++) b.push(K.k3(T.VecCap, k, vc[k], cap));
}

/** The pretrained-vector clusters of a neighbour at -1 or +1 (two middle levels). */
function pushVectorNeighbour(b: FeatureBuffer, vc: Int32Array, template: number): void {
  if (vc.length === 0) return;
  for (let k = 1; k < vc.length && k <= 2; k++) b.push(K.k2(template, k, vc[k]));
}

/** Word-type feature cache over a set of resources. */
export class Featurizer {
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

  vectorClusterOf(lower: string): Int32Array {
    const v = this.res.vectors;
    if (!v) return NO_VECTOR;
    const out = new Int32Array(v.levels);
    const r = v.row(lower);
    if (r >= 0) for (let k = 0; k < v.levels; k++) out[k] = v.id(r, k);
    return out;
  }

  word(form: string): WordInfo {
    let info = this.cache.get(form);
    if (info) return info;
    // An entry costs ~680 bytes (object, strings, two typed arrays): 50K word types (~35 MB) cover a news
    // stream's repeated words; 200K grew each analysis worker by up to ~140 MB on a long ingest.
    if (this.cache.size > 50_000) this.cache.clear();
    const norm = conllForm(form);
    const lower = norm.toLowerCase();
    const ss = hashString(shapeOf(norm, true), 0x27d4eb2f);
    const cap = hasUpperFirst(norm) ? 1 : 0;
    const cl = this.clusterOf(norm);
    const gk = gazKey(form);
    const vc = this.vectorClusterOf(gk);
    const b = this.buf;
    b.clear();
    const w = hashString(norm);
    const l = hashString(lower, 0x3c6ef372);
    const sh = hashString(shapeOf(norm, false), 0x1b873593);
    b.push(K.k1(T.Bias, 0));
    b.push(K.k1(T.Word, w));
    b.push(K.k1(T.Lower, l));
    b.push(K.k1(T.Shape, sh));
    const len = lower.length;
    for (let a = 1; a <= 4 && a <= len; a++) {
      b.push(K.k2(T.Prefix, a, hashString(lower.slice(0, a))));
      b.push(K.k2(T.Suffix, a, hashString(lower.slice(len - a))));
    }
    b.push(K.k2(T.LenBucket, len > 12 ? 12 : len, cap));
    for (let c = 0; c < NL; c++) if (cl[c] !== 0) b.push(K.k2(T.Cluster, c, cl[c]));
    if (cl[0] === 0) b.push(K.k2(T.Cluster, 99, ss));
    else b.push(K.k2(T.ClusterShape, cl[1] || cl[0], ss));
    // Hyphenated words (ex-England, Anglo-French): the last part on its own.
    const hy = norm.lastIndexOf('-');
    if (hy > 0 && hy < norm.length - 1 && hasLetter(norm.slice(hy + 1))) {
      const part = norm.slice(hy + 1);
      b.push(K.k2(T.HyphenPart, hashString(part.toLowerCase()), hasUpperFirst(part) ? 1 : 0));
      const pc = this.clusterOf(part);
      if (pc[1] !== 0) b.push(K.k2(T.HyphenPart, pc[1], 2));
    }
    pushVectorSelf(b, vc, cap);
    info = {
      id: nextWordId++,
      norm,
      lower,
      gazKey: gk,
      w,
      l,
      sh,
      ss,
      cap,
      letter: hasLetter(norm),
      allLower: isAllLower(norm),
      allCaps: isAllCaps(norm),
      cl,
      vc,
      uni: b.keys.slice(0, b.n),
    };
    this.cache.set(form, info);
    return info;
  }
}

/** Word-level values of one sentence, padded by PAD on each side. */
export class SentenceInfo {
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
export function docCaseCounts(sents: SentenceInfo[]): Map<string, [number, number]> {
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
export interface DocAggregate {
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

export function aggregateLabels(sents: SentenceInfo[], labels: Uint8Array[]): DocAggregate {
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
export interface StaticFeatures {
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
  buf.push(K.k1(T.WordM1, w[k - 1]));
  buf.push(K.k1(T.WordP1, w[k + 1]));
  buf.push(K.k1(T.LowerM1, l[k - 1]));
  buf.push(K.k1(T.LowerP1, l[k + 1]));
  buf.push(K.k1(T.LowerM2, l[k - 2]));
  buf.push(K.k1(T.LowerP2, l[k + 2]));
  buf.push(K.k1(T.ShapeM1, sh[k - 1]));
  buf.push(K.k1(T.ShapeP1, sh[k + 1]));
  buf.push(K.k1(T.ShapeM2, ss[k - 2]));
  buf.push(K.k1(T.ShapeP2, ss[k + 2]));
}

/** Clusters of the neighbours (training order). */
function pushNeighbourClusters(s: SentenceInfo, k: number, buf: FeatureBuffer): void {
  const cl = s.cl;
  const i = k - PAD;
  pushVectorNeighbour(buf, i > 0 ? s.words[i - 1].vc : BOS_WORD.vc, T.VecM1);
  pushVectorNeighbour(buf, i + 1 < s.n ? s.words[i + 1].vc : EOS_WORD.vc, T.VecP1);
  buf.push(K.k2(T.ClusterM1, 1, cl[(k - 1) * NL + 1]));
  buf.push(K.k2(T.ClusterM1, 3, cl[(k - 1) * NL + 3]));
  buf.push(K.k2(T.ClusterP1, 1, cl[(k + 1) * NL + 1]));
  buf.push(K.k2(T.ClusterP1, 3, cl[(k + 1) * NL + 3]));
  buf.push(K.k1(T.ClusterM2, cl[(k - 2) * NL + 1]));
  buf.push(K.k1(T.ClusterP2, cl[(k + 2) * NL + 1]));
}

/** The short-shape bigrams and trigram around a token whose short shapes are (a, b, c) (training order). */
function pushShapeNgrams(buf: FeatureBuffer, a: number, b: number, c: number): void {
  buf.push(K.k2(T.SS2L, a, b));
  buf.push(K.k2(T.SS2R, b, c));
  buf.push(K.k3(T.SS3, a, b, c));
}

/**
 * Static features of every token. `withWordRoles = false` leaves out the features of a single word in its role
 * (the token itself, a neighbour at -2..+2; see `wordRoleKeys`) and those of its short-shape context (see
 * `shapeRoleKeys`): decoding adds those from `WordScoreCache`. With them, the keys come in the order training
 * has always used (the trainer sums float weights in order).
 */
export function extractStatic(
  s: SentenceInfo,
  docCase: Map<string, [number, number]>,
  buf: FeatureBuffer,
  withWordRoles = true,
): StaticFeatures {
  buf.clear();
  const n = s.n;
  const off = new Int32Array(n + 1);
  const { l, ss } = s;
  for (let i = 0; i < n; i++) {
    off[i] = buf.n;
    const k = i + PAD;
    const wi = s.words[i];
    if (withWordRoles) {
      pushWordRoles(s, k, buf);
      pushShapeNgrams(buf, ss[k - 1], ss[k], ss[k + 1]);
    }
    buf.push(K.k2(T.Bigram1, l[k - 1], l[k]));
    buf.push(K.k2(T.Bigram2, l[k], l[k + 1]));
    buf.push(K.k2(T.LowerM1Shape, l[k - 1], ss[k]));
    buf.push(K.k2(T.LowerShapeP1, ss[k], l[k + 1]));
    buf.push(K.k2(T.LowerP1Shape, ss[k], ss[k + 1] ^ l[k + 2]));
    if (withWordRoles) pushNeighbourClusters(s, k, buf);
    // Position and headline casing.
    if (i === 0) buf.push(K.k2(T.Initial, ss[k], l[k + 1]));
    if (s.headline) {
      buf.push(K.k2(T.Headline, ss[k], i === 0 ? 1 : 0));
      buf.push(K.k1(T.HeadlineLower, l[k]));
    }
    // Gazetteer.
    const g = s.gaz[i];
    if (g !== 0) {
      for (let b = 0; b < 4 * N_PHRASE_KINDS; b++) if (g & (1 << b)) buf.push(K.k3(T.Gaz, b, s.cap[k], s.headline ? 1 : 0));
    }
    const gl = i > 0 ? s.gaz[i - 1] : 0;
    const gr = i + 1 < n ? s.gaz[i + 1] : 0;
    if (gl | gr) {
      for (let kind = 0; kind < N_PHRASE_KINDS; kind++) {
        if (gl & (0xf << (4 * kind))) buf.push(K.k2(T.GazNeighbour, kind, 0));
        if (gr & (0xf << (4 * kind))) buf.push(K.k2(T.GazNeighbour, kind, 1));
      }
    }
    if (s.nameBits[i]) buf.push(K.k3(T.NameWord, s.nameBits[i], s.cap[k], i + 1 < n ? s.nameBits[i + 1] : 0));
    // Document casing evidence (other occurrences only).
    const dc = docCase.get(wi.lower);
    if (dc) {
      const selfCap = i > 0 && !s.headline && wi.cap ? 1 : 0;
      const selfLow = wi.allLower ? 1 : 0;
      const bits = (dc[0] - selfCap > 0 ? 1 : 0) | (dc[1] - selfLow > 0 ? 2 : 0);
      const where = (i === 0 ? 1 : 0) | (s.headline ? 2 : 0);
      buf.push(K.k3(T.DocCase, bits, ss[k], where));
      buf.push(K.k2(T.DocCase2, bits, where));
    }
  }
  off[n] = buf.n;
  return { keys: buf.keys.slice(0, buf.n), off, agg: new Uint8Array(n) };
}

/** Stage-2 features: stage 1's labels around the token and for the same word elsewhere in the document. */
export function extendStage2(
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
    buf.push(K.k1(T.P1Self, y));
    buf.push(K.k1(T.P1Left, yl));
    buf.push(K.k1(T.P1Right, yr));
    buf.push(K.k3(T.P1Pair, yl, y, yr));
    const e = ent[i];
    if (e !== 0) for (let bit = 0; bit < 16; bit++) if (e & (1 << bit)) buf.push(K.k2(T.DocEntity, bit, s.cap[k]));
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
          buf.push(K.k2(T.AggType, t, c > 2 ? 3 : c));
          if (t > 0 && c > bestCount) {
            best = t;
            bestCount = c;
          }
        }
      }
      if (best > 0) {
        aggOut[i] = best;
        buf.push(K.k2(T.AggMajority, best, counts[0] - (self === 0 ? 1 : 0) > 0 ? 1 : 0));
        buf.push(K.k3(T.AggMajShape, best, s.ss[k], s.cap[k]));
      } else if (others > 0) buf.push(K.k2(T.AggNone, s.ss[k], 0));
    }
  }
  off[n] = buf.n;
  return { keys: buf.keys.slice(0, buf.n), off, agg: aggOut };
}

/** Scores keys[from..to) into out[outOff .. outOff + N_LABELS), in units of `scale`. */
export const TRANSITION_KEYS = Int32Array.from({ length: N_LABELS }, (_, p) => K.k1(T.Y1, p));

// a neighbour at -2..+2 (its form, shape, clusters); two history features also read only the token's own word.
// Decoding sums each such word's scores once and reuses the sums wherever the word recurs, in this document or
// a later one. Scores are integers (int16 weights summed in float64, exactly), so adding a word's cached sum
// gives the same value, bit for bit, as adding its keys' weights one by one.

// Word-role scores. Most static features describe one word in one role: the token itself (its `uni` keys), or
// a neighbour at -2..+2 (its form, shape, clusters); two history features also read only the token's own word.
// Decoding sums each such word's scores once and reuses the sums wherever the word recurs, in this document or
// a later one. Scores are integers (int16 weights summed in float64, exactly), so adding a word's cached sum
// gives the same value, bit for bit, as adding its keys' weights one by one.

export const ROLE_SELF = 0;
export const ROLE_M1 = 1;
export const ROLE_P1 = 2;
export const ROLE_M2 = 3;
export const ROLE_P2 = 4;
export const N_WORD_ROLES = 5;

/** A neighbour at -1 or +1 under that side's templates: its form, lowercase form, shape and two cluster prefixes. */
function pushNextWord(b: FeatureBuffer, wi: WordInfo, word: number, lower: number, shape: number, cluster: number): void {
  b.push(K.k1(word, wi.w));
  b.push(K.k1(lower, wi.l));
  b.push(K.k1(shape, wi.sh));
  b.push(K.k2(cluster, 1, wi.cl[1]));
  b.push(K.k2(cluster, 3, wi.cl[3]));
}

/** A neighbour at -2 or +2 under that side's templates: its lowercase form, short shape and cluster prefix. */
function pushWordTwoAway(b: FeatureBuffer, wi: WordInfo, lower: number, shape: number, cluster: number): void {
  b.push(K.k1(lower, wi.l));
  b.push(K.k1(shape, wi.ss));
  b.push(K.k1(cluster, wi.cl[1]));
}

/** Keys of word `wi` in `role` (a role, or N_WORD_ROLES + q for the history features after coarse class q). */
export function wordRoleKeys(role: number, wi: WordInfo, b: FeatureBuffer): void {
  b.clear();
  switch (role) {
    case ROLE_SELF:
      for (let j = 0; j < wi.uni.length; j++) b.push(wi.uni[j]);
      return;
    case ROLE_M1:
      pushNextWord(b, wi, T.WordM1, T.LowerM1, T.ShapeM1, T.ClusterM1);
      pushVectorNeighbour(b, wi.vc, T.VecM1);
      return;
    case ROLE_P1:
      pushNextWord(b, wi, T.WordP1, T.LowerP1, T.ShapeP1, T.ClusterP1);
      pushVectorNeighbour(b, wi.vc, T.VecP1);
      return;
    case ROLE_M2:
      pushWordTwoAway(b, wi, T.LowerM2, T.ShapeM2, T.ClusterM2);
      return;
    case ROLE_P2:
      pushWordTwoAway(b, wi, T.LowerP2, T.ShapeP2, T.ClusterP2);
      return;
    default: {
      const q = role - N_WORD_ROLES;
      b.push(K.k2(T.Y1Lower, q, wi.l));
      b.push(K.k2(T.Y1Shape, q, wi.ss));
    }
  }
}

/** History keys of token i given the coarse class q of the previous label, into `b`. */
export function dynKeys(s: SentenceInfo, i: number, q: number, agg: number, b: FeatureBuffer): FeatureBuffer {
  const k = i + PAD;
  b.clear();
  b.push(K.k2(T.Y1Lower, q, s.l[k]));
  b.push(K.k2(T.Y1Shape, q, s.ss[k]));
  b.push(K.k3(T.Y1Shape, q, s.ss[k - 1], s.ss[k]));
  if (agg) b.push(K.k2(T.Y1Agg, q, agg));
  return b;
}

// Shape-context scores. The other features that read neighbours read only their short shapes: a token's
// shape bigrams and trigram (static) and its history feature over the previous and its own short shape. Short
// shapes are few ("Xx", "x", "d", ",", …), so decoding sums these once per shape triple and reuses the sums,
// exact as the word-role sums are.

/** Roles of a shape triple: 0 the static shape n-grams, 1 + q the history feature after coarse class q. */
export const N_SHAPE_ROLES = 1 + N_COARSE;

/** Keys of the short-shape triple (a, b, c) = (ss[k-1], ss[k], ss[k+1]) of token k in `role`. */
export function shapeRoleKeys(role: number, a: number, b: number, c: number, buf: FeatureBuffer): void {
  buf.clear();
  if (role === 0) pushShapeNgrams(buf, a, b, c);
  else buf.push(K.k3(T.Y1Shape, role - 1, a, b));
}

/** The history keys of `dynKeys` that neither the word nor the shape scores hold: the aggregate type's (stage 2). */
export function contextDynKeys(q: number, agg: number, b: FeatureBuffer): FeatureBuffer {
  b.clear();
  if (agg) b.push(K.k2(T.Y1Agg, q, agg));
  return b;
}

export interface PreparedDoc {
  sents: SentenceInfo[];
  docCase: Map<string, [number, number]>;
}

export function prepareDoc(sentences: readonly (readonly string[])[], fz: Featurizer): PreparedDoc {
  const sents = sentences.map((forms) => new SentenceInfo(forms, fz));
  return { sents, docCase: docCaseCounts(sents) };
}
