/**
 * Statistical sentence splitter.
 *
 * Every gap between two tokens is a candidate boundary. A binary averaged perceptron decides, left to right,
 * from the tokens around the gap (form, lowercase, shape, class: sentence-final mark, abbreviation, quote or
 * bracket, …), the whitespace in the gap (none, space, line break), the next two tokens (case and word: web
 * text often ends sentences without punctuation, so the next token carries much of the evidence), the quote and
 * bracket state since the last boundary and the length of the sentence so far. A blank line always ends a
 * sentence, and so does the end of the text.
 *
 * Trained on UD English EWT (train), with part of the paragraphs rewritten to use line breaks (one sentence
 * per line, or hard-wrapped lines) so that the model learns what a line break means; see `trainSentenceSplitter`.
 *
 * This file loads, saves and splits; features.ts has the features, train.ts training. The model is scored by the
 * shared `FrozenScorer` (linear/scorer.ts) with the float32 weights the model file stands for.
 */
import * as _model_file from '../model-file.js';
import * as _paths from '../paths.js';
import { LinearModel } from '../linear/model.js';
import { FeatureBuffer } from '../linear/keys.js';
import { FrozenScorer } from '../linear/scorer.js';
import * as _features from './features.js';
import { type State, TokenInfo, type Tokens } from './features.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { loadModel, saveModel } = _model_file;
const { modelPath } = _paths;
const { features, fresh, G_BLANK, G_NEWLINE, updateState } = _features;

export interface SentenceSpan {
  start: number;
  end: number;
  tokenStart: number;
  tokenEnd: number;
}

export class SentenceSplitter {
  readonly model: LinearModel;
  private readonly scorer: FrozenScorer;
  /** Margin (boundary score minus no-boundary score) above which a gap is a boundary. */
  threshold: number;
  readonly meta: Record<string, unknown>;
  private buf = new FeatureBuffer(64);
  private scores = new Float64Array(2);

  constructor(model: LinearModel, threshold = 0, meta: Record<string, unknown> = {}) {
    this.model = model;
    this.scorer = new FrozenScorer(model);
    this.threshold = threshold;
    this.meta = meta;
  }

  private static cached: SentenceSplitter | undefined;

  static load(path = modelPath('sentences.bin.gz')): SentenceSplitter {
    const file = loadModel(path);
    const model = LinearModel.fromArrays('m', file.arrays, file.meta);
    return new SentenceSplitter(model, (file.meta.threshold as number) ?? 0, file.meta);
  }

  /** The shipped model, loaded once. */
  static default(): SentenceSplitter {
    SentenceSplitter.cached ??= SentenceSplitter.load();
    return SentenceSplitter.cached;
  }

  save(path = modelPath('sentences.bin.gz'), extraMeta: Record<string, unknown> = {}): number {
    const { arrays, meta } = this.model.toArrays('m');
    return saveModel(path, { meta: { ...this.meta, ...extraMeta, ...meta, threshold: this.threshold, kind: 'sentences' }, arrays });
  }

  /** Boundary margin for the gap after token i. */
  private margin(info: TokenInfo, i: number, st: State): number {
    features(info, i, st, this.buf);
    this.scores[0] = 0;
    this.scores[1] = 0;
    this.scorer.scoreFloat32(this.buf.keys, this.buf.n, this.scores);
    return this.scores[1] - this.scores[0];
  }

  split(text: string, tokens: Tokens): SentenceSpan[] {
    return this.run(text, tokens, null);
  }

  /**
   * The boundary margin of each gap as decided while splitting (margin minus threshold: > 0 is a boundary);
   * +Infinity where a boundary is forced (blank line, line break in unwrapped text, end), -Infinity where the
   * sentence so far has no content yet.
   */
  margins(text: string, tokens: Tokens): Float64Array {
    const out = new Float64Array(tokens.count);
    this.run(text, tokens, out);
    return out;
  }

  private run(text: string, tokens: Tokens, margins: Float64Array | null): SentenceSpan[] {
    const out: SentenceSpan[] = [];
    const n = tokens.count;
    if (n === 0) return out;
    const info = new TokenInfo(text, tokens);
    const st: State = { dist: 0, quote: 0, bracket: 0, content: false };
    const dateline = wireDatelineEnd(text, tokens);
    let first = 0;
    for (let i = 0; i < n; i++) {
      updateState(info, i, st);
      let boundary: boolean;
      const g = info.gap[i];
      if (i === n - 1 || i === dateline || g === G_BLANK || (g === G_NEWLINE && !info.wrapped)) {
        boundary = true;
        if (margins) margins[i] = Infinity;
      } else if (!st.content) {
        boundary = false;
        if (margins) margins[i] = -Infinity;
      } else {
        const m = this.margin(info, i, st) - this.threshold;
        if (margins) margins[i] = m;
        boundary = m > 0;
      }
      if (boundary) {
        out.push({ start: tokens.start[first], end: tokens.end[i], tokenStart: first, tokenEnd: i + 1 });
        first = i + 1;
        fresh(st);
      }
    }
    return out;
  }
}

const DATELINE_DASHES = new Set(['-', '--', '–', '—']);
const DATELINE_MAX_TOKENS = 16;

/**
 * The dash that closes a wire dateline opening the text ("TEHRAN, Feb 21, 2017 (Reuters) - Iran said …"), or -1.
 * The dateline is a segment of its own: left inside the first sentence, the parser reads the place and agency as
 * the subject's modifiers and the sentence loses its subject. A dateline starts with a capitalised place word
 * and ends with a dash right after the agency's closing bracket, within its first few tokens, with no lower-case
 * word before it.
 */
function wireDatelineEnd(text: string, tokens: Tokens): number {
  const n = Math.min(tokens.count, DATELINE_MAX_TOKENS);
  if (n < 4) return -1;
  const firstWord = text.slice(tokens.start[0], tokens.end[0]);
  if (!/^\p{Lu}[\p{Lu}\p{Ll}.'’-]*$/u.test(firstWord)) return -1;
  for (let i = 1; i < n - 1; i++) {
    const form = text.slice(tokens.start[i], tokens.end[i]);
    // place, date and agency are capitalised or numbers: a lower-case word means this is running text
    if (form === '.' || form === '!' || form === '?' || /^\p{Ll}/u.test(form) || text.slice(tokens.end[i - 1], tokens.start[i]).includes('\n')) return -1;
    if (DATELINE_DASHES.has(form) && text.slice(tokens.start[i - 1], tokens.end[i - 1]) === ')') return i;
  }
  return -1;
}

