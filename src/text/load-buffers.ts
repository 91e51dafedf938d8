/**
 * Reading and gunzipping files whose buffers are dropped once parsed (model containers, gzipped dictionaries),
 * in buffers that do not raise glibc malloc's thresholds for the rest of the process (issue 16).
 *
 * glibc serves a block of at least its mmap threshold (128 KiB at start) with a mapping of its own and unmaps it
 * when freed, but freeing such a block of up to 32 MiB raises the threshold to its size and the trim threshold
 * (how much free memory at the top of a malloc arena is kept resident) to twice that, for good. Loading the
 * shared NER container freed its 4.4 MB file buffer and its 8.2 MB inflated buffer: every thread's arena then kept
 * up to 16 MB of freed memory. V8's background threads (GC, compilers) each held ~11 MB that way with ~0.2 MB in
 * use (malloc_stats at the end of `herald bench --workers 2 --profile accurate`; ~42 MB in four arenas).
 *
 * A buffer whose allocation is above 32 MiB never moves the thresholds, and only the pages written become
 * resident: these helpers give a transient file or inflated body such an allocation (address space, not memory).
 * Elsewhere than glibc a large allocation is as cheap; only the address space is reserved.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Above glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit (32 MiB), the most its dynamic threshold can learn. */
const SPAN = 33 * 1024 * 1024;
/** Below this a buffer is left to malloc as usual: it can move the thresholds by that much at most. */
const SMALL = 256 * 1024;

const needsSpan = (bytes: number): boolean => bytes >= SMALL && bytes < SPAN;

/** The whole file, in a buffer meant to be dropped after parsing (see above); throws as readFileSync does. */
export function readTransient(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (!needsSpan(size)) return readFileSync(fd);
    const buf = Buffer.allocUnsafeSlow(SPAN);
    let n = 0;
    for (let r; n < size && (r = readSync(fd, buf, n, size - n, null)) > 0; ) n += r;
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The size a gzip member states in its trailer (modulo 2^32), or 0 when `gz` is too short to have one. */
export function gzipStatedSize(gz: Uint8Array): number {
  return gz.length >= 18 ? new DataView(gz.buffer, gz.byteOffset, gz.byteLength).getUint32(gz.length - 4, true) : 0;
}

/**
 * Gunzips into one buffer of the final size (the trailer states it), not chunks joined by a copy. `transient`:
 * the result is dropped after parsing, so a large one gets an allocation that leaves malloc's thresholds alone
 * (see above); a buffer kept for the process's life gets its exact size, since it is never freed.
 */
export function gunzipWhole(gz: Uint8Array, transient: boolean): Buffer {
  const size = gzipStatedSize(gz);
  if (size <= 0 || size >= 1 << 30) return gunzipSync(gz);
  return gunzipSync(gz, { chunkSize: transient && needsSpan(size + 1) ? SPAN : Math.max(64, size + 1) });
}
