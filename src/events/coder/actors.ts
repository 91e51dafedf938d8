/**
 * Argument finding for the event coder (step 3, see ../coder.ts): the heads of a verb's source and its target
 * candidates, joint acts, pairs of countries a noun names, and the countries a sentence names.
 */
import type { ActorRef } from '../args.js';
import { headlineTo, isPassive, nounHead } from './clause.js';
import type { CoderContext } from './types.js';
import { JOINT_NOUNS, JOINT_VERBS, LOCATION_PREPS, MOVEMENT_VERBS, OBJECT_CONTROL, PAIR_MODIFIER_POS, PAIR_SECTORS, PREVERBAL_RELS, PSYCH_PARTICIPLES, RELATIVE_PRONOUNS, SUBJ, SUBJ_PASS, SUBJ_PRONOUNS, TARGET_PREPS, VISIT_VERBS } from './words.js';

/** Heads of the acting argument of `verb` (see the module comment). */
export function sourceHeads(coder: CoderContext, verb: number, depth = 0): number[] {
  const v = coder.view;
  if (depth > 5) return [];
  if (isPassive(coder, verb)) {
    for (const c of v.children(verb)) if (v.rel(c) === 'obl:agent' || (v.base(c) === 'obl' && v.caseOf(c) === 'by')) return [c];
    // PETRARCH2 codes an agentless passive's subject as the source ("The Philippines was criticized over …")
    if (coder.res.profile.linearTarget) {
      const sp = v.children(verb).filter((c) => SUBJ_PASS.has(v.rel(c)));
      if (sp.length) return sp;
    }
    if (v.rel(verb) !== 'acl') return [];
  }
  const h = v.head(verb);
  const isSubj = (c: number): boolean => SUBJ.has(v.rel(c)) || SUBJ_PASS.has(v.rel(c));
  const subjects = v.children(verb).filter(isSubj);
  // a subject the parse hung on an auxiliary ("Bree/nsubj → did/aux … clash")
  for (const a of v.children(verb)) if (v.base(a) === 'aux' || v.base(a) === 'cop') subjects.push(...v.children(a).filter(isSubj));
  for (const c of subjects) {
    if (RELATIVE_PRONOUNS.has(v.lc[c]) && h >= 0) {
      // Herald's story scope: the parse hung the relative clause on a verb ("took a call from … Dennis Ross, who
      // held talks"): the pronoun stands for the noun right before it
      if (coder.res.profile.storyScope && !v.isNominal(h)) {
        const k = c - 1 >= v.from && v.lc[c - 1] === ',' ? c - 2 : c - 1;
        if (k >= v.from && v.isNominal(k)) return [k];
      }
      return [h];
    }
    // "Ethiopia indicated it would act": a pronoun subject of a complement clause is the main subject
    if (v.upos(c) === 'PRON' && SUBJ_PRONOUNS.has(v.lc[c]) && h >= 0 && (v.base(verb) === 'ccomp' || v.base(verb) === 'advcl') && !coder.args.ctx.entities[c]) {
      const up = sourceHeads(coder, h, depth + 1);
      // ("Newspapers said it killed two women": "it" is no plural speaker — it is the bomb)
      const plural = (u: number): boolean => v.xpos(u) === 'NNS' || v.xpos(u) === 'NNPS';
      if (coder.res.profile.storyScope && v.lc[c] === 'it' && up.length === 1 && plural(up[0])) return [];
      if (up.some((u) => v.upos(u) !== 'PRON')) return up;
    }
  }
  if (subjects.length > 1) {
    // "Ithilen/nsubj 's … minister Calimehtar/nsubj": a subject with a possessive clitic owns the next one
    for (let k = 0; k + 1 < subjects.length; k++) {
      const a = subjects[k];
      if (v.children(a).some((c) => v.base(c) === 'case' && /^['’]s?$/.test(v.lc[c]))) {
        coder.args.extraPossessor.set(subjects[k + 1], a);
        subjects.splice(k, 1);
        k--;
      } else if (subjects[k + 1] === a + 1 && v.isNominal(a) && !v.caseOf(a)) {
        // "Human rights/nsubj activists/nsubj in Arnor": one noun phrase the parse split in two subjects
        coder.args.spanPrefix.set(a + 1, v.subtree(a)[0]);
        subjects.splice(k, 1);
        k--;
      }
    }
  }
  if (subjects.length) {
    // a parse with two subjects ("Old foes/nsubj Gondor/nsubj and Osgiliath have renewed"): the coded one;
    // an uncoded subject with an actor before it ("Caras Galadhon/vocative 's new mayor"): that actor
    const coded = subjects.filter((c) => coder.args.group(c).length > 0);
    if (coded.length) return coded;
    // "Old foes/nsubj Gondor/obj(foes) and Osgiliath have renewed …": names the parse hung under an uncoded
    // subject noun are the subject
    for (const c of subjects) {
      const named = v.children(c).filter((k) => k > c && v.upos(k) === 'PROPN' && !v.caseOf(k) && v.base(k) !== 'compound' && v.base(k) !== 'flat' && coder.args.group(k).some((a) => !a.agentOnly));
      if (named.length) return named;
    }
    const pre = preverbalActor(coder, verb);
    return pre >= 0 ? [pre] : [subjects[0]];
  }
  const fallback = preverbalActor(coder, verb);
  if (fallback >= 0) return [fallback];
  if (h < 0) return [];
  switch (v.rel(verb)) {
    case 'xcomp': {
      // "Gollum was seen to break into …": a passive governor's subject acts
      if (isPassive(coder, h)) {
        const sp = v.children(h).find((c) => SUBJ_PASS.has(v.rel(c)));
        if (sp !== undefined) return [sp];
      }
      if (OBJECT_CONTROL.has(v.lemma(h))) {
        const o = v.firstChild(h, 'obj', 'iobj');
        if (o >= 0) return [o];
      }
      return sourceHeads(coder, h, depth + 1);
    }
    case 'conj': {
      // a verb conjoined to a non-verb by a parse error ("on Thursday and promised"): the nearest verb above
      let g = h;
      for (let n = 0; n < 6 && g >= 0 && !(v.isVerb(g) || v.upos(g) === 'ADJ'); n++) g = v.head(g);
      // "X has been indicted by Y and will resign": the passive's subject, not its agent, acts in the conjunct
      if (g >= 0 && isPassive(coder, g) && v.rel(g) !== 'acl') {
        const sp = v.children(g).filter((c) => SUBJ_PASS.has(v.rel(c)));
        if (sp.length) return sp;
      }
      return g >= 0 ? sourceHeads(coder, g, depth + 1) : [];
    }
    case 'advcl': {
      // "Interfax quoted Lebed as saying …", "State media quoted Tang Shubei as telling …": the one quoted speaks
      if ((v.lemma(h) === 'quote' || v.lemma(h) === 'cite') && v.children(verb).some((c) => v.base(c) === 'mark' && v.lc[c] === 'as')) {
        const o = v.firstChild(h, 'obj');
        if (o >= 0) return [o];
      }
      // "Kwasniewski is scheduled to meet …" read as a purpose clause: the passive governor's subject acts, as
      // for an xcomp
      if (isPassive(coder, h) && v.children(verb).some((c) => v.base(c) === 'mark' && v.lc[c] === 'to')) {
        const sp = v.children(h).find((c) => SUBJ_PASS.has(v.rel(c)));
        if (sp !== undefined) return [sp];
      }
      return sourceHeads(coder, h, depth + 1);
    }
    case 'acl:relcl':
      return [h];
    case 'acl': {
      // "support for an intifada to eradicate …": whoever would act is not stated
      const toMark = v.children(verb).some((c) => v.base(c) === 'mark' && v.lc[c] === 'to');
      // PETRARCH2 reads the noun before the verb as its subject, participle or not
      if (!toMark && coder.res.profile.linearTarget) return [h];
      // a headline's "X to visit Y" is X's plan
      if (toMark && headlineTo(coder, verb)) return [h];
      return toMark || isPassive(coder, verb) ? [] : [h];
    }
    default:
      return [];
  }
}

/**
 * A parse that missed the subject ("Osgiliath/ADV welcomed", "The United States/obl on Thursday fired"): the
 * nearest dependent before the verb, without a preposition, that codes as an actor.
 */
export function preverbalActor(coder: CoderContext, verb: number): number {
  const v = coder.view;
  const kids = v.children(verb);
  for (let j = kids.length - 1; j >= 0; j--) {
    const c = kids[j];
    if (c > verb || !PREVERBAL_RELS.has(v.base(c)) || v.caseOf(c)) continue;
    if (coder.args.group(c).some((a) => !a.agentOnly)) return c;
  }
  return -1;
}

/** The nearest nominal subject before `verb` that codes as a named or country actor, or -1. */
export function nearestSubjectBefore(coder: CoderContext, verb: number): number {
  const v = coder.view;
  for (let k = verb - 1; k >= v.from; k--) {
    if (v.rel(k) !== 'nsubj' || !v.isNominal(k)) continue;
    if (coder.args.group(k).some((a) => !a.agentOnly)) return k;
  }
  return -1;
}

/** Candidate target heads of `verb` in preference order. */
export function targetCandidates(coder: CoderContext, verb: number, sourceSet: ReadonlySet<number>, possessors = false): number[] {
  const v = coder.view;
  const out: number[] = [];
  const objs = v.childrenRel(verb, 'obj');
  out.push(...objs, ...v.childrenRel(verb, 'iobj'));
  const obls: number[] = [];
  // Herald: "in"/"near" phrases are places, not targets ("discussed … in Washington")
  const preps = coder.res.profile.linearTarget ? TARGET_PREPS : TARGET_PREPS.filter((p) => p !== 'in' && p !== 'near');
  for (const c of v.children(verb)) {
    if (v.base(c) !== 'obl' || v.rel(c) === 'obl:tmod' || v.rel(c) === 'obl:npmod' || v.rel(c) === 'obl:unmarked') continue;
    // (a feeling's cause: "dismayed by Netanyahu's refusal" is aimed at Netanyahu, "angered by the decision" at no one)
    if (coder.res.profile.storyScope && PSYCH_PARTICIPLES.has(v.lc[verb]) && (v.rel(c) === 'obl:agent' || v.caseOf(c) === 'by' || v.caseOf(c) === 'at' || v.caseOf(c) === 'with' || v.caseOf(c) === 'over')) {
      obls.push(c);
      for (const p of v.children(c)) if (v.rel(p) === 'nmod:poss' && v.upos(p) !== 'PRON') obls.push(p);
      continue;
    }
    if (v.rel(c) === 'obl:agent') continue;
    if (preps.includes(v.caseOf(c))) obls.push(c);
  }
  const objConj = objs.flatMap((o) => v.conjuncts(o));
  // "condemned an attack by Osgiliath soldiers": the attacker is who the condemnation is aimed at
  for (const o of objConj) for (const c of v.children(o)) if (v.base(c) === 'nmod' && v.caseOf(c) === 'by') out.push(c);
  // Herald: "backed Fischler's proposal", "rejected Sieg's argument": whose the object is, when it is no one
  // itself (a name, not a pronoun: "its proposal" is the subject's own; not for consultations: who "discussed
  // Lebed's plans" did not meet Lebed)
  // (but "its" after a person's act is no person's: "Buyoya dismissed its threat" — the Security Council's)
  const personActs = [...sourceSet].some((k) => coder.args.ctx.entities[k]?.type === 'PERSON');
  if (coder.res.profile.storyScope && possessors) for (const o of objConj) for (const c of v.children(o)) if (v.rel(c) === 'nmod:poss' && (v.upos(c) !== 'PRON' || (personActs && v.lc[c] === 'its'))) out.push(c);
  for (const o of objConj) for (const c of v.children(o)) if (v.base(c) === 'nmod' && preps.includes(v.caseOf(c)) && v.caseOf(c) !== 'of') obls.push(c);
  // "Arnor signed a protocol with Dagolath/obl(said), officials said": a prepositional phrase the parse hung on
  // the reporting verb after the clause, but lying between this verb and that verb's subject, is this verb's
  const h = v.head(verb);
  if (h > verb && (v.base(verb) === 'ccomp' || v.base(verb) === 'parataxis')) {
    const subj = v.children(h).find((c) => SUBJ.has(v.rel(c)) && c > verb);
    for (const c of v.children(h)) {
      if (c <= verb || (subj !== undefined && c >= subj) || v.base(c) !== 'obl' || v.rel(c) === 'obl:tmod' || v.rel(c) === 'obl:unmarked') continue;
      if (preps.includes(v.caseOf(c))) obls.push(c);
    }
  }
  obls.sort((a, b) => a - b);
  out.push(...obls);
  for (const c of v.childrenRel(verb, 'ccomp', 'xcomp')) {
    // a clause before the verb is what was said, not whom it concerns ("X is about to …, an official said")
    if (c < verb) continue;
    for (const s of v.children(c)) if (SUBJ.has(v.rel(s)) || SUBJ_PASS.has(v.rel(s))) out.push(s);
    out.push(...v.childrenRel(c, 'obj'));
  }
  return out.filter((k) => !sourceSet.has(k));
}

/** Is verb `tok` an act its subjects do together: a joint verb, or one whose object is a joint thing (ties, a deal)? */
export function jointAct(coder: CoderContext, tok: number): boolean {
  const v = coder.view;
  if (JOINT_VERBS.has(v.lemma(tok))) return true;
  // (going somewhere is one side's act: "arrived in Chile", unless it is to talk: "arrived … for talks")
  // (in the story scope even that is the visit, one side's: see verbTriggers)
  if (MOVEMENT_VERBS.has(v.lemma(tok))) return !(coder.res.profile.storyScope && VISIT_VERBS.has(v.lemma(tok))) && v.childrenRel(tok, 'obl').some((o) => JOINT_NOUNS.has(v.lemma(o)));
  const objs = v.childrenRel(tok, 'obj');
  return objs.length === 0 || objs.some((o) => JOINT_NOUNS.has(v.lemma(o)));
}

/**
 * The two sides of "between A and B" after noun `n`, read off the text: each side's coded actors inside its own
 * words (up to the clause's next comma, verb or end), the one named last in each (the name after its title).
 */
export function betweenInText(coder: CoderContext, n: number): ActorRef[] | null {
  const v = coder.view;
  const b = n + 1 < v.to && v.lc[n + 1] === 'between' ? n + 1 : -1;
  if (b < 0) return null;
  let and = -1;
  let end = v.to;
  for (let k = b + 1; k < v.to; k++) {
    if (v.lc[k] === 'and' && and < 0) and = k;
    else if ((v.isVerb(k) && v.upos(k) !== 'ADJ') || v.lc[k] === ',' || v.lc[k] === ';' || (v.lc[k] === 'and' && and >= 0)) {
      end = k;
      break;
    }
  }
  if (and < 0) return null;
  const side = (from: number, to: number): ActorRef | null => {
    let best: ActorRef | null = null;
    for (let k = from; k < to; k++) {
      for (const a of coder.args.group(k)) if (a.start >= from && a.end <= to && !a.agentOnly && (!best || a.start >= best.start)) best = a;
    }
    return best;
  };
  const a = side(b + 1, and);
  const c = side(and + 1, end);
  return a && c && (a.code !== c.code || a.entity !== c.entity) ? [a, c] : null;
}

/** The two countries of "Israeli-Palestinian" right before noun `n` (a modifier or two may come between), or null. */
export function hyphenedPair(coder: CoderContext, n: number): ActorRef[] | null {
  const v = coder.view;
  for (let k = n - 2; k > v.from && k >= n - 4; k--) {
    if (v.lc[k] !== '-' && v.lc[k] !== '–') continue;
    const a = countryAt(coder, k - 1);
    const b = countryAt(coder, k + 1);
    if (!a || !b || a === b) return null;
    const kb = coder.res.actors;
    const ref = (tok: number, code: string): ActorRef => ({ code, head: tok, start: tok, end: tok + 1, entity: null, name: kb.country(code)?.name ?? v.forms[tok - v.from], via: 'kb', agentOnly: false });
    return [ref(k - 1, a), ref(k + 1, b)];
  }
  return null;
}

/**
 * "The U.S. and Colombian governments", "Israeli and Syrian negotiators", "Azerbaijani and Armenian officials":
 * two different countries joined by "and" among the modifiers right before a plural noun are two actors, each
 * with the sector the noun names (none for an act: "Israeli and Syrian talks").
 */
export function coordinatedPair(coder: CoderContext, n: number): ActorRef[] | null {
  const v = coder.view;
  if (v.xpos(n) !== 'NNS') return null;
  for (let k = n - 2; k > v.from && k >= n - 5; k--) {
    if (v.lc[k] !== 'and') continue;
    const a = countryAt(coder, k - 1);
    const b = countryAt(coder, k + 1);
    if (!a || !b || a === b) return null;
    // only modifiers between the second country and the noun ("U.S. and Colombian [trade] officials")
    for (let j = k + 2; j < n; j++) if (!PAIR_MODIFIER_POS.has(v.upos(j))) return null;
    const sector = PAIR_SECTORS[v.lemma(n)] ?? coder.res.actors.agent(v.lc[n]) ?? '';
    if (!/^[A-Z]{0,3}$/.test(sector)) return null;
    const kb = coder.res.actors;
    const ref = (tok: number, country: string): ActorRef => ({ code: country + sector, head: tok, start: tok, end: tok + 1, entity: null, name: kb.country(country)?.name ?? v.forms[tok - v.from], via: 'kb', agentOnly: false });
    return [ref(k - 1, a), ref(k + 1, b)];
  }
  return null;
}

/** The country named at token `k` (entity, actor, demonym or capital), or null. */
export function countryAt(coder: CoderContext, k: number): string | null {
  return countryList(coder).find((c) => c.tok === k)?.country ?? null;
}

/** The country named nearest to token `k` in the sentence (not one of `exclude`), or null. */
export function nearestCountry(coder: CoderContext, k: number, exclude?: ReadonlySet<string | null>, within = Infinity, notPlaces = false): string | null {
  let best: string | null = null;
  let dist = within + 1;
  for (const { tok, country } of countryList(coder)) {
    const d = Math.abs(tok - k);
    if (notPlaces && d < dist && LOCATION_PREPS.has(coder.view.caseOf(nounHead(coder, tok)))) continue;
    if (d < dist && !exclude?.has(country)) {
      dist = d;
      best = country;
    }
  }
  return best;
}

export function countryList(coder: CoderContext): { tok: number; country: string }[] {
  const v = coder.view;
  if (!coder.countryTokens) {
    const kb = coder.res.actors;
    const list: { tok: number; country: string }[] = [];
    for (let i = v.from; i < v.to; i++) {
      const ent = coder.args.ctx.entities[i];
      let c = ent?.actor?.country ?? null;
      if (!c) {
        const a = coder.args.actorAt(i);
        if (a?.code) c = kb.splitCode(a.code).country;
      }
      c ??= coder.args.demonymAt(i) ?? (/^\p{Lu}/u.test(v.forms[i - v.from]) ? kb.countryOfCapital(v.forms[i - v.from]) : null);
      if (c) list.push({ tok: i, country: c });
    }
    coder.countryTokens = list;
  }
  return coder.countryTokens;
}

/** CAMEO acts that two parties do together: consult and meet (04x but visit/host), negotiate, cooperate, recognise, sign. */
export function isMutualCode(code: string | null): boolean {
  if (!code) return false;
  if (code.startsWith('04')) return !/^04[23]/.test(code);
  return /^(050|054|057|06)/.test(code);
}
