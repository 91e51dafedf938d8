/**
 * Nominal events for the event coder (Herald's profile): event nouns ("talks between X and Y", "X's visit to Y"),
 * nouns that are events only as an object, and the events nouns trigger with their actors.
 */
import type { ActorRef } from '../args.js';
import { AGREEMENT_EVENT, AGREEMENT_NOMINALS, FUTURE_AUX, NOMINAL_EVENTS, type NominalEvent, OBJECT_NOMINALS, STRIKE_KINDS, intentCode } from '../nominal.js';
import { betweenInText, coordinatedPair, hyphenedPair, sourceHeads } from './actors.js';
import { insideScareQuote, negation } from './clause.js';
import type { CodedEvent, CoderContext, VerbTrigger } from './types.js';
import { DURING_PREPS, LODGE_VERBS, NEG_WORDS, NOMINAL_KEYS } from './words.js';

/** The nominal event of noun `n` (table entry), or undefined. */
export function nominalOf(coder: CoderContext, n: number): (typeof NOMINAL_EVENTS)[string] | undefined {
  const v = coder.view;
  const u = v.upos(n);
  if (u !== 'NOUN' && u !== 'PROPN' && !(u === '_' || u === 'X')) return undefined;
  const l = v.lemma(n);
  if (coder.res.profile.storyScope && AGREEMENT_NOMINALS.has(l)) return AGREEMENT_EVENT;
  // the lemma, the form ("arms" is not "arm"), or the form without a plural s
  const lc = v.lc[n];
  const key = NOMINAL_KEYS.has(l) ? l : NOMINAL_KEYS.has(lc) ? lc : lc.endsWith('s') && NOMINAL_KEYS.has(lc.slice(0, -1)) ? lc.slice(0, -1) : undefined;
  if (key === undefined) return undefined;
  const nom = NOMINAL_EVENTS[key];
  if (key === 'strike') {
    for (const c of v.children(n)) {
      const kind = STRIKE_KINDS[v.lc[c]];
      if (kind) return { ...nom, code: kind, targetPreps: ['against'] };
    }
  }
  // "lodged a protest with Iraq", "made a sharp protest to the Tehran government": an official complaint (114),
  // not a demonstration
  if (key === 'protest' && coder.res.profile.storyScope) {
    const h = v.head(n);
    const lodged = h >= 0 && LODGE_VERBS.has(v.lemma(h));
    if (lodged || v.children(n).some((c) => v.base(c) === 'nmod' && (v.caseOf(c) === 'to' || v.caseOf(c) === 'with'))) return { code: '114', targetPreps: ['to', 'with'] };
  }
  // "a telephone conversation with Yeltsin", "telephone talks": consulting by telephone is 041
  if ((key === 'conversation' || key === 'talk' || key === 'contact') && v.children(n).some((c) => v.lc[c] === 'telephone' || v.lc[c] === 'phone')) return { ...nom, code: '041' };
  // "fire" is an event only as gunfire/rocket fire, not a blaze
  if (key === 'fire' && !v.children(n).some((c) => /^(rocket|artillery|mortar|gun|tank|sniper|machine-gun|cross|small-arms|anti-aircraft)$/.test(v.lc[c]))) return undefined;
  return nom;
}

/** The event of a noun that carries one only as a verb's object ("strengthened its forces", "extend the curfew"). */
export function objectNominal(coder: CoderContext, n: number): NominalEvent | undefined {
  const v = coder.view;
  const l = v.lemma(n);
  const key = [l, v.lc[n]].find((k) => Object.prototype.hasOwnProperty.call(OBJECT_NOMINALS, k));
  if (key === undefined) return undefined;
  // "state of emergency/siege", "martial law"
  if (key === 'state' && !v.children(n).some((c) => /^(emergency|siege)$/.test(v.lc[c]))) return undefined;
  if (key === 'law' && !v.children(n).some((c) => v.lc[c] === 'martial')) return undefined;
  if (key === 'measures' && !v.children(n).some((c) => /^(emergency|security|restrictive)$/.test(v.lc[c]))) return undefined;
  return OBJECT_NOMINALS[key];
}

