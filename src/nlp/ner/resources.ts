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

/**
 * The phrase lists as a trie over word ids, so that matching a sentence looks each token up once and never builds
 * the "w1 w2 …" strings (three of the commonest words, "the", "of", "in", begin listed phrases: joining and
 * hashing a string for each continuation cost ~10% of the NER's time). Node 0 is the root. The edges sit in one
 * open-addressing table keyed by (node, word id), exact: both are compared.
 */
class PhraseTrie {
  /** Each word of a listed phrase → its id. */
  readonly vocab = new Map<string, number>();
  /** Per node: the kinds (bit k = GAZ_KINDS[k]) of the phrase ending there, 0 for none. */
  readonly kinds: number[] = [0];
  /** Per node: 1 when a longer listed phrase continues it. */
  readonly more: number[] = [0];
  /** Edge slots: source node (-1 empty), word id, target node. */
  private from = new Int32Array(0);
  private word = new Int32Array(0);
  private to = new Int32Array(0);
  private mask = 0;

  /** Builds the trie of `phrases` (each a list of words with its kinds). */
  constructor(phrases: readonly (readonly [readonly string[], number])[]) {
    const edges: number[] = [];
    const pending = new Map<string, number>();
    for (const [words, kinds] of phrases) {
      let node = 0;
      for (const w of words) {
        this.more[node] = 1;
        let id = this.vocab.get(w);
        if (id === undefined) this.vocab.set(w, (id = this.vocab.size));
        const key = `${node} ${id}`;
        let next = pending.get(key);
        if (next === undefined) {
          next = this.kinds.length;
          this.kinds.push(0);
          this.more.push(0);
          pending.set(key, next);
          edges.push(node, id, next);
        }
        node = next;
      }
      this.kinds[node] |= kinds;
    }
    let cap = 16;
    while (cap * 2 < (edges.length / 3) * 3) cap <<= 1;
    this.from = new Int32Array(cap).fill(-1);
    this.word = new Int32Array(cap);
    this.to = new Int32Array(cap);
    this.mask = cap - 1;
    for (let e = 0; e < edges.length; e += 3) {
      let i = edgeHash(edges[e], edges[e + 1]) & this.mask;
      while (this.from[i] >= 0) i = (i + 1) & this.mask;
      this.from[i] = edges[e];
      this.word[i] = edges[e + 1];
      this.to[i] = edges[e + 2];
    }
  }

  /** The node reached from `node` by word id `w`, or -1. */
  next(node: number, w: number): number {
    const { from, word, mask } = this;
    for (let i = edgeHash(node, w) & mask; from[i] >= 0; i = (i + 1) & mask) {
      if (from[i] === node && word[i] === w) return this.to[i];
    }
    return -1;
  }
}

const edgeHash = (node: number, w: number): number => {
  const h = Math.imul(node ^ Math.imul(w, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
};

export class Gazetteer {
  private phrases = new Map<string, number>();
  private trie: PhraseTrie;
  private words = new Map<string, number>();

  /** `json`: the (unzipped) content of data/ner-gazetteer.json.gz (`{lists: {KIND: ["lowercase phrase", ...]}}`). */
  constructor(json: string) {
    const data = JSON.parse(json) as { lists: Record<string, string[]> };
    const listed: [string[], number][] = [];
    GAZ_KINDS.forEach((kind, k) => {
      for (const entry of data.lists[kind] ?? []) {
        if (k >= N_PHRASE_KINDS) {
          this.words.set(entry, (this.words.get(entry) ?? 0) | (1 << (k - N_PHRASE_KINDS)));
          continue;
        }
        const toks = entry.split(' ');
        if (toks.length > MAX_PHRASE) continue;
        this.phrases.set(entry, (this.phrases.get(entry) ?? 0) | (1 << k));
        listed.push([toks, 1 << k]);
      }
    });
    this.trie = new PhraseTrie(listed);
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
    // A token with a space in it would match as several words of a phrase: read such a sentence as strings.
    for (let i = 0; i < n; i++) if (keys[i].includes(' ')) return this.matchStrings(keys, out, wordBits);
    const { trie } = this;
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = trie.vocab.get(keys[i]) ?? -1;
    for (let i = 0; i < n; i++) {
      wordBits[i] = this.words.get(keys[i]) ?? 0;
      let node = 0;
      for (let j = i; j < n && j - i < MAX_PHRASE; j++) {
        node = ids[j] < 0 ? -1 : trie.next(node, ids[j]);
        if (node < 0) break;
        const kinds = trie.kinds[node];
        if (kinds) mark(out, kinds, i, j);
        if (!trie.more[node]) break;
      }
    }
  }

  /** `match` over the joined phrase strings (the sentences whose tokens hold a space). */
  private matchStrings(keys: readonly string[], out: Int32Array, wordBits: Uint8Array): void {
    const n = keys.length;
    for (let i = 0; i < n; i++) {
      wordBits[i] = this.words.get(keys[i]) ?? 0;
      let phrase = keys[i];
      for (let j = i; j < n && j - i < MAX_PHRASE; j++) {
        if (j > i) phrase += ` ${keys[j]}`;
        const kinds = this.phrases.get(phrase);
        if (kinds) mark(out, kinds, i, j);
        if (!this.isPrefix(phrase)) break;
      }
    }
  }

  /** Whether a longer listed phrase starts with `phrase` (words joined by single spaces). */
  private isPrefix(phrase: string): boolean {
    let node = 0;
    for (const w of phrase.split(' ')) {
      const id = this.trie.vocab.get(w);
      node = id === undefined ? -1 : this.trie.next(node, id);
      if (node < 0) return false;
    }
    return this.trie.more[node] === 1;
  }
}

/** Marks tokens i..j as a phrase of each kind in `kinds`: B, I…, L, or U for a single token. */
function mark(out: Int32Array, kinds: number, i: number, j: number): void {
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

