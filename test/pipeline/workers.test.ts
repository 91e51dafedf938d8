/** The worker pool: models loaded once into shared memory by the first worker, results as on one thread. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/nlp/paths.js';
import { createPipeline, shareResources } from '../../src/pipeline/analyze.js';
import { createAnalyzer } from '../../src/pipeline/workers.js';

const seed = readFileSync(join(packageRoot(), 'examples', 'seed-article.txt'), 'utf8');

test('shareResources: every model file and scorer table in shared memory', () => {
  const s = shareResources();
  assert.ok(s.files.size >= 5);
  for (const f of s.files.values()) for (const a of Object.values(f.arrays)) assert.ok(a.buffer instanceof SharedArrayBuffer);
  const names = new Set<string>();
  for (const m of s.derived.values()) {
    for (const [name, arrays] of m) {
      names.add(name);
      for (const a of Object.values(arrays)) assert.ok(a.buffer instanceof SharedArrayBuffer);
    }
  }
  // every NLP model's scorer (src/nlp/linear/scorer.ts: tagger, parser, NER, sentence splitter), and the key
  // tables of the models scored through LinearModel (the quote models)
  assert.deepEqual([...names].sort(), ['FrozenScorer', 'LinearModel.table']);
});

test('two workers over shared models give the results of the calling thread', async () => {
  const texts = [seed, 'TEHRAN, Feb 21, 2017 (Reuters) - Iran said on Tuesday it would respond.', '“We discussed Iran,” Netanyahu said.'];
  const pipeline = createPipeline();
  const want = texts.map((t) => pipeline.analyze(t, {}, { tokens: true }));
  const pool = createAnalyzer({ workers: 2, resultOptions: { tokens: true } });
  try {
    await pool.ready();
    const got = await Promise.all([...texts, ...texts].map((t) => pool.analyze(t)));
    assert.deepEqual(got, [...want, ...want]);
  } finally {
    await pool.close();
  }
});
