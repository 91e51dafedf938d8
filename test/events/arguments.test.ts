/**
 * The learned argument model (src/events/arguments.ts): the dependency paths it reads, and the coder asking it
 * for a verb the rules code but find no actors for — and only then.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline, loadResources, newDoc } from '../../src/pipeline/analyze.js';
import { nlpStage } from '../../src/nlp/stage.js';
import { SentenceView } from '../../src/events/view.js';
import { ArgumentModel, depPath, withRoot } from '../../src/events/arguments.js';
import { eventsStage } from '../../src/events/stage.js';

const resources = loadResources();
const pipeline = createPipeline(resources);

test('dependency paths from the trigger: subject, object, a relative clause climbed', () => {
  const doc = newDoc('Iran, which denies the allegations, urged German authorities to disregard the testimony.');
  nlpStage(doc, resources);
  const v = new SentenceView(doc, 0);
  const tok = (w: string): number => doc.tokens.form.indexOf(w);
  assert.equal(depPath(v, tok('urged'), tok('Iran')), '↓nsubj');
  assert.equal(depPath(v, tok('urged'), tok('authorities')), '↓iobj'); // (the parse reads the addressee of an appeal as its indirect object)
  // the relative clause's verb reaches its antecedent by climbing its acl (relative clause) link
  assert.equal(depPath(v, tok('denies'), tok('Iran')), '↑acl');
  assert.equal(depPath(v, tok('urged'), tok('urged')), 'self');
});

test('root conjunctions: every feature but the lexical ones is also read with the CAMEO root', () => {
  assert.deepEqual(withRoot(['S:bias', 'S:l=deny|p1=↓nsubj'], '01'), ['S:bias', 'S:l=deny|p1=↓nsubj', 'S:bias|r=01']);
});

test('the shipped model rescues a verb whose actors the rules miss: inhabitants accused government forces → 112', () => {
  assert.ok(ArgumentModel.default(), 'models/event-args.json.gz is shipped');
  const text = 'TAVILDARA, Tajikistan 1996-08-30\n\nAlthough shy in front of the government soldiers, several inhabitants accused government forces of widespread looting of homes and livestock.';
  const codes = (doc: ReturnType<typeof pipeline.analyzeDoc>): string[] => (doc.events ?? []).map((e) => `${e.cameo.code} ${e.source?.actor?.code ?? '-'}>${e.target?.actor?.code ?? '-'}`);
  const doc = pipeline.analyzeDoc(text, { published: '1996-08-30' });
  assert.deepEqual(codes(doc).map((c) => c.slice(0, 3)), ['112']);
  assert.equal(doc.events?.[0].target?.actor?.code, 'TJKMIL');
  // without the model the rules find no actors for "accused" and code nothing
  eventsStage(doc, { ...resources.events, args: null });
  assert.deepEqual(codes(doc), []);
});

test("a target the model picks obeys the rules' limits (where talks are held is no party to them), and joint talks go both ways", () => {
  const r = pipeline.analyze('Armenians, Azeris hold peace talks in Germany.', { published: '1996-08-31' });
  const talks = r.events.filter((e) => e.trigger.text === 'hold').map((e) => `${e.cameo.code} ${e.source?.actor?.code}>${e.target?.actor?.code}`);
  assert.deepEqual(talks, ['046 ARM>AZE', '046 AZE>ARM']);
});
