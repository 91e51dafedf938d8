/**
 * Rules over the coded triggers before they are emitted (see ../coder.ts): light verbs whose object carries the
 * event, intents and threats (step 4), Herald's story-scope readings of some acts (verdicts, expulsions, calls for a
 * strike, agreements, meetings held), and declining comment.
 */
import { FUTURE_AUX, INTENT_GOVERNORS, LIGHT_VERBS, REDUCE_VERBS, THREAT_VERBS, intentCode, threatCode } from '../nominal.js';
import { clauseTop, headlineTo, negation } from './clause.js';
import { nominalOf, objectNominal } from './nominal-events.js';
import type { CoderContext, VerbTrigger } from './types.js';
import { codableVerb } from './verb-triggers.js';
import { AGREEMENT_NOUNS, AGREEMENT_VERBS, CONDITIONAL_MODALS, COURT_VERDICTS, DECLINE_LEMMAS, DETAIL_NOUNS, INTENT_NOUNS, JOINT_VERBS, LEAVE_ORDERS, MEETING_LEMMAS, MILITARY_STRIKES, MOVEMENT_VERBS, NEGATED_WITHHOLDING, NEG_WORDS, PROTEST_CALLS, WITHHELD_SPEECH, WITHHOLD_VERBS } from './words.js';

/** Light verbs and verbs whose object is the event: the object noun gives the verb its code and is consumed. */
export function lightVerbs(coder: CoderContext, triggers: VerbTrigger[], consumed: Set<number>): void {
  const v = coder.view;
  const profile = coder.res.profile;
  for (const t of triggers) {
    // light verbs: "held talks", "launched an attack", "imposed sanctions", and any verb the dictionary does not
    // code with a noun that is an event only as an object ("strengthened its forces"); in the story scope not with
    // any other event noun (on news-train "received a threat", "played down an attack", "widely-reported talks"
    // made 21 wrong events to 4 right)
    const light = LIGHT_VERBS.has(v.lemma(t.tok)) || REDUCE_VERBS.has(v.lemma(t.tok));
    if (profile.nominals && t.via !== 'pattern' && (light || t.code === null)) {
      const eventNoun = (k: number): boolean => (light || !profile.storyScope ? !!nominalOf(coder, k) : false) || !!objectNominal(coder, k);
      for (const obj of v.childrenRel(t.tok, 'obj')) {
        // "handed over 700 kg of medicine", "delivered $50,000 worth of goods": the measured noun
        const o = eventNoun(obj) ? obj : (v.children(obj).find((c) => v.base(c) === 'nmod' && v.caseOf(c) === 'of' && eventNoun(c)) ?? obj);
        const nom = (light || !profile.storyScope ? nominalOf(coder, o) : undefined) ?? objectNominal(coder, o);
        if (!nom) continue;
        let code = nom.code;
        // "reduced food supplies", "halted economic aid": less of an aid is a cut in it (162)
        if (code.startsWith('07') && REDUCE_VERBS.has(v.lemma(t.tok))) code = '162';
        // "cancelled restrictions", "lifted the curfew": ending a restriction eases it (081, 0813, 0814)
        else if (code.startsWith('17') && REDUCE_VERBS.has(v.lemma(t.tok))) code = code === '1723' ? '0813' : code === '1724' ? '0814' : '081';
        // "suspended the protests": ending dissent eases it (082)
        else if (code.startsWith('14') && REDUCE_VERBS.has(v.lemma(t.tok))) code = '082';
        else if (REDUCE_VERBS.has(v.lemma(t.tok))) continue;
        t.code = code;
        t.passiveCode = nom.reciprocal ? nom.code : null;
        t.via = 'light';
        t.consumed.push(o);
        break;
      }
    }
    for (const k of t.consumed) consumed.add(k);
  }
}

/**
 * Step 4 with Herald's profile: the threat of an act ("threatened to attack"), and an act under an intent governor,
 * a future auxiliary or a condition coded as its intent (03x/13x).
 */
