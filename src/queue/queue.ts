/**
 * Distributed ingest on a real queue: BullMQ on Redis. `enqueue` reads articles lazily and adds one job per
 * article, keyed by the sha256 of its text (BullMQ ignores a job id it already holds, so two ingests of one
 * folder analyse each article once); `runWorker` takes jobs on any number of machines, analyses them with the
 * full pipeline and stores them in one transaction each. Delivery is at least once (a worker that dies
 * mid-job loses its lock and the job goes back to the queue) and writes are idempotent (`ON CONFLICT DO
 * NOTHING` on the same id), so every article is stored exactly once. An article whose analysis fails goes to
 * the failed set with its reason, at once; a database that is away is retried with backoff.
 */
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { DocMeta } from '../doc/doc.js';
import { documentId } from '../doc/id.js';
import { createAnalyzer, type Analyzer } from '../pipeline/workers.js';
import { openStore } from '../store/open.js';
import type { AddOutcome, DocumentIn, Store } from '../store/types.js';
import { HeraldError } from '../text/errors.js';
import { datedMeta, listInputFiles, readInputStream } from '../text/inputs.js';

export const DEFAULT_QUEUE_NAME = 'herald';

/** What one job carries: the article as read, keyed by its text's sha256. */
export interface ArticleJob {
  id: string;
  label: string;
  text: string;
  meta: DocMeta;
}

export type JobOutcome = AddOutcome;

/** A redis:// URL with its password replaced, for messages. */
export function maskRedis(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:@/]*):[^@/]*@/i, '$1@');
}

export interface QueueTarget {
  url: string;
  name: string;
}

export function checkQueue(cmd: string, url: string, name: string): QueueTarget {
  if (!/^rediss?:\/\//i.test(url)) {
    throw new HeraldError(`herald ${cmd}: --queue must be a redis:// URL such as redis://127.0.0.1:6379 (got '${maskRedis(url)}')`, 2);
  }
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) {
    throw new HeraldError(`herald ${cmd}: --queue-name must be letters, digits, '_', '-' or '.' (got '${name}')`, 2);
  }
  return { url, name };
}

/** BullMQ's connection: reconnect forever (a Redis restart is waited out), never fail a command for being offline. */
const connection = (url: string): { url: string; maxRetriesPerRequest: null; retryStrategy: (n: number) => number } => ({
  url,
  maxRetriesPerRequest: null,
  retryStrategy: (n: number) => Math.min(200 * n, 2_000),
});

/** How a job is retried: a store that is away gets 8 tries over ~20 minutes; analysis failures are not retried. */
export const JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5_000 },
  // Completed jobs are kept a day (so a later ingest of the same article knows it is done), failed ones until retried.
  removeOnComplete: { age: 24 * 3600, count: 1_000_000 },
  removeOnFail: false,
} as const;

/**
 * Fails fast, with the fix, when Redis does not answer at the start (BullMQ itself would wait forever, which is
 * right for an outage once running but leaves a mistyped --queue hanging in silence).
 */
