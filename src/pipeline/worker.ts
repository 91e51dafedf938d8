/**
 * One analysis worker thread: loads the pipeline (and so its models) once, then answers
 * `{id, text, meta}` messages with `{type: 'result', id, result}` or `{type: 'error', id, message}`.
 * A pipeline that cannot load is reported once as `{type: 'fatal', message}`.
 */
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { DocMeta } from '../doc/doc.js';
import { useSharedModels, type SharedModels } from '../nlp/model-file.js';
import type { ResultOptions } from './result.js';

interface WorkerInput {
  pipelineModule: string;
  resultOptions: ResultOptions;
  /** Load the models into shared memory first and post them (`{type: 'shared'}`) for the other workers. */
  share?: boolean;
  /** Model arrays loaded once by another worker, in shared memory. */
  shared?: SharedModels;
}

interface PipelineLike {
  analyze(text: string, meta?: DocMeta, opts?: ResultOptions): unknown;
}

const port = parentPort;
if (!port) throw new Error('src/pipeline/worker.ts runs as a worker thread only');
// Old space grows by 10% of the live heap between full collections instead of V8's adaptive 1.1-4x: the
// pipeline's live heap (~80 MB per worker: KB, lexicons, caches) is steady, and growth beyond it is garbage that
// counts towards the process's resident memory (issue #6; 2-worker bench peak ~476-482 MB instead of 476-502
// with 25%, for ~3% more CPU). V8 flags are per process; this one only sets how far heaps grow before a full GC.
setFlagsFromString('--heap-growing-percent=10');
const { pipelineModule, resultOptions, share, shared } = workerData as WorkerInput;
useSharedModels(shared);

let pipeline: PipelineLike | undefined;
try {
  const mod = (await import(pipelineModule)) as {
    createPipeline(): PipelineLike | Promise<PipelineLike>;
    shareResources?: () => SharedModels;
  };
  if (share) {
    let loaded: SharedModels | undefined;
    try {
      loaded = mod.shareResources?.();
    } catch {
      // Each worker then loads (and reports) its own models.
    }
    useSharedModels(loaded);
    port.postMessage({ type: 'shared', shared: loaded });
  }
  pipeline = await mod.createPipeline();
  port.postMessage({ type: 'ready' });
} catch (e) {
  port.postMessage({ type: 'fatal', message: (e as Error).message ?? String(e), stack: (e as Error).stack });
}

if (pipeline) {
  const p = pipeline;
  port.on('message', (msg: { id: number; text: string; meta?: DocMeta }) => {
    try {
      port.postMessage({ type: 'result', id: msg.id, result: p.analyze(msg.text, msg.meta, resultOptions) });
    } catch (e) {
      port.postMessage({ type: 'error', id: msg.id, message: (e as Error).message ?? String(e) });
    }
  });
}
