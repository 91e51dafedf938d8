/**
 * The tokenizer's character classes (computed lazily per UTF-16 code unit) and the code points it tests.
 */

// ---------------------------------------------------------------------------------------------------------
// Character classes (computed lazily per UTF-16 code unit).

export const C_UNKNOWN = 0;
export const C_SPACE = 1;
export const C_LOWER = 2;
export const C_UPPER = 3;
export const C_DIGIT = 4;
/** Letter without case (CJK, Arabic, …) or a combining mark. */
export const C_LETTER = 5;
export const C_PUNCT = 6;
export const C_SYMBOL = 7;
export const C_SURROGATE_HI = 8;
export const C_SURROGATE_LO = 9;

export const CLASS = new Uint8Array(65536);

export function computeClass(c: number): number {
  if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) return C_SPACE;
  if (c >= 0xd800 && c <= 0xdbff) return C_SURROGATE_HI;
  if (c >= 0xdc00 && c <= 0xdfff) return C_SURROGATE_LO;
  const ch = String.fromCharCode(c);
  if (/\s/u.test(ch) || c === 0x200b || c === 0xfeff) return C_SPACE;
  if (/\p{Lu}|\p{Lt}/u.test(ch)) return C_UPPER;
  if (/\p{Ll}/u.test(ch)) return C_LOWER;
  if (/\p{Nd}/u.test(ch)) return C_DIGIT;
  if (/\p{L}|\p{M}|\p{N}/u.test(ch)) return C_LETTER;
  if (/\p{P}/u.test(ch)) return C_PUNCT;
  return C_SYMBOL;
}

export function cls(c: number): number {
  let k = CLASS[c];
  if (k === C_UNKNOWN) {
    k = computeClass(c);
    CLASS[c] = k;
  }
  return k;
}

export const isSpace = (c: number): boolean => cls(c) === C_SPACE;
export const isAlpha = (c: number): boolean => {
  const k = cls(c);
  return k === C_LOWER || k === C_UPPER || k === C_LETTER;
};
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isAlnum = (c: number): boolean => {
  const k = cls(c);
  return k === C_LOWER || k === C_UPPER || k === C_LETTER || k === C_DIGIT;
};
export const isUpper = (c: number): boolean => cls(c) === C_UPPER;
export const lowerAscii = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

// Code points used below.
export const APOS = 39; // '
export const RSQUO = 0x2019; // ’
export const LSQUO = 0x2018; // ‘
export const BACKTICK = 96;
export const DQUOTE = 34;
export const DOT = 46;
export const HYPHEN = 45;
export const COMMA = 44;
export const COLON = 58;
export const SLASH = 47;
export const AT = 64;
export const HASH = 35;
export const ELLIPSIS = 0x2026;

export const isApostrophe = (c: number): boolean => c === APOS || c === RSQUO || c === BACKTICK;
export const isDash = (c: number): boolean => c === 0x2014 || c === 0x2013 || c === 0x2012 || c === 0x2015 || c === 0x2212;

/** Opening punctuation split off the front of a chunk. */
export function isOpener(c: number): boolean {
  switch (c) {
    case 40: // (
    case 91: // [
    case 123: // {
    case 60: // <
    case DQUOTE:
    case 0x201c: // “
    case LSQUO:
    case 0x201e: // „
    case 0x201a: // ‚
    case 0xab: // «
    case 0x2039: // ‹
    case 0xbf: // ¿
    case 0xa1: // ¡
      return true;
  }
  return false;
}

/** Closing punctuation split off the end of a chunk. */
export function isCloser(c: number): boolean {
  switch (c) {
    case 41: // )
    case 93: // ]
    case 125: // }
    case 62: // >
    case DQUOTE:
    case 0x201d: // ”
    case RSQUO:
    case APOS:
    case 0xbb: // »
    case 0x203a: // ›
    case COMMA:
    case 59: // ;
    case COLON:
    case ELLIPSIS:
    case 37: // %
      return true;
  }
  return false;
}

export const isQuoteOrBracketCloser = (c: number): boolean =>
  c === 41 || c === 93 || c === 125 || c === DQUOTE || c === 0x201d || c === RSQUO || c === APOS || c === 0xbb;

export const isCurrency = (c: number): boolean =>
  c === 36 || c === 0xa3 || c === 0x20ac || c === 0xa5 || c === 0xa2 || c === 0x20b9 || c === 0x20bd;
