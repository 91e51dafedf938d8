/**
 * The shapes of the JSON API's aggregate answers, shared by the server and the web UI (this file imports
 * nothing, so the browser build can use it). Row types of the list endpoints are the store's (store/types.ts).
 */

/** A page of rows: `more` says whether another page follows (ask again with `offset + limit`). */
export interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
  more: boolean;
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

export interface IngestAnswer {
  added: number;
  present: number;
  documents: { index: number; id: string; added: boolean; title: string | null; entities: number; quotes: number; events: number }[];
  skipped: { index: number; reason: string }[];
}
