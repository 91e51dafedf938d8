/**
 * The tagger's word facts: the lexicon key of a form, and per-word facts stored in the model (distributional
 * clusters and capitalisation habits from unlabeled text, ambiguity classes from the training tags).
 */
import * as _keys from '../linear/keys.js';
import * as _normalize from '../linear/normalize.js';
import { IntTable } from '../linear/table.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { hashString } = _keys;
const { normalizeForm } = _normalize;

/** Lexicon key of a form: normalised, lower-cased, every digit replaced by 0. */
export function lexKey(form: string): string {
  const s = normalizeForm(form).toLowerCase();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57 && c !== 48) return s.replace(/[1-9]/g, '0');
  }
  return s;
}

/** 32-bit hash of `lexKey(form)`: the key of word clusters and ambiguity classes. */
export const lexHash = (form: string): number => hashString(lexKey(form));

/**
 * Word facts learned from unlabeled text, keyed by `lexHash`: distributional classes at two granularities
 * (0 = none) and how often the word is capitalised away from the start of a sentence (`caps`, a bucket 0..5,
 * 0 = too rare to tell).
 */
export interface WordClusters {
  keys: Int32Array;
  coarse: Uint16Array;
  fine: Uint16Array;
  caps: Uint8Array;
}

/** Bucket of the share of capitalised, non-sentence-initial occurrences (1 = never … 5 = almost always). */
export function capsBucket(capitalised: number, total: number): number {
  if (total < 3) return 0;
  const r = capitalised / total;
  return r < 0.05 ? 1 : r < 0.3 ? 2 : r < 0.7 ? 3 : r < 0.95 ? 4 : 5;
}


/** Per-word lexical facts: clusters and capitalisation (unlabeled text), ambiguity class (training tags). */
export class Lexicon {
  readonly keys: Int32Array;
  readonly coarse: Uint16Array;
  readonly fine: Uint16Array;
  readonly caps: Uint8Array;
  readonly amb: Uint16Array;
  private map: IntTable;
  constructor(keys: Int32Array, coarse: Uint16Array, fine: Uint16Array, caps: Uint8Array, amb: Uint16Array) {
    this.keys = keys;
    this.coarse = coarse;
    this.fine = fine;
    this.caps = caps;
    this.amb = amb;
    this.map = IntTable.rowsOf(keys);
  }
  row(key: number): number {
    return this.map.get(key);
  }
  clusters(): WordClusters | undefined {
    const idx: number[] = [];
    for (let r = 0; r < this.keys.length; r++) if (this.coarse[r] || this.fine[r] || this.caps[r]) idx.push(r);
    if (!idx.length) return undefined;
    return {
      keys: Int32Array.from(idx, (r) => this.keys[r]),
      coarse: Uint16Array.from(idx, (r) => this.coarse[r]),
      fine: Uint16Array.from(idx, (r) => this.fine[r]),
      caps: Uint8Array.from(idx, (r) => this.caps[r]),
    };
  }
}
