/**
 * Concurrent ingests share the work (issue 17): a document being analysed is claimed in the store, so that
 * another ingest of the same files leaves it alone (and counts it present once stored), takes it over when the
 * claim lapses (its owner died), and never analyses it twice.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/temp.js';
import { postgres, postgresSkip, sqlite } from './backends.js';
import { docA, docB, NOW } from './fixtures.js';

const pgSkip = await postgresSkip();

for (const { backend, skip } of [{ backend: sqlite, skip: false as const }, { backend: postgres, skip: pgSkip ?? false }]) {
  describe(`claims: ${backend.name}`, { skip }, () => {
    test('one owner at a time; renewed by its owner, taken over once lapsed, gone once stored or released', async () => {
      let now = NOW.getTime();
      const location = backend.fresh();
      const one = backend.open(location, { now: () => new Date(now) });
      const two = backend.open(location, { now: () => new Date(now) });
      try {
        const a = 'a'.repeat(64);
        const b = 'b'.repeat(64);
        const c = 'c'.repeat(64);
        assert.deepEqual(await one.claim([a, b], 'one', 60_000), [a, b]);
        assert.deepEqual(await two.claim([a, b, c], 'two', 60_000), [c]);
        // Its owner renews it; nobody else can.
        assert.deepEqual(await one.claim([a], 'one', 60_000), [a]);
        now += 61_000;
        // Lapsed: the other takes it.
        assert.deepEqual(await two.claim([a], 'two', 60_000), [a]);
        assert.deepEqual(await one.claim([a], 'one', 60_000), []);
        // Stored: nobody claims it any more, and the store forgets the claim.
        assert.equal((await one.add(docA(), 'a.txt')).added, true);
        assert.deepEqual(await two.claim([a], 'two', 60_000), []);
        await two.release([c], 'two');
        assert.deepEqual(await one.claim([c], 'one', 60_000), [c]);
        await one.add(docB());
        assert.deepEqual(await one.claim([b], 'one', 60_000), []);
      } finally {
        await one.close();
        await two.close();
      }
    });
  });
}

test('two ingests of the same folder at once analyse each article once, and both finish with every article stored', async () => {
  const root = new URL('../..', import.meta.url).pathname;
  const work = tempDir('herald-claims-');
  const runner = join(work, 'herald.mjs');
  const stub = join(work, 'stub.mjs');
  const calls = join(work, 'calls.log');
  writeFileSync(runner, `const { main } = await import(${JSON.stringify(join(root, 'src', 'cli', 'main.ts'))});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  writeFileSync(
    stub,
    `import { appendFileSync } from 'node:fs';
export function createPipeline() {
  return {
    analyze(text, meta = {}, opts = {}) {
      appendFileSync(${JSON.stringify(calls)}, process.pid + ' ' + text.slice(0, 10) + '\\n');
      const until = Date.now() + 150; while (Date.now() < until);
      const r = { id: '', meta, sentences: [{ start: 0, end: text.length }], entities: [], quotes: [], events: [] };
      if (opts.text !== false) r.text = text;
      return r;
    },
  };
}
`,
  );
  const dir = join(work, 'news');
  mkdirSync(dir);
  const n = 24;
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `a${String(i).padStart(2, '0')}.txt`), `Article ${String(i).padStart(2, '0')} says hello.`);
  const db = join(work, 'shared.db');
  SqliteStore.open(db).closeSync();
  const run = (): Promise<string> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', runner, 'ingest', dir, '--db', db, '--workers', '0'], {
        cwd: root,
        env: { ...process.env, HERALD_PIPELINE_MODULE: stub },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('exit', () => resolve(out));
    });
  const outs = await Promise.all([run(), run()]);
  const count = (out: string, what: string): number => Number(new RegExp(`${what}\\s+(\\d+)`).exec(out)?.[1] ?? NaN);
  const analysed = readFileSync(calls, 'utf8').trim().split('\n');
  // Every article analysed once in all, by one ingest or the other.
  assert.equal(analysed.length, n, outs.join("\n"));
  assert.equal(new Set(analysed.map((l) => l.split(' ').slice(1).join(' '))).size, n);
  for (const out of outs) assert.equal(count(out, 'documents added') + count(out, 'already present'), n, out);
  assert.equal(count(outs[0], 'documents added') + count(outs[1], 'documents added'), n);
  const store = SqliteStore.open(db, { readonly: true });
  assert.equal(store.countsSync().documents, n);
  store.closeSync();
});