export function nominals(coder: CoderContext, consumed: ReadonlySet<number>, triggers: VerbTrigger[], events: CodedEvent[]): void {
  const v = coder.view;
  for (let n = v.from; n < v.to; n++) {
    if (consumed.has(n)) continue;
    const nom = nominalOf(coder, n);
    if (!nom) continue;
    if (v.children(n).some((c) => v.lc[c] === 'no' || NEG_WORDS.has(v.lc[c]))) continue;
    if (insideScareQuote(coder, n)) continue;
    let sources: ActorRef[] = [];
    let targets: ActorRef[] = [];
    let between: ActorRef[] = [];
    let namedBetween = false;
    const h = v.head(n);
    // possessive pronouns stand for the governing clause's subject ("his recent trips")
    const gov = h >= 0 && v.isVerb(h) ? h : -1;
    // (the object of a negated verb is no act of the story: "do not rule out guerrilla attacks on Israeli troops")
    if (coder.res.profile.storyScope && gov >= 0 && v.base(n) === 'obj' && negation(coder, gov) >= 0) continue;
    coder.args.pronounActors = gov >= 0 ? sourceHeads(coder, gov).flatMap((k) => coder.args.group(k)) : [];
    for (const c of v.children(n)) {
      const r = v.rel(c);
      const prep = v.caseOf(c);
      if (r === 'nmod:poss' && !sources.length) sources = coder.args.group(c);
      else if (v.base(c) === 'nmod' && prep === 'by' && !sources.length) sources = coder.args.group(c);
      else if (v.base(c) === 'nmod' && prep === 'between') {
        between = coder.args.group(c, 0, coder.res.profile.storyScope);
        namedBetween = true;
      } else if ((v.base(c) === 'nmod' || v.base(c) === 'obl') && nom.targetPreps.includes(prep) && !targets.length) targets = coder.args.group(c);
    }
    if (namedBetween && between.length < 2 && coder.res.profile.storyScope && !nom.betweenOnly) {
      // the parse broke the "between" phrase ("talks between South Korean deputy Foreign Minister Lee Ki-choo
      // and his Chinese counterpart Tang Jiaxuan"): its two sides read off the text (not for an agreement, which
      // such a phrase names more often as a standing one: "monitoring the ceasefire agreement between Israel and
      // Hizbollah guerrillas")
      const pair = betweenInText(coder, n);
      if (pair) between = pair;
    }
    if (!sources.length && between.length < 2 && nom.reciprocal && coder.res.profile.storyScope) {
      // "Israeli-Palestinian talks", "U.S.-Iraqi negotiations": a hyphened pair of countries before a joint act's
      // noun names its two sides
      const pair = hyphenedPair(coder, n) ?? coordinatedPair(coder, n);
      if (pair) between = pair;
    }
    if (!sources.length && between.length < 2) {
      // "US sanctions", "Iranian attack": the actor inside the noun's own phrase
      const own = coder.args.group(n).filter((a) => a.head === n && a.start < n);
      if (own.length) sources = own;
    }
    // (not a protest: "closes university after protests", "jailing people for taking part in demonstrations" —
    // who acts around a protest is rarely who protests)
    if (!sources.length && (nom.reverse || nom.reciprocal || (nom.code.startsWith('14') && !coder.res.profile.storyScope)) && DURING_PREPS.has(v.caseOf(n))) {
      // "Netanyahu, during a visit in Singapore, highlighted …": the visitor is the clause's subject, however
      // the parse attached the phrase
      let w = h;
      let top = h;
      for (let k = 0; k < 4 && w >= 0 && !v.isVerb(w); k++) {
        top = w;
        w = v.head(w);
      }
      if (w >= 0) sources = gov === w ? coder.args.pronounActors : sourceHeads(coder, w).flatMap((k) => coder.args.group(k));
      // a headline with no verb: "France's Juppe on official visit to Greece" — the visitor is the head it hangs on
      else if (coder.res.profile.storyScope && top >= 0 && v.head(top) < 0 && v.isNominal(top)) sources = coder.args.group(top).filter((a) => !a.agentOnly);
    }
    // "Israel and Lebanon renewed negotiations", "X opened investigations against Y": the object of a verb
    // the dictionary does not code is the verb's act
    if (!sources.length && gov >= 0 && v.base(n) === 'obj') {
      sources = coder.args.pronounActors;
      if (!targets.length) {
        for (const c of v.children(gov)) {
          if (v.base(c) === 'obl' && nom.targetPreps.includes(v.caseOf(c))) targets = coder.args.group(c);
          if (targets.length) break;
        }
      }
    }
    if (!targets.length && gov >= 0 && v.base(n) === 'obj') {
      // "highlighted his recent trips to two Muslim countries — Azerbaijan and Kazakhstan": the parse hung the
      // target phrase after the noun on the verb; a common noun stands for the names apposed to it
      for (const c of v.children(gov)) {
        if (c < n || v.base(c) !== 'obl' || !nom.targetPreps.includes(v.caseOf(c))) continue;
        targets = coder.args.group(c);
        for (const a of v.childrenRel(c, 'appos')) if (!targets.length) targets = coder.args.group(a);
        if (targets.length) break;
      }
    }
    // "landed in Belgrade for talks with …", "it was time for political talks": talks one goes to or calls for are
    // planned, an intent to meet (036), as the news gold codes them
    // (and so are talks that "will take place", "should be held": the subject of a verb of the future)
    const futureOf = (k: number): boolean => v.children(k).some((c) => v.base(c) === 'aux' && (FUTURE_AUX.has(v.lc[c]) || v.lc[c] === 'would' || v.lc[c] === 'should'));
    const planned = coder.res.profile.storyScope && /^04/.test(nom.code) && !nom.reverse && (v.caseOf(n) === 'for' || (h >= 0 && v.lemma(h) === 'time') || (h >= 0 && v.base(n) === 'nsubj' && v.isVerb(h) && futureOf(h)));
    // (an agreement with no parties of its own takes none from around it)
    if (nom.betweenOnly && !(namedBetween && between.length >= 2)) continue;
    const code = planned ? intentCode(nom.code) : nom.code;
    const base = { trigger: n, triggerEnd: n, negated: false, via: 'nominal' as const, line: null, modality: planned ? ('intent' as const) : ('act' as const) };
    if (between.length >= 2 && !sources.length) {
      for (const a of between) {
        for (const b of between) {
          // (two people of one government are two sides too: "talks between Russia's Lebed and Chechen leaders")
          if (a.code !== b.code || (coder.res.profile.storyScope && a.start !== b.start && (a.entity === null || a.entity !== b.entity))) events.push({ ...base, code, source: a, target: b });
        }
      }
      continue;
    }
    if (!targets.length && between.length) targets = between;
    // reciprocal acts of conjoined actors ("Israel and Lebanon renewed negotiations")
    const mutual = !targets.length && nom.reciprocal && sources.length > 1;
    if (!targets.length && !mutual && coder.res.profile.nominals && sources.some((s) => !s.agentOnly)) {
      for (const s of sources) events.push({ ...base, code, source: s, target: null });
      continue;
    }
    for (const s of sources) {
      for (const g of mutual ? sources : targets) {
        // (two people of one government are two actors, as for verbs: "a meeting with Lebed" by Chernomyrdin)
        if (s.code === g.code && !(coder.res.profile.storyScope && s.entity && g.entity && s.entity !== g.entity)) continue;
        events.push({ ...base, code, source: s, target: g });
        if (nom.reverse && !(coder.res.profile.storyScope && nom.reverse === '043')) events.push({ ...base, code: nom.reverse, source: g, target: s });
        // (talks planned are the intent of whoever goes to them or calls for them, not of the other side)
        else if (nom.reciprocal && !planned) events.push({ ...base, code, source: g, target: s });
      }
    }
  }
  void triggers;
}