export async function probeRedis(url: string, timeoutMs = 5_000): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new HeraldError(`${maskRedis(url)}: cannot reach Redis (${maskRedis((e as Error).message)}); start it (redis-server), or check --queue (or HERALD_QUEUE)`);
  } finally {
    client.disconnect();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface EnqueueOptions {
  inputs: string[];
  queue: QueueTarget;
  date?: string;
  /** Largest document in bytes (default: readInput's). */
  maxBytes?: number;
  /** Wait until every enqueued article is stored or failed (default true). */
  wait?: boolean;
  /** Pause reading while more than this many jobs wait (default 10,000): a million files never sit in memory. */
  highWater?: number;
  progress?: NodeJS.WritableStream;
}

export interface EnqueueSummary {
  queue: string;
  queued: number;
  added: number;
  present: number;
  failed: { label: string; reason: string }[];
  skipped: { label: string; reason: string }[];
  quotes: number;
  events: number;
  entities: number;
  /** Jobs not finished when the command returned (--no-wait, or interrupted). */
  pending: number;
  seconds: number;
  interrupted: boolean;
}

/** Enqueues every article under `inputs` and, unless `wait` is false, returns when they are all done. */
export async function enqueue(opts: EnqueueOptions): Promise<EnqueueSummary> {
  const t0 = performance.now();
  const out = opts.progress ?? process.stderr;
  const wait = opts.wait !== false;
  const highWater = opts.highWater ?? 10_000;
  const summary: EnqueueSummary = {
    queue: `${maskRedis(opts.queue.url)} ${opts.queue.name}`, queued: 0, added: 0, present: 0, failed: [], skipped: [],
    quotes: 0, events: 0, entities: 0, pending: 0, seconds: 0, interrupted: false,
  };
  await probeRedis(opts.queue.url);
  const queue = new Queue<ArticleJob, JobOutcome>(opts.queue.name, { connection: connection(opts.queue.url) });
  queue.on('error', () => undefined);
  const events = wait ? new QueueEvents(opts.queue.name, { connection: connection(opts.queue.url) }) : undefined;
  events?.on('error', () => undefined);
  // Our jobs not finished yet: id -> label.
  const pending = new Map<string, string>();
  let allQueued = false;
  let wake: (() => void) | undefined;
  const finish = (id: string, fn: (label: string) => void): void => {
    const label = pending.get(id);
    if (label === undefined) return;
    pending.delete(id);
    fn(label);
    if (allQueued && pending.size === 0) wake?.();
  };
  const completed = (id: string, value: unknown): void =>
    finish(id, () => {
      const o = (typeof value === 'string' ? JSON.parse(value) : value) as JobOutcome | null;
      if (o?.added) {
        summary.added++;
        summary.quotes += o.quotes;
        summary.events += o.events;
        summary.entities += o.entities;
      } else {
        summary.present++;
      }
    });
  const failed = (id: string, reason: string): void => finish(id, (label) => summary.failed.push({ label, reason: `${label}: ${reason}` }));
  events?.on('completed', ({ jobId, returnvalue }) => completed(jobId, returnvalue));
  events?.on('failed', ({ jobId, failedReason }) => failed(jobId, failedReason));

  let stopping = false;
  const onSignal = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    summary.interrupted = true;
    wake?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer = setInterval(() => {
    const done = summary.queued - pending.size;
    out.write(`queued ${summary.queued}, done ${wait ? done : '?'} (${summary.added} added, ${summary.present} present, ${summary.failed.length} failed)\n`);
  }, 5_000);
  timer.unref();
  try {
    await queue.waitUntilReady();
    await events?.waitUntilReady();

    /**
     * Adds a batch. An article the queue already holds is not added again: done before (kept a day), it is
     * already present; failed before, it stays in the failed set until 'herald queue retry'; waiting or in
     * hand (another ingest of the same files), its outcome is awaited like ours.
     */
    const addBatch = async (batch: ArticleJob[]): Promise<void> => {
      if (!batch.length) return;
      const states = await Promise.all(batch.map((j) => queue.getJobState(j.id)));
      const fresh = new Map<string, ArticleJob>();
      for (const [i, j] of batch.entries()) {
        const state = states[i];
        if (pending.has(j.id) || fresh.has(j.id)) {
          // The same text twice in this run (a copied file): stored once, the copy is already present.
          summary.present++;
          continue;
        }
        summary.queued++;
        if (state === 'completed') {
          summary.present++;
        } else if (state === 'failed') {
          const job = await queue.getJob(j.id);
          summary.failed.push({ label: j.label, reason: `${j.label}: ${job?.failedReason ?? 'failed before'} (failed earlier; 'herald queue retry' tries again)` });
        } else {
          if (wait) pending.set(j.id, j.label);
          if (state === 'unknown') fresh.set(j.id, j);
        }
      }
      if (fresh.size) await queue.addBulk([...fresh.values()].map((data) => ({ name: 'article', data, opts: { ...JOB_OPTIONS, jobId: data.id } })));
      // Backpressure: let the workers catch up before reading more.
      while (!stopping && (await queue.getWaitingCount()) > highWater) await sleep(500);
    };

    let batch: ArticleJob[] = [];
    for (const input of opts.inputs) {
      if (stopping) break;
      let files: string[];
      try {
        files = input === '-' ? ['-'] : listInputFiles(input);
      } catch (e) {
        summary.skipped.push({ label: input, reason: (e as Error).message });
        continue;
      }
      for (const file of files) {
        if (stopping) break;
        try {
          // JSON Lines a line at a time: a feed of any size is enqueued without being held in memory.
          for await (const item of readInputStream(file, { maxBytes: opts.maxBytes })) {
            if (stopping) break;
            if (item.bad) {
              summary.skipped.push(item.bad);
              continue;
            }
            const a = item.article;
            if (!a.text.trim()) {
              summary.skipped.push({ label: a.label, reason: `${a.label}: empty document (no text)` });
              continue;
            }
            const id = documentId(a.text);
            // The publication date as plain ingest resolves it (metadata, --date, dateline, HTML, file name).
            batch.push({ id, label: a.label, text: a.text, meta: datedMeta(a, opts.date) });
            if (batch.length >= 100) {
              await addBatch(batch);
              batch = [];
            }
          }
        } catch (e) {
          summary.skipped.push({ label: file, reason: (e as Error).message });
        }
      }
    }
    await addBatch(batch);
    allQueued = true;
    // Events say when jobs finish; every few seconds the ones still pending are also looked up, in case one
    // finished in the moment between being looked up and being listened for.
    while (wait && pending.size > 0 && !stopping) {
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 3_000).unref();
      });
      for (const id of [...pending.keys()].slice(0, 500)) {
        const state = await queue.getJobState(id);
        if (state === 'completed') completed(id, (await queue.getJob(id))?.returnvalue ?? null);
        else if (state === 'failed') failed(id, (await queue.getJob(id))?.failedReason ?? 'failed');
      }
    }
    summary.pending = wait ? pending.size : summary.queued;
  } finally {
    clearInterval(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await events?.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}

export function formatEnqueueSummary(s: EnqueueSummary): string {
  const lines = [
    `${s.interrupted ? 'Interrupted' : s.pending && s.pending === s.queued ? 'Queued' : 'Ingested'} through ${s.queue} in ${s.seconds.toFixed(1)} s:`,
    `  articles queued   ${s.queued}`,
  ];
  if (s.pending) lines.push(`  still in queue    ${s.pending}   (see 'herald queue status')`);
  if (s.pending !== s.queued) {
    lines.push(`  documents added   ${s.added}`, `  already present   ${s.present}`, `  quotes            ${s.quotes}`, `  events            ${s.events}`);
    lines.push(`  failed            ${s.failed.length}${s.failed.length ? "   (retry with 'herald queue retry')" : ''}`);
  }
  lines.push(`  skipped           ${s.skipped.length}`);
  for (const f of [...s.failed, ...s.skipped].slice(0, 20)) lines.push(`    ${f.reason}`);
  return lines.join('\n') + '\n';
}

export interface WorkerOptions {
  queue: QueueTarget;
  db: string;
  /** Analysis threads (default 1); the worker holds one job more than this (one is stored while the others are analysed). */
  threads?: number;
  pipelineModule?: string;
  log?: NodeJS.WritableStream;
  /** Stop when this aborts (SIGINT/SIGTERM in the CLI); jobs in hand are finished first. */
  signal?: AbortSignal;
  /** How long a job's lock lasts without renewal: a dead worker's job is taken again after about this (default 30 s). */
  lockMs?: number;
}

export interface WorkerSummary {
  processed: number;
  added: number;
  present: number;
  failed: number;
}

/** Takes jobs until `signal` aborts: analyse, store, report the outcome. */
export async function runWorker(opts: WorkerOptions): Promise<WorkerSummary> {
  const log = opts.log ?? process.stderr;
  const store: Store = openStore(opts.db);
  const sum: WorkerSummary = { processed: 0, added: 0, present: 0, failed: 0 };
  let analyzer: Analyzer | undefined;
  let worker: Worker<ArticleJob, JobOutcome> | undefined;
  try {
    await probeRedis(opts.queue.url);
    await store.counts(); // connect and migrate now: a wrong --db stops here, not on the first job
    analyzer = createAnalyzer({ workers: opts.threads ?? 1, pipelineModule: opts.pipelineModule, resultOptions: { text: false, tokens: false } });
    await analyzer.ready();
    const a = analyzer;
    const handle = async (job: Job<ArticleJob, JobOutcome>): Promise<JobOutcome> => {
      const { id, text, meta, label } = job.data;
      if (await store.has(id)) return { added: false, entities: 0, quotes: 0, events: 0 };
      let result;
      try {
        result = await a.analyze(text, meta);
      } catch (e) {
        if (e instanceof HeraldError) throw e;
        // Analysis is deterministic: trying the same article again would fail again.
        throw new UnrecoverableError(`analysis failed (${(e as Error).message})`);
      }
      const doc: DocumentIn = { ...result, id, text };
      return store.add(doc, label);
    };
    worker = new Worker<ArticleJob, JobOutcome>(opts.queue.name, handle, {
      connection: connection(opts.queue.url),
      // One job more than analysis threads: while a job is stored (a dozen round trips to PostgreSQL) and the
      // next one fetched, the extra job is already being analysed, so the threads never wait for the database
      // or the queue (with one job per thread they idled for the write of each article, a quarter of the time
      // on a busy machine).
      concurrency: a.size + 1,
      // A worker that dies loses its lock within lockDuration; its job then goes back to the queue, up to
      // maxStalledCount times (an article that kills every worker ends in the failed set).
      lockDuration: opts.lockMs ?? 30_000,
      stalledInterval: Math.round((opts.lockMs ?? 30_000) / 2),
      maxStalledCount: 2,
    });
    worker.on('error', (e) => log.write(`herald worker: ${e.message}\n`));
    worker.on('completed', (_job, o) => {
      sum.processed++;
      if (o.added) sum.added++;
      else sum.present++;
    });
    worker.on('failed', (job, e) => {
      if (!job) return;
      const final = e instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (final) sum.failed++;
      log.write(`herald worker: ${job.data.label}: ${e.message}${final ? '' : ` (try ${job.attemptsMade} of ${job.opts.attempts}; will retry)`}\n`);
    });
    await worker.waitUntilReady();
    log.write(`herald worker: taking jobs from ${maskRedis(opts.queue.url)} queue '${opts.queue.name}' into ${store.location} with ${a.size} analysis thread${a.size === 1 ? '' : 's'}\n`);
    if (opts.signal && !opts.signal.aborted) await new Promise<void>((r) => opts.signal?.addEventListener('abort', () => r(), { once: true }));
  } finally {
    await worker?.close();
    await analyzer?.close();
    await store.close();
  }
  return sum;
}

export interface QueueStatus {
  counts: Record<string, number>;
  failed: { id: string; label: string; reason: string; attempts: number }[];
}

export async function queueStatus(target: QueueTarget, limit = 20): Promise<QueueStatus> {
  await probeRedis(target.url);
  const queue = new Queue<ArticleJob, JobOutcome>(target.name, { connection: connection(target.url) });
  queue.on('error', () => undefined);
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
    const jobs = limit > 0 ? await queue.getFailed(0, limit - 1) : [];
    return {
      counts,
      failed: jobs.map((j) => ({ id: String(j.id), label: (j.data as ArticleJob).label, reason: j.failedReason, attempts: j.attemptsMade })),
    };
  } finally {
    await queue.close();
  }
}

/** Moves every failed job back to the queue; returns how many. */
export async function retryFailed(target: QueueTarget): Promise<number> {
  await probeRedis(target.url);
  const queue = new Queue<ArticleJob, JobOutcome>(target.name, { connection: connection(target.url) });
  queue.on('error', () => undefined);
  try {
    const n = await queue.getFailedCount();
    if (n > 0) await queue.retryJobs({ state: 'failed', count: 1000 });
    return n;
  } finally {
    await queue.close();
  }
}
