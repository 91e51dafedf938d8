/**
 * The sentence splitter's features: token classes and attributes of a document (`TokenInfo`), the quote and
 * bracket state since the last boundary, and the keys of the gap after a token.
 */
import * as _keys from '../linear/keys.js';
import { FeatureBuffer } from '../linear/keys.js';
import * as _normalize from '../linear/normalize.js';
import * as _lexicon from '../tokenizer/lexicon.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { hashString, key1, key2, key3 } = _keys;
const { splitterForm } = _normalize;
const { isKnownAbbreviation } = _lexicon;

export type Tokens = { start: Int32Array; end: Int32Array; count: number };

// Token classes.
const K_LOWER = 0; // word starting lowercase
const K_CAP = 1; // Capitalised word
const K_UPPER = 2; // ALL CAPS word (2+ letters)
const K_NUMBER = 3;
const K_PERIOD = 4; // .
const K_EXCLAIM = 5; // ! ? and runs
const K_ELLIPSIS = 6; // ... …
const K_COMMA = 7;
const K_COLON = 8; // : ;
const K_OPEN = 9; // opening quote or bracket
const K_CLOSE = 10; // closing quote or bracket
const K_DASH = 11; // - -- — –
const K_ABBREV = 12; // word ending in a period (U.S., Dr., J.)
const K_OTHER = 13; // other punctuation and symbols
const K_URL = 14; // URL, e-mail, @handle
const K_OTHERWORD = 15; // word starting with another letter/digit mix

// Gap (whitespace) types.
export const G_NONE = 0;
export const G_SPACE = 1;
export const G_SPACES = 2;
export const G_NEWLINE = 3;
export const G_BLANK = 4;

// Feature templates.
const F = {
  bias: 1, t0Lower: 2, t0Shape: 3, t0Class: 4, t1Form: 5, t1Lower: 6, t1Shape: 7, t1Class: 8, tm1Lower: 9,
  tm1Class: 10, t2Lower: 11, t2Class: 12, t0LowerT1Shape: 13, t0ShapeT1Shape: 14, t0LowerT1Lower: 15,
  tm1LowerT0Lower: 16, classesGap: 17, t0ClassGap: 18, t1ShapeGap: 19, quoteClasses: 20, bracketClass: 21,
  distClass: 22, closeQuote: 23, t1LowerT2Lower: 24, t0LenClass: 25, lineLen: 26, t1ClassT2Class: 27,
  tm1t0t1Class: 28, t0Suffix: 29, abbrevNext: 30, distT1Class: 31, lineNext: 33, t2Shape: 34,
  t0ClassT1Lower: 35, t0LowerT1Class: 36,
} as const;

function isUpperCode(c: number): boolean {
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}
function isLowerCode(c: number): boolean {
  if (c >= 97 && c <= 122) return true;
  if (c < 128) return false;
  const ch = String.fromCharCode(c);
  return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The form the features see: typographic variants folded to what the (mostly ASCII) training data has, so that
 * curly quotes, `…` and `—` in news text behave like their treebank counterparts. Spans are not affected.
 */
/** Word shape with runs collapsed: Hello → Xx, U.S. → X.X., 1,000 → d,d, don't → x'x. */
function shapeOf(form: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < form.length && out.length < 12; i++) {
    const c = form.charCodeAt(i);
    const ch = isUpperCode(c) ? 'X' : isLowerCode(c) ? 'x' : isDigitCode(c) ? 'd' : form[i];
    if (ch !== last) out += ch;
    last = ch;
  }
  return out;
}

