/**
 * The parser's configuration: stack, buffer (always a suffix of the sentence), the partial tree, and the token
 * attributes the features read (filled by the lexicon). Arc-hybrid transitions: SHIFT, LEFT-l (b0 → s0, pop
 * s0), RIGHT-l (s1 → s0, pop s0); the artificial ROOT sits at the end of the buffer and is never shifted.
 */
import * as _keys from '../linear/keys.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { hashString, mix } = _keys;

export const SHIFT = 0;
export const LEFT = 1;
export const RIGHT = 2;

const NONE_H = hashString('<none>');
const ROOT_W = hashString('<root-w>');
const ROOT_P = hashString('<root-p>');
const ROOT_U = hashString('<root-u>');

/** Distance buckets of the features: 0-4 as they are, then 5-6, 7-10, beyond. */
export function distBucket(d: number): number {
  if (d <= 4) return d;
  if (d <= 6) return 5;
  if (d <= 10) return 6;
  return 7;
}

/** Arcs made by any machine so far (mod 2^32, skipping 0): the source of `Machine.ver`. */
let arcEvents = 0;

export class Machine {
  cap = 0;
  /** Number of words; ROOT is token n; n + 1 is the "none" slot whose attributes are all NONE. */
  n = 0;
  W: Int32Array = new Int32Array(0); // word hash (vocabulary-filtered)
  P: Int32Array = new Int32Array(0); // xpos hash
  U: Int32Array = new Int32Array(0); // upos hash
  WP: Int32Array = new Int32Array(0); // word+xpos hash
  S: Int32Array = new Int32Array(0); // suffix hash
  A: Int32Array = new Int32Array(0); // ambiguity class
  C4: Int32Array = new Int32Array(0); // cluster prefixes
  C6: Int32Array = new Int32Array(0);
  CF: Int32Array = new Int32Array(0);
  stack: Int32Array = new Int32Array(0);
  sp = 0;
  b = 0;
  head: Int32Array = new Int32Array(0);
  lab: Int32Array = new Int32Array(0); // label index + 1 (0 = none)
  lc1: Int32Array = new Int32Array(0);
  lc2: Int32Array = new Int32Array(0);
  rc1: Int32Array = new Int32Array(0);
  rc2: Int32Array = new Int32Array(0);
  nl: Int32Array = new Int32Array(0);
  nr: Int32Array = new Int32Array(0);
  lsetLo: Int32Array = new Int32Array(0);
  lsetHi: Int32Array = new Int32Array(0);
  rsetLo: Int32Array = new Int32Array(0);
  rsetHi: Int32Array = new Int32Array(0);
  /**
   * Version of each token's subtree state (children, counts, label sets): 0 after `reset`, then a number drawn
   * afresh (`arcEvents`) at each arc it heads, so equal versions of a token mean equal states, across copies.
   */
  ver: Int32Array = new Int32Array(0);

  ensure(n: number): void {
    const need = n + 2;
    if (need <= this.cap) return;
    let cap = Math.max(64, this.cap);
    while (cap < need) cap *= 2;
    this.cap = cap;
    const mk = (): Int32Array => new Int32Array(cap);
    this.W = mk(); this.P = mk(); this.U = mk(); this.WP = mk(); this.S = mk();
    this.A = mk(); this.C4 = mk(); this.C6 = mk(); this.CF = mk();
    this.stack = mk(); this.head = mk(); this.lab = mk();
    this.lc1 = mk(); this.lc2 = mk(); this.rc1 = mk(); this.rc2 = mk(); this.nl = mk(); this.nr = mk();
    this.lsetLo = mk(); this.lsetHi = mk(); this.rsetLo = mk(); this.rsetHi = mk();
    this.ver = mk();
  }

  /** Resets the tree; the caller has filled W/P/U/S for tokens 0..n-1. */
  reset(n: number): void {
    this.n = n;
    const none = n + 1;
    this.W[n] = ROOT_W; this.P[n] = ROOT_P; this.U[n] = ROOT_U; this.S[n] = ROOT_W;
    this.A[n] = ROOT_W; this.C4[n] = ROOT_W; this.C6[n] = ROOT_W; this.CF[n] = ROOT_W;
    this.W[none] = NONE_H; this.P[none] = NONE_H; this.U[none] = NONE_H; this.S[none] = NONE_H;
    this.A[none] = NONE_H; this.C4[none] = NONE_H; this.C6[none] = NONE_H; this.CF[none] = NONE_H;
    for (let i = 0; i <= none; i++) {
      this.WP[i] = mix(this.W[i], this.P[i]);
      this.head[i] = -1;
      this.lab[i] = 0;
      this.lc1[i] = none; this.lc2[i] = none; this.rc1[i] = none; this.rc2[i] = none;
      this.nl[i] = 0; this.nr[i] = 0;
      this.lsetLo[i] = 0; this.lsetHi[i] = 0; this.rsetLo[i] = 0; this.rsetHi[i] = 0;
      this.ver[i] = 0;
    }
    this.sp = 0;
    this.b = 0;
  }

