/**
 * A database restart during a distributed ingest: workers wait for PostgreSQL and go on, and every article is
 * stored exactly once. The test runs its own PostgreSQL server (initdb into a scratch folder, on a free port),
 * so stopping it disturbs no one; it needs root (to run the server as the postgres user), Debian's PostgreSQL
 * binaries and Redis, and is skipped with the reason elsewhere (failing instead under HERALD_REQUIRE_SERVICES=1
 * when it is root on a machine with PostgreSQL but the queue's Redis is missing).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { PostgresStore } from '../../src/store/postgres.js';
import { tempDir } from '../helpers/temp.js';
import { reachable, REQUIRE_SERVICES } from '../store/backends.js';

const REDIS_URL = process.env.HERALD_TEST_REDIS ?? 'redis://127.0.0.1:6379';

function pgBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const v = readdirSync(base).sort().pop();
  return v && existsSync(join(base, v, 'bin', 'initdb')) ? join(base, v, 'bin') : null;
}

async function skipReason(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'needs root to run a private PostgreSQL server as the postgres user';
  if (!pgBin()) return "no PostgreSQL server binaries (Debian's postgresql package)";
  if (spawnSync('id', ['postgres']).status !== 0) return 'no postgres user';
  if (!(await reachable(REDIS_URL))) {
    const why = `no Redis at ${new URL(REDIS_URL).host}`;
    if (REQUIRE_SERVICES) throw new Error(`HERALD_REQUIRE_SERVICES=1 but ${why}`);
    return why;
  }
  return null;
}
const skip = await skipReason();

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const root = new URL('../..', import.meta.url).pathname;
const children = new Set<ChildProcess>();

describe('distributed ingest through a PostgreSQL restart', { skip: skip ?? false }, () => {
  const work = tempDir('herald-restart-');
  const data = join(work, 'pg');
  let port = 0;
  const bin = pgBin() as string;
  const asPostgres = (cmd: string, args: string[]): void => {
    const r = spawnSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.stdout}`);
  };
  const pgCtl = (action: 'start' | 'stop'): void =>
    asPostgres('pg_ctl', [
      '-D', data, '-w', '-t', '60', '-l', join(work, 'pg.log'),
      ...(action === 'start' ? ['-o', `-p ${port} -k ${work} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`, 'start'] : ['-m', 'fast', 'stop']),
    ]);
  const queueName = `herald_restart_${process.pid}_${Date.now().toString(36)}`;

  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    if (existsSync(join(data, 'postmaster.pid'))) {
      try {
        pgCtl('stop');
      } catch {
        /* already stopped */
      }
    }
    const q = new Queue(queueName, { connection: { url: REDIS_URL } });
    await q.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  });

  test('workers wait while the database is down and go on: every article once', async () => {
    spawnSync('chown', ['postgres', work]);
    asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C.UTF-8']);
    port = await freePort();
    pgCtl('start');
    const db = `postgres://postgres@127.0.0.1:${port}/postgres`;

    const runner = join(work, 'herald.mjs');
    const stub = join(work, 'stub.mjs');
    writeFileSync(runner, `const { main } = await import(${JSON.stringify(join(root, 'src', 'cli', 'main.ts'))});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
    writeFileSync(stub, `export function createPipeline() {
  return { analyze(text, meta = {}) { const until = Date.now() + 150; while (Date.now() < until); return { meta, sentences: [], entities: [], quotes: [], events: [] }; } };
}\n`);
    const dir = join(work, 'articles');
    mkdirSync(dir);
    for (let i = 1; i <= 40; i++) writeFileSync(join(dir, `a${i}.txt`), `Article number ${i} of the restart test.\n`);
    const run = (args: string[]): { child: ChildProcess; done: Promise<{ code: number; out: string; err: string }> } => {
      const child = spawn(process.execPath, ['--import', 'tsx', runner, ...args], {
        cwd: root,
        env: { ...process.env, HERALD_PIPELINE_MODULE: stub, HERALD_WORKER_LOCK_MS: '4000' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      let out = '';
      let err = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      return { child, done: new Promise((resolve) => child.on('close', (code) => (children.delete(child), resolve({ code: code ?? -1, out, err })))) };
    };
    const q = ['--queue', REDIS_URL, '--queue-name', queueName];
    const workers = [run(['worker', ...q, '--db', db]), run(['worker', ...q, '--db', db])];
    const ingest = run(['ingest', dir, ...q]);

    const store = PostgresStore.open(db, { retryMs: 30_000 });
    try {
      const t0 = Date.now();
      while ((await store.counts()).documents < 8) {
        assert.ok(Date.now() - t0 < 60_000, 'the workers stored nothing in a minute');
        await new Promise((r) => setTimeout(r, 100));
      }
      await store.close();
      // A restart in the middle of the ingest: every connection is cut, and for 3 s nothing answers.
      pgCtl('stop');
      await new Promise((r) => setTimeout(r, 3_000));
      pgCtl('start');
      const r = await ingest.done;
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /^ {2}documents added +40$/m);
      assert.match(r.out, /^ {2}failed +0/m);
    } finally {
      await store.close();
    }
    for (const w of workers) w.child.kill('SIGTERM');
    for (const w of workers) {
      const r = await w.done;
      assert.equal(r.code, 0, r.err);
    }
    const check = PostgresStore.open(db, { retryMs: 0 });
    try {
      assert.equal((await check.counts()).documents, 40);
    } finally {
      await check.close();
    }
  });
});
