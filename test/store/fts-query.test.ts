/** The full-text query syntax both backends and the API share (src/store/fts-query.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ftsQuery, searchText, searchWords } from '../../src/store/fts-query.js';

test('a query is its words; operators and punctuation are not syntax', () => {
  assert.deepEqual(searchWords('"Putin" AND -Kremlin*'), ['Putin', 'AND', 'Kremlin']);
  assert.equal(searchWords(' -*"() '), null);
});

test('each backend gets the same words in its own form', () => {
  assert.equal(ftsQuery('Putin OR "Kremlin"'), '"Putin" "OR" "Kremlin"');
  assert.equal(ftsQuery('!!'), null);
  assert.equal(searchText('Erdoğan, café'), 'Erdogan cafe');
  assert.equal(searchText('—'), null);
});
