/**
 * Raw-text segmentation evaluation over CoNLL-U gold (the `# text` lines).
 *
 * `rawTextFromConllu` rebuilds a document stream the way a raw article looks: the sentences of one paragraph
 * joined by a space, paragraphs (`# newpar`) and documents (`# newdoc`) separated by a blank line. Gold token
 * spans are found by aligning each token's characters with the stream, so they are exact whatever the spacing.
 *
 * Tokens are the treebank's syntactic words (`do|n't`, `Bush|'s`, `gon|na`), which is what Herald's tokenizer
 * produces and what the tagger and parser consume. UD English keeps contractions as multi-word tokens whose
 * words always concatenate to the surface form, so each word has an exact character span. When a multi-word
 * token's words do not spell its surface form (not the case in EWT or GUM), or when `{ multiword: 'surface' }`
 * is asked for, the multi-word token's surface form is the gold token (CoNLL 2018's "Tokens" metric).
 *
 * `scoreSegmentation` is precision / recall / F1 over exact spans.
 */
import type { Span } from '../doc/doc.js';
import type { ConlluSentence } from './conllu.js';

export interface RawTextGold {
  text: string;
  tokens: Span[];
  sentences: Span[];
}

export interface RawTextOptions {
  /** `words` (default): syntactic words as gold tokens; `surface`: multi-word tokens' surface forms. */
  multiword?: 'words' | 'surface';
}

const isSpace = (c: number): boolean =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000 || c === 0xfeff;

/**
 * Finds `form` in `text` at or after `pos`, skipping whitespace in the text before and inside the token
 * (tokens that contain spaces, or text with spaces the form lacks). Returns the span or null when the
 * characters do not match.
 */
function alignForm(text: string, pos: number, form: string): Span | null {
  let i = pos;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const start = i;
  let j = 0;
  while (j < form.length) {
    const fc = form.charCodeAt(j);
    if (isSpace(fc)) {
      j++;
      continue;
    }
    while (i < text.length && isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== fc) i++;
    if (i >= text.length || text.charCodeAt(i) !== fc) return null;
    i++;
    j++;
  }
  return { start, end: i };
}

interface SurfaceToken {
  form: string;
  /** Word forms inside (one for an ordinary token). */
  words: string[];
}

function surfaceTokens(s: ConlluSentence): SurfaceToken[] {
  const out: SurfaceToken[] = [];
  const mw = [...s.multiword].sort((a, b) => a.from - b.from);
  let m = 0;
  for (let w = 0; w < s.words.length; ) {
    while (m < mw.length && mw[m].to < w) m++;
    if (m < mw.length && mw[m].from === w) {
      const r = mw[m];
      out.push({ form: r.form, words: s.words.slice(r.from, r.to + 1).map((x) => x.form) });
      w = r.to + 1;
      m++;
    } else {
      out.push({ form: s.words[w].form, words: [s.words[w].form] });
      w++;
    }
  }
  return out;
}

/** The text of a sentence: its `# text` line, or its tokens joined according to SpaceAfter=No. */
function sentenceText(s: ConlluSentence): string {
  if (s.text) return s.text;
  const toks = surfaceTokens(s);
  let out = '';
  // Without multi-word MISC we only know words' SpaceAfter; use the last word of each token.
  let w = 0;
  for (const t of toks) {
    w += t.words.length;
    out += t.form;
    const misc = s.words[w - 1].misc;
    if (!/(^|\|)SpaceAfter=No(\||$)/.test(misc)) out += ' ';
  }
  return out.trim();
}

export function rawTextFromConllu(sents: ConlluSentence[], options: RawTextOptions = {}): RawTextGold {
  const splitWords = (options.multiword ?? 'words') === 'words';
  const parts: string[] = [];
  let length = 0;
  const tokens: Span[] = [];
  const sentences: Span[] = [];
  let misaligned = 0;
  for (let k = 0; k < sents.length; k++) {
    const s = sents[k];
    const sep = k === 0 ? '' : s.newDoc || s.newPar ? '\n\n' : ' ';
    parts.push(sep);
    length += sep.length;
    const text = sentenceText(s);
    const base = length;
    parts.push(text);
    length += text.length;
    sentences.push({ start: base, end: base + text.length });
    let pos = 0;
    for (const t of surfaceTokens(s)) {
      let span = alignForm(text, pos, t.form);
      if (!span) {
        // Form differs from the text (rare annotation quirks): resynchronise on the next non-space run.
        misaligned++;
        let i = pos;
        while (i < text.length && isSpace(text.charCodeAt(i))) i++;
        let e = i;
        while (e < text.length && !isSpace(text.charCodeAt(e))) e++;
        span = { start: i, end: Math.min(e, i + Math.max(1, t.form.length)) };
      }
      pos = span.end;
      const joined = t.words.join('');
      if (splitWords && t.words.length > 1 && joined === text.slice(span.start, span.end)) {
        let p = span.start;
        for (const w of t.words) {
          tokens.push({ start: base + p, end: base + p + w.length });
          p += w.length;
        }
      } else {
        tokens.push({ start: base + span.start, end: base + span.end });
      }
    }
  }
  const gold: RawTextGold = { text: parts.join(''), tokens, sentences };
  if (misaligned) Object.defineProperty(gold, 'misaligned', { value: misaligned, enumerable: false });
  return gold;
}

export interface PRF {
  p: number;
  r: number;
  f1: number;
}

export interface SegmentationScores {
  tokens_f1: number;
  sentences_f1: number;
  tokens: PRF;
  sentences: PRF;
}

/** Spans as an array of objects, or as parallel arrays (the tokenizer's output). */
export type SpanList = ReadonlyArray<Span> | { start: ArrayLike<number>; end: ArrayLike<number>; count: number };

export interface Segmentation {
  tokens: SpanList;
  sentences: SpanList;
}

function spanKeys(list: SpanList): Set<number> {
  const keys = new Set<number>();
  // start * 2^26 + end stays exact in a double for texts up to 2^26 code units.
  if ('count' in list && !Array.isArray(list)) {
    const l = list as { start: ArrayLike<number>; end: ArrayLike<number>; count: number };
    for (let i = 0; i < l.count; i++) keys.add(l.start[i] * 67108864 + l.end[i]);
  } else {
    for (const s of list as ReadonlyArray<Span>) keys.add(s.start * 67108864 + s.end);
  }
  return keys;
}

export function prf(gold: SpanList, predicted: SpanList): PRF {
  const g = spanKeys(gold);
  const p = spanKeys(predicted);
  let hit = 0;
  for (const k of p) if (g.has(k)) hit++;
  const precision = p.size ? hit / p.size : g.size ? 0 : 1;
  const recall = g.size ? hit / g.size : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { p: precision, r: recall, f1 };
}

export function scoreSegmentation(gold: Segmentation, predicted: Segmentation): SegmentationScores {
  const tokens = prf(gold.tokens, predicted.tokens);
  const sentences = prf(gold.sentences, predicted.sentences);
  return { tokens_f1: tokens.f1, sentences_f1: sentences.f1, tokens, sentences };
}
