/**
 * What the taggers read from a word form alone (hashed word, suffix, stem, shape, cue prior …), computed once per
 * form and lexicon and shared by all documents, and the hashes and priors of NLP lemmas (`LemmaEntry`).
 */
import { hashString } from '../../nlp/features.js';
import { cuePrior, type CueLexicon } from '../cues.js';

export const bucketPrior = (p: number): number => (p <= 0 ? 0 : 1 + Math.min(9, Math.floor(p * 10)));

/** An NLP lemma's hash, bucketed cue prior and number (1, 2 … in order of caching; 0 for hash 0, else -1). */
export interface LemmaEntry {
  h: number;
  p: number;
  id: number;
}

const PUNCT_COMMA = new Set([',', '—', '–', '--', '―', ';', '(', ')']);

/** The word shapes `shapeOf` tells apart; a token's `shapeId` indexes this list (and `SHAPE_HASH`). */
export const SHAPES = ['Xx', 'XX', 'X', 'x', 'd', 'q', '.', ',', ':', 'p'] as const;
const SHAPE_HASH = SHAPES.map((sh) => hashString(sh));

function shapeOf(f: string): (typeof SHAPES)[number] {
  if (/^\p{Lu}\p{Ll}/u.test(f)) return 'Xx';
  if (/^\p{Lu}+\.?$/u.test(f)) return f.length > 1 ? 'XX' : 'X';
  if (/^\p{Ll}/u.test(f)) return 'x';
  if (/^\p{N}/u.test(f)) return 'd';
  if (/^[“”"‘’'«»]$/u.test(f)) return 'q';
  if (/^[.!?…]|^\.\.\.$/u.test(f)) return '.';
  if (f === ',') return ',';
  if (f === ':') return ':';
  return 'p';
}

/**
 * Per-form hashed attributes (they depend only on the form and the lexicon), shared by all documents, with the
 * form's number in its lexicon's cache (`id`, -1 once the cache is full), which the decoders' score memos use.
 */
export interface FormFeatures {
  id: number;
  w: number;
  suffix: number;
  lemma: number;
  prior: number;
  stem: number;
  shape: number;
  shapeId: number;
  /** 1 for a comma-like token (`PUNCT_COMMA`). */
  comma: number;
  /** The NLP lemma this form was last seen with (in the lemma cache), and its entry there (see `nlpFeatures`). */
  lemmaKey: string;
  lemmaEntry: LemmaEntry | undefined;
}
export const WORD_CACHE_MAX = 200_000;
const formCaches = new WeakMap<CueLexicon, Map<string, FormFeatures>>();

export function formCache(lex: CueLexicon): Map<string, FormFeatures> {
  let m = formCaches.get(lex);
  if (!m) formCaches.set(lex, (m = new Map()));
  return m;
}

export function formFeatures(lex: CueLexicon, lw: string, form: string, id: number): FormFeatures {
  const e = lex.forms.get(lw);
  const shapeId = SHAPES.indexOf(shapeOf(form));
  return {
    id,
    w: hashString(lw),
    suffix: hashString(lw.length > 3 ? lw.slice(-3) : lw, 7),
    lemma: e ? hashString(e.lemma, 11) : 0,
    prior: bucketPrior(cuePrior(lex, lw)),
    stem: hashString(stem(lw), 13),
    shape: SHAPE_HASH[shapeId],
    shapeId,
    comma: PUNCT_COMMA.has(form) ? 1 : 0,
    lemmaKey: '',
    lemmaEntry: undefined,
  };
}

/** Crude suffix-stripping stem so that rare inflections share evidence (pledged/pledges/pledging). */
function stem(w: string): string {
  if (w.length <= 4) return w;
  if (w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.endsWith('ied')) return w.slice(0, -3) + 'y';
  if (w.endsWith('ing')) return w.slice(0, -3);
  if (w.endsWith('ed')) return w.endsWith('eed') ? w.slice(0, -1) : w.slice(0, -2);
  if (w.endsWith('es') && /(ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  if (w.endsWith('e')) return w.slice(0, -1);
  return w;
}
