import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/nlp/paths.js';
import { tokenize, tokenStrings } from '../../src/nlp/tokenizer/tokenizer.js';

const toks = (text: string): string[] => tokenStrings(text, tokenize(text));
const seed = readFileSync(join(packageRoot(), 'examples', 'seed-article.txt'), 'utf8');

test('clitics are split into EWT syntactic words', () => {
  assert.deepEqual(toks("I don't think they’re right, and John's car can't go."), [
    'I', 'do', "n't", 'think', 'they', '’re', 'right', ',', 'and', 'John', "'s", 'car', 'ca', "n't", 'go', '.',
  ]);
  assert.deepEqual(toks("It's 5 o'clock; won't you come? I'm sure."), [
    'It', "'s", '5', "o'clock", ';', 'wo', "n't", 'you', 'come', '?', 'I', "'m", 'sure', '.',
  ]);
  // EWT also splits the apostrophe-less forms and a few fused words.
  assert.deepEqual(toks('i dont know, i cannot say and im gonna wait'), [
    'i', 'do', 'nt', 'know', ',', 'i', 'can', 'not', 'say', 'and', 'i', 'm', 'gon', 'na', 'wait',
  ]);
  assert.deepEqual(toks("the parents' cars and the 1960's"), ['the', 'parents', "'", 'cars', 'and', 'the', "1960's"]);
  // `its` is only `it|s` where a possessive cannot be meant.
  assert.deepEqual(toks('its not its fault'), ['it', 's', 'not', 'its', 'fault']);
});

test('quotes, dashes and ellipses are their own tokens', () => {
  assert.deepEqual(toks('He said "no" and “yes” — then left... Wait...what?! No -- never…'), [
    'He', 'said', '"', 'no', '"', 'and', '“', 'yes', '”', '—', 'then', 'left', '...', 'Wait', '...', 'what', '?!',
    'No', '--', 'never', '…',
  ]);
  assert.deepEqual(toks("the ‘compromise’ and 'normal' ones"), ['the', '‘', 'compromise', '’', 'and', "'", 'normal', "'", 'ones']);
  assert.deepEqual(toks('(see [1]) {x}'), ['(', 'see', '[', '1', ']', ')', '{', 'x', '}']);
});

test('abbreviations stay whole; a sentence-final one gives up its period', () => {
  assert.deepEqual(toks('Gov. Smith met U.S. officials in Jan. 2017, e.g. Mr. Jones and Dr. Who at 5 p.m. today.'), [
    'Gov.', 'Smith', 'met', 'U.S.', 'officials', 'in', 'Jan.', '2017', ',', 'e.g.', 'Mr.', 'Jones', 'and', 'Dr.', 'Who',
    'at', '5', 'p.m.', 'today', '.',
  ]);
  assert.deepEqual(toks('J. R. R. Tolkien wrote it.'), ['J.', 'R.', 'R.', 'Tolkien', 'wrote', 'it', '.']);
  assert.deepEqual(toks('They sell apples, pears, etc. The rest is history.'), [
    'They', 'sell', 'apples', ',', 'pears', ',', 'etc', '.', 'The', 'rest', 'is', 'history', '.',
  ]);
  assert.deepEqual(toks('He works for Acme Inc. in Texas. She lives in the U.S. He does not.'), [
    'He', 'works', 'for', 'Acme', 'Inc.', 'in', 'Texas', '.', 'She', 'lives', 'in', 'the', 'U.S', '.', 'He', 'does', 'not', '.',
  ]);
  assert.deepEqual(toks('It ended at 2 a.m.'), ['It', 'ended', 'at', '2', 'a.m', '.']);
  // Ordinary words before a period are not abbreviations; "No." needs a number.
  assert.deepEqual(toks('I said no. Then No. 5 won.'), ['I', 'said', 'no', '.', 'Then', 'No.', '5', 'won', '.']);
});

test('numbers, currency, percentages, times and units', () => {
  assert.deepEqual(toks('It cost $5, or 10% of 1,000 units at 3.5 each (€20.50).'), [
    'It', 'cost', '$', '5', ',', 'or', '10', '%', 'of', '1,000', 'units', 'at', '3.5', 'each', '(', '€', '20.50', ')', '.',
  ]);
  assert.deepEqual(toks('at 7:30PM for 65k on 11/28/2000 in the 1990s, the 23rd time, 1/2 of it'), [
    'at', '7:30', 'PM', 'for', '65', 'k', 'on', '11/28/2000', 'in', 'the', '1990s', ',', 'the', '23rd', 'time', ',',
    '1', '/', '2', 'of', 'it',
  ]);
  assert.deepEqual(toks('Call 713-853-3989 (ext. 3-5213) or +1 555.'), [
    'Call', '713-853-3989', '(', 'ext.', '3-5213', ')', 'or', '+1', '555', '.',
  ]);
});

