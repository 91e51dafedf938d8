/**
 * The open-addressing table every model uses: non-zero int32 keys (0 marks an empty slot), each with a fixed
 * number of int32 values stored right after it, so that a lookup touches one cache line. Linear probing; the
 * capacity is a power of two kept at most 2/3 full.
 *
 * Uses: a model's feature rows (`LinearModel`, `PerceptronTrainer`), the frozen scorer's weights
 * (`FrozenScorer`, two values per key), word lexicons (key → row), sets and counters (feature pruning).
 */
import { newModelArray } from '../model-file.js';

/** Slots for `n` keys under the one sizing rule: a power of two (at least 16) at most 2/3 full. */
export function tableCapacity(n: number): number {
  let cap = 16;
  while (cap * 2 < n * 3) cap <<= 1;
  return cap;
}

export class IntTable {
  /** Per slot: the key, then `width` values. */
  slots: Int32Array;
  /** Values per key. */
  readonly width: number;
  /** Slot count - 1. */
  mask: number;
  /** Keys held. */
  size = 0;

  /** A table sized for `n` keys (it grows beyond) with `width` values each. */
  constructor(n = 0, width = 1) {
    this.width = width;
    const cap = tableCapacity(n);
    // (in shared memory while models are being shared: see newModelArray)
    this.slots = newModelArray(Int32Array, cap * (width + 1));
    this.mask = cap - 1;
  }

  /** A table over existing slots (e.g. built by another thread, in shared memory); it must not grow. */
  static over(slots: Int32Array, width: number, size: number): IntTable {
    const t = new IntTable(0, width);
    t.slots = slots;
    t.mask = slots.length / (width + 1) - 1;
    t.size = size;
    return t;
  }

  /** Key `keys[r]` → r for every r (keys distinct and non-zero). */
  static rowsOf(keys: ArrayLike<number>): IntTable {
    const t = new IntTable(keys.length, 1);
    for (let r = 0; r < keys.length; r++) t.slots[t.claim(keys[r] | 0) + 1] = r;
    return t;
  }

  /** Index in `slots` of `key`'s slot (its values follow), or -1 when absent. */
  find(key: number): number {
    const slots = this.slots;
    const stride = this.width + 1;
    const mask = this.mask;
    let i = key & mask;
    while (true) {
      const at = i * stride;
      const k = slots[at];
      if (k === key) return at;
      if (k === 0) return -1;
      i = (i + 1) & mask;
    }
  }

  /** Index in `slots` of `key`'s slot, taking an empty one (values 0) when absent; may grow the table. */
  claim(key: number): number {
    if ((this.size + 1) * 3 > (this.mask + 1) * 2) this.grow();
    const slots = this.slots;
    const stride = this.width + 1;
    const mask = this.mask;
    let i = key & mask;
    while (true) {
      const at = i * stride;
      const k = slots[at];
      if (k === key) return at;
      if (k === 0) {
        slots[at] = key;
        this.size++;
        return at;
      }
      i = (i + 1) & mask;
    }
  }

  /** The (first) value of `key`, or -1 when absent. */
  get(key: number): number {
    const at = this.find(key);
    return at < 0 ? -1 : this.slots[at + 1];
  }

  /** The value of `key`; when absent, sets it to `value` and returns that. */
  getOrAdd(key: number, value: number): number {
    const before = this.size;
    const at = this.claim(key);
    if (this.size !== before) this.slots[at + 1] = value;
    return this.slots[at + 1];
  }

  /** Counts one more occurrence of `key` (value = count). */
  increment(key: number): void {
    this.slots[this.claim(key) + 1]++;
  }

  private grow(): void {
    const old = this.slots;
    const stride = this.width + 1;
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap * stride);
    const mask = cap - 1;
    for (let at = 0; at < old.length; at += stride) {
      const k = old[at];
      if (k === 0) continue;
      let i = k & mask;
      while (slots[i * stride] !== 0) i = (i + 1) & mask;
      for (let v = 0; v < stride; v++) slots[i * stride + v] = old[at + v];
    }
    this.slots = slots;
    this.mask = mask;
  }
}
