/**
 * Part-of-speech tagger: a left-to-right and a right-to-left greedy averaged-perceptron tagger whose scores are
 * added, over hashed integer features.
 *
 * Each token gets one joint class, an (XPOS, UPOS) pair seen in training, so one decision yields both tag sets.
 * Both directions share the tag-independent features: the words around the token (±2), their suffixes, prefixes,
 * shapes, distributional word clusters and capitalisation habits learned from unlabeled text, ambiguity classes
 * (the set of tags a frequent word takes in training), quote parity and the spacing around the token when known.
 * Each direction adds the tags it has already assigned on its side (the previous two, the last verb, the last
 * non-adverb): the left-to-right pass knows the tags to the left, the right-to-left pass those to the right, and
 * the sum of their scores lets each token see both.
 *
 * Speed: the two directions live in one model of 2C classes, so a tag-independent feature is looked up once for
 * both; the features of a single word (in its role: the token itself, a neighbour at -2..+2) are summed once per
 * word and cached; features that depend on assigned tags or combine neighbours are scored only for the few
 * classes the word-level features rank best.
 *
 * Forms are normalised for lookup only (’ → ', “ ” → ", — → --, … → ...) so that news typography meets the
 * training data's conventions; nothing is changed in the caller's tokens.
 */
import { uposIndex } from '../doc/doc.js';
import type { ConlluSentence } from './conllu.js';
import { finish, hashString, mix } from './features.js';
import { derivedArrays, loadModel, saveModel, type StoredArray } from './model-file.js';
import { modelPath } from './paths.js';
import { LinearModel, PerceptronTrainer } from './perceptron.js';
import { seededRandom, shuffle } from './random.js';

const FORMAT = 'herald-tagger/5';

// ---------------------------------------------------------------------------------------------------------------
// Form normalisation and word keys
// ---------------------------------------------------------------------------------------------------------------

/** Map of typographic characters to their training-data (EWT/PTB) spelling, used inside a token. */
function mapTypo(c: number): string | null {
  switch (c) {
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212: return '-';
    case 0x2014: case 0x2015: return '--';
    case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032: return "'";
    case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033: return '"';
    case 0x2026: return '...';
    case 0x00a0: return ' ';
    default: return null;
  }
}

/** The form used for feature lookup: curly quotes, dashes and ellipses spelled as in the training data. */
export function normalizeForm(s: string): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x2010 && c <= 0x2033) || c === 0x2212 || c === 0x00a0) break;
  }
  if (i === s.length) return s;
  if (s === '–' || s === '—' || s === '―') return '--';
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const m = mapTypo(s.charCodeAt(i));
    out += m ?? s[i];
  }
  return out;
}

/** Lexicon key of a form: normalised, lower-cased, every digit replaced by 0. */
export function lexKey(form: string): string {
  const s = normalizeForm(form).toLowerCase();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57 && c !== 48) return s.replace(/[1-9]/g, '0');
  }
  return s;
}

/** 32-bit hash of `lexKey(form)`: the key of word clusters and ambiguity classes. */
export const lexHash = (form: string): number => hashString(lexKey(form));

/**
 * Word facts learned from unlabeled text, keyed by `lexHash`: distributional classes at two granularities
 * (0 = none) and how often the word is capitalised away from the start of a sentence (`caps`, a bucket 0..5,
 * 0 = too rare to tell).
 */
export interface WordClusters {
  keys: Int32Array;
  coarse: Uint16Array;
  fine: Uint16Array;
  caps: Uint8Array;
}

/** Bucket of the share of capitalised, non-sentence-initial occurrences (1 = never … 5 = almost always). */
export function capsBucket(capitalised: number, total: number): number {
  if (total < 3) return 0;
  const r = capitalised / total;
  return r < 0.05 ? 1 : r < 0.3 ? 2 : r < 0.7 ? 3 : r < 0.95 ? 4 : 5;
}

/** Open-addressing map from non-zero int32 keys to row numbers. */
class IntMap {
  private keys: Int32Array;
  private rows: Int32Array;
  private mask: number;
  constructor(keys: Int32Array) {
    let cap = 16;
    while (cap < keys.length * 2) cap <<= 1;
    this.keys = new Int32Array(cap);
    this.rows = new Int32Array(cap);
    this.mask = cap - 1;
    for (let r = 0; r < keys.length; r++) {
      const k = keys[r];
      let i = k & this.mask;
      while (this.keys[i] !== 0 && this.keys[i] !== k) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.rows[i] = r;
    }
  }
  get(key: number): number {
    const keys = this.keys;
    let i = key & this.mask;
    while (true) {
      const k = keys[i];
      if (k === key) return this.rows[i];
      if (k === 0) return -1;
      i = (i + 1) & this.mask;
    }
  }
}

