/**
 * Integer feature keys. Models never build feature strings in their hot loops: a feature is a template id
 * mixed with the hashes of its values, giving a 32-bit key looked up in a model's hash table. Word hashes are
 * computed once per token (`hashString`) and reused by every template that mentions the word.
 */

/** FNV-1a over UTF-16 code units, with an optional seed. Never returns 0 (0 marks empty table slots). */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h === 0 ? 1 : h;
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

export const key1 = (template: number, a: number): number => finish(mix(mix(0x9747b28c, template), a));
export const key2 = (template: number, a: number, b: number): number =>
  finish(mix(mix(mix(0x9747b28c, template), a), b));
export const key3 = (template: number, a: number, b: number, c: number): number =>
  finish(mix(mix(mix(mix(0x9747b28c, template), a), b), c));

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
