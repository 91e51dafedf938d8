import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluateAttribution, normalizeSpan, overlapRatio } from '../../src/quotes/eval-attribution.js';
import { readPolnearDir } from '../../src/quotes/polnear.js';
import type { Quote } from '../../src/quotes/stage.js';

const DIR = fileURLToPath(new URL('../fixtures/quotes/polnear', import.meta.url));

test('reads BRAT standoff and uses the first annotator file in sorted order', () => {
  const docs = readPolnearDir(DIR);
  assert.equal(docs.length, 1);
  const d = docs[0];
  assert.equal(d.annFile, 'city-plan_aaaa.ann');
  assert.equal(d.annotatorFiles, 2);
  assert.equal(d.attributions.length, 2);
  const a = d.attributions[1];
  assert.equal(a.source?.text, 'she');
  assert.equal(a.cue?.text, 'said');
  assert.deepEqual(a.content[0].frags, [{ start: 31, end: 44 }]);
});

test('spans are trimmed of whitespace and quote marks; overlap is shared chars over the longer span', () => {
  const text = 'x “It is done,” y';
  assert.deepEqual(normalizeSpan([{ start: 2, end: 16 }], text), [{ start: 3, end: 14 }]);
  assert.equal(overlapRatio([{ start: 0, end: 10 }], [{ start: 5, end: 10 }]), 0.5);
});

test('scores exact, overlap and relation against the gold attributions', () => {
  const q = (start: number, end: number, cue: [number, number], spk: [number, number] | null): Quote => ({
    id: '', kind: 'indirect', start, end, text: '',
    cue: { start: cue[0], end: cue[1], text: '' },
    speaker: spk ? { start: spk[0], end: spk[1], text: '', entity: null, name: null } : null,
    confidence: 0.9,
  });
  // first attribution exact; second: content with a different boundary (overlap only), speaker wrong
  const quotes = [q(15, 29, [10, 14], [0, 9]), q(31, 41, [49, 53], [49, 53])];
  const s = evaluateAttribution(DIR, () => quotes, () => {});
  assert.deepEqual(s.cue, { p: 1, r: 1, f1: 1 });
  assert.equal(s.content.p, 0.5);
  assert.equal(s.content_overlap.f1, 1);
  assert.equal(s.source.r, 0.5);
  assert.equal(s.relation.p, 0.5);
  assert.equal(s.relation.r, 0.5);
});
