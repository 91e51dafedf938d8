/**
 * The SQLite store's reads of one document and of the lists: every list is read in the order of an index (a
 * page costs its rows, keyset paging with `after` one seek), and name searches go through trigram indexes.
 * Each function runs on the store's connection through its cache of prepared statements (`stmt`); the store
 * turns their failures into messages.
 */
import type Database from 'better-sqlite3';
import {
  DOC_COLUMNS,
  DOCUMENT_SUMMARY_COLUMNS,
  ENTITY_COLUMNS,
  escapeLike,
  EVENT_COLUMNS,
  EVENT_FROM,
  groupByDoc,
  keyOf,
  parseKey,
  QUOTE_COLUMNS,
  QUOTE_FROM,
  SPEAKER_SORT_MAX,
} from '../rows.js';
import { ftsQuery } from '../fts-query.js';
import { assemble, type EntityRowIn, type EventRowIn, type QuoteRowIn, type StoredDoc, type Value } from '../shape.js';
import type { DocumentFilter, DocumentIn, DocumentSummary, EntityFilter, EntityRow, EventFilter, EventRow, Paged, QuoteFilter, QuoteRow } from '../types.js';
import { DAY_SPAN, dayFloor } from './write.js';

/** The store's statement for `sql`, prepared once per connection. */
export type Prepare = (sql: string) => Database.Statement;

const escapeGlob = (s: string): string => s.replace(/[*?[\]]/g, (c) => `[${c}]`);
/** An FTS5 phrase: the trigram tables find the rows holding `s` (3 characters or more) as a substring. */
const phrase = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Candidate rows from a trigram index above this many: a dense match, read in list order instead. */
const SPARSE = 2000;

// ---------------------------------------------------------------- one document

/** A stored document row with its row number. */
export type DocRow = StoredDoc & { doc: number };

/** The documents `docs` (in row order) back whole: their texts and layers read by one range of row numbers each. */
export function assembleDocs(stmt: Prepare, docs: DocRow[]): DocumentIn[] {
  if (!docs.length) return [];
  const lo = docs[0].doc;
  const hi = docs[docs.length - 1].doc;
  const texts = new Map((stmt('SELECT doc, text FROM texts WHERE doc BETWEEN ? AND ?').all(lo, hi) as { doc: number; text: string }[]).map((t) => [t.doc, t.text]));
  const ents = groupByDoc(stmt('SELECT * FROM entities WHERE doc BETWEEN ? AND ? ORDER BY doc, ord').all(lo, hi) as (EntityRowIn & { doc: number })[]);
  const quotes = groupByDoc(
    stmt(`SELECT q.*, s.name AS speaker_name FROM quotes q LEFT JOIN speakers s ON s.speaker = q.speaker
      WHERE q.doc BETWEEN ? AND ? ORDER BY q.doc, q.quote DESC`).all(lo, hi) as (QuoteRowIn & { doc: number })[],
  );
  const events = groupByDoc(stmt('SELECT * FROM events WHERE doc BETWEEN ? AND ? ORDER BY doc, event').all(lo, hi) as (EventRowIn & { doc: number })[]);
  return docs.map((d) =>
    assemble(d, texts.get(d.doc) ?? '', ents.get(d.doc) ?? [], quotes.get(d.doc) ?? [], events.get(d.doc) ?? []),
  );
}

/** One stored document by its id. */
export function documentById(stmt: Prepare, id: string): DocumentIn | undefined {
  const row = stmt(`SELECT ${DOC_COLUMNS} FROM documents WHERE id = ?`).get(id) as DocRow | undefined;
  return row ? assembleDocs(stmt, [row])[0] : undefined;
}

// ---------------------------------------------------------------- lists

