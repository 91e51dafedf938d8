/**
 * The parser's per-token attributes: the word (vocabulary-filtered), its tags, suffix, and the lexical facts
 * stored in the model (ambiguity class, hierarchical cluster prefixes).
 */
import * as _keys from '../linear/keys.js';
import * as _normalize from '../linear/normalize.js';
import { IntTable } from '../linear/table.js';
import type { Machine } from './machine.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { hashString } = _keys;
const { normalizeWord } = _normalize;

const UNK_W = hashString('<unk>');

function suffixHash(norm: string): number {
  return hashString(norm.length > 3 ? norm.slice(-3) : norm, 0x1b873593);
}

/** Per-word lexical facts stored in the model, keyed by `hashString(normalizeWord(form))`. */
export interface LexiconArrays {
  keys: Int32Array;
  /** 1 when the word is frequent enough to be a feature value itself. */
  inVocab: Uint8Array;
  /** Ambiguity class: hash of the set of PTB tags the word takes in training (0 = unknown). */
  amb: Int32Array;
  /** Hashes of 4- and 6-bit prefixes and of the full path of the word's hierarchical cluster (0 = none). */
  c4: Int32Array;
  c6: Int32Array;
  cf: Int32Array;
}

const NO_AMB = hashString('<amb?>');
const NO_CLUSTER = hashString('<cluster?>');

export class Lexicon {
  readonly arrays: LexiconArrays;
  /** Key → row of the arrays. */
  private rows: IntTable;
  private tagCache = new Map<string, number>();
  private uCache = new Map<string, number>();
  constructor(arrays: LexiconArrays) {
    this.arrays = arrays;
    this.rows = IntTable.rowsOf(arrays.keys);
  }
  tag(x: string): number {
    let h = this.tagCache.get(x);
    if (h === undefined) {
      h = hashString(x, 0x2f6b1a93);
      this.tagCache.set(x, h);
    }
    return h;
  }
  upos(x: string): number {
    let h = this.uCache.get(x);
    if (h === undefined) {
      h = hashString(x, 0x5bd1e995);
      this.uCache.set(x, h);
    }
    return h;
  }
  fill(m: Machine, i: number, form: string, upos: string, xpos: string): void {
    const norm = normalizeWord(form);
    const wh = hashString(norm);
    const r = this.rows.get(wh);
    const a = this.arrays;
    if (r >= 0) {
      m.W[i] = a.inVocab[r] ? wh : UNK_W;
      m.A[i] = a.amb[r] || NO_AMB;
      m.C4[i] = a.c4[r] || NO_CLUSTER;
      m.C6[i] = a.c6[r] || NO_CLUSTER;
      m.CF[i] = a.cf[r] || NO_CLUSTER;
    } else {
      m.W[i] = UNK_W;
      m.A[i] = NO_AMB;
      m.C4[i] = NO_CLUSTER;
      m.C6[i] = NO_CLUSTER;
      m.CF[i] = NO_CLUSTER;
    }
    m.S[i] = suffixHash(norm);
    m.P[i] = this.tag(xpos);
    m.U[i] = this.upos(upos);
  }
}

