/**
 * The Doc: one article's original text (never modified) plus typed layers that refer to it by
 * character offsets (UTF-16 code units, end exclusive). Token attributes are kept as parallel typed
 * arrays (struct-of-arrays) so that the hot loops of the tagger and parser touch no objects.
 */

export interface Span {
  start: number;
  end: number;
}

/**
 * Where an article's publication date came from (issue 13): its metadata (a JSON record's field, a sidecar, or
 * what the caller passed), the command line's `--date`, a dateline or date line at the top of the text, the HTML
 * page's `<meta>` date, a date in the file name (`nyt_2016-10-23_trump.txt`), or nowhere — then actor roles were
 * resolved without a date.
 */
export type DateSource = 'meta' | 'option' | 'dateline' | 'html' | 'filename' | 'none';

export interface DocMeta {
  title?: string;
  author?: string;
  source?: string;
  url?: string;
  /** Publication date, ISO `YYYY-MM-DD`. */
  published?: string;
  /** Where the publication date came from (set by the publication stage; see src/time/publication.ts). */
  dateSource?: DateSource;
  /** Where the text came from (file path, `-` for stdin). Not part of the output schema. */
  path?: string;
}

/** Tokens of a document as parallel arrays, index = token number. */
export interface TokenLayer {
  count: number;
  start: Int32Array;
  end: Int32Array;
  /** The token's surface form (a view into `Doc.text`, kept as a string for the models' lookups). */
  form: string[];
  /** Index into `UPOS_TAGS`; 0 until the tagger has run. */
  upos: Uint8Array;
  /** Penn Treebank tag as a string ('' until tagged). */
  xpos: string[];
  lemma: string[];
  /** Head token index within the document (-1 = root of its sentence, -2 = not parsed). */
  head: Int32Array;
  deprel: string[];
}

export interface Sentence extends Span {
  /** First token index (inclusive) and last (exclusive) in `Doc.tokens`. */
  tokenStart: number;
  tokenEnd: number;
}

/** A named-entity span from the NER model, over tokens [tokenStart, tokenEnd). */
export interface NerSpan {
  tokenStart: number;
  tokenEnd: number;
  /** CoNLL type: PER, ORG, LOC, MISC. */
  type: string;
  score: number;
}

export type EntityType = 'PERSON' | 'ORG' | 'GPE' | 'LOC' | 'NORP' | 'EVENT' | 'OTHER';
export type MentionKind = 'name' | 'nominal' | 'pronoun';

export interface Actor {
  code: string;
  country: string | null;
  sector: string | null;
}

export interface Mention extends Span {
  text: string;
  kind: MentionKind;
  /** Token range of the mention and its head token. */
  tokenStart: number;
  tokenEnd: number;
  head: number;
}

export interface Entity {
  id: string;
  type: EntityType;
  name: string;
  mentions: Mention[];
  actor: Actor | null;
}

export type QuoteKind = 'direct' | 'indirect' | 'mixed';

export interface QuoteSpan extends Span {
  text: string;
}

export interface QuoteSpeaker extends QuoteSpan {
  /** Entity id from the entities layer (null until linked). */
  entity: string | null;
  /** Resolved person name, or null when unknown. */
  name: string | null;
}

export interface Quote extends Span {
  id: string;
  kind: QuoteKind;
  text: string;
  cue: QuoteSpan | null;
  speaker: QuoteSpeaker | null;
  confidence: number;
  /** The content's pieces when it is interrupted (`“…,” he said. “…”`) or spans paragraphs; omitted otherwise. */
  parts?: Span[];
}

export interface Doc {
  /** sha256 hex of `text`. */
  id: string;
  text: string;
  meta: DocMeta;
  tokens: TokenLayer;
  sentences: Sentence[];
  /** NER spans (nlp stage). */
  ner?: NerSpan[];
  /** Entities with clustered mentions (entities stage). */
  entities?: Entity[];
  /** Quotations and reported speech with cue and speaker (quotes stage). */
  quotes?: Quote[];
  /** Each token's dependents, indexed once (`depTree` in tree.ts builds it when first asked for). */
  tree?: DepTree;
  /** Time expressions and the reference date (time stage). */
  time?: TimeLayer;
  /** Place mentions (geo stage). */
  places?: PlaceLayer;
  /** Coded events, CAMEO and PLOVER, with dates and places (events stage). */
  events?: EventRecord[];
  /** The wire dateline at the top ("BONN 1996-08-30", "TEHRAN, Feb 21 (Reuters) -"), null when there is none (pipeline). */
  dateline?: Dateline | null;
  /**
   * The story's home country (entities stage): the dateline place's country, else the country the story names
   * most. Unqualified titles and agents ("the president", "police") belong to it. Null when unknown.
   */
  storyCountry?: string | null;
}

/** How an event's code was found: a dictionary pattern, the verb's own code, a light verb's object, a nominal. */
export type EventVia = 'pattern' | 'verb' | 'light' | 'nominal';
/** An act, or coded as the intent or threat of the act (03x/13x). */
export type EventModality = 'act' | 'intent' | 'threat';

export interface EventArgument {
  /** Entity id (E…) when the actor is an entity of the document; null otherwise. */
  entity: string | null;
  name: string;
  actor: Actor | null;
  /** Character span of the argument phrase. */
  start: number;
  end: number;
}

