/** `herald bench` on a tiny run: warm-up, then one JSON line with the measured figures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchCommand } from '../../src/cli/bench.js';

test('bench: warm-up over the distinct articles, then docs/s, tokens/s and peak RSS as JSON', async () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]): void => void lines.push(a.join(' '));
  let code: number;
  try {
    code = await benchCommand.run(['--docs', '3', '--workers', '1', '--no-baseline']);
  } finally {
    console.log = log;
  }
  assert.equal(code, 0);
  const out = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
  assert.equal(out.docs, 3);
  assert.equal(out.warmup_docs, 3);
  assert.equal(out.failed, 0);
  assert.equal(out.baseline_ratio, null);
  assert.ok((out.docs_per_sec as number) > 0 && (out.peak_rss_mb as number) > 0);
});

test('scaling exponent: the least-squares slope of log time over log length', async () => {
  const { scalingExponent } = await import('../../bench/scaling.js');
  const pts = (k: number): { x: number; y: number }[] => [1, 4, 16].map((m) => ({ x: 1000 * m, y: 7 * (1000 * m) ** k }));
  assert.equal(Math.round(scalingExponent(pts(1)) * 1e9) / 1e9, 1);
  assert.equal(Math.round(scalingExponent(pts(2)) * 1e9) / 1e9, 2);
  // 8 / 31 / 112 s for 16k / 32k / 64k sentences (issue 14): about 1.9
  assert.equal(Math.round(scalingExponent([{ x: 16, y: 8 }, { x: 32, y: 31 }, { x: 64, y: 112 }]) * 100) / 100, 1.9);
  assert.ok(Number.isNaN(scalingExponent([{ x: 1, y: 0 }, { x: 2, y: 1 }])));
  assert.ok(Number.isNaN(scalingExponent([{ x: 3, y: 1 }, { x: 3, y: 2 }])));
});

test('scaling measurement: the text repeated per multiplier, timed stage by stage', async () => {
  const { measureScaling, STAGES } = await import('../../bench/scaling.js');
  const { loadResources } = await import('../../src/pipeline/analyze.js');
  const r = measureScaling(loadResources(), 'Obama spoke. '.repeat(3), { published: '2017-02-21' }, [1, 2], () => 1);
  assert.deepEqual(r.points.map((p) => [p.multiplier, p.chars, p.events]), [[1, 39, 0], [2, 78, 0]]);
  for (const p of r.points) assert.deepEqual(Object.keys(p.stages), [...STAGES]);
  assert.deepEqual(Object.keys(r.stages), [...STAGES]);
  assert.ok(Number.isFinite(r.exponent));
});
