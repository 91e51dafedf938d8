import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseConllu, readConllu } from '../../src/nlp/conllu.js';
import { Lemmatizer } from '../../src/nlp/lemmatizer/lemmatizer.js';
import { trainLemmatizer } from '../../src/nlp/lemmatizer/train.js';

const fixture = fileURLToPath(new URL('../fixtures/ewt-dev-sample.conllu', import.meta.url));

test('shipped lemmatizer: regular and irregular words of the seed article', () => {
  const l = Lemmatizer.default();
  const cases: [string, string, string, string][] = [
    ['hailed', 'VERB', 'VBD', 'hail'],
    ['described', 'VERB', 'VBD', 'describe'],
    ['recorded', 'VERB', 'VBN', 'record'],
    ['Addressing', 'VERB', 'VBG', 'address'],
    ['founders', 'NOUN', 'NNS', 'founder'],
    ['strategies', 'NOUN', 'NNS', 'strategy'],
    ['wider', 'ADJ', 'JJR', 'wide'],
    ['worst', 'ADJ', 'JJS', 'bad'],
    ['better', 'ADJ', 'JJR', 'good'],
    ['said', 'VERB', 'VBD', 'say'],
    ['has', 'AUX', 'VBZ', 'have'],
    ['was', 'AUX', 'VBD', 'be'],
    ['is', 'AUX', 'VBZ', 'be'],
    ['people', 'NOUN', 'NNS', 'people'],
    ['The', 'DET', 'DT', 'the'],
    ['He', 'PRON', 'PRP', 'he'],
    ['I', 'PRON', 'PRP', 'I'],
    ['Khamenei', 'PROPN', 'NNP', 'Khamenei'],
    ['Palestinians', 'PROPN', 'NNPS', 'Palestinian'],
    ['Israel', 'PROPN', 'NNP', 'Israel'],
    ['n’t', 'PART', 'RB', 'not'],
    ["n't", 'PART', 'RB', 'not'],
    ['’s', 'PART', 'POS', "'s"],
    ['’s', 'AUX', 'VBZ', 'be'],
    ['’ll', 'AUX', 'MD', 'will'],
    ['wo', 'AUX', 'MD', 'will'],
    ['ca', 'AUX', 'MD', 'can'],
    ['“', 'PUNCT', '``', '"'],
    ['700', 'NUM', 'CD', '700'],
  ];
  for (const [form, upos, xpos, lemma] of cases) assert.equal(l.lemma(form, upos, xpos), lemma, `${form}/${xpos}`);
});

test('shipped lemmatizer: unseen inflected words get a known word as lemma, not a truncated stem', () => {
  const l = Lemmatizer.default();
  assert.equal(l.lemma('provoked', 'VERB', 'VBN'), 'provoke');
  assert.equal(l.lemma('bombed', 'VERB', 'VBN'), 'bomb');
  assert.equal(l.lemma('hottest', 'ADJ', 'JJS'), 'hot');
  assert.equal(l.lemma('intifadas', 'NOUN', 'NNS'), 'intifada');
});

test('shipped lemmatizer on an EWT dev sample with gold tags', () => {
  const l = Lemmatizer.default();
  let n = 0;
  let ok = 0;
  for (const s of readConllu(fixture)) {
    for (const w of s.words) {
      n++;
      if (l.lemma(w.form, w.upos, w.xpos) === w.lemma) ok++;
    }
  }
  assert.ok(ok / n >= 0.99, `lemma accuracy ${(ok / n).toFixed(4)}`);
});

const TINY = `
1	walked	walk	VERB	VBD	_	0	root	_	_
2	talked	talk	VERB	VBD	_	1	conj	_	_
3	played	play	VERB	VBD	_	1	conj	_	_
4	went	go	VERB	VBD	_	1	conj	_	_
5	cities	city	NOUN	NNS	_	1	obj	_	_
6	parties	party	NOUN	NNS	_	1	obj	_	_
7	dogs	dog	NOUN	NNS	_	1	obj	_	_
8	cats	cat	NOUN	NNS	_	1	obj	_	_
9	Paris	Paris	PROPN	NNP	_	1	obl	_	_
`;

test('trainLemmatizer: suffix rules generalise, irregulars are remembered, save/load round-trips', () => {
  const l = trainLemmatizer(parseConllu(TINY));
  assert.equal(l.lemma('jumped', 'VERB', 'VBD'), 'jump');
  assert.equal(l.lemma('went', 'VERB', 'VBD'), 'go');
  assert.equal(l.lemma('ladies', 'NOUN', 'NNS'), 'lady');
  assert.equal(l.lemma('birds', 'NOUN', 'NNS'), 'bird');
  assert.equal(l.lemma('London', 'PROPN', 'NNP'), 'London');
  const dir = mkdtempSync(join(tmpdir(), 'herald-lemmatizer-'));
  try {
    const path = join(dir, 'lemmatizer.bin.gz');
    l.save(path);
    const m = Lemmatizer.load(path);
    for (const [f, x] of [['jumped', 'VBD'], ['went', 'VBD'], ['ladies', 'NNS'], ['London', 'NNP']]) {
      assert.equal(m.lemma(f, '', x), l.lemma(f, '', x));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
