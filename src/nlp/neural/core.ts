/**
 * The neural core (the accurate profile): one ONNX network (char-CNN + GloVe vectors with trained corrections,
 * a 2×150 BiLSTM, UPOS/XPOS heads, biaffine arcs and labels; trained by training/neural/) tags and parses
 * sentences; the arcs are decoded into a tree here (`tree.ts`).
 *
 * The network is three ONNX graphs (training/neural/split.py): the character CNN, run once per distinct word form
 * and its vectors kept (a form's vector does not depend on its sentence; the CNN on every position was ~13% of the
 * network's time); the encoder, which gives tags, arc scores and the label scorer's dependent and head vectors;
 * and, once the tree is decoded, the label scorer for the kept arcs only (scoring every arc's labels was ~22%).
 *
 * The input conventions mirror training/neural/common.py exactly: the word key (typographic quotes and dashes
 * folded, lower-cased), the characters (at most 20: the first 19 and the last), ROOT at position 0. Sentences of
 * one length are run as one batch, so no padding ever enters the LSTM.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeraldError } from '../../text/errors.js';
import { modelPath } from '../paths.js';
import { decodeTree } from './tree.js';
import { requireOrtRuntime, type OrtRuntime, type OrtSession } from './runtime.js';
import { WordIndex } from './words.js';

const UNK = 1;
const ROOT = 2;
/**
 * Most sentences, and most padded positions, one run takes. With the int8 graph, batches of up to 8 sentences and
 * 256 positions ran the example articles ~10% faster than 16 and 512 (less padding and smaller label-score
 * tensors; 56-58 against 62-68 ms of CPU per article, alternated on a loaded machine) and hold ~20 MB less memory.
 */
const MAX_BATCH = 8;
const MAX_BATCH_TOKENS = 256;
/**
 * Most word forms whose character-CNN vectors a thread keeps (400 bytes each, 1.6 MB in all, resident only as rows
 * are filled; when full the table starts over). A news article has ~48% distinct forms among its tokens; across
 * articles the frequent forms stay. The table is allocated whole rather than grown by copies: `herald bench` (2
 * workers) peaked at 483-494 MB growing it, 467-483 so (the unsplit graph: 470-479). With the larger NER of issue
 * 16, 16,384 forms peaked at 489-510 MB and 4,096 at 491-496 MB, 23.7-24.9 against 25.3-26.5 articles/s (idle
 * machine, load 1.5-2.9, three runs each).
 */
const CHAR_CACHE = 4096;
/**
 * Most words a run of the character CNN, and of the label scorer, takes. Each run's tensors grow ONNX Runtime's
 * arena to their size (the label scorer's product is 51 × 65 floats a word; 51 × 101 in the 2×200 network these
 * figures were measured with): with runs of 128 forms and 64 words, a thread's peak RSS on the news articles was
 * ~205 -> ~197 MB (the whole graph: ~188), and a run costs ~35 µs beside ~7.6 µs a word of the label product.
 */
const CHAR_RUN = 128;
const LABEL_RUN = 64;

export interface NeuralParse {
  upos: string[];
  xpos: string[];
  /** 1-based head of each word, 0 = the sentence root. */
  head: Int32Array;
  deprel: string[];
}

interface CoreMeta {
  format: string;
  max_chars: number;
  chars: string[];
  upos: string[];
  xpos: string[];
  rels: string[];
  words: number;
  epoch: number;
  dev: Record<string, number>;
}

const FOLD: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '--',
  '\u00a0': ' ',
};

/** The key a form is looked up under in the word table (training/neural/common.py `word_key`). */
export function wordKey(form: string): string {
  let s = '';
  for (const c of form) s += FOLD[c] ?? c;
  return s.toLowerCase();
}

export const NEURAL_DIR = (): string => modelPath('neural');

/**
 * The model: the encoder and label graphs, their weights as ONNX external data (one file for both), the words, the
 * inventories.
 */
