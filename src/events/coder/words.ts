/**
 * Word sets of the event coder (language data: English lemmas, forms, relations and codes the rules test), each
 * with what it is for. The modules of coder/ import the ones they read.
 */
import { NOMINAL_EVENTS } from '../nominal.js';

export const SUBJ = new Set(['nsubj', 'csubj', 'nsubj:outer']);
export const SUBJ_PASS = new Set(['nsubj:pass', 'csubj:pass']);
/** Children of the verb whose subtrees are outside its phrase. */
export const STOP_TOP = new Set(['nsubj', 'nsubj:pass', 'nsubj:outer', 'csubj', 'csubj:pass', 'conj', 'cc', 'parataxis', 'punct', 'discourse', 'vocative', 'list', 'reparandum', 'expl', 'aux', 'aux:pass', 'cop', 'mark']);
export const NEG_WORDS = new Set(['not', "n't", 'never', 'neither', 'nor']);
export const PREVERBAL_RELS = new Set(['obl', 'advmod', 'dep', 'nmod', 'obl:npmod', 'compound', 'appos', 'amod', 'vocative', 'dislocated']);
export const RECIPIENT_PREPS = new Set(['to', 'for', 'against', 'with', 'toward', 'towards', 'into', 'on']);
/** Disagreement verbs (CAMEO 110) that with a that-clause only state a view. */
export const CLAIM_VERBS = new Set(['argue', 'contend']);
/** Verbs of owning up to something: CAMEO 015, acknowledge responsibility ("He also admitted kidnapping two other girls"). */
export const ADMIT_VERBS = new Set(['admit', 'confess']);
/** Modifiers that make an agent word nobody's national ("the international community", "world leaders"). */
export const NO_COUNTRY_MODIFIERS = new Set(['international', 'world', 'global', 'multinational', 'western', 'arab']);
/** Nouns of a phrase naming who witnessed an act, not whom it was aimed at ("in the presence of", "in front of"). */
export const WITNESS_NOUNS = new Set(['presence', 'front', 'company', 'attendance', 'audience']);
export const DURING_PREPS = new Set(['during', 'on', 'after', 'before', 'at', 'for', 'in', 'since']);
export const SUBJ_PRONOUNS = new Set(['it', 'they', 'he', 'she', 'we']);
export const RELATIVE_PRONOUNS = new Set(['which', 'who', 'that', 'whom']);
/** Verbs whose object is the subject of their xcomp ("urged Bree to help"). */
export const OBJECT_CONTROL = new Set(['urge', 'ask', 'call', 'encourage', 'force', 'allow', 'persuade', 'invite', 'order', 'tell', 'press', 'request', 'compel', 'help', 'permit', 'pressure', 'push', 'appeal', 'warn', 'advise', 'want']);
export const TARGET_PREPS = ['with', 'to', 'against', 'on', 'at', 'toward', 'towards', 'for', 'from', 'into', 'over', 'upon', 'about', 'of', 'in', 'between', 'near'];
export const NOMINAL_KEYS = new Set(Object.keys(NOMINAL_EVENTS));
/** How far (tokens) from a trigger a named country may stand in for its missing actor. */
export const NEAR_COUNTRY = 12;
/** Words a dictionary pattern spells one way and news another ("diplomatic ties" for "diplomatic relations"). */
export const WORD_EQUIV = new Map([['ties', 'relations'], ['tie', 'relations'], ['relationship', 'relations'], ['relationships', 'relations']]);
/** Modals of a conditional act ("may halt … if cooperation founders"). */
export const CONDITIONAL_MODALS = new Set(['may', 'might', 'could', 'would', 'will', "'ll"]);
/** Nouns of political dissent (the act a de-escalation stands down from). */
export const PROTEST_NOUNS = new Set(['strike', 'protest', 'demonstration', 'boycott', 'rally', 'march', 'sit-in', 'walkout', 'stoppage']);
/** Participles that describe their subject's stance or activity ("is opposed to", "were engaged in"), not a passive. */
export const STATIVE_PARTICIPLES = new Set(['opposed', 'engaged', 'involved', 'committed', 'determined', 'dedicated', 'devoted', 'prepared', 'poised', 'resolved']);
/**
 * Participles of feeling: "Syria and Arabs have been dismayed by Netanyahu's refusal …" reports Syria's disapproval of
 * Netanyahu, not Netanyahu's of Syria: the subject feels (the source), and the by-phrase names the cause, whose
 * owner (or itself, when it is someone) the feeling is aimed at.
 */
