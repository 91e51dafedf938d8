/**
 * The tokenizer's language data: word lists written by hand from the UD English (EWT) conventions, merged with
 * the lists learned from the treebank by `npm run train:sentences` (data/abbreviations.json).
 */
import { readFileSync } from 'node:fs';
import type { ConlluSentence } from '../conllu.js';
import { dataPath } from '../paths.js';

// ---------------------------------------------------------------------------------------------------------
// Lexicons.

/** Hand-written abbreviations (kept whole with their period). */
const HAND_ABBREVIATIONS = [
  'Mr.', 'Mrs.', 'Ms.', 'Mx.', 'Dr.', 'Prof.', 'Sr.', 'Jr.', 'St.', 'Mt.', 'Ft.', 'Gov.', 'Sen.', 'Rep.', 'Reps.',
  'Sens.', 'Gen.', 'Lt.', 'Col.', 'Maj.', 'Capt.', 'Cmdr.', 'Adm.', 'Sgt.', 'Cpl.', 'Pvt.', 'Rev.', 'Hon.', 'Pres.',
  'Gov.', 'Atty.', 'Supt.', 'Insp.', 'Amb.', 'Msgr.', 'Fr.', 'Sec.', 'Treas.', 'Lt.Gen.', 'Messrs.', 'Mmes.', 'Esq.',
  'Jan.', 'Feb.', 'Mar.', 'Apr.', 'Jun.', 'Jul.', 'Aug.', 'Sep.', 'Sept.', 'Oct.', 'Nov.', 'Dec.',
  'Tue.', 'Tues.', 'Thu.', 'Thur.', 'Thurs.',
  'Inc.', 'Corp.', 'Co.', 'Ltd.', 'Bros.', 'Cos.', 'Assn.', 'Assoc.', 'Dept.', 'Univ.', 'Inst.', 'Intl.', 'Natl.',
  'Ave.', 'Blvd.', 'Rd.', 'Hwy.', 'Ste.', 'Apt.', 'Bldg.',
  'etc.', 'vs.', 'v.', 'viz.', 'cf.', 'al.', 'approx.', 'ca.', 'est.', 'ext.', 'fig.', 'Fig.', 'figs.', 'no.', 'No.',
  'Nos.', 'nos.', 'vol.', 'Vol.', 'pp.', 'p.', 'ch.', 'Ch.', 'sec.', 'min.', 'hr.', 'hrs.', 'mos.', 'yr.', 'yrs.',
  'oz.', 'lb.', 'lbs.', 'ft.', 'sq.', 'dept.', 'govt.', 'misc.', 'incl.', 'esp.', 'op.', 'Op.', 'Ed.', 'ed.', 'eds.',
  'Ala.', 'Ariz.', 'Ark.', 'Calif.', 'Colo.', 'Conn.', 'Del.', 'Fla.', 'Ga.', 'Ill.', 'Ind.', 'Kan.', 'Kans.', 'Ky.',
  'La.', 'Md.', 'Mass.', 'Mich.', 'Minn.', 'Miss.', 'Mo.', 'Mont.', 'Neb.', 'Nev.', 'Okla.', 'Ore.', 'Pa.', 'Penn.',
  'Tenn.', 'Tex.', 'Va.', 'Vt.', 'Wash.', 'Wis.', 'Wyo.', 'Que.', 'Ont.',
  'a.m.', 'p.m.', 'A.M.', 'P.M.', 'e.g.', 'i.e.', 'E.g.', 'I.e.', 'a.k.a.', 'U.S.', 'U.K.', 'U.N.', 'E.U.', 'D.C.',
  'Ph.D.', 'M.D.', 'B.A.', 'M.A.', 'B.S.', 'M.S.', 'L.A.', 'N.Y.', 'P.S.', 'R.I.P.',
];

/** Words the treebank happens to abbreviate that are too often ordinary words in news (`the Sun.`). */
export const NOT_ABBREVIATIONS = new Set(['Sun.', 'Sat.', 'Wed.', 'Mon.', 'Fri.']);

/** Abbreviations that often end a sentence: before a capitalised word they give up their period. */
export const SENTENCE_FINAL_ABBREVIATIONS = new Set([
  'etc.', 'Inc.', 'Corp.', 'Co.', 'Ltd.', 'Bros.', 'Jr.', 'Sr.', 'a.m.', 'p.m.', 'A.M.', 'P.M.', 'al.', 'Esq.',
]);

/** Capitalised words that start sentences and hardly ever follow an acronym inside one (`in the U.S. He`). */
export const SENTENCE_STARTERS = new Set([
  'The', 'He', 'She', 'It', 'They', 'We', 'I', 'You', 'But', 'And', 'This', 'That', 'These', 'Those', 'There',
  'His', 'Her', 'Its', 'Their', 'Our', 'My', 'If', 'When', 'While', 'After', 'Before', 'However', 'Meanwhile',
  'Now', 'So', 'Yet', 'Still', 'Then', 'In', 'On', 'At', 'For', 'As', 'A', 'An', 'Some', 'Many', 'Most', 'What',
  'Why', 'How', 'Where', 'Who',
]);