const MODEL_FILES = ['core.onnx', 'core.chars.onnx', 'core.labels.onnx', 'core.onnx.data', 'core.words.txt', 'core.json'];

/** The encoder's outputs for one padded batch of B sentences of at most T positions (ROOT included). */
interface Forward {
  T: number;
  upos: Float32Array;
  xpos: Float32Array;
  /** [B, T, T] score of head j for word i. */
  arc: Float32Array;
  /** [B, T, D] the label scorer's dependent vectors, quantized with one scale and zero point for the batch. */
  relDep: Uint8Array;
  relScale: number;
  relZp: number;
  /** [B, T, D] the label scorer's head vectors. */
  relHead: Float32Array;
  /** D. */
  relDim: number;
}

/** One sentence's argmax tags, heads and labels (heads 1-based, 0 = ROOT), each word's label for its argmax head. */
export interface NeuralCheckOutputs {
  upos: string[];
  xpos: string[];
  argmax_heads: number[];
  argmax_rels: string[];
}

/** One sentence of models/neural/core.check.json: its forms and the outputs the shipped graph must give. */
export interface NeuralCheckSentence extends NeuralCheckOutputs {
  forms: string[];
}

interface CheckFile {
  /** The first EWT dev sentences with PyTorch's float32 outputs (training/neural/export.py). */
  sentences: NeuralCheckSentence[];
  /** The shipped (int8) graph's own outputs on them, run alone by ONNX Runtime in Python (training/neural/quantize.py). */
  onnx?: { runtime: string; sentences: NeuralCheckOutputs[] };
}

/** The network's word index (core.words.txt), shared with worker threads when models are being shared. */
function loadWords(dir: string): WordIndex {
  const wordsPath = join(dir, 'core.words.txt');
  // rows 0-2 are <pad>, <unk>, <root>; the empty string after the file's last newline is no word
  return WordIndex.load(wordsPath, () => readFileSync(wordsPath, 'utf8').split('\n'), (w, row) => row >= 3 && w === '');
}

/**
 * The reference outputs shipped beside the model: `sentences`, what onnxruntime-node must reproduce exactly (the
 * ONNX Runtime reference of the int8 graph, or PyTorch's where the graph is the float32 export), and `torch`,
 * PyTorch's float32 outputs, which the int8 graph need not match on every word.
 */
export function readNeuralChecks(): { sentences: NeuralCheckSentence[]; torch: NeuralCheckSentence[]; reference: string } {
  const file = JSON.parse(readFileSync(join(NEURAL_DIR(), 'core.check.json'), 'utf8')) as CheckFile;
  if (!file.onnx) return { sentences: file.sentences, torch: file.sentences, reference: 'PyTorch' };
  const onnx = file.onnx;
  return { sentences: file.sentences.map((s, k) => ({ forms: s.forms, ...onnx.sentences[k] })), torch: file.sentences, reference: onnx.runtime };
}

export class NeuralCore {
  readonly meta: CoreMeta;
  private readonly words: WordIndex;
  private readonly chars: Map<string, number>;
  private readonly session: OrtSession;
  private readonly labelSession: OrtSession;
  private readonly charSession: OrtSession;
  /** The character CNN's vectors: of ROOT, of a padding position, and of the forms seen (`charRows`: form -> row of `charTable`). */
  private readonly charDim: number;
  private readonly rootChars: Float32Array;
  private readonly padChars: Float32Array;
  private readonly charRows = new Map<string, number>();
  private readonly charTable: Float32Array;
  private readonly charCache: number;
  private readonly ort: OrtRuntime;

