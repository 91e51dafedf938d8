import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findTimeExpressions, clauseTense, type TimeExpression } from '../../src/time/expressions.js';
import { isoWeekString } from '../../src/time/calendar.js';

const SEED = readFileSync(new URL('../../examples/seed-article.txt', import.meta.url), 'utf8');
const PUB = '2017-02-21'; // a Tuesday

/** [text, date, precision] of each expression, for compact exact assertions. */
const brief = (es: TimeExpression[]): [string, string, string][] => es.map((e) => [e.text, e.date, e.precision]);
const find = (text: string, published: string | undefined = PUB): [string, string, string][] =>
  brief(findTimeExpressions(text, published));

test('seed article: every dated expression, with spans into the text', () => {
  const es = findTimeExpressions(SEED, PUB);
  assert.deepEqual(brief(es), [
    ['on Tuesday', '2017-02-21', 'day'], // "Iran’s supreme leader on Tuesday expressed support"
    ['today', '2017-02-21', 'day'],
    ['last year', '2016', 'year'], // "which began last year"
    ['on Monday evening', '2017-02-20', 'day'],
    ['today', '2017-02-21', 'day'],
    ['last week', '2017-W07', 'week'], // "discussed … with … Trump last week in Washington"
  ]);
  for (const e of es) assert.equal(SEED.slice(e.start, e.end), e.text);
  assert.equal(SEED.slice(es[0].start - 22, es[0].end + 10), 'Iran’s supreme leader on Tuesday expressed');
  // Not dates: "the 1967 lines", "the regime’s sixth international conference", "now responsible".
  assert.ok(!es.some((e) => /1967|sixth|now/.test(e.text)));
});

test('seed article: undated relative expressions are reported only on request', () => {
  const undated = findTimeExpressions(SEED, PUB, { undated: true }).filter((e) => e.precision === 'none');
  assert.deepEqual(
    undated.map((e) => [e.text, e.date]),
    [
      ['A year and half after', ''],
      ['mere days after', ''],
    ],
  );
});

test('past bias: weekdays resolve to the last such day on or before publication', () => {
  assert.deepEqual(find('Iran’s supreme leader on Tuesday expressed support.'), [['on Tuesday', '2017-02-21', 'day']]);
  assert.deepEqual(find('The two leaders met on Friday in Washington.'), [['on Friday', '2017-02-17', 'day']]);
  assert.deepEqual(find('Trump said Sunday that the order would stand.'), [['Sunday', '2017-02-19', 'day']]);
  assert.deepEqual(find('They spoke last Tuesday.'), [['last Tuesday', '2017-02-14', 'day']]);
  assert.deepEqual(find('Prime Minister Theresa May on Monday said talks would go on.'), [['on Monday', '2017-02-20', 'day']]);
});

test('a future cue in the clause flips the bias forward', () => {
  assert.deepEqual(find('Netanyahu will meet Trump on Friday.'), [['on Friday', '2017-02-24', 'day']]);
  assert.deepEqual(find('On Friday, the council is expected to vote.'), [['On Friday', '2017-02-24', 'day']]);
  assert.deepEqual(find('He said on Tuesday that he will visit Paris on Friday.'), [
    ['on Tuesday', '2017-02-21', 'day'],
    ['on Friday', '2017-02-24', 'day'],
  ]);
  assert.deepEqual(find('Elections will be held in March.'), [['March', '2017-03', 'month']]);
  assert.deepEqual(find('The ban was imposed in March.'), [['March', '2016-03', 'month']]);
  assert.equal(clauseTense('He said he will go on Friday.', 21, 30), 'future');
  assert.equal(clauseTense('He said he went on Friday.', 19, 28), 'past');
});

