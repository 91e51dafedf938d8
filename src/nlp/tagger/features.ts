/**
 * The tagger's features. Per sentence, every token's attributes (`SentenceFeatures`, padded so that i-2 … i+2
 * are always valid); from them the tag-independent keys of a token (the words around it in their roles, which
 * decoding caches per word, and pairs of neighbours) and the keys of the tags a pass has already assigned
 * (`tagKeys`).
 */
import * as _keys from '../linear/keys.js';
import { TemplateKeys } from '../linear/keys.js';
import * as _normalize from '../linear/normalize.js';
import type { Lexicon } from './lexicon.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { FNV_OFFSET, finish, fnvStep, hashString, mix } = _keys;
const { normalizeForm } = _normalize;

/** Template keys: template t is mixed as t + 1 (as the shipped model was trained). */
const K = new TemplateKeys(0x9747b28c, 256, 1);

export const PAD = 2;
const BOS = 0x5b424f53; // values of padding positions
const EOS = 0x5b454f53;

/** Per-sentence token attributes (offset by PAD so that i-2 .. i+2 are always valid). */
export class SentenceFeatures {
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
      // suffixes (S1..S5, FNV-1a from the last character back) and prefixes (P1..P3) of the key
      let h = FNV_OFFSET;
      for (let j = klen - 1, k = 1; k <= 5; k++, j--) {
        if (j >= 0) h = fnvStep(h, key.charCodeAt(j));
        const v = j >= 0 ? h : h ^ 0x55;
        if (k === 1) S1[p] = v; else if (k === 2) S2[p] = v; else if (k === 3) S3[p] = v; else if (k === 4) S4[p] = v; else S5[p] = v;
      }
      h = FNV_OFFSET;
      for (let j = 0; j < 3; j++) {
        if (j < klen) h = fnvStep(h, key.charCodeAt(j));
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
        out[at++] = K.k1(0, 1);
        out[at++] = K.k1(1, W[p]);
        out[at++] = K.k1(2, l);
        out[at++] = K.k1(3, S1[p]);
        out[at++] = K.k1(4, S2[p]);
        out[at++] = K.k1(5, S3[p]);
        out[at++] = K.k1(6, S4[p]);
        out[at++] = K.k1(7, S5[p]);
        out[at++] = K.k1(8, P1[p]);
        out[at++] = K.k1(9, P2[p]);
        out[at++] = K.k1(10, P3[p]);
        out[at++] = K.k2(11, SH[p], sf);
        out[at++] = K.k1(12, FL[p]);
        out[at++] = K.k1(13, C1[p]);
        out[at++] = K.k1(14, C2[p]);
        out[at++] = K.k1(15, A[p]);
        out[at++] = K.k3(37, CR[p], FL[p] & 131, sf);
        out[at++] = K.k2(71, l, QP[p]);
        out[at++] = K.k2(88, l, GL[p]);
        out[at++] = K.k2(89, SH[p], GL[p]);
        return at;
      }
      case ROLE_LEFT:
        out[at++] = K.k1(16, l);
        out[at++] = K.k1(20, this.S3[p]);
        out[at++] = K.k1(22, SH[p]);
        out[at++] = K.k1(24, C2[p]);
        out[at++] = K.k1(27, C1[p]);
        out[at++] = K.k1(31, A[p]);
        return at;
      case ROLE_RIGHT:
        out[at++] = K.k1(18, l);
        out[at++] = K.k1(21, this.S3[p]);
        out[at++] = K.k1(23, SH[p]);
        out[at++] = K.k1(25, C2[p]);
        out[at++] = K.k1(28, C1[p]);
        out[at++] = K.k1(29, A[p]);
        return at;
      case ROLE_RIGHT2:
        out[at++] = K.k1(19, l);
        out[at++] = K.k1(26, C2[p]);
        out[at++] = K.k1(30, A[p]);
        return at;
      default:
        out[at++] = K.k1(17, l);
        out[at++] = K.k1(91, C2[p]);
        out[at++] = K.k1(92, A[p]);
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
    out[at++] = K.k2(32, L[p - 1], l);
    out[at++] = K.k2(33, l, L[p + 1]);
    out[at++] = K.k2(34, A[p], A[p + 1]);
    out[at++] = K.k2(35, S1[p - 1], l);
    out[at++] = K.k2(36, C2[p], C2[p + 1]);
    out[at++] = K.k3(38, CR[p - 1], CR[p + 1], FL[p] & 1);
    const capCtx = (FL[p - 1] & 3) | ((FL[p + 1] & 3) << 2) | (this.sf << 4);
    out[at++] = K.k3(39, capCtx, FL[p] & 131, CR[p]);
    out[at++] = K.k3(45, capCtx, FL[p] & 131, C1[p]);
    out[at++] = K.k2(65, l, A[p + 1]);
    out[at++] = K.k3(66, l, A[p + 1], A[p + 2]);
    out[at++] = K.k2(67, l, C2[p + 1]);
    out[at++] = K.k2(68, C2[p - 1], l);
    out[at++] = K.k2(69, l, L[p + 2]);
    out[at++] = K.k2(70, A[p - 1], l);
    out[at++] = K.k3(90, this.GL[p], SH[p - 1], SH[p + 1]);
    out[at++] = K.k2(93, l, this.S1[p + 1]);
    out[at++] = K.k2(94, L[p - 2], l);
    out[at++] = K.k3(95, l, A[p - 1], A[p - 2]);
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
export const N_ROLES = 5;
/** Offset from the token being tagged of the token in each role. */
export const ROLE_OFFSETS = [0, -1, 1, 2, -2];
const N_PAIR = 18;

export const N_STATIC = 20 + 6 + 6 + 3 + 3 + N_PAIR;
const N_DYN = 10;
export const N_KEYS = N_STATIC + N_DYN;

/**
 * Class kinds for the tag-context state: 1 verb form (VB, VBD, …), 2 adverb (RB, RBR, RBS), 0 other.
 */
export function classKinds(classes: string[]): Uint8Array {
  const v = new Uint8Array(classes.length + 4);
  classes.forEach((c, i) => {
    if (c.startsWith('VB')) v[i] = 1;
    else if (c.startsWith('RB')) v[i] = 2;
  });
  return v;
}

/** Tag-context state of a pass: [0] the last verb's word (lexicon hash), [1] the last class that is not an adverb. */
export function resetContext(cx: Int32Array, C: number): void {
  cx[0] = 0;
  cx[1] = C;
}

export function advance(cx: Int32Array, kind: number, c: number, word: number): void {
  if (kind === 1) cx[0] = word;
  if (kind !== 2) cx[1] = c;
}

/** Keys of the tags already assigned in this pass: t1, t2 the previous two, and the context state. */
export function tagKeys(
  f: SentenceFeatures, i: number, t1: number, t2: number, cx: Int32Array, dir: number, out: Int32Array, at: number,
): number {
  const p = i + PAD;
  const T = dir * 100;
  const l = f.L[p];
  const a = f.A[p];
  const lv = cx[0];
  const na = cx[1];
  out[at++] = K.k1(T + 40, t1);
  out[at++] = K.k2(T + 41, t2, t1);
  out[at++] = K.k2(T + 42, t1, l);
  out[at++] = K.k2(T + 43, t1, a);
  out[at++] = K.k2(T + 44, t1, f.A[p + 1]);
  out[at++] = K.k3(T + 46, t1, f.FL[p] & 3, f.CR[p]);
  out[at++] = K.k2(T + 80, l, lv);
  out[at++] = K.k2(T + 82, a, lv);
  out[at++] = K.k2(T + 83, na, a);
  out[at++] = K.k2(T + 84, na, l);
  return at;
}
