/**
 * Hand-written tables the verb dictionary does not cover: nominal events ("talks between X and Y", "X's visit
 * to Y"), light verbs whose object carries the event ("held talks", "launched an attack"), intent and threat
 * governors, and the CAMEO recoding of an act into its intent (03x) or threat (13x) form.
 */

export interface NominalEvent {
  code: string;
  /** Reverse code (target → source) for visits: the host "hosts a visit" (043). */
  reverse?: string;
  /** Reciprocal: both directions get `code` (talks, meetings). */
  reciprocal?: boolean;
  /** Prepositions whose object is the target. */
  targetPreps: string[];
  /**
   * An event only when a "between" phrase names both parties ("a military accord between Turkey and Israel"), not a
   * pair before the noun ("the 1993 PLO-Israel interim peace deal", "Israel's peace treaty with Egypt": agreements
   * the story refers to, made long before) nor a clause around it ("discussed … a framework agreement").
   */
  betweenOnly?: boolean;
}

/**
 * Herald's story scope: an agreement between two named parties is their agreeing (057, both ways, as the news
 * annotators code truce and peace deals).
 */
export const AGREEMENT_NOMINALS = new Set(['agreement', 'accord', 'pact', 'treaty', 'deal', 'memorandum', 'ceasefire', 'cease-fire', 'truce']);
export const AGREEMENT_EVENT: NominalEvent = { code: '057', reciprocal: true, targetPreps: [], betweenOnly: true };

const TGT = ['to', 'on', 'against', 'with', 'at', 'in', 'into', 'toward', 'towards', 'upon'];

export const NOMINAL_EVENTS: Record<string, NominalEvent> = {
  visit: { code: '042', reverse: '043', targetPreps: ['to', 'in', 'at'] },
  trip: { code: '042', reverse: '043', targetPreps: ['to', 'in'] },
  tour: { code: '042', reverse: '043', targetPreps: ['of', 'to', 'in'] },
  talk: { code: '046', reciprocal: true, targetPreps: ['with'] },
  negotiation: { code: '046', reciprocal: true, targetPreps: ['with'] },
  meeting: { code: '040', reciprocal: true, targetPreps: ['with'] },
  summit: { code: '040', reciprocal: true, targetPreps: ['with'] },
  consultation: { code: '040', reciprocal: true, targetPreps: ['with'] },
  contact: { code: '040', reciprocal: true, targetPreps: ['with'] },
  conversation: { code: '040', reciprocal: true, targetPreps: ['with'] },
  attack: { code: '190', targetPreps: TGT },
  assault: { code: '190', targetPreps: TGT },
  offensive: { code: '190', targetPreps: TGT },
  invasion: { code: '192', targetPreps: ['of'] },
  airstrike: { code: '195', targetPreps: TGT },
  bombing: { code: '195', targetPreps: ['of', 'on', 'against'] },
  raid: { code: '190', targetPreps: TGT },
  sanction: { code: '163', targetPreps: ['on', 'against'] },
  embargo: { code: '163', targetPreps: ['on', 'against'] },
  boycott: { code: '163', targetPreps: ['of', 'on', 'against'] },
  threat: { code: '130', targetPreps: ['to', 'against'] },
  ultimatum: { code: '139', targetPreps: ['to'] },
  arrest: { code: '173', targetPreps: ['of'] },
  condemnation: { code: '111', targetPreps: ['of'] },
  protest: { code: '140', targetPreps: ['against'] },
  aid: { code: '070', targetPreps: ['to', 'for'] },
  apology: { code: '055', targetPreps: ['to'] },
  mediation: { code: '045', targetPreps: ['between', 'in'] },
  investigation: { code: '090', targetPreps: ['into', 'against', 'of'] },
  inquiry: { code: '090', targetPreps: ['into', 'against'] },
  probe: { code: '090', targetPreps: ['into', 'against'] },
  ceasefire: { code: '0871', targetPreps: ['with', 'in'] },
  truce: { code: '0871', targetPreps: ['with'] },
  withdrawal: { code: '0874', targetPreps: ['from'] },
  pullout: { code: '0874', targetPreps: ['from'] },
  demand: { code: '100', targetPreps: ['on', 'to', 'for'] },
  accusation: { code: '112', targetPreps: ['against'] },
  allegation: { code: '112', targetPreps: ['against'] },
  criticism: { code: '111', targetPreps: ['of'] },
  assistance: { code: '070', targetPreps: ['to', 'for'] },
  demonstration: { code: '141', targetPreps: ['against'] },
  blockade: { code: '191', targetPreps: ['of', 'on', 'against'] },
  shelling: { code: '195', targetPreps: ['of'] },
  execution: { code: '1823', targetPreps: ['of'] },
  expulsion: { code: '174', targetPreps: ['of'] },
  rally: { code: '141', targetPreps: ['against', 'in'] },
  march: { code: '141', targetPreps: ['against', 'on'] },
  torture: { code: '1822', targetPreps: ['of'] },
  fire: { code: '190', targetPreps: ['on', 'at', 'against', 'into'] },
  strike: { code: '190', targetPreps: ['on', 'against', 'in'] },
  arms: { code: '072', targetPreps: ['to', 'for'] },
  weapon: { code: '072', targetPreps: ['to', 'for'] },
  medicine: { code: '073', targetPreps: ['to', 'for'] },
  food: { code: '073', targetPreps: ['to', 'for'] },
  asylum: { code: '075', targetPreps: ['to'] },
};

