/**
 * The PostgreSQL store's reads of one document and of the lists, a page at a time in index order (the same
 * rows as SQLite for every filter and page): quotes are searched with a tsvector and a GIN index (English
 * stemming, the same query syntax as SQLite's FTS5 path), names with trigram indexes. Each function runs its
 * statements through `rows` (the store's pool, with its retries and messages).
 */
import { searchText } from '../fts-query.js';
import { TS_CONFIG } from '../pg-schema.js';
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
import { assemble, QUOTE_FIELDS, type EntityRowIn, type EventRowIn, type QuoteRowIn, type StoredDoc } from '../shape.js';
import type { DocumentFilter, DocumentIn, DocumentSummary, EntityFilter, EntityRow, EventFilter, EventRow, Paged, QuoteFilter, QuoteRow } from '../types.js';
import type { Query } from './connection.js';

/** A case-insensitive substring pattern for `herald_fold(column) LIKE`: ASCII case only, as SQLite's LIKE. */
const foldedSubstring = (s: string): string => `%${escapeLike(s.replace(/[A-Z]+/g, (c) => c.toLowerCase()))}%`;

/** Collects positional parameters: `p.add(v)` returns its `$n`. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** Rows without their key columns, and the keys for `after`. */
function strip<R extends object>(rows: R[], key: (r: R) => unknown[], hidden: string[]): Paged<R> {
  const keys = rows.map((r) => keyOf(key(r)));
  for (const r of rows) for (const h of hidden) delete (r as Record<string, unknown>)[h];
  return { rows, keys };
}

// ---------------------------------------------------------------- one document

/** A stored document row with its row number. */
export type DocRow = StoredDoc & { doc: number };

/** The documents `docs` back whole: their texts and layers read with one query per table. */
export async function assembleDocs(q: Query, docs: DocRow[]): Promise<DocumentIn[]> {
  if (!docs.length) return [];
  const ids = docs.map((d) => d.doc);
  const quoteCols = QUOTE_FIELDS.filter((c) => c !== 'speaker_name').map((c) => `q.${c}`).join(', ');
  const [texts, ents, quotes, events] = await Promise.all([
    q<{ doc: number; text: string }>('SELECT doc, text FROM texts WHERE doc = ANY($1::bigint[])', [ids]),
    q<EntityRowIn & { doc: number }>('SELECT * FROM entities WHERE doc = ANY($1::bigint[]) ORDER BY doc, ord', [ids]),
    q<QuoteRowIn & { doc: number }>(
      `SELECT q.doc, ${quoteCols}, s.name AS speaker_name FROM quotes q LEFT JOIN speakers s ON s.speaker = q.speaker
       WHERE q.doc = ANY($1::bigint[]) ORDER BY q.doc, q.quote`,
      [ids],
    ),
    q<EventRowIn & { doc: number }>('SELECT * FROM events WHERE doc = ANY($1::bigint[]) ORDER BY doc, event', [ids]),
  ]);
  const textOf = new Map(texts.map((t) => [t.doc, t.text]));
  const e = groupByDoc(ents);
  const qs = groupByDoc(quotes);
  const ev = groupByDoc(events);
  return docs.map((d) => assemble(d, textOf.get(d.doc) ?? '', e.get(d.doc) ?? [], qs.get(d.doc) ?? [], ev.get(d.doc) ?? []));
}

/** One stored document by its id. */
export async function documentById(rows: Query, id: string): Promise<DocumentIn | undefined> {
  const found = await rows<DocRow>(`SELECT ${DOC_COLUMNS} FROM documents WHERE id = $1`, [id]);
  if (!found.length) return undefined;
  return (await assembleDocs(rows, found))[0];
}

// ---------------------------------------------------------------- lists

export async function quotesPage(rows: Query, f: QuoteFilter): Promise<Paged<QuoteRow>> {
  const p = new Params();
  const where: string[] = [];
  if (f.document) where.push(`q.doc = (SELECT doc FROM documents WHERE id = ${p.add(f.document)})`);
  if (f.text) {
    const words = searchText(f.text);
    if (words) where.push(`q.words @@ plainto_tsquery('${TS_CONFIG}', ${p.add(words)})`);
  }
  if (f.since) where.push(`q.day >= ${p.add(f.since)}`);
  if (f.until) where.push(`q.day <= ${p.add(f.until)} AND q.day > ''`);
  if (f.minConfidence !== undefined) where.push(`q.confidence >= ${p.add(f.minConfidence)}`);
  const after = f.after !== undefined ? parseKey(f.after, 2) : undefined;
  if (after) {
    const day = p.add(String(after[0]));
    where.push(`q.day <= ${day} AND (q.day < ${day} OR q.quote > ${p.add(Number(after[1]))})`);
  }
  if (f.speaker) {
    const found = await rows<{ speaker: number; quotes: number }>('SELECT speaker, quotes FROM speakers WHERE herald_fold(name) LIKE $1', [foldedSubstring(f.speaker)]);
    if (!found.length) return { rows: [], keys: [] };
    // Few quotes: fetch them by the speaker index and sort; many: walk the list in order and keep theirs.
    const walk = found.reduce((a, r) => a + Number(r.quotes), 0) > SPEAKER_SORT_MAX;
    where.push(`${walk ? '(q.speaker + 0)' : 'q.speaker'} = ANY(${p.add(found.map((r) => r.speaker))}::bigint[])`);
  }
  const sql = `SELECT ${QUOTE_COLUMNS}, q.day AS k1, q.quote AS k2 FROM ${QUOTE_FROM}
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY q.day DESC, q.quote LIMIT ${p.add(f.limit ? f.limit : null)} OFFSET ${p.add(after ? 0 : (f.offset ?? 0))}`;
  const got = await rows<QuoteRow & { k1: string; k2: number }>(sql, p.values);
  return strip(got, (r) => [r.k1, r.k2], ['k1', 'k2']);
}

