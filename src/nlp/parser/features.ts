/**
 * The parser's features, hashed Zhang & Nivre (2011)-style: tags and words of the stack and buffer tokens and
 * their leftmost/rightmost children, valency, label sets and distance, plus each word's ambiguity class and
 * cluster (see lexicon.ts). The transition features come in parts (one token, a pair, one token's subtree so
 * far, the rest) that beam decoding scores and caches separately; `labelFeatures` describe a candidate arc for
 * the label model.
 */
import { type FeatureBuffer, TemplateKeys } from '../linear/keys.js';
import * as _machine from './machine.js';
import type { Machine } from './machine.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { distBucket } = _machine;

/** Key makers: template t mixed with the seed once, then one mix per value. */
const K = new TemplateKeys(0x9747b28c, 512);

/** Configuration features for the transition model. */
export function transitionFeatures(m: Machine, fb: FeatureBuffer): void {
  if (fb.keys.length < 160) fb.keys = new Int32Array(160);
  const k = fb.keys;
  const none = m.n + 1;
  const sp = m.sp;
  const s0 = sp > 0 ? m.stack[sp - 1] : none;
  const s1 = sp > 1 ? m.stack[sp - 2] : none;
  // the same parts beam decoding scores and caches separately (per token, per pair, per subtree state)
  let i = 0;
  for (let role = 0; role < 4; role++) i += tokenTransitionFeatures(m, role, role === 0 ? m.b : sp >= role ? m.stack[sp - role] : none, k, i);
  i += pairTransitionFeatures(m, 0, s0, m.b, k, i);
  i += pairTransitionFeatures(m, 1, s1, s0, k, i);
  for (let role = 0; role < 3; role++) i += stateTransitionFeatures(m, role, role === 0 ? m.b : role === 1 ? s0 : s1, k, i);
  i += restTransitionFeatures(m, k, i);
  fb.n = i;
}

/**
 * The transition features about one token alone (role 0: b0 with b1, b2, and the bias; 1: s0; 2: s1; 3: s2),
 * written into `k` from `at`; returns how many. `transitionFeatures` is this plus the pair, state and rest
 * parts, so decoding can score these once per token and role of a sentence.
 */
export function tokenTransitionFeatures(m: Machine, role: number, t: number, k: Int32Array, at = 0): number {
  const none = m.n + 1;
  const { W, P, WP, S, A, C6, CF } = m;
  let i = at;
  if (role === 0) {
    const b0 = t;
    const b1 = b0 + 1 <= m.n ? b0 + 1 : none;
    const b2 = b0 + 2 <= m.n ? b0 + 2 : none;
    const b0w = W[b0], b0p = P[b0], b0wp = WP[b0];
    const b1w = W[b1], b1p = P[b1];
    const b2p = P[b2];
    k[i++] = K.k1(1, 0);
    k[i++] = K.k1(5, b0w);
    k[i++] = K.k1(6, b0p);
    k[i++] = K.k1(7, b0wp);
    k[i++] = K.k1(8, b1w);
    k[i++] = K.k1(9, b1p);
    k[i++] = K.k1(10, WP[b1]);
    k[i++] = K.k1(11, W[b2]);
    k[i++] = K.k1(12, b2p);
    k[i++] = K.k2(27, b0p, b1p);
    k[i++] = K.k2(34, b0w, b1w);
    k[i++] = K.k3(40, b0p, b1p, b2p);
    k[i++] = K.k1(131, A[b0]);
    k[i++] = K.k1(132, A[b1]);
    k[i++] = K.k1(141, C6[b0]);
    k[i++] = K.k1(142, C6[b1]);
    k[i++] = K.k1(145, CF[b0]);
  } else if (role === 1) {
    const s0 = t;
    const s0w = W[s0], s0p = P[s0], s0wp = WP[s0];
    k[i++] = K.k1(2, s0w);
    k[i++] = K.k1(3, s0p);
    k[i++] = K.k1(4, s0wp);
    k[i++] = K.k2(125, S[s0], s0p);
    k[i++] = K.k1(130, A[s0]);
    k[i++] = K.k1(140, C6[s0]);
    k[i++] = K.k1(144, CF[s0]);
  } else if (role === 2) {
    const s1 = t;
    const s1w = W[s1], s1p = P[s1], s1wp = WP[s1];
    k[i++] = K.k1(13, s1w);
    k[i++] = K.k1(14, s1p);
    k[i++] = K.k1(15, s1wp);
    k[i++] = K.k1(133, A[s1]);
    k[i++] = K.k1(143, C6[s1]);
  } else {
    const s2 = t;
    const s2p = P[s2];
    k[i++] = K.k1(16, s2p);
    k[i++] = K.k1(17, W[s2]);
  }
  return i - at;
}