function classOf(form: string, before: number, after: number): number {
  const c = form.charCodeAt(0);
  const n = form.length;
  if (isLowerCode(c)) {
    if (n > 1 && form.charCodeAt(n - 1) === 46) return K_ABBREV;
    if (form.includes('@') || form.startsWith('www.')) return K_URL;
    return K_LOWER;
  }
  if (isUpperCode(c)) {
    if (n > 1 && form.charCodeAt(n - 1) === 46) return K_ABBREV;
    if (form.startsWith('http') || form.startsWith('HTTP') || form.includes('@')) return K_URL;
    if (n > 1) {
      let upper = true;
      for (let i = 1; i < n; i++) {
        const d = form.charCodeAt(i);
        if (isLowerCode(d)) {
          upper = false;
          break;
        }
      }
      if (upper) return K_UPPER;
    }
    return K_CAP;
  }
  if (isDigitCode(c)) return K_NUMBER;
  if (c === 46) return n === 1 ? K_PERIOD : form.charCodeAt(1) === 46 ? K_ELLIPSIS : K_OTHER;
  if (c === 33 || c === 63) return K_EXCLAIM;
  if (c === 0x2026) return K_ELLIPSIS;
  if (c === 44) return K_COMMA;
  if (c === 58 || c === 59) return K_COLON;
  if ((c === 39 || c === 0x2019 || c === 96) && n > 1 && /\p{L}/u.test(form[1])) return K_LOWER; // 's ’re `s clitics
  if (c === 40 || c === 91 || c === 123 || c === 0x201c || c === 0x2018 || c === 0xab || c === 96) return K_OPEN;
  if (c === 41 || c === 93 || c === 125 || c === 0x201d || c === 0x2019 || c === 0xbb) return K_CLOSE;
  if (c === 34 || c === 39) {
    // Straight quotes: opening when glued to what follows, closing when glued to what precedes.
    if (before !== G_NONE && after === G_NONE) return K_OPEN;
    if (before === G_NONE && after !== G_NONE) return K_CLOSE;
    return before === G_NONE ? K_CLOSE : K_OPEN;
  }
  if (c === 45 || c === 0x2014 || c === 0x2013) return K_DASH;
  if (c === 64) return K_URL;
  if (c > 127) {
    const ch = form[0];
    if (/\p{L}/u.test(ch)) return K_OTHERWORD;
  }
  return K_OTHER;
}

/** Per-document token attributes for the featurizer. */
export class TokenInfo {
  n = 0;
  lower: Int32Array = new Int32Array(0);
  form: Int32Array = new Int32Array(0);
  shape: Int32Array = new Int32Array(0);
  suffix: Int32Array = new Int32Array(0);
  cls: Uint8Array = new Uint8Array(0);
  len: Uint8Array = new Uint8Array(0);
  abbrev: Uint8Array = new Uint8Array(0);
  /** Quote and bracket depth change of token i (+1 opens, -1 closes). */
  quoteDelta: Int8Array = new Int8Array(0);
  bracketDelta: Int8Array = new Int8Array(0);
  /** Whitespace after token i (gap to token i+1). */
  gap: Uint8Array = new Uint8Array(0);
  /** Length of the line up to the end of token i, and of the next line, in characters (capped). */
  lineLen: Uint16Array = new Uint16Array(0);
  nextLineLen: Uint16Array = new Uint16Array(0);
  /**
   * True when the text is hard-wrapped (most lines that continue on the next line have about the same length,
   * as in e-mail and plain-text wire copy). Otherwise every line break ends a sentence.
   */
  wrapped = false;

