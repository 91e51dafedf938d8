/** The learned event confidence (src/events/confidence.ts): shipped, a probability, and it ranks what was learned. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventConfidenceModel, confidenceFeatures, type ConfidenceInput } from '../../src/events/confidence.js';
import { createPipeline } from '../../src/pipeline/analyze.js';

const model = EventConfidenceModel.default();
const base: ConfidenceInput = { via: 'verb', code: '112', hasSource: true, hasTarget: true, anaphora: false, quote: 'none', learned: 'none', modality: 'act' };

test('the shipped confidence model gives probabilities', () => {
  assert.ok(model, 'models/event-confidence.json is shipped');
  const p = model.probability(confidenceFeatures(base));
  assert.ok(p > 0 && p < 1);
});

test('an accusation with both actors outside quotes is surer than the same verb with its source only, inside a direct quote', () => {
  const sure = model!.probability(confidenceFeatures(base));
  const unsure = model!.probability(confidenceFeatures({ ...base, hasTarget: false, quote: 'direct' }));
  assert.ok(sure > unsure, `${sure} > ${unsure}`);
});

test('events of whole stories carry the learned confidence', () => {
  const r = createPipeline().analyze('Iran accused Israel on Tuesday of attacking its embassy in Damascus.', { published: '2024-04-02' });
  const e = r.events.find((x) => x.cameo.root === '11');
  assert.ok(e);
  // (the one sentence is the story's first: the headline; both actors are named entities of two countries)
  const expected = model!.probability(
    confidenceFeatures({ ...base, code: e.cameo.code, via: e.via, modality: e.modality, lemma: 'accuse', sourceVia: 'entity', targetVia: 'entity', headline: true, sameCountry: false }),
  );
  assert.equal(e.confidence, Math.round(Math.min(0.95, Math.max(0.05, expected)) * 100) / 100);
});
