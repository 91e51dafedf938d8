/**
 * The SQLite store's write path: a document's rows (documents, texts, entities, speakers, quotes, events) and
 * what it adds to the kept counts and aggregates (aggregates.ts), all in one IMMEDIATE transaction, so a killed
 * process leaves only whole documents behind. Also used, outside a transaction of its own, by the upgrade of
 * an older file (open.ts).
 */
import type Database from 'better-sqlite3';
import { ACC_FIELDS, groupDeltas, speakerDeltas, statDeltas, type Acc, type StatDeltas } from '../aggregates.js';
import { dayNumber, EVENT_FIELDS, QUOTE_FIELDS, type FlatDoc, type QuoteRowIn, type Value } from '../shape.js';
import type { AddOutcome } from '../types.js';

type Db = Database.Database;

// ---------------------------------------------------------------- quote keys

/** The keys of one day: a quote's key is its day's floor plus a place within the day. */
export const DAY_SPAN = 2 ** 31;

/**
 * A quote's primary key is its place in the quotes list: the day (newest first) then insertion order (oldest
 * first), so that the list, its date filters, keyset paging and the full-text index (whose rowid it is) all
 * read in key order, newest first, and stop after a page. Below 2^53 for any day up to 9999-12-31.
 */
export const quoteKey = (day: string, seq: number): number => dayNumber(day) * DAY_SPAN + (DAY_SPAN - 1 - seq);
export const dayFloor = (day: string): number => dayNumber(day) * DAY_SPAN;

// ---------------------------------------------------------------- the write path

