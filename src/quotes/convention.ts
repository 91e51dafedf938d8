/**
 * What counts as an attribution in news output (news-gold GUIDE): the cue is a speech or cognition act and the
 * reported content is a proposition or a quoted span. The taggers are trained on PolNeAR, whose attributions are
 * broader ("the poll shows …", "X wants …", "X signed a pact"); these rules decide, over the Doc's parse, which
 * of their indirect attributions are reported speech:
 * - the cue's verb must be a speech act (say, tell, accuse, deny, warn, urge, …, "according to"), or a cognition
 *   verb (believe, fear, …) with a clausal complement; actions (order, sign, impose, decide, decline, observe,
 *   express, want, seek, expect …) are not cues however the tagger scored them;
 * - an indirect content must be a clause (its root a verb, or opened by that/if/whether/to), or the object plus
 *   "of/to + verb" of an accuse/urge/ask-type verb ("accused X of attempting …"); a bare noun phrase object
 *   ("condemned Iraqi involvement", "defended its record") is an event, not a quote, except a denial or
 *   confirmation of a claim noun ("denied the charge").
 * Direct and mixed quotes keep their cue: the quotation marks are the evidence.
 */
import { readFileSync } from 'node:fs';
import { UPOS_TAGS, type Doc, type Span } from '../doc/doc.js';
import { besidePath } from '../nlp/paths.js';

/** The word lists (words.json, beside this file). */
interface ConventionWords {
  speechVerbs: string[];
  cognitionVerbs: string[];
  objectClauseVerbs: string[];
  claimVerbs: string[];
  claimNouns: string[];
}
const WORDS = JSON.parse(readFileSync(besidePath(import.meta.url, 'words.json'), 'utf8')) as ConventionWords;

/** Verbs of saying (lemmas). Any propositional content goes with them. */
export const SPEECH_VERBS = new Set(WORDS.speechVerbs);
/** Cognition verbs: a cue only with a clausal complement ("believes that …", "feared the talks would fail"). */
export const COGNITION_VERBS = new Set(WORDS.cognitionVerbs);
/** Speech verbs whose content is the clause after their object's "of"/"to" (GUIDE: accuse/urge/ask). */
const OBJECT_CLAUSE_VERBS = new Set(WORDS.objectClauseVerbs);
/** Denials and confirmations take a claim noun as their content ("denied the charge"). */
const CLAIM_VERBS = new Set(WORDS.claimVerbs);
const CLAIM_NOUNS = new Set(WORDS.claimNouns);

const VERB = UPOS_TAGS.indexOf('VERB');
const AUX = UPOS_TAGS.indexOf('AUX');
/** A content whose root is one of these is a noun phrase. */
const NOUNISH = new Set(['NOUN', 'PROPN', 'PRON', 'NUM', 'ADJ', 'DET'].map((u) => UPOS_TAGS.indexOf(u as (typeof UPOS_TAGS)[number])));

/** `/\s/u` for one UTF-16 unit (every \s character is a single unit). */
const isSpace = (c: number): boolean => (c < 128 ? c === 32 || (c >= 9 && c <= 13) : /\s/u.test(String.fromCharCode(c)));

/** Doc tokens overlapping a character span: [from, to). */
export function docTokensIn(doc: Doc, span: Span): [number, number] {
  const t = doc.tokens;
  let lo = 0;
  let hi = t.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.end[mid] <= span.start) lo = mid + 1;
    else hi = mid;
  }
  let to = lo;
  while (to < t.count && t.start[to] < span.end) to++;
  return [lo, to];
}

const lemmaOf = (doc: Doc, i: number): string => (doc.tokens.lemma[i] || doc.tokens.form[i]).toLowerCase();

export interface CueVerb {
  /** Lemma of the cue's verb, or '' when the cue has none (a dash, a colon, "according to"). */
  lemma: string;
  /** Doc token of that verb (-1 when none). */
  token: number;
  kind: 'speech' | 'cognition' | 'other' | 'none';
}

/** The cue's main verb: a speech verb in it first, then a cognition verb, then any verb. */
export function cueVerb(doc: Doc, cue: Span): CueVerb {
  const [from, to] = docTokensIn(doc, cue);
  let other = -1;
  let cog = -1;
  for (let i = from; i < to; i++) {
    const l = lemmaOf(doc, i);
    // (a verb: "a bomb blast at his residence" has no speech act)
    if (SPEECH_VERBS.has(l) && (doc.tokens.upos[i] === VERB || doc.tokens.xpos[i].startsWith('VB') || doc.tokens.count === 0)) return { lemma: l, token: i, kind: 'speech' };
    if (COGNITION_VERBS.has(l) && cog < 0) cog = i;
    if ((doc.tokens.upos[i] === VERB || doc.tokens.upos[i] === AUX) && other < 0) other = i;
  }
  if (cog >= 0) return { lemma: lemmaOf(doc, cog), token: cog, kind: 'cognition' };
  if (other >= 0) return { lemma: lemmaOf(doc, other), token: other, kind: 'other' };
  return { lemma: '', token: -1, kind: 'none' };
}

