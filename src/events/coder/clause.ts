/**
 * Reading a verb's clause off the parse for the event coder: the windows patterns are matched in, negation, voice,
 * headline verbs, unreal clauses and sport scores, noun phrases, and scare quotes.
 */
import type { CoderContext } from './types.js';
import { NEG_WORDS, NP_START, PSYCH_PARTICIPLES, SCORE, STATIVE_PARTICIPLES, STOP_TOP, SUBJ, SUBJ_PASS, TIME_NOUNS, UNREAL_MARKS, WITNESS_NOUNS } from './words.js';

/** Tokens of the verb's phrase after it (objects, PPs, complements), in order. */
export function afterWindow(coder: CoderContext, verb: number, skip: ReadonlySet<number>): number[] {
  const v = coder.view;
  const out: number[] = [];
  const walk = (k: number, top: boolean): void => {
    for (const c of v.children(k)) {
      if (top && (STOP_TOP.has(v.rel(c)) || STOP_TOP.has(v.base(c)))) continue;
      if (!top && v.base(c) === 'punct') continue;
      if (c > verb && !skip.has(c) && !v.isPunct(c)) out.push(c);
      walk(c, false);
    }
  };
  walk(verb, true);
  return out.sort((a, b) => a - b);
}

/** The clause top of a verb: climbs xcomp links ("is about to restore" → about). */
export function clauseTop(coder: CoderContext, verb: number): number {
  const v = coder.view;
  let k = verb;
  let ccomp = 0;
  for (let n = 0; n < 5 && v.head(k) >= 0; n++) {
    if (v.base(k) === 'xcomp') k = v.head(k);
    else if (v.base(k) === 'ccomp' && ccomp++ === 0) k = v.head(k);
    else break;
  }
  return k;
}

/** Words before the verb in its clause. */
export function beforeWindow(coder: CoderContext, verb: number): number[] {
  const v = coder.view;
  const top = clauseTop(coder, verb);
  const out: number[] = [];
  const walk = (k: number, level: number): void => {
    for (const c of v.children(k)) {
      const r = v.rel(c);
      if (r === 'punct' || r === 'parataxis' || r === 'acl:relcl' || r === 'advcl') continue;
      if (level === 0 && (r === 'conj' || r === 'cc')) continue;
      if (c < verb && !v.isPunct(c)) out.push(c);
      walk(c, level + 1);
    }
  };
  if (top < verb) out.push(top);
  walk(top, 0);
  return out.sort((a, b) => a - b);
}

/** Negation words attached to the verb or the verbs it is an xcomp of. */
export function negation(coder: CoderContext, verb: number): number {
  const v = coder.view;
  let k = verb;
  for (let n = 0; n < 4; n++) {
    for (const c of v.children(k)) if (NEG_WORDS.has(v.lc[c]) && (v.base(c) === 'advmod' || v.base(c) === 'neg' || v.base(c) === 'aux' || v.base(c) === 'cc')) return c;
    if (v.base(k) !== 'xcomp' || v.head(k) < 0) break;
    k = v.head(k);
  }
  return -1;
}

export function isPassive(coder: CoderContext, verb: number): boolean {
  const v = coder.view;
  const kids = v.children(verb);
  // "Israel is opposed to …", "Serb forces were engaged in …": a stative participle whose subject acts
  if (coder.res.profile.nominals && STATIVE_PARTICIPLES.has(v.lc[verb]) && !kids.some((c) => v.rel(c) === 'obl:agent' || (v.base(c) === 'obl' && v.caseOf(c) === 'by'))) return false;
  if (coder.res.profile.storyScope && PSYCH_PARTICIPLES.has(v.lc[verb])) return false;
  if (kids.some((c) => v.rel(c) === 'aux:pass')) return true;
  // a headline's participle with its agent and no auxiliary is passive whatever the parse called its subject
  // ("Defiant U.S. neo-Nazi/nsubj jailed by German court/obl:agent")
  if (coder.res.profile.storyScope && v.index === 0 && v.xpos(verb) === 'VBN' && kids.some((c) => v.rel(c) === 'obl:agent') && !kids.some((c) => v.base(c) === 'aux' || v.base(c) === 'obj')) return true;
  // a passive subject without a passive auxiliary counts only on a participle ("North Korea/nsubj:pass fired")
  // (not when it also has an active subject: "The United States/nsubj on Thursday/nsubj:pass fired")
  // (nor when it has a direct object: "Security forces/nsubj:pass also arrested four other men/obj" is active)
  // (nor, in a story's body, a main verb with no auxiliary at all and a noun phrase right after it: a past tense the
  // tagger took for a participle, "Syria/nsubj:pass arrested two Israeli soldiers" — headlines drop the auxiliary
  // of true passives, "Dutch couple kidnapped in Costa Rica")
  if (coder.res.profile.storyScope && v.head(verb) < 0 && v.index > 0 && !kids.some((c) => v.base(c) === 'aux') && verb + 1 < v.to && NP_START.has(v.upos(verb + 1)) && !TIME_NOUNS.has(v.lemma(verb + 1))) return false;
  if (kids.some((c) => SUBJ_PASS.has(v.rel(c)))) return (v.xpos(verb) === 'VBN' || v.xpos(verb) === '') && !kids.some((c) => SUBJ.has(v.rel(c)) || (coder.res.profile.storyScope && v.base(c) === 'obj'));
  // a participle modifying a noun is passive ("an attack launched by X"), unless it has an object: then it is
  // a main verb the parse hung under its subject ("Pyongyang/root … fired/acl two shells")
  return v.rel(verb) === 'acl' && v.xpos(verb) === 'VBN' && !kids.some((c) => v.base(c) === 'obj');
}

