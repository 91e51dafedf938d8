/** `herald eval news`: the news-gold scoring rules on a committed mini gold folder, with exact figures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateNews, nameTokens } from '../../src/pipeline/eval-news.js';
import type { Result } from '../../src/pipeline/result.js';
import type { EventArgument, EventRecord, Quote } from '../../src/doc/doc.js';

const DIR = 'test/fixtures/news-gold';
const TEXT = (JSON.parse(readFileSync(`${DIR}/articles/mini-001.json`, 'utf8')) as { text: string }).text;

// Whole records of the output schema, with only what the scoring reads (spans, codes, names) set on purpose.
const at = (word: string): { start: number; end: number; text: string } => {
  const start = TEXT.indexOf(word);
  return { start, end: start + word.length, text: word };
};
const actor = (code: string | null): EventArgument | null =>
  code ? { entity: null, name: code, actor: { code, country: code.slice(0, 3), sector: null }, start: 0, end: 0 } : null;
const event = (word: string, code: string, source: string | null, target: string | null): EventRecord => ({
  id: `V-${word}-${code}`, trigger: at(word), sentence: 0, source: actor(source), target: actor(target),
  cameo: { code, name: '', root: code.slice(0, 2), goldstein: null, quadClass: 0 }, plover: null,
  date: null, datePrecision: '', location: null, quote: null, via: 'verb', modality: 'act', evidence: 'asserted', confidence: 1,
});
const quote = (content: string, speaker: string | null): Quote => ({
  id: `Q-${content}`, kind: 'direct', ...at(content), cue: null,
  speaker: speaker ? { entity: null, name: speaker, start: 0, end: 0, text: speaker } : null, confidence: 1,
});
const result = (events: EventRecord[], quotes: Quote[]): Result => ({ id: '', meta: {}, sentences: [], entities: [], quotes, events });

test('events match one to one inside the gold sentence; plain statements are left out; quotes by overlap and name', () => {
  const analysed = result(
    [
      event('appealed', '0224', 'DEUGOV', 'ISR'), // root match, not exact (0224 ≠ 022)
      event('appealed', '022', 'DEUGOV', 'ISR'), // exact match (the gold event is free at that level)
      event('obstacle', '112', 'DEUGOV', null), // trigger only: the target is missing
      event('said', '010', 'ISRGOV', null), // a plain statement: not scored
      event('study', '030', 'ISRGOV', null), // outside every gold sentence
    ],
    [quote('This is an obstacle to peace', 'Klaus Kinkel'), quote('they would study the request', 'Kinkel')],
  );
  const s = evaluateNews(DIR, (text, meta) => {
    assert.equal(text, TEXT);
    assert.equal(meta.published, '1996-08-30');
    return analysed;
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
  assert.throws(() => evaluateNews('test/fixtures', () => result([], [])), /no articles\/ and gold\/ folders inside/);
});
