/**
 * `herald serve` and `herald start` as a user runs them: one clear line (no stack trace) for a port in use, a
 * missing or foreign database and bad flags; a server that starts, answers, and stops on SIGTERM; and
 * `start` ingesting the examples once (skipping them the second time) before serving.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../../src/store/sqlite.js';
import { RESULTS } from './fixtures.js';
import { tempDir } from '../helpers/temp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = tempDir('herald-serve-');
const runner = join(work, 'herald.mjs');
const stub = join(root, 'test', 'server', 'stub-pipeline.ts');
/** The TypeScript loader, by URL: the commands run in a scratch folder where a bare 'tsx' would not resolve. */
const TSX = import.meta.resolve('tsx');
writeFileSync(runner, `const { main } = await import(${JSON.stringify(join(root, 'src', 'cli', 'main.ts'))});\nprocess.exitCode = await main(process.argv.slice(2));\n`);

const db = join(work, 'corpus.db');
{
  const store = SqliteStore.open(db);
  for (const r of RESULTS) store.addSync(r);
  store.closeSync();
}

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, HERALD_PIPELINE_MODULE: stub, ...extra };
  delete e.PORT;
  delete e.HERALD_DB;
  delete e.HERALD_TOKEN;
  return { ...e, ...extra };
};

function herald(args: string[], extra: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', TSX, runner, ...args], { cwd: work, encoding: 'utf8', env: env(extra), timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Starts a long-running herald command and resolves once it has printed all its start-up lines. */
function launch(args: string[], extra: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; out: () => string; exit: Promise<number> }> {
  const child = spawn(process.execPath, ['--import', TSX, runner, ...args], { cwd: work, env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exit = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no address printed in 60 s; stdout: ${out}; stderr: ${err}`));
    }, 60_000);
    child.stdout?.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /web UI and API: (http:\/\/\S+)[^]*Press Ctrl-C to stop\./.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], out: () => out, exit });
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (err += c));
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before serving; stdout: ${out}; stderr: ${err}`));
    });
  });
}

async function get(url: string): Promise<unknown> {
  const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return r.json();
}

test('a port in use is one clear line, exit 1', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = herald(['serve', '--db', db, '--port', String(port)]);
    assert.equal(r.err, `port ${port} is in use; pass --port or set PORT\n`);
    assert.equal(r.code, 1);
    const viaEnv = herald(['serve', '--db', db], { PORT: String(port) });
    assert.equal(viaEnv.err, `port ${port} is in use; pass --port or set PORT\n`);
  } finally {
    blocker.close();
  }
});

test('bad flags, a missing or foreign database: one line each, no stack trace', () => {
  const cases: [string[], Record<string, string>, number, string][] = [
    [['serve', '--port', 'eighty'], {}, 2, "herald serve: --port must be a port number from 0 to 65535 (got 'eighty')\n"],
    [['serve'], { PORT: '70000' }, 2, "herald serve: PORT must be a port number from 0 to 65535 (got '70000')\n"],
    [['serve', '--token', 'abcdefghij'], {}, 2, 'herald serve: --token is for ingesting over the API; add --allow-ingest\n'],
    [['serve', '--allow-ingest', '--token', 'short'], {}, 2, 'herald serve: the token must be at least 8 printable characters without spaces\n'],
    [['serve', '--bogus'], {}, 2, "herald serve: Unknown option '--bogus'; see 'herald serve --help'\n"],
    [['serve', '--db', 'missing.db', '--port', '0'], {}, 1, "missing.db: no Herald database here; create one with 'herald ingest ARTICLES --db missing.db', or point --db (or HERALD_DB) at yours\n"],
  ];
  writeFileSync(join(work, 'notes.db'), 'just some text, not a database\n');
  cases.push([['serve', '--db', 'notes.db', '--port', '0'], {}, 1, "notes.db: not a SQLite database (or an encrypted one); Herald left it untouched. Give Herald's database with --db, or a new file name to create one\n"]);
  for (const [args, extra, code, err] of cases) {
    const r = herald(args, extra);
    assert.deepEqual([args.join(' '), r.code, r.err], [args.join(' '), code, err]);
  }
});

