/**
 * The one scorer of the NLP models: a read-only view of a `LinearModel` built straight from its int16 weights
 * (the model file's arrays, never decoded to floats), laid out for few cache misses, and shared between worker
 * threads with the model file (`derivedArrays`).
 *
 * Layout: an `IntTable` from feature key to its weights.
 * - Models of at most 3 classes (the parser's transitions, the sentence splitter): all weights inline, the key
 *   and its three int16 weights in 12 bytes.
 * - Wider models: one int32 per key. A row with a single weight holds it inline (sign bit, class, weight); a
 *   long row covering most of its class range (≥ 16 weights, at least half the range) is "dense": int16 weights
 *   of consecutive classes, so that scoring a few candidate classes skips the rest; any other row is a run of
 *   packed (class << 16 | weight) entries.
 *
 * Scores are integer sums of the int16 weights, in units of `unit` (the model's scale): exact in any grouping,
 * which lets the models cache partial sums. The float entry points give each model the very floats it was built
 * on: `score` (weight × unit, summed weight by weight; ≤ 3 classes: the integer sum × unit) and `scoreFloat32`
 * (each weight as the float32 `LinearModel.score` adds: the sentence splitter, the quote taggers).
 */
import { derivedArrays, newModelArray } from '../model-file.js';
import type { LinearModel } from './model.js';
import { IntTable } from './table.js';

/** Anything that adds class scores for a feature list (a trainer during training, a frozen scorer after). */
export interface Scorer {
  score(keys: Int32Array, n: number, out: Float64Array): void;
}

interface ScorerArrays {
  [name: string]: Int32Array | Int16Array | Float64Array;
  slots: Int32Array;
  data: Int32Array;
  dense: Int16Array;
  denseRows: Int32Array;
  unit: Float64Array;
}

/** Whether row r (classes `cls[ptr[r] .. ptr[r + 1])`, ascending) is stored dense. */
function isDense(ptr: Uint32Array, cls: Uint8Array | Uint16Array, r: number): boolean {
  const len = ptr[r + 1] - ptr[r];
  if (len < 16) return false;
  return len * 2 >= cls[ptr[r + 1] - 1] + 1 - cls[ptr[r]];
}

function build(m: LinearModel): ScorerArrays {
  const { keys, ptr, nClasses: C } = m;
  const { q, cls, scale } = m.quantized();
  const rows = keys.length;
  if (C <= 3) {
    const table = new IntTable(rows, 2);
    const slots = table.slots;
    for (let r = 0; r < rows; r++) {
      if (ptr[r + 1] === ptr[r]) continue; // an empty row (a merged model's weights that cancelled out)
      const at = table.claim(keys[r]);
      let w01 = 0;
      let w2 = 0;
      for (let j = ptr[r]; j < ptr[r + 1]; j++) {
        const v = q[j] & 0xffff;
        if (cls[j] === 0) w01 |= v;
        else if (cls[j] === 1) w01 |= v << 16;
        else w2 = v;
      }
      slots[at + 1] = w01;
      slots[at + 2] = w2;
    }
    return { slots, data: new Int32Array(0), dense: new Int16Array(0), denseRows: new Int32Array(0), unit: Float64Array.of(scale) };
  }
  if (C > 255) throw new Error('FrozenScorer: at most 255 classes');
  let packed = 0;
  let denseLen = 0;
  let denseCount = 0;
  for (let r = 0; r < rows; r++) {
    if (isDense(ptr, cls, r)) {
      denseCount++;
      denseLen += cls[ptr[r + 1] - 1] - cls[ptr[r]] + 1;
    } else if (ptr[r + 1] - ptr[r] > 1) packed += ptr[r + 1] - ptr[r];
  }
  if (packed >= 1 << 23) throw new Error('FrozenScorer: model too large');
  const table = new IntTable(rows, 1);
  const slots = table.slots;
  const data = newModelArray(Int32Array, packed);
  const dense = newModelArray(Int16Array, denseLen);
  const denseRows = newModelArray(Int32Array, denseCount * 3);
  let at = 0;
  let dAt = 0;
  let dRow = 0;
  for (let r = 0; r < rows; r++) {
    const start = ptr[r];
    const len = ptr[r + 1] - start;
    if (len === 0) continue;
    let entry: number;
    if (isDense(ptr, cls, r)) {
      const lo = cls[start];
      const n = cls[ptr[r + 1] - 1] - lo + 1;
      for (let j = start; j < start + len; j++) dense[dAt + cls[j] - lo] = q[j];
      denseRows[dRow * 3] = dAt;
      denseRows[dRow * 3 + 1] = lo;
      denseRows[dRow * 3 + 2] = n;
      entry = dRow << 8;
      dRow++;
      dAt += n;
    } else if (len === 1) {
      entry = 0x80000000 | (cls[start] << 16) | (q[start] & 0xffff);
    } else {
      entry = (at << 8) | len;
      for (let j = start; j < start + len; j++) data[at++] = (cls[j] << 16) | (q[j] & 0xffff);
    }
    slots[table.claim(keys[r]) + 1] = entry;
  }
  return { slots, data, dense, denseRows, unit: Float64Array.of(scale) };
}

