/**
 * The HTTP API on an ephemeral port of 127.0.0.1 over a store filled with synthetic results (fixtures.ts):
 * exact JSON for every endpoint, the 4xx answers that tell the client what to change, ingesting with a
 * bearer token, the static UI files, and the guard against requests addressed to other host names.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../../src/store/sqlite.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { excerpt } from '../../src/server/api.js';
import { RESULTS, sha256, stubAnalyze } from './fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const stub = join(root, 'test', 'server', 'stub-pipeline.ts');
const NOW = new Date('2024-01-01T00:00:00Z');
const [KHAMENEI, MEETING, CAIRO] = RESULTS.map((r) => r.id);
const TOKEN = 'test-token-123456';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

async function call(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(base + path, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A raw request (for paths fetch would normalise, and for the Host header). */
function raw(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP API', () => {
  let dir: string;
  let store: SqliteStore;
  let ingestStore: SqliteStore;
  let server: RunningServer;
  let ingestServer: RunningServer;
  let base: string;
  let ingestBase: string;
  const logged: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-api-'));
    store = SqliteStore.open(join(dir, 'api.db'), { now: () => NOW });
    for (const r of RESULTS) store.addSync(r, 'fixture');
    const web = join(dir, 'web');
    mkdirSync(web);
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Herald</title>');
    writeFileSync(join(web, 'app.js'), 'console.log(1);\n');
    writeFileSync(join(dir, 'secret.txt'), 'not for the web');
    server = await startServer({ store, port: 0, pipelineModule: stub, workers: 0, webRoot: web, maxBody: 64 * 1024, version: '9.9.9', log: (l) => logged.push(l) });
    base = server.url.replace(/\/$/, '');
    ingestStore = SqliteStore.open(join(dir, 'ingest.db'), { now: () => NOW });
    ingestServer = await startServer({ store: ingestStore, port: 0, pipelineModule: stub, workers: 1, webRoot: web, allowIngest: true, token: TOKEN, log: (l) => logged.push(l) });
    ingestBase = ingestServer.url.replace(/\/$/, '');
  });

  after(async () => {
    await server?.close();
    await ingestServer?.close();
    store?.closeSync();
    ingestStore?.closeSync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('binds 127.0.0.1 on the port asked for (0 = a free one)', () => {
    assert.equal(server.host, '127.0.0.1');
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}/`);
  });

  test('GET /api and /api/info', async () => {
    const index = await call(base, '/api');
    assert.equal(index.status, 200);
    assert.deepEqual(index.json, {
      name: 'herald',
      version: '9.9.9',
      openapi: '/api/openapi.json',
      endpoints: ['GET /api/info', 'GET /api/quotes', 'GET /api/events', 'GET /api/entities', 'GET /api/documents', 'GET /api/documents/{id}', 'GET /api/stats', 'POST /api/analyze'],
    });
    const info = await call(base, '/api/info');
    assert.equal(info.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(info.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(info.json, { name: 'herald', version: '9.9.9', ingest: false, counts: { documents: 3, entities: 10, mentions: 16, quotes: 6, events: 5 } });
  });

  test('GET /api/quotes: speaker filter, exact rows', async () => {
    const r = await call(base, '/api/quotes?speaker=khamenei');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, {
      items: [
        {
          document: KHAMENEI, quote: 'Q1', date: '2017-02-21', speaker: 'Ali Khamenei', kind: 'direct', text: '“The people of Palestine will resist,”',
          cue: 'said', confidence: 0.9, start: 82, end: 120, title: 'Khamenei calls for intifada', url: 'https://example.org/khamenei',
        },
        {
          document: KHAMENEI, quote: 'Q2', date: '2017-02-21', speaker: 'Ali Khamenei', kind: 'mixed', text: 'Israel a “cancerous tumor.”',
          cue: 'called', confidence: 0.9, start: 53, end: 80, title: 'Khamenei calls for intifada', url: 'https://example.org/khamenei',
        },
      ],
      limit: 50,
      offset: 0,
      more: false,
    });
  });

  test('GET /api/quotes: words (stemmed), dates and paging', async () => {
    const words = await call(base, '/api/quotes?text=productive');
    assert.deepEqual((words.json as { items: { quote: string; document: string }[] }).items.map((q) => [q.document, q.quote]), [[MEETING, 'Q1']]);
    const resisting = await call(base, '/api/quotes?text=resisting');
    assert.deepEqual((resisting.json as { items: { text: string }[] }).items.map((q) => q.text), ['“The people of Palestine will resist,”']);
    const dated = await call(base, '/api/quotes?since=2017-02-16&until=2017-02-28');
    assert.deepEqual((dated.json as { items: { speaker: string }[] }).items.map((q) => q.speaker), ['Ali Khamenei', 'Ali Khamenei']);
    const p1 = await call(base, '/api/quotes?limit=3');
    const p2 = await call(base, '/api/quotes?limit=3&offset=3');
    const a = p1.json as { items: { quote: string; document: string }[]; more: boolean; limit: number };
    const b = p2.json as { items: { quote: string; document: string }[]; more: boolean; offset: number };
    assert.equal(a.items.length, 3);
    assert.equal(a.more, true);
    assert.equal(b.items.length, 3);
    assert.equal(b.more, false);
    assert.equal(b.offset, 3);
    assert.deepEqual(b.items.map((q) => [q.document, q.quote]), [[CAIRO, 'Q1'], [CAIRO, 'Q2'], [CAIRO, 'Q3']]);
    const inDoc = await call(base, `/api/quotes?document=${MEETING}`);
    assert.deepEqual((inDoc.json as { items: { speaker: string }[] }).items.map((q) => q.speaker), ['Donald Trump']);
    // min_confidence keeps the quotes at or above it
    const all = (await call(base, '/api/quotes?limit=1000')).json as { items: { confidence: number | null }[] };
    const sure = (await call(base, '/api/quotes?limit=1000&min_confidence=0.9')).json as { items: { confidence: number | null }[] };
    assert.equal(sure.items.length, all.items.filter((q) => (q.confidence ?? 0) >= 0.9).length);
    assert.equal((await call(base, '/api/quotes?min_confidence=1.5')).status, 400);
  });

  test('GET /api/events: actor, CAMEO and PLOVER filters, exact row', async () => {
    const r = await call(base, '/api/events?source=USA&cameo=16');
    assert.deepEqual(r.json, {
      items: [
        {
          event_id: 2, document: KHAMENEI, event: 'V2', date: '2017-02-24',
          source: 'United States', source_code: 'USAGOV', source_country: 'USA', source_sector: 'GOV',
          target: 'Iran', target_code: 'IRN', target_country: 'IRN', target_sector: null,
          trigger: 'imposed', cameo_code: '163', cameo_name: 'Impose embargo, boycott, or sanctions', cameo_root: '16', quad_class: 4, goldstein: -8,
          plover_type: 'SANCTION', plover_mode: null, plover_context: 'economic',
          location: 'Washington', country: 'USA', lat: 38.9, lon: -77.04, url: 'https://example.org/khamenei', confidence: 0.8,
          sentence_text: 'The United States imposed new sanctions on Iran on Friday in Washington.', sentence: 3,
          title: 'Khamenei calls for intifada', source_name: 'Times of Israel', added_at: '2024-01-01T00:00:00.000Z',
        },
      ],
      limit: 50,
      offset: 0,
      more: false,
    });
    const ids = async (q: string): Promise<string[]> =>
      ((await call(base, `/api/events?${q}`)).json as { items: { event: string; document: string }[] }).items.map((e) => `${e.document.slice(0, 4)}:${e.event}`);
    const k = KHAMENEI.slice(0, 4);
    const m = MEETING.slice(0, 4);
    const c = CAIRO.slice(0, 4);
    assert.deepEqual(await ids(''), [`${k}:V2`, `${k}:V1`, `${m}:V1`, `${m}:V2`, `${c}:V1`]);
    assert.deepEqual(await ids('target=usagov'), [`${k}:V1`, `${m}:V1`]);
    assert.deepEqual(await ids('plover=arrest'), [`${c}:V1`]);
    assert.deepEqual(await ids('cameo=05'), [`${m}:V2`]);
    assert.deepEqual(await ids('since=2017-02-20'), [`${k}:V2`, `${k}:V1`]);
    assert.deepEqual(await ids('until=2017-02-15&limit=1'), [`${m}:V1`]);
  });

  test('GET /api/entities: name and type filters, exact rows', async () => {
    const r = await call(base, '/api/entities?type=person');
    assert.deepEqual(r.json, {
      items: [
        { name: 'Ali Khamenei', type: 'PERSON', actor_code: 'IRNGOV', country: 'IRN', sector: 'GOV', documents: 1, mentions: 3 },
        { name: 'Benjamin Netanyahu', type: 'PERSON', actor_code: 'ISRGOV', country: 'ISR', sector: 'GOV', documents: 1, mentions: 2 },
        { name: 'Donald Trump', type: 'PERSON', actor_code: 'USAGOV', country: 'USA', sector: 'GOV', documents: 1, mentions: 2 },
      ],
      limit: 50,
      offset: 0,
      more: false,
    });
    const named = await call(base, '/api/entities?name=IRAN');
    assert.deepEqual(named.json, {
      items: [{ name: 'Iran', type: 'GPE', actor_code: 'IRN', country: 'IRN', sector: null, documents: 1, mentions: 2 }],
      limit: 50,
      offset: 0,
      more: false,
    });
  });

  test('GET /api/documents and /api/documents/:id', async () => {
    const list = await call(base, '/api/documents');
    assert.deepEqual(list.json, {
      items: [
        { id: KHAMENEI, title: 'Khamenei calls for intifada', excerpt: 'Iran’s supreme leader Ali Khamenei on Tuesday called Israel a “cancerous tumor.”', published: '2017-02-21', source: 'Times of Israel', url: 'https://example.org/khamenei', entities: 4, quotes: 2, events: 2 },
        { id: MEETING, title: 'Netanyahu meets Trump', excerpt: 'Israeli Prime Minister Benjamin Netanyahu met Donald Trump in Washington on Wednesday.', published: '2017-02-15', source: 'Wire', url: 'https://example.org/meeting', entities: 3, quotes: 1, events: 2 },
        { id: CAIRO, title: 'Clashes in Cairo', excerpt: 'Police arrested dozens of protesters in Cairo. The protesters said “we will return”. “Calm has…', published: null, source: null, url: null, entities: 3, quotes: 3, events: 1 },
      ],
      limit: 50,
      offset: 0,
      more: false,
    });
    const found = await call(base, '/api/documents?title=CAIRO&limit=1');
    assert.deepEqual((found.json as { items: { id: string }[] }).items.map((d) => d.id), [CAIRO]);
    const doc = await call(base, `/api/documents/${KHAMENEI}`);
    assert.equal(doc.status, 200);
    assert.deepEqual(doc.json, RESULTS[0]);
    const missing = await call(base, `/api/documents/${'0'.repeat(64)}`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { error: `no document ${'0'.repeat(64)} in this database` });
    const badId = await call(base, '/api/documents/abc');
    assert.deepEqual([badId.status, badId.json], [400, { error: 'a document id is 64 hexadecimal digits (the sha256 of its text)' }]);
  });

  test('GET /api/stats: days by quad class, the actor network, places', async () => {
    const r = await call(base, '/api/stats');
    assert.deepEqual(r.json, {
      counts: { documents: 3, entities: 10, mentions: 16, quotes: 6, events: 5 },
      events: 5,
      undated: 1,
      days: [
        { date: '2017-02-15', events: 2, quad: [2, 0, 0, 0], goldstein: 2.2 },
        { date: '2017-02-21', events: 1, quad: [0, 0, 1, 0], goldstein: -2 },
        { date: '2017-02-24', events: 1, quad: [0, 0, 0, 1], goldstein: -8 },
      ],
      actors: {
        nodes: [
          { id: 'USAGOV', code: 'USAGOV', name: 'Donald Trump', out: 2, in: 2 },
          { id: 'ISRGOV', code: 'ISRGOV', name: 'Benjamin Netanyahu', out: 1, in: 1 },
          { id: 'EGYCOP', code: 'EGYCOP', name: 'Police', out: 1, in: 0 },
          { id: 'IRN', code: 'IRN', name: 'Iran', out: 0, in: 1 },
          { id: 'IRNGOV', code: 'IRNGOV', name: 'Ali Khamenei', out: 1, in: 0 },
          { id: 'name:protesters', code: null, name: 'protesters', out: 0, in: 1 },
        ],
        edges: [
          { source: 'EGYCOP', target: 'name:protesters', count: 1, quad: [0, 0, 0, 1], quadClass: 4, goldstein: -5 },
          { source: 'IRNGOV', target: 'USAGOV', count: 1, quad: [0, 0, 1, 0], quadClass: 3, goldstein: -2 },
          { source: 'ISRGOV', target: 'USAGOV', count: 1, quad: [1, 0, 0, 0], quadClass: 1, goldstein: 1 },
          { source: 'USAGOV', target: 'IRN', count: 1, quad: [0, 0, 0, 1], quadClass: 4, goldstein: -8 },
          { source: 'USAGOV', target: 'ISRGOV', count: 1, quad: [1, 0, 0, 0], quadClass: 1, goldstein: 3.4 },
        ],
        totalEdges: 5,
      },
      locations: [
        { name: 'Washington', country: 'USA', lat: 38.9, lon: -77.04, events: 2, quad: [1, 0, 0, 1], goldstein: -3.5 },
        { name: 'Cairo', country: 'EGY', lat: 30.04, lon: 31.24, events: 1, quad: [0, 0, 0, 1], goldstein: -5 },
        { name: 'Tehran', country: 'IRN', lat: 35.69, lon: 51.42, events: 1, quad: [0, 0, 1, 0], goldstein: -2 },
      ],
      cameo: [
        { root: '04', events: 1 },
        { root: '05', events: 1 },
        { root: '11', events: 1 },
        { root: '16', events: 1 },
        { root: '17', events: 1 },
      ],
      plover: [
        { type: 'ACCUSE', events: 1 },
        { type: 'ARREST', events: 1 },
        { type: 'CONSULT', events: 1 },
        { type: 'COOPERATE', events: 1 },
        { type: 'SANCTION', events: 1 },
      ],
    });
    const narrow = (await call(base, '/api/stats?source=USA&edges=1')).json as { events: number; actors: { edges: unknown[]; totalEdges: number; nodes: { id: string }[] } };
    assert.equal(narrow.events, 2);
    assert.equal(narrow.actors.totalEdges, 2);
    assert.deepEqual(narrow.actors.edges, [{ source: 'USAGOV', target: 'IRN', count: 1, quad: [0, 0, 0, 1], quadClass: 4, goldstein: -8 }]);
    assert.deepEqual(narrow.actors.nodes.map((n) => n.id), ['USAGOV', 'IRN']);
  });

  test('query parameters are checked: 400 with the reason', async () => {
    const cases: [string, string][] = [
      ['/api/quotes?who=x', "unknown parameter 'who'; this endpoint takes speaker, text, since, until, document, min_confidence, limit, offset"],
      ['/api/quotes?since=21-02-2017', "since must be a real date like 2017-02-21 (got '21-02-2017': not a date like 2017-02-21)"],
      ['/api/quotes?since=2017-13-45', "since must be a real date like 2017-02-21 (got '2017-13-45': month 13 does not exist)"],
      ['/api/events?until=2017-02-29', "until must be a real date like 2017-02-21 (got '2017-02-29': 2017-02 has no day 29)"],
      ['/api/stats?since=2017-04-31', "since must be a real date like 2017-02-21 (got '2017-04-31': 2017-04 has no day 31)"],
      ['/api/quotes?since=2017-03-01&until=2017-02-01', 'since (2017-03-01) is after until (2017-02-01)'],
      ['/api/quotes?text=%22%22', `text must be at least one word (got '""')`],
      ['/api/quotes?limit=0', "limit must be a whole number from 1 to 1000 (got '0')"],
      ['/api/quotes?limit=5000', "limit must be a whole number from 1 to 1000 (got '5000')"],
      ['/api/quotes?offset=-1', "offset must be a whole number, 0 or more (got '-1')"],
      ['/api/events?cameo=1', "cameo must be a CAMEO root (16) or code (163) (got '1')"],
      ['/api/events?source=US%20A', "source must be an actor code or its prefix, such as USA or USAGOV (got 'US A')"],
      ['/api/events?plover=SANCTION*', "plover must be a PLOVER event type such as SANCTION (got 'SANCTION*')"],
      ['/api/entities?type=person2', "type must be one of PERSON, ORG, GPE, LOC, NORP, EVENT, OTHER (got 'person2')"],
      ['/api/stats?edges=lots', "edges must be a whole number from 0 to 10000 (got 'lots')"],
    ];
    for (const [path, error] of cases) {
      const r = await call(base, path);
      assert.deepEqual([path, r.status, r.json], [path, 400, { error }]);
    }
    // Empty values are absent values (what an HTML form sends).
    const empty = await call(base, '/api/quotes?speaker=&text=&since=');
    assert.equal((empty.json as { items: unknown[] }).items.length, 6);
  });

  test('unknown endpoints 404, wrong methods 405 with Allow', async () => {
    const nope = await call(base, '/api/nope');
    assert.deepEqual([nope.status, nope.json], [404, { error: 'no API endpoint /api/nope; see /api/openapi.json' }]);
    const post = await call(base, '/api/quotes', { method: 'POST', body: '{}' });
    assert.deepEqual([post.status, post.json, post.headers.get('allow')], [405, { error: '/api/quotes answers GET only' }, 'GET, HEAD']);
    const get = await call(base, '/api/analyze');
    assert.deepEqual([get.status, get.headers.get('allow')], [405, 'POST']);
    const head = await call(base, '/api/info', { method: 'HEAD' });
    assert.deepEqual([head.status, head.text], [200, '']);
  });

  test('POST /api/analyze: JSON, plain text and HTML in, the DESIGN result out', async () => {
    const text = 'Maria said “the bridge will open in May”.';
    const json = await call(base, '/api/analyze', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text, title: 'Bridge', published: '2020-05-01' }),
    });
    assert.equal(json.status, 200);
    assert.deepEqual(json.json, {
      id: sha256(text),
      meta: { title: 'Bridge', published: '2020-05-01' },
      text,
      sentences: [{ start: 0, end: 41 }],
      entities: [{ id: 'E1', type: 'PERSON', name: 'Maria', mentions: [{ start: 0, end: 5, text: 'Maria', kind: 'name' }], actor: null }],
      quotes: [
        {
          id: 'Q1', kind: 'direct', start: 11, end: 40, text: '“the bridge will open in May”',
          cue: { start: 6, end: 10, text: 'said' }, speaker: { entity: 'E1', name: 'Maria', start: 0, end: 5, text: 'Maria' }, confidence: 0.9,
        },
      ],
      events: [],
    });
    const plain = await call(base, '/api/analyze', { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify({ text }) });
    assert.deepEqual(plain.json, stubAnalyze(text, {}));
    const html = await call(base, '/api/analyze', {
      method: 'POST',
      headers: { 'Content-Type': 'text/html' },
      body: `<html><head><title>Bridge page</title></head><body><p>${text}</p><script>x()</script></body></html>`,
    });
    assert.equal(html.status, 200);
    // the API's pipeline resolves the date itself; an HTML page without a date says so in meta.dateSource
    assert.deepEqual((html.json as { meta: unknown }).meta, { title: 'Bridge page', dateSource: 'none' });
    const dated = await call(base, '/api/analyze', {
      method: 'POST',
      headers: { 'Content-Type': 'text/html' },
      body: `<html><head><title>Bridge page</title><meta property="article:published_time" content="2020-05-01T09:00:00Z"></head><body><p>${text}</p></body></html>`,
    });
    assert.deepEqual((dated.json as { meta: unknown }).meta, { title: 'Bridge page', published: '2020-05-01', dateSource: 'html' });
    assert.match((html.json as { text: string }).text, /Maria said “the bridge will open in May”\./);
    assert.doesNotMatch((html.json as { text: string }).text, /x\(\)/);
    // Stored documents are not changed by analysing.
    assert.equal((await call(base, '/api/info')).text.includes('"documents":3'), true);
  });

  test('POST /api/analyze: bad bodies get 400, 413 and 415; text/plain and forms are refused (any page could send them)', async () => {
    const post = (body: BodyInit, type: string): Promise<Answer> => call(base, '/api/analyze', { method: 'POST', headers: { 'Content-Type': type }, body });
    const cases: [Answer, number, string | RegExp][] = [
      [await post('{"text": ', 'application/json'), 400, /^the request body is not valid JSON \(/],
      [await post('{"title": "x"}', 'application/json'), 400, 'the request body needs a "text" string field'],
      [await post('[1]', 'application/json'), 400, 'the request body must be a JSON object like {"text": "…", "title": "…", "published": "2017-02-21"}'],
      [await post('{"text": "   "}', 'application/json'), 400, 'the text is empty; send {"text": "the article…"}'],
      [await post('<p> </p>', 'text/html'), 400, 'the text is empty; send {"text": "the article…"}'],
      [await post('{"text": "a", "published": "yesterday"}', 'application/json'), 400, `the request body: "published" must be an ISO date like 2017-02-21 (got 'yesterday')`],
      [await post('{"text": "a", "title": 5}', 'application/json'), 400, 'the request body: "title" must be a string'],
      [await post('{"text": "a", "published": "2017-13-45"}', 'application/json'), 400, `the request body: "published" must be a real date (got '2017-13-45': month 13 does not exist)`],
      [await post('{"text": "a", "published": "2017-02-29T10:00:00Z"}', 'application/json'), 400, `the request body: "published" must be a real date (got '2017-02-29T10:00:00Z': 2017-02 has no day 29)`],
      [await post(new Uint8Array([0x41, 0xff, 0xfe, 0x41, 0x20, 0x41]), 'text/html'), 400, /^the request body: invalid UTF-8 at byte 1/],
      [await post(new Uint8Array([0x41, 0, 1, 2, 3]), 'text/html'), 400, /^the request body: looks like a binary file, not text; send UTF-8 text$/],
      [await post('<a/>', 'application/xml'), 415, 'cannot read a application/xml body; send application/json {"text": "…"} or text/html'],
      [await post('x'.repeat(70 * 1024), 'text/html'), 413, 'the request body is larger than the 64 KB limit; send a shorter text, or split it into several requests'],
      [await post('Maria said “yes”.', 'text/plain'), 415, 'POST /api/analyze needs Content-Type: application/json (text/plain is refused: any web page could send it); send {"text": "…"}'],
      [await post('text=x', 'application/x-www-form-urlencoded'), 415, 'POST /api/analyze needs Content-Type: application/json (application/x-www-form-urlencoded is refused: any web page could send it); send {"text": "…"}'],
    ];
    for (const [r, status, error] of cases) {
      assert.equal(r.status, status, r.text);
      const msg = (r.json as { error: string }).error;
      if (typeof error === 'string') assert.equal(msg, error);
      else assert.match(msg, error);
    }
    const failing = await post('{"text": "FAIL-ANALYSIS now"}', 'application/json');
    assert.deepEqual([failing.status, failing.json], [500, { error: 'the analysis failed: the stub cannot analyse this' }]);
    const params = await call(base, '/api/analyze?tokens=1', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text": "x"}' });
    assert.deepEqual([params.status, params.json], [400, { error: "unknown parameter 'tokens'; POST /api/analyze takes none" }]);
  });

  test('POST /api/analyze streamed past the limit without a length is cut off with 413', async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 100; i++) c.enqueue(new Uint8Array(1024).fill(0x61));
        c.close();
      },
    });
    const r = await fetch(`${base}/api/analyze`, { method: 'POST', headers: { 'Content-Type': 'text/html' }, body: chunks, duplex: 'half', signal: AbortSignal.timeout(10_000) } as RequestInit);
    assert.equal(r.status, 413);
    await r.text().catch(() => '');
  });

  test('a pipeline that cannot load answers 503 and is tried again', async () => {
    const broken = join(dir, 'broken-pipeline.mjs');
    writeFileSync(broken, "export function createPipeline() { throw new Error('model file models/tagger.bin.gz is missing'); }\n");
    const s = await startServer({ store, port: 0, pipelineModule: broken, workers: 0, log: () => undefined });
    try {
      for (let i = 0; i < 2; i++) {
        const r = await call(s.url.replace(/\/$/, ''), '/api/analyze', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text": "Some text."}' });
        assert.deepEqual([r.status, r.json], [503, { error: 'the analyzer cannot start: model file models/tagger.bin.gz is missing' }]);
      }
    } finally {
      await s.close();
    }
  });

  test('POST /api/ingest: off by default (403); with --allow-ingest it needs the bearer token', async () => {
    const off = await call(base, '/api/ingest', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text": "x"}' });
    assert.deepEqual([off.status, off.json], [403, { error: 'ingesting over the API is off; start the server with --allow-ingest --token TOKEN' }]);
    const body = JSON.stringify([{ text: 'Lena said “we won”.', title: 'Win', published: '2021-03-04' }, { title: 'no text' }, { text: 'FAIL-ANALYSIS' }]);
    const anon = await call(ingestBase, '/api/ingest', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    assert.equal(anon.status, 401);
    assert.equal(anon.headers.get('www-authenticate'), 'Bearer realm="herald"');
    const wrong = await call(ingestBase, '/api/ingest', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer nope-nope-nope' }, body });
    assert.deepEqual([wrong.status, wrong.json], [401, { error: 'wrong token for ingesting' }]);
    assert.deepEqual((await call(ingestBase, '/api/info')).json, { name: 'herald', version: '0.0.0', ingest: true, counts: { documents: 0, entities: 0, mentions: 0, quotes: 0, events: 0 } });

    const auth = { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` };
    const first = await call(ingestBase, '/api/ingest', { method: 'POST', headers: auth, body });
    const id = sha256('Lena said “we won”.');
    assert.deepEqual(first.json, {
      added: 1,
      present: 0,
      documents: [{ index: 0, id, added: true, title: 'Win', entities: 1, quotes: 1, events: 0 }],
      skipped: [
        { index: 1, reason: 'article 1 needs a "text" string field' },
        { index: 2, reason: 'article 2: the analysis failed: the stub cannot analyse this' },
      ],
    });
    const again = await call(ingestBase, '/api/ingest', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/x-ndjson' }, body: '{"text": "Lena said “we won”."}\n' });
    assert.deepEqual(again.json, { added: 0, present: 1, documents: [{ index: 0, id, added: false, title: null, entities: 0, quotes: 0, events: 0 }], skipped: [] });
    const quotes = await call(ingestBase, '/api/quotes');
    assert.deepEqual((quotes.json as { items: { speaker: string; date: string; title: string }[] }).items.map((q) => [q.speaker, q.date, q.title]), [['Lena', '2021-03-04', 'Win']]);
    const docs = await call(ingestBase, '/api/documents');
    assert.deepEqual((docs.json as { items: { id: string }[] }).items.map((d) => d.id), [id]);
    const badType = await call(ingestBase, '/api/ingest', { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: 'x' });
    assert.equal(badType.status, 415);
    const empty = await call(ingestBase, '/api/ingest', { method: 'POST', headers: auth, body: '[]' });
    assert.deepEqual([empty.status, empty.json], [400, { error: 'no articles in the request body' }]);
  });

  test('GET /api/openapi.json describes every endpoint, and every $ref resolves', async () => {
    const r = await call(base, '/api/openapi.json');
    const spec = r.json as { openapi: string; info: { version: string }; paths: Record<string, Record<string, { responses: object }>>; components: { schemas: Record<string, unknown> } };
    assert.equal(spec.openapi, '3.0.3');
    assert.equal(spec.info.version, '9.9.9');
    assert.deepEqual(Object.keys(spec.paths).sort(), [
      '/api/analyze', '/api/documents', '/api/documents/{id}', '/api/entities', '/api/events', '/api/info', '/api/ingest', '/api/quotes', '/api/stats',
    ]);
    for (const [path, ops] of Object.entries(spec.paths)) for (const [m, op] of Object.entries(ops)) assert.ok(op.responses, `${m} ${path} has responses`);
    const refs = [...r.text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    assert.ok(refs.length > 10);
    for (const name of refs) assert.ok(name in spec.components.schemas, `schema ${name} is defined`);
  });

  test('static UI: files with their types, the app for page paths, nothing outside the folder', async () => {
    const index = await call(base, '/');
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(index.headers.get('content-security-policy') ?? '', /default-src 'self'; script-src 'self'/);
    const js = await call(base, '/app.js');
    assert.deepEqual([js.status, js.headers.get('content-type'), js.text], [200, 'text/javascript; charset=utf-8', 'console.log(1);\n']);
    const etag = js.headers.get('etag') ?? '';
    const cached = await call(base, '/app.js', { headers: { 'If-None-Match': etag } });
    assert.equal(cached.status, 304);
    const page = await call(base, '/quotes/some-page');
    assert.deepEqual([page.status, page.text], [200, '<!doctype html><title>Herald</title>']);
    assert.equal((await call(base, '/missing.js')).status, 404);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00']) {
      const r = await raw(server.port, path, { Host: '127.0.0.1' });
      assert.ok(r.status === 404 || r.status === 400, `${path} → ${r.status}`);
      assert.doesNotMatch(r.body, /not for the web/);
    }
  });

  test('on loopback, requests addressed to another host name are refused (DNS rebinding)', async () => {
    const evil = await raw(server.port, '/api/info', { Host: 'evil.example:80' });
    assert.deepEqual([evil.status, JSON.parse(evil.body)], [421, { error: 'this server answers only requests addressed to localhost or 127.0.0.1' }]);
    for (const host of ['localhost', `127.0.0.1:${server.port}`, `localhost:${server.port}`, 'app.localhost']) {
      assert.equal((await raw(server.port, '/api/info', { Host: host })).status, 200, host);
    }
  });

  test('nothing was logged as an internal error', () => {
    assert.deepEqual(logged, []);
  });
});

test('an untitled document\'s excerpt skips a byline and cuts at a word', () => {
  const seed = 'By Raphael Ahren, Times of Israel\n\nCalling Israel a “cancerous tumor,” Iran’s supreme leader on Tuesday expressed support for a “holy intifada”.';
  assert.equal(excerpt(seed), 'Calling Israel a “cancerous tumor,” Iran’s supreme leader on Tuesday expressed support for a “holy…');
  assert.equal(excerpt('By the river, the army camped.\nMore.'), 'By the river, the army camped.');
  assert.equal(excerpt('By Reuters'), 'By Reuters');
});
