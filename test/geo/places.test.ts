import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locationForEvent, placesInSentence, type PlaceMention } from '../../src/geo/places.js';
import { parsedDoc, plainDoc, tok, withoutParse } from '../time/parsed-doc.js';
import * as S from '../time/seed-parses.js';

const SENTENCES = S.SEED_SENTENCES;
const doc = parsedDoc(SENTENCES, { published: S.SEED_PUBLISHED });
const where = (si: number, form: string, nth = 0) => {
  const p = locationForEvent(doc, si, tok(doc, si, form, nth));
  return p && [p.name, p.country, p.lat, p.lon];
};
const brief = (ms: PlaceMention[]) => ms.map((m) => [m.text, m.place.country, m.evidence, m.preposition, m.possessive]);

test('seed: "Addressing some 700 delegates in a Tehran conference center" puts the event in Tehran', () => {
  assert.deepEqual(where(2, 'denounced'), ['Tehran', 'IRN', 35.69, 51.42]);
  assert.deepEqual(where(2, 'Addressing'), ['Tehran', 'IRN', 35.69, 51.42]);
  // "… and called instead for all-out resistance": the second conjunct shares the first's adjuncts.
  assert.deepEqual(where(2, 'called', 1), ['Tehran', 'IRN', 35.69, 51.42]);
  assert.deepEqual(brief(placesInSentence(doc, 2)), [['Tehran', 'IRN', 'locative-head', '', false]]);
});

test('seed: places stated with a preposition attached to the trigger or its adjuncts', () => {
  // "during a visit in Singapore, highlighted his recent trips to two Muslim countries — Azerbaijan and Kazakhstan"
  assert.deepEqual(where(3, 'highlighted'), ['Singapore', 'SGP', 1.37, 103.8]);
  // "Netanyahu discussed the nuclear deal … with US President Donald Trump last week in Washington."
  assert.deepEqual(where(6, 'discussed'), ['Washington, D.C.', 'USA', 38.9, -77.04]);
  // "sent a senior representative to Tehran": the destination of a motion verb.
  assert.deepEqual(where(4, 'sent'), ['Tehran', 'IRN', 35.69, 51.42]);
  // "an attack on Tel Aviv": the target of an attack, for the attack itself …
  assert.deepEqual(where(5, 'attack'), ['Tel Aviv', 'ISR', 32.08, 34.78]);
  // … but not for the threat ("threatening an attack on Tel Aviv" is not made in Tel Aviv).
  assert.equal(where(5, 'threatening'), null);
});

test('seed: no stated place, and never the country of the actors', () => {
  // "Calling Israel a “cancerous tumor,” Iran’s supreme leader on Tuesday expressed support …"
  assert.equal(where(0, 'expressed'), null);
  assert.deepEqual(brief(placesInSentence(doc, 0)), [
    ['Israel', 'ISR', 'name', '', false],
    ['Iran', 'IRN', 'name', '', true],
  ]);
  // "signed a landmark nuclear agreement with Iran": a partner, not a place.
  assert.equal(where(5, 'signed'), null);
  // "The new US administration … having already imposed additional sanctions on the regime"
  assert.equal(where(7, 'imposed'), null);
  // "the ayatollah declared": nothing in the sentence.
  assert.equal(where(1, 'declared'), null);
});

test('seed: names inside longer names and possessives are not locations', () => {
  assert.deepEqual(brief(placesInSentence(doc, 6)), [
    ['Tehran', 'IRN', 'name', '', true], // "Tehran’s increasingly belligerent rhetoric"
    ['Washington', 'USA', 'preposition', 'in', false], // "US President" is not a place mention
  ]);
  assert.deepEqual(brief(placesInSentence(doc, 3)), [
    ['Singapore', 'SGP', 'preposition', 'in', false],
    ['Azerbaijan', 'AZE', 'name', '', false],
    ['Kazakhstan', 'KAZ', 'name', '', false],
    ['Israel', 'ISR', 'preposition', 'to', false],
  ]);
});

