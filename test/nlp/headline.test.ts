/**
 * Telegraphic wire headlines (news-train stories' own): the fast profile's tagger reads their verb as a noun, and
 * the headline step gives it back its verb, so that the parse has a subject and an object.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newDoc } from '../../src/pipeline/analyze.js';
import { headlineVerb, isHeadline } from '../../src/nlp/headline.js';
import { nlpStage } from '../../src/nlp/stage.js';
import { Lemmatizer } from '../../src/nlp/lemmatizer/lemmatizer.js';
import { NerModel } from '../../src/nlp/ner/model.js';
import { Parser } from '../../src/nlp/parser/parser.js';
import { SentenceSplitter } from '../../src/nlp/sentences/splitter.js';
import { Tagger } from '../../src/nlp/tagger/tagger.js';

const fast = { splitter: SentenceSplitter.default(), lemmatizer: Lemmatizer.default(), ner: NerModel.default(), tagger: Tagger.default(), parser: Parser.default(), neural: null };

/** The headline's tokens as form/xpos/head-form/deprel, parsed by the fast profile. */
function headline(title: string): string[] {
  const doc = newDoc(`${title}\n\nJERUSALEM 1996-08-30\n\nThe army said nothing.\n`);
  nlpStage(doc, fast);
  const t = doc.tokens;
  const s = doc.sentences[0];
  const out: string[] = [];
  for (let i = s.tokenStart; i < s.tokenEnd; i++) out.push(`${t.form[i]}/${t.xpos[i]}/${t.head[i] < 0 ? 'ROOT' : t.form[t.head[i]]}/${t.deprel[i]}`);
  return out;
}

test("a headline's verb read as a plural noun is its verb, with its subject and object", () => {
  assert.deepEqual(headline('Israeli army ransacks Bedouin Palestinian camp.').slice(0, 3), ['Israeli/JJ/army/amod', 'army/NN/ransacks/nsubj', 'ransacks/VBZ/ROOT/root']);
  assert.equal(headline('Israeli army ransacks Bedouin Palestinian camp.')[5], 'camp/NN/ransacks/obj');
});

test("a base-form verb after a plural subject is the headline's verb", () => {
  assert.deepEqual(headline('Nigeria police kill six robbery suspects.').slice(1, 3), ['police/NNS/kill/nsubj', 'kill/VBP/ROOT/root']);
});

test('a headline with a verb, or whose last word only could be one, is left as tagged', () => {
  const tagger = Tagger.default();
  const probe = (frame: string[]): string => tagger.tagSentence(frame).xpos[1];
  const tag = (words: string[]): string[] => tagger.tagSentence(words).xpos;
  const withVerb = ['Britain', 'says', 'death', 'of', 'its', 'citizen', 'will', 'sour', 'ties', '.'];
  assert.equal(headlineVerb(withVerb, tag(withVerb), 0, withVerb.length, probe), null);
  // "gunmen" ends the headline: no object after it, no verb
  const passive = ['Two', 'Thai', 'border', 'police', 'wounded', 'by', 'Burma', 'gunmen', '.'];
  const tags = tag(passive);
  assert.ok(!tags.some((x) => /^(VBZ|VBP|VBD|MD)$/.test(x)), 'the premise: no finite verb');
  assert.equal(headlineVerb(passive, tags, 0, passive.length, probe), null);
});

test('only the first line standing alone is a headline', () => {
  const doc = newDoc('Israeli army ransacks Bedouin Palestinian camp.\n\nThe army said nothing.\n');
  nlpStage(doc, fast);
  assert.equal(isHeadline(doc, doc.sentences[0], 0), true);
  assert.equal(isHeadline(doc, doc.sentences[1], 1), false);
  const body = newDoc('The army ransacked a camp. It said nothing.\n');
  nlpStage(body, fast);
  assert.equal(isHeadline(body, body.sentences[0], 0), false);
});
