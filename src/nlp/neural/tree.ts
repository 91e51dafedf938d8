/**
 * Decoding the biaffine parser's arc scores into a tree.
 *
 * `scores` is the network's arc matrix for one sentence with its ROOT at position 0: row i (1..n) holds the
 * scores of every head j (0..n) for word i, row-major, (n+1) × (n+1). Each row is turned into log-probabilities
 * over heads (self-loops excluded). If every word's best head already gives a tree (one word under ROOT, no
 * cycle), that tree is the best one and is kept as it is, non-projective or not; otherwise the best projective
 * tree with a single root word is found by Eisner's algorithm (Eisner 1996) over the log-probabilities.
 */

/** Row-wise log-softmax over heads (self-loops excluded), into `out` ((n+1)², row 0 unused). */
export function headLogProbs(scores: ArrayLike<number>, n: number, out: Float64Array): void {
  const N = n + 1;
  for (let i = 1; i <= n; i++) {
    let max = -Infinity;
    for (let j = 0; j <= n; j++) if (j !== i && scores[i * N + j] > max) max = scores[i * N + j];
    let sum = 0;
    for (let j = 0; j <= n; j++) if (j !== i) sum += Math.exp(scores[i * N + j] - max);
    const lse = max + Math.log(sum);
    for (let j = 0; j <= n; j++) out[i * N + j] = j === i ? -Infinity : scores[i * N + j] - lse;
  }
}

/** True when `heads` (1-based words, 0 = ROOT, entries 1..n) form a tree with exactly one word under ROOT. */
export function isTree(heads: Int32Array, n: number): boolean {
  let roots = 0;
  for (let i = 1; i <= n; i++) {
    const h = heads[i];
    if (h < 0 || h > n || h === i) return false;
    if (h === 0) roots++;
  }
  if (roots !== 1) return false;
  // 0 = unvisited, 1 = on the current path, 2 = known to reach ROOT
  const state = new Uint8Array(n + 1);
  state[0] = 2;
  for (let i = 1; i <= n; i++) {
    let k = i;
    while (state[k] === 0) {
      state[k] = 1;
      k = heads[k];
    }
    if (state[k] === 1) return false;
    k = i;
    while (state[k] === 1) {
      state[k] = 2;
      k = heads[k];
    }
  }
  return true;
}

/**
 * The best tree: heads[i] for words i = 1..n (0 = ROOT; heads[0] unused). `scores` as described above.
 */
export function decodeTree(scores: ArrayLike<number>, n: number): Int32Array {
  const N = n + 1;
  const heads = new Int32Array(N);
  if (n === 0) return heads;
  // each row's best head, read off the scores: the log-softmax only shifts a row, so it has the same best head,
  // and it is needed only when these heads are not a tree
  for (let i = 1; i <= n; i++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j <= n; j++) {
      if (j !== i && scores[i * N + j] > bestScore) {
        bestScore = scores[i * N + j];
        best = j;
      }
    }
    heads[i] = best;
  }
  if (isTree(heads, n)) return heads;
  const lp = new Float64Array(N * N);
  headLogProbs(scores, n, lp);
  return eisner(lp, n);
}

/** Eisner's algorithm with a single root word over log-probabilities lp[dep * (n+1) + head]. */
export function eisner(lp: Float64Array, n: number): Int32Array {
  const N = n + 1;
  const size = N * N;
  // spans [s, t] of words 1..n; C* complete, I* incomplete; *r headed at s, *l headed at t
  const Cr = new Float64Array(size);
  const Cl = new Float64Array(size);
  const Ir = new Float64Array(size).fill(-Infinity);
  const Il = new Float64Array(size).fill(-Infinity);
  const bCr = new Int32Array(size);
  const bCl = new Int32Array(size);
  const bI = new Int32Array(size);
  for (let len = 1; len < n; len++) {
    for (let s = 1; s + len <= n; s++) {
      const t = s + len;
      let m = -Infinity;
      let mr = s;
      for (let r = s; r < t; r++) {
        const v = Cr[s * N + r] + Cl[(r + 1) * N + t];
        if (v > m) {
          m = v;
          mr = r;
        }
      }
      Il[s * N + t] = m + lp[s * N + t]; // t -> s
      Ir[s * N + t] = m + lp[t * N + s]; // s -> t
      bI[s * N + t] = mr;
      let cl = -Infinity;
      let clr = s;
      for (let r = s; r < t; r++) {
        const v = Cl[s * N + r] + Il[r * N + t];
        if (v > cl) {
          cl = v;
          clr = r;
        }
      }
      Cl[s * N + t] = cl;
      bCl[s * N + t] = clr;
      let cr = -Infinity;
      let crr = t;
      for (let r = s + 1; r <= t; r++) {
        const v = Ir[s * N + r] + Cr[r * N + t];
        if (v > cr) {
          cr = v;
          crr = r;
        }
      }
      Cr[s * N + t] = cr;
      bCr[s * N + t] = crr;
    }
  }
  let root = 1;
  let best = -Infinity;
  for (let r = 1; r <= n; r++) {
    const v = lp[r * N] + Cl[1 * N + r] + Cr[r * N + n];
    if (v > best) {
      best = v;
      root = r;
    }
  }
  const heads = new Int32Array(N);
  heads[root] = 0;
  // explicit stack of (kind, s, t): 0 Cl, 1 Cr, 2 Il, 3 Ir
  const stack: number[] = [0, 1, root, 1, root, n];
  while (stack.length) {
    const t = stack.pop()!;
    const s = stack.pop()!;
    const kind = stack.pop()!;
    if (s === t) continue;
    const k = s * N + t;
    if (kind === 0) {
      const r = bCl[k];
      stack.push(0, s, r, 2, r, t);
    } else if (kind === 1) {
      const r = bCr[k];
      stack.push(3, s, r, 1, r, t);
    } else {
      const r = bI[k];
      if (kind === 2) heads[s] = t;
      else heads[t] = s;
      stack.push(1, s, r, 0, r + 1, t);
    }
  }
  return heads;
}
