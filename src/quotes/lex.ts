/**
 * The quotes stage's own light segmentation of the original text: word tokens that keep quote marks apart,
 * paragraphs (line breaks) and sentence numbers. It is deliberately self-contained so that the attribution
 * taggers see the very same tokens when trained (PolNeAR text) and when run (any Doc), whatever the NLP
 * core's tokenizer does; the NLP layers (POS, lemma, parse, NER) are projected onto these tokens as features
 * (`tagger/nlp-features.ts`).
 */
import { readFileSync } from 'node:fs';
import { besidePath } from '../nlp/paths.js';

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
  /** Paragraph number of each sentence. */
  sentPara: number[];
}

/** Lowercased words whose period ends no sentence ("Mr.", "Jan."): words.json, beside this file. */
const ABBREV = new Set((JSON.parse(readFileSync(besidePath(import.meta.url, 'words.json'), 'utf8')) as { abbreviations: string[] }).abbreviations);

/**
 * The tokens: words (with inner apostrophes, hyphens, periods and ampersands), numbers, ellipses, dashes, any
 * other char — the matches of
 *
 *   /[\p{L}\p{N}_]+(?:[’'\-.&/][\p{L}\p{N}_]+)*|\.\.\.|…|--|[\p{Pd}]|\S/gu
 *
 * found by a scanner over code points (`lexText`), which allocates no match objects. The character classes are
 * those of the regular expression, tested once per code point (`charClass`).
 */
const WORD = 1;
const JOINER = 2;
const SPACE = 4;

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  return (/^[\p{L}\p{N}_]$/u.test(ch) ? WORD : 0) | (/^[’'\-.&/]$/u.test(ch) ? JOINER : 0) | (/^\s$/u.test(ch) ? SPACE : 0);
}
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, cp) => classify(cp));
const CLASS_CACHE = new Map<number, number>();

function charClass(cp: number): number {
  if (cp < 128) return ASCII_CLASS[cp];
  let c = CLASS_CACHE.get(cp);
  if (c === undefined) {
    c = classify(cp);
    if (CLASS_CACHE.size < 1 << 16) CLASS_CACHE.set(cp, c);
  }
  return c;
}

/** The code point at `p` (a surrogate pair as one, a lone surrogate as itself). */
function codePointAt(text: string, p: number): number {
  const c = text.charCodeAt(p);
  if (c >= 0xd800 && c <= 0xdbff && p + 1 < text.length) {
    const lo = text.charCodeAt(p + 1);
    if (lo >= 0xdc00 && lo <= 0xdfff) return (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
  }
  return c;
}
const cpLength = (cp: number): number => (cp > 0xffff ? 2 : 1);

/** End of the run of word characters from `p`. */
function wordRun(text: string, p: number): number {
  while (p < text.length) {
    const cp = codePointAt(text, p);
    if (!(charClass(cp) & WORD)) break;
    p += cpLength(cp);
  }
  return p;
}

/** End of the token that starts at `p` (a non-space code point `cp`). */
function tokenEnd(text: string, p: number, cp: number): number {
  if (charClass(cp) & WORD) {
    let e = wordRun(text, p + cpLength(cp));
    // (?:[’'\-.&/][\p{L}\p{N}_]+)*: a joiner counts only with a word character after it
    while (e + 1 < text.length && charClass(text.charCodeAt(e)) & JOINER && charClass(codePointAt(text, e + 1)) & WORD) {
      e = wordRun(text, e + 1);
    }
    return e;
  }
  if (cp === 46 && text.charCodeAt(p + 1) === 46 && text.charCodeAt(p + 2) === 46) return p + 3;
  if (cp === 45 && text.charCodeAt(p + 1) === 45) return p + 2;
  // …, [\p{Pd}] and \S: one code point
  return p + cpLength(cp);
}

const OPENERS = new Set(['“', '"', '‘', "'", '(', '[', '«']);
const CLOSERS = new Set(['”', '"', '’', "'", ')', ']', '»']);

export function isUpperInitial(s: string): boolean {
  if (s.length === 0) return false;
  const c = s.charCodeAt(0);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const ch = s[0];
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

export function lexText(text: string): QTokens {
  let starts = new Int32Array(Math.max(16, text.length >> 2));
  let ends = new Int32Array(starts.length);
  const forms: string[] = [];
  let n = 0;
  for (let p = 0; p < text.length; ) {
    const cp = codePointAt(text, p);
    if (charClass(cp) & SPACE) {
      p += cpLength(cp);
      continue;
    }
    const s = p;
    let e = tokenEnd(text, p, cp);
    let f = text.slice(s, e);
    // Abbreviations and initials keep their period ("Mr.", "J.", "U.S.").
    if (text.charCodeAt(e) === 46 /* . */ && /\p{L}$/u.test(f)) {
      const low = f.toLowerCase();
      if (ABBREV.has(low) || (f.length === 1 && isUpperInitial(f)) || /\p{L}\.\p{L}$/u.test(f)) {
        e += 1;
        f += '.';
      }
    }
    if (n === starts.length) {
      const bigger = new Int32Array(n * 2);
      bigger.set(starts);
      starts = bigger;
      const biggerEnds = new Int32Array(n * 2);
      biggerEnds.set(ends);
      ends = biggerEnds;
    }
    starts[n] = s;
    ends[n] = e;
    n++;
    forms.push(f);
    p = e;
  }
  starts = starts.slice(0, n);
  ends = ends.slice(0, n);
  const t: QTokens = {
    n,
    start: starts,
    end: ends,
    form: forms,
    lower: forms.map((f) => f.toLowerCase()),
    sent: new Int32Array(n),
    para: new Int32Array(n),
    sentStart: [],
    sentPara: [],
  };
  let para = 0;
  let sent = 0;
  t.sentStart.push(0);
  t.sentPara.push(0);
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      let newPara = false;
      for (let c = ends[i - 1]; c < starts[i]; c++) {
        if (text.charCodeAt(c) === 10) {
          newPara = true;
          break;
        }
      }
      if (newPara) {
        para++;
        sent++;
        t.sentStart.push(i);
        t.sentPara.push(para);
      } else if (sentenceBreakBefore(t, i)) {
        sent++;
        t.sentStart.push(i);
        t.sentPara.push(para);
      }
    }
    t.sent[i] = sent;
    t.para[i] = para;
  }
  t.sentStart.push(n);
  return t;
}

/** True when token `i` starts a new sentence (same paragraph): after . ! ? … (+ closing marks) and before a capital. */
function sentenceBreakBefore(t: QTokens, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && CLOSERS.has(t.form[j])) j--;
  if (j < 0) return false;
  const f = t.form[j];
  if (f !== '.' && f !== '!' && f !== '?' && f !== '…' && f !== '...') return false;
  let k = i;
  while (k < t.n && OPENERS.has(t.form[k]) && t.end[k] === t.start[k + 1]) k++;
  if (k >= t.n) return true;
  const g = t.form[k];
  return isUpperInitial(g) || /^\p{N}/u.test(g) || OPENERS.has(t.form[i]);
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
