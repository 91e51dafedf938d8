/**
 * Dictionary patterns matched against a verb's windows (coder step 2, see ../coder.ts): words and synsets by form or
 * lemma, `+`/`$` actor markers, `^` noun-phrase skips; and each verb block's patterns compiled once and indexed by
 * verb.
 */
import type { PatternTerm, VerbPattern } from '../lexicon.js';
import { phraseEnd } from './clause.js';
import type { CoderContext, PatternMatch } from './types.js';
import { VALID_CODE, WORD_EQUIV } from './words.js';

/** Lowercased word (and lemma when the profile allows) of token `k` matches pattern word `w` at k..? → length. */
export function wordAt(coder: CoderContext, w: string, toks: readonly number[], k: number): number {
  if (k >= toks.length) return 0;
  if (w.startsWith('&')) {
    let best = 0;
    // only the members whose first word is this token's form, lemma or equivalent
    const byFirst = synsetIndex(coder.res.lexicon.synset(w));
    const v = coder.view;
    const tok = toks[k];
    // the form's, the lemma's and the equivalent's members, in that order (without building a joint list)
    for (let li = 0; li < 3; li++) {
      const list = byFirst.get(li === 0 ? v.lc[tok] : li === 1 ? v.lemma(tok) : (WORD_EQUIV.get(v.lc[tok]) ?? ''));
      if (!list) continue;
      for (const m of list) {
        if (m.length <= best || k + m.length > toks.length) continue;
        let ok = true;
        for (let j = 0; j < m.length && ok; j++) ok = same(coder, m[j], toks[k + j]);
        if (ok) best = m.length;
      }
    }
    return best;
  }
  return same(coder, w, toks[k]) ? 1 : 0;
}

export function same(coder: CoderContext, w: string, tok: number): boolean {
  const v = coder.view;
  if (v.lc[tok] === w) return true;
  if (!coder.res.profile.lemmaMatch) return false;
  return v.lemma(tok) === w || WORD_EQUIV.get(v.lc[tok]) === w;
}

/** Matches the words of a term starting at toks[k]; returns tokens covered or -1. */
export function termAt(coder: CoderContext, term: PatternTerm, toks: readonly number[], k: number): number {
  let n = 0;
  for (const w of term.words) {
    const m = wordAt(coder, w, toks, k + n);
    if (!m) return -1;
    n += m;
  }
  return n;
}

/** Token → head token of an actor phrase starting there (actors and agents of the KB), for `+`/`$`. */
export function actorStart(coder: CoderContext, tok: number): number {
  // lazily: the actor or agent phrase covering `tok` starts at most a few tokens before it
  const v = coder.view;
  const memo = (coder.actorStarts ??= new Map());
  const known = memo.get(tok);
  if (known !== undefined) return known;
  const args = coder.args;
  let found = -1;
  for (let j = tok; j >= v.from && j > tok - 7 && found < 0; j--) {
    const a = args.actorAt(j);
    const len = a?.code ? a.length : (args.agentAt(j)?.length ?? 0);
    if (!len || j + len <= tok) continue;
    let head = j + len - 1;
    for (let k = j; k < j + len; k++) {
      const h = v.head(k);
      if (h < j || h >= j + len) head = k;
    }
    for (let k = j; k < j + len; k++) memo.set(k, head);
    found = head;
  }
  if (found < 0 && args.demonymAt(tok)) found = tok;
  memo.set(tok, found);
  return found;
}

/**
 * Greedy earliest match of a sequence of terms over `toks` (gaps allowed between terms). Returns the score
 * (words matched), the tokens used, and the heads at `+`/`$` markers; null when some term does not match.
 */
export function matchSeq(coder: CoderContext, terms: PatternTerm[], toks: readonly number[], out: { score: number; tokens: number[]; target: number; source: number }): boolean {
  let k = 0;
  for (const term of terms) {
    if (term.marker === 'skip') {
      // "^" skips one noun phrase
      let j = k;
      while (j < toks.length && !coder.view.isNominal(toks[j])) j++;
      if (j >= toks.length) return false;
      const end = phraseEnd(coder, toks[j]);
      k = j + 1;
      while (k < toks.length && toks[k] <= end) k++;
      continue;
    }
    if (term.marker) {
      let found = -1;
      for (let j = k; j < toks.length && found < 0; j++) if (actorStart(coder, toks[j]) >= 0) found = j;
      if (found < 0) return false;
      const head = actorStart(coder, toks[found]);
      if (term.marker === 'source') out.source = head;
      else out.target = head;
      out.score += 1;
      k = found + 1;
      while (k < toks.length && actorStart(coder, toks[k]) === head) k++;
      continue;
    }
    let found = -1;
    let len = 0;
    for (let j = k; j < toks.length && found < 0; j++) {
      const n = termAt(coder, term, toks, j);
      if (n > 0) {
        found = j;
        len = n;
      }
    }
    if (found < 0) return false;
    for (let j = found; j < found + len; j++) out.tokens.push(toks[j]);
    out.score += term.words.length;
    k = found + len;
  }
  return true;
}

