/**
 * Lemmatizer: a lexicon learned from a treebank plus suffix-rewrite rules for words it has not seen.
 *
 * A lemma is predicted in three steps, each storing only what the next one gets wrong:
 *   1. exact  (form, XPOS) → lemma, for words whose casing or spelling the general steps miss ("I", "Iranian", "—");
 *   2. lower  (normalised lower-case form, XPOS) → lower-case lemma, for known irregular words ("was" → "be");
 *   3. rules  (XPOS, longest known suffix) → "strip k characters, append s", learned from word types
 *      ("-ies" NNS → "-y"), so that unseen words are handled; the form's casing is then copied onto the lemma
 *      for tags whose lemmas keep case (NNP, NNPS).
 * Forms are normalised as for tagging (’ → ', “ → ", …) so that news typography finds the treebank's entries.
 */
import type { ConlluSentence } from './conllu.js';
import { hashString } from './linear/keys.js';
import { loadModel, saveModel } from './model-file.js';
import { modelPath } from './paths.js';
import { normalizeForm } from './linear/normalize.js';

const FORMAT = 'herald-lemmatizer/1';
const MAX_SUFFIX = 7;
const SEP = '\t';

interface Rule {
  strip: number;
  add: string;
}

function ruleOf(form: string, lemma: string): Rule {
  let p = 0;
  const n = Math.min(form.length, lemma.length);
  while (p < n && form.charCodeAt(p) === lemma.charCodeAt(p)) p++;
  return { strip: form.length - p, add: lemma.slice(p) };
}

function applyRule(form: string, strip: number, add: string): string {
  if (strip >= form.length) return add || form;
  return form.slice(0, form.length - strip) + add;
}