  terminal(): boolean {
    return this.b === this.n && this.sp === 0;
  }

  /** Uses the token attributes of `o` (the same sentence, already filled); call after `ensure`. */
  shareTokens(o: Machine): void {
    this.W = o.W; this.P = o.P; this.U = o.U; this.WP = o.WP; this.S = o.S;
    this.A = o.A; this.C4 = o.C4; this.C6 = o.C6; this.CF = o.CF;
  }

  /**
   * Copies the configuration and partial tree of `o`, a machine over the same sentence that was `reset` with it.
   * Only tokens up to b0 and ROOT can have changed since the reset, so only those entries (of both machines)
   * are copied.
   */
  copyFrom(o: Machine): void {
    const len = Math.max(this.b, o.b) + 1;
    this.n = o.n;
    this.sp = o.sp;
    this.b = o.b;
    const st = this.stack;
    const ost = o.stack;
    for (let i = 0; i < o.sp; i++) st[i] = ost[i];
    const { head, lab, lc1, lc2, rc1, rc2, nl, nr, lsetLo, lsetHi, rsetLo, rsetHi, ver } = this;
    for (let i = 0; i < len; i++) {
      head[i] = o.head[i]; lab[i] = o.lab[i];
      lc1[i] = o.lc1[i]; lc2[i] = o.lc2[i]; rc1[i] = o.rc1[i]; rc2[i] = o.rc2[i];
      nl[i] = o.nl[i]; nr[i] = o.nr[i];
      lsetLo[i] = o.lsetLo[i]; lsetHi[i] = o.lsetHi[i]; rsetLo[i] = o.rsetLo[i]; rsetHi[i] = o.rsetHi[i];
      ver[i] = o.ver[i];
    }
    const r = o.n;
    if (len <= r) {
      head[r] = o.head[r]; lab[r] = o.lab[r];
      lc1[r] = o.lc1[r]; lc2[r] = o.lc2[r]; rc1[r] = o.rc1[r]; rc2[r] = o.rc2[r];
      nl[r] = o.nl[r]; nr[r] = o.nr[r];
      lsetLo[r] = o.lsetLo[r]; lsetHi[r] = o.lsetHi[r]; rsetLo[r] = o.rsetLo[r]; rsetHi[r] = o.rsetHi[r];
      ver[r] = o.ver[r];
    }
  }

  canShift(): boolean {
    return this.b < this.n;
  }
  canLeft(): boolean {
    return this.sp >= 1 && (this.b < this.n || this.sp === 1);
  }
  canRight(): boolean {
    return this.sp >= 2;
  }

  addArc(h: number, d: number, label: number): void {
    arcEvents = (arcEvents + 1) | 0;
    if (arcEvents === 0) arcEvents = 1;
    this.ver[h] = arcEvents;
    this.head[d] = h;
    this.lab[d] = label + 1;
    const none = this.n + 1;
    const bit = label & 63;
    if (d < h) {
      const c1 = this.lc1[h];
      if (c1 === none || d < c1) {
        this.lc2[h] = c1;
        this.lc1[h] = d;
      } else if (this.lc2[h] === none || d < this.lc2[h]) this.lc2[h] = d;
      this.nl[h]++;
      if (bit < 32) this.lsetLo[h] |= 1 << bit;
      else this.lsetHi[h] |= 1 << (bit - 32);
    } else {
      const c1 = this.rc1[h];
      if (c1 === none || d > c1) {
        this.rc2[h] = c1;
        this.rc1[h] = d;
      } else if (this.rc2[h] === none || d > this.rc2[h]) this.rc2[h] = d;
      this.nr[h]++;
      if (bit < 32) this.rsetLo[h] |= 1 << bit;
      else this.rsetHi[h] |= 1 << (bit - 32);
    }
  }

  apply(action: number, label: number): void {
    if (action === SHIFT) {
      this.stack[this.sp++] = this.b++;
    } else if (action === LEFT) {
      const s0 = this.stack[--this.sp];
      this.addArc(this.b, s0, label);
    } else {
      const s0 = this.stack[--this.sp];
      this.addArc(this.stack[this.sp - 1], s0, label);
    }
  }
}
