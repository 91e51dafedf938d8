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

/** A deterministic corpus with ties, missing dates and fields, non-ASCII names and repeated entities. */
export function generatedCorpus(count: number): DocumentIn[] {
  let seed = 17;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % k;
  };
  const people = ['Ali Khamenei', 'Donald Trump', 'Benjamin Netanyahu', 'José Ramos', 'Ursula von der Leyen', 'Ángela Ruiz'];
  const codes = ['IRNGOV', 'USAGOV', 'ISRGOV', 'BRA', 'EUR', null];
  const places = ['Iran', 'United States', 'Israel', 'Brazil', 'Europe'];
  const placeCodes = ['IRN', 'USA', 'ISR', 'BRA', 'EUR'];
  const words = ['sanctions', 'talks', 'working', 'nuclear', 'deal', 'the', 'peace', 'résumé', 'attack', 'will', 'prevail', 'negotiations', 'trade'];
  const cameo = [['163', 'Impose embargo', '16', -8, 4], ['138', 'Threaten with military force', '13', -7, 3], ['046', 'Engage in negotiation', '04', 7, 1], ['042', 'Make a visit', '04', 1.9, 1]] as const;
  const plover = ['SANCTION', 'THREATEN', 'CONSULT', null];
  const docs: DocumentIn[] = [];
  for (let d = 0; d < count; d++) {
    const day = rnd(5) === 0 ? undefined : `2017-0${1 + rnd(3)}-${String(10 + rnd(4)).padStart(2, '0')}`;
    const p = rnd(people.length);
    const g = rnd(places.length);
    const qw = Array.from({ length: 3 + rnd(4) }, () => words[rnd(words.length)]).join(' ');
    const quote = `“${qw}”`;
    const text = `${people[p]} said ${quote} in ${places[g]}. ${places[g]} answered ${d}.`;
    const q = span(text, quote);
    const c = cameo[rnd(cameo.length)];
    const pl = plover[rnd(plover.length)];
    docs.push({
      id: d.toString(16).padStart(64, '0'),
      meta: { title: rnd(4) ? `Story ${d % 7}` : undefined, source: rnd(2) ? 'Wire' : undefined, url: `https://example.org/${d}`, published: day },
      text,
      sentences: [{ start: 0, end: text.indexOf('.') + 1 }, { start: text.indexOf('.') + 2, end: text.length }],
      entities: [
        { id: 'E1', type: 'PERSON', name: people[p], mentions: [{ ...span(text, people[p]), kind: 'name' }], actor: { code: codes[p], country: codes[p]?.slice(0, 3) ?? null, sector: codes[p]?.slice(3) || null } },
        { id: 'E2', type: 'GPE', name: places[g], mentions: [{ ...span(text, places[g]), kind: 'name' }, { ...span(text, places[g], text.indexOf('.')), kind: 'name' }], actor: { code: placeCodes[g], country: placeCodes[g] } },
      ],
      quotes: [
        { id: 'Q1', kind: rnd(2) ? 'direct' : 'indirect', start: q.start, end: q.end, text: quote, cue: span(text, 'said'), speaker: rnd(6) ? { entity: 'E1', name: people[p], ...span(text, people[p]) } : null, confidence: rnd(100) / 100 },
      ],
      events: Array.from({ length: rnd(3) }, (_, i) => ({
        id: `V${i + 1}`, trigger: span(text, 'answered'), sentence: 1,
        source: { entity: 'E2', name: places[g], actor: { code: placeCodes[g], country: placeCodes[g] } },
        target: rnd(3) ? { entity: 'E1', name: people[p], actor: { code: codes[p] } } : null,
        cameo: { code: c[0], name: c[1], root: c[2], goldstein: c[3], quadClass: c[4] },
        plover: pl ? { type: pl, mode: rnd(2) ? ['verbal', 'public'] : null, context: rnd(2) ? 'economic' : [] } : null,
        date: rnd(3) ? `2017-02-${String(1 + rnd(28)).padStart(2, '0')}` : rnd(2) ? '2017-02-2X' : null,
        location: rnd(2) ? { name: places[g], country: placeCodes[g], lat: rnd(900) / 10, lon: -rnd(1800) / 10 } : null,
        confidence: rnd(1000) / 1000,
      })),
    });
  }
  return docs;
}