export interface EventCameo {
  code: string;
  name: string;
  root: string;
  goldstein: number | null;
  quadClass: number;
}

export interface EventPlover {
  type: string;
  mode: string;
  context: string[];
}

export interface EventLocation {
  name: string;
  country: string;
  lat: number;
  lon: number;
}

export interface EventRecord {
  id: string;
  trigger: Span & { text: string };
  /** Sentence index. */
  sentence: number;
  source: EventArgument | null;
  target: EventArgument | null;
  cameo: EventCameo;
  /** Null for CAMEO codes PLOVER drops (01 statements, 02 appeals). */
  plover: EventPlover | null;
  /** ISO date as precise as stated (YYYY-MM-DD, YYYY-MM, YYYY), or null. */
  date: string | null;
  datePrecision: string;
  location: EventLocation | null;
  /** Id of the quote (Q…) the trigger is inside, or null. */
  quote: string | null;
  /** Present (true) only when a negated event is kept (profile negation 'mark'). */
  negated?: boolean;
  /** How the code was found: a dictionary pattern, the verb's own code, a light verb's object, a nominal. */
  via: EventVia;
  /** act, or coded as the intent/threat of the act. */
  modality: EventModality;
  /**
   * Who vouches for it: the reporter ('asserted'), a source the story quotes or reports ('reported': the trigger
   * stands in a quotation or reported speech), or an accusation or hedge ('alleged': "accused X of …",
   * "reportedly", "allegedly").
   */
  evidence: EventEvidence;
  confidence: number;
  /** The id of the event this one restates: a headline's copy of its lead's event (count the two once). */
  restates?: string;
}

export type EventEvidence = 'asserted' | 'reported' | 'alleged';

// The time layer (time stage): see src/time.

export type TimePrecision = 'day' | 'week' | 'month' | 'year' | 'publication';

export interface TimeExpression {
  /** Span in the text (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
  text: string;
  /** ISO 8601, as precise as stated: `2017-02-21`, `2017-W07`, `2017-02`, `2017`; '' when undated. */
  date: string;
  /** `none` only for undated relative expressions (see `FindOptions.undated`). */
  precision: TimePrecision | 'none';
  /** 0..1: how sure the recognition and the resolution are. */
  confidence: number;
  /** The tense assumed when resolving a relative expression (from cues in its clause). */
  tense: 'past' | 'future';
}

export interface PublicationDate {
  /** ISO `YYYY-MM-DD`, or null when none was found. */
  date: string | null;
  source: 'meta' | 'dateline' | 'none';
}

/**
 * The time layer (time stage): the reference date, found once per document, and each sentence's time expressions
 * (document offsets), parsed the first time a sentence is asked for and kept: only the sentences with events
 * are asked for, and parsing the whole text costs more than coding its events.
 */
export interface TimeLayer {
  readonly publication: PublicationDate;
  expressions(sentence: number): readonly TimeExpression[];
}

// The places layer (geo stage): see src/geo.

export type PlaceKind = 'city' | 'country' | 'region';

export interface Place {
  name: string;
  /** ISO 3166-1 alpha-3; '' for a region spanning several countries ("Middle East"). */
  country: string;
  lat: number;
  lon: number;
  kind: PlaceKind;
  /** Inhabitants (GeoNames); for countries and regions the sum of their places ≥ 1000 (a ranking proxy). */
  population: number;
  /** National capital. */
  capital: boolean;
}

export interface PlaceMention extends Span {
  text: string;
  /** Token range [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
  /** The mention's head token (the one attached outside the mention; the last token without a parse). */
  head: number;
  place: Place;
  evidence: 'preposition' | 'locative-head' | 'candidate' | 'name';
  /** The governing preposition, lower-cased ('' when none). */
  preposition: string;
  /** "Tehran's", "Iran’s": a possessor, never a location. */
  possessive: boolean;
}

/** The places layer (geo stage): each sentence's place mentions, found the first time a sentence is asked for and kept. */
export interface PlaceLayer {
  mentions(sentence: number): PlaceMention[];
}

/** The dependency tree as the stages read it (tree.ts builds it once per document). */
export interface DepTree {
  /** The head array the tree was built from: a tree is rebuilt when the token layer is replaced. */
  readonly head: Int32Array;
  /** Each token's dependents, in text order (empty for a leaf, and for every token without a parse). */
  readonly children: readonly (readonly number[])[];
}

/** A dateline's span, and its place as written. */
export interface Dateline extends Span {
  place: string;
  placeStart: number;
  placeEnd: number;
}

/** Universal POS tags; index 0 is the "untagged" placeholder. */
export const UPOS_TAGS = [
  '_', 'ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN',
  'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X',
] as const;
export type Upos = (typeof UPOS_TAGS)[number];
const UPOS_INDEX = new Map<string, number>(UPOS_TAGS.map((t, i) => [t, i]));

export function uposIndex(tag: string): number {
  return UPOS_INDEX.get(tag) ?? UPOS_INDEX.get('X')!;
}

export function emptyTokenLayer(count = 0): TokenLayer {
  return {
    count,
    start: new Int32Array(count),
    end: new Int32Array(count),
    form: new Array<string>(count).fill(''),
    upos: new Uint8Array(count),
    xpos: new Array<string>(count).fill(''),
    lemma: new Array<string>(count).fill(''),
    head: new Int32Array(count).fill(-2),
    deprel: new Array<string>(count).fill(''),
  };
}