/**
 * Nouns that carry an event only as the object of a verb without a code of its own or of a light verb
 * ("strengthened its forces in Lebanon" 154, "will extend the curfew" 1723, "declared a state of siege" 1724):
 * anywhere else they are no event.
 */
export const OBJECT_NOMINALS: Record<string, NominalEvent> = {
  forces: { code: '154', targetPreps: ['in', 'to', 'near', 'along'] },
  troops: { code: '154', targetPreps: ['in', 'to', 'near', 'along'] },
  curfew: { code: '1723', targetPreps: ['in', 'on'] },
  state: { code: '1724', targetPreps: ['in'] },
  law: { code: '1724', targetPreps: ['in'] },
  restrictions: { code: '172', targetPreps: ['on', 'against', 'for'] },
  supplies: { code: '070', targetPreps: ['to', 'for'] },
  goods: { code: '070', targetPreps: ['to', 'for'] },
  compensation: { code: '0842', targetPreps: ['to'] },
  measures: { code: '1724', targetPreps: ['in', 'on', 'against'] },
};

/** Verbs that cut or end what their object is ("reduced food supplies", "halted aid", "lifted the curfew"). */
export const REDUCE_VERBS = new Set(['reduce', 'cut', 'halt', 'suspend', 'stop', 'end', 'withhold', 'slash', 'freeze', 'withdraw', 'cancel', 'curtail', 'lift', 'ease', 'relax', 'remove', 'rescind', 'revoke', 'scrap', 'abolish']);

/** "strike" is a labour or hunger strike (143/142) when so modified, else a military strike. */
export const STRIKE_KINDS: Record<string, string> = { hunger: '142', general: '143', labor: '143', labour: '143', nationwide: '143', national: '143', 'four-day': '143', 'one-day': '143', 'two-day': '143', 'three-day': '143', 'week-long': '143' };

/** Verbs whose object noun carries the event when no dictionary pattern codes the verb itself. */
export const LIGHT_VERBS = new Set([
  'hold', 'conduct', 'have', 'launch', 'carry', 'stage', 'make', 'pay', 'mount', 'begin', 'start', 'resume', 'open',
  'wage', 'step', 'continue', 'undertake', 'impose', 'slap', 'level', 'issue', 'deliver', 'announce', 'enter', 'host',
  'renew', 'conclude', 'complete', 'declare', 'call', 'give', 'grant', 'offer', 'provide', 'send', 'extend', 'order',
]);