export function matchCompiled(coder: CoderContext, c: CompiledPattern, after: readonly number[], before: readonly number[], words: ReadonlySet<string>): PatternMatch | null {
  for (const w of c.literals) if (!words.has(w)) return null;
  const out = { score: 0, tokens: [] as number[], target: -1, source: -1 };
  if (!matchSeq(coder, c.after, after, out)) return null;
  if (c.before.length && !matchSeq(coder, c.before, before, out)) return null;
  return { pattern: c.pattern, score: out.score, target: out.target, source: out.source, tokens: out.tokens };
}

interface CompiledPattern {
  pattern: VerbPattern;
  after: PatternTerm[];
  before: PatternTerm[];
  /** Literal words the pattern needs somewhere in its windows (a cheap pre-filter). */
  literals: string[];
  /** The highest score a match can reach (words of its terms; a marker counts one). */
  maxScore: number;
}

const synsetCache = new WeakMap<readonly string[][], Map<string, string[][]>>();

/** A synset's members indexed by their first word. */
function synsetIndex(members: readonly string[][]): Map<string, string[][]> {
  let idx = synsetCache.get(members);
  if (!idx) {
    idx = new Map();
    for (const m of members) {
      if (!m.length) continue;
      let l = idx.get(m[0]);
      if (!l) idx.set(m[0], (l = []));
      l.push(m);
    }
    synsetCache.set(members, idx);
  }
  return idx;
}

/** A block's compiled patterns, also indexed by the verb each was written for. */
class CompiledBlock {
  /** Patterns written for no particular verb. */
  private readonly generic: CompiledPattern[] = [];
  private readonly byVerb = new Map<string, CompiledPattern[]>();
  private readonly memo = new Map<string, CompiledPattern[]>();

  constructor(readonly all: CompiledPattern[]) {
    for (const c of all) {
      const verb = c.pattern.verb;
      if (!verb) this.generic.push(c);
      else {
        let l = this.byVerb.get(verb);
        if (!l) this.byVerb.set(verb, (l = []));
        l.push(c);
      }
    }
  }

  /** The patterns for no particular verb or for one of `verbs`, in dictionary order. */
  forVerbs(...verbs: string[]): CompiledPattern[] {
    const key = verbs.join('|');
    let out = this.memo.get(key);
    if (!out) {
      const set = new Set<CompiledPattern>(this.generic);
      for (const w of verbs) for (const c of this.byVerb.get(w) ?? []) set.add(c);
      out = this.all.filter((c) => set.has(c));
      this.memo.set(key, out);
    }
    return out;
  }
}

const blockCache = new WeakMap<readonly VerbPattern[], CompiledBlock>();

/** A block's patterns compiled once: valid codes only, prepositional phrases flattened into term sequences. */
export function compiledBlock(patterns: readonly VerbPattern[]): CompiledBlock {
  let block = blockCache.get(patterns);
  if (!block) {
    const list: CompiledPattern[] = [];
    for (const p of patterns) {
      if (p.code !== null && !VALID_CODE.test(p.code)) continue;
      const after: PatternTerm[] = [...p.after];
      for (const pp of p.afterPreps) after.push({ words: [pp.prep], head: pp.prep }, ...pp.terms);
      const before: PatternTerm[] = [...p.before];
      for (const pp of p.beforePreps) before.push({ words: [pp.prep], head: pp.prep }, ...pp.terms);
      if (!after.length && !before.length) continue;
      const all = [...after, ...before];
      const literals = all.filter((t) => !t.marker).flatMap((t) => t.words.filter((w) => !w.startsWith('&')));
      const maxScore = all.reduce((n, t) => n + (t.marker === 'skip' ? 0 : t.marker ? 1 : t.words.length), 0);
      list.push({ pattern: p, after, before, literals, maxScore });
    }
    blockCache.set(patterns, (block = new CompiledBlock(list)));
  }
  return block;
}
