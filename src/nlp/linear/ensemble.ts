/**
 * Combining linear models over the same classes: averaging bagged members (tagger, NER), summing an ensemble
 * into one model (parser: for linear models the sum of the members' weights gives exactly their summed scores),
 * pruning small weights, and stacking two models' class ranges side by side (the tagger's two directions).
 * Keys come out sorted, so the result does not depend on the order of the members.
 */
import { LinearModel } from './model.js';

/** Builds a model from rows of dense weights (key → one weight per class), keeping weights that pass `keep`. */
function fromRows(C: number, rows: Map<number, Float64Array>, keep: (w: number) => boolean, keepEmptyRows: boolean): LinearModel {
  const keys: number[] = [];
  const ptr: number[] = [0];
  const cls: number[] = [];
  const val: number[] = [];
  for (const k of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(k)!;
    for (let c = 0; c < C; c++) {
      if (keep(row[c])) {
        cls.push(c);
        val.push(row[c]);
      }
    }
    if (keepEmptyRows || cls.length > ptr[ptr.length - 1]) {
      keys.push(k);
      ptr.push(cls.length);
    }
  }
  return new LinearModel(C, Int32Array.from(keys), Uint32Array.from(ptr), Uint16Array.from(cls), Float32Array.from(val));
}

/** Adds `factor` × each member's weights into dense rows. */
function addRows(models: readonly LinearModel[], factor: number | null): Map<number, Float64Array> {
  const C = models[0].nClasses;
  const rows = new Map<number, Float64Array>();
  for (const m of models) {
    const { keys, ptr } = m;
    const cls = m.cls;
    const val = m.val;
    for (let r = 0; r < keys.length; r++) {
      let row = rows.get(keys[r]);
      if (!row) rows.set(keys[r], (row = new Float64Array(C)));
      for (let j = ptr[r]; j < ptr[r + 1]; j++) row[cls[j]] += factor === null ? val[j] : val[j] / factor;
    }
  }
  return rows;
}

/** The average of several models (union of their features), without weights below `minWeight`; one model as is. */
export function averageModels(models: readonly LinearModel[], minWeight: number): LinearModel {
  if (models.length === 1) return models[0];
  return fromRows(models[0].nClasses, addRows(models, models.length), (w) => Math.abs(w) >= minWeight, false);
}

/** The sum of several models (union of their rows, weights added per row and class; zero sums dropped). */
export function sumModels(models: readonly LinearModel[]): LinearModel {
  return fromRows(models[0].nClasses, addRows(models, null), (w) => w !== 0, true);
}

/** `m` without the weights below `min` in magnitude; rows left empty are dropped. */
export function pruneModel(m: LinearModel, min: number): LinearModel {
  const keys: number[] = [];
  const ptr: number[] = [0];
  const cls: number[] = [];
  const val: number[] = [];
  const mc = m.cls;
  const mv = m.val;
  for (let r = 0; r < m.keys.length; r++) {
    const before = cls.length;
    for (let j = m.ptr[r]; j < m.ptr[r + 1]; j++) {
      if (Math.abs(mv[j]) >= min) {
        cls.push(mc[j]);
        val.push(mv[j]);
      }
    }
    if (cls.length > before) {
      keys.push(m.keys[r]);
      ptr.push(cls.length);
    }
  }
  return new LinearModel(m.nClasses, Int32Array.from(keys), Uint32Array.from(ptr), Uint16Array.from(cls), Float32Array.from(val));
}

/** One model over the classes of `a` followed by those of `b` (shifted by `a.nClasses`); keys sorted. */
export function stackClasses(a: LinearModel, b: LinearModel): LinearModel {
  const C = a.nClasses;
  const rows = new Map<number, [number, number][]>();
  for (const [m, shift] of [[a, 0], [b, C]] as const) {
    const cls = m.cls;
    const val = m.val;
    for (let r = 0; r < m.keys.length; r++) {
      let row = rows.get(m.keys[r]);
      if (!row) rows.set(m.keys[r], (row = []));
      for (let j = m.ptr[r]; j < m.ptr[r + 1]; j++) row.push([cls[j] + shift, val[j]]);
    }
  }
  const keys = [...rows.keys()].sort((x, y) => x - y);
  const ptr = [0];
  const cls: number[] = [];
  const val: number[] = [];
  for (const k of keys) {
    for (const [c, v] of rows.get(k)!) {
      cls.push(c);
      val.push(v);
    }
    ptr.push(cls.length);
  }
  return new LinearModel(C + b.nClasses, Int32Array.from(keys), Uint32Array.from(ptr), Uint16Array.from(cls), Float32Array.from(val));
}