  constructor(text: string, tokens: Tokens) {
    const n = tokens.count;
    this.n = n;
    this.lower = new Int32Array(n);
    this.form = new Int32Array(n);
    this.shape = new Int32Array(n);
    this.suffix = new Int32Array(n);
    this.cls = new Uint8Array(n);
    this.len = new Uint8Array(n);
    this.abbrev = new Uint8Array(n);
    this.quoteDelta = new Int8Array(n);
    this.bracketDelta = new Int8Array(n);
    this.gap = new Uint8Array(n);
    this.lineLen = new Uint16Array(n);
    this.nextLineLen = new Uint16Array(n);
    const gaps = this.gap;
    for (let i = 0; i < n; i++) {
      const e = tokens.end[i];
      const next = i + 1 < n ? tokens.start[i + 1] : text.length;
      let g = G_NONE;
      if (next > e) {
        let nl = 0;
        for (let j = e; j < next; j++) if (text.charCodeAt(j) === 10) nl++;
        g = nl >= 2 ? G_BLANK : nl === 1 ? G_NEWLINE : next - e > 1 ? G_SPACES : G_SPACE;
      }
      gaps[i] = g;
    }
    let lineStart = 0;
    for (let i = 0; i < n; i++) {
      const s = tokens.start[i];
      const e = tokens.end[i];
      const raw = text.slice(s, e);
      const form = splitterForm(raw);
      const lower = form.toLowerCase();
      this.form[i] = hashString(form);
      this.lower[i] = hashString(lower);
      this.shape[i] = hashString(shapeOf(form));
      this.suffix[i] = hashString(lower.length > 3 ? lower.slice(-3) : lower);
      const before = i === 0 ? G_SPACE : gaps[i - 1];
      const k = classOf(raw, before, gaps[i]);
      this.cls[i] = k;
      const c = raw.charCodeAt(0);
      if (k === K_OPEN || k === K_CLOSE) {
        const bracket = c === 40 || c === 91 || c === 123 || c === 41 || c === 93 || c === 125;
        const d = k === K_OPEN ? 1 : -1;
        if (bracket) this.bracketDelta[i] = d;
        else this.quoteDelta[i] = d;
      }
      this.len[i] = Math.min(255, form.length);
      this.abbrev[i] = raw.length > 1 && raw.charCodeAt(raw.length - 1) === 46 && isKnownAbbreviation(raw) ? 1 : 0;
      if (i > 0 && gaps[i - 1] >= G_NEWLINE) lineStart = s;
      this.lineLen[i] = Math.min(1000, e - lineStart);
    }
    this.wrapped = detectWrapping(text, n ? tokens.start[0] : 0, n ? tokens.end[n - 1] : 0);
    // Next line's length, for gaps that are line breaks.
    let nextLen = 0;
    for (let i = n - 1; i >= 0; i--) {
      this.nextLineLen[i] = nextLen;
      if (gaps[i] >= G_NEWLINE && i + 1 < n) {
        // line starting at token i+1: find its end
        let j = i + 1;
        while (j < n - 1 && gaps[j] < G_NEWLINE) j++;
        nextLen = Math.min(1000, tokens.end[j] - tokens.start[i + 1]);
        this.nextLineLen[i] = nextLen;
      }
    }
  }
}

/** Hard wrapping: at least two continued lines, and half of them within 25 characters of the longest. */
export function detectWrapping(text: string, from: number, to: number): boolean {
  const lengths: number[] = [];
  let lineStart = from;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) !== 10) continue;
    // A line that is followed by a non-blank line continues.
    let j = i + 1;
    while (j < to && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 13)) j++;
    let len = i - lineStart;
    if (len > 0 && text.charCodeAt(i - 1) === 13) len--;
    if (j < to && text.charCodeAt(j) !== 10 && len > 0) lengths.push(len);
    lineStart = i + 1;
  }
  if (lengths.length < 2) return false;
  let max = 0;
  for (const l of lengths) max = Math.max(max, l);
  if (max < 30 || max > 200) return false;
  let near = 0;
  for (const l of lengths) if (l >= max - 25) near++;
  return near * 2 >= lengths.length;
}

const lenBucket = (n: number): number => (n <= 1 ? n : n <= 3 ? 2 : n <= 6 ? 3 : 4);
const distBucket = (d: number): number => (d <= 3 ? d : d <= 5 ? 4 : d <= 8 ? 5 : d <= 15 ? 6 : d <= 30 ? 7 : 8);
const lineBucket = (n: number): number => (n === 0 ? 0 : n <= 20 ? 1 : n <= 40 ? 2 : n <= 60 ? 3 : n <= 80 ? 4 : 5);

/** Quote/bracket state since the last boundary. */
export interface State {
  dist: number;
  quote: number;
  bracket: number;
  /** False while the sentence so far is only periods, ellipses and closing quotes (it cannot end yet). */
  content: boolean;
}

export const fresh = (st: State): void => {
  st.dist = 0;
  st.quote = 0;
  st.bracket = 0;
  st.content = false;
};

