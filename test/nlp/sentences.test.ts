import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConllu } from '../../src/nlp/conllu.js';
import { packageRoot } from '../../src/nlp/paths.js';
import { rawTextFromConllu, scoreSegmentation } from '../../src/nlp/segmentation-eval.js';
import { detectWrapping } from '../../src/nlp/sentences/features.js';
import { SentenceSplitter } from '../../src/nlp/sentences/splitter.js';
import { conlluToSplitterDocs, trainSentenceSplitter } from '../../src/nlp/sentences/train.js';
import { tokenize } from '../../src/nlp/tokenizer/tokenizer.js';

const seed = readFileSync(join(packageRoot(), 'examples', 'seed-article.txt'), 'utf8');
const splitter = SentenceSplitter.default();

function sentences(text: string, s = splitter): string[] {
  return s.split(text, tokenize(text)).map((x) => text.slice(x.start, x.end));
}

test('default() loads the shipped model once', () => {
  assert.equal(SentenceSplitter.default(), splitter);
  assert.ok(splitter.model.features > 1000);
});

test('the seed article splits into its 33 sentences', () => {
  const got = sentences(seed);
  assert.equal(got.length, 33);
  assert.equal(got[0], 'By Raphael Ahren, Times of Israel');
  assert.ok(got[1].startsWith('Calling Israel a “cancerous tumor,”') && got[1].endsWith('with the “Zionist regime.”'));
  // A quote ending in a comma and followed by its speech verb is one sentence.
  assert.equal(got[4],
    '“The people of Palestine have no option other than keeping the flames of fighting alight by relying on Allah ' +
    'the Exalted and by relying on their innate capabilities, as they have genuinely done so until today,” said ' +
    'Khamenei, according to a translation of his speech posted on his website.');
  // … hopeful manner,” the ayatollah declared. “And by Allah’s permission, …” is two.
  assert.ok(got[5].endsWith('“moving forward in a bright and hopeful manner,” the ayatollah declared.'));
  assert.ok(got[6].startsWith('“And by Allah’s permission, we will see'));
  assert.equal(got[8], '“The cure for this tumor should be developed in phases as well.”');
  // An ellipsis between two quoted sentences opens the second; one inside a sentence does not split it.
  assert.ok(got[18].endsWith('such pain, suffering and cruelty.'));
  assert.ok(got[19].startsWith('… It has never been witnessed'));
  assert.ok(got[27].includes('and I hope … to be able to use that newfound attitude') && got[27].endsWith('he said.'));
  assert.ok(got[32].startsWith('The new US administration') && got[32].endsWith('coming into office.'));
  // Every sentence of this well-edited article ends with a period or a closing quote.
  for (const s of got.slice(1)) assert.match(s, /[.”]$/);
});

test('sentence spans are contiguous in tokens and match the token offsets', () => {
  const tokens = tokenize(seed);
  const spans = splitter.split(seed, tokens);
  assert.equal(spans[0].tokenStart, 0);
  assert.equal(spans[spans.length - 1].tokenEnd, tokens.count);
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k];
    assert.ok(s.tokenEnd > s.tokenStart);
    assert.equal(s.start, tokens.start[s.tokenStart]);
    assert.equal(s.end, tokens.end[s.tokenEnd - 1]);
    if (k > 0) assert.equal(s.tokenStart, spans[k - 1].tokenEnd);
  }
  assert.deepEqual(splitter.split('', tokenize('')), []);
});

test('abbreviations, initials, acronyms and final marks', () => {
  assert.deepEqual(sentences('J. R. R. Tolkien wrote The Hobbit. It was published in 1937.'), [
    'J. R. R. Tolkien wrote The Hobbit.', 'It was published in 1937.',
  ]);
  assert.deepEqual(sentences('U.S. officials said Tuesday that Mr. Smith, the Gov. of Texas, would leave at 5 p.m. The meeting ended.'), [
    'U.S. officials said Tuesday that Mr. Smith, the Gov. of Texas, would leave at 5 p.m.', 'The meeting ended.',
  ]);
  assert.deepEqual(sentences('He works for Acme Inc. The company is based in Washington, D.C. and employs 500 people.'), [
    'He works for Acme Inc.', 'The company is based in Washington, D.C. and employs 500 people.',
  ]);
  assert.deepEqual(sentences('What? No way! Really?! OK.'), ['What?', 'No way!', 'Really?!', 'OK.']);
  assert.deepEqual(sentences('“Why now?” he asked. “Because we can.”'), ['“Why now?” he asked.', '“Because we can.”']);
  assert.deepEqual(sentences('The vote was 52-48. Sen. John McCain (R-Ariz.) voted no.'), [
    'The vote was 52-48.', 'Sen. John McCain (R-Ariz.) voted no.',
  ]);
});

