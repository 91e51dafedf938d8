/**
 * The quotes stage's own light segmentation of the original text: word tokens that keep quote marks apart,
 * paragraphs (line breaks) and sentence numbers. It is deliberately self-contained so that the attribution
 * taggers see the very same tokens when trained (PolNeAR text) and when run (any Doc), whatever the NLP
 * core's tokenizer does; the NLP layers (POS, lemma, parse, NER) are projected onto these tokens as features
 * (`tagger.ts`, `nlpFeatures`).
 */

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

const ABBREV = new Set(
  (
    'mr mrs ms dr sen sens rep reps gov gen st jr sr lt col sgt capt prof rev inc co corp ltd vs etc ' +
    'jan feb mar apr aug sep sept oct nov dec pres gens adm maj cmdr supt det no nos fig ft mt ave blvd dept est approx'
  ).split(' '),
);

/** Words (with inner apostrophes, hyphens, periods and ampersands), numbers, ellipses, dashes, any other char. */
const TOKEN_RE =
  /[\p{L}\p{N}_]+(?:[’'\-.&/][\p{L}\p{N}_]+)*|\.\.\.|…|--|[\p{Pd}]|\S/gu;

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
  const starts: number[] = [];
  const ends: number[] = [];
  const forms: string[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    const s = m.index;
    let e = s + m[0].length;
    let f = m[0];
    // Abbreviations and initials keep their period ("Mr.", "J.", "U.S.").
    if (text.charCodeAt(e) === 46 /* . */ && /\p{L}$/u.test(f)) {
      const low = f.toLowerCase();
      if (ABBREV.has(low) || (f.length === 1 && isUpperInitial(f)) || /\p{L}\.\p{L}$/u.test(f)) {
        e += 1;
        f += '.';
        TOKEN_RE.lastIndex = e;
      }
    }
    starts.push(s);
    ends.push(e);
    forms.push(f);
  }
  const n = forms.length;
  const t: QTokens = {
    n,
    start: Int32Array.from(starts),
    end: Int32Array.from(ends),
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
