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
 *
 * This file loads and applies the lemmatizer; rules.ts has the rewrite rules, train.ts training.
 */
import * as _keys from '../linear/keys.js';
import * as _normalize from '../linear/normalize.js';
import * as _model_file from '../model-file.js';
import * as _paths from '../paths.js';
import * as _rules from './rules.js';
import type { Rule } from './rules.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { hashString } = _keys;
const { normalizeForm } = _normalize;
const { loadModel, saveModel } = _model_file;
const { modelPath } = _paths;
const { applyRule, MAX_SUFFIX, restoreCase, SEP } = _rules;

const FORMAT = 'herald-lemmatizer/1';

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

