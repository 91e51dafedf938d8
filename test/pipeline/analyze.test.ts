/** The pipeline as a whole: every layer present, offsets inside the text, the dateline dating the article. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline } from '../../src/pipeline/analyze.js';

const pipeline = createPipeline();

test('a dateline dates an article that carries no publication date', () => {
  const r = pipeline.analyze('TEHRAN, Feb 21, 2017 (Reuters) - Iran said on Tuesday it would retaliate against Israel.');
  assert.equal(r.meta.published, '2017-02-21');
  assert.deepEqual(r.events.map((e) => [e.cameo.code, e.source?.actor?.code, e.target?.actor?.code]), [['138', 'IRN', 'ISR']]);
  assert.ok(r.events.every((e) => e.date === '2017-02-21'), JSON.stringify(r.events.map((e) => e.date)));
});

test('every span of every layer points into the original text', () => {
  const text = 'Prime Minister Benjamin Netanyahu met U.S. President Donald Trump in Washington on Feb. 15, 2017. “We discussed Iran,” Netanyahu said.';
  const r = pipeline.analyze(text, { published: '2017-02-16' });
  for (const e of r.entities) for (const m of e.mentions) assert.equal(text.slice(m.start, m.end), m.text);
  for (const q of r.quotes) assert.equal(text.slice(q.start, q.end), q.text);
  for (const v of r.events) assert.equal(text.slice(v.trigger.start, v.trigger.end), v.trigger.text);
  const netanyahu = r.entities.find((e) => e.name === 'Benjamin Netanyahu');
  assert.equal(netanyahu?.actor?.code, 'ISRGOV');
  assert.equal(r.quotes[0]?.speaker?.entity, netanyahu?.id);
});

test('hyphenated names stay whole: the NER model reads a tight hyphen run as one word, as in its training data', () => {
  const text = "Korea's Kim Shin-Wook was shown a yellow card. Jean-Claude Juncker said the talks would go on.";
  const r = pipeline.analyze(text, { published: '2018-06-18' });
  const people = r.entities.filter((e) => e.type === 'PERSON').map((e) => e.mentions.map((m) => [m.text, m.start, m.end]));
  assert.deepEqual(people, [[['Kim Shin-Wook', 8, 21]], [['Jean-Claude Juncker', 47, 66]]]);
});