export const PSYCH_PARTICIPLES = new Set(['dismayed', 'angered', 'alarmed', 'outraged', 'upset', 'disappointed', 'worried', 'shocked', 'frustrated', 'annoyed', 'irritated', 'incensed', 'infuriated', 'enraged', 'troubled', 'disturbed', 'saddened', 'displeased', 'appalled', 'offended', 'embarrassed', 'pleased', 'delighted', 'encouraged', 'heartened', 'satisfied', 'gratified']);
export const VALID_CODE = /^\d{2,4}[A-Z]?$/;
/** Prepositions of where something happens ("in Germany", "at the border"). */
export const LOCATION_PREPS = new Set(['in', 'at', 'near', 'inside', 'outside', 'across', 'throughout', 'within']);
/** Parts of speech between a coordinated pair of countries and the noun they qualify (see coordinatedPair). */
export const PAIR_MODIFIER_POS = new Set(['ADJ', 'NOUN', 'PROPN']);

/** Plural nouns of officials the KB's agent dictionary does not code (see coordinatedPair). */
export const PAIR_SECTORS: Record<string, string> = {
  official: 'GOV', negotiator: 'GOV', leader: 'GOV', envoy: 'GOV', delegation: 'GOV', diplomat: 'GOV', minister: 'GOV',
  force: 'MIL', troop: 'MIL', commander: 'MIL', soldier: 'MIL',
};

/** Parts of speech a noun phrase starts with (see isPassive). */
export const NP_START = new Set(['DET', 'NUM', 'ADJ', 'NOUN', 'PROPN']);

/** Nouns of time that stand without a preposition ("last week", "this month"): adjuncts, never objects. */
export const TIME_NOUNS = new Set(['week', 'month', 'year', 'day', 'time', 'weekend', 'morning', 'afternoon', 'evening', 'night', 'hour', 'minute', 'decade', 'century', 'today', 'yesterday', 'tomorrow']);

/** Nouns whose to-infinitive is a planned act ("time to hold talks", "plans to visit"; see verbTriggers). */
export const INTENT_NOUNS = new Set(['time', 'plan', 'desire', 'intention', 'readiness', 'willingness', 'wish', 'proposal', 'offer', 'bid']);

