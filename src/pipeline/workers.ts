/**
 * Analysis spread over worker threads: a pool of workers that each load the pipeline's models once
 * (default one per core), and `analyzeMany`, which streams documents through the pool with a bounded number
 * in flight and yields each outcome as soon as it is ready (completion order, not input order).
 * A worker that crashes on one document fails that document only and is replaced; a pipeline that cannot
 * load at all fails the whole pool with its own message.
 */
import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DocMeta } from '../doc/doc.js';
import type { SharedModels } from '../nlp/model-file.js';
import { HeraldError } from '../text/errors.js';
import type { Result, ResultOptions } from './result.js';

export interface PoolOptions {
  /** Worker threads (default: one per core). 0 analyses on the calling thread. */
  workers?: number;
  /**
   * Module exporting `createPipeline()` (a path or file URL); default the shipped pipeline. The
   * `HERALD_PIPELINE_MODULE` environment variable sets it for the CLI (custom pipelines, tests).
   */
  pipelineModule?: string;
  resultOptions?: ResultOptions;
}

export interface AnalyzeOptions {
  /**
   * Aborting cancels the document: dropped from the queue if it waits, and the worker analysing it is stopped
   * (and replaced) if it runs; the promise rejects with the signal's reason. On the calling thread (`workers` 0)
   * only a document that has not started yet can be cancelled.
   */
  signal?: AbortSignal;
}

/** Anything that analyses one text at a time, asynchronously. */
export interface Analyzer {
  readonly size: number;
  /** Resolves once every worker has loaded its models; rejects with the loading error. */
  ready(): Promise<void>;
  analyze(text: string, meta?: DocMeta, opts?: AnalyzeOptions): Promise<Result>;
  close(): Promise<void>;
}

/** The error a cancelled document rejects with: the signal's reason when it is an Error. */
export function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new Error('the analysis was cancelled');
}

export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/**
 * A young generation of 12 MB (4 MB semi-spaces) instead of V8's default 48 MB: a document's garbage is
 * short-lived, so scavenges stay cheap, and each worker keeps ~25 MB less resident (issue #6; with the old-space
 * growth set in worker.ts, ~5-8% more CPU per document for ~60 MB less peak RSS over two workers).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 12 };

const ownExt = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

function moduleUrl(spec: string | undefined): string {
  if (!spec) return new URL(`./analyze${ownExt}`, import.meta.url).href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec) && !/^[a-z]:[\\/]/i.test(spec)) return spec;
  return pathToFileURL(isAbsolute(spec) ? spec : `${process.cwd()}/${spec}`).href;
}

/** A pool of analysis workers, or the calling thread when `workers` is 0. */
export function createAnalyzer(opts: PoolOptions = {}): Analyzer {
  const workers = opts.workers ?? defaultWorkers();
  const pipelineModule = moduleUrl(opts.pipelineModule ?? process.env.HERALD_PIPELINE_MODULE);
  const resultOptions = opts.resultOptions ?? {};
  return workers <= 0 ? new InlineAnalyzer(pipelineModule, resultOptions) : new WorkerPool(workers, pipelineModule, resultOptions);
}

interface Job {
  id: number;
  text: string;
  meta?: DocMeta;
  resolve(r: Result): void;
  reject(e: Error): void;
  /** Detaches the abort listener once the job is settled. */
  done?: () => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  lastError?: Error;
}

type FromWorker =
  | { type: 'shared'; shared?: SharedModels }
  | { type: 'ready' }
  | { type: 'result'; id: number; result: Result }
  | { type: 'error'; id: number; message: string }
  | { type: 'fatal'; message: string; stack?: string };

export class WorkerPool implements Analyzer {
  readonly size: number;
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private fatal: Error | undefined;
  private closing = false;
  private respawns = 0;
  private readyWaiters: { resolve(): void; reject(e: Error): void }[] = [];

