/**
 * `npm run bench:scale`: how Herald's queries and storage grow with the corpus (issue 17). Prints JSON on
 * stdout (progress on stderr); a benchmark, not a test.
 *
 * For each corpus size (default 5,000 and 20,000 articles) and backend (SQLite, PostgreSQL), a corpus is built
 * from a few hundred real articles analysed once (scale-corpus.ts), stored through the store's write path; then
 * `herald serve` (the built CLI, its own process) is asked the UI's API calls by 10 concurrent connections,
 * each call type on its own: the entity list, the actor network and the timeline of a date range never asked
 * before, the articles list (pages nobody has read), a search for a speaker quoted once, and a full-text search
 * of a common word. Reported: p50/p99 latency per call, bytes stored per article, and the growth from the
 * smallest to the largest corpus. Then articles/s analysed and stored into PostgreSQL by 1 and 2 `herald
 * worker` processes from a Redis queue, interleaved with a control (the same articles analysed by 1 and 2
 * separate processes with no queue and no store, scale-control.ts), `--ingest-rounds` times each, with the CPU
 * time per article of the workers, the PostgreSQL server and Redis. Before the timed articles every process
 * analyses `--warmup` other articles (per process): a fresh process spends its first articles compiling its hot
 * code and filling its caches (the longest article of the feed took 2.9 s first and 0.77 s later), which two
 * fresh processes on two cores pay at once; a worker fleet runs for days, so the rate that matters is the one
 * after that (`--warmup 0` measures from cold).
 *
 *   npm run bench:scale [-- --sizes 5000,20000] [--backends sqlite,postgres] [--requests 300]
 *                          [--connections 10] [--base 400] [--ingest 120] [--warmup 120] [--ingest-rounds 3] [--no-ingest]
 *                          [--reuse] [--same-session] [--work DIR]
 *
 * `--sizes 0 --backends postgres` measures the ingest rates only; `--reuse` keeps corpora already built (same
 * size, same work folder or schema) instead of storing them again.
 *
 * Needs the built CLI (npm run build), ../shared/data, and for PostgreSQL/Redis their servers
 * (HERALD_TEST_PG, default postgres://postgres@127.0.0.1:5432/test; HERALD_TEST_REDIS, default
 * redis://127.0.0.1:6379).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { DocumentIn, Store } from '../src/store/types.js';
import { analysedBase, CORPUS_DAYS, CORPUS_START, RARE_SPEAKER, realArticles, replicate, rng } from './scale-corpus.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '5000,20000' },
    backends: { type: 'string', default: 'sqlite,postgres' },
    requests: { type: 'string', default: '300' },
    connections: { type: 'string', default: '10' },
    base: { type: 'string', default: '400' },
    ingest: { type: 'string', default: '120' },
    warmup: { type: 'string', default: '120' },
    'no-ingest': { type: 'boolean', default: false },
    'ingest-rounds': { type: 'string', default: '3' },
    reuse: { type: 'boolean', default: false },
    'same-session': { type: 'boolean', default: false },
    work: { type: 'string', default: join(tmpdir(), 'herald-bench-scale') },
    data: { type: 'string', default: join(root, '..', 'shared', 'data') },
  },
});
const PG_URL = process.env.HERALD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.HERALD_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const sizes = String(values.sizes).split(',').map(Number).filter((x) => x > 0);
const backends = String(values.backends).split(',').filter((b) => b === 'sqlite' || b === 'postgres');
const requests = Number(values.requests);
const connections = Number(values.connections);
const work = String(values.work);
const warmup = Math.max(0, Number(values.warmup));
const log = (s: string): void => void process.stderr.write(`bench:scale: ${s}\n`);

mkdirSync(work, { recursive: true });
const articles = realArticles(String(values.data), Number(values.base));
const base = analysedBase(root, join(work, 'cache'), articles, log);
const stats = {
  articles: base.length,
  events: base.reduce((a, d) => a + (d.events?.length ?? 0), 0) / base.length,
  quotes: base.reduce((a, d) => a + (d.quotes?.length ?? 0), 0) / base.length,
  entities: base.reduce((a, d) => a + (d.entities?.length ?? 0), 0) / base.length,
  chars: base.reduce((a, d) => a + (d.text?.length ?? 0), 0) / base.length,
};
log(`base: ${base.length} analysed articles, per article ${stats.events.toFixed(1)} events, ${stats.quotes.toFixed(1)} quotes, ${stats.entities.toFixed(1)} entities, ${Math.round(stats.chars)} characters`);

/**
 * Every process the benchmark starts (the server, each worker, the ingest command, each control process) runs
 * in a session of its own, as separate services or machines would. Linux with autogroup scheduling
 * (/proc/sys/kernel/sched_autogroup_enabled = 1, as on this machine) shares the CPU between busy sessions
 * first: processes started in one session, however many, get one session's share when other sessions keep the
 * cores busy, so a second worker started beside the first gained nothing, and the server shared its share with
 * the benchmark's own clients. `--same-session` measures the old way.
 */
