import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { Gazetteer } from '../../src/geo/gazetteer.js';
import { nameKey } from '../../src/geo/names.js';
import { dataPath } from '../../src/nlp/paths.js';

const g = Gazetteer.default();
const brief = (name: string, ctx?: string) => {
  const p = g.resolve(name, ctx);
  return p && [p.name, p.country, p.lat, p.lon, p.kind];
};

test('the shipped file is compact and loaded once', () => {
  const bytes = statSync(dataPath('gazetteer.json.gz')).size;
  assert.ok(bytes < 3 * 1024 * 1024, `${bytes} bytes`);
  assert.ok(bytes > 200_000, `${bytes} bytes: the file looks truncated`);
  assert.equal(Gazetteer.default(), g);
  assert.ok(g.size > 25_000, `${g.size} names`);
});

test('capitals and cities with coordinates', () => {
  const tehran = g.resolve('Tehran');
  assert.deepEqual(tehran, {
    name: 'Tehran',
    country: 'IRN',
    lat: 35.69,
    lon: 51.42,
    kind: 'city',
    population: 7153309,
    capital: true,
  });
  assert.deepEqual(brief('Tel Aviv'), ['Tel Aviv', 'ISR', 32.08, 34.78, 'city']);
  assert.deepEqual(brief('Jerusalem'), ['Jerusalem', 'ISR', 31.77, 35.22, 'city']);
  assert.deepEqual(brief('Aleppo'), ['Aleppo', 'SYR', 36.2, 37.16, 'city']);
});

test('ranking: countries, then capitals, then other cities by population, then regions', () => {
  assert.deepEqual(brief('Washington'), ['Washington, D.C.', 'USA', 38.9, -77.04, 'city']); // capital beats the state and Washington GB
  assert.deepEqual(brief('Paris'), ['Paris', 'FRA', 48.85, 2.35, 'city']);
  assert.deepEqual(brief('Georgia'), ['Georgia', 'GEO', 42, 43.5, 'country']);
  assert.deepEqual(brief('Springfield'), ['Springfield', 'USA', 37.22, -93.3, 'city']); // the largest (Missouri)
  assert.deepEqual(brief('New York'), ['New York City', 'USA', 40.71, -74.01, 'city']); // the city before the state
  const paris = g.lookup('Paris');
  assert.equal(paris[0].country, 'FRA');
  assert.ok(paris.some((p) => p.country === 'USA'));
});

test('a context country breaks ties between homonyms', () => {
  assert.deepEqual(brief('Paris', 'USA'), ['Paris', 'USA', 33.66, -95.56, 'city']); // Paris, Texas
  assert.deepEqual(brief('Georgia', 'USA'), ['Georgia', 'USA', 33.28, -83.85, 'region']); // the state (population-weighted centre)
  assert.deepEqual(g.lookup('Paris', 'USA')[0].country, 'USA');
  assert.deepEqual(brief('Tehran', 'USA'), ['Tehran', 'IRN', 35.69, 51.42, 'city']); // no US Tehran: context ignored
});

test('country names, official names, abbreviations and spelling variants', () => {
  for (const n of ['Iran', 'Islamic Republic of Iran']) assert.equal(g.resolve(n)?.country, 'IRN', n);
  for (const n of ['United States', 'U.S.', 'US', 'USA', 'America', 'the United States of America']) assert.equal(g.resolve(n)?.country, 'USA', n);
  for (const n of ['Britain', 'United Kingdom', 'UK', 'Great Britain']) assert.equal(g.resolve(n)?.country, 'GBR', n);
  assert.equal(g.resolve('Ivory Coast')?.country, 'CIV');
  assert.equal(g.resolve('Côte d’Ivoire')?.country, 'CIV');
  assert.equal(g.resolve("Cote d'Ivoire")?.country, 'CIV');
  assert.equal(g.resolve('the Netherlands')?.country, 'NLD');
  assert.equal(g.resolve('Burma')?.country, 'MMR');
  assert.equal(g.resolve('Kiev')?.name, 'Kyiv');
  assert.equal(g.resolve('Geneva')?.country, 'CHE'); // exonym of Genève
  assert.equal(g.resolve('Raqqa')?.name, 'Ar Raqqah'); // Arabic article and -ah dropped
  assert.equal(g.resolve('St. Petersburg')?.country, 'RUS');
  assert.equal(g.resolve('Krakow')?.name, g.resolve('Kraków')?.name);
  assert.equal(nameKey('Washington, D.C.'), nameKey('washington dc'));
});

test('regions', () => {
  assert.deepEqual(brief('Gaza Strip'), ['Gaza Strip', 'PSE', 31.42, 34.36, 'region']);
  assert.deepEqual(brief('West Bank'), ['West Bank', 'PSE', 31.95, 35.25, 'region']);
  assert.deepEqual(brief('California'), ['California', 'USA', 35.33, -119.3, 'region']);
  assert.equal(g.resolve('Scotland')?.country, 'GBR');
  assert.equal(g.resolve('Middle East')?.country, '');
});

test('demonyms map to countries but are not places; unknown names are null', () => {
  assert.equal(g.countryOfDemonym('Iranian'), 'IRN');
  assert.equal(g.countryOfDemonym('Israeli'), 'ISR');
  assert.equal(g.countryOfDemonym('American'), 'USA');
  assert.deepEqual(g.lookup('Iranian'), []);
  assert.equal(g.resolve('Khamenei'), null);
  assert.equal(g.resolve(''), null);
});
