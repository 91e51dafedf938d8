/**
 * The neural core (the accurate profile): one ONNX network (char-CNN + GloVe vectors with trained corrections,
 * a 2×200 BiLSTM, UPOS/XPOS heads, biaffine arcs and labels; trained by training/neural/) tags and parses
 * sentences; the arcs are decoded into a tree here (`tree.ts`).
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

/** The model: the ONNX graph, its weights as ONNX external data (mapped by ONNX Runtime, not copied), the words, the inventories. */
const MODEL_FILES = ['core.onnx', 'core.onnx.data', 'core.words.txt', 'core.json'];

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
  private readonly ort: OrtRuntime;

  private constructor(dir: string, ort: OrtRuntime) {
    this.ort = ort;
    this.meta = JSON.parse(readFileSync(join(dir, 'core.json'), 'utf8')) as CoreMeta;
    if (this.meta.format !== 'herald-neural-core/1') throw new HeraldError(`herald: ${dir}/core.json: unknown format ${this.meta.format}`);
    const wordsPath = join(dir, 'core.words.txt');
    // rows 0-2 are <pad>, <unk>, <root>; the empty string after the file's last newline is no word
    this.words = WordIndex.load(wordsPath, () => readFileSync(wordsPath, 'utf8').split('\n'), (w, row) => row >= 3 && w === '');
    this.chars = new Map(this.meta.chars.map((c, i) => [c, i]));
    this.session = ort.load(join(dir, 'core.onnx'));
  }

  /** True when the model files are there (the runtime is checked by `load`). */
  static filesPresent(dir = NEURAL_DIR()): boolean {
    return MODEL_FILES.every((f) => existsSync(join(dir, f)));
  }

  static load(dir = NEURAL_DIR()): NeuralCore {
    const ort = requireOrtRuntime();
    if (!NeuralCore.filesPresent(dir)) {
      throw new HeraldError(`herald: the accurate profile's model is missing from ${dir} (${MODEL_FILES.join(', ')}); rebuild it with training/README.md, or use --profile fast`);
    }
    return new NeuralCore(dir, ort);
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
    for (let k = 0; k < order.length; ) {
      let e = k + 1;
      while (e < order.length && e - k < MAX_BATCH && (e - k + 1) * (sentences[order[e]].length + 1) <= MAX_BATCH_TOKENS) e++;
      const idx = order.slice(k, e);
      this.runBatch(idx.map((i) => sentences[i])).forEach((p, j) => (out[idx[j]] = p));
      k = e;
    }
    return out;
  }

  private forward(batch: readonly (readonly string[])[]): { T: number; upos: Float32Array; xpos: Float32Array; arc: Float32Array; rel: BigInt64Array } {
    const B = batch.length;
    let T = 0;
    for (const s of batch) T = Math.max(T, s.length + 1);
    const C = this.meta.max_chars;
    const words = new BigInt64Array(B * T);
    const chars = new BigInt64Array(B * T * C);
    const lengths = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      const n = batch[b].length;
      lengths[b] = n + 1;
      words[b * T] = BigInt(ROOT);
      chars[b * T * C] = BigInt(ROOT);
      for (let i = 0; i < n; i++) {
        const form = batch[b][i];
        words[b * T + i + 1] = BigInt(this.wordId(form));
        this.fillChars(form, chars, (b * T + i + 1) * C);
      }
    }
    const { Tensor } = this.ort;
    const res = this.session.run(
      {
        words: new Tensor('int64', words, [B, T]),
        chars: new Tensor('int64', chars, [B, T, C]),
        lengths: new Tensor('int32', lengths, [B]),
      },
      { upos: null, xpos: null, arc: null, rel: null },
      {},
    );
    return { T, upos: res.upos.data as Float32Array, xpos: res.xpos.data as Float32Array, arc: res.arc.data as Float32Array, rel: res.rel.data as BigInt64Array };
  }

  /**
   * The network's own argmax answers for one sentence, before any tree decoding (heads 1-based, 0 = root; a word
   * may point at itself): what training/neural/export.py records from PyTorch, for checking the two agree.
   */
  rawArgmax(forms: readonly string[]): { upos: string[]; xpos: string[]; heads: number[]; rels: string[] } {
    const n = forms.length;
    const { T, upos, xpos, arc, rel } = this.forward([forms]);
    const U = this.meta.upos.length;
    const X = this.meta.xpos.length;
    const out = { upos: [] as string[], xpos: [] as string[], heads: [] as number[], rels: [] as string[] };
    for (let i = 1; i <= n; i++) {
      const h = argmax(arc, i * T, T);
      out.upos.push(this.meta.upos[argmax(upos, i * U, U)]);
      out.xpos.push(this.meta.xpos[argmax(xpos, i * X, X)]);
      out.heads.push(h);
      out.rels.push(this.meta.rels[Number(rel[i * T + h])]);
    }
    return out;
  }

  private runBatch(batch: readonly (readonly string[])[]): NeuralParse[] {
    const { T, upos, xpos, arc, rel } = this.forward(batch);
    const U = this.meta.upos.length;
    const X = this.meta.xpos.length;
    return batch.map((forms, b) => {
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
        p.deprel.push(this.meta.rels[Number(rel[row * T + head[i]])]);
      }
      return p;
    });
  }
}

function argmax(a: Float32Array, from: number, len: number): number {
  let best = 0;
  for (let k = 1; k < len; k++) if (a[from + k] > a[from + best]) best = k;
  return best;
}
