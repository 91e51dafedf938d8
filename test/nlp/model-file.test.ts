import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  decodeModel, derivedArrays, encodeModel, loadModel, saveModel, shareModels, useSharedModels, type SharedModels,
} from '../../src/nlp/model-file.js';
import { LinearModel } from '../../src/nlp/linear/model.js';
import { PerceptronTrainer } from '../../src/nlp/linear/trainer.js';

/** A small trained model: 40 features, 5 classes. */
function trained(): LinearModel {
  const t = new PerceptronTrainer(5);
  const keys = new Int32Array(3);
  for (let i = 0; i < 400; i++) {
    keys[0] = 1 + (i % 40);
    keys[1] = 100 + (i % 7);
    keys[2] = 1000 + ((i * 13) % 11);
    t.tick();
    t.update(keys, 3, i % 5, 1);
    t.update(keys, 3, (i * 3) % 5, -1);
  }
  return t.finalize();
}

test('encode/decode: arrays come back as views with the same contents', () => {
  const arrays = { a: Int32Array.of(1, -2, 3), b: Uint8Array.of(9), c: Float64Array.of(0.5, -1e300), d: Int16Array.of(-7, 7) };
  const m = decodeModel(encodeModel({ meta: { x: 1 }, arrays }));
  assert.deepEqual(m.meta, { x: 1 });
  for (const [k, v] of Object.entries(arrays)) {
    assert.equal(m.arrays[k].constructor, v.constructor);
    assert.deepEqual([...m.arrays[k]], [...v]);
  }
  // one body for all arrays
  assert.equal(m.arrays.a.buffer, m.arrays.c.buffer);
  const s = decodeModel(encodeModel({ meta: {}, arrays }), 'm', true);
  assert.ok(s.arrays.a.buffer instanceof SharedArrayBuffer);
  assert.deepEqual([...s.arrays.c], [...arrays.c]);
});

test('a model read from its file scores exactly as the model in memory (float32 weights from int16)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-mf-'));
  try {
    const m = trained();
    const { arrays, meta } = m.toArrays('m');
    saveModel(join(dir, 'm.bin.gz'), { meta, arrays });
    const file = loadModel(join(dir, 'm.bin.gz'));
    const loaded = LinearModel.fromArrays('m', file.arrays, file.meta);
    // what fromArrays used to build: float32 copies of the dequantised weights
    const q = file.arrays['m.val'] as Int16Array;
    const scale = file.meta['m.scale'] as number;
    const old = new LinearModel(5, loaded.keys, loaded.ptr, Uint16Array.from(file.arrays['m.cls']), Float32Array.from(q, (x) => x * scale));
    assert.deepEqual([...loaded.val], [...old.val]);
    assert.deepEqual([...loaded.cls], [...old.cls]);
    const keys = Int32Array.of(3, 101, 1005, 77777, 40);
    for (const Out of [Float64Array, Float32Array]) {
      const a = new Out(5);
      const b = new Out(5);
      loaded.score(keys, keys.length, a);
      old.score(keys, keys.length, b);
      assert.deepEqual([...a], [...b]);
      assert.ok(a.some((x) => x !== 0));
    }
    // and saving it again gives the same file arrays
    const again = loaded.toArrays('m');
    assert.deepEqual([...(again.arrays['m.val'] as Int16Array)], [...q]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('shareModels: files and derived tables in shared memory, found again through useSharedModels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-mf-'));
  try {
    const path = join(dir, 'm.bin.gz');
    const m = trained();
    saveModel(path, { meta: m.toArrays('m').meta, arrays: m.toArrays('m').arrays });
    let builds = 0;
    const build = (keys: Int32Array): { twice: Int32Array } => {
      builds++;
      return { twice: Int32Array.from(keys, (k) => 2 * k) };
    };
    const shared: SharedModels = shareModels(() => {
      const f = loadModel(path);
      derivedArrays(f.arrays['m.keys'], 'twice', () => build(f.arrays['m.keys'] as Int32Array));
      LinearModel.fromArrays('m', f.arrays, f.meta).prepare();
    });
    assert.equal(builds, 1);
    const f = shared.files.get(path);
    assert.ok(f && f.arrays['m.keys'].buffer instanceof SharedArrayBuffer);
    const d = shared.derived.get(f.arrays['m.keys']);
    assert.ok(d?.get('twice')?.twice.buffer instanceof SharedArrayBuffer);
    assert.ok(d?.get('LinearModel.table'));
    // outside sharing: loads and builds as usual
    const own = loadModel(path);
    assert.notEqual(own, f);
    useSharedModels(shared);
    try {
      assert.equal(loadModel(path), f);
      const t = derivedArrays(f.arrays['m.keys'], 'twice', () => build(f.arrays['m.keys'] as Int32Array));
      assert.equal(builds, 1);
      assert.equal(t, d?.get('twice'));
      const a = new Float64Array(5);
      const b = new Float64Array(5);
      LinearModel.fromArrays('m', f.arrays, f.meta).score(Int32Array.of(1, 100, 1000), 3, a);
      LinearModel.fromArrays('m', own.arrays, own.meta).score(Int32Array.of(1, 100, 1000), 3, b);
      assert.deepEqual([...a], [...b]);
    } finally {
      useSharedModels(undefined);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('shared models cross to a worker thread without copying, derived tables still found by their array', async () => {
  const shared = shareModels(() => {
    const arrays = { k: Int32Array.of(5, 6, 7) };
    const f = decodeModel(encodeModel({ meta: {}, arrays }), 'x', true);
    derivedArrays(f.arrays.k, 'plus', () => ({ p: Int32Array.from(f.arrays.k as Int32Array, (x) => x + 1) }));
  });
  const [entry] = [...shared.derived.entries()];
  const base = entry[0] as Int32Array;
  const w = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const d = workerData.derived;
     const base = workerData.base;
     const plus = d.get(base).get('plus').p;
     plus[0] = 42;
     parentPort.postMessage(d.has(base));`,
    { eval: true, workerData: { derived: shared.derived, base } },
  );
  const found = await new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  await w.terminate();
  assert.equal(found, true);
  // the worker wrote into the same memory
  assert.equal(shared.derived.get(base)?.get('plus')?.p[0], 42);
});
