/**
 * Multiclass linear models over hashed integer features.
 *
 * `PerceptronTrainer` is an averaged perceptron (Collins 2002) with lazy averaging via timestamps; rows are
 * created only when a feature takes part in an update, which keeps memory proportional to the mistakes made.
 * `LinearModel` is the frozen, averaged, pruned and int16-quantised result in CSR form: scoring touches only
 * the non-zero (class, weight) pairs of each active feature.
 */
import { derivedArrays, type StoredArray } from './model-file.js';

const EMPTY = 0;

/** Open-addressing map from non-zero int32 keys to dense row numbers. */
class KeyTable {
  keys: Int32Array;
  rows: Int32Array;
  size = 0;
  mask: number;
  constructor(capacity = 1 << 16) {
    let cap = 1;
    while (cap < capacity * 2) cap <<= 1;
    this.keys = new Int32Array(cap);
    this.rows = new Int32Array(cap);
    this.mask = cap - 1;
  }
  get(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = key & mask;
    while (true) {
      const k = keys[i];
      if (k === key) return this.rows[i];
      if (k === EMPTY) return -1;
      i = (i + 1) & mask;
    }
  }
  /** Returns the existing row of `key` or assigns it `nextRow`. */
  getOrAdd(key: number, nextRow: number): number {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const mask = this.mask;
    let i = key & mask;
    while (true) {
      const k = keys[i];
      if (k === key) return this.rows[i];
      if (k === EMPTY) {
        keys[i] = key;
        this.rows[i] = nextRow;
        this.size++;
        return nextRow;
      }
      i = (i + 1) & mask;
    }
  }
  private grow(): void {
    const oldKeys = this.keys;
    const oldRows = this.rows;
    const cap = oldKeys.length * 2;
    this.keys = new Int32Array(cap);
    this.rows = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j];
      if (k === EMPTY) continue;
      let i = k & this.mask;
      while (this.keys[i] !== EMPTY) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.rows[i] = oldRows[j];
    }
  }
  /** A frozen table over arrays built by `fromKeys` (possibly shared). */
  static over(keys: Int32Array, rows: Int32Array, size: number): KeyTable {
    const t = new KeyTable(1);
    t.keys = keys;
    t.rows = rows;
    t.mask = keys.length - 1;
    t.size = size;
    return t;
  }
  static fromKeys(keyList: Int32Array): KeyTable {
    const t = new KeyTable(Math.max(16, keyList.length));
    for (let r = 0; r < keyList.length; r++) t.getOrAdd(keyList[r], r);
    return t;
  }
}