/** Copies the form's capitalisation onto a lower-case lemma (whole word if the form is all capitals). */
function restoreCase(form: string, lemma: string): string {
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

const hasUpper = (s: string): boolean => s !== s.toLowerCase();

const CONSONANT_PAIR = /([bcdfgklmnprstvz])\1$/;

/**
 * Regular-inflection guesses for a lower-case form, most likely first; the first one that is a known word wins
 * over a suffix rule whose result is not ("provoked" → "provoke", not "provok"; "hottest" → "hot").
 */
function candidates(lf: string, tag: string): string[] {
  const out: string[] = [];
  const stem = (suffix: string, y: string): void => {
    if (!lf.endsWith(suffix) || lf.length <= suffix.length + 1) return;
    const x = lf.slice(0, lf.length - suffix.length);
    if (y && x.endsWith('i')) out.push(x.slice(0, -1) + y);
    out.push(x, x + 'e');
    if (CONSONANT_PAIR.test(x)) out.push(x.slice(0, -1));
  };
  switch (tag) {
    case 'VBD':
    case 'VBN':
      stem('ed', 'y');
      if (lf.endsWith('d')) out.push(lf.slice(0, -1));
      break;
    case 'VBG':
      if (lf.endsWith('ying')) out.push(lf.slice(0, -4) + 'ie');
      stem('ing', '');
      break;
    case 'VBZ':
    case 'NNS':
    case 'NNPS':
      if (lf.endsWith('ies')) out.push(lf.slice(0, -3) + 'y');
      if (lf.endsWith('es')) out.push(lf.slice(0, -2));
      if (lf.endsWith('s')) out.push(lf.slice(0, -1));
      break;
    case 'JJR':
    case 'RBR':
      stem('er', 'y');
      break;
    case 'JJS':
    case 'RBS':
      stem('est', 'y');
      break;
  }
  return out;
}

/**
 * A flat table re-keyed by tag: `form SEP tag` keys (exact, lower) or `tag SEP suffix` keys (rules,
 * `tagFirst`), split at their one SEP.
 */
function byTag<V>(flat: Map<string, V>, tagFirst: boolean): Map<string, Map<string, V>> {
  const out = new Map<string, Map<string, V>>();
  for (const [k, v] of flat) {
    const at = tagFirst ? k.indexOf(SEP) : k.lastIndexOf(SEP);
    const tag = tagFirst ? k.slice(0, at) : k.slice(at + 1);
    const word = tagFirst ? k.slice(at + 1) : k.slice(0, at);
    let m = out.get(tag);
    if (!m) out.set(tag, (m = new Map()));
    m.set(word, v);
  }
  return out;
}

export interface TrainLemmatizerOptions {
  log?: (s: string) => void;
  /** Known words (any case) besides the treebank's forms and lemmas, e.g. from unlabeled text. */
  vocabulary?: Iterable<string>;
  /** Minimum number of word types supporting a suffix rule. */
  minSupport?: number;
}

export class Lemmatizer {
  private readonly exact: Map<string, string>;
  private readonly lower: Map<string, string>;
  private readonly rules: Map<string, Rule>;
  private readonly keepCase: Set<string>;
  /** Hashes of known lower-case words (to choose among inflection guesses). */
  private readonly vocab: Set<number>;
  /**
   * The same three tables keyed by tag first (tag → form or suffix → entry), so that a lookup concatenates no
   * strings. Equivalent to the flat keys: neither forms nor tags of stored entries contain SEP.
   */
  private readonly exactByTag: Map<string, Map<string, string>>;
  private readonly lowerByTag: Map<string, Map<string, string>>;
  private readonly rulesByTag: Map<string, Map<string, Rule>>;
  private static cached: Lemmatizer | undefined;

  constructor(
    exact: Map<string, string>, lower: Map<string, string>, rules: Map<string, Rule>, keepCase: Set<string>, vocab: Set<number>,
  ) {
    this.exact = exact;
    this.lower = lower;
    this.rules = rules;
    this.keepCase = keepCase;
    this.vocab = vocab;
    this.exactByTag = byTag(exact, false);
    this.lowerByTag = byTag(lower, false);
    this.rulesByTag = byTag(rules, true);
  }

  static load(path = modelPath('lemmatizer.bin.gz')): Lemmatizer {
    const { meta, arrays } = loadModel(path);
    if (meta.format !== FORMAT) throw new Error(`${path}: not a ${FORMAT} model; retrain with npm run train:tagger`);
    const text = Buffer.from((arrays.entries as Uint8Array).buffer, (arrays.entries as Uint8Array).byteOffset, arrays.entries.byteLength).toString('utf8');
    const exact = new Map<string, string>();
    const lower = new Map<string, string>();
    const rules = new Map<string, Rule>();
    const keepCase = new Set<string>();
    for (const line of text.split('\n')) {
      const c = line.split(SEP);
      if (c[0] === 'A') exact.set(c[1] + SEP + c[2], c[3]);
      else if (c[0] === 'B') lower.set(c[1] + SEP + c[2], c[3]);
      else if (c[0] === 'R') rules.set(c[1] + SEP + c[2], { strip: Number(c[3]), add: c[4] });
      else if (c[0] === 'K') keepCase.add(c[1]);
    }
    const vocab = new Set<number>(arrays.vocab ? (arrays.vocab as Int32Array) : []);
    return new Lemmatizer(exact, lower, rules, keepCase, vocab);
  }

  /** The shipped model, loaded once. */
  static default(): Lemmatizer {
    Lemmatizer.cached ??= Lemmatizer.load();
    return Lemmatizer.cached;
  }

  static train(sentences: ConlluSentence[], opts: TrainLemmatizerOptions = {}): Lemmatizer {
    return trainLemmatizer(sentences, opts);
  }

  save(path = modelPath('lemmatizer.bin.gz')): number {
    const lines: string[] = [];
    for (const [k, v] of [...this.exact].sort()) lines.push(`A${SEP}${k}${SEP}${v}`);
    for (const [k, v] of [...this.lower].sort()) lines.push(`B${SEP}${k}${SEP}${v}`);
    for (const [k, r] of [...this.rules].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      lines.push(`R${SEP}${k}${SEP}${r.strip}${SEP}${r.add}`);
    }
    for (const x of [...this.keepCase].sort()) lines.push(`K${SEP}${x}`);
    const entries = new Uint8Array(Buffer.from(lines.join('\n'), 'utf8'));
    return saveModel(path, {
      meta: { format: FORMAT, exact: this.exact.size, lower: this.lower.size, rules: this.rules.size, vocab: this.vocab.size },
      arrays: { entries, vocab: Int32Array.from([...this.vocab].sort((a, b) => a - b)) },
    });
  }

  get stats(): { exact: number; lower: number; rules: number } {
    return { exact: this.exact.size, lower: this.lower.size, rules: this.rules.size };
  }

  /** Lower-case lemma of a normalised lower-case form from the lexicon or, for unseen words, the suffix rules. */
  lowerLemma(lf: string, tag: string): string {
    const known = this.lowerByTag.get(tag)?.get(lf);
    if (known !== undefined) return known;
    const max = Math.min(MAX_SUFFIX, lf.length);
    let r: Rule | undefined;
    const rules = this.rulesByTag.get(tag);
    if (rules) for (let len = max; !r && len >= 0; len--) r = rules.get(lf.slice(lf.length - len));
    const guess = r ? applyRule(lf, r.strip, r.add) : lf;
    if (this.vocab.size && !this.vocab.has(hashString(guess))) {
      for (const c of candidates(lf, tag)) if (this.vocab.has(hashString(c))) return c;
    }
    return guess;
  }

  /** Lemma of a word given its tags (XPOS preferred; UPOS when XPOS is empty). */
  lemma(form: string, upos: string, xpos: string): string {
    const tag = xpos || upos;
    const exact = this.exactByTag.get(tag);
    const hit = exact?.get(form);
    if (hit !== undefined) return hit;
    const norm = normalizeForm(form);
    if (norm !== form) {
      const h = exact?.get(norm);
      if (h !== undefined) return h;
    }
    const lf = norm.toLowerCase();
    const l = this.lowerLemma(lf, tag);
    return this.keepCase.has(tag) && lf !== norm ? restoreCase(norm, l) : l;
  }
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
