/**
 * One schema: the store's document type is the pipeline's Result made lenient (`Lenient`), and `unmet` is the
 * run-time check of what a spec needs. The type-level half is checked by the type-checker (`npm run typecheck`
 * compiles this file): the assignments below stop compiling if the two types drift apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unmet, type Lenient, type LenientSpec } from '../../src/doc/schema.js';
import type { Result } from '../../src/pipeline/result.js';
import { documentProblem, isDocumentIn, type DocumentIn, type EventIn, type QuoteIn } from '../../src/store/types.js';

/** true when A and B are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// A Result is a DocumentIn as it is (no conversion, no cast) ...
export const asStored = (r: Result): DocumentIn => r;
// ... and the store keeps required what it reads without testing, and lets the rest be missing or null.
export const typeChecks: true[] = [
  true satisfies Same<DocumentIn['id'], string>,
  true satisfies Same<QuoteIn['start'] | QuoteIn['end'], number>,
  true satisfies Same<QuoteIn['text'], string>,
  true satisfies Same<QuoteIn['confidence'], number | null | undefined>,
  true satisfies Same<NonNullable<QuoteIn['cue']>['text'], string>,
  true satisfies Same<NonNullable<QuoteIn['parts']>[number]['end'], number>,
  true satisfies Same<NonNullable<EventIn['trigger']>['start'], number>,
  true satisfies Same<NonNullable<EventIn['plover']>['context'], string | string[] | null | undefined>,
  true satisfies Same<NonNullable<EventIn['source']>['name'], string | null | undefined>,
  // An enumeration of today's schema is any string in a result of another version.
  true satisfies Same<NonNullable<EventIn['cameo']>['quadClass'], number | null | undefined>,
  true satisfies Same<QuoteIn['kind'], string | null | undefined>,
];

interface Rec {
  id: string;
  size: number;
  kind: 'a' | 'b';
  items: { at: number; note: string }[];
  tags: string[];
}
const SPEC = { id: 'string', items: [{ at: 'number' }], tags: 'words' } as const satisfies LenientSpec;
type RecIn = Lenient<Rec, typeof SPEC>;

test('unmet names the first field a spec needs and a value lacks, and nothing when it has them all', () => {
  const ok: RecIn = { id: 'x', items: [{ at: 1 }], tags: 'one' };
  assert.equal(unmet(ok, SPEC), undefined);
  assert.equal(unmet({ id: 'x' }, SPEC), undefined, 'a list the spec names may be missing');
  assert.equal(unmet({ id: 'x', items: null, tags: ['a', 'b'], size: 'big', kind: 'c' }, SPEC), undefined, 'unnamed fields are not looked at');
  assert.equal(unmet({ items: [] }, SPEC), 'id: not a string');
  assert.equal(unmet({ id: 'x', items: [{ at: 1 }, { note: 'n' }] }, SPEC), 'items[1].at: not a number');
  assert.equal(unmet({ id: 'x', items: [null] }, SPEC), 'items[0]: not an object');
  assert.equal(unmet({ id: 'x', items: {} }, SPEC), 'items: not a list');
  assert.equal(unmet({ id: 'x', tags: [1] }, SPEC), 'tags: neither a string nor a list of strings');
  assert.equal(unmet([], SPEC), 'the document: not an object');
});

test('the store takes an older or partial result, and says what one it cannot keep lacks', () => {
  assert.ok(isDocumentIn({ id: 'a', meta: {} }));
  assert.ok(isDocumentIn({ id: 'a', quotes: [{ id: 'Q1', start: 0, end: 1, text: 'x', cue: null, speaker: { name: null } }] }));
  assert.ok(isDocumentIn({ id: 'a', events: [{ id: 'V1', plover: { type: 'X', mode: ['verbal'], context: 'economic' } }] }));
  assert.equal(documentProblem({ id: 'a', quotes: [{ id: 'Q1', start: 0, end: 1 }] }), 'quotes[0].text: not a string');
  assert.equal(documentProblem({ id: 'a', events: [{ id: 'V1', trigger: { start: 3, end: 4 } }] }), 'events[0].trigger.text: not a string');
  assert.equal(documentProblem({ id: 'a', entities: [{ id: 'E1', name: 'N', mentions: [{ start: 0 }] }] }), 'entities[0].mentions[0].end: not a number');
  assert.equal(documentProblem({ meta: {} }), 'id: not a string');
});
