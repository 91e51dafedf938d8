/**
 * The lemmatizer's suffix-rewrite rules ("strip k characters, append s") and the casing of lemmas.
 */
export const MAX_SUFFIX = 7;
export const SEP = '\t';

export interface Rule {
  strip: number;
  add: string;
}

export function ruleOf(form: string, lemma: string): Rule {
  let p = 0;
  const n = Math.min(form.length, lemma.length);
  while (p < n && form.charCodeAt(p) === lemma.charCodeAt(p)) p++;
  return { strip: form.length - p, add: lemma.slice(p) };
}

export function applyRule(form: string, strip: number, add: string): string {
  if (strip >= form.length) return add || form;
  return form.slice(0, form.length - strip) + add;
}

/** Copies the form's capitalisation onto a lower-case lemma (whole word if the form is all capitals). */
export function restoreCase(form: string, lemma: string): string {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < form.length; i++) {
    const ch = form[i];
    if (ch !== ch.toLowerCase()) upper++;
    else if (ch !== ch.toUpperCase()) lower++;
  }
  if (upper === 0) return lemma;
  if (lower === 0 && upper > 1) return lemma.toUpperCase();
  let out = '';
  for (let i = 0; i < lemma.length; i++) {
    const f = i < form.length ? form[i] : '';
    out += f && f !== f.toLowerCase() ? lemma[i].toUpperCase() : lemma[i];
  }
  return out;
}

export const hasUpper = (s: string): boolean => s !== s.toLowerCase();