test('NER candidate spans are used when given', () => {
  const s = doc.sentences[3];
  const start = doc.text.indexOf('Kazakhstan', s.start);
  const ms = placesInSentence(doc, 3, { candidates: [{ start, end: start + 'Kazakhstan'.length }] });
  assert.deepEqual(
    ms.filter((m) => m.text === 'Kazakhstan').map((m) => m.evidence),
    ['candidate'],
  );
  // A candidate span the gazetteer does not know is ignored.
  const k = doc.text.indexOf('Netanyahu', s.start);
  assert.equal(placesInSentence(doc, 3, { candidates: [{ start: k, end: k + 9 }] }).filter((m) => m.text === 'Netanyahu').length, 0);
});

test('without a parse: the stative locative nearest the trigger', () => {
  const flat = withoutParse(doc);
  assert.deepEqual(locationForEvent(flat, 6, tok(flat, 6, 'discussed'))?.name, 'Washington, D.C.');
  assert.deepEqual(locationForEvent(flat, 2, tok(flat, 2, 'denounced'))?.name, 'Tehran');
  assert.equal(locationForEvent(flat, 0, tok(flat, 0, 'expressed')), null);
  const p = plainDoc('Israeli jets struck targets in the Gaza Strip on Sunday, the army said.');
  assert.deepEqual(locationForEvent(p, 0, tok(p, 0, 'struck')), {
    name: 'Gaza Strip',
    country: 'PSE',
    lat: 31.42,
    lon: 34.36,
    kind: 'region',
    population: 0,
    capital: false,
  });
});

test('other news sentences: false friends are not places', () => {
  const names = (text: string) => placesInSentence(plainDoc(text), 0).map((m) => [m.text, m.place.country, m.evidence]);
  assert.deepEqual(names('Iranian President Hassan Rouhani spoke at Tehran University, the Washington Post reported.'), []);
  assert.deepEqual(names('Michael Jordan visited Chicago on Tuesday.'), [['Chicago', 'USA', 'name']]);
  assert.deepEqual(names('Split decisions were made in Zagreb.'), [['Zagreb', 'HRV', 'preposition']]);
  assert.deepEqual(names('Protesters gathered in Washington, D.C., and in northern Syria.'), [
    ['Washington, D.C.', 'USA', 'preposition'],
    ['Syria', 'SYR', 'preposition'],
  ]);
  assert.deepEqual(names('In Tehran Tuesday, officials met a delegation from Kazakhstan.'), [
    ['Tehran', 'IRN', 'preposition'],
    ['Kazakhstan', 'KAZ', 'preposition'],
  ]);
  assert.deepEqual(names('Clashes erupted in Idlib Province.'), [['Idlib Province', 'SYR', 'preposition']]);
  assert.deepEqual(names('The talks in Geneva ended without a deal.'), [['Geneva', 'CHE', 'preposition']]);
  assert.deepEqual(names('France sent envoys to Côte d’Ivoire.'), [
    ['France', 'FRA', 'name'],
    ['Côte d’Ivoire', 'CIV', 'preposition'],
  ]);
  // "from" is an origin, never the event's place.
  const d = plainDoc('Delegates from Kazakhstan met in Tehran.');
  assert.equal(locationForEvent(d, 0, tok(d, 0, 'met'))?.name, 'Tehran');
  const e = plainDoc('Delegates from Kazakhstan met on Tuesday.');
  assert.equal(locationForEvent(e, 0, tok(e, 0, 'met')), null);
});

test('a context country resolves homonyms', () => {
  const d = plainDoc('The storm damaged homes in Paris on Monday.');
  assert.deepEqual(placesInSentence(d, 0).map((m) => m.place.country), ['FRA']);
  assert.deepEqual(placesInSentence(d, 0, { contextCountry: 'USA' }).map((m) => m.place.country), ['USA']);
});
