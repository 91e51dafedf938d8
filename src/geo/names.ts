/**
 * Place-name normalisation shared by the gazetteer build script and the run-time lookup: one key per
 * spelling variant, so "Washington, D.C.", "Washington D.C." and "washington dc" meet, "Kraków", "Krakow"
 * and "KRAKOW" too, and "St. Petersburg" and "Saint Petersburg".
 */

const APOSTROPHES = /['’‘`ʼ]/g;
const MARKS = /\p{M}+/gu;
const SEPARATORS = /[\s\-‐‑–—.,/()]+/g;
const SIMPLE = /^[A-Za-z]+(?: [A-Za-z]+)*$/;
const INITIALS = /\b([a-z])((?: [a-z]\b)+)/g;

/** Lower-cased, diacritics folded, apostrophes dropped, punctuation → space, leading "the" dropped. */
export function nameKey(name: string): string {
  let k: string;
  if (SIMPLE.test(name)) {
    k = name.toLowerCase(); // the common case, without the Unicode work
  } else {
    k = name.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(APOSTROPHES, '');
    k = k.replace(SEPARATORS, ' ').trim();
  }
  // "D.C." → "d c" → "dc": join runs of single letters so initials compare equal with or without dots.
  if (/(?:^| )[a-z] [a-z](?: |$)/.test(k)) k = k.replace(INITIALS, (m) => m.replace(/ /g, ''));
  if (k.startsWith('the ')) k = k.slice(4);
  // "St. Petersburg" = "Saint Petersburg", "Ste." likewise.
  if (/(?:^| )ste? /.test(k)) k = k.replace(/(^| )st(?= )/g, '$1saint').replace(/(^| )ste(?= )/g, '$1sainte');
  return k;
}