/** The write path: one document's rows and aggregates (in a transaction of its own unless `own` is false). */
export function buildAdd(db: Db, own: boolean): (flat: FlatDoc, eventIds?: number[]) => AddOutcome {
  const insDoc = db.prepare(`INSERT OR IGNORE INTO documents
    (id, title, author, source, url, published, day, origin, added_at, excerpt, sort_title, search_title, entities, quotes, events, rest)
    VALUES (@id, @title, @author, @source, @url, @published, @day, @origin, @added_at, @excerpt, @sort_title, @search_title, @entities, @quotes, @events, @rest)`);
  const insText = db.prepare('INSERT INTO texts (doc, text) VALUES (?, ?)');
  const insEntity = db.prepare(`INSERT INTO entities (doc, ord, eid, type, name, actor_code, actor_country, actor_sector, mentions, spans, extra)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const upSpeaker = db.prepare(`INSERT INTO speakers (name, quotes) VALUES (?, ?)
    ON CONFLICT (name) DO UPDATE SET quotes = quotes + excluded.quotes RETURNING speaker`).pluck();
  const quoteCols = QUOTE_FIELDS.filter((c) => c !== 'speaker_name');
  const insQuote = db.prepare(`INSERT INTO quotes (quote, doc, speaker, ${quoteCols.join(', ')})
    VALUES (?, ?, ?, ${quoteCols.map(() => '?').join(', ')})`);
  const insEvent = db.prepare(`INSERT INTO events (event, doc, ${EVENT_FIELDS.join(', ')}) VALUES (?, ?, ${EVENT_FIELDS.map(() => '?').join(', ')})`);
  const seq = db.prepare('SELECT quotes FROM counts').pluck();
  const upCounts = db.prepare(`UPDATE counts SET documents = documents + 1, entities = entities + ?, mentions = mentions + ?,
    quotes = quotes + ?, events = events + ?`);
  const unclaim = db.prepare('DELETE FROM claims WHERE id = ?');
  const upGroup = db.prepare(`INSERT INTO entity_groups (name, type, actor_code, country, sector, neg_docs, neg_mentions) VALUES (?, ?, ?, ?, ?, -1, ?)
    ON CONFLICT (name, type, actor_code) DO UPDATE SET neg_docs = neg_docs - 1, neg_mentions = neg_mentions + excluded.neg_mentions,
      country = CASE WHEN country IS NULL OR excluded.country > country THEN coalesce(excluded.country, country) ELSE country END,
      sector = CASE WHEN sector IS NULL OR excluded.sector > sector THEN coalesce(excluded.sector, sector) ELSE sector END`);
  const write = aggregateWriter(db);

  const add = (flat: FlatDoc, eventIds?: number[]): AddOutcome => {
    const r = insDoc.run(flat.doc);
    if (r.changes === 0) return { added: false, entities: 0, quotes: 0, events: 0 };
    const docRow = Number(r.lastInsertRowid);
    insText.run(docRow, flat.text);
    const eids = new Set<string>();
    flat.entities.forEach((e, i) => {
      // An entity id names one entity of the document.
      if (eids.has(e.eid)) throw new Error(`document ${flat.doc.id}: entity id ${e.eid} appears twice`);
      eids.add(e.eid);
      insEntity.run(docRow, i, e.eid, e.type, e.name, e.actor_code, e.actor_country, e.actor_sector, e.mentions, e.spans, e.extra);
    });
    const speakers = new Map<string, number>();
    for (const s of speakerDeltas(flat.quotes.map((q) => q.speaker_name))) speakers.set(s.name, Number(upSpeaker.get(s.name, s.quotes)));
    const base = Number(seq.get());
    flat.quotes.forEach((q, i) => {
      insQuote.run(
        quoteKey(q.day, base + i + 1), docRow, q.speaker_name === null ? null : speakers.get(q.speaker_name) ?? null,
        ...quoteCols.map((c) => q[c as keyof QuoteRowIn] as Value),
      );
    });
    const ids = flat.events.map((e, i) => {
      const out = insEvent.run(eventIds ? eventIds[i] : null, docRow, ...EVENT_FIELDS.map((c) => e[c] as Value));
      return Number(out.lastInsertRowid);
    });
    for (const g of groupDeltas(flat.entities)) upGroup.run(g.name, g.type, g.actor_code, g.country, g.sector, -g.mentions);
    write(statDeltas(flat.events, ids));
    upCounts.run(flat.entities.length, flat.doc.mentions, flat.quotes.length, flat.events.length);
    unclaim.run(flat.doc.id);
    return { added: true, entities: flat.entities.length, quotes: flat.quotes.length, events: flat.events.length };
  };
  if (!own) return add;
  const tx = db.transaction(add);
  return (flat, eventIds) => tx.immediate(flat, eventIds);
}

function aggregateWriter(db: Db): (d: StatDeltas) => void {
  const acc = ACC_FIELDS.join(', ');
  const accQ = ACC_FIELDS.map(() => '?').join(', ');
  const accSet = ACC_FIELDS.map((k) => `${k} = ${k} + excluded.${k}`).join(', ');
  const upDay = db.prepare(`INSERT INTO stat_days (day, ${acc}) VALUES (?, ${accQ}) ON CONFLICT (day) DO UPDATE SET ${accSet}`);
  const upEdge = db.prepare(`INSERT INTO stat_edges (bucket, skey, tkey, ${acc}) VALUES (?, ?, ?, ${accQ})
    ON CONFLICT (bucket, skey, tkey) DO UPDATE SET ${accSet} RETURNING events`).pluck();
  const upPairs = db.prepare('INSERT INTO stat_pairs (bucket, pairs) VALUES (?, 1) ON CONFLICT (bucket) DO UPDATE SET pairs = pairs + 1');
  const upLabel = db.prepare(`INSERT INTO stat_labels (bucket, akey, label, n_out, n_in) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (bucket, akey, label) DO UPDATE SET n_out = n_out + excluded.n_out, n_in = n_in + excluded.n_in`);
  const first = (c: string): string =>
    `${c} = CASE WHEN (excluded.first_day, excluded.first_event) < (first_day, first_event) THEN excluded.${c} ELSE ${c} END`;
  const upPlace = db.prepare(`INSERT INTO stat_places (bucket, pkey, ${acc}, first_day, first_event, country, lat, lon) VALUES (?, ?, ${accQ}, ?, ?, ?, ?, ?)
    ON CONFLICT (bucket, pkey) DO UPDATE SET ${accSet}, ${['country', 'lat', 'lon', 'first_event', 'first_day'].map(first).join(', ')}`);
  const upTally = db.prepare(`INSERT INTO stat_tallies (bucket, kind, value, n) VALUES (?, ?, ?, ?)
    ON CONFLICT (bucket, kind, value) DO UPDATE SET n = n + excluded.n`);
  const accOf = (a: Acc): number[] => ACC_FIELDS.map((k) => Number(a[k]));
  return (d) => {
    for (const x of d.days) upDay.run(x.day, ...accOf(x));
    for (const x of d.edges) if (Number(upEdge.get(x.bucket, x.skey, x.tkey, ...accOf(x))) === x.events) upPairs.run(x.bucket);
    for (const x of d.labels) upLabel.run(x.bucket, x.akey, x.label, x.n_out, x.n_in);
    for (const x of d.places) upPlace.run(x.bucket, x.pkey, ...accOf(x), x.first_day, x.first_event, x.country, x.lat, x.lon);
    for (const x of d.tallies) upTally.run(x.bucket, x.kind, x.value, x.n);
  };
}