export class FrozenScorer implements Scorer {
  readonly nClasses: number;
  /** The weight of one integer step (the model's quantisation scale). */
  readonly unit: number;
  /** At most 3 classes: the weights sit inline in the table (key, w0 | w1 << 16, w2). */
  readonly narrow: boolean;
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly data: Int32Array;
  /** Dense rows: weights of classes [lo, lo + n), and (offset, lo, n) for each. */
  private readonly dense: Int16Array;
  private readonly denseRows: Int32Array;

  constructor(m: LinearModel) {
    // Built once per model; shared between threads when the model file is (see derivedArrays).
    const t = derivedArrays(m.keys, 'FrozenScorer', () => build(m));
    this.nClasses = m.nClasses;
    this.narrow = m.nClasses <= 3;
    this.slots = t.slots;
    this.mask = t.slots.length / (this.narrow ? 3 : 2) - 1;
    this.data = t.data;
    this.dense = t.dense;
    this.denseRows = t.denseRows;
    this.unit = t.unit[0];
  }

  /** Models of at most 3 classes: adds the integer sums of `keys[0..n)` to `out[0..2]`. */
  sumInts3(keys: Int32Array, n: number, out: Int32Array): void {
    const { slots, mask } = this;
    let a = 0;
    let b = 0;
    let c = 0;
    for (let f = 0; f < n; f++) {
      const key = keys[f];
      let i = key & mask;
      while (true) {
        const at = i * 3;
        const k = slots[at];
        if (k === key) {
          const ab = slots[at + 1];
          a += (ab << 16) >> 16;
          b += ab >> 16;
          c += (slots[at + 2] << 16) >> 16;
          break;
        }
        if (k === 0) break;
        i = (i + 1) & mask;
      }
    }
    out[0] += a;
    out[1] += b;
    out[2] += c;
  }

  /** Wider models: the table index of feature `key`'s entry, or -1 when the model lacks it. */
  private slotOf(key: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = key & mask;
    for (let k = slots[2 * i]; k !== key; k = slots[2 * i]) {
      if (k === 0) return -1;
      i = (i + 1) & mask;
    }
    return 2 * i + 1;
  }

  /** Wider models: adds the integer sums of `keys[from, to)` into `out[base + class]`. */
  sumInts(keys: Int32Array, from: number, to: number, out: Int32Array, base: number): void {
    const { slots, data, dense, denseRows } = this;
    for (let f = from; f < to; f++) {
      const s = this.slotOf(keys[f]);
      if (s < 0) continue;
      const e = slots[s];
      if (e < 0) {
        out[base + ((e >>> 16) & 0x7fff)] += (e << 16) >> 16;
      } else if ((e & 0xff) === 0) {
        const d = (e >>> 8) * 3;
        const off = denseRows[d];
        const n = denseRows[d + 2];
        const ob = base + denseRows[d + 1];
        for (let c = 0; c < n; c++) out[ob + c] += dense[off + c];
      } else {
        const end = (e >>> 8) + (e & 0xff);
        for (let j = e >>> 8; j < end; j++) {
          const v = data[j];
          out[base + (v >>> 16)] += (v << 16) >> 16;
        }
      }
    }
  }

  /** `sumInts` into a float64 `out` (integer-valued: exact; the NER sums them so). */
  addScores(keys: Int32Array, from: number, to: number, out: Float64Array, base: number): void {
    const { slots, data, dense, denseRows } = this;
    for (let f = from; f < to; f++) {
      const s = this.slotOf(keys[f]);
      if (s < 0) continue;
      const e = slots[s];
      if (e < 0) {
        out[base + ((e >>> 16) & 0x7fff)] += (e << 16) >> 16;
      } else if ((e & 0xff) === 0) {
        const d = (e >>> 8) * 3;
        const off = denseRows[d];
        const n = denseRows[d + 2];
        const ob = base + denseRows[d + 1];
        for (let c = 0; c < n; c++) out[ob + c] += dense[off + c];
      } else {
        const end = (e >>> 8) + (e & 0xff);
        for (let j = e >>> 8; j < end; j++) {
          const v = data[j];
          out[base + (v >>> 16)] += (v << 16) >> 16;
        }
      }
    }
  }

