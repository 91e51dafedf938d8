/** Word lists that are language data live in data files beside the code that loads them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { besidePath, dataPath, packageRoot } from '../../src/nlp/paths.js';
import { SENTENCE_STARTERS, SPLIT_WORDS, isKnownAbbreviation } from '../../src/nlp/tokenizer/lexicon.js';
import { COGNITION_VERBS, SPEECH_VERBS } from '../../src/quotes/convention.js';

const root = packageRoot();

test('a data file beside a module is found in src/ whether the module runs from src/ or from dist/src/', () => {
  const want = join(root, 'src', 'nlp', 'tokenizer', 'lexicon.json');
  assert.equal(besidePath(pathToFileURL(join(root, 'src/nlp/tokenizer/lexicon.ts')).href, 'lexicon.json'), want);
  assert.equal(besidePath(pathToFileURL(join(root, 'dist/src/nlp/tokenizer/lexicon.js')).href, 'lexicon.json'), want);
});

test('the tokenizer and quote conventions read their word lists from those files', () => {
  const tok = JSON.parse(readFileSync(join(root, 'src/nlp/tokenizer/lexicon.json'), 'utf8')) as { sentenceStarters: string[]; splitWords: [string, number[]][]; abbreviations: string[] };
  assert.deepEqual([...SENTENCE_STARTERS], tok.sentenceStarters);
  assert.deepEqual([...SPLIT_WORDS], tok.splitWords);
  for (const a of tok.abbreviations) assert.ok(isKnownAbbreviation(a), a);
  const q = JSON.parse(readFileSync(join(root, 'src/quotes/words.json'), 'utf8')) as { speechVerbs: string[]; cognitionVerbs: string[] };
  assert.deepEqual([...SPEECH_VERBS], q.speechVerbs);
  assert.deepEqual([...COGNITION_VERBS], q.cognitionVerbs);
});

test('data/abbreviations.json names the hand lists it is merged with, and that file exists', () => {
  const { source } = JSON.parse(readFileSync(dataPath('abbreviations.json'), 'utf8')) as { source: string };
  const m = /hand lists in (\S+)$/.exec(source);
  assert.ok(m, source);
  assert.ok(existsSync(join(root, m[1])), m[1]);
});
