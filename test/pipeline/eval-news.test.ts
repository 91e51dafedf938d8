/** `herald eval news`: the news-gold scoring rules on a committed mini gold folder, with exact figures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateNews, nameTokens } from '../../src/pipeline/eval-news.js';
import type { Result } from '../../src/pipeline/result.js';
import type { EventRecord } from '../../src/events/stage.js';
import type { Quote } from '../../src/doc/doc.js';

const DIR = 'test/fixtures/news-gold';
const TEXT = (JSON.parse(readFileSync(`${DIR}/articles/mini-001.json`, 'utf8')) as { text: string }).text;

const at = (word: string): { start: number; end: number; text: string } => {
  const start = TEXT.indexOf(word);
  return { start, end: start + word.length, text: word };
};
const actor = (code: string | null) => (code ? { entity: null, name: code, actor: { code, name: code }, start: 0, end: 0 } : null);
const event = (word: string, code: string, source: string | null, target: string | null) =>
  ({ trigger: at(word), cameo: { code, root: code.slice(0, 2) }, source: actor(source), target: actor(target) }) as unknown as EventRecord;
const quote = (content: string, speaker: string | null) =>
  ({ ...at(content), speaker: speaker ? { name: speaker, text: speaker } : null }) as unknown as Quote;

test('events match one to one inside the gold sentence; plain statements are left out; quotes by overlap and name', () => {
  const result = {
    events: [
      event('appealed', '0224', 'DEUGOV', 'ISR'), // root match, not exact (0224 ≠ 022)
      event('appealed', '022', 'DEUGOV', 'ISR'), // exact match (the gold event is free at that level)
      event('obstacle', '112', 'DEUGOV', null), // trigger only: the target is missing
      event('said', '010', 'ISRGOV', null), // a plain statement: not scored
      event('study', '030', 'ISRGOV', null), // outside every gold sentence
    ],
    quotes: [quote('This is an obstacle to peace', 'Klaus Kinkel'), quote('they would study the request', 'Kinkel')],
  } as unknown as Result;
  const s = evaluateNews(DIR, (text, meta) => {
    assert.equal(text, TEXT);
    assert.equal(meta.published, '1996-08-30');
    return result;
  });
  assert.equal(s.docs, 1);
  assert.deepEqual(s.events, {
    root: { p: 0.25, r: 0.5, f1: 0.3333 },
    exact: { p: 0.25, r: 0.5, f1: 0.3333 },
    trigger: { p: 0.5, r: 1, f1: 0.6667 },
    herald: 4,
    gold: 2,
    herald_plain_statements: 1,
  });
  assert.deepEqual(s.quotes, {
    p: 1,
    r: 1,
    f1: 1,
    speaker_acc: 0.5,
    attributed: { p: 0.5, r: 0.5, f1: 0.5 },
    herald: 2,
    gold: 2,
  });
});

test('speaker name tokens leave out titles and short words', () => {
  assert.deepEqual(nameTokens('German Foreign Minister Klaus Kinkel'), ['german', 'klaus', 'kinkel']);
  assert.deepEqual(nameTokens('a ministry spokesman'), ['ministry']);
});

test('a folder without articles/ and gold/ is refused with the fix', () => {
  assert.throws(() => evaluateNews('test/fixtures', () => ({}) as Result), /no articles\/ and gold\/ folders inside/);
});
