/**
 * POST /api/analyze within a budget (issue 14): a 4 MB repetitive body is refused in seconds while other
 * requests are served, an analysis past its time budget is stopped (422) and the next one is served, a client
 * that goes away cancels its analysis, and cross-origin writes are refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../../src/store/sqlite.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { stubAnalyze } from './fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const stub = join(root, 'test', 'server', 'stub-pipeline.ts');
const TEXT = 'Maria said “the bridge will open in May”.';

interface Answer {
  status: number;
  json: unknown;
  ms: number;
}

async function post(base: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }, signal = AbortSignal.timeout(20_000)): Promise<Answer> {
  const t0 = Date.now();
  const res = await fetch(`${base}/api/analyze`, { method: 'POST', headers, body, signal });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as unknown, ms: Date.now() - t0 };
}

describe('analysis budget', () => {
  let dir: string;
  let store: SqliteStore;
  let server: RunningServer;
  let timed: RunningServer;
  let base: string;
  let timedBase: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-budget-'));
    store = SqliteStore.open(join(dir, 'b.db'));
    // Defaults for the body (5 MB), the text (1,000,000 characters) and the time (30 s).
    server = await startServer({ store, port: 0, pipelineModule: stub, workers: 1, log: () => undefined });
    base = server.url.replace(/\/$/, '');
    timed = await startServer({ store, port: 0, pipelineModule: stub, workers: 1, analyzeTimeoutMs: 1000, maxBody: 8 * 1024 * 1024, log: () => undefined });
    timedBase = timed.url.replace(/\/$/, '');
    // Load the analyzers first (worker start-up is not what is measured).
    assert.equal((await post(base, JSON.stringify({ text: TEXT }))).status, 200);
    assert.equal((await post(timedBase, JSON.stringify({ text: TEXT }))).status, 200);
  });

  after(async () => {
    await server?.close();
    await timed?.close();
    store?.closeSync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a 4 MB repetitive body gets a clear 413 within seconds while other requests are served', async () => {
    const body = JSON.stringify({ text: 'Obama spoke. '.repeat(Math.ceil((4 * 1024 * 1024) / 13)) });
    assert.ok(body.length > 4 * 1024 * 1024 && body.length < 5 * 1024 * 1024);
    const [big, other, info] = await Promise.all([
      post(base, body),
      post(base, JSON.stringify({ text: TEXT })),
      fetch(`${base}/api/info`, { signal: AbortSignal.timeout(10_000) }),
    ]);
    assert.deepEqual([big.status, big.json], [
      413,
      { error: "the text has 4,194,307 characters, more than the 1,000,000 one analysis accepts; send one article at a time (the server's --max-text sets the limit)" },
    ]);
    assert.ok(big.ms < 5000, `answered in ${big.ms} ms`);
    assert.deepEqual([other.status, other.json], [200, stubAnalyze(TEXT, {})]);
    assert.equal(info.status, 200);
  });

  test('a body over 5 MB that the server accepts (--max-body 8) meets the text budget, not the CLI\'s per-file limit', async () => {
    const html = `<html><body><p>${'Obama spoke. '.repeat(500_000)}</p></body></html>`;
    const r = await post(timedBase, html, { 'Content-Type': 'text/html' });
    assert.equal(r.status, 413);
    assert.match((r.json as { error: string }).error, /^the text has 6,4\d\d,\d{3} characters, more than the 1,000,000 one analysis accepts; send one article at a time \(the server's --max-text sets the limit\)$/);
  });

  test('an analysis past its time budget is stopped with 422, and the next text is analysed', async () => {
    const slow = await post(timedBase, JSON.stringify({ text: 'SLOW-ANALYSIS' }));
    assert.deepEqual([slow.status, slow.json], [
      422,
      { error: "the analysis took longer than its 1 s budget and was stopped; send a shorter text (the server's --analyze-timeout sets the budget)" },
    ]);
    assert.ok(slow.ms < 5000, `answered in ${slow.ms} ms`);
    // The busy worker was replaced: the next text does not wait for the minute-long analysis. (On a loaded machine
    // the fresh worker's own start can take longer than the 1 s budget: a 422 for that is retried, twice at most; a
    // worker still busy with the slow text would time the requests out instead.)
    let next = await post(timedBase, JSON.stringify({ text: TEXT }), undefined, AbortSignal.timeout(15_000));
    for (let tries = 1; next.status === 422 && tries < 3; tries++) next = await post(timedBase, JSON.stringify({ text: TEXT }), undefined, AbortSignal.timeout(15_000));
    assert.deepEqual([next.status, next.json], [200, stubAnalyze(TEXT, {})]);
  });

  test('a client that goes away cancels its analysis (the only worker is free again at once)', async () => {
    // The default budget is 30 s and the stub would spin for 60: only cancelling frees the worker.
    await assert.rejects(post(base, JSON.stringify({ text: 'SLOW-ANALYSIS' }), undefined, AbortSignal.timeout(500)), { name: 'TimeoutError' });
    const next = await post(base, JSON.stringify({ text: TEXT }), undefined, AbortSignal.timeout(15_000));
    assert.deepEqual([next.status, next.json], [200, stubAnalyze(TEXT, {})]);
    assert.ok(next.ms < 15_000);
  });

  test('writes from another web site are refused: Origin, Sec-Fetch-Site, and the types a form can send', async () => {
    const json = JSON.stringify({ text: TEXT });
    const host = new URL(base).host;
    const evil = await post(base, json, { 'Content-Type': 'application/json', Origin: 'http://evil.example' });
    assert.deepEqual([evil.status, evil.json], [
      403,
      { error: "POST /api/analyze is refused from another web site (Origin http://evil.example); send it from this server's own pages or from a program such as curl" },
    ]);
    const nullOrigin = await post(base, json, { 'Content-Type': 'application/json', Origin: 'null' });
    assert.equal(nullOrigin.status, 403);
    const otherPort = await post(base, json, { 'Content-Type': 'application/json', Origin: `http://${host.replace(/:\d+$/, ':1')}` });
    assert.equal(otherPort.status, 403);
    const fetchSite = await post(base, json, { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' });
    assert.deepEqual([fetchSite.status, fetchSite.json], [
      403,
      { error: "POST /api/analyze is refused from another web site (Origin not given); send it from this server's own pages or from a program such as curl" },
    ]);
    const plain = await post(base, TEXT, { 'Content-Type': 'text/plain' });
    assert.deepEqual([plain.status, plain.json], [
      415,
      { error: 'POST /api/analyze needs Content-Type: application/json (text/plain is refused: any web page could send it); send {"text": "…"}' },
    ]);
    const multipart = await post(base, 'x', { 'Content-Type': 'multipart/form-data; boundary=x' });
    assert.equal(multipart.status, 415);
    // The server's own pages (same origin) and programs without an Origin are served.
    const own = await post(base, json, { 'Content-Type': 'application/json', Origin: `http://${host}`, 'Sec-Fetch-Site': 'same-origin' });
    assert.deepEqual([own.status, own.json], [200, stubAnalyze(TEXT, {})]);
  });
});
