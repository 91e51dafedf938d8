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