  constructor(
    size: number,
    private readonly pipelineModule: string,
    private readonly resultOptions: ResultOptions,
  ) {
    this.size = size;
    // The first worker loads the models into shared memory (if the pipeline module can: `shareResources`)
    // and posts them back; the others start then and map them instead of loading a copy each.
    this.slots.push(this.spawn(true));
  }

  /** Model arrays in shared memory, from the first worker; given to every worker started after it. */
  private shared: SharedModels | undefined;

  private spawnRest(): void {
    if (this.closing || this.fatal) return;
    while (this.slots.length < this.size) this.slots.push(this.spawn(false));
  }

  private spawn(share: boolean): Slot {
    const entry = new URL(`./worker${ownExt}`, import.meta.url);
    const workerData = { pipelineModule: this.pipelineModule, resultOptions: this.resultOptions, share, shared: this.shared };
    // Compiled code starts the worker file directly; from TypeScript sources (tsx, tests) a one-line
    // bootstrap imports it so that the loader inherited through execArgv handles the .ts file.
    const worker =
      ownExt === '.js'
        ? new Worker(entry, { workerData, resourceLimits: WORKER_LIMITS })
        : new Worker(
            `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => t.register()).then(() => import(${JSON.stringify(entry.href)}))`,
            { eval: true, workerData, resourceLimits: WORKER_LIMITS },
          );
    const slot: Slot = { worker, ready: false, job: null };
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    worker.on('error', (e) => {
      slot.lastError = e;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
    return slot;
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    switch (msg.type) {
      case 'shared':
        this.shared = msg.shared;
        this.spawnRest();
        break;
      case 'ready':
        this.spawnRest();
        slot.ready = true;
        this.checkReady();
        this.pump();
        break;
      case 'result':
      case 'error': {
        const job = slot.job;
        slot.job = null;
        if (job && job.id === msg.id) {
          if (msg.type === 'result') job.resolve(msg.result);
          else job.reject(new Error(msg.message));
        }
        this.pump();
        break;
      }
      case 'fatal':
        this.fail(new HeraldError(msg.message));
        break;
    }
  }

  private onExit(slot: Slot, code: number): void {
    if (this.closing || this.fatal) return;
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    const why = describeExit(slot.lastError, code);
    if (!slot.ready) {
      this.fail(new HeraldError(`the analyzer could not start (${why}); run again with --workers 0 --debug for details`));
      return;
    }
    if (slot.job) {
      slot.job.reject(new Error(`the analyzer crashed on this document (${why})`));
      slot.job = null;
    }
    if (++this.respawns > 3 * this.size + 10) {
      this.fail(new HeraldError(`the analyzer keeps crashing (${why}); stopping`));
      return;
    }
    this.slots[i] = this.spawn(false);
  }

  private allReady(): boolean {
    return this.slots.length === this.size && this.slots.every((s) => s.ready);
  }

  private checkReady(): void {
    if (this.allReady()) {
      for (const w of this.readyWaiters.splice(0)) w.resolve();
    }
  }

  private fail(e: Error): void {
    if (this.fatal) return;
    this.fatal = e;
    for (const w of this.readyWaiters.splice(0)) w.reject(e);
    for (const job of this.queue.splice(0)) job.reject(e);
    for (const s of this.slots) {
      if (s.job) s.job.reject(e);
      s.job = null;
      void s.worker.terminate();
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift() as Job;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, text: job.text, meta: job.meta });
    }
  }