  /**
   * Like `sumInts`, but exact only at the positions `cand[c0, c1)` of `out` (position = base + class): dense rows
   * add just those; other entries of `out` may receive arbitrary values and must be ignored.
   */
  sumIntsSome(keys: Int32Array, from: number, to: number, out: Int32Array, base: number, cand: Int32Array, c0: number, c1: number): void {
    const { slots, data, dense, denseRows } = this;
    for (let f = from; f < to; f++) {
      const s = this.slotOf(keys[f]);
      if (s < 0) continue;
      const e = slots[s];
      if (e < 0) {
        out[base + ((e >>> 16) & 0x7fff)] += (e << 16) >> 16;
      } else if ((e & 0xff) === 0) {
        const d = (e >>> 8) * 3;
        const off = denseRows[d];
        const shift = base + denseRows[d + 1]; // out index of the row's first class
        const n = denseRows[d + 2];
        for (let j = c0; j < c1; j++) {
          const c = cand[j];
          const k = c - shift;
          if (k >= 0 && k < n) out[c] += dense[off + k];
        }
      } else {
        const end = (e >>> 8) + (e & 0xff);
        for (let j = e >>> 8; j < end; j++) {
          const v = data[j];
          out[base + (v >>> 16)] += (v << 16) >> 16;
        }
      }
    }
  }

  /**
   * Adds float scores of `keys[0..n)` to `out`: at most 3 classes, the integer sums × `unit`; wider models,
   * weight × `unit` weight by weight, in feature order. Where two integer sums differ, their order survives
   * either rounding (its error is far below one unit).
   */
  score(keys: Int32Array, n: number, out: Float64Array): void {
    const unit = this.unit;
    if (this.narrow) {
      const ints = this.ints;
      ints[0] = ints[1] = ints[2] = 0;
      this.sumInts3(keys, n, ints);
      out[0] += ints[0] * unit;
      out[1] += ints[1] * unit;
      if (this.nClasses > 2) out[2] += ints[2] * unit;
      return;
    }
    const { slots, data, dense, denseRows } = this;
    for (let f = 0; f < n; f++) {
      const s = this.slotOf(keys[f]);
      if (s < 0) continue;
      const e = slots[s];
      if (e < 0) {
        out[(e >>> 16) & 0x7fff] += ((e << 16) >> 16) * unit;
      } else if ((e & 0xff) === 0) {
        const d = (e >>> 8) * 3;
        const off = denseRows[d];
        const lo = denseRows[d + 1];
        const n = denseRows[d + 2];
        for (let c = 0; c < n; c++) {
          const w = dense[off + c];
          if (w !== 0) out[lo + c] += w * unit;
        }
      } else {
        const end = (e >>> 8) + (e & 0xff);
        for (let j = e >>> 8; j < end; j++) {
          const v = data[j];
          out[v >>> 16] += ((v << 16) >> 16) * unit;
        }
      }
    }
  }
  private readonly ints = new Int32Array(3);

  /**
   * Adds each weight as the float32 `Math.fround(q · unit)`, the sums `LinearModel.score` makes over the model
   * file's arrays (the quote taggers' scores, which they memoise: sums of such weights are exact in float64, see
   * src/quotes/tagger/decode.ts). Zero weights add nothing, as they add +0 there.
   */
  scoreFloat32(keys: Int32Array, n: number, out: Float64Array): void {
    const unit = this.unit;
    if (this.narrow) {
      const { slots, mask } = this;
      const three = this.nClasses > 2;
      for (let f = 0; f < n; f++) {
        const key = keys[f];
        let i = key & mask;
        while (true) {
          const at = i * 3;
          const k = slots[at];
          if (k === key) {
            const ab = slots[at + 1];
            const w0 = (ab << 16) >> 16;
            const w1 = ab >> 16;
            if (w0 !== 0) out[0] += Math.fround(w0 * unit);
            if (w1 !== 0) out[1] += Math.fround(w1 * unit);
            if (three) {
              const w2 = (slots[at + 2] << 16) >> 16;
              if (w2 !== 0) out[2] += Math.fround(w2 * unit);
            }
            break;
          }
          if (k === 0) break;
          i = (i + 1) & mask;
        }
      }
      return;
    }
    const { slots, data, dense, denseRows } = this;
    for (let f = 0; f < n; f++) {
      const s = this.slotOf(keys[f]);
      if (s < 0) continue;
      const e = slots[s];
      if (e < 0) {
        out[(e >>> 16) & 0x7fff] += Math.fround(((e << 16) >> 16) * unit);
      } else if ((e & 0xff) === 0) {
        const d = (e >>> 8) * 3;
        const off = denseRows[d];
        const lo = denseRows[d + 1];
        const n = denseRows[d + 2];
        for (let c = 0; c < n; c++) {
          const w = dense[off + c];
          if (w !== 0) out[lo + c] += Math.fround(w * unit);
        }
      } else {
        const end = (e >>> 8) + (e & 0xff);
        for (let j = e >>> 8; j < end; j++) {
          const v = data[j];
          out[v >>> 16] += Math.fround(((v << 16) >> 16) * unit);
        }
      }
    }
  }
}