export function intentsAndThreats(coder: CoderContext, triggers: VerbTrigger[], byTok: ReadonlyMap<number, VerbTrigger>, consumed: Set<number>): void {
  const v = coder.view;
  for (const t of triggers) {
    // threats: "threatened to attack", "threatening an attack on Tel Aviv"
    if (THREAT_VERBS.has(v.lemma(t.tok)) && t.code?.startsWith('13')) {
      let inner: string | null = null;
      for (const c of v.childrenRel(t.tok, 'xcomp', 'obj', 'ccomp')) {
        const it = byTok.get(c);
        if (it && it.code) {
          inner = it.code;
          it.suppressed = true;
        } else {
          const nom = nominalOf(coder, c);
          if (nom) {
            inner = nom.code;
            consumed.add(c);
          }
        }
        if (inner) break;
      }
      if (inner) {
        t.code = threatCode(inner);
        t.modality = 'threat';
      }
      continue;
    }
    if (!t.code) continue;
    // "agreed to set up a research centre": an intent governor whose act the dictionary does not code is
    // itself the intent (030) when its own code is cooperative
    if (INTENT_GOVERNORS.has(v.lemma(t.tok)) && /^0[3-9]/.test(t.code) && !t.code.startsWith('03')) {
      const x = v.childrenRel(t.tok, 'xcomp', 'ccomp').find((c) => v.isVerb(c));
      // … or codes an act with no intent form ("agreed to postpone the demonstration")
      const inner = x !== undefined ? byTok.get(x)?.code : undefined;
      if (x !== undefined && (!inner || (intentCode(inner) === inner && !inner.startsWith('03')))) {
        t.code = '030';
        t.passiveCode = null;
        t.modality = 'intent';
        t.targetVerb = x;
      }
    }
    // intent governors: "plans to visit", "is ready to contribute", "agreed to set up"
    let gov = -1;
    // (a planned act the verb is joined to governs it without being its governor: both are acts)
    let conjoined = false;
    // the act is the (to-)complement of an intent word, up to two links up ("is willing to send", "agreed
    // in principle to provide" with the parse's advcl)
    const toMarked = (k: number): boolean => v.children(k).some((c) => v.base(c) === 'mark' && v.lc[c] === 'to');
    for (let k = t.tok, n = 0; n < 2 && gov < 0; n++) {
      const up = v.head(k);
      const r = v.base(k);
      if (up < 0 || !(r === 'xcomp' || ((r === 'advcl' || r === 'ccomp') && toMarked(k)))) break;
      if (INTENT_GOVERNORS.has(v.lemma(up))) gov = up;
      // "arrived in Belgrade to sign a treaty", "left Amman to hold talks": going somewhere to do it (Herald)
      else if (coder.res.profile.storyScope && r === 'advcl' && MOVEMENT_VERBS.has(v.lemma(up))) gov = up;
      k = up;
    }
    // "was to meet Qian and sign an agreement": a verb joined to a planned act is planned too, and so is a step of a
    // planned trip ("Rosati will meet Milosevic in Belgrade, before visiting Montenegro")
    const joined = v.base(t.tok) === 'conj';
    const step = v.base(t.tok) === 'advcl' && v.xpos(t.tok) === 'VBG' && v.children(t.tok).some((c) => v.base(c) === 'mark' && (v.lc[c] === 'before' || v.lc[c] === 'after'));
    if (gov < 0 && coder.res.profile.storyScope && (joined || step)) {
      const first = byTok.get(v.head(t.tok));
      if (first && first.modality === 'intent') {
        gov = first.tok;
        conjoined = true;
      }
    }
    if (gov < 0 && toMarked(t.tok)) {
      // the parse put the act elsewhere: "agreed in principle/obl on Saturday to provide/acl(principle)", or
      // "is ready to contribute/ccomp(said)" — the word right before "to", or the verb the noun hangs on
      const p = v.head(t.tok);
      const g = p >= 0 ? v.head(p) : -1;
      const before = t.tok - 2 >= v.from && v.lc[t.tok - 1] === 'to' ? t.tok - 2 : -1;
      if (v.base(t.tok) === 'acl' && g >= 0 && (v.base(p) === 'obl' || v.base(p) === 'obj') && INTENT_GOVERNORS.has(v.lemma(g))) gov = g;
      else if (before >= 0 && INTENT_GOVERNORS.has(v.lemma(before)) && !v.isNominal(before)) gov = before;
    }
    if (gov < 0 && coder.res.profile.storyScope && toMarked(t.tok) && v.base(t.tok) === 'acl') {
      // "it was time for the rivals to hold talks", "a plan to visit Taiwan": the act a noun of intent looks
      // forward to is planned; "has no desire to hold talks" plans none
      const noun = v.head(t.tok);
      if (noun >= 0 && INTENT_NOUNS.has(v.lemma(noun))) {
        if (v.children(noun).some((c) => v.lc[c] === 'no' || NEG_WORDS.has(v.lc[c]))) {
          t.suppressed = true;
          continue;
        }
        gov = noun;
      }
    }
    // "will", and "would" in a reported clause ("Iraq said it would allow …")
    const futureAux = (k: number, c: number): boolean => v.base(c) === 'aux' && (FUTURE_AUX.has(v.lc[c]) || (v.lc[c] === 'would' && v.base(k) === 'ccomp'));
    // a conditional act ("may halt mediation efforts … if cooperation founders") is a threat or a promise
    const conditional = (k: number): boolean =>
      v.children(k).some((c) => v.base(c) === 'aux' && CONDITIONAL_MODALS.has(v.lc[c])) &&
      v.children(k).some((c) => v.base(c) === 'advcl' && v.children(c).some((m) => v.base(m) === 'mark' && (v.lc[m] === 'if' || v.lc[m] === 'unless')));
    // "Downer was to meet Qian" (the parse: aux "was", mark "to"): a plan (Herald's story scope)
    const beTo = (k: number): boolean => coder.res.profile.storyScope && toMarked(k) && v.children(k).some((c) => v.base(c) === 'aux' && v.lemma(c) === 'be');
    const future = headlineTo(coder, t.tok) || [t.tok, clauseTop(coder, t.tok)].some((k) => v.children(k).some((c) => futureAux(k, c)) || conditional(k) || beTo(k));
    if (gov >= 0 || future) {
      const ic = intentCode(t.code);
      if (ic !== t.code || t.code.startsWith('03')) {
        const visit = /^04[23]/.test(t.code);
        t.code = ic;
        t.modality = ic.startsWith('13') ? 'threat' : 'intent';
        // "X will visit Y": the host's side of a meeting is an intent to meet too (036); others have none
        // (Herald's story scope: a planned visit is the visitor's intent only, as the news gold codes it)
        t.passiveCode = t.passiveCode?.startsWith('04') && !(coder.res.profile.storyScope && visit) ? intentCode(t.passiveCode) : null;
        const g = gov >= 0 ? byTok.get(gov) : undefined;
        if (g && !conjoined) g.suppressed = true;
      }
    }
  }
}

