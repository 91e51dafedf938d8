/**
 * Transient file and gunzip buffers (issue 16): the same bytes as readFileSync and gunzipSync, whatever the size
 * (small files and kept buffers as usual, large transient ones inside an allocation beyond glibc's 32 MiB).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gunzipWhole, gzipStatedSize, readTransient } from '../../src/text/load-buffers.js';
import { tempDir } from '../helpers/temp.js';

const bytes = (n: number): Buffer => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 2654435761) >>> 24;
  return b;
};

test('readTransient reads every byte of small, large and empty files', () => {
  const dir = tempDir('herald-load-');
  for (const n of [0, 10, 300 * 1024, 3 * 1024 * 1024 + 7]) {
    const p = join(dir, `f${n}`);
    writeFileSync(p, bytes(n));
    const got = readTransient(p);
    assert.equal(got.length, n);
    assert.ok(got.equals(readFileSync(p)));
  }
  assert.throws(() => readTransient(join(dir, 'missing')), /ENOENT/);
});

test('gunzipWhole inflates to the stated size, transient or kept', () => {
  for (const n of [1, 1000, 512 * 1024, 5 * 1024 * 1024]) {
    const raw = bytes(n);
    const gz = gzipSync(raw);
    assert.equal(gzipStatedSize(gz), n);
    for (const transient of [false, true]) assert.ok(gunzipWhole(gz, transient).equals(raw), `${n} bytes, transient ${transient}`);
  }
  assert.throws(() => gunzipWhole(Buffer.from('not gzip at all, not at all'), true));
});
