/**
 * Two synthetic DESIGN-schema results and the rows the store must give back for them, shared by the SQLite
 * tests and the contract tests that every backend passes.
 */
import assert from 'node:assert/strict';
import type { DocumentIn } from '../../src/store/types.js';

export const NOW = new Date('2024-05-06T07:08:09.000Z');

export function span(text: string, part: string, from = 0): { start: number; end: number; text: string } {
  const start = text.indexOf(part, from);
  assert.ok(start >= 0, `'${part}' not in text`);
  return { start, end: start + part.length, text: part };
}

export const TEXT_A =
  'Iran’s supreme leader Ali Khamenei said “the people of Palestine will prevail” on Tuesday. ' +
  'The United States imposed sanctions on Iran in Tehran.';
export const TEXT_B = 'Donald Trump said “sanctions are working”. Iran threatened the United States on Saturday.';

export function docA(): DocumentIn {
  const t = TEXT_A;
  const s1 = t.indexOf('The United States');
  const q = span(t, '“the people of Palestine will prevail”');
  return {
    id: 'a'.repeat(64),
    meta: { title: 'Khamenei on Palestine', source: 'Times of Israel', url: 'https://example.org/a', published: '2017-02-21' },
    text: t,
    sentences: [{ start: 0, end: s1 - 1 }, { start: s1, end: t.length }],
    entities: [
      {
        id: 'E1', type: 'PERSON', name: 'Ali Khamenei',
        mentions: [{ ...span(t, 'Iran’s supreme leader'), kind: 'nominal' }, { ...span(t, 'Ali Khamenei'), kind: 'name' }],
        actor: { code: 'IRNGOV', country: 'IRN', sector: 'GOV' },
      },
      { id: 'E2', type: 'GPE', name: 'United States', mentions: [{ ...span(t, 'United States'), kind: 'name' }], actor: { code: 'USA', country: 'USA', sector: null } },
      { id: 'E3', type: 'GPE', name: 'Iran', mentions: [{ ...span(t, 'Iran', s1), kind: 'name' }], actor: { code: 'IRN', country: 'IRN', sector: null } },
    ],
    quotes: [
      {
        id: 'Q1', kind: 'direct', start: q.start, end: q.end, text: q.text, cue: span(t, 'said'),
        speaker: { entity: 'E1', name: 'Ali Khamenei', ...span(t, 'Ali Khamenei') }, confidence: 0.94,
      },
    ],
    events: [
      {
        id: 'V1', trigger: span(t, 'imposed'), sentence: 1,
        source: { entity: 'E2', name: 'United States', actor: { code: 'USAGOV', country: 'USA', sector: 'GOV' } },
        target: { entity: 'E3', name: 'Iran', actor: { code: 'IRN', country: 'IRN', sector: null } },
        cameo: { code: '163', name: 'Impose embargo, boycott, or sanctions', root: '16', goldstein: -8, quadClass: 4 },
        plover: { type: 'SANCTION', mode: '', context: ['economic'] },
        date: '2017-02-2X', location: { name: 'Tehran', country: 'IRN', lat: 35.69, lon: 51.42 },
        quote: null, confidence: 0.81,
      },
    ],
  };
}

export function docB(): DocumentIn {
  const t = TEXT_B;
  const s1 = t.indexOf('Iran threatened');
  const q = span(t, '“sanctions are working”');
  return {
    id: 'b'.repeat(64),
    meta: { title: 'Trump, Iran', url: 'https://example.org/b', published: '2017-03-05' },
    text: t,
    sentences: [{ start: 0, end: s1 - 1 }, { start: s1, end: t.length }],
    entities: [
      { id: 'E1', type: 'PERSON', name: 'Donald Trump', mentions: [{ ...span(t, 'Donald Trump'), kind: 'name' }], actor: { code: 'USAGOV', country: 'USA', sector: 'GOV' } },
      { id: 'E2', type: 'GPE', name: 'Iran', mentions: [{ ...span(t, 'Iran'), kind: 'name' }], actor: { code: 'IRN', country: 'IRN', sector: null } },
    ],
    quotes: [
      {
        id: 'Q1', kind: 'direct', start: q.start, end: q.end, text: q.text, cue: span(t, 'said'),
        speaker: { entity: 'E1', name: 'Donald Trump', ...span(t, 'Donald Trump') }, confidence: 0.9,
      },
    ],
    events: [
      {
        id: 'V1', trigger: span(t, 'threatened'), sentence: 1,
        source: { entity: 'E2', name: 'Iran', actor: { code: 'IRN', country: 'IRN', sector: null } },
        target: { entity: null, name: 'United States', actor: { code: 'USA', country: 'USA', sector: null } },
        cameo: { code: '138', name: 'Threaten with military force', root: '13', goldstein: -7, quadClass: 3 },
        plover: { type: 'THREATEN', mode: 'military', context: [] },
        date: '2017-03-04', location: null, quote: null, confidence: 0.7,
      },
    ],
  };
}

export const QUOTE_A = {
  document: 'a'.repeat(64), quote: 'Q1', date: '2017-02-21', speaker: 'Ali Khamenei', kind: 'direct',
  text: '“the people of Palestine will prevail”', cue: 'said', confidence: 0.94,
  start: TEXT_A.indexOf('“'), end: TEXT_A.indexOf('”') + 1, title: 'Khamenei on Palestine', url: 'https://example.org/a',
};
export const QUOTE_B = {
  document: 'b'.repeat(64), quote: 'Q1', date: '2017-03-05', speaker: 'Donald Trump', kind: 'direct',
  text: '“sanctions are working”', cue: 'said', confidence: 0.9,
  start: TEXT_B.indexOf('“'), end: TEXT_B.indexOf('”') + 1, title: 'Trump, Iran', url: 'https://example.org/b',
};
export const EVENT_A = {
  event_id: 1, document: 'a'.repeat(64), event: 'V1', date: '2017-02-21',
  source: 'United States', source_code: 'USAGOV', source_country: 'USA', source_sector: 'GOV',
  target: 'Iran', target_code: 'IRN', target_country: 'IRN', target_sector: null,
  trigger: 'imposed', cameo_code: '163', cameo_name: 'Impose embargo, boycott, or sanctions', cameo_root: '16',
  quad_class: 4, goldstein: -8, plover_type: 'SANCTION', plover_mode: null, plover_context: 'economic',
  location: 'Tehran', country: 'IRN', lat: 35.69, lon: 51.42, url: 'https://example.org/a', confidence: 0.81,
  sentence_text: 'The United States imposed sanctions on Iran in Tehran.', sentence: 1,
  title: 'Khamenei on Palestine', source_name: 'Times of Israel', added_at: NOW.toISOString(),
};
export const EVENT_B = {
  event_id: 2, document: 'b'.repeat(64), event: 'V1', date: '2017-03-04',
  source: 'Iran', source_code: 'IRN', source_country: 'IRN', source_sector: null,
  target: 'United States', target_code: 'USA', target_country: 'USA', target_sector: null,
  trigger: 'threatened', cameo_code: '138', cameo_name: 'Threaten with military force', cameo_root: '13',
  quad_class: 3, goldstein: -7, plover_type: 'THREATEN', plover_mode: 'military', plover_context: null,
  location: null, country: null, lat: null, lon: null, url: 'https://example.org/b', confidence: 0.7,
  sentence_text: 'Iran threatened the United States on Saturday.', sentence: 1,
  title: 'Trump, Iran', source_name: null, added_at: NOW.toISOString(),
};
