import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UPOS_TAGS } from '../../src/doc/doc.js';
import { parseConllu, readConllu } from '../../src/nlp/conllu.js';
import { normalizeForm } from '../../src/nlp/linear/normalize.js';
import { lexKey } from '../../src/nlp/tagger/lexicon.js';
import { Tagger } from '../../src/nlp/tagger/tagger.js';
import { spaceAfterOf, trainTagger } from '../../src/nlp/tagger/train.js';

const fixture = fileURLToPath(new URL('../fixtures/ewt-dev-sample.conllu', import.meta.url));

/** Tokens as the tokenizer gives them for the seed article (examples/seed-article.txt): curly quotes kept. */
const tokens = (s: string): string[] => s.split(' ');

test('normalizeForm spells news typography as the treebank does, and leaves plain forms alone', () => {
  assert.equal(normalizeForm('’s'), "'s");
  assert.equal(normalizeForm('n’t'), "n't");
  assert.equal(normalizeForm('“'), '"');
  assert.equal(normalizeForm('”'), '"');
  assert.equal(normalizeForm('—'), '--');
  assert.equal(normalizeForm('–'), '--');
  assert.equal(normalizeForm('1967–1973'), '1967-1973');
  assert.equal(normalizeForm('…'), '...');
  const plain = 'Khamenei';
  assert.equal(normalizeForm(plain), plain);
  assert.equal(lexKey('Iran’s'), "iran's");
  assert.equal(lexKey('1967'), '0000');
});

test('shipped tagger: a whole seed-article sentence', () => {
  const t = Tagger.default();
  const forms = tokens('The supreme leader declared the Palestinian plight as “ the most important issue in the world of Islam . ”');
  const r = t.tagSentence(forms);
  assert.deepEqual(r.upos, [
    'DET', 'ADJ', 'NOUN', 'VERB', 'DET', 'ADJ', 'NOUN', 'ADP', 'PUNCT', 'DET', 'ADV', 'ADJ', 'NOUN', 'ADP', 'DET',
    'NOUN', 'ADP', 'PROPN', 'PUNCT', 'PUNCT',
  ]);
  assert.deepEqual(r.xpos, [
    'DT', 'JJ', 'NN', 'VBD', 'DT', 'JJ', 'NN', 'IN', '``', 'DT', 'RBS', 'JJ', 'NN', 'IN', 'DT', 'NN', 'IN', 'NNP', '.', "''",
  ]);
});

test('shipped tagger: EWT conventions on a seed-article sentence (possessive ’s, "of" before a gerund, Middle East)', () => {
  const forms = tokens('He also accused Israel ’s founders of being responsible for the current upheaval in the wider Middle East .');
  const r = Tagger.default().tagSentence(forms);
  assert.deepEqual(r.upos, [
    'PRON', 'ADV', 'VERB', 'PROPN', 'PART', 'NOUN', 'SCONJ', 'AUX', 'ADJ', 'ADP', 'DET', 'ADJ', 'NOUN', 'ADP', 'DET',
    'ADJ', 'ADJ', 'PROPN', 'PUNCT',
  ]);
  assert.deepEqual(r.xpos, [
    'PRP', 'RB', 'VBD', 'NNP', 'POS', 'NNS', 'IN', 'VBG', 'JJ', 'IN', 'DT', 'JJ', 'NN', 'IN', 'DT', 'JJR', 'NNP', 'NNP', '.',
  ]);
});

