/**
 * Scoring one parser configuration: which transitions are valid, the transition scores, then the label of the
 * arc the chosen transition makes.
 */
import { FeatureBuffer } from '../linear/keys.js';
import type { FrozenScorer, Scorer } from '../linear/scorer.js';
import * as _features from './features.js';
import * as _machine from './machine.js';
import type { Machine } from './machine.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { labelFeatures, transitionFeatures } = _features;
const { LEFT, RIGHT, SHIFT } = _machine;

/** Training drops rare features from each list (null: none). */
export type FeatureFilter = ((fb: FeatureBuffer) => void) | null;

export class Scoring {
  readonly fbT = new FeatureBuffer(160);
  readonly fbL = new FeatureBuffer(96);
  readonly scoresT = new Float64Array(3);
  readonly scoresL: Float64Array;
  private readonly labelInts: Int32Array;
  shiftOk = false;
  leftOk = false;
  rightOk = false;
  /** LEFT is onto ROOT: its label is forced to root. */
  leftRoot = false;
  readonly nLabels: number;
  readonly rootLabel: number;

  constructor(nLabels: number, rootLabel: number) {
    this.nLabels = nLabels;
    this.rootLabel = rootLabel;
    this.scoresL = new Float64Array(nLabels);
    this.labelInts = new Int32Array(nLabels);
  }

  /** Computes which transitions are valid; returns how many. */
  validity(m: Machine): number {
    this.shiftOk = m.canShift();
    this.leftOk = m.canLeft();
    this.rightOk = m.canRight();
    this.leftRoot = this.leftOk && m.b === m.n;
    return (this.shiftOk ? 1 : 0) + (this.leftOk ? 1 : 0) + (this.rightOk ? 1 : 0);
  }

  /** Transition scores of the configuration into `scoresT` (features left in `fbT`). */
  scoreTransitions(m: Machine, T: Scorer, filter: FeatureFilter): void {
    const st = this.scoresT;
    st[0] = st[1] = st[2] = 0;
    transitionFeatures(m, this.fbT);
    if (filter) filter(this.fbT);
    T.score(this.fbT.keys, this.fbT.n, st);
  }

  /** Best valid transition by `scoresT`. */
  bestAction(): number {
    const st = this.scoresT;
    let a = -1;
    let best = -Infinity;
    if (this.shiftOk) {
      a = SHIFT;
      best = st[SHIFT];
    }
    if (this.leftOk && st[LEFT] > best) {
      a = LEFT;
      best = st[LEFT];
    }
    if (this.rightOk && st[RIGHT] > best) a = RIGHT;
    return a;
  }

  /**
   * `bestLabel(m, Lab, dir, null)` by integer sums, without `scoresL`: the same label, since the highest sum is
   * compared with the others exactly; when two labels tie on it, the float scores decide as in `bestLabel`.
   */
  bestLabelInts(m: Machine, Lab: FrozenScorer, dir: number): number {
    const acc = this.labelInts;
    acc.fill(0);
    labelFeatures(m, this.fbL, dir);
    Lab.sumInts(this.fbL.keys, 0, this.fbL.n, acc, 0);
    let best = -1;
    let bestScore = 0;
    let tie = false;
    const root = this.rootLabel;
    for (let l = 0; l < this.nLabels; l++) {
      if (l === root) continue;
      const v = acc[l];
      if (best < 0 || v > bestScore) {
        bestScore = v;
        best = l;
        tie = false;
      } else if (v === bestScore) tie = true;
    }
    if (!tie) return best;
    const sl = this.scoresL;
    sl.fill(0);
    Lab.score(this.fbL.keys, this.fbL.n, sl);
    best = -1;
    let bestF = -Infinity;
    for (let l = 0; l < this.nLabels; l++) {
      if (l !== root && sl[l] > bestF) {
        bestF = sl[l];
        best = l;
      }
    }
    return best;
  }

  /** Best non-root label of the arc made by LEFT (dir 0) or RIGHT (dir 1); features left in `fbL`. */
  bestLabel(m: Machine, Lab: Scorer, dir: number, filter: FeatureFilter): number {
    const sl = this.scoresL;
    sl.fill(0);
    labelFeatures(m, this.fbL, dir);
    if (filter) filter(this.fbL);
    Lab.score(this.fbL.keys, this.fbL.n, sl);
    let best = -1;
    let bestScore = -Infinity;
    for (let l = 0; l < this.nLabels; l++) {
      if (l !== this.rootLabel && sl[l] > bestScore) {
        bestScore = sl[l];
        best = l;
      }
    }
    return best;
  }
}

