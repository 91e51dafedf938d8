/** The stage contract: `createPipeline` checks once that every layer a stage requires is assigned before it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Stage } from '../../src/doc/stage.js';
import { createPipeline, type PipelineResources } from '../../src/pipeline/analyze.js';
import { checkStages, defaultStages } from '../../src/pipeline/stages.js';
import { createNlpStage } from '../../src/nlp/stage.js';
import { publicationStage } from '../../src/text/dateline.js';

// The stage factories only keep their resources: no model is loaded by these tests.
const res = {} as PipelineResources;
const stages = defaultStages(res);
const named = (name: string): Stage => stages.find((s) => s.name === name)!;
const without = (name: string): Stage[] => stages.filter((s) => s.name !== name);

test('the shipped stages, in order, pass the check', () => {
  assert.deepEqual(stages.map((s) => s.name), ['publication', 'nlp', 'entities', 'quotes', 'time', 'geo', 'events']);
  checkStages(stages);
});

test('a requirement no stage assigns: the message names the stage, the layer and the fix', () => {
  assert.throws(() => checkStages(without('time')), {
    message:
      'createPipeline: stage "events" requires "time", which no stage before it assigns (stages: publication → nlp → entities → quotes → geo → events): no stage assigns it; add one before "events"',
  });
});

test('a requirement assigned by a later stage: the message says to move that stage', () => {
  const order = [...without('geo'), named('geo')];
  assert.throws(() => checkStages(order), {
    message:
      'createPipeline: stage "events" requires "places", which no stage before it assigns (stages: publication → nlp → entities → quotes → time → events → geo): "geo" assigns "places" but runs after it; put it before "events"',
  });
});

test('an NLP stage without the parser does not assign "parse", so the entities stage cannot follow it', () => {
  const noParse = stages.map((s) => (s.name === 'nlp' ? createNlpStage(res, { parse: false }) : s));
  assert.deepEqual(noParse[1].assigns, ['tokens', 'sentences', 'tags', 'lemmas', 'ner']);
  assert.throws(() => checkStages(noParse), /^Error: createPipeline: stage "entities" requires "parse", which no stage before it assigns/);
});

test('every requirement missing is named, and the first stage lacking one is the one reported', () => {
  assert.throws(() => checkStages(stages.slice(2)), {
    message:
      'createPipeline: stage "entities" requires "tokens", "sentences", "tags", "lemmas", "parse", "ner", "publication", "dateline", which no stage before it assigns (stages: entities → quotes → time → geo → events): no stage assigns them; add one before "entities"',
  });
});

test('two stages of one name are refused', () => {
  assert.throws(() => checkStages([publicationStage, publicationStage]), {
    message: 'createPipeline: two stages are named "publication" (stages: publication → publication)',
  });
});

test('createPipeline checks its stages when it is created, before any document', () => {
  assert.throws(() => createPipeline(res, without('nlp')), /stage "entities" requires "tokens", "sentences", "tags", "lemmas", "parse", "ner", which no stage/);
});

test('createPipeline runs the given stages in order on each document', () => {
  const seen: string[] = [];
  const probe: Stage = {
    name: 'probe',
    requires: ['publication', 'dateline'],
    assigns: [],
    run(doc) {
      seen.push(`${doc.meta.published}|${doc.dateline?.place}`);
    },
  };
  const p = createPipeline(res, [publicationStage, probe]);
  const doc = p.analyzeDoc('BONN, Aug 30, 1996 (Reuters) - Talks went on.');
  assert.deepEqual(seen, ['1996-08-30|BONN']);
  assert.equal(doc.tokens.count, 0);
  assert.equal(doc.events, undefined);
});