export class PerceptronTrainer {
  readonly nClasses: number;
  private table = new KeyTable();
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
    for (let f = 0; f < n; f++) {
      const row = this.table.get(keys[f]);
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
    const tk = this.table.keys;
    const tr = this.table.rows;
    for (let i = 0; i < tk.length; i++) if (tk[i] !== EMPTY) keyOfRow[tr[i]] = tk[i];
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

/**
 * A frozen model. One built in memory holds float32 weights; one read from a model file keeps the file's
 * arrays as they are (int16 weights and one scale, uint8 classes), which may live in shared memory, and
 * scores straight from them with the very same float32 values (`Math.fround(q · scale)`). `val` and `cls`
 * stay available for code that reads them (building faster scorers, merging models): for a loaded model they
 * are decoded on demand and held only weakly, so they cost memory only while someone uses them.
 * The key lookup table is built on the first `score` (some users only read the arrays).
 */
export class LinearModel {
  readonly nClasses: number;
  readonly keys: Int32Array;
  readonly ptr: Uint32Array;
  private table: KeyTable | undefined;
  private readonly ownVal: Float32Array | undefined;
  private readonly ownCls: Uint16Array | undefined;
  private readonly q: Int16Array | undefined;
  private readonly qScale: number;
  private readonly storedCls: Uint8Array | Uint16Array | undefined;
  private valRef: WeakRef<Float32Array> | undefined;
  private clsRef: WeakRef<Uint16Array> | undefined;

  constructor(nClasses: number, keys: Int32Array, ptr: Uint32Array, cls: Uint16Array, val: Float32Array);
  constructor(nClasses: number, keys: Int32Array, ptr: Uint32Array, cls: Uint8Array | Uint16Array, val: Int16Array, scale: number);
  constructor(nClasses: number, keys: Int32Array, ptr: Uint32Array, cls: Uint8Array | Uint16Array, val: Float32Array | Int16Array, scale = 1) {
    this.nClasses = nClasses;
    this.keys = keys;
    this.ptr = ptr;
    this.qScale = scale;
    if (val instanceof Float32Array) {
      this.ownVal = val;
      this.ownCls = cls instanceof Uint16Array ? cls : Uint16Array.from(cls);
    } else {
      this.q = val;
      this.storedCls = cls;
    }
  }

  get features(): number {
    return this.keys.length;
  }

  /** Weights as float32, parallel to `cls`. */
  get val(): Float32Array {
    if (this.ownVal) return this.ownVal;
    let v = this.valRef?.deref();
    if (!v) {
      const q = this.q as Int16Array;
      const scale = this.qScale;
      v = new Float32Array(q.length);
      for (let i = 0; i < q.length; i++) v[i] = q[i] * scale;
      this.valRef = new WeakRef(v);
    }
    return v;
  }

  /** Class of each weight. */
  get cls(): Uint16Array {
    if (this.ownCls) return this.ownCls;
    const stored = this.storedCls as Uint8Array | Uint16Array;
    if (stored instanceof Uint16Array) return stored;
    let c = this.clsRef?.deref();
    if (!c) {
      c = Uint16Array.from(stored);
      this.clsRef = new WeakRef(c);
    }
    return c;
  }

  /** Builds the key lookup table now rather than on the first `score` (e.g. to share it; see derivedArrays). */
  prepare(): this {
    this.lookup();
    return this;
  }

  private lookup(): KeyTable {
    if (!this.table) {
      const keys = this.keys;
      const t = derivedArrays(keys, 'LinearModel.table', () => {
        const built = KeyTable.fromKeys(keys);
        return { keys: built.keys, rows: built.rows };
      });
      this.table = KeyTable.over(t.keys, t.rows, keys.length);
    }
    return this.table;
  }

  /** Adds the scores of `keys[0..n)` into `out` (caller zeroes it). */
  score(keys: Int32Array, n: number, out: Float32Array | Float64Array): void {
    const table = this.lookup();
    const ptr = this.ptr;
    const q = this.q;
    if (q) {
      const cls = this.storedCls as Uint8Array | Uint16Array;
      const scale = this.qScale;
      for (let f = 0; f < n; f++) {
        const row = table.get(keys[f]);
        if (row < 0) continue;
        const end = ptr[row + 1];
        for (let j = ptr[row]; j < end; j++) out[cls[j]] += Math.fround(q[j] * scale);
      }
      return;
    }
    const cls = this.ownCls as Uint16Array;
    const val = this.ownVal as Float32Array;
    for (let f = 0; f < n; f++) {
      const row = table.get(keys[f]);
      if (row < 0) continue;
      const end = ptr[row + 1];
      for (let j = ptr[row]; j < end; j++) out[cls[j]] += val[j];
    }
  }

  /** Arrays for the model file, weights quantised to int16 with one global scale. */
  toArrays(prefix: string): { arrays: Record<string, StoredArray>; meta: Record<string, number> } {
    const val = this.val;
    const cls = this.cls;
    let maxAbs = 0;
    for (let i = 0; i < val.length; i++) maxAbs = Math.max(maxAbs, Math.abs(val[i]));
    const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
    const q = new Int16Array(val.length);
    for (let i = 0; i < q.length; i++) q[i] = Math.round(val[i] / scale);
    const smallCls = this.nClasses <= 256;
    return {
      arrays: {
        [`${prefix}.keys`]: this.keys,
        [`${prefix}.ptr`]: this.ptr,
        [`${prefix}.cls`]: smallCls ? Uint8Array.from(cls) : cls,
        [`${prefix}.val`]: q,
      },
      meta: { [`${prefix}.nClasses`]: this.nClasses, [`${prefix}.scale`]: scale },
    };
  }

  /** A model over a model file's arrays (used in place, not copied). */
  static fromArrays(prefix: string, arrays: Record<string, StoredArray>, meta: Record<string, unknown>): LinearModel {
    return new LinearModel(
      meta[`${prefix}.nClasses`] as number,
      arrays[`${prefix}.keys`] as Int32Array,
      arrays[`${prefix}.ptr`] as Uint32Array,
      arrays[`${prefix}.cls`] as Uint8Array | Uint16Array,
      arrays[`${prefix}.val`] as Int16Array,
      meta[`${prefix}.scale`] as number,
    );
  }
}

/** Index of the largest of the first `n` scores. */
export function argmax(scores: Float32Array | Float64Array, n = scores.length): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < n; c++) {
    if (scores[c] > bestScore) {
      bestScore = scores[c];
      best = c;
    }
  }
  return best;
}