test('precision is what was stated', () => {
  assert.deepEqual(find('Clashes broke out yesterday.'), [['yesterday', '2017-02-20', 'day']]);
  assert.deepEqual(find('Iran tested a missile earlier this month.'), [['this month', '2017-02', 'month']]);
  assert.deepEqual(find('Sanctions were imposed last month.'), [['last month', '2017-01', 'month']]);
  assert.deepEqual(find('The campaign began late last year.'), [['last year', '2016', 'year']]);
  assert.deepEqual(find('Israel captured the West Bank in 1967.'), [['in 1967', '1967', 'year']]);
  assert.deepEqual(find('Iran and six world powers reached the deal in July 2015.'), [['July 2015', '2015-07', 'month']]);
  assert.deepEqual(find('Britain voted to leave the European Union on June 23, 2016.'), [['June 23, 2016', '2016-06-23', 'day']]);
  assert.deepEqual(find('The Senate confirmed Rex Tillerson on Feb. 1.'), [['Feb. 1', '2017-02-01', 'day']]);
  assert.deepEqual(find('The report was released on Feb. 28.'), [['Feb. 28', '2016-02-28', 'day']]);
  assert.deepEqual(find('Syria’s war has raged since 2011.'), [['since 2011', '2011', 'year']]);
  assert.deepEqual(find('Protests spread in early 2016.'), [['in early 2016', '2016', 'year']]);
  assert.deepEqual(find('Troops withdrew two days ago.'), [['two days ago', '2017-02-19', 'day']]);
  assert.deepEqual(find('The envoy arrived a week ago.'), [['a week ago', '2017-W07', 'week']]);
  assert.deepEqual(find('Talks resume next week.'), [['next week', '2017-W09', 'week']]);
  assert.deepEqual(find('Rebels attacked the town over the weekend.'), [['weekend', '2017-W07', 'week']]);
  assert.deepEqual(find('Israeli troops raided the camp on 21 February.'), [['on 21 February', '2017-02-21', 'day']]);
  // Without a publication date only stated years resolve.
  assert.deepEqual(brief(findTimeExpressions('Trump took office on Jan. 20.', undefined)), []);
  assert.deepEqual(brief(findTimeExpressions('Trump took office on Jan. 20, 2017.', undefined)), [['Jan. 20, 2017', '2017-01-20', 'day']]);
});

test('ISO weeks across a year boundary', () => {
  // Sunday 2017-01-01 belongs to ISO week 2016-W52; "last week" is 2016-W51.
  assert.deepEqual(find('The envoy visited Moscow last week.', '2017-01-01'), [['last week', '2016-W51', 'week']]);
  assert.deepEqual(find('The envoy visits Moscow this week.', '2017-01-01'), [['this week', '2016-W52', 'week']]);
  assert.equal(isoWeekString({ year: 2015, month: 12, day: 31 }), '2015-W53');
  assert.equal(isoWeekString({ year: 2018, month: 12, day: 31 }), '2019-W01');
  assert.deepEqual(find('Sanctions took effect yesterday.', '2017-03-01'), [['yesterday', '2017-02-28', 'day']]);
  assert.deepEqual(find('Sanctions took effect last month.', '2017-01-15'), [['last month', '2016-12', 'month']]);
});

test('"N units after X": dated X shifts, vague amounts coarsen, undated X gives no date', () => {
  assert.deepEqual(find('The strike came two days after Feb. 3.'), [['two days after Feb. 3', '2017-02-05', 'day']]);
  assert.deepEqual(find('It collapsed days after the Feb. 3 vote.'), [['days after the Feb. 3', '2017-W06', 'week']]);
  assert.deepEqual(find('He imposed sanctions mere days after coming into office.'), []);
  assert.deepEqual(find('The ceasefire collapsed the next day.'), []);
  assert.deepEqual(find('The ceasefire collapsed two days later.'), []);
  const undated = findTimeExpressions('He imposed sanctions mere days after coming into office.', PUB, { undated: true });
  assert.deepEqual(brief(undated), [['mere days after', '', 'none']]);
});

test('news false positives are rejected', () => {
  for (const s of [
    'Officials may announce new measures.', // the modal
    'May said she may call an election.', // the name and the modal
    'Thousands march in protest.',
    'He was elected for a second time.',
    'The regime’s sixth international conference opened.',
    'The two-state solution based on the 1967 lines.',
    'The 2016 election divided the country.',
    'The 9/11 attacks changed everything.',
    'The Sunday Times reported the deal.',
    'The Good Friday Agreement ended the conflict.',
    'The couple will wed in a small ceremony.',
    'The Sun reported it first.',
    'The March rally drew thousands.',
    'Aid reached 2000 homes in 2000 villages.',
    'Iran is now responsible for the attack.',
    'The meeting ran until 7 p.m.',
    'The talks over the past two years failed.',
    'In the 1990s the region was calm.',
  ]) {
    assert.deepEqual(find(s), [], s);
  }
});

test('results do not depend on the machine time zone', () => {
  const saved = process.env.TZ;
  try {
    const runs = ['UTC', 'Pacific/Kiritimati', 'America/Anchorage'].map((tz) => {
      process.env.TZ = tz;
      return brief(findTimeExpressions(SEED, PUB));
    });
    assert.deepEqual(runs[1], runs[0]);
    assert.deepEqual(runs[2], runs[0]);
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});