/** Herald's story scope: meetings held, and CAMEO's own readings of acts the dictionary files elsewhere. */
export function storyReadings(coder: CoderContext, triggers: VerbTrigger[]): void {
  const v = coder.view;
  // Herald's story scope: the dictionary files "meet", "discuss" under the intent to meet (036, 0341); a meeting
  // the text reports as held ("King Hassan met Shimon Peres on Thursday") is the meeting itself, and talks held
  // the negotiation (the news gold's 040/046). A planned one is an intent still (modality set above).
  for (const t of triggers) {
    if (t.modality !== 'act' || !t.code?.startsWith('03') || t.via === 'light') continue;
    const lemma = v.lemma(t.tok);
    if (JOINT_VERBS.has(lemma) && lemma !== 'sign' && lemma !== 'initial') {
      t.code = lemma === 'negotiate' || lemma === 'talk' ? '046' : '040';
      t.passiveCode = null;
    }
  }
  for (const t of triggers) {
    if (t.modality !== 'act' || !t.code) continue;
    const lemma = v.lemma(t.tok);
    // CAMEO's own readings of acts the dictionary files elsewhere: a court's verdict is 116 ("find guilty or
    // liable"), not an administrative sanction; expelling people (diplomats, aid workers) is 174, not a cut in
    // relations; an agreement reached, struck or sealed is signed (057), not an intent (03x)
    // dying is no one's act: "tens of thousands have died in the war" names the victims, not who killed them
    // a message or letter sent is the vehicle of what it says (an appeal, a complaint), not a consultation (the
    // dictionary's 040); a patrol is a standing routine, not news (news-train's annotators coded neither)
    if (lemma === 'die' || lemma === 'patrol' || (lemma === 'send' && t.code === '040')) {
      t.code = null;
      t.passiveCode = null;
      continue;
    }
    let protest: string | null = null;
    if (COURT_VERDICTS.has(lemma) || (lemma === 'find' && v.children(t.tok).some((c) => v.lc[c] === 'guilty'))) t.code = '116';
    else if (lemma === 'expel' || lemma === 'deport') t.code = '174';
    // "asked an Iraqi diplomat to leave", "ordered the journalists to leave the country": an expulsion (174)
    else if (LEAVE_ORDERS.has(lemma) && toldToLeave(coder, t.tok)) t.code = '174';
    // "called a general strike", "called for a two-hour strike": the caller strikes or protests (14x), not
    // an appeal to anyone (the news gold's annotators coded all six such in news-train so)
    else if (lemma === 'call' && /^0[12]/.test(t.code) && (protest = calledProtest(coder, t.tok))) t.code = protest;
    else if (reachesAgreement(coder, t)) {
      t.code = '057';
      t.settled = true;
    } else continue;
    t.passiveCode = null;
  }
}

