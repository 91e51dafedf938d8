/**
 * The PostgreSQL store's write path: each document with all its layers, and what it adds to the kept counts
 * and aggregates (aggregates.ts), in one transaction, `ON CONFLICT DO NOTHING` on its sha256 id, so any number
 * of writers store it once. Writers update shared aggregate rows in key order, so they never deadlock; one
 * told to retry does. Rows go in bulk, a statement per table (`bulk`).
 */
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { ACC_FIELDS, groupDeltas, speakerDeltas, statDeltas, type StatDeltas } from '../aggregates.js';
import { searchText } from '../fts-query.js';
import { COUNT_SHARDS, TS_CONFIG } from '../pg-schema.js';
import { ENTITY_FIELDS, EVENT_FIELDS, QUOTE_FIELDS, type FlatDoc } from '../shape.js';
import type { AddOutcome } from '../types.js';
import { isConnectionError } from './connection.js';

/** Stores one document in a transaction of its own, trying again (up to 5 times) when told to. */
export async function addDocument(pool: Pool, flat: FlatDoc): Promise<AddOutcome> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    // A connection cut between two statements reports here, not to a query: without a listener it would kill the process.
    const onError = (e: Error): void => void (broken = e);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const out = await insert(client, flat);
      await client.query(out.added ? 'COMMIT' : 'ROLLBACK');
      return out;
    } catch (e) {
      if (isConnectionError(e)) broken = e as Error;
      else await client.query('ROLLBACK').catch((r: unknown) => void (broken = r as Error));
      // Two writers that met on the same aggregate rows: one of them is told to try again.
      const code = (e as { code?: unknown }).code;
      if ((code === '40P01' || code === '40001') && attempt < 5 && !broken) continue;
      throw e;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }
}

