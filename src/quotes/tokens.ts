/**
 * The Doc's tokens and sentences as the quotes stage walks them (`quoteTokens`): the token layer's offsets and
 * forms (the same arrays, not copies), each token's sentence and paragraph number, and each sentence's first
 * token. A paragraph is opened by a sentence that starts after a line break, so sentences never straddle
 * paragraphs. The attribution taggers are trained (`scripts/train-quotes.ts`) and run on these very tokens.
 */
import type { Doc } from '../doc/doc.js';

export interface QTokens {
  n: number;
  start: Int32Array;
  end: Int32Array;
  form: string[];
  lower: string[];
  /** Sentence number (document-wide) of each token. */
  sent: Int32Array;
  /** Paragraph number of each token. */
  para: Int32Array;
  /** First token of each sentence, plus a final sentinel = n. */
  sentStart: number[];
}

/** Whether `text` has a line break in [from, to). */
function lineBreak(text: string, from: number, to: number): boolean {
  for (let c = from; c < to; c++) if (text.charCodeAt(c) === 10) return true;
  return false;
}

/** The quotes stage's view of the Doc's tokens and sentences (the Doc's sentences that hold tokens, in order). */
export function quoteTokens(doc: Doc): QTokens {
  const d = doc.tokens;
  const n = d.count;
  const opens = new Uint8Array(n);
  for (const s of doc.sentences) if (s.tokenEnd > s.tokenStart && s.tokenStart < n) opens[s.tokenStart] = 1;
  const sent = new Int32Array(n);
  const para = new Int32Array(n);
  const sentStart: number[] = [];
  let s = -1;
  let p = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || opens[i]) {
      if (i > 0 && lineBreak(doc.text, d.end[i - 1], d.start[i])) p++;
      s++;
      sentStart.push(i);
    }
    sent[i] = s;
    para[i] = p;
  }
  sentStart.push(n);
  const lower = new Array<string>(n);
  for (let i = 0; i < n; i++) lower[i] = d.form[i].toLowerCase();
  return { n, start: d.start, end: d.end, form: d.form, lower, sent, para, sentStart };
}

/** Index of the token containing or following char offset `c` (binary search). */
export function tokenAt(t: QTokens, c: number): number {
  let lo = 0;
  let hi = t.n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.end[mid] <= c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function isUpperInitial(s: string): boolean {
  if (s.length === 0) return false;
  const c = s.charCodeAt(0);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const ch = s[0];
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}