  private constructor(dir: string, ort: OrtRuntime, charCache: number) {
    this.ort = ort;
    this.charCache = charCache;
    this.meta = JSON.parse(readFileSync(join(dir, 'core.json'), 'utf8')) as CoreMeta;
    if (this.meta.format !== 'herald-neural-core/1') throw new HeraldError(`herald: ${dir}/core.json: unknown format ${this.meta.format}`);
    this.words = loadWords(dir);
    this.chars = new Map(this.meta.chars.map((c, i) => [c, i]));
    this.session = ort.load(join(dir, 'core.onnx'));
    this.labelSession = ort.load(join(dir, 'core.labels.onnx'));
    this.charSession = ort.load(join(dir, 'core.chars.onnx'));
    const C = this.meta.max_chars;
    const special = new BigInt64Array(2 * C);
    special[0] = BigInt(ROOT); // ROOT's characters: ROOT, then padding; a padding position's: all padding
    const v = this.charSession.run({ chars: new ort.Tensor('int64', special, [2, C]) }, { char_vec: null }, {}).char_vec;
    this.charDim = v.dims[1];
    this.rootChars = (v.data as Float32Array).slice(0, this.charDim);
    this.padChars = (v.data as Float32Array).slice(this.charDim, 2 * this.charDim);
    // allocated whole: its pages become resident only as rows are written
    this.charTable = new Float32Array(charCache * this.charDim);
  }

  /** True when the model files are there (the runtime is checked by `load`). */
  static filesPresent(dir = NEURAL_DIR()): boolean {
    return MODEL_FILES.every((f) => existsSync(join(dir, f)));
  }

  /** `charCache`: most word forms whose character vectors are kept (the default outside tests; at least 256). */
  static load(dir = NEURAL_DIR(), charCache = CHAR_CACHE): NeuralCore {
    const ort = requireOrtRuntime();
    if (!NeuralCore.filesPresent(dir)) {
      throw new HeraldError(`herald: the accurate profile's model is missing from ${dir} (${MODEL_FILES.join(', ')}); rebuild it with training/README.md, or use --profile fast`);
    }
    return new NeuralCore(dir, ort, Math.max(charCache, MAX_BATCH_TOKENS));
  }

  /**
   * Loads the word index alone (shared with worker threads when models are being shared): what a thread that only
   * hands the models to its workers needs of the core, without the ONNX sessions.
   */
  static shareWords(dir = NEURAL_DIR()): void {
    if (existsSync(join(dir, 'core.words.txt'))) loadWords(dir);
  }

  private static shared: NeuralCore | undefined;

  /** The shipped model, loaded once per thread. */
  static default(): NeuralCore {
    NeuralCore.shared ??= NeuralCore.load();
    return NeuralCore.shared;
  }

  wordId(form: string): number {
    const row = this.words.get(wordKey(form));
    return row < 0 ? UNK : row;
  }

  /**
   * Makes sure every form of `sentences` has its character vector in the table: the missing ones run through the
   * character CNN together. When they do not fit, the table starts over (with only these sentences' forms).
   */
  private ensureChars(sentences: readonly (readonly string[])[]): void {
    const missing = new Set<string>();
    for (const s of sentences) for (const f of s) if (!this.charRows.has(f)) missing.add(f);
    if (missing.size === 0) return;
    let forms = [...missing];
    if (this.charRows.size + forms.length > this.charCache) {
      this.charRows.clear();
      forms = [...new Set(sentences.flat())];
    }
    const d = this.charDim;
    const C = this.meta.max_chars;
    for (let s = 0; s < forms.length; s += CHAR_RUN) {
      const part = forms.slice(s, s + CHAR_RUN);
      const ids = new BigInt64Array(part.length * C);
      part.forEach((f, k) => this.fillChars(f, ids, k * C));
      const out = this.charSession.run({ chars: new this.ort.Tensor('int64', ids, [part.length, C]) }, { char_vec: null }, {}).char_vec.data as Float32Array;
      let row = this.charRows.size;
      this.charTable.set(out, row * d);
      for (const f of part) this.charRows.set(f, row++);
    }
  }

  private fillChars(form: string, out: BigInt64Array, at: number): void {
    const C = this.meta.max_chars;
    let cs = Array.from(form);
    if (cs.length > C) cs = [...cs.slice(0, C - 1), cs[cs.length - 1]];
    for (let k = 0; k < cs.length; k++) out[at + k] = BigInt(this.chars.get(cs[k]) ?? UNK);
  }