/** Verbs (and predicative adjectives) whose xcomp states an intention: the inner act codes as its intent. */
export const INTENT_GOVERNORS = new Set([
  'plan', 'intend', 'want', 'seek', 'hope', 'vow', 'pledge', 'promise', 'offer', 'agree', 'decide', 'prepare', 'aim',
  'expect', 'ready', 'willing', 'prepared', 'determined', 'set', 'wish', 'resolve', 'propose', 'commit', 'consider',
  // "is scheduled to meet", "is due to visit": an appointment is an intent
  'schedule', 'due', 'poise', 'poised',
  // "invited Arafat to meet him": an invitation is the inviter's intent to meet (the news gold's 036)
  'invite',
]);

/** Threat verbs: their object/xcomp act is not coded; the threat's code is refined by it. */
export const THREAT_VERBS = new Set(['threaten', 'warn', 'vow']);

/** Future auxiliaries. */
export const FUTURE_AUX = new Set(['will', "'ll", 'shall']);

/**
 * The intent (03x) or threat (13x) form of an act's CAMEO code; the code itself when CAMEO has none
 * (statements, appeals, demands, disapproval, rejection, and intents/threats already).
 */
export function intentCode(code: string): string {
  const root = code.slice(0, 2);
  switch (root) {
    case '04':
      return '036';
    case '05':
      return '032';
    case '06':
      return '031';
    case '07':
      return '033';
    case '08':
      return '035';
    case '09':
      return '030';
    case '15':
      return '138';
    case '16':
      return code.startsWith('163') ? '1312' : code.startsWith('161') ? '1313' : '131';
    case '17':
      return '137';
    case '18':
    case '19':
    case '20':
      return '138';
    default:
      return code;
  }
}

/** The threat code of "threaten <act>": 138 for force, 131 for sanctions, 137 for repression; else 130. */
export function threatCode(innerCode: string | null): string {
  if (!innerCode) return '130';
  const c = intentCode(innerCode);
  return c.startsWith('13') ? c : '130';
}

/** Verbs too polysemous for their dictionary default code ("take a position" is no seizure, "I think" no consultation). */
export const GENERIC_VERBS = new Set(['take', 'make', 'give', 'get', 'have', 'hold', 'put', 'set', 'go', 'come', 'keep', 'run', 'turn', 'bring', 'leave', 'move', 'see', 'look', 'find', 'show', 'play', 'carry', 'work', 'face', 'call', 'express', 'think']);

/** Common news verbs the CAMEO.2.0 dictionary lacks (Herald profile only): lemma → CAMEO code. */
export const SUPPLEMENT_VERBS: Record<string, string | null> = {
  // no code of its own: its object carries the event ("handed over 700 kg of medicine")
  hand: null,
  urge: '020',
  sanction: '163',
  telephone: '041',
  phone: '041',
  lambast: '111',
  slam: '111',
  rebuke: '111',
  castigate: '111',
};

/** Statement verbs whose complement with "must"/"should" is a demand on its subject (CAMEO 100). */
export const DEMAND_MODALS = new Set(['must', 'should']);

/** Herald's codes for dictionary verbs whose own code is "no event" ("---"), used when no pattern matches. */
export const SUPPLEMENT_DEFAULTS: Record<string, string> = {
  reject: '120',
  refuse: '120',
  rebuff: '120',
  lift: '081',
  ease: '081',
  relax: '081',
  sign: '057',
  vow: '030',
  deploy: '150',
  // "Syria slams Israel": the dictionary files "slam" under crashes only
  slam: '111',
  // "X denied the charges", "denied that …": in news a denial is the speaker's rejection of a claim against it
  // (CAMEO 016); news-train's annotators coded 9 of its 13 uses, 8 as 016
  deny: '016',
};
