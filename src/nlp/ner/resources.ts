/**
 * The NER's resources, stored in its model file: distributional word clusters (bit paths, see
 * scripts/build-word-clusters.ts) and gazetteer lists (PETRARCH actor dictionaries, see
 * scripts/build-ner-gazetteer.ts).
 */
import * as _keys from '../linear/keys.js';
import { IntTable } from '../linear/table.js';
import * as _labels from './labels.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { hashString } = _keys;
const { POS_B, POS_I, POS_L, POS_U } = _labels;

export interface NerResources {
  clusters: WordClusters | null;
  gazetteer: Gazetteer | null;
  /** Clusters of pretrained word vectors (absent from models trained before them). */
  vectors?: VectorClusters | null;
}

/** Lowercase key used by the gazetteer (quotes normalised, digits kept). */
export function gazKey(form: string): string {
  return form.replace(/[\u2018\u2019\u201a\u201b\u2032`]/g, "'").toLowerCase();
}

export const isAllCaps = (s: string): boolean => s === s.toUpperCase() && s !== s.toLowerCase();

/** Cluster bit-path prefix lengths used as features. */
export const CLUSTER_LEVELS = [4, 6, 10, 14, 20] as const;
export const NL = CLUSTER_LEVELS.length;

export class WordClusters {
  private index = new Map<string, number>();
  /** rows × NL hashed path prefixes (0 = path shorter than the level). */
  private prefixes: Int32Array;
  readonly size: number;

  /** `text`: lines `path\tword[\tcount]` (Brown-cluster file format). */
  constructor(text: string) {
    const lines = text.split('\n').filter((l) => l.length > 0);
    this.prefixes = new Int32Array(lines.length * NL);
    let r = 0;
    for (const line of lines) {
      const [path, word] = line.split('\t');
      if (!word || this.index.has(word)) continue;
      this.index.set(word, r);
      for (let k = 0; k < NL; k++) {
        const len = CLUSTER_LEVELS[k];
        this.prefixes[r * NL + k] = path.length >= len || k === 0 ? hashString(path.slice(0, len), 0x5bd1e995 + k) : 0;
      }
      r++;
    }
    this.size = r;
  }

  /** Row of a normalised form (tries exact, Title-case, lowercase), or -1. */
  row(norm: string): number {
    let r = this.index.get(norm);
    if (r !== undefined) return r;
    if (norm.length > 1 && isAllCaps(norm)) {
      r = this.index.get(norm[0] + norm.slice(1).toLowerCase());
      if (r !== undefined) return r;
    }
    r = this.index.get(norm.toLowerCase());
    return r ?? -1;
  }

  prefix(row: number, level: number): number {
    return this.prefixes[row * NL + level];
  }
}

const VECTOR_SEED = 0x2545f491;

/**
 * Clusters of pretrained word vectors (GloVe, see scripts/build-glove-clusters.ts) at a few nested granularities,
 * looked up by lowercase form. Words are held as 32-bit hashes in one `IntTable` (a collision between two of the
 * ~100K words costs at most a wrong cluster for one of them), not as a Map of strings: ~2 MB per model.
 */
export class VectorClusters {
  private table: IntTable;
  /** rows × levels cluster ids + 1 (0 = none). */
  private ids: Int32Array;
  readonly levels: number;
  readonly size: number;

  /** `text`: lines `word\tid\tid…` (one id per level, coarse to fine). */
  constructor(text: string) {
    const lines = text.split('\n').filter((l) => l.length > 0);
    this.levels = lines.length > 0 ? lines[0].split('\t').length - 1 : 0;
    const L = this.levels;
    this.table = new IntTable(lines.length, 1);
    this.ids = new Int32Array(lines.length * L);
    let r = 0;
    for (const line of lines) {
      const parts = line.split('\t');
      const key = hashString(parts[0], VECTOR_SEED);
      if (this.table.find(key) >= 0) continue;
      this.table.slots[this.table.claim(key) + 1] = r;
      for (let k = 0; k < L; k++) this.ids[r * L + k] = Number(parts[k + 1]) + 1;
      r++;
    }
    this.size = r;
  }

  /** Row of a lowercase form, or -1. */
  row(lower: string): number {
    const at = this.table.find(hashString(lower, VECTOR_SEED));
    return at < 0 ? -1 : this.table.slots[at + 1];
  }

  /** Cluster id + 1 of `row` at `level` (0 = coarsest). */
  id(row: number, level: number): number {
    return this.ids[row * this.levels + level];
  }
}

/** Gazetteer list names; the first seven are phrase lists, FIRST/LAST are single-word name lists. */
export const GAZ_KINDS = ['COUNTRY', 'PLACE', 'DEMONYM', 'RELIGION', 'PERSON', 'ORG', 'ARMED', 'FIRST', 'LAST'] as const;
export type GazKind = (typeof GAZ_KINDS)[number];
export const N_PHRASE_KINDS = 7;
export const MAX_PHRASE = 8;

export class Gazetteer {
  private phrases = new Map<string, number>();
  private prefixes = new Set<string>();
  private words = new Map<string, number>();

  /** `json`: the (unzipped) content of data/ner-gazetteer.json.gz (`{lists: {KIND: ["lowercase phrase", ...]}}`). */
  constructor(json: string) {
    const data = JSON.parse(json) as { lists: Record<string, string[]> };
    GAZ_KINDS.forEach((kind, k) => {
      for (const entry of data.lists[kind] ?? []) {
        if (k >= N_PHRASE_KINDS) {
          this.words.set(entry, (this.words.get(entry) ?? 0) | (1 << (k - N_PHRASE_KINDS)));
          continue;
        }
        const toks = entry.split(' ');
        if (toks.length > MAX_PHRASE) continue;
        this.phrases.set(entry, (this.phrases.get(entry) ?? 0) | (1 << k));
        let p = toks[0];
        for (let i = 1; i < toks.length; i++) {
          this.prefixes.add(p);
          p += ` ${toks[i]}`;
        }
      }
    });
  }

  /** Kinds (bit k = GAZ_KINDS[k]) of a lowercase phrase, 0 when unknown. */
  kindsOf(phrase: string): number {
    return this.phrases.get(phrase) ?? 0;
  }

  /** Does `kind` list the phrase made of these tokens? */
  has(kind: GazKind, tokens: readonly string[]): boolean {
    const k = GAZ_KINDS.indexOf(kind);
    const key = tokens.map(gazKey).join(' ');
    return k >= N_PHRASE_KINDS ? ((this.words.get(key) ?? 0) & (1 << (k - N_PHRASE_KINDS))) !== 0 : (this.kindsOf(key) & (1 << k)) !== 0;
  }

  /**
   * Per token: bits (4·kind + position) of every phrase match covering it (position B, I, L, U), and in
   * `wordBits` the FIRST/LAST name-list bits.
   */
  match(keys: readonly string[], out: Int32Array, wordBits: Uint8Array): void {
    const n = keys.length;
    out.fill(0, 0, n);
    for (let i = 0; i < n; i++) {
      wordBits[i] = this.words.get(keys[i]) ?? 0;
      let phrase = keys[i];
      for (let j = i; j < n && j - i < MAX_PHRASE; j++) {
        if (j > i) phrase += ` ${keys[j]}`;
        const kinds = this.phrases.get(phrase);
        if (kinds) {
          for (let k = 0; k < N_PHRASE_KINDS; k++) {
            if (!(kinds & (1 << k))) continue;
            if (j === i) out[i] |= 1 << (4 * k + POS_U);
            else {
              out[i] |= 1 << (4 * k + POS_B);
              for (let m = i + 1; m < j; m++) out[m] |= 1 << (4 * k + POS_I);
              out[j] |= 1 << (4 * k + POS_L);
            }
          }
        }
        if (!this.prefixes.has(phrase)) break;
      }
    }
  }
}