/** A headline's "Polish Foreign Minister to visit Yugoslavia": a to-verb on the headline's root noun, a plan. */
export function headlineTo(coder: CoderContext, i: number): boolean {
  const v = coder.view;
  const h = v.head(i);
  return coder.res.profile.storyScope && v.index === 0 && v.base(i) === 'acl' && h >= 0 && v.head(h) < 0 && v.children(i).some((c) => v.base(c) === 'mark' && v.lc[c] === 'to');
}

/**
 * A headline's verb the tagger read as a plural noun ("Manila hails Indonesia", "Bonn appeals for peace"): the
 * root of the story's first sentence, tagged NNS right after a name, whose singular is a dictionary verb.
 */
export function headlineVerb(coder: CoderContext, i: number): boolean {
  const v = coder.view;
  if (!coder.res.profile.storyScope || v.index !== 0 || v.head(i) >= 0 || v.xpos(i) !== 'NNS' || i === v.from || v.upos(i - 1) !== 'PROPN') return false;
  return !!coder.res.lexicon.lookup(v.lc[i].replace(/s$/, ''));
}

/**
 * A clause the parse hung on a noun as its modifier ("the two countries will sign an agreement …, the agency
 * quoted officials as saying": sign ← compound of agency): a verb with its own subject and a finite form or an
 * auxiliary is a clause, whatever its relation says.
 */
export function misattachedClause(coder: CoderContext, i: number): boolean {
  const v = coder.view;
  if (!v.children(i).some((c) => v.base(c) === 'nsubj')) return false;
  const x = v.xpos(i);
  return x === 'VBD' || x === 'VBZ' || x === 'VBP' || v.childrenRel(i, 'aux').length > 0;
}

/** Is token `k` inside a time expression of the sentence ("on Thursday", "last week")? */
export function isTime(coder: CoderContext, k: number): boolean {
  const v = coder.view;
  const at = v.doc.tokens.start[k];
  return (v.doc.time?.expressions(v.index) ?? []).some((x) => x.start <= at && at < x.end);
}

/** Is verb `i` inside a conditional or interrogative clause, or the sentence a question? */
export function unreal(coder: CoderContext, i: number): boolean {
  const v = coder.view;
  if (v.lc[v.to - 1] === '?' || (v.to - 2 >= v.from && v.lc[v.to - 2] === '?')) return true;
  // the verb's own clause and the clauses it is a complement of (xcomp/ccomp/conj), up to the sentence root
  for (let k = i, n = 0; k >= 0 && n < 6; k = v.head(k), n++) {
    if (v.children(k).some((c) => v.base(c) === 'mark' && UNREAL_MARKS.has(v.lc[c]))) return true;
    const r = v.base(k);
    if (r !== 'xcomp' && r !== 'conj' && r !== 'advcl') break;
  }
  return false;
}

/** Does the sentence state a match score ("3-1")? */
export function hasScore(coder: CoderContext): boolean {
  if (coder.scored === undefined) {
    coder.scored = false;
    const lc = coder.view.lc;
    for (let k = coder.view.from; k < coder.view.to && !coder.scored; k++) {
      coder.scored = SCORE.test(lc[k]) || (k + 2 < coder.view.to && /^\d{1,3}$/.test(lc[k]) && (lc[k + 1] === '-' || lc[k + 1] === '–') && /^\d{1,3}$/.test(lc[k + 2]));
    }
  }
  return coder.scored;
}

/** The noun a name-internal token belongs to ("Osgiliath" in "Osgiliath soldiers" → soldiers). */
export function nounHead(coder: CoderContext, k: number): number {
  const v = coder.view;
  let h = k;
  for (let n = 0; n < 4; n++) {
    const r = v.rel(h);
    if ((r === 'compound' || r === 'flat' || r === 'amod' || r === 'nmod:poss' || r === 'flat:name') && v.head(h) >= 0 && v.isNominal(v.head(h))) h = v.head(h);
    else break;
  }
  return h;
}

/** Last token of the noun phrase around nominal `k` (its name-internal dependents, not its PPs or clauses). */
export function phraseEnd(coder: CoderContext, k: number): number {
  const v = coder.view;
  const h = nounHead(coder, k);
  let end = h;
  for (const c of v.subtree(h, new Set(['nmod', 'acl', 'acl:relcl', 'appos', 'conj', 'cc', 'punct']))) end = Math.max(end, c);
  return end;
}

/** Does the path from `k` up to its ancestor `anc` pass through a witness phrase ("in the presence of")? */
export function insideWitnessPhrase(coder: CoderContext, k: number, anc: number): boolean {
  const v = coder.view;
  for (let x = k, d = 0; x >= 0 && x !== anc && d < 99; x = v.head(x), d++) {
    if (v.base(x) === 'obl' && WITNESS_NOUNS.has(v.lemma(x))) return true;
  }
  return false;
}

/** Arcs from `k` up to `anc` (99 when `anc` does not dominate `k`). */
export function depthBelow(coder: CoderContext, k: number, anc: number): number {
  let d = 0;
  for (let x = k; x >= 0 && d < 99; x = coder.view.head(x), d++) if (x === anc) return d;
  return 99;
}

/** Is token `k` inside a short quotation (scare quotes: “cancerous tumor”) of its sentence? */
export function insideScareQuote(coder: CoderContext, k: number): boolean {
  const v = coder.view;
  let open = -1;
  for (let i = k - 1; i >= v.from && i >= k - 6; i--) {
    const f = v.doc.tokens.form[i];
    if (f === '”') return false;
    if (f === '“' || f === '"') {
      open = i;
      break;
    }
  }
  if (open < 0) return false;
  for (let i = k + 1; i < v.to && i <= open + 7; i++) {
    const f = v.doc.tokens.form[i];
    if (f === '”' || f === '"') return true;
  }
  return false;
}
