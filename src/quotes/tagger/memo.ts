/**
 * The memo tables the fast scorers (`cue-scorer.ts`, `sc-scorer.ts`) keep their summed template weights in, and
 * the base class they share. Why the memoised sums are bit-identical to scoring key by key: see `decode.ts`.
 */
import { FeatureBuffer } from '../../nlp/features.js';
import type { LinearModel } from '../../nlp/linear/model.js';
import { FrozenScorer } from '../../nlp/linear/scorer.js';
import { UPOS_TAGS } from '../../doc/doc.js';

/**
 * Non-negative int32 (a combination of small values, packed without overlap) → the summed weights of the
 * templates over that combination. Open addressing, linear probing; each slot holds its key (-1 = empty) and
 * then the vector, so that a lookup touches one or two cache lines (float64 vectors inline: why this is not the
 * int32 `IntTable` of nlp/linear). Holds at most `max` entries (later
 * combinations are scored key by key): with 5 classes, 2^13 entries take 768 KB.
 */
export class Memo {
  slots: Float64Array;
  private readonly W: number;
  private size = 0;
  private mask = 63;
  private shift = 26;

  constructor(C: number, private readonly max: number) {
    this.W = C + 1;
    this.slots = new Float64Array(64 * this.W).fill(-1);
  }

  /** Offset of `k`'s vector in `slots`, or -1. */
  find(k: number): number {
    const slots = this.slots;
    const W = this.W;
    let i = Math.imul(k, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const x = slots[i * W];
      if (x === k) return i * W + 1;
      if (x === -1) return -1;
      i = (i + 1) & this.mask;
    }
  }

  /** Reads `k`'s first slot, so that its cache line is on its way before `find` needs it. */
  peek(k: number): number {
    return k < 0 ? 0 : this.slots[(Math.imul(k, 0x9e3779b1) >>> this.shift) * this.W];
  }

  put(k: number, v: Float64Array): void {
    if (this.size >= this.max) return;
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.place(k, v, 0);
    this.size++;
  }

  private place(k: number, from: Float64Array, at: number): void {
    const W = this.W;
    let i = Math.imul(k, 0x9e3779b1) >>> this.shift;
    while (this.slots[i * W] !== -1) i = (i + 1) & this.mask;
    const b = i * W;
    this.slots[b] = k;
    for (let c = 1; c < W; c++) this.slots[b + c] = from[at + c - 1];
  }

  private grow(): void {
    const old = this.slots;
    const W = this.W;
    const cap = (this.mask + 1) * 2;
    this.slots = new Float64Array(cap * W).fill(-1);
    this.mask = cap - 1;
    this.shift--;
    for (let b = 0; b < old.length; b += W) if (old[b] !== -1) this.place(old[b], old, b + 1);
  }
}

/** Forms (by `formId`) with a record: 2^14 records of 4 vectors of 5 classes take 2.6 MB. */
const RECORDS_MAX = 1 << 14;

/**
 * One record of `roles` score vectors per form, by `formId` (dense, filled on first use, NaN until then): the
 * templates over the form alone, and over the form as each neighbour. Consecutive tokens share their neighbours'
 * records, so a token's word templates cost about one new record.
 */
export class FormRecords {
  vals: Float64Array;
  private readonly stride: number;

  constructor(C: number, roles: number) {
    this.stride = C * roles;
    this.vals = new Float64Array(256 * this.stride).fill(NaN);
  }

  /** Offset of form `f`'s record, -1 when it has none (not cached, or past `RECORDS_MAX`); `filled` tells whether it is. */
  at(f: number): number {
    if (f < 0 || f >= RECORDS_MAX) return -1;
    const o = f * this.stride;
    if (o >= this.vals.length) {
      let len = this.vals.length * 2;
      while (o >= len) len *= 2;
      const bigger = new Float64Array(len).fill(NaN);
      bigger.set(this.vals);
      this.vals = bigger;
    }
    return o;
  }

  filled(o: number): boolean {
    return this.vals[o] === this.vals[o];
  }
}

/**
 * What the scorers share: the model's weights, key buffers and the scratch vector for misses. A model read from
 * its file is scored by the NLP core's one scorer (`FrozenScorer`, built from the file's int16 weights and shared
 * between workers), adding each weight as the float32 `LinearModel.score` adds; a model trained in memory (the
 * trainer's dev runs) by `LinearModel.score` over its float32 weights, as it was trained.
 */
export abstract class MemoScorer {
  protected readonly mb = new FeatureBuffer(16);
  protected readonly db = new FeatureBuffer(16);
  protected readonly tmp: Float64Array;
  protected readonly C: number;

  private readonly frozen: FrozenScorer | null;

  constructor(protected readonly model: LinearModel) {
    this.frozen = model.isStored ? new FrozenScorer(model) : null;
    this.C = model.nClasses;
    this.tmp = new Float64Array(model.nClasses);
  }

  /** Adds memo `m`'s vector for `k` to `out`; false when absent (`k` < 0: not memoisable). */
  protected hit(m: Memo, k: number, out: Float64Array): boolean {
    if (k < 0) return false;
    const o = m.find(k);
    if (o < 0) return false;
    const v = m.slots;
    for (let c = 0; c < out.length; c++) out[c] += v[o + c];
    return true;
  }

  /** Scores the keys in `mb`, adds them to `out` and keeps their sum under `k` (when `k` ≥ 0). */
  protected miss(m: Memo, k: number, out: Float64Array): void {
    const tmp = this.score1();
    for (let c = 0; c < out.length; c++) out[c] += tmp[c];
    if (k >= 0) m.put(k, tmp);
  }

  /** The scores of the keys in `mb` (in `tmp`). */
  protected score1(): Float64Array {
    const tmp = this.tmp;
    tmp.fill(0);
    this.sum(this.mb.keys, this.mb.n, tmp);
    return tmp;
  }

  /** Adds the weights of `keys[0..n)` to `out`. */
  protected sum(keys: Int32Array, n: number, out: Float64Array): void {
    if (this.frozen) this.frozen.scoreFloat32(keys, n, out);
    else this.model.score(keys, n, out);
  }

  /** Scores the keys in `mb` into `recs.vals` at `at`. */
  protected fillRole(recs: FormRecords, at: number): void {
    const tmp = this.score1();
    for (let c = 0; c < this.C; c++) recs.vals[at + c] = tmp[c];
  }

  protected add(v: Float64Array, at: number, out: Float64Array): void {
    for (let c = 0; c < out.length; c++) out[c] += v[at + c];
  }

  protected memo(max = 1 << 13): Memo {
    return new Memo(this.model.nClasses, max);
  }
}
export const N_UPOS = UPOS_TAGS.length;
/** Shape numbers: `SHAPES` indices, then 10 before the text and 11 after it (`sAt`'s 1 and 2). */
export const N_SHAPE = 12;
/** Previous-label numbers: the label, or the last one for "none" (9). */
export const lab = (p: number, none: number): number => (p === 9 ? none : p);
