/**
 * The tokenizer's language data: word lists written by hand from the UD English (EWT) conventions (lexicon.json,
 * beside this file), merged with the lists learned from the treebank by `npm run train:sentences`
 * (data/abbreviations.json).
 */
import { readFileSync } from 'node:fs';
import type { ConlluSentence } from '../conllu.js';
import { besidePath, dataPath } from '../paths.js';

/** The hand-written lists (lexicon.json, beside this file; what each is for is written there). */
interface TokenizerWords {
  abbreviations: string[];
  notAbbreviations: string[];
  sentenceFinalAbbreviations: string[];
  sentenceStarters: string[];
  numberAbbreviations: string[];
  hyphenPrefixes: string[];
  splitWords: [string, number[]][];
  units: string[];
  upperUnits: string[];
  emoticons: string[];
  slashWords: string[];
  itsVerbContext: string[];
}
const WORDS = JSON.parse(readFileSync(besidePath(import.meta.url, 'lexicon.json'), 'utf8')) as TokenizerWords;

/** Hand-written abbreviations (kept whole with their period). */
const HAND_ABBREVIATIONS = WORDS.abbreviations;
/** Words the treebank happens to abbreviate that are too often ordinary words in news (`the Sun.`). */
export const NOT_ABBREVIATIONS = new Set(WORDS.notAbbreviations);
/** Abbreviations that often end a sentence: before a capitalised word they give up their period. */
export const SENTENCE_FINAL_ABBREVIATIONS = new Set(WORDS.sentenceFinalAbbreviations);
/** Capitalised words that start sentences and hardly ever follow an acronym inside one (`in the U.S. He`). */
export const SENTENCE_STARTERS = new Set(WORDS.sentenceStarters);
/** Abbreviations that need a following digit (`No. 5`), else they are ordinary words. */
export const NUMBER_ABBREVIATIONS = new Set(WORDS.numberAbbreviations);
/** Lowercased prefixes that EWT keeps attached to a hyphenated word (`e-mail`, `co-workers`, `non-stop`). */
const HAND_HYPHEN_PREFIXES = WORDS.hyphenPrefixes;
/** Words split without an apostrophe (EWT: `do|nt`, `can|not`, `gon|na`, `du|n|no`): lowercase → piece lengths. */
export const SPLIT_WORDS = new Map<string, number[]>(WORDS.splitWords);
/** Unit words split from a preceding number (`7:30|PM`, `65|k`, `35|mm`). Lowercase. */
export const UNITS = new Set(WORDS.units);
/** Units written in capitals that split from a number (`7:30|PM`); `10MM` (millions) stays whole. */
export const UPPER_UNITS = new Set(WORDS.upperUnits);
export const EMOTICONS = new Set(WORDS.emoticons);
export const SLASH_WORDS = new Set(WORDS.slashWords);
/** Words after `its` that show it means `it is` / `it has`. */
export const ITS_VERB_CONTEXT = new Set(WORDS.itsVerbContext);

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