  ready(): Promise<void> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.allReady()) return Promise.resolve();
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  analyze(text: string, meta?: DocMeta, opts: AnalyzeOptions = {}): Promise<Result> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.closing) return Promise.reject(new Error('the analyzer pool is closed'));
    const signal = opts.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, text, meta, resolve, reject };
      if (signal) {
        const onAbort = (): void => this.cancel(job, abortReason(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        job.done = () => signal.removeEventListener('abort', onAbort);
        job.resolve = (r) => {
          job.done?.();
          resolve(r);
        };
        job.reject = (e) => {
          job.done?.();
          reject(e);
        };
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /**
   * Cancels a job: a queued one leaves the queue; a running one's worker is terminated and replaced at once
   * (a fresh worker maps the shared models; its start-up is not counted as a crash).
   */
  private cancel(job: Job, why: Error): void {
    const q = this.queue.indexOf(job);
    if (q >= 0) {
      this.queue.splice(q, 1);
      job.reject(why);
      return;
    }
    const i = this.slots.findIndex((s) => s.job === job);
    if (i < 0) return;
    const slot = this.slots[i];
    slot.job = null;
    job.reject(why);
    if (this.closing || this.fatal) return;
    this.slots[i] = this.spawn(false);
    void slot.worker.terminate();
  }

  async close(): Promise<void> {
    this.closing = true;
    const closed = new Error('the analyzer pool is closed');
    for (const job of this.queue.splice(0)) job.reject(closed);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) s.job?.reject(closed);
  }
}

function describeExit(e: Error | undefined, code: number): string {
  const c = (e as NodeJS.ErrnoException | undefined)?.code;
  if (c === 'ERR_WORKER_OUT_OF_MEMORY') return 'out of memory';
  if (e) return e.message;
  return `exit code ${code}`;
}

/** The same contract on the calling thread, for `--workers 0` and debugging. */
class InlineAnalyzer implements Analyzer {
  readonly size = 1;
  private pipeline: Promise<{ analyze(text: string, meta?: DocMeta, opts?: ResultOptions): Result }>;

  constructor(
    pipelineModule: string,
    private readonly resultOptions: ResultOptions,
  ) {
    this.pipeline = import(pipelineModule).then((m: { createPipeline(): never }) => m.createPipeline());
    this.pipeline.catch(() => undefined);
  }

  async ready(): Promise<void> {
    try {
      await this.pipeline;
    } catch (e) {
      throw e instanceof HeraldError ? e : new HeraldError((e as Error).message);
    }
  }

  async analyze(text: string, meta?: DocMeta, opts: AnalyzeOptions = {}): Promise<Result> {
    const p = await this.pipeline;
    // Let timers (progress, signals) run between documents.
    await new Promise((r) => setImmediate(r));
    if (opts.signal?.aborted) throw abortReason(opts.signal);
    return p.analyze(text, meta, this.resultOptions);
  }

  async close(): Promise<void> {}
}

export interface AnalyzeOutcome<T> {
  item: T;
  result?: Result;
  error?: Error;
}

/**
 * Streams `items` through `analyzer` with at most `inFlight` documents queued or running (default twice the
 * workers), yielding `{item, result}` or `{item, error}` as each finishes. Aborting `signal` cancels the
 * documents in flight (each then yields the signal's reason as its error); the caller stops the items.
 */
export async function* analyzeMany<T extends { text: string; meta?: DocMeta }>(
  analyzer: Analyzer,
  items: Iterable<T> | AsyncIterable<T>,
  inFlight = analyzer.size * 2,
  signal?: AbortSignal,
): AsyncGenerator<AnalyzeOutcome<T>> {
  const it: Iterator<T> | AsyncIterator<T> =
    Symbol.asyncIterator in items ? (items as AsyncIterable<T>)[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]();
  const done: AnalyzeOutcome<T>[] = [];
  let running = 0;
  let exhausted = false;
  let wake: (() => void) | null = null;
  const limit = Math.max(1, inFlight);
  try {
    for (;;) {
      while (!exhausted && running < limit) {
        const next = await it.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const item = next.value;
        running++;
        analyzer.analyze(item.text, item.meta, { signal }).then(
          (result) => done.push({ item, result }),
          (error: Error) => done.push({ item, error }),
        ).finally(() => {
          running--;
          const w = wake;
          wake = null;
          w?.();
        });
      }
      if (done.length) {
        for (const o of done.splice(0)) yield o;
        continue;
      }
      if (exhausted && running === 0) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    if (!exhausted) await it.return?.();
  }
}