export function eventWhere(f: EventFilter, p: Params): string[] {
  const where: string[] = [];
  if (f.document) where.push(`e.doc = (SELECT doc FROM documents WHERE id = ${p.add(f.document)})`);
  for (const side of ['source', 'target'] as const) {
    const code = f[side];
    if (code) where.push(`e.${side}_code LIKE ${p.add(escapeLike(code.toUpperCase()) + '%')}`);
  }
  if (f.cameo) {
    if (/^\d{2}$/.test(f.cameo)) where.push(`e.cameo_root = ${p.add(f.cameo)}`);
    else where.push(`e.cameo_code LIKE ${p.add(escapeLike(f.cameo) + '%')}`);
  }
  if (f.plover) where.push(`e.plover_type = ${p.add(f.plover.toUpperCase())}`);
  if (f.since) where.push(`e.day >= ${p.add(f.since)}`);
  if (f.until) where.push(`e.day <= ${p.add(f.until)} AND e.day > ''`);
  return where;
}

export async function eventsPage(rows: Query, f: EventFilter): Promise<Paged<EventRow>> {
  const p = new Params();
  const where = eventWhere(f, p);
  const after = f.after !== undefined ? parseKey(f.after, 2) : undefined;
  if (after) {
    const day = p.add(String(after[0]));
    where.push(`e.day <= ${day} AND (e.day < ${day} OR e.event > ${p.add(Number(after[1]))})`);
  }
  const sql = `SELECT ${EVENT_COLUMNS}, e.day AS k1 FROM ${EVENT_FROM}
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY e.day DESC, e.event LIMIT ${p.add(f.limit ? f.limit : null)} OFFSET ${p.add(after ? 0 : (f.offset ?? 0))}`;
  const got = await rows<EventRow & { k1: string }>(sql, p.values);
  return strip(got, (r) => [r.k1, r.event_id], ['k1']);
}

export async function entitiesPage(rows: Query, f: EntityFilter): Promise<Paged<EntityRow>> {
  const p = new Params();
  const where: string[] = [];
  if (f.name) where.push(`herald_fold(g.name) LIKE ${p.add(foldedSubstring(f.name))}`);
  if (f.type) where.push(`g.type = ${p.add(f.type.toUpperCase())}`);
  const after = f.after !== undefined ? parseKey(f.after, 5) : undefined;
  if (after) where.push(`(g.neg_docs, g.neg_mentions, g.name, g.type, g.actor_code) > (${after.map((v) => p.add(v)).join(', ')})`);
  const sql = `SELECT ${ENTITY_COLUMNS}, g.neg_docs AS k1, g.neg_mentions AS k2, g.type AS k4, g.actor_code AS k5 FROM entity_groups g
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY g.neg_docs, g.neg_mentions, g.name, g.type, g.actor_code
    LIMIT ${p.add(f.limit ? f.limit : null)} OFFSET ${p.add(after ? 0 : (f.offset ?? 0))}`;
  const got = await rows<EntityRow & { k1: number; k2: number; k4: string; k5: string }>(sql, p.values);
  return strip(got, (r) => [r.k1, r.k2, r.name, r.k4, r.k5], ['k1', 'k2', 'k4', 'k5']);
}

export async function documentsPage(rows: Query, f: DocumentFilter): Promise<Paged<DocumentSummary>> {
  const p = new Params();
  const where: string[] = [];
  if (f.title) where.push(`d.search_title LIKE ${p.add(`%${escapeLike(f.title.toLowerCase())}%`)}`);
  const after = f.after !== undefined ? parseKey(f.after, 3) : undefined;
  if (after) {
    const pub = p.add(String(after[0]));
    where.push(`coalesce(d.published, '') <= ${pub} AND (coalesce(d.published, '') < ${pub} OR (d.sort_title, d.id) > (${p.add(String(after[1]))}, ${p.add(String(after[2]))}))`);
  }
  const sql = `SELECT ${DOCUMENT_SUMMARY_COLUMNS}, d.sort_title AS k FROM documents d
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY coalesce(d.published, '') DESC, d.sort_title, d.id
    LIMIT ${p.add(f.limit ? f.limit : null)} OFFSET ${p.add(after ? 0 : (f.offset ?? 0))}`;
  const got = await rows<DocumentSummary & { k: string }>(sql, p.values);
  return strip(got, (r) => [r.published ?? '', r.k, r.id], ['k']);
}
