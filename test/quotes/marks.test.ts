import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findQuotes } from '../../src/quotes/marks.js';
import { segment } from '../../src/nlp/stage.js';
import { SentenceSplitter } from '../../src/nlp/sentences/splitter.js';
import { newDoc } from '../../src/pipeline/analyze.js';
import { quoteTokens } from '../../src/quotes/tokens.js';

const spans = (text: string): string[] => findQuotes(text).map((q) => text.slice(q.start, q.end));

test('pairs curly quotes and keeps nested single quotes inside', () => {
  const text = '“The problem with ‘compromise’ is not only that,” he said. “Rather it isn’t.”';
  const qs = findQuotes(text);
  assert.deepEqual(spans(text), ['“The problem with ‘compromise’ is not only that,”', '“Rather it isn’t.”']);
  assert.deepEqual(qs[0].nested.map((n) => text.slice(n.start, n.end)), ['‘compromise’']);
  assert.equal(qs[1].nested.length, 0, 'the apostrophe of isn’t is no quote');
});

test('pairs straight quotes and tells apostrophes from single quotes', () => {
  const text = `"It's over," Smith's aide said, calling it a 'disaster' for the party.`;
  assert.deepEqual(spans(text), [`"It's over,"`, `'disaster'`]);
});

test('a paragraph that opens a quote without closing it continues into the next', () => {
  const text = '“The House must act. It has no choice.\n\n“The deadline is Friday.”\n\nHe left.';
  const qs = findQuotes(text);
  assert.equal(qs.length, 1);
  assert.equal(qs[0].start, 0);
  assert.equal(qs[0].end, text.indexOf('Friday.”') + 'Friday.”'.length);
  assert.equal(qs[0].parts.length, 2);
  assert.equal(qs[0].closed, true);
});

test('an unclosed quote not continued stops at its paragraph end', () => {
  const text = 'He said “we will see.\n\nThen he left.';
  const qs = findQuotes(text);
  assert.equal(qs.length, 1);
  assert.equal(text.slice(qs[0].start, qs[0].end), '“we will see.');
  assert.equal(qs[0].closed, false);
});

test('the quotes stage reads the Doc\'s tokens and sentences, and opens a paragraph at a sentence after a line break', () => {
  const doc = newDoc('“Go,” said Mr. Smith. Then he left.\n\nNew paragraph. “It’s over.”\nNext.');
  segment(doc, { splitter: SentenceSplitter.default() });
  const t = quoteTokens(doc);
  assert.equal(t.form, doc.tokens.form);
  assert.deepEqual(t.form, ['“', 'Go', ',', '”', 'said', 'Mr.', 'Smith', '.', 'Then', 'he', 'left', '.', 'New', 'paragraph', '.', '“', 'It', '’s', 'over', '.', '”', 'Next', '.']);
  assert.deepEqual([...t.sent], [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4]);
  assert.deepEqual(t.sentStart, [...doc.sentences.map((s) => s.tokenStart), t.n]);
  assert.deepEqual([...t.para], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2]);
});

test('stage helpers survive odd mentions', async () => {
  const { mentionKind, nameOf } = await import('../../src/quotes/speaker.js');
  assert.equal(mentionKind('’s'), 'nominal');
  assert.equal(nameOf(''), null);
  assert.equal(nameOf('Prime Minister Benjamin Netanyahu'), 'Benjamin Netanyahu');
});
