/**
 * Closed word lists for mention detection. These are rules where rules are right: pronoun paradigms and the
 * role nouns/titles news uses to refer back to people ("the ayatollah", "the prime minister").
 */

export type Gender = 'm' | 'f' | 'n' | 'u';

/** Third-person personal pronouns that can refer to people, with gender and number. */
export const PERSON_PRONOUNS: ReadonlyMap<string, { gender: Gender; plural: boolean }> = new Map([
  ['he', { gender: 'm', plural: false }],
  ['him', { gender: 'm', plural: false }],
  ['his', { gender: 'm', plural: false }],
  ['himself', { gender: 'm', plural: false }],
  ['she', { gender: 'f', plural: false }],
  ['her', { gender: 'f', plural: false }],
  ['hers', { gender: 'f', plural: false }],
  ['herself', { gender: 'f', plural: false }],
  ['they', { gender: 'u', plural: true }],
  ['them', { gender: 'u', plural: true }],
  ['their', { gender: 'u', plural: true }],
  ['theirs', { gender: 'u', plural: true }],
  ['themselves', { gender: 'u', plural: true }],
]);

/** First-person pronouns: inside a quotation they refer to its speaker. */
export const FIRST_PERSON = new Set(['i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'ourselves']);

/**
 * Role nouns and titles (lowercase lemma). A definite or possessive noun phrase headed by one of these is a
 * nominal mention of a person; before a name it is that person's title.
 */
export const ROLE_NOUNS = new Set([
  'leader', 'president', 'minister', 'premier', 'chancellor', 'ayatollah', 'cleric', 'king', 'queen', 'prince',
  'princess', 'emir', 'sheikh', 'sultan', 'monarch', 'pope', 'spokesman', 'spokeswoman', 'spokesperson',
  'secretary', 'speaker', 'senator', 'congressman', 'congresswoman', 'representative', 'governor', 'mayor',
  'ambassador', 'envoy', 'diplomat', 'general', 'commander', 'chief', 'admiral', 'colonel', 'officer', 'director',
  'chairman', 'chairwoman', 'chair', 'ceo', 'founder', 'candidate', 'nominee', 'lawmaker', 'legislator',
  'official', 'adviser', 'advisor', 'aide', 'prosecutor', 'judge', 'justice', 'attorney', 'lawyer', 'rabbi',
  'imam', 'bishop', 'archbishop', 'cardinal', 'patriarch', 'dictator', 'ruler', 'strongman', 'head', 'negotiator', 'mediator',
  'businessman', 'businesswoman', 'billionaire', 'activist', 'journalist', 'reporter', 'author', 'economist',
  'analyst', 'professor', 'scientist', 'researcher', 'doctor', 'actor', 'actress', 'singer', 'star', 'coach',
  'player', 'driver', 'pilot', 'soldier', 'suspect', 'victim', 'defendant', 'man', 'woman',
  // People in general news and narrative: antecedents of "he"/"she" even when never named.
  'mother', 'father', 'mom', 'dad', 'wife', 'husband', 'son', 'daughter', 'brother', 'sister', 'boy', 'girl',
  'child', 'kid', 'guy', 'lady', 'gentleman', 'friend', 'boyfriend', 'girlfriend', 'owner', 'mechanic',
  'citizen', 'resident', 'customer', 'student', 'teacher', 'worker', 'employee', 'farmer', 'priest', 'nurse',
  'emperor', 'empress', 'poet', 'writer', 'artist', 'musician', 'painter', 'witness', 'neighbor', 'neighbour',
  'grandfather', 'grandmother', 'uncle', 'aunt', 'nephew', 'niece', 'baby', 'patient', 'prisoner', 'user',
]);

/** Roles of public life: a news story's officials, politicians, diplomats, officers and judges. */
export const PUBLIC_ROLES: ReadonlySet<string> = new Set([
  'leader', 'president', 'minister', 'premier', 'chancellor', 'king', 'queen', 'prince', 'emir', 'sheikh', 'sultan',
  'monarch', 'secretary', 'speaker', 'senator', 'congressman', 'congresswoman', 'representative', 'governor', 'mayor',
  'ambassador', 'envoy', 'diplomat', 'general', 'commander', 'chief', 'admiral', 'colonel', 'chairman', 'chairwoman',
  'candidate', 'lawmaker', 'legislator', 'official', 'adviser', 'advisor', 'aide', 'prosecutor', 'judge', 'negotiator',
  'mediator', 'spokesman', 'spokeswoman', 'ruler', 'dictator', 'strongman', 'director', 'nominee', 'archbishop',
]);

/**
 * Other words for a role, as news varies them when it refers back: "Prime Minister Hasan Muratovic … the
 * premier", "King Birendra … the constitutional monarch", "Ayatollah Khamenei … the cleric". A definite role
 * nominal finds its antecedent by any of them (a title "Prime Minister" leaves the roles prime and minister).
 */
export const ROLE_VARIANTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['premier', ['prime']],
  ['monarch', ['king', 'queen', 'emperor', 'empress', 'sultan', 'emir']],
  ['king', ['monarch']], ['queen', ['monarch']], ['emperor', ['monarch']], ['sultan', ['monarch']], ['emir', ['monarch']],
  ['cleric', ['ayatollah', 'imam', 'rabbi', 'bishop', 'cardinal', 'patriarch', 'pope', 'priest', 'sheikh']],
  ['diplomat', ['ambassador', 'envoy']],
  ['lawmaker', ['senator', 'congressman', 'congresswoman', 'legislator']],
  ['nominee', ['candidate']], ['candidate', ['nominee']],
  ['archbishop', ['bishop', 'cardinal']],
  ['legislator', ['senator', 'congressman', 'congresswoman', 'lawmaker']],
]);

