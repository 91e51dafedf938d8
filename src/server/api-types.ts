/**
 * The shapes of the JSON API's answers, shared by the server and the web UI (types only, so the browser build
 * can use it). Row and aggregate types are the store's (store/types.ts), which computes them.
 */
import type { StoreCounts } from '../store/types.js';

/** A page of rows: `more` says whether another page follows (ask again with `offset + limit`). */
export interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
  more: boolean;
}

/** GET /api/info. */
export interface Info {
  name: string;
  version: string;
  /** Whether POST /api/ingest is on. */
  ingest: boolean;
  counts: StoreCounts;
}

export type { ActorEdge, ActorNode, DayStats, DocumentSummary, LocationStats, QuadCounts, Stats } from '../store/types.js';

export interface IngestAnswer {
  added: number;
  present: number;
  documents: { index: number; id: string; added: boolean; title: string | null; entities: number; quotes: number; events: number }[];
  skipped: { index: number; reason: string }[];
}