/** Per-word lexical facts: clusters and capitalisation (unlabeled text), ambiguity class (training tags). */
class Lexicon {
  readonly keys: Int32Array;
  readonly coarse: Uint16Array;
  readonly fine: Uint16Array;
  readonly caps: Uint8Array;
  readonly amb: Uint16Array;
  private map: IntMap;
  constructor(keys: Int32Array, coarse: Uint16Array, fine: Uint16Array, caps: Uint8Array, amb: Uint16Array) {
    this.keys = keys;
    this.coarse = coarse;
    this.fine = fine;
    this.caps = caps;
    this.amb = amb;
    this.map = new IntMap(keys);
  }
  row(key: number): number {
    return this.map.get(key);
  }
  clusters(): WordClusters | undefined {
    const idx: number[] = [];
    for (let r = 0; r < this.keys.length; r++) if (this.coarse[r] || this.fine[r] || this.caps[r]) idx.push(r);
    if (!idx.length) return undefined;
    return {
      keys: Int32Array.from(idx, (r) => this.keys[r]),
      coarse: Uint16Array.from(idx, (r) => this.coarse[r]),
      fine: Uint16Array.from(idx, (r) => this.fine[r]),
      caps: Uint8Array.from(idx, (r) => this.caps[r]),
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Features
// ---------------------------------------------------------------------------------------------------------------

const N_TEMPLATES = 256;
const TSEED = new Int32Array(N_TEMPLATES);
for (let t = 0; t < N_TEMPLATES; t++) TSEED[t] = mix(0x9747b28c, t + 1);
const k1 = (t: number, a: number): number => finish(mix(TSEED[t], a));
const k2 = (t: number, a: number, b: number): number => finish(mix(mix(TSEED[t], a), b));
const k3 = (t: number, a: number, b: number, c: number): number => finish(mix(mix(mix(TSEED[t], a), b), c));

const PAD = 2;
const BOS = 0x5b424f53; // values of padding positions
const EOS = 0x5b454f53;

const FNV = 0x811c9dc5;
const PRIME = 0x01000193;

/** Per-sentence token attributes (offset by PAD so that i-2 .. i+2 are always valid). */
class SentenceFeatures {
  n = 0;
  cap = 0;
  /** Sentence flags: 1 = most words capitalised (title), 2 = most words in capitals. */
  sf = 0;
  W!: Int32Array; // normalised form, cased
  L!: Int32Array; // lexKey
  S1!: Int32Array;
  S2!: Int32Array;
  S3!: Int32Array;
  S4!: Int32Array;
  S5!: Int32Array;
  P1!: Int32Array;
  P2!: Int32Array;
  P3!: Int32Array;
  SH!: Int32Array; // collapsed shape
  FL!: Int32Array; // flags
  C1!: Int32Array;
  C2!: Int32Array;
  CR!: Int32Array; // capitalisation bucket
  A!: Int32Array;
  GL!: Int32Array; // spacing around the token
  QP!: Int32Array; // double quotes: 0/1 outside/inside (parity of the " before), 2/3 on a " token (opening/closing)
  all!: Int32Array[];

  constructor(cap = 64) {
    this.grow(cap);
  }

  private grow(cap: number): void {
    this.cap = cap;
    const a = (): Int32Array => new Int32Array(cap + 2 * PAD);
    this.W = a(); this.L = a(); this.S1 = a(); this.S2 = a(); this.S3 = a(); this.S4 = a(); this.S5 = a();
    this.P1 = a(); this.P2 = a(); this.P3 = a(); this.SH = a(); this.FL = a(); this.C1 = a(); this.C2 = a();
    this.CR = a(); this.A = a(); this.QP = a(); this.GL = a();
    this.all = [this.W, this.L, this.S1, this.S2, this.S3, this.S4, this.S5, this.P1, this.P2, this.P3,
      this.SH, this.FL, this.C1, this.C2, this.CR, this.A, this.QP, this.GL];
    for (const arr of this.all) {
      arr[0] = BOS; arr[1] = BOS + 1;
    }
  }

  fill(forms: readonly string[], from: number, to: number, lex: Lexicon, space?: ArrayLike<number | boolean> | null): void {
    const n = to - from;
    if (n > this.cap) this.grow(Math.max(n, this.cap * 2));
    this.n = n;
    // Spacing: bit 0 = no space before, bit 1 = no space after; 4 = unknown.
    const GL = this.GL;
    if (space) {
      let before = 0;
      for (let i = 0; i < n; i++) {
        const after = space[from + i] ? 0 : 1;
        GL[i + PAD] = before | (after << 1);
        before = after;
      }
    } else GL.fill(4, PAD, PAD + n);
    const { W, L, S1, S2, S3, S4, S5, P1, P2, P3, SH, FL, C1, C2, CR, A } = this;
    let alpha = 0;
    let titled = 0;
    let capsWords = 0;
    let quotes = 0;
    for (let i = 0; i < n; i++) {
      const p = i + PAD;
      const norm = normalizeForm(forms[from + i]);
      const len = norm.length;
      W[p] = hashString(norm);
      if (norm === '"') {
        this.QP[p] = 2 + (quotes & 1);
        quotes++;
      } else this.QP[p] = quotes & 1;
      // shape, flags
      let shape = 0x1234567;
      let prev = -1;
      let upper = 0;
      let lower = 0;
      let digit = 0;
      let hyphen = 0;
      let period = 0;
      for (let j = 0; j < len; j++) {
        const c = norm.charCodeAt(j);
        let cls: number;
        if (c >= 65 && c <= 90) { cls = 1; upper++; }
        else if (c >= 97 && c <= 122) { cls = 2; lower++; }
        else if (c >= 48 && c <= 57) { cls = 3; digit++; }
        else if (c > 127) {
          const ch = norm[j];
          if (ch !== ch.toLowerCase()) { cls = 1; upper++; }
          else if (ch !== ch.toUpperCase()) { cls = 2; lower++; }
          else cls = 4;
        } else {
          cls = 16 + c;
          if (c === 45) hyphen++;
          else if (c === 46) period++;
        }
        if (cls !== prev) shape = mix(shape, cls);
        prev = cls;
      }
      SH[p] = shape;
      const c0 = norm.charCodeAt(0);
      const initCap = (c0 >= 65 && c0 <= 90) || (c0 > 127 && upper > 0 && norm[0] !== norm[0].toLowerCase()) ? 1 : 0;
      const allCaps = upper > 1 && lower === 0 ? 2 : 0;
      FL[p] =
        initCap |
        allCaps |
        (digit ? 4 : 0) |
        (hyphen ? 8 : 0) |
        (period ? 16 : 0) |
        (upper > 0 && !initCap ? 32 : 0) |
        (lower === 0 && upper === 0 && digit === 0 ? 64 : 0) |
        (i === 0 ? 128 : 0) |
        (len > 8 ? 256 : 0);
      if (i > 0 && upper + lower > 1) {
        alpha++;
        if (initCap) titled++;
        if (allCaps) capsWords++;
      }
      // lexicon key: lowercase, digits → 0
      let key = upper ? norm.toLowerCase() : norm;
      if (digit) key = key.replace(/[1-9]/g, '0');
      const klen = key.length;
      const lh = hashString(key);
      L[p] = lh;
      // suffixes (S1..S5) and prefixes (P1..P3) of the key
      let h = FNV;
      for (let j = klen - 1, k = 1; k <= 5; k++, j--) {
        if (j >= 0) {
          h ^= key.charCodeAt(j);
          h = Math.imul(h, PRIME);
        }
        const v = j >= 0 ? h : h ^ 0x55;
        if (k === 1) S1[p] = v; else if (k === 2) S2[p] = v; else if (k === 3) S3[p] = v; else if (k === 4) S4[p] = v; else S5[p] = v;
      }
      h = FNV;
      for (let j = 0; j < 3; j++) {
        if (j < klen) {
          h ^= key.charCodeAt(j);
          h = Math.imul(h, PRIME);
        }
        const v = j < klen ? h : h ^ 0x55;
        if (j === 0) P1[p] = v; else if (j === 1) P2[p] = v; else P3[p] = v;
      }
      const r = lex.row(lh);
      if (r >= 0) {
        C1[p] = lex.coarse[r];
        C2[p] = lex.fine[r];
        CR[p] = lex.caps[r];
        A[p] = lex.amb[r];
      } else {
        C1[p] = 0;
        C2[p] = 0;
        CR[p] = 0;
        A[p] = 0;
      }
    }
    this.sf = alpha >= 2 ? (capsWords * 10 >= alpha * 6 ? 2 : titled * 10 >= alpha * 6 ? 1 : 0) : 0;
    for (const arr of this.all) {
      arr[n + PAD] = EOS;
      arr[n + PAD + 1] = EOS + 1;
    }
  }

  /** Makes this the right-to-left view of `src` (token i here is token n-1-i there). */
  reverseOf(src: SentenceFeatures): void {
    const n = src.n;
    if (n > this.cap) this.grow(Math.max(n, this.cap * 2));
    this.n = n;
    this.sf = src.sf;
    for (let a = 0; a < this.all.length; a++) {
      const to = this.all[a];
      const from = src.all[a];
      for (let i = 0; i < n; i++) to[PAD + i] = from[PAD + n - 1 - i];
      to[n + PAD] = EOS;
      to[n + PAD + 1] = EOS + 1;
    }
  }

  /**
   * Keys of token p in role `role`: itself (ROLE_SELF), the left neighbour (ROLE_LEFT), the right neighbour
   * (ROLE_RIGHT) or the one after (ROLE_RIGHT2) of the token being tagged. They depend only on token p (its form,
   * flags, spacing and quote state), so their summed scores can be cached per word; see `roleKey`.
   */
  roleKeys(role: number, p: number, out: Int32Array, at: number): number {
    const { L, SH, C1, C2, A } = this;
    const l = L[p];
    switch (role) {
      case ROLE_SELF: {
        const { W, S1, S2, S3, S4, S5, P1, P2, P3, FL, CR, GL, QP } = this;
        const sf = this.sf;
        out[at++] = k1(0, 1);
        out[at++] = k1(1, W[p]);
        out[at++] = k1(2, l);
        out[at++] = k1(3, S1[p]);
        out[at++] = k1(4, S2[p]);
        out[at++] = k1(5, S3[p]);
        out[at++] = k1(6, S4[p]);
        out[at++] = k1(7, S5[p]);
        out[at++] = k1(8, P1[p]);
        out[at++] = k1(9, P2[p]);
        out[at++] = k1(10, P3[p]);
        out[at++] = k2(11, SH[p], sf);
        out[at++] = k1(12, FL[p]);
        out[at++] = k1(13, C1[p]);
        out[at++] = k1(14, C2[p]);
        out[at++] = k1(15, A[p]);
        out[at++] = k3(37, CR[p], FL[p] & 131, sf);
        out[at++] = k2(71, l, QP[p]);
        out[at++] = k2(88, l, GL[p]);
        out[at++] = k2(89, SH[p], GL[p]);
        return at;
      }
      case ROLE_LEFT:
        out[at++] = k1(16, l);
        out[at++] = k1(20, this.S3[p]);
        out[at++] = k1(22, SH[p]);
        out[at++] = k1(24, C2[p]);
        out[at++] = k1(27, C1[p]);
        out[at++] = k1(31, A[p]);
        return at;
      case ROLE_RIGHT:
        out[at++] = k1(18, l);
        out[at++] = k1(21, this.S3[p]);
        out[at++] = k1(23, SH[p]);
        out[at++] = k1(25, C2[p]);
        out[at++] = k1(28, C1[p]);
        out[at++] = k1(29, A[p]);
        return at;
      case ROLE_RIGHT2:
        out[at++] = k1(19, l);
        out[at++] = k1(26, C2[p]);
        out[at++] = k1(30, A[p]);
        return at;
      default:
        out[at++] = k1(17, l);
        out[at++] = k1(91, C2[p]);
        out[at++] = k1(92, A[p]);
        return at;
    }
  }

  /** Cache key of token p in `role` (never 0): everything `roleKeys` reads of the token. */
  roleKey(role: number, p: number): number {
    let h = mix(0x2f0e1d3c + role, this.W[p]);
    if (role === ROLE_SELF) h = mix(mix(mix(mix(h, this.FL[p]), this.GL[p]), this.QP[p]), this.sf);
    return finish(h);
  }

  /** Keys combining token i with its neighbours. */
  pairKeys(i: number, out: Int32Array, at: number): number {
    const p = i + PAD;
    const { L, S1, SH, FL, C1, C2, CR, A } = this;
    const l = L[p];
    out[at++] = k2(32, L[p - 1], l);
    out[at++] = k2(33, l, L[p + 1]);
    out[at++] = k2(34, A[p], A[p + 1]);
    out[at++] = k2(35, S1[p - 1], l);
    out[at++] = k2(36, C2[p], C2[p + 1]);
    out[at++] = k3(38, CR[p - 1], CR[p + 1], FL[p] & 1);
    const capCtx = (FL[p - 1] & 3) | ((FL[p + 1] & 3) << 2) | (this.sf << 4);
    out[at++] = k3(39, capCtx, FL[p] & 131, CR[p]);
    out[at++] = k3(45, capCtx, FL[p] & 131, C1[p]);
    out[at++] = k2(65, l, A[p + 1]);
    out[at++] = k3(66, l, A[p + 1], A[p + 2]);
    out[at++] = k2(67, l, C2[p + 1]);
    out[at++] = k2(68, C2[p - 1], l);
    out[at++] = k2(69, l, L[p + 2]);
    out[at++] = k2(70, A[p - 1], l);
    out[at++] = k3(90, this.GL[p], SH[p - 1], SH[p + 1]);
    out[at++] = k2(93, l, this.S1[p + 1]);
    out[at++] = k2(94, L[p - 2], l);
    out[at++] = k3(95, l, A[p - 1], A[p - 2]);
    return at;
  }

  /** All tag-independent keys of token i (the roles of it and its neighbours, then the pairs). */
  staticKeys(i: number, out: Int32Array, at: number): number {
    const p = i + PAD;
    at = this.roleKeys(ROLE_SELF, p, out, at);
    at = this.roleKeys(ROLE_LEFT, p - 1, out, at);
    at = this.roleKeys(ROLE_RIGHT, p + 1, out, at);
    at = this.roleKeys(ROLE_RIGHT2, p + 2, out, at);
    at = this.roleKeys(ROLE_LEFT2, p - 2, out, at);
    return this.pairKeys(i, out, at);
  }
}

const ROLE_SELF = 0;
const ROLE_LEFT = 1;
const ROLE_RIGHT = 2;
const ROLE_RIGHT2 = 3;
const ROLE_LEFT2 = 4;
const N_ROLES = 5;
/** Offset from the token being tagged of the token in each role. */
const ROLE_OFFSETS = [0, -1, 1, 2, -2];
const N_PAIR = 18;

const N_STATIC = 20 + 6 + 6 + 3 + 3 + N_PAIR;
const N_DYN = 10;
const N_KEYS = N_STATIC + N_DYN;

/**
 * Class kinds for the tag-context state: 1 verb form (VB, VBD, …), 2 adverb (RB, RBR, RBS), 0 other.
 */
function classKinds(classes: string[]): Uint8Array {
  const v = new Uint8Array(classes.length + 4);
  classes.forEach((c, i) => {
    if (c.startsWith('VB')) v[i] = 1;
    else if (c.startsWith('RB')) v[i] = 2;
  });
  return v;
}

/** Tag-context state of a pass: [0] the last verb's word (lexicon hash), [1] the last class that is not an adverb. */
function resetContext(cx: Int32Array, C: number): void {
  cx[0] = 0;
  cx[1] = C;
}

function advance(cx: Int32Array, kind: number, c: number, word: number): void {
  if (kind === 1) cx[0] = word;
  if (kind !== 2) cx[1] = c;
}

/** Keys of the tags already assigned in this pass: t1, t2 the previous two, and the context state. */
function tagKeys(
  f: SentenceFeatures, i: number, t1: number, t2: number, cx: Int32Array, dir: number, out: Int32Array, at: number,
): number {
  const p = i + PAD;
  const T = dir * 100;
  const l = f.L[p];
  const a = f.A[p];
  const lv = cx[0];
  const na = cx[1];
  out[at++] = k1(T + 40, t1);
  out[at++] = k2(T + 41, t2, t1);
  out[at++] = k2(T + 42, t1, l);
  out[at++] = k2(T + 43, t1, a);
  out[at++] = k2(T + 44, t1, f.A[p + 1]);
  out[at++] = k3(T + 46, t1, f.FL[p] & 3, f.CR[p]);
  out[at++] = k2(T + 80, l, lv);
  out[at++] = k2(T + 82, a, lv);
  out[at++] = k2(T + 83, na, a);
  out[at++] = k2(T + 84, na, l);
  return at;
}

// ---------------------------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------------------------

/**
 * Read-only scorer built from a `LinearModel` (the same int16 weights as its file form) in a cache-friendlier
 * layout: one open-addressing table of (key, entry) pairs, where a row with a single non-zero weight is stored
 * inline in the entry and longer rows point into one packed array of (class << 16 | int16 weight).
 * Scores are integers in units of the model's quantisation step, which argmax does not need to undo.
 */
class FastScorer {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly data: Int32Array;
  /** Dense rows (long rows of frequent features): weights of classes [lo, lo + n), and (offset, lo, n) each. */
  private readonly dense: Int16Array;
  private readonly denseRows: Int32Array;
  /** Weight of one score unit. */
  readonly scale: number;

  constructor(m: LinearModel) {
    if (m.nClasses > 255) throw new Error('FastScorer supports at most 255 classes');
    // Built once per model; shared between threads when the model file is (see derivedArrays).
    const t = derivedArrays(m.keys, 'tagger.FastScorer', () => FastScorer.build(m));
    this.slots = t.slots;
    this.mask = t.slots.length / 2 - 1;
    this.data = t.data;
    this.dense = t.dense;
    this.denseRows = t.denseRows;
    this.scale = t.scale[0];
  }

  private static build(m: LinearModel): { slots: Int32Array; data: Int32Array; dense: Int16Array; denseRows: Int32Array; scale: Float64Array } {
    const { keys, ptr, cls, val } = m;
    let maxAbs = 0;
    for (let i = 0; i < val.length; i++) maxAbs = Math.max(maxAbs, Math.abs(val[i]));
    const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
    let cap = 16;
    while (cap * 0.65 < keys.length) cap <<= 1;
    const slots = new Int32Array(cap * 2);
    const mask = cap - 1;
    const isDense = (r: number): boolean => {
      const len = ptr[r + 1] - ptr[r];
      if (len < 16) return false;
      let lo = 255;
      let hi = 0;
      for (let j = ptr[r]; j < ptr[r + 1]; j++) {
        lo = Math.min(lo, cls[j]);
        hi = Math.max(hi, cls[j] + 1);
      }
      return len * 2 >= hi - lo;
    };
    let packed = 0;
    let denseLen = 0;
    let denseCount = 0;
    for (let r = 0; r < keys.length; r++) {
      if (isDense(r)) {
        denseCount++;
        denseLen += cls[ptr[r + 1] - 1] - cls[ptr[r]] + 1;
      } else if (ptr[r + 1] - ptr[r] > 1) packed += ptr[r + 1] - ptr[r];
    }
    const data = new Int32Array(packed);
    const dense = new Int16Array(denseLen);
    const denseRows = new Int32Array(denseCount * 3);
    let at = 0;
    let dAt = 0;
    let dRow = 0;
    for (let r = 0; r < keys.length; r++) {
      const start = ptr[r];
      const len = ptr[r + 1] - start;
      let entry: number;
      if (isDense(r)) {
        const lo = cls[start];
        const n = cls[ptr[r + 1] - 1] - lo + 1;
        for (let j = start; j < start + len; j++) dense[dAt + cls[j] - lo] = Math.round(val[j] / scale);
        denseRows.set([dAt, lo, n], dRow * 3);
        entry = dRow << 8;
        dRow++;
        dAt += n;
      } else if (len === 1) {
        entry = 0x80000000 | (cls[start] << 16) | (Math.round(val[start] / scale) & 0xffff);
      } else {
        if (at >= 1 << 23) throw new Error('FastScorer: model too large');
        entry = (at << 8) | len;
        for (let j = start; j < start + len; j++) data[at++] = (cls[j] << 16) | (Math.round(val[j] / scale) & 0xffff);
      }
      let i = keys[r] & mask;
      while (slots[2 * i] !== 0) i = (i + 1) & mask;
      slots[2 * i] = keys[r];
      slots[2 * i + 1] = entry;
    }
    return { slots, data, dense, denseRows, scale: Float64Array.of(scale) };
  }

  /** The table slot of feature `key` (open addressing, linear probing), or -1 when the model lacks it. */
  private slotOf(key: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = key & mask;
    for (let k = slots[2 * i]; k !== key; k = slots[2 * i]) {
      if (k === 0) return -1;
      i = (i + 1) & mask;
    }
    return i;
  }

  /**
   * Like `score`, but exact only at the positions `cand[c0, c1)` of `out` (position = base + model class): long
   * rows add just those; other entries of `out` may receive arbitrary values and must be ignored.
   */
  scoreSome(
    keys: Int32Array, from: number, to: number, out: Int32Array, base: number, cand: Int32Array, c0: number, c1: number,
  ): void {
    const slots = this.slots;
    const data = this.data;
    const dense = this.dense;
    const denseRows = this.denseRows;
    for (let f = from; f < to; f++) {
      const i = this.slotOf(keys[f]);
      if (i < 0) continue;
      const e = slots[2 * i + 1];
      if (e < 0) {
        out[base + ((e >>> 16) & 0xff)] += (e << 16) >> 16;
      } else if ((e & 0xff) === 0) {
        const d = (e >>> 8) * 3;
        const off = denseRows[d];
        const shift = base + denseRows[d + 1]; // out index of the row's first class
        const n = denseRows[d + 2];
        for (let j = c0; j < c1; j++) {
          const c = cand[j];
          const m = c - shift;
          if (m >= 0 && m < n) out[c] += dense[off + m];
        }
      } else {
        const end = (e >>> 8) + (e & 0xff);
        for (let j = e >>> 8; j < end; j++) {
          const d = data[j];
          out[base + (d >>> 16)] += (d << 16) >> 16;
        }
      }
    }
  }

  /** Adds the integer scores of `keys[from, to)` into `out[base, base + classes)`. */
  score(keys: Int32Array, from: number, to: number, out: Int32Array, base: number): void {
    const slots = this.slots;
    const data = this.data;
    const dense = this.dense;
    const denseRows = this.denseRows;
    for (let f = from; f < to; f++) {
      const i = this.slotOf(keys[f]);
      if (i < 0) continue;
      const e = slots[2 * i + 1];
      if (e < 0) {
        out[base + ((e >>> 16) & 0xff)] += (e << 16) >> 16;
      } else if ((e & 0xff) === 0) {
        const d = (e >>> 8) * 3;
        const off = denseRows[d];
        const n = denseRows[d + 2];
        const ob = base + denseRows[d + 1];
        for (let c = 0; c < n; c++) out[ob + c] += dense[off + c];
      } else {
        const end = (e >>> 8) + (e & 0xff);
        for (let j = e >>> 8; j < end; j++) {
          const d = data[j];
          out[base + (d >>> 16)] += (d << 16) >> 16;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tagger
// ---------------------------------------------------------------------------------------------------------------

/**
 * Direct-mapped cache of summed role scores (see `SentenceFeatures.roleKeys`): frequent words are scored once
 * per role instead of once per occurrence.
 */
class RoleCache {
  readonly keys: Int32Array;
  /** Summed scores, divided by CACHE_UNIT (int16 keeps the cache small enough to stay in fast memory). */
  readonly vecs: Int16Array;
  /**
   * Two-way set associative: a key may sit in either slot of its set (2·set, 2·set + 1), and a miss replaces
   * the one used less recently, so a frequent word is not evicted by the next rare word that hashes alike.
   */
  private readonly setMask: number;
  /** Per set, the slot (0 or 1) a miss replaces next: the one not used last. */
  private readonly victim: Uint8Array;
  constructor(slots: number, C: number) {
    this.keys = new Int32Array(slots);
    this.vecs = new Int16Array(slots * C);
    this.setMask = (slots >> 1) - 1;
    this.victim = new Uint8Array(slots >> 1);
  }

  /** The slot holding `key`, or -1 - (the slot to fill with it) when it is not cached. */
  find(key: number): number {
    const set = key & this.setMask;
    const a = 2 * set;
    const keys = this.keys;
    if (keys[a] === key) {
      this.victim[set] = 1;
      return a;
    }
    if (keys[a + 1] === key) {
      this.victim[set] = 0;
      return a + 1;
    }
    const w = this.victim[set];
    this.victim[set] = 1 - w;
    return -1 - (a + w);
  }
}

const CACHE_SHIFT = 2;
const CACHE_UNIT = 1 << CACHE_SHIFT;

/**
 * 16K slots (5.5 MB per tagger) hold the role vectors of a news article's vocabulary; 64K (22 MB, most of it
 * resident after a few hundred articles) was not measurably faster. Results do not depend on the size: every
 * vector is rounded the same way whether it comes from the cache or was just computed.
 */
const CACHE_SLOTS = 1 << 14;

/** Scratch state of one greedy pass. */
class Pass {
  tags = new Int32Array(64 + 2 * PAD);
  readonly cx = new Int32Array(2);
}

export class Tagger {
  /** XPOS and UPOS of each joint class. */
  readonly xposOf: string[];
  readonly uposOf: string[];
  private readonly uposIdx: Uint8Array;
  private readonly kinds: Uint8Array;
  private readonly openQuote: number;
  private readonly closeQuote: number;
  private readonly lex: Lexicon;
  /** Both directions in one model: classes [0, C) score left-to-right, [C, 2C) right-to-left. */
  private readonly model: LinearModel;
  private readonly scorer: FastScorer;
  private readonly cache: RoleCache;
  private readonly nClasses: number;
  /** Diagnostics: which passes to run. */
  direction: 'both' | 'forward' | 'backward' = 'both';
  /** Classes per token that the tag-context features are scored for (the best by the other features). */
  candidates = 6;
  private cand = new Int32Array(0);
  private cand2 = new Int32Array(0);
  private readonly candScore = new Int32Array(256);
  // scratch
  private readonly ltr = new SentenceFeatures();
  private readonly rtl = new SentenceFeatures();
  private readonly pass = new Pass();
  private readonly keys = new Int32Array(N_KEYS);
  private readonly scores: Int32Array;
  private readonly roleScores: Int32Array;
  /** Cache slots of the current token's roles. */
  private readonly roleSlots = new Int32Array(N_ROLES);
  private stat = new Int32Array(0);
  private acc = new Int32Array(0);
  private out = new Int32Array(64);

  private static cached: Tagger | undefined;

  constructor(classes: string[], lex: Lexicon, model: LinearModel) {
    const C = classes.length;
    if (model.nClasses !== 2 * C) throw new Error('tagger model: expected two classes per tag (one per direction)');
    this.nClasses = C;
    this.xposOf = classes.map((c) => c.slice(0, c.indexOf('|')));
    this.uposOf = classes.map((c) => c.slice(c.indexOf('|') + 1));
    this.uposIdx = Uint8Array.from(this.uposOf, (u) => uposIndex(u));
    this.kinds = classKinds(classes);
    this.openQuote = this.xposOf.indexOf('``');
    this.closeQuote = this.xposOf.indexOf("''");
    this.lex = lex;
    this.model = model;
    this.scorer = new FastScorer(model);
    this.cache = new RoleCache(CACHE_SLOTS, 2 * C);
    this.scores = new Int32Array(C);
    this.roleScores = new Int32Array(2 * C);
    this.stat = new Int32Array(64 * 2 * C);
    this.acc = new Int32Array(64 * C);
  }

  /** Joint class names, `XPOS|UPOS`. */
  get classes(): string[] {
    return this.xposOf.map((x, i) => `${x}|${this.uposOf[i]}`);
  }

  /** The word clusters this tagger was trained with (reused by `trainTagger` when retraining). */
  get clusters(): WordClusters | undefined {
    return this.lex.clusters();
  }

  static load(path = modelPath('tagger.bin.gz')): Tagger {
    const { meta, arrays } = loadModel(path);
    if (meta.format !== FORMAT) throw new Error(`${path}: not a ${FORMAT} model; retrain with npm run train:tagger`);
    const lex = new Lexicon(
      arrays['lex.keys'] as Int32Array,
      arrays['lex.coarse'] as Uint16Array,
      arrays['lex.fine'] as Uint16Array,
      arrays['lex.caps'] as Uint8Array,
      arrays['lex.amb'] as Uint16Array,
    );
    return new Tagger(meta.classes as string[], lex, LinearModel.fromArrays('m', arrays, meta));
  }

  /** The shipped model, loaded once. */
  static default(): Tagger {
    Tagger.cached ??= Tagger.load();
    return Tagger.cached;
  }

  save(path = modelPath('tagger.bin.gz')): number {
    const m = this.model.toArrays('m');
    const arrays: Record<string, StoredArray> = {
      ...m.arrays,
      'lex.keys': this.lex.keys,
      'lex.coarse': this.lex.coarse,
      'lex.fine': this.lex.fine,
      'lex.caps': this.lex.caps,
      'lex.amb': this.lex.amb,
    };
    return saveModel(path, { meta: { format: FORMAT, classes: this.classes, ...m.meta }, arrays });
  }

  /** Model statistics. */
  get stats(): { classes: number; features: number; weights: number; lexicon: number } {
    return { classes: this.nClasses, features: this.model.features, weights: this.model.val.length, lexicon: this.lex.keys.length };
  }

  /** The `RoleCache` slot holding the role vector of token p in `role`, scored into it on a miss. */
  private fetchRole(f: SentenceFeatures, role: number, p: number): number {
    const cache = this.cache;
    const key = f.roleKey(role, p);
    let slot = cache.find(key);
    if (slot < 0) {
      slot = -1 - slot;
      const C2 = 2 * this.nClasses;
      const { keys, roleScores } = this;
      const vecs = cache.vecs;
      const base = slot * C2;
      cache.keys[slot] = key;
      roleScores.fill(0);
      this.scorer.score(keys, 0, f.roleKeys(role, p, keys, 0), roleScores, 0);
      for (let c = 0; c < C2; c++) {
        // Math.round(x / CACHE_UNIT) for an integer x (halves round up), without the division and float round.
        const v = (roleScores[c] + (CACHE_UNIT >> 1)) >> CACHE_SHIFT;
        vecs[base + c] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      }
    }
    return slot;
  }

  /**
   * Tag-independent scores of every token (both directions) into `stat` (n × 2C), and its candidate classes:
   * the `candidates` best by the summed scores of the token's word-level features (the cached roles). The
   * features combining neighbours and the tag-context features are then scored for the candidates only.
   */
  private staticScores(f: SentenceFeatures): void {
    const n = f.n;
    const C = this.nClasses;
    const C2 = 2 * C;
    const K = Math.min(this.candidates, C);
    if (this.cand.length < n * K) {
      this.cand = new Int32Array(2 * n * K);
      this.cand2 = new Int32Array(4 * n * K);
    }
    const { keys, scorer, cache, roleSlots, cand, cand2 } = this;
    const best = this.candScore;
    const stat = this.stat;
    const vecs = cache.vecs;
    for (let i = 0; i < n; i++) {
      const p = i + PAD;
      const o = i * C2;
      // The five role vectors, fetched (scored on a miss) first and then summed in one pass over the classes.
      // Two roles of one token may share a cache slot; then the later one evicted the earlier, and the token
      // is summed role by role instead, re-scoring as needed. Integer sums: the same values either way.
      let distinct = true;
      for (let r = 0; r < N_ROLES; r++) {
        const slot = this.fetchRole(f, r, p + ROLE_OFFSETS[r]);
        for (let s = 0; s < r; s++) if (roleSlots[s] === slot) distinct = false;
        roleSlots[r] = slot;
      }
      if (distinct) {
        const b0 = roleSlots[0] * C2;
        const b1 = roleSlots[1] * C2;
        const b2 = roleSlots[2] * C2;
        const b3 = roleSlots[3] * C2;
        const b4 = roleSlots[4] * C2;
        for (let c = 0; c < C2; c++) {
          stat[o + c] = (vecs[b0 + c] + vecs[b1 + c] + vecs[b2 + c] + vecs[b3 + c] + vecs[b4 + c]) * CACHE_UNIT;
        }
      } else {
        stat.fill(0, o, o + C2);
        for (let r = 0; r < N_ROLES; r++) {
          const base = this.fetchRole(f, r, p + ROLE_OFFSETS[r]) * C2;
          for (let c = 0; c < C2; c++) stat[o + c] += vecs[base + c] * CACHE_UNIT;
        }
      }
      // candidates: top K by the two directions' summed scores
      const b = i * K;
      let k = 0;
      for (let c = 0; c < C; c++) {
        const v = stat[o + c] + stat[o + C + c];
        if (k === K && v <= best[K - 1]) continue;
        let j = k < K ? k++ : K - 1;
        while (j > 0 && best[j - 1] < v) {
          best[j] = best[j - 1];
          cand[b + j] = cand[b + j - 1];
          j--;
        }
        best[j] = v;
        cand[b + j] = c;
      }
      for (let j = 0; j < K; j++) {
        cand2[2 * b + j] = o + cand[b + j];
        cand2[2 * b + K + j] = o + C + cand[b + j];
      }
      scorer.scoreSome(keys, 0, f.pairKeys(i, keys, 0), stat, o, cand2, 2 * b, 2 * b + 2 * K);
    }
  }

  /** One greedy pass over `f` (`dir` 0: left to right, 1: right to left), adding its scores into `acc`. */
  private greedy(f: SentenceFeatures, dir: number): void {
    const n = f.n;
    const C = this.nClasses;
    const K = Math.min(this.candidates, C);
    const { keys, scores, acc, stat, kinds, pass, scorer, cand } = this;
    if (pass.tags.length < n + 2 * PAD) pass.tags = new Int32Array(2 * n + 2 * PAD);
    const t = pass.tags;
    const cx = pass.cx;
    t[0] = C + 1;
    t[1] = C;
    resetContext(cx, C);
    for (let i = 0; i < n; i++) {
      const p = i + PAD;
      const orig = dir === 0 ? i : n - 1 - i;
      const so = orig * 2 * C + dir * C;
      const cb = orig * K;
      for (let j = 0; j < K; j++) {
        const c = cand[cb + j];
        scores[c] = stat[so + c];
      }
      const at = tagKeys(f, i, t[p - 1], t[p - 2], cx, dir, keys, 0);
      scorer.scoreSome(keys, 0, at, scores, -dir * C, cand, cb, cb + K);
      let best = cand[cb];
      for (let j = 1; j < K; j++) {
        const c = cand[cb + j];
        if (scores[c] > scores[best]) best = c;
      }
      t[p] = best;
      advance(cx, kinds[best], best, f.L[p]);
      const o = orig * C;
      for (let j = 0; j < K; j++) {
        const c = cand[cb + j];
        acc[o + c] += scores[c];
      }
    }
  }

  /** Tags forms[from, to) as one sentence; returns joint class ids at [0, n). */
  private decode(forms: readonly string[], from: number, to: number, space?: ArrayLike<number | boolean>): Int32Array {
    const n = to - from;
    const C = this.nClasses;
    if (this.acc.length < n * C) {
      this.acc = new Int32Array(2 * n * C);
      this.stat = new Int32Array(4 * n * C);
    }
    if (this.out.length < n) this.out = new Int32Array(2 * n);
    const acc = this.acc;
    acc.fill(0, 0, n * C);
    this.ltr.fill(forms, from, to, this.lex, space);
    this.staticScores(this.ltr);
    if (this.direction !== 'backward') this.greedy(this.ltr, 0);
    if (this.direction !== 'forward') {
      this.rtl.reverseOf(this.ltr);
      this.greedy(this.rtl, 1);
    }
    const out = this.out;
    const K = Math.min(this.candidates, C);
    const cand = this.cand;
    for (let i = 0; i < n; i++) {
      const o = i * C;
      const cb = i * K;
      let best = cand[cb];
      for (let j = 1; j < K; j++) if (acc[o + cand[cb + j]] > acc[o + best]) best = cand[cb + j];
      out[i] = this.fixQuote(forms[from + i], best);
    }
    return out;
  }

  /** Curly quotes carry their direction, which the normalised form loses: trust the character. */
  private fixQuote(form: string, c: number): number {
    if (form.length !== 1 || (c !== this.openQuote && c !== this.closeQuote)) return c;
    const ch = form.charCodeAt(0);
    if (ch === 0x201c || ch === 0x2018) return this.openQuote;
    if (ch === 0x201d) return this.closeQuote;
    return c;
  }

  /**
   * Tags one sentence. `spaceAfter[i]`, when given, tells whether whitespace follows token i in the text (it
   * tells e.g. the hyphen of "15-year" from a dash); without it the tagger works from the forms alone.
   */
  tagSentence(forms: string[], spaceAfter?: ArrayLike<number | boolean>): { upos: string[]; xpos: string[] } {
    const upos: string[] = [];
    const xpos: string[] = [];
    if (!forms.length) return { upos, xpos };
    const out = this.decode(forms, 0, forms.length, spaceAfter);
    for (let i = 0; i < forms.length; i++) {
      upos.push(this.uposOf[out[i]]);
      xpos.push(this.xposOf[out[i]]);
    }
    return { upos, xpos };
  }

  /**
   * Tags forms[from, to) as one sentence, writing UPOS indices (into UPOS_TAGS) and XPOS strings in place.
   * `spaceAfter`, indexed like `forms`, is optional (see `tagSentence`).
   */
  tagInto(
    forms: string[], from: number, to: number, upos: Uint8Array, xpos: string[], spaceAfter?: ArrayLike<number | boolean>,
  ): void {
    if (to <= from) return;
    const out = this.decode(forms, from, to, spaceAfter);
    for (let i = 0; i < to - from; i++) {
      upos[from + i] = this.uposIdx[out[i]];
      xpos[from + i] = this.xposOf[out[i]];
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------------------------------------------

export interface TrainTaggerOptions {
  /** Perceptron epochs per model (default 8). */
  epochs?: number;
  seed?: number;
  log?: (s: string) => void;
  /** Word clusters; defaults to the clusters of the shipped model, if there is one. `null`: none. */
  clusters?: WordClusters | null;
  /**
   * Models per direction, each trained on its own shuffles, whose weights are averaged (default 1; the shipped
   * model uses 3). Costs training time only.
   */
  ensemble?: number;
  /** Averaged weights below this magnitude are dropped (model size). */
  minWeight?: number;
  /** Tag-independent features seen fewer times than this in the training data are not used (default 1: all). */
  minCount?: number;
}

function defaultClusters(): WordClusters | undefined {
  try {
    return Tagger.load().clusters;
  } catch {
    return undefined;
  }
}

/** Builds the joint class inventory: (XPOS, UPOS) pairs seen at least `minCount` times. */
function jointClasses(sentences: ConlluSentence[], minCount = 3): { classes: string[]; classOf: (x: string, u: string) => number } {
  const pairCount = new Map<string, number>();
  const xposBest = new Map<string, [string, number]>();
  for (const s of sentences) {
    for (const w of s.words) {
      const k = `${w.xpos}|${w.upos}`;
      const n = (pairCount.get(k) ?? 0) + 1;
      pairCount.set(k, n);
      const b = xposBest.get(w.xpos);
      if (!b || n > b[1]) xposBest.set(w.xpos, [k, n]);
    }
  }
  const classes = [...pairCount.entries()]
    .filter(([k, n]) => n >= minCount || xposBest.get(k.slice(0, k.indexOf('|')))?.[0] === k)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k]) => k);
  const index = new Map(classes.map((c, i) => [c, i]));
  const classOf = (x: string, u: string): number => {
    const i = index.get(`${x}|${u}`);
    if (i !== undefined) return i;
    const b = xposBest.get(x);
    return b ? index.get(b[0])! : 0;
  };
  return { classes, classOf };
}

/** Ambiguity classes: for each word seen `minCount`+ times, the set of its frequent classes (id ≥ 1). */
function ambiguityClasses(sentences: ConlluSentence[], classOf: (x: string, u: string) => number, minCount = 3): Map<number, number> {
  const counts = new Map<number, Map<number, number>>();
  for (const s of sentences) {
    for (const w of s.words) {
      const k = lexHash(w.form);
      let m = counts.get(k);
      if (!m) counts.set(k, (m = new Map()));
      const c = classOf(w.xpos, w.upos);
      m.set(c, (m.get(c) ?? 0) + 1);
    }
  }
  const setIds = new Map<string, number>();
  const out = new Map<number, number>();
  for (const [k, m] of counts) {
    let total = 0;
    for (const v of m.values()) total += v;
    if (total < minCount) continue;
    const tags = [...m.entries()].filter(([, v]) => v >= 0.05 * total).map(([c]) => c).sort((a, b) => a - b);
    const sig = tags.join(',');
    let id = setIds.get(sig);
    if (id === undefined) setIds.set(sig, (id = setIds.size + 1));
    out.set(k, id);
  }
  return out;
}

function buildLexicon(amb: Map<number, number>, clusters: WordClusters | undefined): Lexicon {
  const rows = new Map<number, [number, number, number, number]>();
  if (clusters) {
    for (let i = 0; i < clusters.keys.length; i++) rows.set(clusters.keys[i], [clusters.coarse[i], clusters.fine[i], clusters.caps[i], 0]);
  }
  for (const [k, a] of amb) {
    const r = rows.get(k);
    if (r) r[3] = a;
    else rows.set(k, [0, 0, 0, a]);
  }
  const keys = [...rows.keys()].sort((a, b) => a - b);
  return new Lexicon(
    Int32Array.from(keys),
    Uint16Array.from(keys, (k) => rows.get(k)![0]),
    Uint16Array.from(keys, (k) => rows.get(k)![1]),
    Uint8Array.from(keys, (k) => rows.get(k)![2]),
    Uint16Array.from(keys, (k) => rows.get(k)![3]),
  );
}

/** Whether whitespace follows each syntactic word (MISC SpaceAfter=No; words inside a multi-word token: no). */
export function spaceAfterOf(s: ConlluSentence): Uint8Array {
  const out = new Uint8Array(s.words.length);
  for (let i = 0; i < s.words.length; i++) out[i] = s.words[i].misc.includes('SpaceAfter=No') ? 0 : 1;
  for (const m of s.multiword) for (let i = m.from; i < m.to; i++) out[i] = 0;
  return out;
}

/** Training instances of one direction: static keys, gold classes and the token attributes tag keys use. */
interface Direction {
  /** Per sentence: static keys of all tokens, token i's at [offs[i], offs[i + 1]). */
  statics: Int32Array[];
  offs: Int32Array[];
  golds: Int32Array[];
  L: Int32Array[];
  A: Int32Array[];
  FL: Int32Array[];
  CR: Int32Array[];
}

const newDirection = (): Direction => ({ statics: [], offs: [], golds: [], L: [], A: [], FL: [], CR: [] });

/** Adds the tag-key attributes of `f` and its gold classes to `d`. */
function collectTokens(d: Direction, f: SentenceFeatures, gold: Int32Array): void {
  const n = f.n;
  d.golds.push(gold);
  d.L.push(f.L.slice(0, n + 2 * PAD));
  d.A.push(f.A.slice(0, n + 2 * PAD));
  d.FL.push(f.FL.slice(0, n + 2 * PAD));
  d.CR.push(f.CR.slice(0, n + 2 * PAD));
}

/** Static keys of the tokens of `f` (in its order) as a CSR pair. */
function collectStatics(d: Direction, f: SentenceFeatures): void {
  const n = f.n;
  const st = new Int32Array(n * N_STATIC);
  const offs = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offs[i + 1] = f.staticKeys(i, st, offs[i]);
  d.statics.push(st.slice(0, offs[n]));
  d.offs.push(offs);
}

/** The static keys of `d` with the token order of every sentence reversed. */
function reversedStatics(d: Direction, into: Direction): void {
  d.statics.forEach((st, si) => {
    const offs = d.offs[si];
    const n = offs.length - 1;
    const out = new Int32Array(st.length);
    const o = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) {
      const i = n - 1 - j;
      out.set(st.subarray(offs[i], offs[i + 1]), o[j]);
      o[j + 1] = o[j] + offs[i + 1] - offs[i];
    }
    into.statics.push(out);
    into.offs.push(o);
  });
}

/** Open-addressing counter of non-zero int32 keys. */
class KeyCounter {
  private keys: Int32Array;
  private counts: Int32Array;
  private size = 0;
  constructor(capacity: number) {
    let cap = 1024;
    while (cap < capacity * 2) cap <<= 1;
    this.keys = new Int32Array(cap);
    this.counts = new Int32Array(cap);
  }
  private slot(key: number): number {
    const mask = this.keys.length - 1;
    let i = key & mask;
    while (this.keys[i] !== 0 && this.keys[i] !== key) i = (i + 1) & mask;
    return i;
  }
  add(key: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const i = this.slot(key);
    if (this.keys[i] === 0) {
      this.keys[i] = key;
      this.size++;
    }
    this.counts[i]++;
  }
  get(key: number): number {
    const i = this.slot(key);
    return this.keys[i] === key ? this.counts[i] : 0;
  }
  private grow(): void {
    const { keys, counts } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.counts = new Int32Array(keys.length * 2);
    for (let j = 0; j < keys.length; j++) {
      if (keys[j] === 0) continue;
      const i = this.slot(keys[j]);
      this.keys[i] = keys[j];
      this.counts[i] = counts[j];
    }
  }
}

/** Removes the static keys seen fewer than `minCount` times in the training data; returns how many went. */
function pruneRare(d: Direction, minCount: number): number {
  const counter = new KeyCounter(1 << 20);
  for (const st of d.statics) for (let j = 0; j < st.length; j++) if (st[j] !== 0) counter.add(st[j]);
  let dropped = 0;
  d.statics.forEach((st, si) => {
    const offs = d.offs[si];
    const out = new Int32Array(st.length);
    const newOffs = new Int32Array(offs.length);
    let w = 0;
    for (let i = 0; i + 1 < offs.length; i++) {
      for (let j = offs[i]; j < offs[i + 1]; j++) {
        if (counter.get(st[j]) >= minCount) out[w++] = st[j];
        else dropped++;
      }
      newOffs[i + 1] = w;
    }
    d.statics[si] = out.slice(0, w);
    d.offs[si] = newOffs;
  });
  return dropped;
}

/** Averaged-perceptron epochs of one direction's greedy tagger (predicted tag history, as when tagging). */
function runEpochs(
  d: Direction, dir: number, C: number, kinds: Uint8Array, epochs: number, random: () => number, log: (s: string) => void,
): PerceptronTrainer {
  const tr = new PerceptronTrainer(C);
  const keys = new Int32Array(N_KEYS);
  const scores = new Float64Array(C);
  const view = new SentenceFeatures(8);
  const order = d.golds.map((_, i) => i);
  let maxN = 0;
  for (const g of d.golds) maxN = Math.max(maxN, g.length);
  const t = new Int32Array(maxN + 2 * PAD);
  const cx = new Int32Array(2);
  const started = Date.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    let errors = 0;
    let total = 0;
    for (const si of order) {
      const gold = d.golds[si];
      const st = d.statics[si];
      const offs = d.offs[si];
      const n = gold.length;
      view.L = d.L[si];
      view.A = d.A[si];
      view.FL = d.FL[si];
      view.CR = d.CR[si];
      t[0] = C + 1;
      t[1] = C;
      resetContext(cx, C);
      for (let i = 0; i < n; i++) {
        const p = i + PAD;
        let ns = 0;
        for (let j = offs[i], end = offs[i + 1]; j < end; j++) keys[ns++] = st[j];
        const at = tagKeys(view, i, t[p - 1], t[p - 2], cx, dir, keys, ns);
        scores.fill(0);
        tr.score(keys, at, scores);
        let best = 0;
        for (let c = 1; c < C; c++) if (scores[c] > scores[best]) best = c;
        tr.tick();
        const g = gold[i];
        if (best !== g) {
          tr.update(keys, at, g, 1);
          tr.update(keys, at, best, -1);
          errors++;
        }
        t[p] = best;
        advance(cx, kinds[best], best, view.L[p]);
      }
      total += n;
    }
    log(
      `  epoch ${epoch + 1}/${epochs}: train accuracy ${(1 - errors / total).toFixed(4)}, ${tr.features} features, ` +
        `${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
  }
  return tr;
}

/** The average of several models (union of their features), without weights below `minWeight`. */
function averageModels(models: LinearModel[], minWeight: number): LinearModel {
  if (models.length === 1) return models[0];
  const C = models[0].nClasses;
  const rows = new Map<number, Float64Array>();
  for (const m of models) {
    for (let r = 0; r < m.keys.length; r++) {
      let row = rows.get(m.keys[r]);
      if (!row) rows.set(m.keys[r], (row = new Float64Array(C)));
      for (let j = m.ptr[r]; j < m.ptr[r + 1]; j++) row[m.cls[j]] += m.val[j] / models.length;
    }
  }
  const keys: number[] = [];
  const ptr = [0];
  const cls: number[] = [];
  const val: number[] = [];
  for (const k of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(k)!;
    for (let c = 0; c < C; c++) {
      if (Math.abs(row[c]) >= minWeight) {
        cls.push(c);
        val.push(row[c]);
      }
    }
    if (cls.length > ptr[ptr.length - 1]) {
      keys.push(k);
      ptr.push(cls.length);
    }
  }
  return new LinearModel(C, Int32Array.from(keys), Uint32Array.from(ptr), Uint16Array.from(cls), Float32Array.from(val));
}

/** One model over 2C classes: `fwd`'s classes, then `bwd`'s shifted by C. */
function joinDirections(fwd: LinearModel, bwd: LinearModel): LinearModel {
  const C = fwd.nClasses;
  const rows = new Map<number, [number, number][]>();
  for (const [m, shift] of [[fwd, 0], [bwd, C]] as const) {
    for (let r = 0; r < m.keys.length; r++) {
      let row = rows.get(m.keys[r]);
      if (!row) rows.set(m.keys[r], (row = []));
      for (let j = m.ptr[r]; j < m.ptr[r + 1]; j++) row.push([m.cls[j] + shift, m.val[j]]);
    }
  }
  const keys = [...rows.keys()].sort((a, b) => a - b);
  const ptr = [0];
  const cls: number[] = [];
  const val: number[] = [];
  for (const k of keys) {
    for (const [c, v] of rows.get(k)!) {
      cls.push(c);
      val.push(v);
    }
    ptr.push(cls.length);
  }
  return new LinearModel(2 * C, Int32Array.from(keys), Uint32Array.from(ptr), Uint16Array.from(cls), Float32Array.from(val));
}

/**
 * Trains a tagger on gold-tagged sentences; deterministic for a given seed. Spacing (MISC SpaceAfter=No) is
 * learned from three sentences in four and hidden in the fourth, so that the model also works without it.
 */
export function trainTagger(sentences: ConlluSentence[], opts: TrainTaggerOptions = {}): Tagger {
  const epochs = opts.epochs ?? 8;
  const ensemble = opts.ensemble ?? 1;
  const minWeight = opts.minWeight ?? 0.05;
  const log = opts.log ?? ((): void => {});
  const random = seededRandom(opts.seed ?? 1);
  const clusters = opts.clusters === null ? undefined : (opts.clusters ?? defaultClusters());
  const { classes, classOf } = jointClasses(sentences);
  const C = classes.length;
  const kinds = classKinds(classes);
  const lex = buildLexicon(ambiguityClasses(sentences, classOf), clusters);

  // Static keys are those of the left-to-right view for both directions (the right-to-left pass reads them in
  // reverse order); the tag keys of each pass read its own view.
  const ltr = new SentenceFeatures();
  const rtl = new SentenceFeatures();
  const dirs = [newDirection(), newDirection()];
  sentences.forEach((s, si) => {
    const forms = s.words.map((w) => w.form);
    const gold = Int32Array.from(s.words, (w) => classOf(w.xpos, w.upos));
    ltr.fill(forms, 0, forms.length, lex, si % 4 === 3 ? null : spaceAfterOf(s));
    rtl.reverseOf(ltr);
    collectStatics(dirs[0], ltr);
    collectTokens(dirs[0], ltr, gold);
    collectTokens(dirs[1], rtl, gold.slice().reverse());
  });
  const minCount = opts.minCount ?? 1;
  if (minCount > 1) log(`dropped ${pruneRare(dirs[0], minCount)} occurrences of features seen fewer than ${minCount} times`);
  reversedStatics(dirs[0], dirs[1]);
  const models: LinearModel[][] = [[], []];
  for (let e = 0; e < ensemble; e++) {
    for (let d = 0; d < 2; d++) {
      log(`${d === 0 ? 'left-to-right' : 'right-to-left'} model${ensemble > 1 ? ` ${e + 1}/${ensemble}` : ''}`);
      const tr = runEpochs(dirs[d], d, C, kinds, epochs, random, log);
      models[d].push(tr.finalize(ensemble > 1 ? minWeight / (2 * ensemble) : minWeight));
    }
  }
  return new Tagger(classes, lex, joinDirections(averageModels(models[0], minWeight), averageModels(models[1], minWeight)));
}
