import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Doc } from '../../src/doc/doc.js';
import { fileURLToPath } from 'node:url';
import { loadNlpResources, nlpStage } from '../../src/nlp/stage.js';
import { newDoc } from '../../src/pipeline/analyze.js';
import { decodeCues, decodeSourceContent, referenceCues, referenceSourceContent, scorersForTest } from '../../src/quotes/tagger/decode.js';
import { findQuotes } from '../../src/quotes/marks.js';
import { loadQuoteResources } from '../../src/quotes/stage.js';
import { buildContext, type TagContext } from '../../src/quotes/tagger/context.js';
import { referenceCueScores, referenceScScores } from '../../src/quotes/tagger/features.js';

const read = (rel: string): string => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
const texts = [
  read('../../examples/seed-article.txt'),
  (JSON.parse(read('../../examples/wikinews-election.json')) as { text: string }).text,
];

/** Every score vector the decoders compute equals `model.score` over the training code's keys, bit for bit. */
function sameScores(ctx: TagContext, cueLabels: Uint8Array): void {
  const { model } = loadQuoteResources();
  const refSc = referenceScScores(ctx, cueLabels, model.sc);
  const fastSc = scorersForTest.sc(ctx, cueLabels, model.sc);
  for (let i = 0; i < ctx.t.n; i++) {
    for (const p1 of [9, 0, 1, 2]) {
      for (const p2 of [9, 0, 2]) {
        const a = new Float64Array(3);
        const b = new Float64Array(3);
        referenceCueScores(ctx, model.cue, i, p1, p2, a);
        scorersForTest.cue(ctx, model.cue, i, p1, p2, b);
        assert.deepEqual(b, a, `cue scores of token ${i} after ${p2}, ${p1}`);
      }
    }
    for (const p1 of [9, 0, 1, 2, 3, 4]) {
      for (const p2 of [9, 1, 4]) {
        const a = new Float64Array(5);
        const b = new Float64Array(5);
        refSc(i, p1, p2, a);
        fastSc(i, p1, p2, b);
        assert.deepEqual(b, a, `source/content scores of token ${i} after ${p2}, ${p1}`);
      }
    }
  }
}

/** The Doc as if the NLP core had not parsed it (tags, lemmas and NER kept). */
const withoutParse = (doc: Doc): Doc => ({ ...doc, tokens: { ...doc.tokens, head: new Int32Array(doc.tokens.count).fill(-2) } });

test('the decoders give the key-by-key taggers\' labels and scores, with and without a parse', () => {
  const nlp = loadNlpResources();
  const { lexicon, model } = loadQuoteResources();
  for (const text of texts) {
    const doc = newDoc(text);
    nlpStage(doc, nlp);
    for (const parsed of [true, false]) {
      const ctx = buildContext(parsed ? doc : withoutParse(doc), findQuotes(text), lexicon);
      const cue = referenceCues(ctx, model.cue, model.bias);
      assert.deepEqual(decodeCues(ctx, model.cue, model.bias), cue);
      if (parsed) assert.ok(cue.some((y) => y !== 0), 'the fixture has cues');
      assert.deepEqual(decodeSourceContent(ctx, cue, model.sc, model.bias), referenceSourceContent(ctx, cue, model.sc, model.bias));
      // twice: the first pass fills the memos, the second reads them
      sameScores(ctx, cue);
      sameScores(ctx, cue);
    }
  }
});

