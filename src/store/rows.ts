/**
 * What both backends select the same way: the columns of a quote, event, entity and document-list row (same
 * names, same order, from the same tables), and the few helpers of their reads that are not SQL dialect. One copy
 * here keeps SQLite and PostgreSQL giving the same rows (the words of a full-text query are in fts-query.ts).
 */
export { isoDay, listText, n, sentenceOf, type Value } from './shape.js';

/** Quotes `q` with their document `d` and speaker `s` (LEFT JOIN speakers s ON s.speaker = q.speaker). */
export const QUOTE_COLUMNS = `
  d.id AS document, q.qid AS quote, nullif(q.day, '') AS date, s.name AS speaker, q.kind AS kind, q.text AS text,
  q.cue_text AS cue, q.confidence AS confidence, q.span_start AS start, q.span_end AS "end", d.title AS title, d.url AS url`;

export const QUOTE_FROM = 'quotes q JOIN documents d ON d.doc = q.doc LEFT JOIN speakers s ON s.speaker = q.speaker';

/** Events `e` with their document `d` and its text `t` (the sentence is a span of it). */
export const EVENT_COLUMNS = `
  e.event AS event_id, d.id AS document, e.vid AS event, nullif(e.day, '') AS date,
  e.source_name AS source, e.source_code AS source_code, e.source_country AS source_country, e.source_sector AS source_sector,
  e.target_name AS target, e.target_code AS target_code, e.target_country AS target_country, e.target_sector AS target_sector,
  e.trigger_text AS "trigger", e.cameo_code AS cameo_code, e.cameo_name AS cameo_name, e.cameo_root AS cameo_root,
  e.quad_class AS quad_class, e.goldstein AS goldstein,
  e.plover_type AS plover_type, e.plover_mode AS plover_mode, e.plover_context AS plover_context,
  e.location_name AS location, e.location_country AS country, e.lat AS lat, e.lon AS lon,
  d.url AS url, e.confidence AS confidence,
  coalesce(substr(t.text, e.sentence_start + 1, e.sentence_end - e.sentence_start), '') AS sentence_text, e.sentence AS sentence,
  d.title AS title, d.source AS source_name, d.added_at AS added_at`;

export const EVENT_FROM = 'events e JOIN documents d ON d.doc = e.doc JOIN texts t ON t.doc = e.doc';

/**
 * The stats' condition that leaves out a headline's copy of its lead's event (EventRecord.restates, kept in the
 * row's `extra` patch), as the ingest-time aggregates do (aggregates.ts): one event, counted once.
 */
export const NOT_RESTATED = `(e.extra IS NULL OR e.extra NOT LIKE '%"restates"%')`;

/** What the stats read of an event (no document, no text). */
export const STATS_EVENT_COLUMNS = `nullif(e.day, '') AS date, e.quad_class AS quad_class, e.goldstein AS goldstein,
  e.source_name AS source, e.source_code AS source_code, e.target_name AS target, e.target_code AS target_code,
  e.lat AS lat, e.lon AS lon, e.location_name AS location, e.location_country AS country, e.cameo_root AS cameo_root, e.plover_type AS plover_type`;

/** Entity groups `g`. */
export const ENTITY_COLUMNS = `g.name AS name, nullif(g.type, '') AS type, nullif(g.actor_code, '') AS actor_code, g.country AS country,
  g.sector AS sector, -g.neg_docs AS documents, -g.neg_mentions AS mentions`;

/** Documents `d` as the documents list shows them. */
export const DOCUMENT_SUMMARY_COLUMNS = `d.id AS id, d.title AS title, d.excerpt AS excerpt, d.published AS published, d.source AS source,
  d.url AS url, d.entities AS entities, d.quotes AS quotes, d.events AS events`;

/** What a stored document is rebuilt from (with its text and layers: shape.ts `assemble`). */
export const DOC_COLUMNS = 'doc, id, title, author, source, url, published, rest';

/** Quotes of the matching speakers above this many: read in list order instead of sorting them. */
export const SPEAKER_SORT_MAX = 20_000;

/** `s` as a literal in a LIKE pattern written with `ESCAPE '\\'` (PostgreSQL's default escape). */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** Rows by their document, in the order read. */
export function groupByDoc<R extends { doc: number }>(rows: R[]): Map<number, R[]> {
  const m = new Map<number, R[]>();
  for (const r of rows) {
    const list = m.get(r.doc);
    if (list) list.push(r);
    else m.set(r.doc, [r]);
  }
  return m;
}

/** A key for `after`: the row's sort values as JSON. */
export const keyOf = (values: unknown[]): string => JSON.stringify(values);

/** The sort values of an `after` key, checked to be `count` of them; undefined for a key that is not one. */
export function parseKey(key: string, count: number): unknown[] | undefined {
  try {
    const v = JSON.parse(key) as unknown;
    return Array.isArray(v) && v.length === count ? v : undefined;
  } catch {
    return undefined;
  }
}