const SESSIONS = !values['same-session'];

const schemaFor = (n: number): string => `herald_bench_${n}`;
const locationOf = (backend: string, n: number): string => {
  if (backend === 'sqlite') return join(work, `corpus-${n}.db`);
  const u = new URL(PG_URL);
  u.searchParams.set('schema', schemaFor(n));
  return u.toString();
};

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Stores `n` replicated documents through the store's own write path. */
async function build(backend: string, n: number): Promise<{ seconds: number | null }> {
  const location = locationOf(backend, n);
  if (values.reuse) {
    const kept = await (async () => {
      if (backend === 'sqlite' && !existsSync(location)) return 0;
      const s: Store = backend === 'sqlite' ? SqliteStore.open(location, { readonly: true }) : PostgresStore.open(location, { readonly: true });
      try {
        return (await s.counts()).documents;
      } catch {
        return 0;
      } finally {
        await s.close();
      }
    })();
    if (kept === n) return { seconds: null };
  }
  if (backend === 'sqlite') for (const f of [location, `${location}-wal`, `${location}-shm`]) rmSync(f, { force: true });
  else await admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schemaFor(n)} CASCADE`));
  const store: Store = backend === 'sqlite' ? SqliteStore.open(location) : PostgresStore.open(location, { maxConnections: 4 });
  const r = rng(17);
  const t0 = performance.now();
  const docs = (function* (): Generator<DocumentIn> {
    for (let k = 0; k < n; k++) yield replicate(base, k, n, r);
  })();
  // PostgreSQL takes a few documents at once (as several workers would); SQLite has one writer.
  const lanes = backend === 'sqlite' ? 1 : 3;
  let done = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let it = docs.next(); !it.done; it = docs.next()) {
        await store.add(it.value, 'bench');
        if (++done % 5000 === 0) log(`${backend} ${n}: ${done} stored`);
      }
    }),
  );
  await store.close();
  return { seconds: (performance.now() - t0) / 1000 };
}

async function bytes(backend: string, n: number): Promise<{ total: number; perArticle: number; parts: Record<string, number> }> {
  const location = locationOf(backend, n);
  if (backend === 'sqlite') {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(location);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const parts: Record<string, number> = {};
    for (const r of db.prepare('SELECT name, sum(pgsize) AS s FROM dbstat GROUP BY name ORDER BY s DESC LIMIT 12').all() as { name: string; s: number }[]) {
      parts[r.name] = Math.round(r.s / n);
    }
    db.close();
    const total = statSync(location).size;
    return { total, perArticle: Math.round(total / n), parts };
  }
  return admin(async (c) => {
    await c.query(`VACUUM ANALYZE`).catch(() => undefined);
    const r = await c.query<{ name: string; s: string }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS s FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
       WHERE ns.nspname = $1 AND c.relkind = 'r' ORDER BY 2 DESC`,
      [schemaFor(n)],
    );
    const total = r.rows.reduce((a, x) => a + Number(x.s), 0);
    const parts: Record<string, number> = {};
    for (const x of r.rows.slice(0, 12)) parts[x.name] = Math.round(Number(x.s) / n);
    return { total, perArticle: Math.round(total / n), parts };
  });
}

/** `herald serve` over the corpus, in its own process; resolves with its URL. */
function serve(location: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolveUrl, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'herald.js'), 'serve', '--db', location, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], detached: SESSIONS });
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /web UI and API: (http:\/\/\S+)/.exec(out);
      if (m) resolveUrl({ url: m[1], child });
    });
    let err = '';
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code) => reject(new Error(`herald serve exited (${code}): ${err}`)));
  });
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};