test('shipped tagger: names, quotes, relative clause and participles in a long news sentence', () => {
  const forms = tokens(
    'In the opening address of the regime ’s sixth international conference in support of the Palestinian violent ' +
      'uprising against Israel , Ayatollah Khamenei hailed the “ resistance ” against the “ cruel occupation , ” which he ' +
      'described as the worst case of oppression against one particular people recorded in history .',
  );
  const r = Tagger.default().tagSentence(forms);
  const tag = (form: string, nth = 0): string => {
    let seen = -1;
    for (let i = 0; i < forms.length; i++) if (forms[i] === form && ++seen === nth) return `${r.upos[i]}/${r.xpos[i]}`;
    throw new Error(`no ${form}`);
  };
  assert.equal(tag('’s'), 'PART/POS');
  assert.equal(tag('Israel'), 'PROPN/NNP');
  assert.equal(tag('Ayatollah'), 'PROPN/NNP');
  assert.equal(tag('Khamenei'), 'PROPN/NNP');
  assert.equal(tag('hailed'), 'VERB/VBD');
  assert.equal(tag('“'), 'PUNCT/``');
  assert.equal(tag('”'), "PUNCT/''");
  assert.equal(tag('“', 1), 'PUNCT/``');
  assert.equal(tag('”', 1), "PUNCT/''");
  assert.equal(tag('resistance'), 'NOUN/NN');
  assert.equal(tag('which'), 'PRON/WDT');
  assert.equal(tag('described'), 'VERB/VBD');
  assert.equal(tag('worst'), 'ADJ/JJS');
  assert.equal(tag('one'), 'NUM/CD');
  assert.equal(tag('people'), 'NOUN/NNS');
  assert.equal(tag('recorded'), 'VERB/VBN');
});

test('shipped tagger: hyphen versus dash, numbers, wh-pronoun (seed article)', () => {
  const forms = tokens(
    'Addressing some 700 delegates in a Tehran conference center , the supreme leader denounced what he called ' +
      '“ compromise strategies ” — referring to the Palestinian Authority ’s endorsement of a two - state solution based on the 1967 lines .',
  );
  // Whitespace after each token as in the article: none inside "two-state", none before "’s".
  const space = forms.map((f, i) => (f === 'two' || f === '-' || forms[i + 1] === '’s' || forms[i + 1] === ',' || forms[i + 1] === '.' ? 0 : 1));
  const r = Tagger.default().tagSentence(forms, space);
  const at = (form: string): string => {
    const i = forms.indexOf(form);
    return `${r.upos[i]}/${r.xpos[i]}`;
  };
  assert.equal(at('Addressing'), 'VERB/VBG');
  assert.equal(at('700'), 'NUM/CD');
  assert.equal(at('Tehran'), 'PROPN/NNP');
  assert.equal(at('denounced'), 'VERB/VBD');
  assert.equal(at('what'), 'PRON/WP');
  assert.equal(at('—'), 'PUNCT/,');
  assert.equal(at('two'), 'NUM/CD');
  assert.equal(at('-'), 'PUNCT/HYPH');
  assert.equal(at('based'), 'VERB/VBN');
  assert.equal(at('1967'), 'NUM/CD');
  assert.equal(at('lines'), 'NOUN/NNS');
});

test('shipped tagger: spacing decides between a hyphen and a spaced dash', () => {
  const t = Tagger.default();
  const forms = tokens('The deal - if there is one - will come later .');
  const spaced = t.tagSentence(forms, forms.map(() => 1));
  assert.notEqual(spaced.xpos[2], 'HYPH');
  const glued = t.tagSentence(tokens('a two - state solution'), [1, 0, 0, 1, 1]);
  assert.equal(glued.xpos[2], 'HYPH');
});

test('tagInto writes UPOS indices and XPOS at the sentence offsets and agrees with tagSentence', () => {
  const t = Tagger.default();
  const s1 = tokens('No other people has ever suffered as much as the Palestinians , he said .');
  const s2 = tokens('“ The people of Palestine have no option , ” said Khamenei .');
  const forms = [...s1, ...s2];
  const upos = new Uint8Array(forms.length);
  const xpos = new Array<string>(forms.length).fill('');
  t.tagInto(forms, s1.length, forms.length, upos, xpos);
  assert.ok(upos.subarray(0, s1.length).every((u) => u === 0), 'tokens outside the range are untouched');
  t.tagInto(forms, 0, s1.length, upos, xpos);
  for (const [from, sent] of [[0, s1], [s1.length, s2]] as const) {
    const r = t.tagSentence(sent);
    for (let i = 0; i < sent.length; i++) {
      assert.equal(UPOS_TAGS[upos[from + i]], r.upos[i]);
      assert.equal(xpos[from + i], r.xpos[i]);
    }
  }
  const said = s1.length + s2.indexOf('said');
  assert.equal(UPOS_TAGS[upos[said]], 'VERB');
  assert.equal(xpos[said], 'VBD');
  assert.equal(xpos[s1.length + s2.indexOf('Palestine')], 'NNP');
  assert.equal(xpos[s1.indexOf('has')], 'VBZ');
  assert.equal(xpos[s1.indexOf('suffered')], 'VBN');
  t.tagInto(forms, 3, 3, upos, xpos); // empty range: no-op
  assert.deepEqual(t.tagSentence([]), { upos: [], xpos: [] });
});