  /**
   * Tags and parses each sentence (its word forms). Sentences run in batches of similar length (sorted), padded
   * to the longest of their batch; the network reads each one only up to its own length.
   */
  annotate(sentences: readonly (readonly string[])[]): NeuralParse[] {
    const out: NeuralParse[] = new Array<NeuralParse>(sentences.length);
    const order: number[] = [];
    sentences.forEach((s, i) => {
      if (s.length === 0) out[i] = { upos: [], xpos: [], head: new Int32Array(0), deprel: [] };
      else order.push(i);
    });
    order.sort((a, b) => sentences[a].length - sentences[b].length || a - b);
    // the character vectors of the whole document in one run when they fit in the table, else batch by batch
    let tokens = 0;
    for (const s of sentences) tokens += s.length;
    const whole = tokens <= this.charCache;
    if (whole) this.ensureChars(sentences);
    for (let k = 0; k < order.length; ) {
      let e = k + 1;
      while (e < order.length && e - k < MAX_BATCH && (e - k + 1) * (sentences[order[e]].length + 1) <= MAX_BATCH_TOKENS) e++;
      const idx = order.slice(k, e);
      const batch = idx.map((i) => sentences[i]);
      if (!whole) this.ensureChars(batch);
      this.runBatch(batch).forEach((p, j) => (out[idx[j]] = p));
      k = e;
    }
    return out;
  }

