/**
 * Feature keys: how every model of src/nlp turns a feature into a 32-bit integer. Models never build feature
 * strings in their hot loops: a feature is a template id mixed with the hashes of its values, and the result is
 * looked up in the model's table (`FrozenScorer`). Word hashes are computed once per token (`hashString`) and
 * reused by every template that mentions the word.
 *
 * One set of helpers for all models; each model keeps its own seed and template numbering (they are part of the
 * stored models: changing one changes every key).
 */

/** FNV-1a offset basis and prime (32-bit). */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** One FNV-1a step: the running hash `h` after the UTF-16 code unit `c`. */
export const fnvStep = (h: number, c: number): number => Math.imul(h ^ c, FNV_PRIME);

/** FNV-1a over UTF-16 code units, with an optional seed. Never returns 0 (0 marks empty table slots). */
export function hashString(s: string, seed = FNV_OFFSET): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h === 0 ? 1 : h;
}

/** FNV-1a over UTF-16 code units, unsigned (0 possible): the hash of the indexes that keep their strings. */
export function fnv1a(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** Mix one more 32-bit value into a running key (murmur3-style finaliser steps). */
export function mix(h: number, v: number): number {
  let k = Math.imul(v | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  return h;
}

/** Final avalanche so nearby keys spread over the table. Never returns 0. */
export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h === 0 ? 1 : h;
}

/** The seed of the default key set (`key1`…, and `templateKeys` unless a model chose another). */
export const KEY_SEED = 0x9747b28c;

export const key1 = (template: number, a: number): number => finish(mix(mix(KEY_SEED, template), a));
export const key2 = (template: number, a: number, b: number): number => finish(mix(mix(mix(KEY_SEED, template), a), b));
export const key3 = (template: number, a: number, b: number, c: number): number =>
  finish(mix(mix(mix(mix(KEY_SEED, template), a), b), c));

/**
 * Key makers of one model's templates 0 … count-1, whose first step, `mix(seed, first + t)`, is computed once: a
 * key then costs one mix per value and the final avalanche. `new TemplateKeys(KEY_SEED, n).k1(t, a)` equals
 * `key1(t, a)`. (Methods of one class rather than closures: every model's call sites stay monomorphic and
 * inlined; closures made by one factory share their feedback and measured 20% slower in the NER.)
 */
export class TemplateKeys {
  private readonly tpl: Int32Array;
  constructor(seed: number, count: number, first = 0) {
    this.tpl = Int32Array.from({ length: count }, (_, t) => mix(seed, first + t));
  }
  k1(t: number, a: number): number {
    return finish(mix(this.tpl[t], a));
  }
  k2(t: number, a: number, b: number): number {
    return finish(mix(mix(this.tpl[t], a), b));
  }
  k3(t: number, a: number, b: number, c: number): number {
    return finish(mix(mix(mix(this.tpl[t], a), b), c));
  }
  k4(t: number, a: number, b: number, c: number, d: number): number {
    return finish(mix(mix(mix(mix(this.tpl[t], a), b), c), d));
  }
}

/** A reusable buffer of feature keys for one classification decision. */
export class FeatureBuffer {
  keys: Int32Array;
  n = 0;
  constructor(capacity = 256) {
    this.keys = new Int32Array(capacity);
  }
  clear(): void {
    this.n = 0;
  }
  push(key: number): void {
    if (this.n === this.keys.length) {
      const bigger = new Int32Array(this.keys.length * 2);
      bigger.set(this.keys);
      this.keys = bigger;
    }
    this.keys[this.n++] = key;
  }
}
