/**
 * What the store keeps and gives back. What it keeps is the pipeline's output schema (src/doc/schema.ts) made
 * lenient: a result of any version of Herald, with layers or fields missing, can be stored, and comes back as it
 * went in. Output rows are flat (one value per column) so they print as tables and CSV as they are.
 */
import { unmet, type Lenient, type LenientSpec, type Result } from '../doc/schema.js';

/** A span the store places in the text: both ends, and its words. */
const SPAN = { start: 'number', end: 'number', text: 'string' } as const;

/**
 * What the store needs of a document (see `LenientSpec`): the ids, where each sentence, mention, quote, cue and
 * trigger is, a quote's words and an entity's name. The rest may be missing, from an older or partial result;
 * PLOVER's mode and context may be one string or a list (`listText` stores either as one column). `text` is
 * checked when a document is added.
 */
export const STORED_DOCUMENT = {
  id: 'string',
  sentences: [{ start: 'number', end: 'number' }],
  entities: [{ id: 'string', name: 'string', mentions: [{ start: 'number', end: 'number' }] }],
  quotes: [{ id: 'string', start: 'number', end: 'number', text: 'string', cue: SPAN, parts: [{ start: 'number', end: 'number' }] }],
  events: [{ id: 'string', trigger: SPAN, plover: { mode: 'words', context: 'words' } }],
} as const satisfies LenientSpec;

/**
 * One analysed document as the store takes it and gives it back: the pipeline's `Result` made lenient, so a
 * `Result` is one as it is (`store.add(result)` needs no conversion) and so is an older or partial result.
 */
export type DocumentIn = Lenient<Result, typeof STORED_DOCUMENT>;
export type EntityIn = NonNullable<DocumentIn['entities']>[number];
export type QuoteIn = NonNullable<DocumentIn['quotes']>[number];
export type EventIn = NonNullable<DocumentIn['events']>[number];

/** What keeps a JSON value (a result, a stored document) from being a document the store can keep, if anything. */
export const documentProblem = (v: unknown): string | undefined => unmet(v, STORED_DOCUMENT);

/** Whether a JSON value is a document the store can keep (`documentProblem` says why not). */
export const isDocumentIn = (v: unknown): v is DocumentIn => documentProblem(v) === undefined;

export interface AddOutcome {
  /** false when a document with the same id was already stored (nothing was written). */
  added: boolean;
  entities: number;
  quotes: number;
  events: number;
}

export interface DateRange {
  /** Inclusive, `YYYY-MM-DD`. */
  since?: string;
  /** Inclusive, `YYYY-MM-DD`. */
  until?: string;
}

export interface Paging {
  /** Maximum rows; 0 or undefined means no limit. */
  limit?: number;
  offset?: number;
  /**
   * Start after this row instead of skipping `offset` rows: a key from a previous answer's `keys` (keyset paging,
   * one index seek however deep the page).
   */
  after?: string;
}

/** Rows and, for each, the key that `after` takes to continue after it. */
export interface Paged<R> {
  rows: R[];
  keys: string[];
}

export interface QuoteFilter extends DateRange, Paging {
  /** Case-insensitive substring of the speaker's name. */
  speaker?: string;
  /** Words that must all occur in the quote (full-text search, stemmed). */
  text?: string;
  /** Only this document (sha256 id). */
  document?: string;
  /** Only quotes whose confidence is at least this (0..1). */
  minConfidence?: number;
}

export interface EventFilter extends DateRange, Paging {
  /** Actor code prefix of the source (`USA` matches `USA` and `USAGOV`). */
  source?: string;
  /** Actor code prefix of the target. */
  target?: string;
  /** CAMEO root (2 digits) or code prefix (`163`). */
  cameo?: string;
  /** PLOVER event type, case-insensitive. */
  plover?: string;
  document?: string;
}

export interface EntityFilter extends Paging {
  /** Case-insensitive substring of the canonical name. */
  name?: string;
  type?: string;
}

export interface QuoteRow {
  document: string;
  quote: string;
  date: string | null;
  speaker: string | null;
  kind: string | null;
  text: string;
  cue: string | null;
  confidence: number | null;
  start: number;
  end: number;
  title: string | null;
  url: string | null;
}

export interface EventRow {
  /** Database-wide event number (stable within one database). */
  event_id: number;
  document: string;
  event: string;
  date: string | null;
  source: string | null;
  source_code: string | null;
  source_country: string | null;
  source_sector: string | null;
  target: string | null;
  target_code: string | null;
  target_country: string | null;
  target_sector: string | null;
  trigger: string | null;
  cameo_code: string | null;
  cameo_name: string | null;
  cameo_root: string | null;
  quad_class: number | null;
  goldstein: number | null;
  plover_type: string | null;
  plover_mode: string | null;
  plover_context: string | null;
  location: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  url: string | null;
  confidence: number | null;
  /** The sentence the event was coded from (empty when the document's sentences are unknown). */
  sentence_text: string;
  sentence: number | null;
  title: string | null;
  source_name: string | null;
  added_at: string;
}

