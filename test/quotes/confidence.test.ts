/**
 * Quote confidence end to end: reported speech only in `quotes` (the broader PolNeAR-style attributions kept
 * apart), and `--min-confidence` through the store's quote query.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPipeline } from '../../src/pipeline/analyze.js';
import { attributionsOf } from '../../src/quotes/stage.js';
import { openStore } from '../../src/store/open.js';

const pipeline = createPipeline();

test('a stance or intention is an attribution in the broad sense, not a quote', () => {
  const doc = pipeline.analyzeDoc('Hillary Clinton wants to triple the size of the AmeriCorps program. Her spokesman said the plan was affordable.');
  assert.deepEqual((doc.quotes ?? []).map((q) => q.text), ['the plan was affordable']);
  const broad = attributionsOf(doc.quotes ?? []);
  assert.ok(broad.some((q) => q.text.startsWith('to triple the size')), broad.map((q) => q.text).join(' | '));
});

test('the store filters quotes by confidence', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-conf-'));
  try {
    const store = openStore(join(dir, 'h.db'));
    const text = 'Foreign Minister Klaus Kinkel said on Friday that Israel must stop building settlements.\n\n"It is an obstacle to peace."';
    const r = pipeline.analyze(text, { published: '1996-08-30' });
    await store.add(r);
    const all = await store.quotes({});
    assert.ok(all.length >= 1);
    const cut = Math.max(...all.map((q) => q.confidence ?? 0));
    const high = await store.quotes({ minConfidence: cut });
    assert.ok(high.length >= 1 && high.every((q) => (q.confidence ?? 0) >= cut));
    assert.equal((await store.quotes({ minConfidence: 1 })).length, all.filter((q) => q.confidence === 1).length);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
