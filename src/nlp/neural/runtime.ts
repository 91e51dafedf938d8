/**
 * The ONNX runtime for the accurate profile: `onnxruntime-node`, an optional dependency (its CPU library ships
 * inside the npm package; `.npmrc` skips its install script, which would only fetch GPU libraries).
 *
 * Herald's pipeline is synchronous, so sessions are driven through the package's native binding, whose
 * `loadModel` (from a file path) and `run` are synchronous; the package's public `InferenceSession` only wraps
 * them in promises. The binding is internal API, hence the exact version pin in package.json.
 */
import { createRequire } from 'node:module';
import { HeraldError } from '../../text/errors.js';

export interface OrtTensor {
  readonly data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
  readonly dims: readonly number[];
  readonly type: string;
}

interface OrtTensorConstructor {
  new (type: 'int64', data: BigInt64Array, dims: readonly number[]): OrtTensor;
  new (type: 'int32', data: Int32Array, dims: readonly number[]): OrtTensor;
  new (type: 'float32', data: Float32Array, dims: readonly number[]): OrtTensor;
  new (type: 'uint8', data: Uint8Array, dims: readonly number[]): OrtTensor;
}

export interface OrtSession {
  run(feeds: Record<string, OrtTensor>, fetches: Record<string, null>, options: object): Record<string, OrtTensor>;
  dispose(): void;
}

interface OrtBinding {
  binding: { InferenceSession: new () => OrtSession & { loadModel(path: string, options: object): unknown } };
  initOrt(): void;
}

export interface OrtRuntime {
  Tensor: OrtTensorConstructor;
  /** Loads a model from a file, synchronously, for this thread: one CPU thread, sequential execution, an arena. */
  load(path: string): OrtSession;
}

export const RUNTIME_FIX =
  'the accurate profile needs the optional package onnxruntime-node: run `npm install` (or ' +
  '`npm install --no-save onnxruntime-node@1.31.1`) in the Herald folder, or use --profile fast';

let runtime: OrtRuntime | null | undefined;

/** The runtime, or null when onnxruntime-node is not installed (or cannot load on this platform). */
export function ortRuntime(): OrtRuntime | null {
  if (runtime !== undefined) return runtime;
  try {
    const require = createRequire(import.meta.url);
    const b = require('onnxruntime-node/dist/binding.js') as OrtBinding;
    const common = require('onnxruntime-common') as { Tensor: OrtTensorConstructor };
    b.initOrt();
    runtime = {
      Tensor: common.Tensor,
      load(path: string): OrtSession {
        const s = new b.binding.InferenceSession();
        // synchronous for a file path; the returned promise only reports completion
        const done = s.loadModel(path, {
          intraOpNumThreads: 1,
          interOpNumThreads: 1,
          executionMode: 'sequential',
          graphOptimizationLevel: 'all',
          // ONNX Runtime's arena: with batches of at most 256 positions its high-water mark is lower than what
          // glibc keeps of the same tensors freed and reallocated every run (herald bench, 2 workers: peak RSS
          // 470-478 MB with it, 482-489 without, 4 runs each alternated; speed the same)
          enableCpuMemArena: true,
          enableMemPattern: false,
        }) as Promise<void> | undefined;
        done?.catch?.(() => {});
        return s;
      },
    };
  } catch {
    runtime = null;
  }
  return runtime;
}

/** The runtime, or a HeraldError naming the fix. */
export function requireOrtRuntime(): OrtRuntime {
  const r = ortRuntime();
  if (!r) throw new HeraldError(`herald: ${RUNTIME_FIX}`);
  return r;
}