test('hyphenated compounds follow EWT: split, except after prefixes such as co- and e-', () => {
  assert.deepEqual(toks('a 15-year-old co-worker sent an e-mail about the Al-Zaman report and/or mid-1980s re-runs'), [
    'a', '15', '-', 'year', '-', 'old', 'co-worker', 'sent', 'an', 'e-mail', 'about', 'the', 'Al', '-', 'Zaman',
    'report', 'and', '/', 'or', 'mid-1980s', 're-runs',
  ]);
});

test('URLs, e-mail addresses, handles, hashtags and emoticons are single tokens', () => {
  assert.deepEqual(toks('Email jane.doe@example.com or see https://example.com/a?b=1, www.herald.org. @herald_news #Iran :-)'), [
    'Email', 'jane.doe@example.com', 'or', 'see', 'https://example.com/a?b=1', ',', 'www.herald.org', '.',
    '@herald_news', '#Iran', ':-)',
  ]);
  assert.deepEqual(toks('"Julie"<julie...@bellsouth.net>'), ['"', 'Julie', '"', '<', 'julie...@bellsouth.net', '>']);
  assert.deepEqual(toks('Great:-). Amazon.com rocks'), ['Great', ':-)', '.', 'Amazon.com', 'rocks']);
});

test('non-ASCII letters, emoji and other scripts', () => {
  assert.deepEqual(toks('Café naïve 東京 😀! Ayatollah Khamenei’s speech'), [
    'Café', 'naïve', '東京', '😀', '!', 'Ayatollah', 'Khamenei', '’s', 'speech',
  ]);
});

test('the seed article: quotes, possessives and dashes of news text', () => {
  const t = toks(seed);
  assert.deepEqual(t.slice(0, 7), ['By', 'Raphael', 'Ahren', ',', 'Times', 'of', 'Israel']);
  assert.deepEqual(t.slice(7, 20), ['Calling', 'Israel', 'a', '“', 'cancerous', 'tumor', ',', '”', 'Iran', '’s', 'supreme', 'leader', 'on']);
  const i = t.indexOf('today');
  assert.deepEqual(t.slice(i, i + 5), ['today', ',', '”', 'said', 'Khamenei']);
  const j = t.indexOf('two');
  assert.deepEqual(t.slice(j, j + 4), ['two', '-', 'state', 'solution']);
  const k = t.indexOf('cruelty');
  assert.deepEqual(t.slice(k, k + 4), ['cruelty', '.', '…', 'It']);
});

test('spans point into the original text, cover every non-space character and respect from/to', () => {
  const spans = tokenize(seed);
  let prevEnd = 0;
  let covered = '';
  for (let i = 0; i < spans.count; i++) {
    const s = spans.start[i];
    const e = spans.end[i];
    assert.ok(s >= prevEnd && e > s, `token ${i} overlaps or is empty`);
    assert.match(seed.slice(prevEnd, s), /^\s*$/, 'only whitespace between tokens');
    assert.doesNotMatch(seed.slice(s, e), /\s/, 'no whitespace inside a token');
    covered += seed.slice(s, e);
    prevEnd = e;
  }
  assert.equal(covered, seed.replace(/\s+/g, ''));

  const text = 'skip this. Tokenize "only" this part. not this';
  const from = text.indexOf('Tokenize');
  const to = text.indexOf(' not');
  const part = tokenize(text, from, to);
  assert.deepEqual(tokenStrings(text, part), ['Tokenize', '"', 'only', '"', 'this', 'part', '.']);
  assert.equal(part.start[0], from);
  assert.equal(part.end[part.count - 1], to);
  assert.equal(tokenize('').count, 0);
  assert.equal(tokenize('   \n\n  ').count, 0);
});

test('tokenizes at least a million characters per second', () => {
  const big = seed.repeat(Math.ceil(2_000_000 / seed.length));
  tokenize(big); // warm-up
  const t0 = performance.now();
  const spans = tokenize(big);
  const seconds = (performance.now() - t0) / 1000;
  assert.ok(spans.count > 300_000);
  assert.ok(big.length / seconds > 1_000_000, `${(big.length / seconds / 1e6).toFixed(2)}M chars/s`);
});
