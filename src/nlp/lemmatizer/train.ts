/**
 * Training the lemmatizer from gold (form, XPOS, lemma) triples: suffix rules from word types, then a lower-case
 * lexicon where the rules are wrong, then an exact lexicon where everything else is wrong.
 */
import type { ConlluSentence } from '../conllu.js';
import { hashString } from '../linear/keys.js';
import { normalizeForm } from '../linear/normalize.js';
import { Lemmatizer } from './lemmatizer.js';
import { hasUpper, MAX_SUFFIX, restoreCase, type Rule, ruleOf, SEP } from './rules.js';

export interface TrainLemmatizerOptions {
  log?: (s: string) => void;
  /** Known words (any case) besides the treebank's forms and lemmas, e.g. from unlabeled text. */
  vocabulary?: Iterable<string>;
  /** Minimum number of word types supporting a suffix rule. */
  minSupport?: number;
}

/** Learns the lexicon and rules from gold (form, XPOS, lemma) triples. Deterministic. */
export function trainLemmatizer(sentences: ConlluSentence[], opts: TrainLemmatizerOptions = {}): Lemmatizer {
  const log = opts.log ?? ((): void => {});
  const minSupport = opts.minSupport ?? 2;
  const majority = (m: Map<string, number>): string => {
    let best = '';
    let bn = -1;
    for (const [k, n] of [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (n > bn) { best = k; bn = n; }
    return best;
  };
  // (normalised lower form, tag) → lower-case lemma counts; (form, tag) → lemma counts
  const lowerCounts = new Map<string, Map<string, number>>();
  const exactCounts = new Map<string, Map<string, number>>();
  const bump = (m: Map<string, Map<string, number>>, k: string, v: string): void => {
    let c = m.get(k);
    if (!c) m.set(k, (c = new Map()));
    c.set(v, (c.get(v) ?? 0) + 1);
  };
  for (const s of sentences) {
    for (const w of s.words) {
      if (w.lemma === '_' && w.form !== '_') continue;
      const tag = w.xpos || w.upos;
      bump(exactCounts, w.form + SEP + tag, w.lemma);
      bump(lowerCounts, normalizeForm(w.form).toLowerCase() + SEP + tag, normalizeForm(w.lemma).toLowerCase());
    }
  }
  // Suffix rules from word types.
  const ruleCounts = new Map<string, Map<string, number>>();
  const lowerBest = new Map<string, string>();
  for (const [key, m] of lowerCounts) {
    const ll = majority(m);
    lowerBest.set(key, ll);
    const [lf, tag] = key.split(SEP);
    const r = ruleOf(lf, ll);
    const rk = `${r.strip}${SEP}${r.add}`;
    for (let len = 0; len <= Math.min(MAX_SUFFIX, lf.length); len++) bump(ruleCounts, tag + SEP + lf.slice(lf.length - len), rk);
  }
  const rules = new Map<string, Rule>();
  for (const [key, m] of ruleCounts) {
    let total = 0;
    for (const n of m.values()) total += n;
    const suffix = key.slice(key.indexOf(SEP) + 1);
    if (suffix.length > 0 && total < minSupport) continue;
    const [strip, add] = majority(m).split(SEP);
    rules.set(key, { strip: Number(strip), add });
  }
  // Drop rules that repeat their parent suffix's rule.
  for (const [key, r] of [...rules].sort((a, b) => b[0].length - a[0].length)) {
    const tag = key.slice(0, key.indexOf(SEP));
    const suffix = key.slice(key.indexOf(SEP) + 1);
    if (!suffix.length) continue;
    let parent: Rule | undefined;
    for (let len = suffix.length - 1; !parent && len >= 0; len--) parent = rules.get(tag + SEP + suffix.slice(suffix.length - len));
    if (parent && parent.strip === r.strip && parent.add === r.add) rules.delete(key);
  }
  // Which tags keep the form's case in the lemma.
  const caseVotes = new Map<string, number>();
  for (const [key, m] of exactCounts) {
    const [form, tag] = key.split(SEP);
    const norm = normalizeForm(form);
    if (!hasUpper(norm)) continue;
    const lemma = normalizeForm(majority(m));
    const n = 1; // word types vote, so that one frequent word ("I") does not decide for its whole tag
    const kept = restoreCase(norm, lemma.toLowerCase());
    if (lemma === kept && lemma !== lemma.toLowerCase()) caseVotes.set(tag, (caseVotes.get(tag) ?? 0) + n);
    else if (lemma === lemma.toLowerCase() && lemma !== kept) caseVotes.set(tag, (caseVotes.get(tag) ?? 0) - n);
  }
  const keepCase = new Set([...caseVotes].filter(([, v]) => v > 0).map(([t]) => t));
  const vocab = new Set<number>();
  for (const s of sentences) for (const w of s.words) vocab.add(hashString(normalizeForm(w.lemma).toLowerCase()));
  for (const v of opts.vocabulary ?? []) vocab.add(hashString(normalizeForm(v).toLowerCase()));
  const lemmatizer = new Lemmatizer(new Map(), new Map(), rules, keepCase, vocab);
  // Lower-case lexicon: only where the rules are wrong.
  const lower = new Map<string, string>();
  for (const [key, ll] of lowerBest) {
    const [lf, tag] = key.split(SEP);
    if (lemmatizer.lowerLemma(lf, tag) !== ll) lower.set(key, ll);
  }
  const withLower = new Lemmatizer(new Map(), lower, rules, keepCase, vocab);
  // Exact lexicon: only where everything else is wrong.
  const exact = new Map<string, string>();
  for (const [key, m] of exactCounts) {
    const [form, tag] = key.split(SEP);
    const lemma = majority(m);
    if (withLower.lemma(form, '', tag) !== lemma) exact.set(key, lemma);
  }
  const result = new Lemmatizer(exact, lower, rules, keepCase, vocab);
  log(`lemmatizer: ${exact.size} exact + ${lower.size} lower-case entries, ${rules.size} suffix rules, keep case for ${[...keepCase].join(' ')}`);
  return result;
}
