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
 * worker` processes from a Redis queue.
 *
 *   npm run bench:scale [-- --sizes 5000,20000] [--backends sqlite,postgres] [--requests 300]
 *                          [--connections 10] [--base 400] [--ingest 120] [--no-ingest] [--work DIR]
 *
 * Needs the built CLI (npm run build), ../shared/data, and for PostgreSQL/Redis their servers
 * (HERALD_TEST_PG, default postgres://postgres@127.0.0.1:5432/test; HERALD_TEST_REDIS, default
 * redis://127.0.0.1:6379).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { DocumentIn, Store } from '../src/store/types.js';
import { analysedBase, articleFeed, CORPUS_DAYS, CORPUS_START, RARE_SPEAKER, realArticles, replicate, rng } from './scale-corpus.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '5000,20000' },
    backends: { type: 'string', default: 'sqlite,postgres' },
    requests: { type: 'string', default: '300' },
    connections: { type: 'string', default: '10' },
    base: { type: 'string', default: '400' },
    ingest: { type: 'string', default: '120' },
    'no-ingest': { type: 'boolean', default: false },
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
async function build(backend: string, n: number): Promise<{ seconds: number }> {
  const location = locationOf(backend, n);
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
    const child = spawn(process.execPath, [join(root, 'bin', 'herald.js'), 'serve', '--db', location, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    const child = spawn(process.execPath, [join(root, 'bin', 'herald.js'), ...args], { stdio: ['ignore', opts.quiet ? 'ignore' : 'inherit', opts.quiet ? 'ignore' : 'inherit'] });
    child.on('exit', (code) => res(code ?? 1));
  });
}

/** Articles/s analysed and stored into PostgreSQL by `workers` worker processes from one Redis queue. */
async function ingestRate(workers: number, count: number): Promise<{ workers: number; articles: number; seconds: number; perSecond: number; load: number }> {
  const schema = `herald_bench_ingest_${workers}`;
  await admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  const u = new URL(PG_URL);
  u.searchParams.set('schema', schema);
  const db = u.toString();
  const queueName = `bench-scale-${workers}-${Date.now().toString(36)}`;
  const feed = join(work, `ingest-${count}.jsonl`);
  const { writeFileSync } = await import('node:fs');
  // Fresh texts (an unseen suffix), so that nothing is already stored or already completed in the queue.
  writeFileSync(feed, articles.slice(0, count).map((a, i) => JSON.stringify({ ...a, text: `${a.text}\n\n(${queueName} ${i})` })).join('\n') + '\n');
  const store = PostgresStore.open(db);
  await store.counts();
  const procs = Array.from({ length: workers }, () =>
    spawn(process.execPath, [join(root, 'bin', 'herald.js'), 'worker', '--queue', REDIS_URL, '--queue-name', queueName, '--db', db], { stdio: ['ignore', 'ignore', 'ignore'] }),
  );
  // Let the workers load their models before the clock starts.
  await new Promise((r) => setTimeout(r, 8000));
  const t0 = performance.now();
  const code = await run(['ingest', feed, '--queue', REDIS_URL, '--queue-name', queueName], { quiet: true });
  const seconds = (performance.now() - t0) / 1000;
  const stored = (await store.counts()).documents;
  await store.close();
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
  if (code !== 0 && code !== 3) log(`ingest through the queue exited with ${code}`);
  return { workers, articles: stored, seconds: Math.round(seconds * 10) / 10, perSecond: Math.round((stored / seconds) * 100) / 100, load: +loadavg()[0].toFixed(1) };
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
    log(`${backend} ${n}: stored in ${built.seconds.toFixed(0)} s, ${size.perArticle} bytes per article`);
    const { url, child } = await serve(locationOf(backend, n));
    // Measured once the server has built its stats' running sums (it starts on them at once, in the background).
    await new Promise((r) => setTimeout(r, Math.max(5000, n / 2)));
    let latency;
    try {
      latency = await measure(url, n);
    } finally {
      child.kill('SIGTERM');
    }
    corpora[backend][n] = { articles: n, storeSeconds: Math.round(built.seconds), bytesPerArticle: size.perArticle, bytesByTable: size.parts, latencyMs: latency };
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
  void articleFeed;
  // Alternated and the better of two runs each, so that a burst of other work on the shared cores does not
  // decide the comparison.
  const runs: Awaited<ReturnType<typeof ingestRate>>[] = [];
  for (const w of [1, 2, 1, 2]) {
    const r = await ingestRate(w, count);
    log(`ingest: ${w} worker process${w > 1 ? 'es' : ''} ${r.perSecond} articles/s (load ${r.load})`);
    runs.push(r);
  }
  const best = (w: number): (typeof runs)[number] => runs.filter((r) => r.workers === w).sort((a, b) => b.perSecond - a.perSecond)[0];
  const one = best(1);
  const two = best(2);
  report.ingestPostgres = { one, two, speedup: +(two.perSecond / one.perSecond).toFixed(2), runs };
  // The control: the same articles analysed by one `herald analyze` process, then split over two processes
  // at once, with no store and no queue. What two processes gain here is what the machine allows.
  const { writeFileSync } = await import('node:fs');
  const half = Math.floor(count / 2);
  const feeds = [articles.slice(0, count), articles.slice(0, half), articles.slice(half, count)].map((list, i) => {
    const f = join(work, `control-${i}.jsonl`);
    writeFileSync(f, list.map((a) => JSON.stringify(a)).join('\n') + '\n');
    return f;
  });
  let t0 = performance.now();
  await run(['analyze', feeds[0], '--format', 'jsonl'], { quiet: true });
  const oneSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await Promise.all([run(['analyze', feeds[1], '--format', 'jsonl'], { quiet: true }), run(['analyze', feeds[2], '--format', 'jsonl'], { quiet: true })]);
  const twoSeconds = (performance.now() - t0) / 1000;
  report.analysisOnlyControl = {
    articles: count,
    oneProcessSeconds: +oneSeconds.toFixed(1),
    twoProcessesSeconds: +twoSeconds.toFixed(1),
    speedup: +(oneSeconds / twoSeconds).toFixed(2),
    load: +loadavg()[0].toFixed(1),
  };
  log(`control: herald analyze, 1 process ${oneSeconds.toFixed(1)} s, 2 processes ${twoSeconds.toFixed(1)} s`);
}
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