/** Verbs of going somewhere: the place they go to is their target ("arrived in Chile"). */
export const MOVEMENT_VERBS = new Set(['arrive', 'travel', 'fly', 'go', 'come', 'return', 'head', 'land', 'tour']);
/** Those that always go somewhere ("went into talks", "came to an agreement" go nowhere): a visit in the story scope. */
export const VISIT_VERBS = new Set([...MOVEMENT_VERBS].filter((l) => l !== 'go' && l !== 'come'));
/** Verbs of acts two sides do together: "met Nyerere" is Nyerere's meeting too. */
/** Acts of a court, not the police: an agentless "was charged", "was sentenced" is the court's. */
export const COURT_VERBS = new Set(['charge', 'sentence', 'convict', 'try', 'indict', 'jail', 'imprison']);
/** A court's verdicts (CAMEO 116). */
export const COURT_VERDICTS = new Set(['convict', 'sentence']);
/** Verbs that conclude an agreement when their object is one ("reached an agreement", "struck a deal"). */
export const AGREEMENT_VERBS = new Set(['reach', 'agree', 'arrange', 'clinch', 'strike', 'seal', 'conclude']);
export const AGREEMENT_NOUNS = new Set(['agreement', 'deal', 'accord', 'truce', 'ceasefire', 'cease-fire', 'pact', 'treaty', 'settlement', 'protocol']);
/** Things two parties have or make together: "renewed diplomatic ties", "signed a deal". */
export const JOINT_NOUNS = new Set(['tie', 'ties', 'relation', 'relations', 'talk', 'talks', 'agreement', 'accord', 'deal', 'treaty', 'pact', 'cooperation', 'contact', 'contacts', 'link', 'links', 'truce', 'ceasefire', 'protocol', 'negotiation', 'meeting', 'dialogue', 'exchange']);
/** Verbs with which one lodges a complaint. */
export const LODGE_VERBS = new Set(['lodge', 'make', 'deliver', 'file', 'register', 'send', 'issue']);
/** Verbs whose object told to leave is expelled. */
export const LEAVE_ORDERS = new Set(['ask', 'order', 'tell', 'instruct', 'force']);
/** What a call for a protest is: CAMEO 143 strike or boycott, 141 demonstration or rally. */
export const PROTEST_CALLS: Record<string, string> = { strike: '143', boycott: '143', 'hunger-strike': '143', demonstration: '141', rally: '141', march: '141', protest: '141', 'sit-in': '141' };
/** Modifiers of a military strike. */
export const MILITARY_STRIKES = new Set(['air', 'military', 'missile', 'nuclear', 'pre-emptive', 'preemptive', 'retaliatory', 'surgical']);
/** What two parties may agree to do together that is a meeting, not an agreement: "agreed to meet". */
export const MEETING_LEMMAS = new Set(['meet', 'talk', 'negotiate', 'discuss', 'confer', 'consult', 'hold', 'resume', 'have']);
export const JOINT_VERBS = new Set(['meet', 'negotiate', 'discuss', 'confer', 'consult', 'talk', 'sign', 'initial']);
/** Subordinators of a clause that reports no fact: a condition or an open question ("if Iran attacks", "whether"). */
export const UNREAL_MARKS = new Set(['if', 'unless', 'whether', 'lest']);
/** Verbs of winning and losing a contest, which in a sentence with a score are sport, not politics. */
export const CONTEST_VERBS = new Set(['beat', 'defeat', 'win', 'lose', 'draw', 'thrash', 'rout', 'edge', 'crush', 'hammer', 'overcome', 'tie', 'play', 'down', 'trounce']);
/** A match score ("3-1", "21-18" is also a vote; a contest verb is needed too). */
export const SCORE = /^\d{1,3}-\d{1,3}$/;
/** CAMEO religion codes that open an actor code in place of a country ("MUSREF": Moslem refugees). */
export const RELIGION_CODE = /^(MUS|CHR|JEW|HIN|BUD|SHI|SUN|SIK|JAN|ZRO|TAO|CON)/;
/** Verbs of holding back: "declined to comment", "refused to specify", "avoided comment" (CAMEO 011). */
export const WITHHOLD_VERBS = new Set(['decline', 'refuse', 'avoid']);
/** What one declines to do when one declines comment: say, elaborate, give details… */
export const WITHHELD_SPEECH = new Set(['say', 'comment', 'elaborate', 'give', 'provide', 'specify', 'detail', 'discuss', 'disclose', 'confirm', 'reveal', 'address', 'identify', 'name', 'speculate', 'answer', 'divulge', 'release', 'go']);
/** Speech verbs that, negated, decline comment: "did not elaborate", "would not comment". */
export const NEGATED_WITHHOLDING = new Set(['comment', 'elaborate', 'specify', 'disclose', 'speculate', 'divulge']);
/** Every verb `declinesComment` may read as declining comment. */
export const DECLINE_LEMMAS = new Set([...WITHHOLD_VERBS, ...NEGATED_WITHHOLDING, 'confirm', 'give', 'provide', 'offer', 'have']);
/** What "gave no …" withholds: "gave no details", "gave no indication", "had no immediate comment". */
export const DETAIL_NOUNS = new Set(['detail', 'details', 'indication', 'timeframe', 'timetable', 'date', 'venue', 'reason', 'comment', 'explanation', 'figure', 'figures', 'breakdown', 'information', 'specifics', 'name', 'names']);
