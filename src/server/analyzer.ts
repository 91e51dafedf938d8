/**
 * The server's analyzer: the pipeline loaded once, lazily (on the first text to analyse), on a worker thread
 * so that a long article does not stall the other requests. A pipeline that cannot load (models missing)
 * answers 503 with its own message, and is tried again on the next request: models may land meanwhile.
 *
 * Each text has a budget (issue 14): at most `maxChars` characters (413 beyond, before any work) and
 * `timeoutMs` of analysis (422 beyond: the worker is stopped and replaced); a request whose client goes away
 * cancels its analysis the same way (`signal`). Defaults no news article meets: 1,000,000 characters (news
 * articles are < 200 KB) and 30 s (an article takes well under a second).
 */
import type { DocMeta } from '../doc/doc.js';
import type { Result } from '../pipeline/result.js';
import { createAnalyzer, type Analyzer } from '../pipeline/workers.js';
import { HeraldError } from '../text/errors.js';
import { HttpError } from './http.js';

export interface LazyAnalyzerOptions {
  /** Module exporting createPipeline() (default: the shipped pipeline, or HERALD_PIPELINE_MODULE). */
  pipelineModule?: string;
  /** Worker threads (default 1; 0 analyses on the server's thread). */
  workers?: number;
  /** Texts analysed or waiting at once before new ones get a 503 (default 8). */
  maxPending?: number;
  /** Longest text analysed, in characters (default DEFAULT_MAX_CHARS). */
  maxChars?: number;
  /** Time budget of one analysis, waiting for a worker included (not the first model load), in milliseconds (default DEFAULT_TIMEOUT_MS). */
  timeoutMs?: number;
}

export const DEFAULT_MAX_CHARS = 1_000_000;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Why an analysis was cancelled: its client went away (nothing to answer). */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGone';
  }
}

class OverBudget extends Error {}

const seconds = (ms: number): string => `${+(ms / 1000).toFixed(1)} s`;

export class LazyAnalyzer {
  private analyzer: Analyzer | undefined;
  private loading: Promise<Analyzer> | undefined;
  private pending = 0;
  private readonly maxPending: number;
  readonly maxChars: number;
  readonly timeoutMs: number;

  constructor(private readonly opts: LazyAnalyzerOptions = {}) {
    this.maxPending = opts.maxPending ?? 8;
    this.maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  private load(): Promise<Analyzer> {
    if (this.analyzer) return Promise.resolve(this.analyzer);
    this.loading ??= (async () => {
      const a = createAnalyzer({
        workers: this.opts.workers ?? 1,
        pipelineModule: this.opts.pipelineModule,
        resultOptions: { text: true, tokens: false },
      });
      try {
        await a.ready();
      } catch (e) {
        await a.close().catch(() => undefined);
        throw new HttpError(503, `the analyzer cannot start: ${(e as Error).message}`);
      }
      this.analyzer = a;
      return a;
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /**
   * Analyses one text within the budget. `signal` (the client's connection) cancels it; a cancelled analysis
   * rejects with ClientGone.
   */
  async analyze(text: string, meta: DocMeta, signal?: AbortSignal): Promise<Result> {
    if (text.length > this.maxChars) {
      throw new HttpError(
        413,
        `the text has ${text.length.toLocaleString('en-US')} characters, more than the ${this.maxChars.toLocaleString('en-US')} one analysis accepts; send one article at a time (the server's --max-text sets the limit)`,
      );
    }
    if (this.pending >= this.maxPending) {
      throw new HttpError(503, `the analyzer is busy with ${this.pending} texts; try again in a moment`, { 'Retry-After': '2' });
    }
    this.pending++;
    const budget = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const gone = (): void => budget.abort(new ClientGone());
    if (signal?.aborted) gone();
    signal?.addEventListener('abort', gone, { once: true });
    try {
      const a = await this.load();
      // The budget starts once the models are loaded (the first request waits for them).
      timer = setTimeout(() => budget.abort(new OverBudget()), this.timeoutMs);
      try {
        return await a.analyze(text, meta, { signal: budget.signal });
      } catch (e) {
        if (e instanceof ClientGone) throw e;
        if (e instanceof OverBudget) {
          throw new HttpError(
            422,
            `the analysis took longer than its ${seconds(this.timeoutMs)} budget and was stopped; send a shorter text (the server's --analyze-timeout sets the budget)`,
          );
        }
        if (e instanceof HeraldError) {
          // The pool itself gave up (a pipeline that keeps crashing): start afresh on the next request.
          if (this.analyzer === a) this.analyzer = undefined;
          await a.close().catch(() => undefined);
          throw new HttpError(503, `the analyzer stopped: ${e.message}`);
        }
        throw new HttpError(500, `the analysis failed: ${(e as Error).message}`);
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', gone);
      this.pending--;
    }
  }

  async close(): Promise<void> {
    const a = this.analyzer ?? (await this.loading?.catch(() => undefined));
    this.analyzer = undefined;
    await a?.close();
  }
}