/** Up to SPARSE+1 rowids of a trigram index holding `text`; null where the index cannot help (under 3 characters). */
function trigram(stmt: Prepare, table: string, text: string): number[] | null {
  if ([...text].length < 3) return null;
  return stmt(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ${SPARSE + 1}`).pluck().all(phrase(text)) as number[];
}

function docRowOf(stmt: Prepare, id: string): number {
  return (stmt('SELECT doc FROM documents WHERE id = ?').pluck().get(id) as number | undefined) ?? -1;
}

export function quotesPage(stmt: Prepare, f: QuoteFilter): Paged<QuoteRow> {
  const fts = f.text ? ftsQuery(f.text) : null;
  // With words, the full-text index drives (its rowid is the quote key: newest first, stopping after a page).
  const key = fts ? 'quotes_fts.rowid' : 'q.quote';
  const where: string[] = [];
  const params: Value[] = [];
  if (fts) {
    where.push('quotes_fts MATCH ?');
    params.push(fts);
  }
  if (f.document) {
    where.push('q.doc = ?');
    params.push(docRowOf(stmt, f.document));
  }
  if (f.since) {
    where.push(`${key} >= ?`);
    params.push(dayFloor(f.since));
  }
  if (f.until) {
    where.push(`${key} >= ? AND ${key} < ?`);
    params.push(DAY_SPAN, dayFloor(f.until) + DAY_SPAN);
  }
  const after = f.after !== undefined ? parseKey(f.after, 1) : undefined;
  if (after) {
    where.push(`${key} < ?`);
    params.push(Number(after[0]));
  }
  if (f.minConfidence !== undefined) {
    where.push('q.confidence >= ?');
    params.push(f.minConfidence);
  }
  if (f.speaker) {
    const ids = speakersLike(stmt, f.speaker);
    if (!ids.ids.length) return { rows: [], keys: [] };
    // Few quotes: fetch them all by the speaker index and sort; many: walk the list in order and keep theirs.
    const walk = ids.quotes > SPEAKER_SORT_MAX || fts !== null;
    where.push(`${walk ? '+' : ''}q.speaker IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(ids.ids));
  }
  const from = fts ? `quotes_fts JOIN ${QUOTE_FROM.replace('quotes q JOIN', 'quotes q ON q.quote = quotes_fts.rowid JOIN')}` : QUOTE_FROM;
  const sql = `SELECT ${QUOTE_COLUMNS}, q.quote AS k FROM ${from}
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY ${key} DESC LIMIT ? OFFSET ?`;
  const rows = stmt(sql).all(...params, f.limit ? f.limit : -1, after ? 0 : (f.offset ?? 0)) as (QuoteRow & { k: number })[];
  const keys = rows.map((r) => keyOf([r.k]));
  for (const r of rows) delete (r as Partial<typeof r>).k;
  return { rows, keys };
}

/** The speakers whose name holds `s` (ASCII case folded, as LIKE), and their quotes in all. */
function speakersLike(stmt: Prepare, s: string): { ids: number[]; quotes: number } {
  const like = `%${escapeLike(s)}%`;
  const cands = trigram(stmt, 'speakers_trgm', s);
  const rows = (
    cands && cands.length <= SPARSE
      ? stmt("SELECT speaker, quotes FROM speakers WHERE speaker IN (SELECT value FROM json_each(?)) AND name LIKE ? ESCAPE '\\'").all(JSON.stringify(cands), like)
      : stmt("SELECT speaker, quotes FROM speakers WHERE name LIKE ? ESCAPE '\\'").all(like)
  ) as { speaker: number; quotes: number }[];
  return { ids: rows.map((r) => r.speaker), quotes: rows.reduce((a, r) => a + r.quotes, 0) };
}

export function eventWhere(stmt: Prepare, f: EventFilter): { where: string[]; params: Value[] } {
  const where: string[] = [];
  const params: Value[] = [];
  if (f.document) {
    where.push('e.doc = ?');
    params.push(docRowOf(stmt, f.document));
  }
  for (const side of ['source', 'target'] as const) {
    const code = f[side];
    if (code) {
      where.push(`e.${side}_code GLOB ?`);
      params.push(escapeGlob(code.toUpperCase()) + '*');
    }
  }
  if (f.cameo) {
    if (/^\d{2}$/.test(f.cameo)) {
      where.push('e.cameo_root = ?');
      params.push(f.cameo);
    } else {
      where.push('e.cameo_code GLOB ?');
      params.push(escapeGlob(f.cameo) + '*');
    }
  }
  if (f.plover) {
    where.push('e.plover_type = ?');
    params.push(f.plover.toUpperCase());
  }
  if (f.since) {
    where.push('e.day >= ?');
    params.push(f.since);
  }
  if (f.until) {
    where.push("e.day <= ? AND e.day > ''");
    params.push(f.until);
  }
  return { where, params };
}

