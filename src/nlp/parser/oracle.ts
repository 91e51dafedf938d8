/**
 * Oracles over a projective gold tree: the arc-hybrid dynamic oracle's transition costs (Goldberg & Nivre
 * 2013), the static oracle, and projectivisation of training trees by lifting.
 */
import { LEFT, type Machine, RIGHT, SHIFT } from './machine.js';
import type { Scoring } from './scoring.js';

/** The static-oracle transition of `m` for the projective gold tree `gh` (validity already computed in `sc`). */
export function staticOracle(m: Machine, gh: Int32Array, sc: Scoring, cost: Int32Array): number {
  costs(m, gh, cost);
  const s0 = m.sp > 0 ? m.stack[m.sp - 1] : -1;
  if (sc.leftOk && gh[s0] === m.b) return LEFT;
  if (sc.rightOk && gh[s0] === m.stack[m.sp - 2] && cost[RIGHT] === 0) return RIGHT;
  if (sc.shiftOk) return SHIFT;
  return sc.leftOk ? LEFT : RIGHT;
}

/** Gold tree as 0-based heads with ROOT = n, projectivised by lifting. Returns the number of lifted arcs. */
export function projectivize(heads: Int32Array, n: number): number {
  let lifted = 0;
  const dominated = (h: number, k: number): boolean => {
    let x = k;
    for (let guard = 0; guard <= n + 1; guard++) {
      if (x === h) return true;
      if (x === n || x < 0) return false;
      x = heads[x];
    }
    return false;
  };
  while (true) {
    let bestD = -1;
    let bestSpan = Infinity;
    for (let d = 0; d < n; d++) {
      const h = heads[d];
      if (h === n) continue;
      const lo = Math.min(h, d);
      const hi = Math.max(h, d);
      if (hi - lo >= bestSpan) continue;
      for (let k = lo + 1; k < hi; k++) {
        if (!dominated(h, k)) {
          bestD = d;
          bestSpan = hi - lo;
          break;
        }
      }
    }
    if (bestD < 0) return lifted;
    heads[bestD] = heads[heads[bestD]];
    lifted++;
  }
}

/** Unlabeled costs of SHIFT, LEFT, RIGHT under the arc-hybrid dynamic oracle (projective gold `gh`). */
export function costs(m: Machine, gh: Int32Array, out: Int32Array): void {
  const n = m.n;
  const sp = m.sp;
  const b = m.b;
  const st = m.stack;
  out[0] = out[1] = out[2] = 0;
  if (sp >= 1) {
    const s0 = st[sp - 1];
    const s1 = sp >= 2 ? st[sp - 2] : -2;
    let deps = 0;
    for (let d = b; d < n; d++) if (gh[d] === s0) deps++;
    const h = gh[s0];
    out[LEFT] = deps + (h !== b && (h === s1 || h > b) ? 1 : 0);
    out[RIGHT] = deps + (h !== s1 && h >= b ? 1 : 0);
  }
  if (b < n) {
    let c = 0;
    const hb = gh[b];
    for (let j = 0; j < sp; j++) {
      const k = st[j];
      if (gh[k] === b) c++;
      if (j < sp - 1 && hb === k) c++;
    }
    out[SHIFT] = c;
  }
}
