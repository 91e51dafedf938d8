/**
 * Herald's model container: one gzip file holding a JSON header (free-form metadata plus an index of arrays)
 * followed by raw little-endian typed arrays. Compact on disk, loads with one inflate and zero-copy views.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gunzipWhole, readTransient } from '../text/load-buffers.js';

export type StoredArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

const CTORS = {
  Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
} as const;
type CtorName = keyof typeof CTORS;

interface ArrayIndexEntry {
  name: string;
  type: CtorName;
  length: number;
  offset: number;
}

export interface ModelFile {
  meta: Record<string, unknown>;
  arrays: Record<string, StoredArray>;
}

const MAGIC = 0x444c5248; // "HRLD"

export function encodeModel(model: ModelFile): Buffer {
  const index: ArrayIndexEntry[] = [];
  let offset = 0;
  for (const [name, arr] of Object.entries(model.arrays)) {
    offset = (offset + 7) & ~7;
    index.push({ name, type: arr.constructor.name as CtorName, length: arr.length, offset });
    offset += arr.byteLength;
  }
  const header = Buffer.from(JSON.stringify({ meta: model.meta, arrays: index }), 'utf8');
  const headerBytes = (8 + header.length + 7) & ~7;
  const buf = Buffer.alloc(headerBytes + offset);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(header.length, 4);
  header.copy(buf, 8);
  for (const e of index) {
    const arr = model.arrays[e.name];
    Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).copy(buf, headerBytes + e.offset);
  }
  return gzipSync(buf, { level: 9 });
}

/** Parses the header of an inflated container; returns it and where the array bodies start. */
function parseHeader(buf: Uint8Array, label: string): { meta: Record<string, unknown>; arrays: ArrayIndexEntry[]; base: number } {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 8 || dv.getUint32(0, true) !== MAGIC) {
    throw new Error(`${label}: not a Herald model file (bad magic); retrain it with the npm run train:* script`);
  }
  const headerLen = dv.getUint32(4, true);
  const header = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + 8, headerLen).toString('utf8')) as {
    meta: Record<string, unknown>;
    arrays: ArrayIndexEntry[];
  };
  return { ...header, base: (8 + headerLen + 7) & ~7 };
}

/** Gunzips the container; `transient`: its buffer is dropped once decoded (see gunzipWhole). */
function inflate(gz: Uint8Array, label: string, transient: boolean): Buffer {
  try {
    return gunzipWhole(gz, transient);
  } catch {
    throw new Error(`${label}: not a Herald model file (gzip failed); retrain it with the npm run train:* script`);
  }
}

/**
 * Views of every array over one inflated buffer: no per-array copies. The inflated buffer is used in place
 * when its body is 8-byte aligned (the usual case: zlib returns a buffer of its own); otherwise, or when
 * `shared`, the body is copied once into a fresh (Shared)ArrayBuffer.
 */
export function decodeModel(gz: Buffer, label = 'model', shared = false): ModelFile {
  // when shared, the body is copied out and the inflated buffer dropped
  const buf = inflate(gz, label, shared);
  const { meta, arrays: index, base } = parseHeader(buf, label);
  let body: ArrayBufferLike;
  let at: number;
  if (!shared && (buf.byteOffset + base) % 8 === 0 && !(buf.buffer instanceof SharedArrayBuffer)) {
    body = buf.buffer;
    at = buf.byteOffset + base;
  } else {
    body = shared ? new SharedArrayBuffer(buf.length - base) : new ArrayBuffer(buf.length - base);
    new Uint8Array(body).set(buf.subarray(base));
    at = 0;
  }
  const arrays: Record<string, StoredArray> = {};
  // (typed as ArrayBuffer: the views work the same over a SharedArrayBuffer)
  for (const e of index) arrays[e.name] = new CTORS[e.type](body as ArrayBuffer, at + e.offset, e.length);
  return { meta, arrays };
}

export function saveModel(path: string, model: ModelFile): number {
  mkdirSync(dirname(path), { recursive: true });
  const bytes = encodeModel(model);
  writeFileSync(path, bytes);
  return bytes.length;
}