/** Abbreviations that need a following digit (`No. 5`), else they are ordinary words. */
export const NUMBER_ABBREVIATIONS = new Set(['No.', 'no.', 'Nos.', 'nos.', 'p.', 'pp.', 'Ch.', 'ch.', 'v.']);

/** Lowercased prefixes that EWT keeps attached to a hyphenated word (`e-mail`, `co-workers`, `non-stop`). */
const HAND_HYPHEN_PREFIXES = [
  'e', 'co', 'pre', 'post', 'non', 're', 'ex', 'multi', 'mid', 'anti', 'pro', 'semi', 'sub', 'inter', 'intra',
  'micro', 'macro', 'mini', 'neo', 'over', 'under', 'uni', 'bi', 'tri', 'de', 'vice', 'x', 'psycho', 'socio', 'geo',
];

/** Words split without an apostrophe (EWT: `do|nt`, `can|not`, `gon|na`, `du|n|no`): lowercase → piece lengths. */
export const SPLIT_WORDS = new Map<string, number[]>([
  ['cannot', [3, 3]], ['gonna', [3, 2]], ['wanna', [3, 2]], ['gotta', [3, 2]], ['outta', [3, 2]], ['dunno', [2, 1, 2]],
  ['dont', [2, 2]], ['didnt', [3, 2]], ['doesnt', [4, 2]], ['isnt', [2, 2]], ['wasnt', [3, 2]], ['werent', [4, 2]],
  ['arent', [3, 2]], ['cant', [2, 2]], ['couldnt', [5, 2]], ['wouldnt', [5, 2]], ['shouldnt', [6, 2]],
  ['hasnt', [3, 2]], ['havent', [4, 2]], ['hadnt', [3, 2]], ['wont', [2, 2]], ['aint', [2, 2]],
  ['im', [1, 1]], ['ive', [1, 2]], ['youre', [3, 2]], ['theyre', [4, 2]], ['thats', [4, 1]], ['whats', [4, 1]],
  ['its', [2, 1]],
  ["c'mon", [3, 2]], ['c’mon', [3, 2]], ['alot', [1, 3]],
]);

/** Unit words split from a preceding number (`7:30|PM`, `65|k`, `35|mm`). Lowercase. */
export const UNITS = new Set([
  'am', 'pm', 'a.m.', 'p.m.', 'a.m', 'p.m', 'k', 'm', 'b', 'bn', 'mn', 'mm', 'cm', 'km', 'kg', 'g', 'mg', 'lb', 'lbs',
  'ft', 'mph', 'kph', 'kmh', 'gb', 'mb', 'kb', 'tb', 'ghz', 'mhz', 'hz', 'kw', 'mw', 'gw', 'kwh', 'ml', 'l', 'oz',
  'yrs', 'hrs', 'hr', 'min', 'mins', 'sec', 'secs', 'ms', 'yr', 'x',
]);

/** Units written in capitals that split from a number (`7:30|PM`); `10MM` (millions) stays whole. */
export const UPPER_UNITS = new Set(['AM', 'PM', 'A.M.', 'P.M.', 'K', 'M', 'B', 'BN', 'MB', 'GB', 'KB', 'TB', 'KG', 'KM', 'MPH', 'GHZ', 'MHZ', 'HZ', 'KW', 'MW', 'GW', 'KWH']);

export const EMOTICONS = new Set([
  ':)', ':-)', ':(', ':-(', ';)', ';-)', ':D', ':-D', ':P', ':-P', ':p', ':-p', ':/', ':-/', ":'(", ':o', ':O',
  ':-O', '=)', '=(', '(:', '):', '<3', '^_^', '^^', 'XD', 'xD', ':|', ':-|', ':]', ':[', ';D', ':*', ':-*', 'B-)', '8-)',
]);

export const SLASH_WORDS = new Set(['w/', 'w/o', 'b/c', 'c/o', 'l/c', 'a/c', 'n/a', 'i/o']);

/** Words after `its` that show it means `it is` / `it has`. */
export const ITS_VERB_CONTEXT = new Set([
  'not', 'a', 'an', 'the', 'really', 'simply', 'very', 'like', 'in', 'just', 'been', 'going', 'gonna', 'all', 'ok',
  'okay', 'too', 'about', 'so', 'always', 'never', 'also', 'still', 'probably', 'definitely', 'actually', 'that',
  'this', 'what', 'my', 'your', 'his', 'her', 'our', 'their', 'me', 'you', 'him', 'them', 'there', 'here', 'on',
  'at', 'for', 'to', 'from', 'with', 'kind', 'sort', 'because', 'pretty', 'quite', 'true', 'only', 'no', 'almost',
  'already', 'nice', 'great', 'good', 'bad', 'fine', 'easy', 'hard', 'better', 'worth', 'best', 'free', 'fun',
  'getting', 'been', 'done', 'got', 'gotten', 'time', 'too', 'over', 'up', 'out', 'now', 'called', 'amazing',
  'important', 'impossible', 'possible', 'clear', 'obvious', 'funny', 'sad', 'hot', 'cold',
]);