/**
 * The transition features about a pair of positions alone (pair 0: s0 = `a`, b0 = `b`, with b1; pair 1:
 * s1 = `a`, s0 = `b`), into `k`; returns how many. Like `tokenTransitionFeatures`, scored once per pair.
 */
export function pairTransitionFeatures(m: Machine, pair: number, a: number, b: number, k: Int32Array, at = 0): number {
  const none = m.n + 1;
  const { W, P, U, WP, A, C4, C6, CF } = m;
  let i = at;
  if (pair === 0) {
    const s0 = a;
    const b0 = b;
    const b1 = b0 + 1 <= m.n ? b0 + 1 : none;
    const s0w = W[s0], s0p = P[s0], s0wp = WP[s0];
    const b0w = W[b0], b0p = P[b0], b0wp = WP[b0];
    const b1p = P[b1];
    const d0 = s0 === none ? 0 : distBucket(b0 - s0);
    k[i++] = K.k2(20, s0wp, b0wp);
    k[i++] = K.k2(21, s0wp, b0w);
    k[i++] = K.k2(22, s0w, b0wp);
    k[i++] = K.k2(23, s0wp, b0p);
    k[i++] = K.k2(24, s0p, b0wp);
    k[i++] = K.k2(25, s0w, b0w);
    k[i++] = K.k2(26, s0p, b0p);
    k[i++] = K.k3(41, s0p, b0p, b1p);
    k[i++] = K.k2(55, s0w, d0);
    k[i++] = K.k2(56, s0p, d0);
    k[i++] = K.k2(57, b0w, d0);
    k[i++] = K.k2(58, b0p, d0);
    k[i++] = K.k3(59, s0w, b0w, d0);
    k[i++] = K.k3(60, s0p, b0p, d0);
    k[i++] = K.k2(120, U[s0], U[b0]);
    k[i++] = K.k3(123, U[s0], U[b0], U[b1]);
    k[i++] = K.k2(134, A[s0], A[b0]);
    k[i++] = K.k2(135, A[s0], b0p);
    k[i++] = K.k2(136, s0p, A[b0]);
    k[i++] = K.k2(146, C4[s0], C4[b0]);
    k[i++] = K.k2(147, C6[s0], C6[b0]);
    k[i++] = K.k3(149, C4[s0], C4[b0], C4[b1]);
    k[i++] = K.k2(151, CF[s0], b0p);
    k[i++] = K.k2(152, s0p, CF[b0]);
  } else {
    const s1 = a;
    const s0 = b;
    const s0w = W[s0], s0p = P[s0], s0wp = WP[s0];
    const s1w = W[s1], s1p = P[s1], s1wp = WP[s1];
    const d1 = s1 === none ? 0 : distBucket(s0 - s1);
    k[i++] = K.k2(28, s1p, s0p);
    k[i++] = K.k2(29, s1w, s0w);
    k[i++] = K.k2(30, s1wp, s0p);
    k[i++] = K.k2(31, s1p, s0wp);
    k[i++] = K.k2(35, s1wp, s0wp);
    k[i++] = K.k3(61, s1p, s0p, d1);
    k[i++] = K.k3(62, s1w, s0w, d1);
    k[i++] = K.k2(121, U[s1], U[s0]);
    k[i++] = K.k2(137, A[s1], A[s0]);
    k[i++] = K.k2(148, C4[s1], C4[s0]);
    k[i++] = K.k2(153, C6[s1], C6[s0]);
  }
  return i - at;
}