export function loadModel(path: string): ModelFile {
  const hit = sharing?.files.get(path);
  if (hit) return hit;
  let gz: Buffer;
  try {
    gz = readTransient(path);
  } catch {
    throw new Error(`model file ${path} is missing; run the matching npm run train:* script or restore it from git`);
  }
  const model = decodeModel(gz, path, sharing?.recording === true);
  if (sharing?.recording) sharing.files.set(path, model);
  return model;
}

// ---------------------------------------------------------------------------------------------------------------
// Sharing models between threads
// ---------------------------------------------------------------------------------------------------------------

/**
 * Model arrays in shared memory, built once (usually on the main thread) and handed to worker threads in
 * `workerData`: the decoded model files by path, and arrays derived from them (scorer tables), keyed by the
 * stored array they were derived from and a name. Structured cloning keeps object identity within one
 * message, so a worker finds a derived table by the very array object its `loadModel` returned.
 */
export interface SharedModels {
  files: Map<string, ModelFile>;
  derived: Map<object, Map<string, Record<string, StoredArray>>>;
}

let sharing: (SharedModels & { recording: boolean }) | undefined;

/**
 * Runs `load` (which loads models with `loadModel` and builds their tables with `derivedArrays`) and returns
 * everything it loaded or derived, in SharedArrayBuffers. The objects `load` builds are meant to be dropped:
 * a thread that installs the result with `useSharedModels` rebuilds them over the shared arrays.
 */
export function shareModels(load: () => void): SharedModels {
  const prev = sharing;
  const rec = { files: new Map<string, ModelFile>(), derived: new Map<object, Map<string, Record<string, StoredArray>>>(), recording: true };
  sharing = rec;
  try {
    load();
  } finally {
    sharing = prev;
  }
  return { files: rec.files, derived: rec.derived };
}

/**
 * A model that `build` makes from files other than a Herald container (the neural core's word index), shared as
 * `loadModel`'s are: moved into shared memory while `shareModels` records, answered from it where
 * `useSharedModels` installed it, else built here. `key` names it among the shared files (e.g. its source path).
 */
export function sharedModel(key: string, build: () => ModelFile): ModelFile {
  const hit = sharing?.files.get(key);
  if (hit) return hit;
  const model = build();
  if (!sharing?.recording) return model;
  const out: ModelFile = { meta: model.meta, arrays: {} };
  for (const [k, v] of Object.entries(model.arrays)) out.arrays[k] = toShared(v);
  sharing.files.set(key, out);
  return out;
}

/** Makes `loadModel` and `derivedArrays` answer from `shared` (in a worker thread, before loading models). */
export function useSharedModels(shared: SharedModels | undefined): void {
  sharing = shared ? { ...shared, recording: false } : undefined;
}

type StoredArrayCtor<T extends StoredArray> = { new (length: number): T; new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

/**
 * A zeroed array for a table that `derivedArrays` or `sharedModel` may share: while `shareModels` records, already
 * in shared memory, so that sharing it needs no copy whose original is then freed. Freeing large blocks is what
 * raises glibc's mmap and trim thresholds for the whole process (src/text/load-buffers.ts): the NER and quote
 * scorers' 2 MB tables, copied and dropped, left the trim threshold at 4.2 MB instead of ~1 MB.
 */
export function newModelArray<T extends StoredArray>(Ctor: StoredArrayCtor<T>, length: number): T {
  return sharing?.recording ? new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT)) : new Ctor(length);
}

function toShared<T extends StoredArray>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/**
 * Arrays computed from a loaded model array `base` (e.g. a scorer's hash table): built by `build` as usual,
 * except while `shareModels` records (then moved into shared memory and remembered) or when a shared copy
 * was installed with `useSharedModels` (then returned without building).
 */
export function derivedArrays<T extends Record<string, StoredArray>>(base: StoredArray, name: string, build: () => T): T {
  if (!sharing) return build();
  const hit = sharing.derived.get(base)?.get(name);
  if (hit) return hit as T;
  if (!sharing.recording) return build();
  const built = build();
  const out: Record<string, StoredArray> = {};
  for (const [k, v] of Object.entries(built)) out[k] = toShared(v);
  let m = sharing.derived.get(base);
  if (!m) sharing.derived.set(base, (m = new Map()));
  m.set(name, out);
  return out as T;
}
