/**
 * What both backends do the same way to a document before and after it is stored: flattening values to
 * columns, the day of a date, the sentence an event was coded from, the packed result blob, and the words of a
 * full-text query. One copy here keeps SQLite and PostgreSQL giving the same rows.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DocumentIn, EventIn } from './types.js';

export type Value = string | number | null;

/** One column value: numbers must be finite, booleans become 0/1, anything else its string. */
export const n = (v: unknown): Value => {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return String(v);
};

/** `YYYY-MM-DD` from an ISO date or date-time, else null. */
export function isoDay(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(s);
  return m ? m[1] : null;
}

/** A list field (PLOVER mode, context) as one comma-separated column; empty is null. */
export function listText(v: string | string[] | null | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.length ? v.join(',') : null;
  return v === '' ? null : v;
}

/** The words of a full-text query as users type it: runs of letters and digits; nothing else is syntax. */
export function searchWords(words: string): string[] | null {
  return words.match(/[\p{L}\p{N}]+/gu);
}

/** An FTS5 query that matches rows containing every word of `words` (no FTS syntax reaches SQLite). */
export function ftsQuery(words: string): string | null {
  const toks = searchWords(words);
  if (!toks) return null;
  return toks.map((t) => `"${t}"`).join(' ');
}

/** The stored result: JSON, deflated (it repeats every layer, and compresses about tenfold). */
export function packResult(doc: DocumentIn): Buffer {
  const stored: Record<string, unknown> = { ...doc };
  delete stored.text;
  delete stored.tokens;
  return deflateRawSync(JSON.stringify(stored), { level: 1 });
}

/** A stored document back from its text and packed result. */
export function rebuild(row: { text: string; result: string | Buffer }): DocumentIn {
  const json = typeof row.result === 'string' ? row.result : inflateRawSync(row.result).toString('utf8');
  const r = JSON.parse(json) as DocumentIn;
  const { id, meta, ...rest } = r;
  return { id, meta, text: row.text, ...rest };
}

/** The sentence an event was coded from: its `sentence` index, else the one holding its trigger. */
export function sentenceOf(ev: EventIn, sentences: { start: number; end: number }[]): { index: number; start: number; end: number } | null {
  if (typeof ev.sentence === 'number' && sentences[ev.sentence]) return { index: ev.sentence, ...sentences[ev.sentence] };
  const at = ev.trigger?.start;
  if (typeof at !== 'number') return null;
  const i = sentences.findIndex((s) => s.start <= at && at < s.end);
  return i >= 0 ? { index: i, start: sentences[i].start, end: sentences[i].end } : null;
}

/** The columns of a quote row and an event row, as both backends select them (same names, same order). */
export const QUOTE_COLUMNS = `
  d.id AS document, q.qid AS quote, q.day AS date, q.speaker_name AS speaker, q.kind AS kind, q.text AS text,
  q.cue_text AS cue, q.confidence AS confidence, q.span_start AS start, q.span_end AS "end", d.title AS title, d.url AS url`;

export const EVENT_COLUMNS = `
  e.event AS event_id, d.id AS document, e.vid AS event, e.day AS date,
  e.source_name AS source, e.source_code AS source_code, e.source_country AS source_country, e.source_sector AS source_sector,
  e.target_name AS target, e.target_code AS target_code, e.target_country AS target_country, e.target_sector AS target_sector,
  e.trigger_text AS "trigger", e.cameo_code AS cameo_code, e.cameo_name AS cameo_name, e.cameo_root AS cameo_root,
  e.quad_class AS quad_class, e.goldstein AS goldstein,
  e.plover_type AS plover_type, e.plover_mode AS plover_mode, e.plover_context AS plover_context,
  e.location_name AS location, e.location_country AS country, e.lat AS lat, e.lon AS lon,
  e.source_url AS url, e.confidence AS confidence, coalesce(e.sentence_text, '') AS sentence_text, e.sentence AS sentence,
  d.title AS title, d.source AS source_name, d.added_at AS added_at`;