/**
 * The transition features about one token and its subtree so far (role 0: b0, 1: s0, 2: s1), into `k`;
 * returns how many. They depend on `t` and the children it has, so decoding scores them once per `ver[t]`.
 */
export function stateTransitionFeatures(m: Machine, role: number, t: number, k: Int32Array, at = 0): number {
  const { W, P, lab, lc1, lc2, rc1, rc2, nl, nr } = m;
  let i = at;
  if (role === 0) {
    const b0 = t;
    const b0w = W[b0], b0p = P[b0];
    const b0l = lc1[b0], b0l2 = lc2[b0];
    k[i++] = K.k2(69, b0w, nl[b0]);
    k[i++] = K.k2(70, b0p, nl[b0]);
    k[i++] = K.k1(81, W[b0l]);
    k[i++] = K.k1(82, P[b0l]);
    k[i++] = K.k1(83, lab[b0l]);
    k[i++] = K.k1(101, W[b0l2]);
    k[i++] = K.k1(102, P[b0l2]);
    k[i++] = K.k1(103, lab[b0l2]);
    k[i++] = K.k3(106, b0p, P[b0l], P[b0l2]);
    k[i++] = K.k3(114, b0w, m.lsetLo[b0], m.lsetHi[b0]);
    k[i++] = K.k3(115, b0p, m.lsetLo[b0], m.lsetHi[b0]);
  } else if (role === 1) {
    const s0 = t;
    const s0w = W[s0], s0p = P[s0];
    const s0l = lc1[s0], s0r = rc1[s0], s0l2 = lc2[s0], s0r2 = rc2[s0];
    k[i++] = K.k2(65, s0w, nr[s0]);
    k[i++] = K.k2(66, s0p, nr[s0]);
    k[i++] = K.k2(67, s0w, nl[s0]);
    k[i++] = K.k2(68, s0p, nl[s0]);
    k[i++] = K.k1(75, W[s0l]);
    k[i++] = K.k1(76, P[s0l]);
    k[i++] = K.k1(77, lab[s0l]);
    k[i++] = K.k1(78, W[s0r]);
    k[i++] = K.k1(79, P[s0r]);
    k[i++] = K.k1(80, lab[s0r]);
    k[i++] = K.k3(89, s0p, lab[s0l], lab[s0r]);
    k[i++] = K.k1(95, W[s0l2]);
    k[i++] = K.k1(96, P[s0l2]);
    k[i++] = K.k1(97, lab[s0l2]);
    k[i++] = K.k1(98, W[s0r2]);
    k[i++] = K.k1(99, P[s0r2]);
    k[i++] = K.k1(100, lab[s0r2]);
    k[i++] = K.k3(104, s0p, P[s0l], P[s0l2]);
    k[i++] = K.k3(105, s0p, P[s0r], P[s0r2]);
    k[i++] = K.k3(110, s0w, m.rsetLo[s0], m.rsetHi[s0]);
    k[i++] = K.k3(111, s0p, m.rsetLo[s0], m.rsetHi[s0]);
    k[i++] = K.k3(112, s0w, m.lsetLo[s0], m.lsetHi[s0]);
    k[i++] = K.k3(113, s0p, m.lsetLo[s0], m.lsetHi[s0]);
  } else {
    const s1 = t;
    const s1p = P[s1];
    const s1l = lc1[s1], s1r = rc1[s1], s1r2 = rc2[s1];
    k[i++] = K.k2(71, s1p, nr[s1]);
    k[i++] = K.k2(72, s1p, nl[s1]);
    k[i++] = K.k1(84, P[s1l]);
    k[i++] = K.k1(85, lab[s1l]);
    k[i++] = K.k1(86, W[s1r]);
    k[i++] = K.k1(87, P[s1r]);
    k[i++] = K.k1(88, lab[s1r]);
    k[i++] = K.k3(107, s1p, P[s1r], P[s1r2]);
    k[i++] = K.k3(116, s1p, m.rsetLo[s1], m.rsetHi[s1]);
    k[i++] = K.k3(117, s1p, m.lsetLo[s1], m.lsetHi[s1]);
  }
  return i - at;
}