test('web text: the next token decides where punctuation is missing or misleading', () => {
  assert.deepEqual(sentences('Great service!! Would definitely recommend them to anyone'), [
    'Great service!!', 'Would definitely recommend them to anyone',
  ]);
  assert.deepEqual(sentences('is it open today? no idea'), ['is it open today?', 'no idea']);
  assert.deepEqual(sentences('i went there yesterday... it was great lol'), ['i went there yesterday... it was great lol']);
});

test('line breaks: blank lines always split, headlines and bylines are sentences, wrapped lines are not', () => {
  assert.deepEqual(sentences('first paragraph without a full stop\n\nsecond one,\n\n\nthird'), [
    'first paragraph without a full stop', 'second one,', 'third',
  ]);
  assert.deepEqual(sentences('Iran Vows Revenge\nBy JOHN SMITH\nTEHRAN, Iran (AP) — Iran said on Tuesday it would respond.'), [
    'Iran Vows Revenge', 'By JOHN SMITH', 'TEHRAN, Iran (AP) — Iran said on Tuesday it would respond.',
  ]);
  const wrapped =
    'This is a long line of text that was wrapped by an email client at about seventy\n' +
    'characters so that it continues on the next line without any punctuation at\n' +
    'all and then ends here. Then another sentence starts and it goes on until the\n' +
    'line ends.';
  assert.equal(detectWrapping(wrapped, 0, wrapped.length), true);
  assert.equal(detectWrapping(seed, 0, seed.length), false);
  assert.deepEqual(sentences(wrapped), [
    wrapped.slice(0, wrapped.indexOf(' Then')), wrapped.slice(wrapped.indexOf('Then')),
  ]);
});

const w = (...cols: string[]): string => cols.join('\t');
const MINI = [
  '# newdoc id = d1',
  '# newpar id = p1',
  "# text = I don't know.",
  w('2-3', "don't", '_', '_', '_', '_', '_', '_', '_', '_'),
  w('1', 'I', 'I', 'PRON', 'PRP', '_', '3', 'nsubj', '_', '_'),
  w('2', 'do', 'do', 'AUX', 'VBP', '_', '3', 'aux', '_', '_'),
  w('3', "n't", 'not', 'PART', 'RB', '_', '4', 'advmod', '_', '_'),
  w('4', 'know', 'know', 'VERB', 'VB', '_', '0', 'root', '_', 'SpaceAfter=No'),
  w('5', '.', '.', 'PUNCT', '.', '_', '4', 'punct', '_', '_'),
  '',
  '# text = Me neither',
  w('1', 'Me', 'I', 'PRON', 'PRP', '_', '0', 'root', '_', '_'),
  w('2', 'neither', 'neither', 'ADV', 'RB', '_', '1', 'advmod', '_', '_'),
  '',
  '# newpar id = p2',
  '# text = New para.',
  w('1', 'New', 'new', 'ADJ', 'JJ', '_', '2', 'amod', '_', '_'),
  w('2', 'para', 'para', 'NOUN', 'NN', '_', '0', 'root', '_', 'SpaceAfter=No'),
  w('3', '.', '.', 'PUNCT', '.', '_', '2', 'punct', '_', '_'),
  '',
  '# newdoc id = d2',
  '# text = Second "doc" here.',
  w('1', 'Second', 'second', 'ADJ', 'JJ', '_', '3', 'amod', '_', '_'),
  w('2', '"', '"', 'PUNCT', '``', '_', '3', 'punct', '_', 'SpaceAfter=No'),
  w('3', 'doc', 'doc', 'NOUN', 'NN', '_', '0', 'root', '_', 'SpaceAfter=No'),
  w('4', '"', '"', 'PUNCT', "''", '_', '3', 'punct', '_', '_'),
  w('5', 'here', 'here', 'ADV', 'RB', '_', '3', 'advmod', '_', 'SpaceAfter=No'),
  w('6', '.', '.', 'PUNCT', '.', '_', '3', 'punct', '_', '_'),
  '',
].join('\n');