/** Is the cue "according to", a dash or a colon (attributions without a verb)? */
function verblessCue(doc: Doc, cue: Span): boolean {
  const s = doc.text.slice(cue.start, cue.end).toLowerCase();
  return /^(according to|[-–—―:]+|--)$/u.test(s.trim()) || /according to/u.test(s);
}

export type ContentShape = 'clause' | 'object-clause' | 'claim-noun' | 'noun' | 'none';

/** Verbs of saying whose object is (nearly) always a proposition: a finite verb in the content makes it a clause. */
const SAY_VERBS = new Set('say tell add report state declare insist argue note explain warn confirm reveal indicate suggest predict write announce quote'.split(' '));
/** Verbs whose content is "X as Y" (a characterisation): "described the decision as a declaration of war". */
const AS_VERBS = new Set(['describe', 'call', 'term', 'label', 'brand', 'dub', 'characterize', 'characterise', 'portray']);
/** Accusations: "accused Iran of aggression" reports the charge whatever follows "of". */
const ACCUSE_VERBS = new Set(['accuse', 'charge']);
/** Agreements and wishes: "agreed to …", "hope to …" are acts (CAMEO 03x), not reported speech (a pledge, vow or
 * promise "to …" is). */
const COMMIT_VERBS = new Set(['agree', 'hope', 'decide', 'plan', 'refuse', 'decline', 'want', 'wish', 'seek', 'expect']);
/** Questions are no propositions: "asked whether …", "did not say if …". */
const QUESTION_VERBS = new Set(['ask', 'wonder', 'inquire', 'enquire']);

/** What an indirect content is, from the parse (see the file comment). */
export function contentShape(doc: Doc, content: Span, cue: CueVerb): ContentShape {
  const t = doc.tokens;
  const [from, to] = docTokensIn(doc, content);
  if (to <= from) return 'none';
  const first = t.form[from].toLowerCase();
  if (/^(that|if|whether|to|how|why|what|when|where|who)$/u.test(first)) return 'clause';
  const inside = (i: number): boolean => i >= from && i < to;
  const hasClauseKid = new Uint8Array(to - from);
  let finite = false;
  for (let i = from; i < to; i++) {
    const h = t.head[i];
    const rel = t.deprel[i];
    if (inside(h) && (rel.startsWith('nsubj') || rel.startsWith('cop') || rel.startsWith('aux') || rel.startsWith('mark'))) hasClauseKid[h - from] = 1;
    const x = t.xpos[i];
    if (x === 'VBD' || x === 'VBZ' || x === 'VBP' || x === 'MD') finite = true;
  }
  let verbRoot = false;
  let nounRoot = -1;
  for (let i = from; i < to; i++) {
    const h = t.head[i];
    if (inside(h)) continue;
    // a verb, a clause the parser hung on the cue (`ccomp`: "was ready", "were refugees"), a predicate with its
    // own subject or copula
    const rel = t.deprel[i];
    if (t.upos[i] === VERB || t.upos[i] === AUX || rel.startsWith('ccomp') || rel.startsWith('parataxis') || rel.startsWith('csubj') || hasClauseKid[i - from]) verbRoot = true;
    else if (nounRoot < 0 && NOUNISH.has(t.upos[i])) nounRoot = i;
  }
  if (verbRoot) return 'clause';
  if (finite && SAY_VERBS.has(cue.lemma)) return 'clause';
  // "said" takes no noun object: a long one is a clause the tagger or parser got wrong ("forces overran the city")
  if (cue.lemma === 'say' && to - from >= 5) return 'clause';
  // a copula-less root with a clausal dependent ("Baghdad aiding KDP", "the expansion … surrounding Jerusalem")
  for (let i = from; i < to; i++) {
    const h = t.head[i];
    if (inside(h) && /^(acl|ccomp|xcomp|advcl)/u.test(t.deprel[i]) && t.upos[i] === VERB && t.xpos[i] !== 'VBN') {
      if (OBJECT_CLAUSE_VERBS.has(cue.lemma) || t.xpos[i] === 'VBG' || /^(VBZ|VBD|VBP)$/u.test(t.xpos[i])) return 'object-clause';
    }
  }
  for (let i = from; i + 1 < to; i++) {
    const w = t.form[i].toLowerCase();
    if (OBJECT_CLAUSE_VERBS.has(cue.lemma) && /^(of|to|for)$/u.test(w) && (t.upos[i + 1] === VERB || t.upos[i + 1] === AUX)) return 'object-clause';
    if (ACCUSE_VERBS.has(cue.lemma) && /^(of|for)$/u.test(w) && i > from) return 'object-clause';
    if (AS_VERBS.has(cue.lemma) && w === 'as' && i > from) return 'object-clause';
  }
  if (nounRoot >= 0 && (CLAIM_VERBS.has(cue.lemma) || cue.lemma === 'announce')) {
    const head = t.upos[nounRoot] === UPOS_TAGS.indexOf('DET') ? nounRoot + 1 : nounRoot;
    if (cue.lemma === 'announce' || CLAIM_NOUNS.has(t.form[Math.min(head, to - 1)].toLowerCase()) || CLAIM_NOUNS.has(t.form[to - 1].toLowerCase())) return 'claim-noun';
  }
  return nounRoot >= 0 ? 'noun' : 'none';
}

