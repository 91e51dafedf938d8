import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findQuotes } from '../../src/quotes/marks.js';
import { lexText } from '../../src/quotes/lex.js';

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

test('lexer keeps quote marks apart, abbreviations whole, and splits sentences and paragraphs', () => {
  const t = lexText('“Go,” said Mr. Smith. Then he left.\n\nNew paragraph.');
  assert.deepEqual(t.form.slice(0, 7), ['“', 'Go', ',', '”', 'said', 'Mr.', 'Smith']);
  assert.deepEqual([...t.sent], [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]);
  assert.equal(t.para[t.n - 1], 1);
});

test('stage helpers survive odd mentions', async () => {
  const { mentionKind, nameOf } = await import('../../src/quotes/speaker.js');
  assert.equal(mentionKind('’s'), 'nominal');
  assert.equal(nameOf(''), null);
  assert.equal(nameOf('Prime Minister Benjamin Netanyahu'), 'Benjamin Netanyahu');
});