export interface EntityRow {
  name: string;
  type: string | null;
  actor_code: string | null;
  country: string | null;
  sector: string | null;
  documents: number;
  mentions: number;
}

export interface DocumentFilter extends Paging {
  /** Case-insensitive substring of the title (of the excerpt for untitled documents). */
  title?: string;
}

/** One stored document in the documents list. */
export interface DocumentSummary {
  id: string;
  title: string | null;
  /** The text's first line (at most 100 characters), to show for documents without a title. */
  excerpt: string;
  published: string | null;
  source: string | null;
  url: string | null;
  entities: number;
  quotes: number;
  events: number;
}

/** Events per quad class, index 0..3 = quad class 1..4 (verbal/material cooperation, verbal/material conflict). */
export type QuadCounts = [number, number, number, number];

export interface DayStats {
  /** `YYYY-MM-DD` (the event's date, else its document's publication date). */
  date: string;
  events: number;
  quad: QuadCounts;
  /** Mean Goldstein score of the day's coded events, null when none has one. */
  goldstein: number | null;
}

export interface ActorNode {
  /** The actor code (`USAGOV`), or `name:` + the name for actors without a code. */
  id: string;
  code: string | null;
  /** The name most often given to this actor. */
  name: string;
  /** Events where the actor is the source / the target. */
  out: number;
  in: number;
}

export interface ActorEdge {
  source: string;
  target: string;
  count: number;
  quad: QuadCounts;
  /** The quad class (1..4) with the most events on this edge (the lower class on a tie); null when none is coded. */
  quadClass: number | null;
  goldstein: number | null;
}

export interface LocationStats {
  name: string;
  country: string | null;
  lat: number;
  lon: number;
  events: number;
  quad: QuadCounts;
  goldstein: number | null;
}

export interface Stats {
  counts: { documents: number; entities: number; mentions: number; quotes: number; events: number };
  /** Events matching the filter; `undated` of them have no date and are left out of `days`. */
  events: number;
  undated: number;
  days: DayStats[];
  actors: { nodes: ActorNode[]; edges: ActorEdge[]; totalEdges: number };
  locations: LocationStats[];
  cameo: { root: string; events: number }[];
  plover: { type: string; events: number }[];
}

/** The filters of the stats: those of the events list, without the document. */
export type StatsFilter = Omit<EventFilter, 'document' | 'limit' | 'offset' | 'after'>;

export interface StoreCounts {
  documents: number;
  entities: number;
  mentions: number;
  quotes: number;
  events: number;
}

/**
 * The store behind ingest, query, export and the server. Asynchronous so that a client/server database
 * (PostgreSQL) can implement it as well as the embedded SQLite one.
 */
export interface Store {
  /** Where the data lives (a file path, or a connection string without its password). */
  readonly location: string;
  has(id: string): Promise<boolean>;
  /** Stores one document with all its layers in one transaction; a stored id is left as it is. */
  add(doc: DocumentIn, origin?: string): Promise<AddOutcome>;
  /** The stored result of one document, text included. */
  document(id: string): Promise<DocumentIn | undefined>;
  quotes(filter?: QuoteFilter): Promise<QuoteRow[]>;
  events(filter?: EventFilter): Promise<EventRow[]>;
  entities(filter?: EntityFilter): Promise<EntityRow[]>;
  /** The same lists with a key per row, for keyset paging (`after`). */
  quotesPage(filter?: QuoteFilter): Promise<Paged<QuoteRow>>;
  eventsPage(filter?: EventFilter): Promise<Paged<EventRow>>;
  entitiesPage(filter?: EntityFilter): Promise<Paged<EntityRow>>;
  /** Stored documents, newest first (undated last), then by title. */
  documentsPage(filter?: DocumentFilter): Promise<Paged<DocumentSummary>>;
  /**
   * Aggregates for the timeline, the actor network and the map over the events matching `filter`; `counts`,
   * when the caller has just read them, saves reading them again.
   */
  stats(filter: StatsFilter, maxEdges: number, counts?: StoreCounts): Promise<Stats>;
  /** The same as JSON text, where a store has it so (a reader thread's answer), saving a parse and a serialise. */
  statsJson?(filter: StatsFilter, maxEdges: number, counts?: StoreCounts): Promise<string>;
  /** Every stored document in insertion order, for export. */
  allDocuments(): AsyncIterable<DocumentIn>;
  /** Every event in date order, for export. */
  allEvents(filter?: EventFilter): AsyncIterable<EventRow>;
  counts(): Promise<StoreCounts>;
  /** Builds what answers fast later (the stats' running sums); the server calls it at start, without waiting. */
  prepare(): Promise<void>;
  /**
   * Claims documents for analysis by `owner` for `ttlMs` (another ingest skips what is claimed and not yet
   * stored); returns the ids this owner now holds. A claim ends when the document is stored, on `release`, or
   * when it expires (its owner died).
   */
  claim(ids: string[], owner: string, ttlMs: number): Promise<string[]>;
  release(ids: string[], owner: string): Promise<void>;
  close(): Promise<void>;
}
