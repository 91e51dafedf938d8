import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dateForEvent, timeStage } from '../../src/time/stage.js';
import { parsedDoc, plainDoc, tok, withoutParse } from './parsed-doc.js';
import * as S from './seed-parses.js';

const SEED = readFileSync(new URL('../../examples/seed-article.txt', import.meta.url), 'utf8');
const SENTENCES = S.SEED_SENTENCES;
const doc = parsedDoc(SENTENCES, { published: S.SEED_PUBLISHED });
const at = (si: number, form: string, nth = 0) => {
  const d = dateForEvent(doc, si, tok(doc, si, form, nth));
  return { date: d.date, precision: d.precision, via: d.via, text: d.expression?.text ?? null };
};

test('the fixture sentences are verbatim from the seed article', () => {
  for (const s of SENTENCES) assert.ok(SEED.includes(s.text), s.text.slice(0, 50));
});

test('timeStage adds the time layer: the publication date, and each sentence\'s expressions (undated ones included), kept', () => {
  const d = parsedDoc(SENTENCES, { published: S.SEED_PUBLISHED });
  timeStage(d);
  const time = d.time!;
  assert.deepEqual(time.publication, { date: '2017-02-21', source: 'meta' });
  assert.equal(time.expressions(0), time.expressions(0));
  assert.deepEqual(
    d.sentences.flatMap((_, si) => time.expressions(si)).map((e) => [e.text, e.date, e.precision]),
    [
      ['on Tuesday', '2017-02-21', 'day'],
      ['last year', '2016', 'year'],
      ['on Monday evening', '2017-02-20', 'day'],
      ['A year and half after', '', 'none'],
      ['last week', '2017-W07', 'week'],
      ['mere days after', '', 'none'],
    ],
  );
});

test('seed: the expression attached to the trigger dates the event', () => {
  // "Iran’s supreme leader on Tuesday expressed support"
  assert.deepEqual(at(0, 'expressed'), { date: '2017-02-21', precision: 'day', via: 'dependency', text: 'on Tuesday' });
  // "a third intifada, which began last year"
  assert.deepEqual(at(1, 'began'), { date: '2016', precision: 'year', via: 'dependency', text: 'last year' });
  // "Netanyahu on Monday evening, during a visit in Singapore, highlighted …"
  assert.deepEqual(at(3, 'highlighted'), { date: '2017-02-20', precision: 'day', via: 'dependency', text: 'on Monday evening' });
  // "Netanyahu discussed the nuclear deal … with US President Donald Trump last week in Washington."
  assert.deepEqual(at(6, 'discussed'), { date: '2017-W07', precision: 'week', via: 'dependency', text: 'last week' });
});

test('seed: an expression of a clause containing the trigger is inherited; one of another clause is not', () => {
  // "arguing that the international community is headed toward confrontation": inside the clause dated Tuesday.
  assert.deepEqual(at(0, 'headed'), { date: '2017-02-21', precision: 'day', via: 'sentence', text: 'on Tuesday' });
  // "… which began last year …, the ayatollah declared": "last year" belongs to "began", not to "declared".
  assert.deepEqual(at(1, 'declared'), { date: '2017-02-21', precision: 'publication', via: 'publication', text: null });
  // No expression in the sentence: the publication date.
  assert.deepEqual(at(2, 'denounced'), { date: '2017-02-21', precision: 'publication', via: 'publication', text: null });
});

test('seed: an event dated relative to something undated has no date', () => {
  // "having already imposed additional sanctions on the regime mere days after coming into office"
  assert.deepEqual(at(7, 'imposed'), { date: null, precision: 'none', via: 'dependency', text: 'mere days after' });
  // "A year and half after six world powers signed a landmark nuclear agreement with Iran"
  assert.deepEqual(at(5, 'signed'), { date: null, precision: 'none', via: 'dependency', text: 'A year and half after' });
});

test('without a parse: the nearest expression in the sentence', () => {
  const flat = withoutParse(doc);
  const d = dateForEvent(flat, 1, tok(flat, 1, 'declared'));
  assert.deepEqual([d.date, d.precision, d.via], ['2016', 'year', 'sentence']);
  const p = plainDoc('Israeli jets struck targets in Gaza on Sunday, the army said.', { published: '2017-02-21' });
  const e = dateForEvent(p, 0, tok(p, 0, 'struck'));
  assert.deepEqual([e.date, e.precision, e.expression?.text], ['2017-02-19', 'day', 'on Sunday']);
});

test('no publication date and no expression: no date', () => {
  const p = plainDoc('Israeli jets struck targets in Gaza, the army said.');
  assert.deepEqual(dateForEvent(p, 0, tok(p, 0, 'struck')), { date: null, precision: 'none', expression: null, via: 'none' });
  const q = plainDoc('Israeli jets struck targets in Gaza, the army said.', { published: '2017-02-21' });
  assert.deepEqual(dateForEvent(q, 0, tok(q, 0, 'struck')), {
    date: '2017-02-21',
    precision: 'publication',
    expression: null,
    via: 'publication',
  });
});

test('the time layer takes the publication date the publication stage found, and does not search the text again', () => {
  const text = 'TEHRAN, Feb 21, 2017 (Reuters) - Iran said on Tuesday it would retaliate.';
  const fresh = plainDoc(text);
  timeStage(fresh);
  assert.deepEqual(fresh.time!.publication, { date: '2017-02-21', source: 'dateline' });
  // meta.dateSource says the text was searched (here: and nothing was found): only the metadata counts
  const searched = plainDoc(text, { dateSource: 'none' } as never);
  timeStage(searched);
  assert.deepEqual(searched.time!.publication, { date: null, source: 'none' });
  const dated = plainDoc(text, { published: '2017-02-22', dateSource: 'dateline' } as never);
  timeStage(dated);
  assert.deepEqual(dated.time!.publication, { date: '2017-02-22', source: 'meta' });
});