/** Herald's story scope: a verb that declines comment becomes (or adds) a trigger of 011 with no target. */
export function declinedComment(coder: CoderContext, triggers: VerbTrigger[]): void {
  const v = coder.view;
  // declining comment is a speech act of its own (CAMEO 011), with no target: "declined to say how many …",
  // "gave no details" (news-train's annotators coded 32 such, none of which the dictionary codes)
  const byTok2 = new Map(triggers.map((t) => [t.tok, t]));
  for (let i = v.from; i < v.to; i++) {
    // (the word first: the codable-verb test reads the clause and is dear)
    if (!DECLINE_LEMMAS.has(v.lemma(i)) || !codableVerb(coder, i)) continue;
    const inner = declinesComment(coder, i);
    if (inner === null) continue;
    const innerTrig = inner >= 0 ? byTok2.get(inner) : undefined;
    if (innerTrig) innerTrig.suppressed = true;
    const declined: VerbTrigger = {
      tok: i, end: i, code: '011', passiveCode: null, line: null, via: 'pattern', match: null, syntacticPassive: false,
      negated: false, modality: 'act', consumed: [], suppressed: false, targetHint: -1, noTarget: true,
    };
    const t = byTok2.get(i);
    if (t) Object.assign(t, declined);
    else triggers.push(declined);
  }
}

/**
 * Does verb `i` decline comment (CAMEO 011, "Decline comment")? "declined to say", "refused to specify", "declined
 * official comment", "avoided comment", "did not elaborate", "would neither confirm nor deny", "gave no details",
 * "had no immediate comment". Returns the complement verb the refusal governs (suppressed as an act of its own),
 * -1 when there is none, or null when `i` declines nothing.
 */
export function declinesComment(coder: CoderContext, i: number): number | null {
  const v = coder.view;
  const lemma = v.lemma(i);
  if (WITHHOLD_VERBS.has(lemma)) {
    const x = v.childrenRel(i, 'xcomp').find((c) => WITHHELD_SPEECH.has(v.lemma(c)));
    if (x !== undefined) return x;
    if (v.childrenRel(i, 'obj').some((o) => v.lemma(o) === 'comment')) return -1;
    return null;
  }
  const negated = negation(coder, i) >= 0;
  if (NEGATED_WITHHOLDING.has(lemma) && negated) return -1;
  if (lemma === 'confirm' && v.children(i).some((c) => v.lc[c] === 'neither')) return -1;
  if (lemma === 'give' || lemma === 'provide' || lemma === 'offer' || lemma === 'have') {
    const objs = v.childrenRel(i, 'obj').filter((o) => (lemma === 'have' ? v.lemma(o) === 'comment' : DETAIL_NOUNS.has(v.lc[o]) || DETAIL_NOUNS.has(v.lemma(o))));
    if (objs.some((o) => negated || v.children(o).some((c) => v.lc[c] === 'no'))) return -1;
  }
  return null;
}

