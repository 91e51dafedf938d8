/**
 * Emitting a coded verb's events (step 3, see ../coder.ts): its sources and targets by the rules, one event per pair
 * of conjoined actors, and the reverse event of a reciprocal code.
 */
import type { ActorRef } from '../args.js';
import { coordinatedPair, countryAt, hyphenedPair, isMutualCode, jointAct, nearestCountry, nearestSubjectBefore, sourceHeads, targetCandidates } from './actors.js';
import { afterWindow, depthBelow, insideWitnessPhrase, nounHead } from './clause.js';
import { actorStart } from './patterns.js';
import type { CodedEvent, CoderContext, VerbTrigger } from './types.js';
import { COURT_VERBS, JOINT_VERBS, LOCATION_PREPS, MOVEMENT_VERBS, NEAR_COUNTRY, RECIPIENT_PREPS, SUBJ, SUBJ_PASS } from './words.js';

export function emitVerb(coder: CoderContext, t: VerbTrigger, events: CodedEvent[]): void {
  const v = coder.view;
  let srcHeads = sourceHeads(coder, t.tok);
  if (t.match && t.match.source >= 0) srcHeads = [t.match.source];
  let sources = srcHeads.flatMap((h) => coder.args.group(h));
  if (coder.res.profile.storyScope && !t.syntacticPassive) {
    // "The U.S. and Colombian governments reached an agreement": the subject's two countries are its two actors
    const pair = srcHeads.length === 1 && v.isNominal(srcHeads[0]) ? coordinatedPair(coder, srcHeads[0]) : null;
    if (pair) sources = pair;
  }
  if (!sources.length && !t.syntacticPassive && !v.children(t.tok).some((c) => SUBJ.has(v.rel(c)) || SUBJ_PASS.has(v.rel(c)))) {
    // the parse lost the clause's subject ("the regime has … stepped up …, including launching … and
    // threatening …" hung under a comma): the nearest subject before the verb in the sentence
    const k = nearestSubjectBefore(coder, t.tok);
    if (k >= 0) sources = coder.args.group(k);
  }
  coder.args.excludeCountries = new Set(sources.map((s) => coder.res.actors.splitCode(s.code).country ?? '').filter(Boolean));
  coder.args.pronounActors = sources;
  const srcSet = new Set(srcHeads.flatMap((h) => v.conjuncts(h)));
  let targets: ActorRef[] = [];
  if (t.targetHint >= 0) {
    const noun = nounHead(coder, t.targetHint);
    if (noun !== t.targetHint) targets = coder.args.group(noun);
    if (!targets.length) targets = coder.args.group(t.targetHint);
  }
  const agentless = t.syntacticPassive && !v.children(t.tok).some((c) => v.rel(c) === 'obl:agent' || (v.base(c) === 'obl' && v.caseOf(c) === 'by'));
  if (!targets.length && t.syntacticPassive && !(agentless && coder.res.profile.linearTarget)) {
    const sp = v.children(t.tok).find((c) => SUBJ_PASS.has(v.rel(c))) ?? (coder.res.profile.storyScope ? v.children(t.tok).find((c) => v.rel(c) === 'nsubj') : undefined);
    if (sp !== undefined) targets = coder.args.group(sp);
    else if (v.rel(t.tok) === 'acl' && v.head(t.tok) >= 0) targets = coder.args.group(v.head(t.tok));
  }
  const byCandidates = (): void => {
    for (const c of targetCandidates(coder, t.tok, srcSet, !t.code?.startsWith('04'))) {
      targets = coder.args.group(c);
      if (targets.length) break;
    }
  };
  const byScan = (): void => {
    // the first actor in the verb phrase (Herald: within two arcs of the verb, not buried in modifiers)
    const srcTokens = new Set(sources.flatMap((s) => rangeOf(s.start, s.end)));
    const maxDepth = coder.res.profile.linearTarget ? 99 : 2;
    for (const k of afterWindow(coder, t.tok, new Set())) {
      if (srcTokens.has(k)) continue;
      const h = actorStart(coder, k);
      if (h < 0 || srcSet.has(h)) continue;
      const noun = nounHead(coder, h);
      // deeper actors count when their own preposition marks a recipient ("… of aid for Romania")
      const depth = depthBelow(coder, noun, t.tok);
      if (depth > maxDepth && !(depth <= 4 && RECIPIENT_PREPS.has(v.caseOf(noun)))) continue;
      // Herald: "said in the presence of President Rouhani": who merely witnesses the act is not its target
      if (!coder.res.profile.linearTarget && insideWitnessPhrase(coder, noun, t.tok)) continue;
      // Herald: "held talks in Germany", "met in Manila": where a meeting or cooperation happens is not whom it is aimed
      // at — unless the act is going there (a visit, "arrived in Chile"); force used somewhere ("fighting in
      // northern Iraq") is aimed at that place
      if (coder.res.profile.storyScope && LOCATION_PREPS.has(v.caseOf(noun)) && /^0[3-6]/.test(t.code ?? '') && !/^04[234]/.test(t.code ?? '') && !MOVEMENT_VERBS.has(v.lemma(t.tok))) continue;
      // Herald: "is attended by delegates from 80 countries, including some allied with Israel": a country inside
      // the phrase of a source the verb governs describes the source, it is not what the act is aimed at
      if (!coder.res.profile.linearTarget && sources.some((s) => s.head !== t.tok && depthBelow(coder, s.head, t.tok) < 99 && depthBelow(coder, noun, s.head) < 99)) continue;
      if (noun !== h && !srcSet.has(noun)) targets = coder.args.group(noun);
      if (!targets.length) targets = coder.args.group(h);
      if (targets.length) break;
    }
  };
  // PETRARCH2: the first actor after the verb in its phrase; Herald: the verb's arguments by role first
  const order = coder.res.profile.linearTarget ? [byScan, byCandidates] : [byCandidates, byScan];
  for (const f of order) if (!targets.length) f();
  if (!targets.length && coder.res.profile.linearTarget) {
    // PETRARCH2 reads the words after the verb, whatever the parse made of them: the first actor before the
    // next verb (or a comma once a noun has gone by: "burned down its embassy, a senior Bree official said")
    let noun = false;
    for (let k = t.end + 1; k < v.to && !targets.length; k++) {
      if (v.isVerb(k) || (noun && v.lc[k] === ',')) break;
      if (v.isNominal(k)) noun = true;
      const h = actorStart(coder, k);
      if (h < 0 || srcSet.has(h) || h < t.tok) continue;
      targets = coder.args.group(h).filter((g) => !sources.some((s2) => s2.code === g.code));
    }
  }
  if (!targets.length && t.targetVerb !== undefined) {
    // "agreed to lift embargoes … to Iran, Libya": the act's own arguments
    for (const c of targetCandidates(coder, t.targetVerb, srcSet)) {
      targets = coder.args.group(c);
      if (targets.length) break;
    }
    if (!targets.length) {
      for (const k of afterWindow(coder, t.targetVerb, new Set())) {
        const h = actorStart(coder, k);
        if (h < 0 || srcSet.has(h) || depthBelow(coder, h, t.targetVerb) > 4) continue;
        targets = coder.args.group(nounHead(coder, h));
        if (!targets.length) targets = coder.args.group(h);
        if (targets.length) break;
      }
    }
  }
  coder.args.excludeCountries = new Set();
  const profile = coder.res.profile;
  // Herald's story scope: going somewhere in one's own country ("Arafat goes to Nablus") is no visit to anyone
  if (profile.storyScope && MOVEMENT_VERBS.has(v.lemma(t.tok)) && targets.length && sources.length) {
    const home = new Set(sources.map((s) => coder.res.actors.splitCode(s.code).country));
    targets = targets.filter((g) => !home.has(coder.res.actors.splitCode(g.code).country));
  }
  // "left Brasilia for Lima": where one leaves for is the goal, not the place left
  if (profile.storyScope && (v.lemma(t.tok) === 'leave' || v.lemma(t.tok) === 'depart')) {
    let dest = v.childrenRel(t.tok, 'obl').find((c) => v.caseOf(c) === 'for');
    // ("left Brasilia on Monday for Lima, …, a spokeswoman said": the parse may hang the goal on the reporting verb)
    if (dest === undefined && v.rel(t.tok) === 'ccomp') dest = v.childrenRel(v.head(t.tok), 'obl').find((c) => c > t.tok && v.caseOf(c) === 'for');
    // (the first place: a parse that runs on past it, "for Lima, the penultimate stop …, a Brazilian Foreign
    // Ministry spokeswoman/conj", names no second goal)
    const goal = dest !== undefined ? coder.args.group(dest) : [];
    if (goal.length) targets = [goal.reduce((a, b) => (b.start < a.start ? b : a))];
  }
  // … nor is where one comes from the goal ("Albright, who arrived from Uruguay")
  if (profile.storyScope && MOVEMENT_VERBS.has(v.lemma(t.tok)) && targets.length) targets = targets.filter((g) => v.caseOf(nounHead(coder, g.head)) !== 'from');
  if (profile.agentCountry && !sources.length && targets.some((g) => !g.agentOnly) && !t.code?.startsWith('01')) {
    // an uncoded or missing actor ("doctors from two American aid groups", "an improvised explosive device"
    // outside the Iraqi city of Basra): the country named in its phrase, else the nearest other country named
    const kb = coder.res.actors;
    const tgt = new Set(targets.map((g) => kb.splitCode(g.code).country).filter(Boolean));
    const inPhrase = srcHeads.flatMap((h) => v.subtree(h)).find((k) => countryAt(coder, k) !== null);
    // (a country named far away belongs to another clause: "after six world powers signed …, the regime has …
    // threatening an attack on Tel Aviv")
    // Only for an actor the sentence names but the KB cannot code: an agentless passive ("North Korea/nsubj:pass
    // fired …") has no actor to stand in for.
    // (not a place where the act happens: "Nyerere arrived in Rome … and held talks" is no Italian act — the issue's
    // "no place name as an actor because the event happened there")
    // (nor a guess for a person the sentence names but the KB does not know: "Nyerere … held talks with the U.S.
    // special envoy to Burundi" is not Burundi's act)
    const named = profile.storyScope && srcHeads.some((h) => coder.args.ctx.entities[h]?.type === 'PERSON');
    const country = inPhrase !== undefined ? countryAt(coder, inPhrase) : srcHeads.length && !named ? nearestCountry(coder, t.tok, tgt, NEAR_COUNTRY, true) : null;
    if (country) {
      const at = inPhrase ?? t.tok;
      sources = [{ code: country, head: at, start: at, end: at + 1, entity: null, name: kb.country(country)?.name ?? country, via: 'kb', agentOnly: false }];
    }
  }
  if (profile.storyScope && agentless && !sources.length && targets.length && /^(17[1-5]|116)/.test(t.code ?? '')) {
    // "four academics have been arrested", "was charged": an agentless arrest, seizure or charge is the
    // authorities' act — the courts' for a charge or sentence, else the police — of the country where it happens
    // (an expulsion, 174, is the government's of the country the story is told from: "Ibrahim's assistant was
    // expelled" in a story from Amman is Jordan's act against an Iraqi, not Iraq's)
    const kb = coder.res.actors;
    const expel = t.code!.startsWith('174');
    const targetCountry = kb.splitCode(targets[0].code).country;
    const country = (expel ? (coder.args.ctx.storyCountry ?? targetCountry) : (targetCountry ?? coder.args.ctx.storyCountry)) ?? null;
    if (country) {
      const sector = expel ? 'GOV' : COURT_VERBS.has(v.lemma(t.tok)) ? 'JUD' : 'COP';
      const name = sector === 'GOV' ? 'the government (implied)' : sector === 'JUD' ? 'the court (implied)' : 'the police (implied)';
      sources = [{ code: country + sector, head: t.tok, start: t.tok, end: t.tok + 1, entity: null, name, via: 'kb', agentOnly: false }];
    }
  }
  // (Herald's story scope: declining to comment, 011, an optimistic comment, 013, and owning up, 015, are addressed
  // to no one: a target the parse finds in what is said, "plays down fears of war with Syria", "admitted kidnapping
  // two other girls", is what the comment is about; news-train's and dev's annotators left all 58 such events
  // without one)
  if (t.noTarget || (profile.storyScope && /^01[135]/.test(t.code ?? ''))) targets = [];
  else if (profile.dropBareStatements && t.code?.startsWith('01') && !targets.length) return;
  if (!sources.length && !targets.length) return;
  if (profile.requireSource && (!sources.length || sources.every((s) => s.agentOnly))) return;
  // Herald: some side must be a named or country actor (not only "officials" acting on nobody) — except in a story
  // with a home country, whose agents are its own: "Paramilitary police detained more than 120 students", and an
  // agent with no one named ("The students marched", a protest the story scope addresses to the government)
  const homeAgents = profile.storyScope && !!coder.args.ctx.storyCountry && sources.length > 0;
  if (profile.nominals && !homeAgents && !sources.some((s) => !s.agentOnly) && !targets.some((g) => !g.agentOnly)) return;
  const base = { trigger: t.tok, triggerEnd: t.end, negated: t.negated, via: t.via, line: t.line, modality: t.modality };
  const S: (ActorRef | null)[] = sources.length ? sources : [null];
  const T: (ActorRef | null)[] = targets.length ? targets : [null];
  // "Gondor and Osgiliath have renewed diplomatic ties": conjoined actors without a target act on each other.
  // Herald: only when the act is one done together (meetings, talks, ties, agreements) and by a pair — "patrolled
  // by U.S., French and British planes" is three patrols of nobody, and five nations meeting as a committee are
  // one body, not twenty pairs
  // (and, in the story scope, not when the verb acts on a thing of its own: "France and Britain backed
  // Fischler's proposal" is each backing the proposal, not each other)
  if (profile.storyScope && !targets.length && sources.length <= 1 && isMutualCode(t.code)) {
    // "Israeli-Palestinian talks resumed": the joint act's subject names both sides
    for (const h of srcHeads) {
      const pair = v.isNominal(h) ? hyphenedPair(coder, h) : null;
      if (pair) sources = pair;
    }
  }
  const together = (): boolean => sources.length === 2 && (isMutualCode(t.code) || (t.modality === 'intent' && !!t.code?.startsWith('03'))) && jointAct(coder, t.tok);
  if (profile.storyScope && targets.length && together()) {
    // "Levy and Kinkel would discuss … German-Israeli relations": a country of the pair itself, named in what
    // they do together, is their topic; they act on each other
    const kb = coder.res.actors;
    const own = new Set(sources.map((x) => kb.splitCode(x.code).country));
    if (targets.every((g) => own.has(kb.splitCode(g.code).country))) targets = [];
  }
  // (and so is an intent to do one together: "Yugoslavia and Croatia were poised to sign a treaty")
  const reciprocal = !targets.length && sources.length > 1 && (!profile.storyScope || together());
  if (profile.storyScope && !targets.length && sources.length > 2) return;
  for (const s of S) {
    let any = false;
    for (const g of reciprocal ? sources : T) {
      // (two people of one government are two actors: "Yeltsin endorses Lebed's plan" is RUSGOV → RUSGOV)
      if (s && g && s.code === g.code && !(profile.storyScope && s.entity && g.entity && s.entity !== g.entity)) continue;
      any = true;
      if (t.code) events.push({ ...base, code: t.code, source: s, target: g });
      // (Herald's story scope: a visit is the visitor's act; the host "hosts" it only when the text says so —
      // GUIDE.md gives a second direction only to acts done together)
      if (t.passiveCode && g && s) {
        if (!(profile.storyScope && t.passiveCode === '043')) events.push({ ...base, code: t.passiveCode, source: g, target: s });
      }
      // Herald's story scope: meeting, negotiating or signing with someone is both sides' act
      // (and so is an agreement reached with someone: "clinched a truce with Chechen separatists")
      else if (g && s && !reciprocal && profile.storyScope && t.modality === 'act' && (JOINT_VERBS.has(v.lemma(t.tok)) || t.settled) && isMutualCode(t.code)) events.push({ ...base, code: t.code!, source: g, target: s });
    }
    // "Jordan and Britain have agreed …, a Jordanian official confirmed": a source does not act on itself; it
    // still acts (Herald)
    if (!any && s && !s.agentOnly && profile.nominals && t.code && !(profile.dropBareStatements && t.code.startsWith('01'))) {
      events.push({ ...base, code: t.code, source: s, target: null });
    }
  }
}

function rangeOf(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i++) out.push(i);
  return out;
}