test('shipped tagger on an EWT dev sample (gold tokens, 50 sentences)', () => {
  const t = Tagger.default();
  const sents = readConllu(fixture);
  assert.equal(sents.length, 50);
  let n = 0;
  let upos = 0;
  let xpos = 0;
  for (const s of sents) {
    const r = t.tagSentence(s.words.map((w) => w.form), spaceAfterOf(s));
    s.words.forEach((w, i) => {
      n++;
      if (r.upos[i] === w.upos) upos++;
      if (r.xpos[i] === w.xpos) xpos++;
    });
  }
  assert.ok(upos / n >= 0.955, `UPOS ${(upos / n).toFixed(4)}`);
  assert.ok(xpos / n >= 0.95, `XPOS ${(xpos / n).toFixed(4)}`);
});

const TINY = `
# text = The cat sat on the mat .
1	The	the	DET	DT	_	2	det	_	_
2	cat	cat	NOUN	NN	_	3	nsubj	_	_
3	sat	sit	VERB	VBD	_	0	root	_	_
4	on	on	ADP	IN	_	6	case	_	_
5	the	the	DET	DT	_	6	det	_	_
6	mat	mat	NOUN	NN	_	3	obl	_	SpaceAfter=No
7	.	.	PUNCT	.	_	3	punct	_	_

# text = A dog runs in the park .
1	A	a	DET	DT	_	2	det	_	_
2	dog	dog	NOUN	NN	_	3	nsubj	_	_
3	runs	run	VERB	VBZ	_	0	root	_	_
4	in	in	ADP	IN	_	6	case	_	_
5	the	the	DET	DT	_	6	det	_	_
6	park	park	NOUN	NN	_	3	obl	_	SpaceAfter=No
7	.	.	PUNCT	.	_	3	punct	_	_

# text = She runs the shop .
1	She	she	PRON	PRP	_	2	nsubj	_	_
2	runs	run	VERB	VBZ	_	0	root	_	_
3	the	the	DET	DT	_	4	det	_	_
4	shop	shop	NOUN	NN	_	2	obj	_	SpaceAfter=No
5	.	.	PUNCT	.	_	2	punct	_	_

# text = The runs were long .
1	The	the	DET	DT	_	2	det	_	_
2	runs	run	NOUN	NNS	_	4	nsubj	_	_
3	were	be	AUX	VBD	_	4	cop	_	_
4	long	long	ADJ	JJ	_	0	root	_	SpaceAfter=No
5	.	.	PUNCT	.	_	4	punct	_	_
`;

test('trainTagger: deterministic for a seed, learns its data, survives save/load', () => {
  const sents = parseConllu(TINY);
  const opts = { epochs: 6, seed: 7, clusters: null };
  const a = trainTagger(sents, opts);
  const b = trainTagger(sents, opts);
  const probe = tokens('The dog sat on the shop .');
  assert.deepEqual(a.tagSentence(probe), b.tagSentence(probe));
  // "runs" is a verb after a noun or pronoun and a plural noun after a determiner.
  assert.deepEqual(a.tagSentence(tokens('She runs the park .')).xpos, ['PRP', 'VBZ', 'DT', 'NN', '.']);
  assert.deepEqual(a.tagSentence(tokens('The runs were long .')).xpos, ['DT', 'NNS', 'VBD', 'JJ', '.']);
  const dir = mkdtempSync(join(tmpdir(), 'herald-tagger-'));
  try {
    const path = join(dir, 'tagger.bin.gz');
    a.save(path);
    const c = Tagger.load(path);
    assert.deepEqual(c.tagSentence(probe), a.tagSentence(probe));
    assert.deepEqual(c.classes, a.classes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Tagger.load explains a missing model file', () => {
  assert.throws(() => Tagger.load('/nonexistent/tagger.bin.gz'), /missing/);
});