/** Titles that mark gender when they stand before a name. */
export const GENDERED_TITLES: ReadonlyMap<string, Gender> = new Map([
  ['mr', 'm'], ['mr.', 'm'], ['sir', 'm'], ['king', 'm'], ['prince', 'm'], ['sheikh', 'm'], ['emir', 'm'],
  ['sultan', 'm'], ['ayatollah', 'm'], ['pope', 'm'], ['rabbi', 'm'], ['imam', 'm'], ['cardinal', 'm'],
  ['bishop', 'm'], ['congressman', 'm'], ['spokesman', 'm'], ['chairman', 'm'], ['businessman', 'm'],
  ['father', 'm'], ['brother', 'm'], ['man', 'm'], ['actor', 'm'], ['dad', 'm'], ['husband', 'm'], ['son', 'm'],
  ['boy', 'm'], ['boyfriend', 'm'], ['gentleman', 'm'], ['grandfather', 'm'], ['uncle', 'm'], ['nephew', 'm'],
  ['emperor', 'm'], ['priest', 'm'], ['guy', 'm'], ['mom', 'f'], ['wife', 'f'], ['daughter', 'f'], ['girl', 'f'],
  ['girlfriend', 'f'], ['lady', 'f'], ['grandmother', 'f'], ['aunt', 'f'], ['niece', 'f'], ['empress', 'f'],
  ['mrs', 'f'], ['mrs.', 'f'], ['ms', 'f'], ['ms.', 'f'], ['miss', 'f'], ['madam', 'f'], ['dame', 'f'],
  ['queen', 'f'], ['princess', 'f'], ['congresswoman', 'f'], ['spokeswoman', 'f'], ['chairwoman', 'f'],
  ['businesswoman', 'f'], ['sister', 'f'], ['mother', 'f'], ['woman', 'f'], ['actress', 'f'],
]);

/** Words that look like names to a tagger but never name an entity on their own. */
export const NOT_NAMES = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
  'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr',
  'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'today', 'yesterday', 'tomorrow',
]);