/**
 * The transition features that combine several positions beyond the cached pairs (the rest of
 * `transitionFeatures`), into `k` from `at`; returns how many.
 */
export function restTransitionFeatures(m: Machine, k: Int32Array, at = 0): number {
  const none = m.n + 1;
  const { W, P, U, S, C4, lab, lc1, rc1 } = m;
  const sp = m.sp;
  const s0 = sp > 0 ? m.stack[sp - 1] : none;
  const s1 = sp > 1 ? m.stack[sp - 2] : none;
  const s2 = sp > 2 ? m.stack[sp - 3] : none;
  const b0 = m.b;
  const s0p = P[s0];
  const s1w = W[s1], s1p = P[s1];
  const b0w = W[b0], b0p = P[b0];
  const s2p = P[s2];
  const s0l = lc1[s0], s0r = rc1[s0];
  const s1l = lc1[s1], s1r = rc1[s1];
  const b0l = lc1[b0];
  const d0 = s0 === none ? 0 : distBucket(b0 - s0);
  const d1 = s1 === none ? 0 : distBucket(s0 - s1);
  let i = at;
  k[i++] = K.k2(32, s1p, b0p);
  k[i++] = K.k2(33, s1w, b0w);
  k[i++] = K.k3(42, s1p, s0p, b0p);
  k[i++] = K.k3(43, s2p, s1p, s0p);
  k[i++] = K.k3(44, s0p, P[s0l], b0p);
  k[i++] = K.k3(45, s0p, P[s0r], b0p);
  k[i++] = K.k3(46, s0p, b0p, P[b0l]);
  k[i++] = K.k3(47, s1p, P[s1r], s0p);
  k[i++] = K.k3(48, s1p, s0p, P[s0l]);
  k[i++] = K.k3(49, s1p, s0p, P[s0r]);
  k[i++] = K.k3(50, s1p, P[s1l], s0p);
  k[i++] = K.k3(51, s2p, s1p, b0p);
  k[i++] = K.k4(63, s1p, s0p, b0p, d0 * 8 + d1);
  k[i++] = K.k3(90, s1p, lab[s1r], s0p);
  k[i++] = K.k3(91, b0p, lab[b0l], s0p);
  k[i++] = K.k3(122, U[s1], U[s0], U[b0]);
  k[i++] = K.k2(124, S[b0], b0p);
  k[i++] = K.k3(150, C4[s1], C4[s0], C4[b0]);
  return i - at;
}

/**
 * Features of the candidate arc h → d (dir 0: LEFT, h = b0; dir 1: RIGHT, h = s1), for the label model.
 * `x` is the next token after the arc's span (b1 for LEFT, b0 for RIGHT).
 */
