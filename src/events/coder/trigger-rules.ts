/**
 * Rules over the coded triggers before they are emitted (see ../coder.ts): light verbs whose object carries the
 * event, intents and threats (step 4), Herald's story-scope readings of some acts (verdicts, expulsions, calls for a
 * strike, agreements, meetings held), and declining comment.
 */
import type { CoderContext, VerbTrigger } from './types.js';
import { AGREEMENT_NOUNS, AGREEMENT_VERBS, MEETING_LEMMAS, MILITARY_STRIKES, PROTEST_CALLS } from './words.js';

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