export function eventsPage(stmt: Prepare, f: EventFilter): Paged<EventRow> {
  const { where, params } = eventWhere(stmt, f);
  const after = f.after !== undefined ? parseKey(f.after, 2) : undefined;
  if (after) {
    where.push('e.day <= ? AND (e.day < ? OR e.event > ?)');
    params.push(String(after[0]), String(after[0]), Number(after[1]));
  }
  const sql = `SELECT ${EVENT_COLUMNS}, e.day AS k FROM ${EVENT_FROM}
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY e.day DESC, e.event LIMIT ? OFFSET ?`;
  const rows = stmt(sql).all(...params, f.limit ? f.limit : -1, after ? 0 : (f.offset ?? 0)) as (EventRow & { k: string })[];
  const keys = rows.map((r) => keyOf([r.k, r.event_id]));
  for (const r of rows) delete (r as Partial<typeof r>).k;
  return { rows, keys };
}

export function entitiesPage(stmt: Prepare, f: EntityFilter): Paged<EntityRow> {
  const where: string[] = [];
  const params: Value[] = [];
  if (f.name) {
    const cands = trigram(stmt, 'entity_groups_trgm', f.name);
    if (cands && cands.length === 0) return { rows: [], keys: [] };
    if (cands && cands.length <= SPARSE) {
      where.push('g.grp IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(cands));
    }
    where.push("g.name LIKE ? ESCAPE '\\'");
    params.push(`%${escapeLike(f.name)}%`);
  }
  if (f.type) {
    where.push('g.type = ?');
    params.push(f.type.toUpperCase());
  }
  const after = f.after !== undefined ? parseKey(f.after, 5) : undefined;
  if (after) {
    where.push('(g.neg_docs, g.neg_mentions, g.name, g.type, g.actor_code) > (?, ?, ?, ?, ?)');
    params.push(...(after as Value[]));
  }
  const sql = `SELECT ${ENTITY_COLUMNS}, g.neg_docs AS k1, g.neg_mentions AS k2, g.type AS k4, g.actor_code AS k5 FROM entity_groups g
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY g.neg_docs, g.neg_mentions, g.name, g.type, g.actor_code LIMIT ? OFFSET ?`;
  const rows = stmt(sql).all(...params, f.limit ? f.limit : -1, after ? 0 : (f.offset ?? 0)) as (EntityRow & { k1: number; k2: number; k4: string; k5: string })[];
  const keys = rows.map((r) => keyOf([r.k1, r.k2, r.name, r.k4, r.k5]));
  for (const r of rows) {
    const x = r as Partial<typeof r>;
    delete x.k1;
    delete x.k2;
    delete x.k4;
    delete x.k5;
  }
  return { rows, keys };
}

export function documentsPage(stmt: Prepare, f: DocumentFilter): Paged<DocumentSummary> {
  const where: string[] = [];
  const params: Value[] = [];
  if (f.title) {
    const t = f.title.toLowerCase();
    const cands = trigram(stmt, 'documents_title', t);
    if (cands && cands.length === 0) return { rows: [], keys: [] };
    if (cands && cands.length <= SPARSE) {
      where.push('d.doc IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(cands));
    }
    where.push('instr(d.search_title, ?) > 0');
    params.push(t);
  }
  const after = f.after !== undefined ? parseKey(f.after, 3) : undefined;
  if (after) {
    where.push("coalesce(d.published, '') <= ? AND (coalesce(d.published, '') < ? OR (d.sort_title, d.id) > (?, ?))");
    params.push(String(after[0]), String(after[0]), String(after[1]), String(after[2]));
  }
  const sql = `SELECT ${DOCUMENT_SUMMARY_COLUMNS}, d.sort_title AS k FROM documents d
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY coalesce(d.published, '') DESC, d.sort_title, d.id LIMIT ? OFFSET ?`;
  const rows = stmt(sql).all(...params, f.limit ? f.limit : -1, after ? 0 : (f.offset ?? 0)) as (DocumentSummary & { k: string })[];
  const keys = rows.map((r) => keyOf([r.published ?? '', r.k, r.id]));
  for (const r of rows) delete (r as Partial<typeof r>).k;
  return { rows, keys };
}
