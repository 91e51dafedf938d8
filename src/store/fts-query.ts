/**
 * The full-text query syntax, in one place for every backend and for the callers that check a query before it
 * reaches a store (the API, `herald query`): a query is its words, runs of letters and digits; nothing else is
 * syntax, so nothing a user types reaches SQLite's FTS5 or PostgreSQL's tsquery as an operator. Each backend's
 * form of the words is here too, beside the rule they share, so the two backends cannot disagree on what a word is.
 */

/** The words of a full-text query as users type it; null when it has none (the query matches nothing). */
export function searchWords(words: string): string[] | null {
  return words.match(/[\p{L}\p{N}]+/gu);
}

/** SQLite: an FTS5 query that matches rows containing every word of `words` (each word a quoted phrase). */
export function ftsQuery(words: string): string | null {
  const toks = searchWords(words);
  if (!toks) return null;
  return toks.map((t) => `"${t}"`).join(' ');
}

/**
 * PostgreSQL: the text the tsvector and the tsquery are built from: words only, diacritics removed (as FTS5's
 * remove_diacritics).
 */
export function searchText(s: string): string | null {
  const words = searchWords(s.normalize('NFD').replace(/\p{M}+/gu, ''));
  return words ? words.join(' ') : null;
}