export interface Lexicon {
  abbreviations: Set<string>;
  hyphenPrefixes: Set<string>;
}

let lexicon: Lexicon | undefined;

/** Learned lists written by `npm run train:sentences` (data/abbreviations.json), merged with the hand lists. */
export function getLexicon(): Lexicon {
  if (lexicon) return lexicon;
  const abbreviations = new Set(HAND_ABBREVIATIONS);
  const hyphenPrefixes = new Set(HAND_HYPHEN_PREFIXES);
  try {
    const json = JSON.parse(readFileSync(dataPath('abbreviations.json'), 'utf8')) as {
      abbreviations?: string[];
      hyphenPrefixes?: string[];
    };
    for (const a of json.abbreviations ?? []) abbreviations.add(a);
    if (json.hyphenPrefixes) {
      // The learned list is authoritative: it already holds the hand prefixes that the treebank agrees with.
      hyphenPrefixes.clear();
      for (const p of json.hyphenPrefixes) hyphenPrefixes.add(p);
    }
  } catch {
    // The hand lists alone still tokenize well; the learned file only adds rarer entries.
  }
  lexicon = { abbreviations, hyphenPrefixes };
  return lexicon;
}

/** For tests and the training script: replaces the learned lists (null = reload from disk on next use). */
export function setTokenizerLexicon(learned: { abbreviations: string[]; hyphenPrefixes: string[] } | null): void {
  if (!learned) {
    lexicon = undefined;
    return;
  }
  lexicon = {
    abbreviations: new Set([...HAND_ABBREVIATIONS, ...learned.abbreviations]),
    hyphenPrefixes: new Set(learned.hyphenPrefixes),
  };
}

export interface TokenizerLexicon {
  abbreviations: string[];
  hyphenPrefixes: string[];
}

/**
 * Learns the abbreviation list and the hyphen prefixes from a treebank's words.
 * An abbreviation is a word ending in a period that the treebank keeps whole (twice, or once when it has an
 * inner period) more often than it splits the period off inside a sentence. A hyphen prefix is the lowercased
 * part before a hyphen in words kept whole (at least twice) more often than split; the hand prefixes are kept
 * unless the treebank splits them more often than not.
 */
export function learnTokenizerLexicon(sents: ConlluSentence[]): TokenizerLexicon {
  const whole = new Map<string, number>();
  const splitInside = new Map<string, number>();
  const keep = new Map<string, number>();
  const split = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  const noSpace = (misc: string): boolean => /(^|\|)SpaceAfter=No(\||$)/.test(misc);
  for (const s of sents) {
    const w = s.words;
    for (let i = 0; i < w.length; i++) {
      const f = w[i].form;
      if (f.length >= 2 && f.endsWith('.') && /^[A-Za-z][A-Za-z.']*\.$/.test(f)) inc(whole, f);
      if (i + 2 < w.length && w[i + 1].form === '.' && noSpace(w[i].misc) && /^[A-Za-z]+$/.test(f)) inc(splitInside, f + '.');
      const h = f.indexOf('-');
      if (h > 0 && h < f.length - 1 && /^[A-Za-z]+$/.test(f.slice(0, h)) && /^[A-Za-z0-9]/.test(f.slice(h + 1))) {
        inc(keep, f.slice(0, h).toLowerCase());
      }
      if (i + 2 < w.length && w[i + 1].form === '-' && noSpace(w[i].misc) && noSpace(w[i + 1].misc) && /^[A-Za-z]+$/.test(f)) {
        inc(split, f.toLowerCase());
      }
    }
  }
  const abbreviations: string[] = [];
  for (const [f, n] of whole) {
    const inner = f.indexOf('.') < f.length - 1;
    if ((n >= 2 || inner) && n > (splitInside.get(f) ?? 0) && f.length > 2 && !NOT_ABBREVIATIONS.has(f)) abbreviations.push(f);
  }
  const prefixes = new Set<string>();
  for (const [p, n] of keep) if (n >= 2 && n > (split.get(p) ?? 0) && p.length <= 7) prefixes.add(p);
  for (const p of HAND_HYPHEN_PREFIXES) if ((split.get(p) ?? 0) <= (keep.get(p) ?? 0)) prefixes.add(p);
  return { abbreviations: abbreviations.sort(), hyphenPrefixes: [...prefixes].sort() };
}

export function isKnownAbbreviation(word: string): boolean {
  return getLexicon().abbreviations.has(word);
}