const HEADLINE_VERBS = new Set(['say', 'report', 'quote', 'tell', 'ask', 'urge', 'call', 'appeal', 'warn']);

/** "did not say", "would not say": a negated cue verb. */
function negated(doc: Doc, v: CueVerb): boolean {
  if (v.token < 0) return false;
  const t = doc.tokens;
  for (let i = Math.max(0, v.token - 3); i < v.token; i++) if (t.head[i] === v.token && /^(not|n't|n’t|never)$/iu.test(t.form[i])) return true;
  return false;
}

/** A passive cue ("had been charged with", "was shown"): its subject is no speaker. */
function passiveCue(doc: Doc, v: CueVerb): boolean {
  if (v.token < 0) return false;
  const t = doc.tokens;
  if (t.xpos[v.token] !== 'VBN') return false;
  for (let i = Math.max(0, v.token - 4); i < v.token; i++) {
    if (t.head[i] === v.token && t.deprel[i] === 'aux:pass') return true;
  }
  return false;
}

/** The headline (first line): telegraphic, so its content need not parse as a clause ("X says Iraqis advance …"). */
function inHeadline(doc: Doc, pos: number): boolean {
  const nl = doc.text.indexOf('\n');
  return nl < 0 ? false : pos < nl;
}

/**
 * Whether an attribution the taggers found is reported speech by the news conventions. `kind` is the quote's
 * kind; `cue` null for a continuation quote (kept).
 */
export function isReportedSpeech(doc: Doc, kind: 'direct' | 'indirect' | 'mixed', cue: Span | null, content: Span): boolean {
  return notSpeechReason(doc, kind, cue, content) === null;
}

/** Why an attribution is not reported speech (null when it is): for tuning and tests. */
export function notSpeechReason(doc: Doc, kind: 'direct' | 'indirect' | 'mixed', cue: Span | null, content: Span): string | null {
  if (!cue || kind !== 'indirect' || doc.tokens.count === 0) return null;
  if (verblessCue(doc, cue)) return null;
  const v = cueVerb(doc, cue);
  if (v.kind === 'other' || v.kind === 'none') return `verb:${v.kind}:${v.lemma}`;
  if (passiveCue(doc, v) && v.lemma !== 'quote') return `passive:${v.lemma}`;
  const shape = contentShape(doc, content, v);
  if (v.kind === 'cognition') return shape === 'clause' ? null : `cognition-${shape}:${v.lemma}`;
  // the content's first word (what trimStart() and split(/\s/u)[0] give)
  let a = content.start;
  while (a < content.end && isSpace(doc.text.charCodeAt(a))) a++;
  let b = a;
  while (b < content.end && !isSpace(doc.text.charCodeAt(b))) b++;
  const first = doc.text.slice(a, b).toLowerCase();
  if (first === 'to' && COMMIT_VERBS.has(v.lemma)) return `commitment:${v.lemma}`;
  if (/^(whether|if|what|when|how|why|who|where)$/u.test(first) && (QUESTION_VERBS.has(v.lemma) || negated(doc, v))) return `question:${v.lemma}`;
  // the headline's own claims ("EU rejects German call …", "Iran accuses Iraq of …") are not attributions; its
  // "X says …" is
  if (inHeadline(doc, cue.start)) return HEADLINE_VERBS.has(v.lemma) ? null : `headline:${v.lemma}`;
  return shape === 'clause' || shape === 'object-clause' || shape === 'claim-noun' ? null : `${shape}:${v.lemma}`;
}
