/**
 * The averaged perceptron (Collins 2002) every model of src/nlp trains with, with lazy averaging via
 * timestamps; rows are created only when a feature takes part in an update, which keeps memory proportional to
 * the mistakes made. `finalize` freezes it into a `LinearModel` (averaged, pruned).
 */
import { LinearModel } from './model.js';
import { IntTable } from './table.js';

export class PerceptronTrainer {
  readonly nClasses: number;
  private table = new IntTable(1 << 16);
  private rowCount = 0;
  private weights: Float64Array;
  private totals: Float64Array;
  private stamps: Int32Array;
  /** Number of training instances seen (the averaging clock). */
  time = 0;

  constructor(nClasses: number) {
    this.nClasses = nClasses;
    this.weights = new Float64Array(1024 * nClasses);
    this.totals = new Float64Array(1024 * nClasses);
    this.stamps = new Int32Array(1024 * nClasses);
  }

  get features(): number {
    return this.rowCount;
  }

  /** Adds current (non-averaged) scores of `keys[0..n)` into `out` (length nClasses, zeroed by caller). */
  score(keys: Int32Array, n: number, out: Float64Array | Float32Array): void {
    const C = this.nClasses;
    const w = this.weights;
    const table = this.table;
    for (let f = 0; f < n; f++) {
      const row = table.get(keys[f]);
      if (row < 0) continue;
      const base = row * C;
      for (let c = 0; c < C; c++) out[c] += w[base + c];
    }
  }

  /** Call once per training instance, before `update`, to advance the averaging clock. */
  tick(): void {
    this.time++;
  }

  /** Adds `delta` to class `cls` for each active feature. */
  update(keys: Int32Array, n: number, cls: number, delta: number): void {
    const C = this.nClasses;
    for (let f = 0; f < n; f++) {
      const row = this.rowFor(keys[f]);
      const i = row * C + cls;
      this.totals[i] += (this.time - this.stamps[i]) * this.weights[i];
      this.stamps[i] = this.time;
      this.weights[i] += delta;
    }
  }

  private rowFor(key: number): number {
    const row = this.table.getOrAdd(key, this.rowCount);
    if (row === this.rowCount) {
      this.rowCount++;
      const need = this.rowCount * this.nClasses;
      if (need > this.weights.length) {
        const cap = Math.max(need, this.weights.length * 2);
        const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
          const b = make(cap);
          b.set(a);
          return b;
        };
        this.weights = grow(this.weights, (n) => new Float64Array(n));
        this.totals = grow(this.totals, (n) => new Float64Array(n));
        this.stamps = grow(this.stamps, (n) => new Int32Array(n));
      }
    }
    return row;
  }

  /**
   * Averages the weights and freezes them. Entries with |w| < `minWeight` (after averaging) are dropped,
   * and rows left empty are removed entirely.
   */
  finalize(minWeight = 1e-3): LinearModel {
    const C = this.nClasses;
    const T = Math.max(1, this.time);
    const keyOfRow = new Int32Array(this.rowCount);
    const slots = this.table.slots;
    for (let at = 0; at < slots.length; at += 2) if (slots[at] !== 0) keyOfRow[slots[at + 1]] = slots[at];
    const keys: number[] = [];
    const ptr: number[] = [0];
    const cls: number[] = [];
    const val: number[] = [];
    for (let r = 0; r < this.rowCount; r++) {
      const before = cls.length;
      for (let c = 0; c < C; c++) {
        const i = r * C + c;
        const total = this.totals[i] + (this.time - this.stamps[i]) * this.weights[i];
        const avg = total / T;
        if (Math.abs(avg) >= minWeight) {
          cls.push(c);
          val.push(avg);
        }
      }
      if (cls.length > before) {
        keys.push(keyOfRow[r]);
        ptr.push(cls.length);
      }
    }
    return new LinearModel(C, Int32Array.from(keys), Uint32Array.from(ptr), Uint16Array.from(cls), Float32Array.from(val));
  }
}