export function labelFeatures(m: Machine, fb: FeatureBuffer, dir: number): void {
  if (fb.keys.length < 96) fb.keys = new Int32Array(96);
  const k = fb.keys;
  const none = m.n + 1;
  const { W, P, U, WP, S, A, C4, C6, CF, lab, lc1, rc1, nl, nr } = m;
  const sp = m.sp;
  const d = m.stack[sp - 1];
  let h: number;
  let x: number;
  if (dir === 0) {
    h = m.b;
    x = h + 1 <= m.n ? h + 1 : none;
  } else {
    h = m.stack[sp - 2];
    x = m.b;
  }
  const base = dir === 0 ? 200 : 300;
  const hw = W[h], hp = P[h], dw = W[d], dp = P[d], hu = U[h], du = U[d];
  const dist = distBucket(h > d ? h - d : d - h);
  const dm1 = d > 0 ? d - 1 : none;
  const dp1 = d + 1;
  const hm1 = h > 0 ? h - 1 : none;
  const hp1 = h + 1 <= m.n ? h + 1 : none;
  let i = 0;
  k[i++] = K.k1(base + 1, 0);
  k[i++] = K.k1(base + 2, hw);
  k[i++] = K.k1(base + 3, hp);
  k[i++] = K.k1(base + 4, WP[h]);
  k[i++] = K.k1(base + 5, dw);
  k[i++] = K.k1(base + 6, dp);
  k[i++] = K.k1(base + 7, WP[d]);
  k[i++] = K.k2(base + 8, hw, dw);
  k[i++] = K.k2(base + 9, hp, dp);
  k[i++] = K.k2(base + 10, hw, dp);
  k[i++] = K.k2(base + 11, hp, dw);
  k[i++] = K.k2(base + 12, hu, du);
  k[i++] = K.k3(base + 13, hp, dp, dist);
  k[i++] = K.k3(base + 14, hu, du, dist);
  k[i++] = K.k2(base + 15, dp, lab[lc1[d]]);
  k[i++] = K.k2(base + 16, dp, lab[rc1[d]]);
  k[i++] = K.k2(base + 17, dp, P[lc1[d]]);
  k[i++] = K.k2(base + 18, dp, P[rc1[d]]);
  k[i++] = K.k3(base + 19, dp, m.lsetLo[d], m.lsetHi[d]);
  k[i++] = K.k3(base + 20, dp, m.rsetLo[d], m.rsetHi[d]);
  k[i++] = K.k3(base + 21, dp, nl[d], nr[d]);
  k[i++] = K.k3(base + 22, hp, dp, lab[lc1[h]]);
  k[i++] = K.k3(base + 23, hp, dp, lab[rc1[h]]);
  k[i++] = K.k3(base + 24, dp, P[dm1], P[dp1]);
  k[i++] = K.k3(base + 25, hp, P[hm1], P[hp1]);
  k[i++] = K.k2(base + 26, dw, W[dp1]);
  k[i++] = K.k3(base + 27, hp, dp, P[x]);
  k[i++] = K.k3(base + 28, hu, du, U[x]);
  k[i++] = K.k2(base + 29, dw, hu);
  k[i++] = K.k2(base + 30, hw, du);
  k[i++] = K.k2(base + 31, S[d], hp);
  k[i++] = K.k4(base + 32, dp, lab[lc1[d]], lab[rc1[d]], hp);
  k[i++] = K.k2(base + 33, W[dm1], dp);
  k[i++] = K.k3(base + 34, WP[d], hp, dist);
  // ambiguity classes and clusters of both ends
  k[i++] = K.k1(base + 40, A[d]);
  k[i++] = K.k1(base + 41, A[h]);
  k[i++] = K.k2(base + 42, A[d], hp);
  k[i++] = K.k2(base + 43, dp, A[h]);
  k[i++] = K.k1(base + 44, C6[d]);
  k[i++] = K.k1(base + 45, C6[h]);
  k[i++] = K.k2(base + 46, C4[h], C4[d]);
  k[i++] = K.k2(base + 47, C6[h], C6[d]);
  k[i++] = K.k2(base + 48, CF[d], hp);
  k[i++] = K.k2(base + 49, CF[h], dp);
  k[i++] = K.k1(base + 50, CF[d]);
  // what the head and the dependent already govern (a second subject, a relative pronoun, a marker word)
  k[i++] = K.k3(base + 60, hp, m.lsetLo[h], m.lsetHi[h]);
  k[i++] = K.k3(base + 61, hp, m.rsetLo[h], m.rsetHi[h]);
  k[i++] = K.k2(base + 62, dp, W[lc1[d]]);
  k[i++] = K.k3(base + 63, dp, W[lc1[d]], lab[lc1[d]]);
  k[i++] = K.k3(base + 64, dw, m.lsetLo[d], m.lsetHi[d]);
  fb.n = i;
}
