import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { publicationDate } from '../../src/time/publication.js';

const NOW = new Date(Date.UTC(2017, 2, 1)); // "today" for datelines without a year: 2017-03-01
const SEED = readFileSync(new URL('../../examples/seed-article.txt', import.meta.url), 'utf8');

test('meta.published wins, with any time part dropped', () => {
  assert.deepEqual(publicationDate({ published: '2017-02-21' }, SEED, NOW), { date: '2017-02-21', source: 'meta' });
  assert.deepEqual(publicationDate({ published: '2017-02-21T10:31:00Z' }, 'x', NOW), { date: '2017-02-21', source: 'meta' });
  // An unusable meta date falls through to the text.
  assert.deepEqual(publicationDate({ published: '2017-02-30' }, 'February 21, 2017\n\nText.', NOW), {
    date: '2017-02-21',
    source: 'dateline',
  });
});

test('datelines and date lines at the top of the text', () => {
  const cases: [string, string][] = [
    ['TEHRAN, Feb 21 (Reuters) - Iran’s supreme leader called on Tuesday for …', '2017-02-21'],
    ['JERUSALEM, March 3 (Reuters) - Israel said …', '2016-03-03'], // the last March 3 before NOW
    ['WASHINGTON (AP) — Feb. 21, 2017 — The U.S. imposed …', '2017-02-21'],
    ['February 21, 2017\n\nIran’s supreme leader …', '2017-02-21'],
    ['Tue 21 Feb 2017\nIran’s supreme leader …', '2017-02-21'],
    ['Published: 2017-02-21 10:31\nText', '2017-02-21'],
    ['By Jane Doe\nPosted on Tuesday, February 21, 2017 at 10:31 am\nText', '2017-02-21'],
  ];
  for (const [text, date] of cases) assert.deepEqual(publicationDate({}, text, NOW), { date, source: 'dateline' }, text);
});

test('no date: a byline, or a date inside running text, is not a dateline', () => {
  assert.deepEqual(publicationDate({}, SEED, NOW), { date: null, source: 'none' });
  assert.deepEqual(publicationDate({}, 'The meeting on February 21, 2017 was long and many people came to it from far away.', NOW), {
    date: null,
    source: 'none',
  });
  assert.deepEqual(publicationDate(undefined, '', NOW), { date: null, source: 'none' });
});