  private forward(batch: readonly (readonly string[])[]): Forward {
    const B = batch.length;
    let T = 0;
    for (const s of batch) T = Math.max(T, s.length + 1);
    const d = this.charDim;
    const words = new BigInt64Array(B * T);
    const chars = new Float32Array(B * T * d);
    const lengths = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      const n = batch[b].length;
      lengths[b] = n + 1;
      words[b * T] = BigInt(ROOT);
      chars.set(this.rootChars, b * T * d);
      for (let i = 0; i < n; i++) {
        const form = batch[b][i];
        words[b * T + i + 1] = BigInt(this.wordId(form));
        const row = this.charRows.get(form)!;
        chars.set(this.charTable.subarray(row * d, (row + 1) * d), (b * T + i + 1) * d);
      }
      // padding positions: the vector of an all-padding word, as the whole network computed them
      for (let i = n + 1; i < T; i++) chars.set(this.padChars, (b * T + i) * d);
    }
    const { Tensor } = this.ort;
    const res = this.session.run(
      {
        words: new Tensor('int64', words, [B, T]),
        char_vec: new Tensor('float32', chars, [B, T, d]),
        lengths: new Tensor('int32', lengths, [B]),
      },
      { upos: null, xpos: null, arc: null, rel_dep_q: null, rel_dep_scale: null, rel_dep_zp: null, rel_head: null },
      {},
    );
    return {
      T,
      upos: res.upos.data as Float32Array,
      xpos: res.xpos.data as Float32Array,
      arc: res.arc.data as Float32Array,
      relDep: res.rel_dep_q.data as Uint8Array,
      relScale: (res.rel_dep_scale.data as Float32Array)[0],
      relZp: (res.rel_dep_zp.data as Uint8Array)[0],
      relHead: res.rel_head.data as Float32Array,
      relDim: res.rel_head.dims[2],
    };
  }

  /**
   * The best label of each given arc: `deps[k]` and `heads[k]` are positions in the batch (b·T + i), the dependent
   * and its head. Label ids, in the order given.
   */
  private labels(f: Forward, deps: ArrayLike<number>, heads: ArrayLike<number>, P: number): BigInt64Array {
    const dim = f.relDim;
    const out = new BigInt64Array(P);
    const { Tensor } = this.ort;
    const scale = new Tensor('float32', Float32Array.of(f.relScale), []);
    const zp = new Tensor('uint8', Uint8Array.of(f.relZp), []);
    for (let from = 0; from < P; from += LABEL_RUN) {
      const m = Math.min(LABEL_RUN, P - from);
      const q = new Uint8Array(m * dim);
      const h = new Float32Array(m * dim);
      for (let k = 0; k < m; k++) {
        q.set(f.relDep.subarray(deps[from + k] * dim, (deps[from + k] + 1) * dim), k * dim);
        h.set(f.relHead.subarray(heads[from + k] * dim, (heads[from + k] + 1) * dim), k * dim);
      }
      const res = this.labelSession.run(
        { rel_dep_q: new Tensor('uint8', q, [m, dim]), rel_dep_scale: scale, rel_dep_zp: zp, rel_head: new Tensor('float32', h, [m, dim]) },
        { rel: null },
        {},
      );
      out.set(res.rel.data as BigInt64Array, from);
    }
    return out;
  }

  /**
   * The network's own argmax answers for one sentence, before any tree decoding (heads 1-based, 0 = root; a word
   * may point at itself): what training/neural/export.py records from PyTorch, for checking the two agree.
   */
  rawArgmax(forms: readonly string[]): { upos: string[]; xpos: string[]; heads: number[]; rels: string[] } {
    const n = forms.length;
    this.ensureChars([forms]);
    const f = this.forward([forms]);
    const { T, upos, xpos, arc } = f;
    const U = this.meta.upos.length;
    const X = this.meta.xpos.length;
    const out = { upos: [] as string[], xpos: [] as string[], heads: [] as number[], rels: [] as string[] };
    const deps = new Int32Array(n);
    const heads = new Int32Array(n);
    for (let i = 1; i <= n; i++) {
      const h = argmax(arc, i * T, T);
      out.upos.push(this.meta.upos[argmax(upos, i * U, U)]);
      out.xpos.push(this.meta.xpos[argmax(xpos, i * X, X)]);
      out.heads.push(h);
      deps[i - 1] = i;
      heads[i - 1] = h;
    }
    const rel = this.labels(f, deps, heads, n);
    for (let i = 0; i < n; i++) out.rels.push(this.meta.rels[Number(rel[i])]);
    return out;
  }

  private runBatch(batch: readonly (readonly string[])[]): NeuralParse[] {
    const f = this.forward(batch);
    const { T, upos, xpos, arc } = f;
    const U = this.meta.upos.length;
    const X = this.meta.xpos.length;
    let P = 0;
    for (const s of batch) P += s.length;
    // every word's position in the batch and its head's, for the label graph
    const deps = new Int32Array(P);
    const heads = new Int32Array(P);
    let k = 0;
    const parses = batch.map((forms, b) => {
      const n = forms.length;
      const N = n + 1;
      // this sentence's (n+1)² corner of its padded T×T arc matrix
      const scores = new Float32Array(N * N);
      for (let i = 0; i < N; i++) scores.set(arc.subarray((b * T + i) * T, (b * T + i) * T + N), i * N);
      const head = decodeTree(scores, n);
      const p: NeuralParse = { upos: [], xpos: [], head: new Int32Array(n), deprel: [] };
      for (let i = 1; i <= n; i++) {
        const row = b * T + i;
        p.upos.push(this.meta.upos[argmax(upos, row * U, U)]);
        p.xpos.push(this.meta.xpos[argmax(xpos, row * X, X)]);
        p.head[i - 1] = head[i];
        deps[k] = row;
        heads[k++] = b * T + head[i];
      }
      return p;
    });
    const rel = this.labels(f, deps, heads, P);
    k = 0;
    for (const p of parses) for (let i = 0; i < p.head.length; i++) p.deprel.push(this.meta.rels[Number(rel[k++])]);
    return parses;
  }
}

function argmax(a: Float32Array, from: number, len: number): number {
  let best = 0;
  for (let k = 1; k < len; k++) if (a[from + k] > a[from + best]) best = k;
  return best;
}