test('serve answers on the printed address (PORT from the environment) and stops on SIGTERM', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  await new Promise<void>((r) => blocker.close(() => r()));
  const s = await launch(['serve', '--db', db], { PORT: String(port) });
  try {
    assert.equal(s.url, `http://127.0.0.1:${port}/`);
    assert.match(s.out(), /is serving .*corpus\.db \(3 documents, 6 quotes, 5 events\)/);
    assert.match(s.out(), /read-only/);
    const info = (await get(`${s.url}api/info`)) as { counts: { documents: number }; ingest: boolean };
    assert.deepEqual([info.counts.documents, info.ingest], [3, false]);
  } finally {
    s.child.kill('SIGTERM');
  }
  assert.equal(await s.exit, 0);
});

test('serve --allow-ingest without a token makes one up and prints it', async () => {
  const s = await launch(['serve', '--db', join(work, 'fresh.db'), '--port', '0', '--allow-ingest']);
  try {
    const m = /Authorization: Bearer ([\w-]{20,})"/.exec(s.out());
    assert.ok(m, s.out());
    const r = await fetch(`${s.url}api/ingest`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${m[1]}` },
      body: JSON.stringify({ text: 'Ana said “hello”.' }),
      signal: AbortSignal.timeout(30_000),
    });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { added: number }).added, 1);
  } finally {
    s.child.kill('SIGTERM');
  }
  assert.equal(await s.exit, 0);
});

test('start ingests the examples (skipping them the second time), then serves', async () => {
  const examples = join(work, 'examples');
  mkdirSync(examples);
  writeFileSync(join(examples, 'one.txt'), 'Omar said “the port reopens”.\n');
  writeFileSync(join(examples, 'two.json'), JSON.stringify({ text: 'Lea said “no comment”.', title: 'Two', published: '2020-01-02' }));
  writeFileSync(join(examples, 'README.md'), '# Example corpus\n\nAttribution, not an article.\n');
  const startDb = join(work, 'start.db');
  for (const [added, present] of [[2, 0], [0, 2]]) {
    const s = await launch(['start', '--db', startDb, '--port', '0', '--examples', examples, '--workers', '0']);
    try {
      assert.match(s.out(), new RegExp(`documents added +${added}\\n +already present +${present}\\n`));
      const info = (await get(`${s.url}api/info`)) as { counts: { documents: number; quotes: number } };
      assert.deepEqual(info.counts.documents, 2);
      assert.deepEqual(info.counts.quotes, 2);
    } finally {
      s.child.kill('SIGTERM');
    }
    assert.equal(await s.exit, 0);
  }
});

test('start still serves when the analyzer cannot load, and says why', async () => {
  const broken = join(work, 'broken.mjs');
  writeFileSync(broken, "export function createPipeline() { throw new Error('model file models/tagger.bin.gz is missing'); }\n");
  const examples = join(work, 'examples-2');
  mkdirSync(examples);
  writeFileSync(join(examples, 'a.txt'), 'New text that is not stored yet.\n');
  const child = spawn(process.execPath, ['--import', TSX, runner, 'start', '--db', join(work, 'broken.db'), '--port', '0', '--examples', examples, '--workers', '0'], {
    cwd: work,
    env: env({ HERALD_PIPELINE_MODULE: broken }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exit = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  const deadline = Date.now() + 60_000;
  while (!/Press Ctrl-C to stop\./.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGTERM');
  assert.equal(await exit, 0, `stdout: ${out}\nstderr: ${err}`);
  assert.match(err, /herald start: could not analyze the examples \(model file models\/tagger\.bin\.gz is missing\); serving what .*broken\.db holds\n/);
  assert.doesNotMatch(err, /\n\s+at /);
});