/** The UI's calls; each returns the path of its next request (fresh dates and pages every time). */
function calls(n: number): Record<string, (r: () => number) => string> {
  const start = Date.parse(`${CORPUS_START}T00:00:00Z`);
  const day = (d: number): string => new Date(start + d * 86_400_000).toISOString().slice(0, 10);
  const range = (r: () => number): string => {
    const a = Math.floor(r() * (CORPUS_DAYS - 60));
    const b = a + 30 + Math.floor(r() * (CORPUS_DAYS - a - 30));
    return `since=${day(a)}&until=${day(b)}`;
  };
  const pages = Math.max(1, Math.min(40, Math.floor(n / 50)));
  return {
    entities: () => '/api/entities?limit=50',
    actor_network: (r) => `/api/stats?${range(r)}&edges=100`,
    timeline: (r) => `/api/stats?${range(r)}&edges=0`,
    articles_list: (r) => `/api/documents?limit=50&offset=${50 * Math.floor(r() * pages)}`,
    rare_speaker: () => `/api/quotes?speaker=${encodeURIComponent(RARE_SPEAKER.split(' ')[1].toLowerCase())}&limit=50`,
    full_text: () => '/api/quotes?text=people&limit=50',
  };
}

type Latency = { p50: number; p99: number; errors: number; load: number; serialP50: number };

/**
 * Each call type under `connections` concurrent connections (p50, p99), then on one connection alone
 * (`serialP50`: what one call costs, without waiting behind the others).
 */
async function measure(url: string, n: number): Promise<Record<string, Latency>> {
  const out: Record<string, Latency> = {};
  await fetch(new URL('/api/info', url)).then((r) => r.arrayBuffer());
  // Warm-up, not measured: every call, at full concurrency, so that each reader thread has compiled its code
  // and collected what building its running sums left behind (the first requests after a start pay for that).
  for (const next of Object.values(calls(n))) {
    const r = rng(7);
    let left = 5 * connections;
    await Promise.all(Array.from({ length: connections }, async () => {
      while (left-- > 0) await fetch(new URL(next(r), url)).then((res) => res.arrayBuffer());
    }));
  }
  for (const [name, next] of Object.entries(calls(n))) {
    const r = rng(name.length * 7919 + n);
    const serial: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      await fetch(new URL(next(r), url)).then((res) => res.arrayBuffer());
      serial.push(performance.now() - t0);
    }
    const times: number[] = [];
    let errors = 0;
    let left = requests;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (left-- > 0) {
          const path = next(r);
          const t0 = performance.now();
          try {
            const res = await fetch(new URL(path, url));
            await res.arrayBuffer();
            if (res.status !== 200) errors++;
          } catch {
            errors++;
          }
          times.push(performance.now() - t0);
        }
      }),
    );
    out[name] = { p50: pct(times, 50), p99: pct(times, 99), errors, load: +loadavg()[0].toFixed(1), serialP50: pct(serial, 50) };
    log(`  ${name}: p50 ${out[name].p50} ms, p99 ${out[name].p99} ms, alone ${out[name].serialP50} ms${errors ? `, ${errors} errors` : ''} (load ${out[name].load})`);
  }
  return out;
}

function run(args: string[], opts: { quiet?: boolean } = {}): Promise<number> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'herald.js'), ...args], { stdio: ['ignore', opts.quiet ? 'ignore' : 'inherit', opts.quiet ? 'ignore' : 'inherit'], detached: SESSIONS });
    child.on('exit', (code) => res(code ?? 1));
  });
}

/** CPU seconds (user + system, all threads) of a process (or `PID/task/TID`: one thread) so far, from /proc; 0 where there is none. */
function cpuSeconds(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of each thread of a process (Linux), by thread id. */
function threadSeconds(pid: number): Map<string, number> {
  const m = new Map<string, number>();
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) m.set(t, cpuSeconds(`${pid}/task/${t}`));
  } catch {
    // gone, or not Linux
  }
  return m;
}

/** Milliseconds of CPU per article of each thread that worked, most first (the analysis thread leads). */
function perThread(before: Map<string, number>, after: Map<string, number>, articles: number): number[] {
  return [...after].map(([t, s]) => Math.round(((s - (before.get(t) ?? 0)) * 1000) / Math.max(1, articles))).filter((x) => x > 0).sort((a, b) => b - a);
}

/** The pids whose command name is `name` (the PostgreSQL server's processes, Redis). */
function pidsNamed(name: RegExp): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (name.test(readFileSync(`/proc/${d}/comm`, 'utf8').trim())) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const cpuOf = (pids: number[]): number => pids.reduce((a, p) => a + cpuSeconds(p), 0);

