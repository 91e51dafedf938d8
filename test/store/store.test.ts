/**
 * The SQLite store on two synthetic DESIGN-schema results (fixtures.ts), through its synchronous methods: what
 * goes in comes back out exactly, through the queries, the JSON Lines / CSV / GDELT / PLOVER exports, and
 * re-adding changes nothing. contract.test.ts runs the same checks through the async Store interface on every
 * backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { exportTo } from '../../src/cli/export.js';
import { gdeltHeader, toCsv, EVENT_CSV_COLUMNS, toTable, QUOTE_TABLE } from '../../src/store/format.js';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../src/store/schema.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/temp.js';
import { docA, docB, EVENT_A, EVENT_B, NOW, QUOTE_A, QUOTE_B, span } from './fixtures.js';
import { addV1Sqlite, SQLITE_V1 } from './legacy.js';
import type { DocumentIn } from '../../src/store/types.js';

function freshStore(): { store: SqliteStore; file: string } {
  const file = join(tempDir('herald-store-'), 'test.db');
  const store = SqliteStore.open(file, { now: () => NOW });
  store.addSync(docA(), 'a.txt');
  store.addSync(docB(), 'feed.jsonl:1');
  return { store, file };
}

test('a new database is Herald-marked, migrated and in WAL mode', () => {
  const { store, file } = freshStore();
  store.closeSync();
  const db = new Database(file, { readonly: true });
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  assert.equal(db.pragma('application_id', { simple: true }), APPLICATION_ID);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name").pluck().all() as string[]).filter(
    (n) => !n.startsWith('sqlite_') && !/_fts_/.test(n),
  );
  for (const t of ['documents', 'texts', 'entities', 'quotes', 'events', 'quotes_fts', 'events_source', 'quotes_speaker', 'speakers_trgm', 'counts', 'entity_groups', 'stat_edges']) {
    assert.ok(names.includes(t), `${t} missing from ${names.join(', ')}`);
  }
  // The article index nobody queried is gone (schema 2); the text is stored once.
  assert.ok(!names.includes('documents_fts'));
  db.close();
});

test('adding is idempotent: the same id again writes nothing', () => {
  const { store } = freshStore();
  assert.deepEqual(store.countsSync(), { documents: 2, entities: 5, mentions: 6, quotes: 2, events: 2 });
  assert.deepEqual(store.addSync(docA()), { added: false, entities: 0, quotes: 0, events: 0 });
  // Even with different layers: the content hash decides.
  assert.deepEqual(store.addSync({ ...docB(), quotes: [] }), { added: false, entities: 0, quotes: 0, events: 0 });
  assert.deepEqual(store.countsSync(), { documents: 2, entities: 5, mentions: 6, quotes: 2, events: 2 });
  assert.equal(store.hasSync('a'.repeat(64)), true);
  assert.equal(store.hasSync('c'.repeat(64)), false);
  store.closeSync();
});

test('a failing document leaves nothing behind (one transaction per document)', () => {
  const { store } = freshStore();
  // @ts-expect-error -- a null quote: the type forbids it, and the store must refuse it at run time too (JSON is not type-checked)
  const bad: DocumentIn = { ...docA(), id: 'c'.repeat(64), text: 'x', quotes: [{ id: 'Q1', start: 0, end: 1, text: 'x' }, null] };
  assert.throws(() => store.addSync(bad));
  assert.equal(store.hasSync('c'.repeat(64)), false);
  assert.deepEqual(store.countsSync(), { documents: 2, entities: 5, mentions: 6, quotes: 2, events: 2 });
  store.closeSync();
});

test('quotes: a speaker no entity was linked to is listed and found by its words as written', () => {
  const { store } = freshStore();
  const t = 'The Foreign Ministry said that “talks will resume”.';
  const q = span(t, '“talks will resume”');
  store.addSync({
    id: 'c'.repeat(64), meta: { title: 'Talks', published: '2017-03-06' }, text: t, sentences: [{ start: 0, end: t.length }],
    entities: [], events: [],
    quotes: [{ id: 'Q1', kind: 'direct', start: q.start, end: q.end, text: q.text, cue: span(t, 'said'), speaker: { entity: null, name: null, ...span(t, 'The Foreign Ministry') }, confidence: 0.8 }],
  }, 'c.txt');
  const rows = store.quotesSync({ speaker: 'ministry' });
  assert.deepEqual(rows.map((r) => [r.speaker, r.text]), [['The Foreign Ministry', '“talks will resume”']]);
  assert.deepEqual(store.quotesSync({ speaker: 'khamenei' }), [QUOTE_A]);
  store.closeSync();
});

test('quotes: newest first, by speaker, by words (stemmed), by date', () => {
  const { store } = freshStore();
  assert.deepEqual(store.quotesSync(), [QUOTE_B, QUOTE_A]);
  assert.deepEqual(store.quotesSync({ speaker: 'khamenei' }), [QUOTE_A]);
  assert.deepEqual(store.quotesSync({ text: 'sanction' }), [QUOTE_B]);
  assert.deepEqual(store.quotesSync({ text: 'PALESTINE prevails' }), [QUOTE_A]);
  assert.deepEqual(store.quotesSync({ text: 'palestine working' }), []);
  assert.deepEqual(store.quotesSync({ text: '"OR" NEAR(*' }), []);
  assert.deepEqual(store.quotesSync({ since: '2017-03-01' }), [QUOTE_B]);
  assert.deepEqual(store.quotesSync({ until: '2017-02-21' }), [QUOTE_A]);
  assert.deepEqual(store.quotesSync({ speaker: '%' }), []);
  assert.deepEqual(store.quotesSync({ limit: 1 }), [QUOTE_B]);
  assert.deepEqual(store.quotesSync({ limit: 1, offset: 1 }), [QUOTE_A]);
  store.closeSync();
});

test('events: by actor code prefix, CAMEO root or code, PLOVER type, date', () => {
  const { store } = freshStore();
  assert.deepEqual(store.eventsSync(), [EVENT_B, EVENT_A]);
  assert.deepEqual(store.eventsSync({ source: 'usa' }), [EVENT_A]);
  assert.deepEqual(store.eventsSync({ source: 'USAGOV' }), [EVENT_A]);
  assert.deepEqual(store.eventsSync({ source: 'USAMIL' }), []);
  assert.deepEqual(store.eventsSync({ target: 'USA' }), [EVENT_B]);
  assert.deepEqual(store.eventsSync({ cameo: '16' }), [EVENT_A]);
  assert.deepEqual(store.eventsSync({ cameo: '138' }), [EVENT_B]);
  assert.deepEqual(store.eventsSync({ cameo: '1' }), [EVENT_B, EVENT_A]);
  assert.deepEqual(store.eventsSync({ plover: 'threaten' }), [EVENT_B]);
  // A partial event date (2017-02-2X) falls back to the publication day.
  assert.deepEqual(store.eventsSync({ until: '2017-03-03' }), [EVENT_A]);
  assert.deepEqual(store.eventsSync({ since: '2017-03-04', until: '2017-03-04' }), [EVENT_B]);
  store.closeSync();
});

test('entities: grouped across documents with counts', () => {
  const { store } = freshStore();
  assert.deepEqual(store.entitiesSync({ name: 'iran' }), [
    { name: 'Iran', type: 'GPE', actor_code: 'IRN', country: 'IRN', sector: null, documents: 2, mentions: 2 },
  ]);
  assert.deepEqual(store.entitiesSync({ type: 'person' }), [
    { name: 'Ali Khamenei', type: 'PERSON', actor_code: 'IRNGOV', country: 'IRN', sector: 'GOV', documents: 1, mentions: 2 },
    { name: 'Donald Trump', type: 'PERSON', actor_code: 'USAGOV', country: 'USA', sector: 'GOV', documents: 1, mentions: 1 },
  ]);
  assert.equal(store.entitiesSync().length, 4);
  store.closeSync();
});

test('a stored document comes back as it went in, text included', () => {
  const { store } = freshStore();
  assert.deepEqual(store.documentSync('a'.repeat(64)), docA());
  assert.equal(store.documentSync('0'.repeat(64)), undefined);
  store.closeSync();
});

test('read-only connections read and refuse writes with a clear message', () => {
  const { store, file } = freshStore();
  store.closeSync();
  const ro = SqliteStore.open(file, { readonly: true });
  assert.equal(ro.quotesSync().length, 2);
  assert.throws(() => ro.addSync({ ...docA(), id: 'd'.repeat(64) }), (e: Error) => {
    assert.match(e.message, /test\.db: the database is read-only .*chmod u\+w.*--db/);
    return true;
  });
  ro.closeSync();
});

async function collect(store: SqliteStore, format: 'jsonl' | 'csv' | 'gdelt' | 'plover', table: 'events' | 'quotes' | 'entities' = 'events') {
  let out = '';
  const n = await exportTo(store, format, table, { write: async (s: string) => void (out += s) });
  return { out, ...n };
}

test('export jsonl: one full result per document, in insertion order', async () => {
  const { store } = freshStore();
  const { out, written } = await collect(store, 'jsonl');
  assert.equal(written, 2);
  const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
  assert.deepEqual(lines, [docA(), docB()]);
  store.closeSync();
});

test('export gdelt: TSV with GDELT column names, oldest first', async () => {
  const { store } = freshStore();
  const { out, written } = await collect(store, 'gdelt');
  assert.equal(written, 2);
  assert.equal(
    out,
    gdeltHeader() +
      ['1', '20170221', 'USAGOV', 'United States', 'USA', 'GOV', 'IRN', 'Iran', 'IRN', '', '163', '163', '16', '4', '-8', 'Tehran', 'IRN', '35.69', '51.42', '20240506070809', 'https://example.org/a'].join('\t') + '\n' +
      ['2', '20170304', 'IRN', 'Iran', 'IRN', '', 'USA', 'United States', 'USA', '', '138', '138', '13', '3', '-7', '', '', '', '', '20240506070809', 'https://example.org/b'].join('\t') + '\n',
  );
  assert.equal(gdeltHeader().split('\t').length, 21);
  store.closeSync();
});

test('export plover: PLOVER JSON records', async () => {
  const { store } = freshStore();
  const { out, written, left } = await collect(store, 'plover');
  assert.equal(written, 2);
  assert.equal(left, 0);
  const recs = out.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
  assert.deepEqual(recs[0], {
    id: 'aaaaaaaaaaaaaaaa-V1',
    date: '2017-02-21',
    actor: [{ code: 'USA', sector: 'GOV', entity_text: 'United States', actor_code: 'USAGOV' }],
    recipient: [{ code: 'IRN', entity_text: 'Iran', actor_code: 'IRN' }],
    event: ['SANCTION'],
    event_text: ['imposed'],
    event_loc: { extracted_place: 'Tehran', country_code: 'IRN', lat: 35.69, lon: 51.42 },
    quad_code: 4,
    event_scale: -8,
    mode: [],
    context: ['economic'],
    text: 'The United States imposed sanctions on Iran in Tehran.',
    cite_info: { url: 'https://example.org/a', title: 'Khamenei on Palestine', publication: 'Times of Israel', language: 'en' },
    coder: (recs[0] as { coder: string }).coder,
    coded_date: '2024-05-06',
    cameo: { code: '163', root: '16', name: 'Impose embargo, boycott, or sanctions' },
    confidence: 0.81,
  });
  assert.match((recs[0] as { coder: string }).coder, /^Herald \d+\.\d+\.\d+/);
  assert.deepEqual((recs[1] as { mode: string[]; context: string[] }).mode, ['military']);
  assert.equal((recs[1] as { event_loc?: unknown }).event_loc, undefined);
  store.closeSync();
});

test('export csv: events by default, quotes and entities on request', async () => {
  const { store } = freshStore();
  const events = await collect(store, 'csv');
  assert.equal(events.out, toCsv([EVENT_A, EVENT_B], EVENT_CSV_COLUMNS));
  assert.equal(
    events.out.split('\n')[1],
    '2017-02-21,United States,USAGOV,Iran,IRN,imposed,163,"Impose embargo, boycott, or sanctions",16,4,-8,SANCTION,,economic,Tehran,IRN,35.69,51.42,0.81,' +
      'a'.repeat(64) + ',V1,https://example.org/a,The United States imposed sanctions on Iran in Tehran.',
  );
  const quotes = await collect(store, 'csv', 'quotes');
  assert.equal(
    quotes.out,
    'date,speaker,kind,text,cue,confidence,document,quote,start,end,title,url\n' +
      `2017-03-05,Donald Trump,direct,“sanctions are working”,said,0.9,${'b'.repeat(64)},Q1,${QUOTE_B.start},${QUOTE_B.end},"Trump, Iran",https://example.org/b\n` +
      `2017-02-21,Ali Khamenei,direct,“the people of Palestine will prevail”,said,0.94,${'a'.repeat(64)},Q1,${QUOTE_A.start},${QUOTE_A.end},Khamenei on Palestine,https://example.org/a\n`,
  );
  const entities = await collect(store, 'csv', 'entities');
  assert.equal(entities.out.split('\n')[1], 'Iran,GPE,IRN,IRN,,2,2');
  store.closeSync();
});

test('tables fit the width, clipping the flexible column', () => {
  const table = toTable([QUOTE_A, QUOTE_B], QUOTE_TABLE, 60);
  const lines = table.trimEnd().split('\n');
  assert.equal(lines.length, 4);
  for (const l of lines) assert.ok([...l].length <= 60, l);
  assert.match(lines[0], /^DATE {8}SPEAKER {7}QUOTE/);
  assert.match(lines[2], /^2017-02-21 {2}Ali Khamenei {2}“the peop.*… {2}Khamenei on Palestine$/);
});

test('a schema-1 file (result blobs, sentence texts, an article index) is upgraded on open, nothing lost', () => {
  const file = join(tempDir('herald-store-v1-'), 'old.db');
  const old = new Database(file);
  old.pragma('journal_mode = WAL');
  old.exec(SQLITE_V1);
  old.pragma(`application_id = ${APPLICATION_ID}`);
  old.pragma('user_version = 1');
  addV1Sqlite(old, docA(), 'a.txt', NOW.toISOString(), 1);
  addV1Sqlite(old, docB(), 'feed.jsonl:1', NOW.toISOString(), 2);
  old.close();
  // Read-only users upgrade it too (on a short read-write connection), as before.
  const ro = SqliteStore.open(file, { readonly: true });
  assert.deepEqual(ro.countsSync(), { documents: 2, entities: 5, mentions: 6, quotes: 2, events: 2 });
  assert.deepEqual(ro.documentSync('a'.repeat(64)), docA());
  assert.deepEqual(ro.quotesSync(), [QUOTE_B, QUOTE_A]);
  assert.deepEqual(ro.eventsSync(), [EVENT_B, EVENT_A]);
  assert.equal(ro.schemaVersion, SCHEMA_VERSION);
  ro.closeSync();
  const store = SqliteStore.open(file, { now: () => NOW });
  assert.equal(store.addSync({ ...docB(), id: 'f'.repeat(64) }).added, true);
  // New events are numbered after the old ones.
  assert.deepEqual(store.eventsSync({ document: 'f'.repeat(64) }).map((e) => e.event_id), [3]);
  store.closeSync();
  const db = new Database(file, { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  assert.ok(!tables.some((t) => t.startsWith('v1_') || t === 'documents_fts' || t === 'mentions'), tables.join(', '));
  db.close();
});
