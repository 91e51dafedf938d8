/** The Doc's dependency tree: one children index per document, and one meaning of "parsed". */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyTokenLayer, type Doc } from '../../src/doc/doc.js';
import { depTree, isParsed } from '../../src/doc/tree.js';

/** Two sentences: "Iran said it left ." (heads within each) and "Talks ended ." */
function doc(): Doc {
  const heads = [1, -1, 3, 1, 1, 6, -1, 6];
  const t = emptyTokenLayer(heads.length);
  t.head.set(heads);
  return { id: 'x', text: '', meta: {}, tokens: t, sentences: [{ start: 0, end: 0, tokenStart: 0, tokenEnd: 5 }, { start: 0, end: 0, tokenStart: 5, tokenEnd: 8 }] };
}

test('each token\'s dependents in text order, none for leaves', () => {
  const tree = depTree(doc());
  assert.deepEqual(tree.children.map((c) => [...c]), [[], [0, 3, 4], [], [2], [], [], [5, 7], []]);
});

test('the tree is built once and kept on the Doc, and rebuilt when the token layer is replaced', () => {
  const d = doc();
  const tree = depTree(d);
  assert.equal(d.tree, tree);
  assert.equal(depTree(d), tree);
  const flat = { ...d, tokens: { ...d.tokens, head: new Int32Array(d.tokens.count).fill(-2) } };
  const other = depTree(flat);
  assert.notEqual(other, tree);
  assert.ok(other.children.every((c) => c.length === 0));
});

test('parsed means every token of the range has a head; an empty range is not parsed', () => {
  const d = doc();
  assert.equal(isParsed(d), true);
  d.tokens.head[6] = -2;
  assert.equal(isParsed(d), false);
  assert.equal(isParsed(d, 0, 5), true);
  assert.equal(isParsed(d, 5, 8), false);
  assert.equal(isParsed(d, 3, 3), false);
});