/**
 * Two parties who agree have reached an agreement (057 both ways), whatever they agreed to do: "Colombia and the
 * United States have agreed", "the two sides agreed to cease the fighting", "Lebed agreed with the rebels to set up
 * joint patrols"; agreeing to meet or talk is the intent to (036). news-train's annotators coded 18 such agreements
 * 057 and 4 agreements to meet 036, none 030; the rules had read "agreed to X" as a promise (030), which the trigger
 * model then mostly dropped.
 */
export function agreedTogether(coder: CoderContext, t: VerbTrigger): void {
  const v = coder.view;
  const k = t.tok;
  if (v.lemma(k) !== 'agree' || t.negated || t.suppressed || (t.modality !== 'act' && !(t.modality === 'intent' && t.code === '030' && t.targetVerb !== undefined))) return;
  const subjects = v.children(k).filter((c) => v.base(c) === 'nsubj');
  // (a coordinated subject, or a plural one counted as two, itself or through its of-phrase: "the governments of
  // the two nations", "Leaders of Iraq's two main Kurdish factions")
  const counted = (n: number): boolean => v.children(n).some((d) => v.lc[d] === 'both' || v.lc[d] === 'two');
  const twoSubjects = subjects.some((s) => v.conjuncts(s).length > 1 || (v.xpos(s) === 'NNS' && (counted(s) || v.children(s).some((c) => v.base(c) === 'nmod' && v.caseOf(c) === 'of' && v.xpos(c) === 'NNS' && counted(c)))));
  const withParty = v.childrenRel(k, 'obl').some((o) => v.caseOf(o) === 'with');
  if (!twoSubjects && !withParty) return;
  const x = v.childrenRel(k, 'xcomp').find((c) => v.isVerb(c));
  t.code = x !== undefined && MEETING_LEMMAS.has(v.lemma(x)) ? '036' : '057';
  t.passiveCode = null;
  t.modality = 'act';
  t.targetVerb = undefined;
  t.via = 'pattern';
  t.settled = true;
}

/** Does trigger `t` reach an agreement ("agreed a truce", "clinched a deal"): an agreement verb of an intent or cooperation code with an agreement for its object? */
export function reachesAgreement(coder: CoderContext, t: VerbTrigger): boolean {
  const v = coder.view;
  return !!t.code && /^0[35]/.test(t.code) && AGREEMENT_VERBS.has(v.lemma(t.tok)) && v.childrenRel(t.tok, 'obj').some((o) => AGREEMENT_NOUNS.has(v.lemma(o)));
}

/** Does verb `tok` tell its object to leave ("asked the diplomat to leave", however the parse hung "to leave")? */
export function toldToLeave(coder: CoderContext, tok: number): boolean {
  const v = coder.view;
  const objs = v.childrenRel(tok, 'obj');
  if (!objs.length) return false;
  const leave = (x: number): boolean => v.lemma(x) === 'leave' && v.children(x).some((m) => v.lc[m] === 'to');
  return v.childrenRel(tok, 'xcomp').some(leave) || objs.some((o) => v.childrenRel(o, 'acl').some(leave));
}

/** The protest code of the strike, boycott or demonstration verb `tok` ("call") calls, or null. */
export function calledProtest(coder: CoderContext, tok: number): string | null {
  const v = coder.view;
  for (const c of v.children(tok)) {
    if (!(v.base(c) === 'obj' || (v.base(c) === 'obl' && v.caseOf(c) === 'for'))) continue;
    const code = PROTEST_CALLS[v.lemma(c)];
    if (!code) continue;
    // (an air strike called for is an appeal for an attack)
    if (v.children(c).some((m) => MILITARY_STRIKES.has(v.lc[m]))) continue;
    return code;
  }
  return null;
}
