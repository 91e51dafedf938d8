/**
 * The one normaliser of word forms for the models' features: news typography (curly quotes, dashes, ellipses,
 * no-break spaces) folded to the spelling of the corpus a model was trained on. Nothing is changed in the
 * caller's tokens: these forms are only looked up.
 *
 * One folding routine (`fold`) over per-model tables. The models were trained with slightly different foldings
 * and their stored features depend on them, so each model's table stays as it was trained:
 * - `normalizeForm` (tagger, lemmatizer; UD EWT): quotes, all dashes, ellipsis, no-break space; a dash standing
 *   alone is '--'. Case and digits kept.
 * - `normalizeWord` (parser): lower-cased; quotes (with the backtick, without the low-9 marks), dashes, ellipsis;
 *   digits → 0.
 * - `conllForm` (NER, word clusters; CoNLL-2003): quotes (with guillemets and the acute accent), en/em dash and
 *   minus → '-', ellipsis, no-break space (all only in a form with some non-ASCII character), '' and `` → ",
 *   dotted acronyms undotted (U.S. → US); digits → 0.
 * - `splitterForm` (sentence splitter): the curly quotes and backtick, a dash alone → '--', dots and ellipses
 *   alone → '...'.
 */

/** A folding table: replacement of each code unit (undefined: kept), and replacements of whole forms. */
export interface Folding {
  readonly map: readonly (string | undefined)[];
  /** 1 for each code unit `map` replaces (the quick test: most forms have none). */
  readonly mapped: Uint8Array;
  /** Code units below this are never mapped (a quicker test for plain ASCII). */
  readonly lo: number;
  readonly whole: ReadonlyMap<string, string>;
}

/** A folding from replacement → the code units it replaces, and whole forms → replacement. */
export function folding(spec: Record<string, readonly number[]>, whole: Record<string, string> = {}): Folding {
  let hi = 0;
  let lo = 0xffff;
  for (const codes of Object.values(spec)) {
    for (const c of codes) {
      hi = Math.max(hi, c);
      lo = Math.min(lo, c);
    }
  }
  const map: (string | undefined)[] = Array.from({ length: hi + 1 }, () => undefined);
  const mapped = new Uint8Array(hi + 1);
  for (const [to, codes] of Object.entries(spec)) {
    for (const c of codes) {
      map[c] = to;
      mapped[c] = 1;
    }
  }
  return { map, mapped, lo, whole: new Map(Object.entries(whole)) };
}

/** Whether the folding maps some code unit of `s`. */
export function folds(s: string, f: Folding): boolean {
  const { mapped, lo } = f;
  const hi = mapped.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= lo && c < hi && mapped[c] !== 0) return true;
  }
  return false;
}

/** `s` with every code unit the folding maps replaced (or its whole-form replacement); `s` itself when none. */
export function fold(s: string, f: Folding): string {
  const { map, mapped, lo } = f;
  const hi = mapped.length;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= lo && c < hi && mapped[c] !== 0) break;
  }
  if (i === s.length) return s;
  const w = f.whole.get(s);
  if (w !== undefined) return w;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const m = c < hi ? map[c] : undefined;
    out += m === undefined ? s[i] : m;
  }
  return out;
}

const SINGLE_QUOTES = [0x2018, 0x2019, 0x201a, 0x201b, 0x2032];
const DOUBLE_QUOTES = [0x201c, 0x201d, 0x201e, 0x201f, 0x2033];
const HYPHENS = [0x2010, 0x2011, 0x2012, 0x2013, 0x2212];
const LONG_DASHES = [0x2014, 0x2015];
const ELLIPSIS = 0x2026;
const NBSP = 0x00a0;
const BACKTICK = 0x60;

/** UD EWT / Penn Treebank spelling. */
const EWT = folding(
  { "'": SINGLE_QUOTES, '"': DOUBLE_QUOTES, '-': HYPHENS, '--': LONG_DASHES, '...': [ELLIPSIS], ' ': [NBSP] },
  { '–': '--', '—': '--', '―': '--' },
);

/** The form the tagger and lemmatizer look up: curly quotes, dashes and ellipses spelled as in UD EWT. */
export const normalizeForm = (s: string): string => fold(s, EWT);

/** The parser's folding (as it was trained: no low-9 quotes or no-break space, but the backtick). */
const PARSER = folding({
  "'": [0x2018, 0x2019, 0x201b, 0x2032, BACKTICK],
  '"': [0x201c, 0x201d, 0x201e, 0x2033],
  '-': HYPHENS,
  '--': LONG_DASHES,
  '...': [ELLIPSIS],
});

/** Replaces every digit 1-9 by 0 (a form without one is returned as is). */
function zeroDigits(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 49 && c <= 57) return s.replace(/[1-9]/g, '0');
  }
  return s;
}

/** The parser's word form: lower-cased, news typography folded, every digit 0. */
export function normalizeWord(form: string): string {
  return zeroDigits(fold(form.toLowerCase(), PARSER));
}

/** CoNLL-2003 (Reuters) spelling: ASCII quotes and single dashes. */
const CONLL = folding({
  "'": [0x2018, 0x2019, 0x201a, 0x201b, 0x2032, 0x00b4, BACKTICK],
  '"': [0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0x00ab, 0x00bb],
  '-': [0x2013, 0x2014, 0x2212],
  '...': [ELLIPSIS],
  ' ': [NBSP],
});

/** Whether `s` has a code unit outside printable ASCII. */
function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return true;
  }
  return false;
}

/** The NER's canonical form: typographic quotes/dashes → ASCII, U.S. → US, digits → 0. */
export function conllForm(form: string): string {
  let s = hasNonAscii(form) ? fold(form, CONLL) : form;
  if (s === "''" || s === '``') s = '"';
  // Dotted acronyms (U.S., U.N.) share features with the undotted spelling of current news (US, UN).
  if (s.length >= 4 && s[1] === '.' && /^(?:[A-Z]\.){2,}$/.test(s)) s = s.replace(/\./g, '');
  return s.replace(/[0-9]/g, '0');
}

/** The sentence splitter's folding: curly quotes and the backtick (a dash or ellipsis alone: `splitterForm`). */
const SPLITTER = folding({ "'": [0x2018, 0x2019, BACKTICK], '"': [0x201c, 0x201d] });
const SPLITTER_MARKS = folding({ x: [0x2018, 0x2019, 0x201c, 0x201d, ELLIPSIS, 0x2014, 0x2013, BACKTICK] });

/**
 * The sentence splitter's form: typographic variants folded to what the (mostly ASCII) training data has, so
 * that curly quotes, `…` and `—` in news text behave like their treebank counterparts.
 */
export function splitterForm(form: string): string {
  if (!folds(form, SPLITTER_MARKS)) return form.length > 3 && form.charCodeAt(0) === 46 && /^\.+$/.test(form) ? '...' : form;
  if (/^…+$/.test(form)) return '...';
  if (form === '—' || form === '–') return '--';
  return fold(form, SPLITTER);
}