export function updateState(info: TokenInfo, i: number, st: State): void {
  st.quote = Math.max(0, st.quote + info.quoteDelta[i]);
  st.bracket = Math.max(0, st.bracket + info.bracketDelta[i]);
  st.dist++;
  const c = info.cls[i];
  if (c !== K_PERIOD && c !== K_ELLIPSIS && c !== K_CLOSE) st.content = true;
}

const NULL_HASH = hashString('<none>');

export function features(info: TokenInfo, i: number, st: State, buf: FeatureBuffer): void {
  buf.clear();
  const n = info.n;
  const c0 = info.cls[i];
  const c1 = i + 1 < n ? info.cls[i + 1] : 16;
  const c2 = i + 2 < n ? info.cls[i + 2] : 16;
  const cm1 = i > 0 ? info.cls[i - 1] : 16;
  const l0 = info.lower[i];
  const l1 = i + 1 < n ? info.lower[i + 1] : NULL_HASH;
  const f1 = i + 1 < n ? info.form[i + 1] : NULL_HASH;
  const l2 = i + 2 < n ? info.lower[i + 2] : NULL_HASH;
  const lm1 = i > 0 ? info.lower[i - 1] : NULL_HASH;
  const s0 = info.shape[i];
  const s1 = i + 1 < n ? info.shape[i + 1] : NULL_HASH;
  const s2 = i + 2 < n ? info.shape[i + 2] : NULL_HASH;
  const g = info.gap[i];
  const classes = c0 * 32 + c1;
  buf.push(key1(F.bias, 1));
  buf.push(key1(F.t0Lower, l0));
  buf.push(key1(F.t0Shape, s0));
  buf.push(key1(F.t0Class, c0));
  buf.push(key1(F.t1Form, f1));
  buf.push(key1(F.t1Lower, l1));
  buf.push(key1(F.t1Shape, s1));
  buf.push(key1(F.t1Class, c1));
  buf.push(key1(F.tm1Lower, lm1));
  buf.push(key1(F.tm1Class, cm1));
  buf.push(key1(F.t2Lower, l2));
  buf.push(key1(F.t2Class, c2));
  buf.push(key1(F.t2Shape, s2));
  buf.push(key2(F.t0LowerT1Shape, l0, s1));
  buf.push(key2(F.t0ShapeT1Shape, s0, s1));
  buf.push(key2(F.t0LowerT1Lower, l0, l1));
  buf.push(key2(F.tm1LowerT0Lower, lm1, l0));
  buf.push(key2(F.classesGap, classes, g));
  buf.push(key2(F.t0ClassGap, c0, g));
  buf.push(key2(F.t1ShapeGap, s1, g));
  buf.push(key3(F.quoteClasses, Math.min(st.quote, 2), c0, c1));
  buf.push(key2(F.bracketClass, Math.min(st.bracket, 2), classes));
  buf.push(key2(F.distClass, distBucket(st.dist), c0));
  buf.push(key2(F.distT1Class, distBucket(st.dist), c1));
  if (c0 === K_CLOSE || c0 === K_OPEN) buf.push(key3(F.closeQuote, cm1, l0, l1));
  buf.push(key2(F.t1LowerT2Lower, l1, l2));
  buf.push(key2(F.t0LenClass, lenBucket(info.len[i]), c0));
  buf.push(key2(F.t1ClassT2Class, c1, c2));
  buf.push(key3(F.tm1t0t1Class, cm1, c0, c1));
  buf.push(key1(F.t0Suffix, info.suffix[i]));
  buf.push(key3(F.abbrevNext, info.abbrev[i], c0, c1));
  buf.push(key2(F.t0ClassT1Lower, c0, l1));
  buf.push(key2(F.t0LowerT1Class, l0, c1));
  if (g === G_NEWLINE) {
    buf.push(key3(F.lineLen, lineBucket(info.lineLen[i]), c0, c1));
    buf.push(key3(F.lineNext, lineBucket(info.lineLen[i]), lineBucket(info.nextLineLen[i]), c1));
  }
}

