/**
 * A frozen multiclass linear model over hashed integer features, in CSR form: for each feature key (`keys`, row
 * r) the non-zero weights `val[ptr[r] .. ptr[r + 1])` of the classes `cls[…]` (ascending within a row).
 *
 * On disk (`toArrays`, `fromArrays`) the weights are int16 with one scale per model. One built in memory (by
 * `PerceptronTrainer.finalize`, or the ensemble functions) holds float32 weights; one read from a model file keeps
 * the file's arrays as they are (int16 weights, uint8 classes), possibly in shared memory. `quantized()` gives
 * the int16 form either way, the same arrays the file holds: `FrozenScorer` is built from it.
 */
import { derivedArrays, type StoredArray } from '../model-file.js';
import { IntTable } from './table.js';

/** The int16 form of a model's weights: `q[j] · scale` is weight j (as a float32). */
export interface QuantizedWeights {
  q: Int16Array;
  cls: Uint8Array | Uint16Array;
  scale: number;
}

/** Quantises float weights to int16 with one scale, the largest magnitude mapping to ±32767. */
export function quantize(val: Float32Array): { q: Int16Array; scale: number } {
  let maxAbs = 0;
  for (let i = 0; i < val.length; i++) maxAbs = Math.max(maxAbs, Math.abs(val[i]));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const q = new Int16Array(val.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round(val[i] / scale);
  return { q, scale };
}

export class LinearModel {
  readonly nClasses: number;
  readonly keys: Int32Array;
  readonly ptr: Uint32Array;
  private table: IntTable | undefined;
  private readonly ownVal: Float32Array | undefined;
  private readonly ownCls: Uint16Array | undefined;
  private readonly q: Int16Array | undefined;
  private readonly qScale: number;
  private readonly storedCls: Uint8Array | Uint16Array | undefined;
  private valRef: WeakRef<Float32Array> | undefined;
  private clsRef: WeakRef<Uint16Array> | undefined;
  private quant: QuantizedWeights | undefined;

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

  /** Whether the weights are the int16 ones of a model file (else float32, as trained in memory). */
  get isStored(): boolean {
    return this.q !== undefined;
  }

  /** Weights as float32, parallel to `cls` (for a loaded model decoded on demand and held only weakly). */
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

  /** The weights as the model file stores them: the file's own arrays, or quantised once from float weights. */
  quantized(): QuantizedWeights {
    if (this.q) return { q: this.q, cls: this.storedCls as Uint8Array | Uint16Array, scale: this.qScale };
    if (!this.quant) {
      const { q, scale } = quantize(this.ownVal as Float32Array);
      this.quant = { q, cls: this.nClasses <= 256 ? Uint8Array.from(this.ownCls as Uint16Array) : (this.ownCls as Uint16Array), scale };
    }
    return this.quant;
  }

  /** Builds the key lookup table now rather than on the first `score` (e.g. to share it; see derivedArrays). */
  prepare(): this {
    this.lookup();
    return this;
  }

  private lookup(): IntTable {
    if (!this.table) {
      const keys = this.keys;
      const t = derivedArrays(keys, 'LinearModel.table', () => ({ slots: IntTable.rowsOf(keys).slots }));
      this.table = IntTable.over(t.slots, 1, keys.length);
    }
    return this.table;
  }

  /**
   * Adds the scores of `keys[0..n)` into `out` (caller zeroes it), weight by weight: the float32 weights of a
   * model built in memory, `Math.fround(q · scale)` of a loaded one. The reference scorer (training, the quote
   * models); the NLP models score with `FrozenScorer`.
   */
  score(keys: Int32Array, n: number, out: Float32Array | Float64Array): void {
    const table = this.lookup();
    const slots = table.slots;
    const ptr = this.ptr;
    const q = this.q;
    if (q) {
      const cls = this.storedCls as Uint8Array | Uint16Array;
      const scale = this.qScale;
      for (let f = 0; f < n; f++) {
        const at = table.find(keys[f]);
        if (at < 0) continue;
        const row = slots[at + 1];
        const end = ptr[row + 1];
        for (let j = ptr[row]; j < end; j++) out[cls[j]] += Math.fround(q[j] * scale);
      }
      return;
    }
    const cls = this.ownCls as Uint16Array;
    const val = this.ownVal as Float32Array;
    for (let f = 0; f < n; f++) {
      const at = table.find(keys[f]);
      if (at < 0) continue;
      const row = slots[at + 1];
      const end = ptr[row + 1];
      for (let j = ptr[row]; j < end; j++) out[cls[j]] += val[j];
    }
  }

  /** Arrays for the model file, weights quantised to int16 with one global scale. */
  toArrays(prefix: string): { arrays: Record<string, StoredArray>; meta: Record<string, number> } {
    const { q, scale } = this.q ? { q: this.q, scale: this.qScale } : quantize(this.ownVal as Float32Array);
    const cls = this.cls;
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