test('rawTextFromConllu rebuilds the stream with word-level gold tokens; scoreSegmentation scores exact spans', () => {
  const sents = parseConllu(MINI);
  assert.equal(sents.length, 4);
  const gold = rawTextFromConllu(sents);
  assert.equal(gold.text, 'I don\'t know. Me neither\n\nNew para.\n\nSecond "doc" here.');
  const forms = gold.tokens.map((t) => gold.text.slice(t.start, t.end));
  assert.deepEqual(forms, ['I', 'do', "n't", 'know', '.', 'Me', 'neither', 'New', 'para', '.', 'Second', '"', 'doc', '"', 'here', '.']);
  assert.deepEqual(gold.sentences.map((s) => gold.text.slice(s.start, s.end)), [
    "I don't know.", 'Me neither', 'New para.', 'Second "doc" here.',
  ]);
  const surface = rawTextFromConllu(sents, { multiword: 'surface' });
  assert.deepEqual(surface.tokens.slice(0, 3).map((t) => surface.text.slice(t.start, t.end)), ['I', "don't", 'know']);

  // Our tokenizer reproduces the gold words exactly here.
  const tokens = tokenize(gold.text);
  const perfect = scoreSegmentation(gold, { tokens, sentences: gold.sentences });
  assert.equal(perfect.tokens_f1, 1);
  assert.equal(perfect.sentences_f1, 1);
  // One sentence merged (2 gold sentences lost, 1 wrong predicted) and one token missing.
  const merged = [{ start: gold.sentences[0].start, end: gold.sentences[1].end }, gold.sentences[2], gold.sentences[3]];
  const fewer = gold.tokens.slice(1);
  const s = scoreSegmentation(gold, { tokens: fewer, sentences: merged });
  assert.deepEqual(s.sentences, { p: 2 / 3, r: 2 / 4, f1: (2 * (2 / 3) * 0.5) / (2 / 3 + 0.5) });
  assert.equal(s.tokens.p, 1);
  assert.equal(s.tokens.r, 15 / 16);
  assert.equal(s.tokens_f1, s.tokens.f1);
});

test('training is deterministic and a saved model loads back to the same decisions', () => {
  // A small synthetic treebank: short sentences, some without final punctuation.
  const lines: string[] = [];
  const words = ['we', 'saw', 'the', 'game', 'and', 'it', 'was', 'good'];
  for (let d = 0; d < 30; d++) {
    lines.push(`# newdoc id = d${d}`);
    for (let k = 0; k < 4; k++) {
      const n = 3 + ((d + k) % 4);
      const forms = words.slice(0, n).map((w, i) => (i === 0 ? w[0].toUpperCase() + w.slice(1) : w));
      const punct = (d + k) % 3 !== 0;
      if (punct) forms.push('.');
      if (k === 0) lines.push(`# newpar id = d${d}p`);
      lines.push(`# text = ${forms.join(' ').replace(' .', '.')}`);
      forms.forEach((f, i) => {
        const last = punct && i === forms.length - 2;
        lines.push(`${i + 1}\t${f}\t${f}\tX\tX\t_\t0\tdep\t_\t${last ? 'SpaceAfter=No' : '_'}`);
      });
      lines.push('');
    }
  }
  const docs = conlluToSplitterDocs(parseConllu(lines.join('\n')), { linePerSentence: 0.2, hardWrap: 0.2, seed: 3 });
  const a = trainSentenceSplitter(docs, { epochs: 3, seed: 5 });
  const b = trainSentenceSplitter(docs, { epochs: 3, seed: 5 });
  const text = 'We saw the game. It was good and we saw the game';
  const tokens = tokenize(text);
  assert.deepEqual(Array.from(a.margins(text, tokens)), Array.from(b.margins(text, tokens)));
  assert.deepEqual(sentences(text, a), ['We saw the game.', 'It was good and we saw the game']);

  const dir = mkdtempSync(join(tmpdir(), 'herald-sentences-'));
  try {
    const path = join(dir, 'mini.bin.gz');
    a.threshold = 0.5;
    assert.ok(a.save(path) > 0);
    const loaded = SentenceSplitter.load(path);
    assert.equal(loaded.threshold, 0.5);
    assert.deepEqual(loaded.split(text, tokens), a.split(text, tokens));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wire dateline opening the text is a segment of its own', () => {
  assert.deepEqual(sentences('TEHRAN, Feb 21, 2017 (Reuters) - Iran said on Tuesday it would respond.'), [
    'TEHRAN, Feb 21, 2017 (Reuters) -',
    'Iran said on Tuesday it would respond.',
  ]);
  assert.deepEqual(sentences('WASHINGTON (AP) — The Senate voted on Friday.'), ['WASHINGTON (AP) —', 'The Senate voted on Friday.']);
  // a bracket and a dash later in an ordinary sentence are no dateline
  assert.deepEqual(sentences('The talks (held in Oman) - a first - ended.'), ['The talks (held in Oman) - a first - ended.']);
});
