/** The document id: one function, the sha256 of the text, used by the pipeline and by ingestion alike. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentId } from '../../src/doc/id.js';
import { newDoc } from '../../src/pipeline/analyze.js';
import type { Result } from '../../src/pipeline/result.js';
import type { DocumentIn } from '../../src/store/types.js';

test('the id is the hex sha256 of the text as given (no normalisation)', () => {
  assert.equal(documentId('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.notEqual(documentId('abc '), documentId('abc'));
  assert.equal(newDoc('abc').id, documentId('abc'));
});

// What the pipeline returns is what the store takes, with no cast: this line stops compiling if they drift apart.
export const stored = (r: Result): DocumentIn => ({ ...r, text: r.text ?? '' });
