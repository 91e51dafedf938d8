import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadNlpResources, nlpStage } from '../../src/nlp/stage.js';
import { newDoc } from '../../src/pipeline/analyze.js';
import { loadQuoteResources, quotesStage, type Quote } from '../../src/quotes/stage.js';

const read = (rel: string): string => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');

let nlp: ReturnType<typeof loadNlpResources> | null = null;

/** The quotes stage over the NLP core's analysis (its taggers read POS, lemmas, the parse and NER). */
function run(text: string): Quote[] {
  const doc = newDoc(text);
  nlpStage(doc, (nlp ??= loadNlpResources()));
  quotesStage(doc, loadQuoteResources());
  assert.ok(doc.quotes);
  return doc.quotes;
}

/** The quote record whose content (any part) contains the first occurrence of `needle`. */
function quoteAt(text: string, quotes: Quote[], needle: string): Quote {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `fixture contains ${needle}`);
  const q = quotes.find((x) => (x.parts ?? [x]).some((p) => p.start <= at && at < p.end));
  assert.ok(q, `a quote covers “${needle}”`);
  return q;
}

test('sample article: every direct quote has the right speaker, continuation quotes included', () => {
  const text = read('../../examples/seed-article.txt');
  const quotes = run(text);
  const khamenei = [
    '“The people of Palestine have no option',
    '“moving forward in a bright and hopeful manner,”',
    '“And by Allah’s permission', // continuation after "the ayatollah declared."
    '“From the beginning, this cancerous tumor',
    '“The cure for this tumor', // continuation after "he went on."
    '“The Palestinian intifada continues to gallop',
    '“is a necessity and a holy jihad,”',
    '“The paradigm of heroic and continuous resistance', // continuation
    '“The problem with ‘compromise’',
    '“Rather the problem is that', // continuation
    '“An intelligent quest in history', // continuation after "he said."
    '“seditions that exist in the present time',
    '“Supporting the resistance is the responsibility',
    '“With the emergence of signs of the collapse',
  ];
  for (const needle of khamenei) {
    const q = quoteAt(text, quotes, needle);
    assert.match(q.speaker?.name ?? '', /Khamenei$/, `speaker of ${needle}: ${JSON.stringify(q.speaker)}`);
  }
  const bibi = quoteAt(text, quotes, '“I think there’s an opportunity');
  assert.equal(bibi.kind, 'direct');
  assert.equal(bibi.speaker?.text, 'he');
  assert.equal(bibi.speaker?.name, 'Benjamin Netanyahu');
  assert.equal(bibi.cue?.text, 'said');

  const first = quoteAt(text, quotes, '“The people of Palestine');
  assert.equal(first.kind, 'direct');
  assert.equal(first.text, text.slice(first.start, first.end));
  assert.equal(text.slice(first.start, first.end).startsWith('“The people of Palestine'), true);
  assert.equal(text.slice(first.end - 2, first.end), ',”');
  assert.deepEqual(first.cue, { start: text.indexOf('said Khamenei'), end: text.indexOf('said Khamenei') + 4, text: 'said' });
  assert.equal(first.speaker?.text, 'Khamenei');
  assert.equal(first.speaker?.start, text.indexOf('said Khamenei') + 5);

  const wentOn = quoteAt(text, quotes, '“From the beginning');
  assert.equal(wentOn.cue?.text, 'went on');
  assert.equal(wentOn.speaker?.text, 'he');

  const posited = quotes.find((q) => q.cue?.text === 'posited');
  assert.equal(posited?.speaker?.text, 'Khamenei');
  // ids are Q1.. in text order
  quotes.forEach((q, i) => assert.equal(q.id, `Q${i + 1}`));
});

test('split quote around the cue, added, multi-paragraph continuation, indirect speech', () => {
  const text = read('../fixtures/quotes/article.txt');
  const quotes = run(text);
  const at = (s: string): number => text.indexOf(s);

  const q1 = quoteAt(text, quotes, '“We will win');
  assert.equal(q1.kind, 'direct');
  assert.deepEqual(q1.parts, [
    { start: at('“We will win'), end: at(' Senator') },
    { start: at('“And we will'), end: text.indexOf('\n', at('“And we will')) },
  ]);
  assert.deepEqual(q1.cue, { start: 67, end: 71, text: 'said' });
  assert.deepEqual(q1.speaker, { entity: null, name: 'Jane Smith', start: 48, end: 66, text: 'Senator Jane Smith' });

  const q2 = quoteAt(text, quotes, '“Nobody expected');
  assert.equal(q2.text, '“Nobody expected the bill to move this fast,”');
  assert.equal(q2.cue?.text, 'added');
  assert.deepEqual(q2.speaker, { entity: null, name: 'Jane Smith', start: 169, end: 172, text: 'she' });

  const q3 = quoteAt(text, quotes, '“The House will');
  assert.equal(q3, quoteAt(text, quotes, '“The deadline is Friday'), 'one quote over two paragraphs');
  assert.equal(q3.start, at('“The House will'));
  assert.equal(q3.end, at('watching.”') + 'watching.”'.length);
  assert.equal(q3.cue, null);
  assert.equal(q3.speaker?.name, 'Jane Smith', 'continuation quote → previous speaker');

  const q4 = quoteAt(text, quotes, 'that the president');
  assert.equal(q4.kind, 'indirect');
  assert.equal(q4.text, 'that the president would sign the bill');
  assert.equal(q4.cue?.text, 'said');
  assert.equal(q4.speaker?.text, 'The White House');
  assert.equal(quotes.length, 4);
});

test('a cue whose reported clause holds another cue and its content reports the whole clause', () => {
  // the taggers read "would discuss" as a cue of its own and give it the content: "said" takes its clause
  const text = 'The embassy said Ms. Lind and Mr. Ortega would discuss the treaty and fishing rights at their talks on Friday.';
  const quotes = run(text);
  assert.equal(quotes.length, 1);
  const [q] = quotes;
  assert.equal(q.kind, 'indirect');
  assert.equal(q.text, 'Ms. Lind and Mr. Ortega would discuss the treaty and fishing rights at their talks on Friday');
  assert.deepEqual(q.cue, { start: 12, end: 16, text: 'said' });
  assert.deepEqual(q.speaker && { start: q.speaker.start, end: q.speaker.end, text: q.speaker.text }, { start: 0, end: 11, text: 'The embassy' });
});
