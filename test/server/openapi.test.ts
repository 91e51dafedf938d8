/**
 * /api/openapi.json against what the API answers: the shipped examples (examples/) analysed by the real pipeline,
 * ingested, searched and read back, beside the synthetic documents of the other server tests, each answer checked
 * against the schema its operation declares, every nested object. The check is strict where OpenAPI is not: a
 * field the schema does not declare is an error (additionalProperties false), so an answer that grows a field
 * the description lacks fails here. (openapi.ts holds each schema to its TypeScript type at compile time too;
 * this is the run-time half, on real output, which a cast or a field outside the types would slip past.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPipeline } from '../../src/pipeline/analyze.js';
import type { Schema } from '../../src/server/openapi.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { RESULTS } from './fixtures.js';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Where `v` breaks schema `s`, one line each (`$.events[3].via: …`); empty when it keeps to it. */
function violations(spec: Spec, v: unknown, s: Schema, at = '$'): string[] {
  if (s.$ref) {
    const named = spec.components.schemas[s.$ref.replace('#/components/schemas/', '')];
    return named ? violations(spec, v, named, at) : [`${at}: ${s.$ref} is not defined`];
  }
  if (s.anyOf) return s.anyOf.some((b) => violations(spec, v, b, at).length === 0) ? [] : [`${at}: ${JSON.stringify(v)} matches none of anyOf`];
  if (v === null) return s.nullable ? [] : [`${at}: null, and the schema is not nullable`];
  const is = (ok: boolean): string[] => (ok ? [] : [`${at}: ${JSON.stringify(v)?.slice(0, 80)} is not ${s.type}`]);
  switch (s.type) {
    case 'string':
      if (typeof v !== 'string') return is(false);
      if (s.enum && !s.enum.includes(v)) return [`${at}: '${v}' is none of ${s.enum.join(', ')}`];
      if (s.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return [`${at}: '${v}' is no date`];
      return s.pattern && !new RegExp(s.pattern).test(v) ? [`${at}: '${v}' does not match ${s.pattern}`] : [];
    case 'integer':
      return is(Number.isInteger(v));
    case 'number':
      return is(typeof v === 'number' && Number.isFinite(v));
    case 'boolean':
      return is(typeof v === 'boolean');
    case 'array': {
      if (!Array.isArray(v)) return is(false);
      if (v.length < (s.minItems ?? 0) || v.length > (s.maxItems ?? Infinity)) return [`${at}: ${v.length} items`];
      return v.flatMap((x, i) => (s.items ? violations(spec, x, s.items, `${at}[${i}]`) : [`${at}: the schema has no items`]));
    }
    case 'object': {
      if (typeof v !== 'object' || Array.isArray(v)) return is(false);
      const fields = v as Record<string, unknown>;
      const missing = (s.required ?? []).filter((k) => !(k in fields)).map((k) => `${at}.${k}: required, and missing`);
      const wrong = Object.entries(fields).flatMap(([k, x]) => {
        const field = s.properties?.[k];
        return field ? violations(spec, x, field, `${at}.${k}`) : [`${at}.${k}: not in the schema`];
      });
      return [...missing, ...wrong];
    }
    default:
      return [`${at}: the schema says no type`];
  }
}

const examples = fileURLToPath(new URL('../../examples', import.meta.url));

/** The shipped examples as API article records: the Wikinews records, and the seed article with its sidecar. */
function exampleArticles(): Record<string, string>[] {
  const wikinews = readdirSync(examples)
    .filter((f) => f.startsWith('wikinews-') && f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(examples, f), 'utf8')) as Record<string, string>);
  const seed = { text: readFileSync(join(examples, 'seed-article.txt'), 'utf8'), ...(JSON.parse(readFileSync(join(examples, 'seed-article.meta.json'), 'utf8')) as Record<string, string>) };
  // and one with no date at all: the events' date null, the publication date's source 'none'
  return [...wikinews, seed, { text: 'Police arrested dozens of protesters in Cairo. “We will return,” one of them said.' }];
}

describe('the API description matches what the API answers', () => {
  const TOKEN = 'test-token-openapi';
  let dir: string;
  let store: SqliteStore;
  let server: RunningServer;
  let base: string;
  let spec: Spec;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-openapi-'));
    store = SqliteStore.open(join(dir, 'api.db'));
    for (const r of RESULTS) store.addSync(r, 'fixture');
    // the shipped pipeline, on this thread: its models are committed (models/, data/), so no ../shared is needed
    server = await startServer({ store, port: 0, workers: 0, allowIngest: true, token: TOKEN, log: () => undefined });
    base = server.url.replace(/\/$/, '');
    spec = (await (await fetch(`${base}/api/openapi.json`)).json()) as Spec;
  });

  after(async () => {
    await server?.close();
    store?.closeSync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Calls the API and checks the answer against the schema the description gives for that path, method and status. */
  async function checked(method: 'get' | 'post', path: string, template: string, init: RequestInit = {}, status = 200): Promise<unknown> {
    const res = await fetch(base + path, { ...init, method: method.toUpperCase() });
    const body: unknown = await res.json();
    assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(body).slice(0, 300)}`);
    const schema = spec.paths[template]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
    assert.ok(schema, `the description gives ${method} ${template} a ${status} answer`);
    assert.deepEqual(violations(spec, body, schema).slice(0, 20), [], `${method} ${path}`);
    return body;
  }

  const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

  test('POST /api/analyze: each example analysed by the real pipeline is a Result, every field declared', async () => {
    for (const article of exampleArticles()) await checked('post', '/api/analyze', '/api/analyze', json(article));
  });

  test('tokens, which the API leaves out, match the Result schema too', () => {
    const [article] = exampleArticles();
    const { text, ...meta } = article;
    const result: unknown = JSON.parse(JSON.stringify(createPipeline().analyze(text, meta, { tokens: true })));
    assert.deepEqual(violations(spec, result, { $ref: '#/components/schemas/Result' }).slice(0, 20), []);
  });

  test('POST /api/ingest, then every store-backed answer: rows, pages, stats, stored documents', async () => {
    const ingested = (await checked('post', '/api/ingest', '/api/ingest', json(exampleArticles(), { Authorization: `Bearer ${TOKEN}` }))) as {
      added: number;
      documents: { id: string }[];
    };
    assert.equal(ingested.added, exampleArticles().length);
    await checked('get', '/api/info', '/api/info');
    for (const list of ['quotes', 'events', 'entities', 'documents']) {
      const page = (await checked('get', `/api/${list}?limit=1000`, `/api/${list}`)) as { items: unknown[] };
      assert.ok(page.items.length > 0, `${list} has rows to check`);
    }
    await checked('get', '/api/stats', '/api/stats');
    for (const { id } of [...RESULTS, ...ingested.documents]) await checked('get', `/api/documents/${id}`, '/api/documents/{id}');
    // a Result comes back from the store as it went in: still a Result, not only a lenient stored document
    for (const { id } of ingested.documents) {
      const stored: unknown = await (await fetch(`${base}/api/documents/${id}`)).json();
      assert.deepEqual(violations(spec, stored, { $ref: '#/components/schemas/Result' }).slice(0, 20), [], id);
    }
    await checked('get', '/api/quotes?limit=0', '/api/quotes', {}, 400);
  });
});