/** One document's rows, then what it adds to the kept counts and aggregates (each table's rows in key order). */
export async function insert(client: PoolClient, flat: FlatDoc, eventIds?: number[]): Promise<AddOutcome> {
  const d = flat.doc;
  const r = await client.query<{ doc: number }>(
    `INSERT INTO documents (id, title, author, source, url, published, day, origin, added_at, excerpt, sort_title, search_title, entities, quotes, events, rest)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (id) DO NOTHING RETURNING doc`,
    [d.id, d.title, d.author, d.source, d.url, d.published, d.day, d.origin, d.added_at, d.excerpt, d.sort_title, d.search_title, d.entities, d.quotes, d.events, d.rest],
  );
  if (r.rows.length === 0) return { added: false, entities: 0, quotes: 0, events: 0 };
  const docRow = r.rows[0].doc;
  await client.query('INSERT INTO texts (doc, text) VALUES ($1, $2)', [docRow, flat.text]);

  const eids = new Set<string>();
  for (const e of flat.entities) {
    if (eids.has(e.eid)) throw new Error(`document ${d.id}: entity id ${e.eid} appears twice`);
    eids.add(e.eid);
  }
  if (flat.entities.length) {
    const rows = flat.entities.map((e, ord) => ({ ...e, ord }));
    await bulk(client, 'INSERT INTO entities (doc, %c) SELECT $1, %u', ['ord', ...ENTITY_FIELDS], rows, [docRow]);
  }

  const speakers = new Map<string, number>();
  const sp = speakerDeltas(flat.quotes.map((q) => q.speaker_name));
  if (sp.length) {
    const got = await bulk<{ speaker: number; name: string }>(
      client,
      `INSERT INTO speakers (name, quotes) SELECT %u ORDER BY 1 ON CONFLICT (name) DO UPDATE SET quotes = speakers.quotes + excluded.quotes RETURNING speaker, name`,
      ['name', 'quotes'], sp, [],
    );
    for (const row of got) speakers.set(row.name, row.speaker);
  }
  if (flat.quotes.length) {
    const rows = flat.quotes.map((q) => ({ ...q, speaker: q.speaker_name === null ? null : speakers.get(q.speaker_name) ?? null, words: searchText(q.text) ?? '' }));
    const cols = ['speaker', 'words', ...QUOTE_FIELDS.filter((c) => c !== 'speaker_name')];
    await bulk(client, `INSERT INTO quotes (doc, %c) SELECT $1, %u`, cols, rows, [docRow], { words: `to_tsvector('${TS_CONFIG}', u.words)` });
  }

  let ids: number[] = [];
  if (flat.events.length) {
    if (eventIds) {
      const rows = flat.events.map((e, i) => ({ ...e, event: eventIds[i] }));
      await bulk(client, 'INSERT INTO events (doc, %c) OVERRIDING SYSTEM VALUE SELECT $1, %u', ['event', ...EVENT_FIELDS], rows, [docRow]);
      ids = eventIds;
    } else {
      const got = await bulk<{ event: number }>(client, 'INSERT INTO events (doc, %c) SELECT $1, %u RETURNING event', [...EVENT_FIELDS], flat.events, [docRow]);
      ids = got.map((x) => Number(x.event)).sort((a, b) => a - b);
    }
  }

  const groups = groupDeltas(flat.entities);
  if (groups.length) {
    await bulk(
      client,
      `INSERT INTO entity_groups (name, type, actor_code, country, sector, neg_docs, neg_mentions)
       SELECT u.name, u.type, u.actor_code, u.country, u.sector, -1, -u.mentions FROM unnest(%a) AS u(%c) ORDER BY 1, 2, 3
       ON CONFLICT (name, type, actor_code) DO UPDATE SET neg_docs = entity_groups.neg_docs - 1,
         neg_mentions = entity_groups.neg_mentions + excluded.neg_mentions,
         country = greatest(entity_groups.country, excluded.country), sector = greatest(entity_groups.sector, excluded.sector)`,
      ['name', 'type', 'actor_code', 'country', 'sector', 'mentions'], groups, [],
    );
  }
  await writeAggregates(client, statDeltas(flat.events, ids));
  await client.query(
    `INSERT INTO counts AS c (shard, documents, entities, mentions, quotes, events) VALUES ($1, 1, $2, $3, $4, $5)
     ON CONFLICT (shard) DO UPDATE SET documents = c.documents + 1, entities = c.entities + $2, mentions = c.mentions + $3,
       quotes = c.quotes + $4, events = c.events + $5`,
    [Math.floor(Math.random() * COUNT_SHARDS), flat.entities.length, d.mentions, flat.quotes.length, flat.events.length],
  );
  await client.query('DELETE FROM claims WHERE id = $1', [d.id]);
  return { added: true, entities: flat.entities.length, quotes: flat.quotes.length, events: flat.events.length };
}

