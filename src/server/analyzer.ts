/**
 * The server's analyzer: the pipeline loaded once, lazily (on the first text to analyse), on a worker thread
 * so that a long article does not stall the other requests. A pipeline that cannot load (models missing)
 * answers 503 with its own message, and is tried again on the next request: models may land meanwhile.
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
}

export class LazyAnalyzer {
  private analyzer: Analyzer | undefined;
  private loading: Promise<Analyzer> | undefined;
  private pending = 0;
  private readonly maxPending: number;

  constructor(private readonly opts: LazyAnalyzerOptions = {}) {
    this.maxPending = opts.maxPending ?? 8;
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

  async analyze(text: string, meta: DocMeta): Promise<Result> {
    if (this.pending >= this.maxPending) {
      throw new HttpError(503, `the analyzer is busy with ${this.pending} texts; try again in a moment`, { 'Retry-After': '2' });
    }
    this.pending++;
    try {
      const a = await this.load();
      try {
        return await a.analyze(text, meta);
      } catch (e) {
        if (e instanceof HeraldError) {
          // The pool itself gave up (a pipeline that keeps crashing): start afresh on the next request.
          if (this.analyzer === a) this.analyzer = undefined;
          await a.close().catch(() => undefined);
          throw new HttpError(503, `the analyzer stopped: ${e.message}`);
        }
        throw new HttpError(500, `the analysis failed: ${(e as Error).message}`);
      }
    } finally {
      this.pending--;
    }
  }

  async close(): Promise<void> {
    const a = this.analyzer ?? (await this.loading?.catch(() => undefined));
    this.analyzer = undefined;
    await a?.close();
  }
}
