/**
 * Herald's model container: one gzip file holding a JSON header (free-form metadata plus an index of arrays)
 * followed by raw little-endian typed arrays. Compact on disk, loads with one inflate and zero-copy views.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';

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

export function decodeModel(gz: Buffer, label = 'model'): ModelFile {
  let buf: Buffer;
  try {
    buf = gunzipSync(gz);
  } catch {
    throw new Error(`${label}: not a Herald model file (gzip failed); retrain it with the npm run train:* script`);
  }
  if (buf.length < 8 || buf.readUInt32LE(0) !== MAGIC) {
    throw new Error(`${label}: not a Herald model file (bad magic); retrain it with the npm run train:* script`);
  }
  const headerLen = buf.readUInt32LE(4);
  const header = JSON.parse(buf.subarray(8, 8 + headerLen).toString('utf8')) as {
    meta: Record<string, unknown>;
    arrays: ArrayIndexEntry[];
  };
  const base = (8 + headerLen + 7) & ~7;
  // Copy into a fresh aligned ArrayBuffer so typed-array views are valid whatever Buffer's pool offset is.
  const body = new ArrayBuffer(buf.length - base);
  new Uint8Array(body).set(buf.subarray(base));
  const arrays: Record<string, StoredArray> = {};
  for (const e of header.arrays) arrays[e.name] = new CTORS[e.type](body, e.offset, e.length);
  return { meta: header.meta, arrays };
}

export function saveModel(path: string, model: ModelFile): number {
  mkdirSync(dirname(path), { recursive: true });
  const bytes = encodeModel(model);
  writeFileSync(path, bytes);
  return bytes.length;
}

export function loadModel(path: string): ModelFile {
  let gz: Buffer;
  try {
    gz = readFileSync(path);
  } catch {
    throw new Error(`model file ${path} is missing; run the matching npm run train:* script or restore it from git`);
  }
  return decodeModel(gz, path);
}