type RateRun = {
  kind: 'workers' | 'control';
  processes: number;
  articles: number;
  /** From the first article taken to the last one done (the processes' models loaded before). */
  seconds: number;
  perSecond: number;
  /** CPU milliseconds per article: the processes themselves, and (workers) the PostgreSQL server and Redis. */
  cpuMsPerArticle: Record<string, number>;
  /** The first process's threads, CPU milliseconds per article of its share, most first: the analysis thread, then V8's helper threads (garbage collection) and the main thread. */
  threadsMsPerArticle: number[];
  load: number;
  /** Workers: the `herald ingest --queue` command from its start to its exit (it loads BullMQ, enqueues, waits). */
  commandSeconds?: number;
};

/** Starts a bench child and resolves once it prints `marker` (its models are loaded). */
function started(args: string[], marker: string, stream: 'stdout' | 'stderr'): Promise<ChildProcess> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: SESSIONS });
    let seen = '';
    let err = '';
    const timer = setTimeout(() => rej(new Error(`${args.join(' ')}: not ready after 120 s: ${err}`)), 120_000);
    child[stream]?.on('data', (b: Buffer) => {
      seen += b.toString();
      if (seen.includes(marker)) {
        clearTimeout(timer);
        res(child);
      }
    });
    if (stream === 'stdout') child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    else child.stdout?.resume();
    child.on('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`${args.join(' ')} exited (${code}) before it was ready: ${err}${stream === 'stderr' ? seen : ''}`));
    });
  });
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Articles/s analysed and stored into PostgreSQL by `workers` `herald worker` processes from one Redis queue,
 * timed from the first article taken to the last one stored (BullMQ's timestamps); the workers have loaded
 * their models before `herald ingest --queue` enqueues.
 */
async function ingestRate(workers: number, count: number): Promise<RateRun> {
  const schema = `herald_bench_ingest_${workers}`;
  await admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  const u = new URL(PG_URL);
  u.searchParams.set('schema', schema);
  const db = u.toString();
  const queueName = `bench-scale-${workers}-${Date.now().toString(36)}`;
  const feed = join(work, `ingest-${count}.jsonl`);
  // Fresh texts (an unseen suffix), so that nothing is already stored or already completed in the queue.
  writeFileSync(feed, articles.slice(0, count).map((a, i) => JSON.stringify({ ...a, text: `${a.text}\n\n(${queueName} ${i})` })).join('\n') + '\n');
  const store = PostgresStore.open(db);
  await store.counts();
  const procs = await Promise.all(
    Array.from({ length: workers }, () =>
      started([join(root, 'bin', 'herald.js'), 'worker', '--queue', REDIS_URL, '--queue-name', queueName, '--db', db], 'taking jobs', 'stderr'),
    ),
  );
  const pids = procs.map((p) => p.pid as number);
  // Warm-up articles (never the timed ones) through the same queue; their jobs are left out of the timing.
  const warmIds = new Set<string>();
  if (warmup > 0) {
    const warmFeed = join(work, `ingest-warmup.jsonl`);
    writeFileSync(warmFeed, articles.slice(count, count + warmup * workers).map((a, i) => JSON.stringify({ ...a, text: `${a.text}\n\n(${queueName} warm-up ${i})` })).join('\n') + '\n');
    await run(['ingest', warmFeed, '--queue', REDIS_URL, '--queue-name', queueName], { quiet: true });
    const { Queue } = await import('bullmq');
    const queue = new Queue(queueName, { connection: { url: REDIS_URL } });
    for (const j of await queue.getJobs(['completed', 'failed'], 0, -1)) if (j.id) warmIds.add(j.id);
    await queue.close();
  }
  const warmStored = (await store.counts()).documents;
  const pgPids = pidsNamed(/^postgres/);
  const redisPids = pidsNamed(/^redis-server/);
  const cpu0 = [cpuOf(pids), cpuOf(pgPids), cpuOf(redisPids)];
  const threads0 = threadSeconds(pids[0]);
  const t0 = performance.now();
  const code = await run(['ingest', feed, '--queue', REDIS_URL, '--queue-name', queueName], { quiet: true });
  const commandSeconds = (performance.now() - t0) / 1000;
  const threads1 = threadSeconds(pids[0]);
  const cpu1 = [cpuOf(pids), cpuOf(pgPids.concat(pidsNamed(/^postgres/).filter((p) => !pgPids.includes(p)))), cpuOf(redisPids)];
  const stored = (await store.counts()).documents - warmStored;
  await store.close();
  const { Queue } = await import('bullmq');
  const queue = new Queue(queueName, { connection: { url: REDIS_URL } });
  const jobs = (await queue.getJobs(['completed'], 0, -1)).filter((j) => !j.id || !warmIds.has(j.id));
  const first = Math.min(...jobs.map((j) => j.processedOn ?? Infinity));
  const last = Math.max(...jobs.map((j) => j.finishedOn ?? 0));
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
  if (code !== 0 && code !== 3) log(`ingest through the queue exited with ${code}`);
  const seconds = (last - first) / 1000;
  const per = (x: number): number => Math.round((x * 1000) / Math.max(1, stored));
  return {
    kind: 'workers', processes: workers, articles: stored, seconds: round2(seconds), perSecond: round2(stored / seconds),
    cpuMsPerArticle: { workers: per(cpu1[0] - cpu0[0]), postgres: per(cpu1[1] - cpu0[1]), redis: per(cpu1[2] - cpu0[2]) },
    threadsMsPerArticle: perThread(threads0, threads1, stored / workers),
    load: +loadavg()[0].toFixed(1), commandSeconds: round2(commandSeconds),
  };
}

/**
 * The control: the same articles analysed as a worker analyses them (scale-control.ts: the built pipeline on
 * one analysis thread) by `processes` separate processes at once, each a share, no queue and no store; timed
 * from the moment all have loaded their models to the last article done.
 */
async function controlRate(processes: number, count: number): Promise<RateRun> {
  // Shares of about the same length of text (longest first, each to the lightest share): the workers, who
  // take the next article when free, balance themselves; a fixed split must be fair to compare with them.
  const shares: { size: number; list: typeof articles }[] = Array.from({ length: processes }, () => ({ size: 0, list: [] }));
  for (const a of [...articles.slice(0, count)].sort((x, y) => y.text.length - x.text.length)) {
    const lightest = shares.reduce((m, x) => (x.size < m.size ? x : m));
    lightest.size += a.text.length;
    lightest.list.push(a);
  }
  const feeds = shares.map(({ list }, k) => {
    const f = join(work, `control-${processes}-${k}.jsonl`);
    writeFileSync(f, list.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const w = join(work, `control-${processes}-${k}-warmup.jsonl`);
    writeFileSync(w, articles.slice(count + k * warmup, count + (k + 1) * warmup).map((a) => JSON.stringify(a)).join('\n') + '\n');
    return [f, w];
  });
  const script = join(root, 'bench', 'scale-control.ts');
  const procs = await Promise.all(feeds.map(([f, w]) => started(['--import', 'tsx', script, f, ...(warmup > 0 ? [w] : [])], 'ready\n', 'stdout')));
  const pids = procs.map((p) => p.pid as number);
  const outs = procs.map(
    (p) =>
      new Promise<{ ends: number[]; perThread: number[] }>((res, rej) => {
        let out = '';
        p.stdout?.on('data', (b: Buffer) => (out += b.toString()));
        p.once('exit', (code) => {
          const m = /\{"ends".*\}/.exec(out);
          if (m) res(JSON.parse(m[0]) as { ends: number[]; perThread: number[] });
          else rej(new Error(`control process exited (${code}) without its figures`));
        });
      }),
  );
  const cpu0 = cpuOf(pids);
  const cpuEnd = pids.map(() => 0);
  // The CPU time of each is read as it finishes (a process gone has none to read).
  procs.forEach((p, i) => p.stdout?.on('data', (b: Buffer) => void (b.toString().includes('"ends"') && (cpuEnd[i] = cpuSeconds(pids[i])))));
  for (const p of procs) p.stdin?.end('go\n');
  const got = await Promise.all(outs);
  const seconds = Math.max(...got.map(({ ends }) => ends[ends.length - 1] ?? 0)) / 1000;
  return {
    kind: 'control', processes, articles: count, seconds: round2(seconds), perSecond: round2(count / seconds),
    cpuMsPerArticle: { processes: Math.round(((cpuEnd.reduce((a, b) => a + b, 0) - cpu0) * 1000) / count) },
    threadsMsPerArticle: got[0].perThread,
    load: +loadavg()[0].toFixed(1),
  };
}

const report: Record<string, unknown> = {
  // The load average (1 min) is recorded with each measurement: the machine's 2 cores are shared.
  machine: { cores: cpus().length, node: process.version, loadAtStart: +loadavg()[0].toFixed(1) },
  base: { ...stats, events: +stats.events.toFixed(2), quotes: +stats.quotes.toFixed(2), entities: +stats.entities.toFixed(2), chars: Math.round(stats.chars) },
  connections,
  requestsPerCall: requests,
  corpora: {} as Record<string, Record<string, unknown>>,
};
const corpora = report.corpora as Record<string, Record<string, unknown>>;
for (const backend of backends) {
  corpora[backend] = {};
  for (const n of sizes) {
    log(`${backend}: building ${n} articles`);
    const built = await build(backend, n);
    const size = await bytes(backend, n);
    log(`${backend} ${n}: ${built.seconds === null ? 'kept from before' : `stored in ${built.seconds.toFixed(0)} s`}, ${size.perArticle} bytes per article`);
    const { url, child } = await serve(locationOf(backend, n));
    // Measured once the server has built its stats' running sums (it starts on them at once, in the background).
    await new Promise((r) => setTimeout(r, Math.max(5000, n / 2)));
    let latency;
    try {
      latency = await measure(url, n);
    } finally {
      child.kill('SIGTERM');
    }
    corpora[backend][n] = { articles: n, storeSeconds: built.seconds === null ? null : Math.round(built.seconds), bytesPerArticle: size.perArticle, bytesByTable: size.parts, latencyMs: latency };
  }
  if (sizes.length > 1) {
    const lo = corpora[backend][sizes[0]] as { latencyMs: Record<string, { p50: number; p99: number }> };
    const hi = corpora[backend][sizes[sizes.length - 1]] as { latencyMs: Record<string, { p50: number; p99: number }> };
    const growth: Record<string, { p50: number; p99: number; alone: number }> = {};
    const ratio = (a: number, b: number): number => +(a / Math.max(0.1, b)).toFixed(2);
    for (const k of Object.keys(hi.latencyMs)) {
      const h = hi.latencyMs[k] as Latency;
      const l = lo.latencyMs[k] as Latency;
      growth[k] = { p50: ratio(h.p50, l.p50), p99: ratio(h.p99, l.p99), alone: ratio(h.serialP50, l.serialP50) };
    }
    corpora[backend][`growth ${sizes[0]} -> ${sizes[sizes.length - 1]}`] = growth;
  }
}
if (!values['no-ingest'] && backends.includes('postgres')) {
  const count = Math.min(Number(values.ingest), articles.length);
  const rounds = Math.max(1, Number(values['ingest-rounds']));
  // 1 and 2 worker processes and the control's 1 and 2 processes, interleaved, in a different order each round,
  // so that each comparison is made in the same minutes as its control on the shared machine.
  const kinds = [
    { kind: 'workers', n: 1 },
    { kind: 'workers', n: 2 },
    { kind: 'control', n: 1 },
    { kind: 'control', n: 2 },
  ] as const;
  const runs: RateRun[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < kinds.length; j++) {
      const { kind, n } = kinds[(j + round) % kinds.length];
      const r = kind === 'workers' ? await ingestRate(n, count) : await controlRate(n, count);
      log(`ingest round ${round + 1}: ${kind} ${n}: ${r.perSecond} articles/s in ${r.seconds} s, CPU ms/article ${JSON.stringify(r.cpuMsPerArticle)}, threads ${r.threadsMsPerArticle.join(' ')} (load ${r.load})`);
      runs.push(r);
    }
  }
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const of = (kind: string, n: number): RateRun[] => runs.filter((r) => r.kind === kind && r.processes === n);
  const summary = (kind: string): Record<string, unknown> => {
    const one = of(kind, 1).map((r) => r.perSecond);
    const two = of(kind, 2).map((r) => r.perSecond);
    // Each round's 2-process rate over its own 1-process rate (the same minutes).
    const paired = two.map((t, i) => round2(t / one[i]));
    return {
      oneProcess: { median: round2(median(one)), min: Math.min(...one), max: Math.max(...one) },
      twoProcesses: { median: round2(median(two)), min: Math.min(...two), max: Math.max(...two) },
      speedup: round2(median(two) / median(one)),
      speedupPerRound: paired,
    };
  };
  report.ingestPostgres = { articles: count, warmupPerProcess: warmup, rounds, workers: summary('workers'), control: summary('control'), runs };
}
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