async function writeAggregates(client: PoolClient, d: StatDeltas): Promise<void> {
  const acc = ACC_FIELDS as readonly string[];
  const add = (t: string): string => acc.map((k) => `${k} = ${t}.${k} + excluded.${k}`).join(', ');
  if (d.days.length) {
    await bulk(client, `INSERT INTO stat_days (%c) SELECT %u ORDER BY 1 ON CONFLICT (day) DO UPDATE SET ${add('stat_days')}`, ['day', ...acc], d.days, []);
  }
  if (d.edges.length) {
    const got = await bulk<{ bucket: string; inserted: boolean }>(
      client,
      `INSERT INTO stat_edges (%c) SELECT %u ORDER BY 1, 2, 3 ON CONFLICT (bucket, skey, tkey) DO UPDATE SET ${add('stat_edges')}
       RETURNING bucket, (xmax = 0) AS inserted`,
      ['bucket', 'skey', 'tkey', ...acc], d.edges, [],
    );
    const fresh = new Map<string, number>();
    for (const g of got) if (g.inserted) fresh.set(g.bucket, (fresh.get(g.bucket) ?? 0) + 1);
    if (fresh.size) {
      const rows = [...fresh.entries()].map(([bucket, pairs]) => ({ bucket, pairs }));
      await bulk(client, 'INSERT INTO stat_pairs (%c) SELECT %u ORDER BY 1 ON CONFLICT (bucket) DO UPDATE SET pairs = stat_pairs.pairs + excluded.pairs', ['bucket', 'pairs'], rows, []);
    }
  }
  if (d.labels.length) {
    await bulk(
      client,
      `INSERT INTO stat_labels (%c) SELECT %u ORDER BY 1, 2, 3 ON CONFLICT (bucket, akey, label) DO UPDATE SET
         n_out = stat_labels.n_out + excluded.n_out, n_in = stat_labels.n_in + excluded.n_in`,
      ['bucket', 'akey', 'label', 'n_out', 'n_in'], d.labels, [],
    );
  }
  if (d.places.length) {
    const first = (c: string): string =>
      `${c} = CASE WHEN (excluded.first_day, excluded.first_event) < (stat_places.first_day, stat_places.first_event) THEN excluded.${c} ELSE stat_places.${c} END`;
    await bulk(
      client,
      `INSERT INTO stat_places (%c) SELECT %u ORDER BY 1, 2 ON CONFLICT (bucket, pkey) DO UPDATE SET ${add('stat_places')},
         ${['country', 'lat', 'lon', 'first_event', 'first_day'].map(first).join(', ')}`,
      ['bucket', 'pkey', ...acc, 'first_day', 'first_event', 'country', 'lat', 'lon'], d.places, [],
    );
  }
  if (d.tallies.length) {
    await bulk(
      client,
      'INSERT INTO stat_tallies (%c) SELECT %u ORDER BY 1, 2, 3 ON CONFLICT (bucket, kind, value) DO UPDATE SET n = stat_tallies.n + excluded.n',
      ['bucket', 'kind', 'value', 'n'], d.tallies, [],
    );
  }
}

/** The array type `bulk` sends a column as (text unless named here). */
const NUMERIC_TYPES: Record<string, string> = {
  ord: 'int', mentions: 'int', span_start: 'int', span_end: 'int', cue_start: 'int', cue_end: 'int', speaker_start: 'int', speaker_end: 'int',
  trigger_start: 'int', trigger_end: 'int', sentence: 'int', sentence_start: 'int', sentence_end: 'int', source_start: 'int', source_end: 'int',
  target_start: 'int', target_end: 'int', quad_class: 'int', confidence: 'float8', goldstein: 'float8', lat: 'float8', lon: 'float8',
  speaker: 'bigint', event: 'bigint', quotes: 'bigint', pairs: 'bigint', events: 'bigint', q1: 'bigint', q2: 'bigint', q3: 'bigint', q4: 'bigint',
  g100: 'bigint', gn: 'bigint', n_out: 'bigint', n_in: 'bigint', first_event: 'bigint', n: 'bigint',
};

/**
 * A bulk statement over rows, as columns of arrays: in `sql`, `%c` is the column list, `%u` the select list of
 * `unnest(...) AS u(...)` in row order (with `exprs` replacing a column's plain value), `%a` the arrays alone;
 * `fixed` parameters come first ($1, …).
 */
async function bulk<R extends QueryResultRow = QueryResultRow>(
  client: PoolClient,
  sql: string,
  cols: readonly string[],
  rows: readonly object[],
  fixed: unknown[],
  exprs: Record<string, string> = {},
): Promise<R[]> {
  const arrays = cols.map((c) => rows.map((r) => (r as Record<string, unknown>)[c] ?? null));
  const typed = cols.map((c, i) => `$${fixed.length + i + 1}::${NUMERIC_TYPES[c] ?? 'text'}[]`).join(', ');
  const select = `${cols.map((c) => exprs[c] ?? `u.${c}`).join(', ')} FROM unnest(${typed}) WITH ORDINALITY AS u(${cols.join(', ')}, ord_)`;
  const text = sql.includes('%u')
    ? sql.replace('%c', cols.join(', ')).replace('%u', /%u\s+ORDER BY/.test(sql) ? select : `${select} ORDER BY u.ord_`)
    : sql.replace('%a', typed).replace('%c', cols.join(', '));
  return (await client.query<R>(text, [...fixed, ...arrays])).rows;
}
