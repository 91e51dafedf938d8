/**
 * A generated corpus for the UI tests: 45 quotes by five speakers (three pages of quotes), events years apart
 * (the timeline's gaps), generic actors, a self-link and many actors in pairs (the actor graph's filters).
 */
import { buildResult } from '../server/fixtures.js';
import type { DocumentIn } from '../../src/store/types.js';

type Spec = Parameters<typeof buildResult>[0];
type EventSpec = Spec['events'][number];

const SPEAKERS = ['Anna Berg', 'Bo Chen', 'Cara Diaz', 'Dan Eng', 'Eva Fox'];
const ACTORS: Record<string, string> = {
  'the United States': 'USA', Russia: 'RUS', China: 'CHN', France: 'FRA', Britain: 'GBR', Ireland: 'IRL', Germany: 'DEU',
  // generic: a role noun, a sector code without a country
  girls: 'USACVL', website: 'MED', School: 'EDU',
  Spain: 'ESP', Portugal: 'PRT', Italy: 'ITA', Greece: 'GRC', Poland: 'POL', Czechia: 'CZE', Sweden: 'SWE', Norway: 'NOR',
  Finland: 'FIN', Estonia: 'EST', Japan: 'JPN', Korea: 'KOR', Brazil: 'BRA', Argentina: 'ARG',
};

/** An article of `quotes` quotes by the five speakers in turn, and events `[source, trigger, target, date]`. */
function generated(title: string, published: string, quotes: number, events: [string, string, string, string][]): DocumentIn {
  const sentences: string[] = [];
  const quoteSpecs: Spec['quotes'] = [];
  for (let i = 0; i < quotes; i++) {
    const who = SPEAKERS[i % SPEAKERS.length];
    const content = `“Point ${i + 1} of the ${title} plan stands.”`;
    sentences.push(`${who} said ${content}`);
    quoteSpecs.push({ kind: 'direct', content, cue: 'said', speaker: who, entity: who });
  }
  const eventSpecs: EventSpec[] = [];
  for (const [source, trigger, target] of events) sentences.push(`${source[0].toUpperCase()}${source.slice(1)} ${trigger} ${target}.`);
  for (const [source, trigger, target, date] of events) {
    eventSpecs.push({
      trigger, source, target, date, location: null,
      cameo: { code: '042', name: 'Make a visit', root: '04', goldstein: 1.9, quadClass: 1 },
      plover: { type: 'CONSULT', mode: 'visit', context: [] },
    });
  }
  const text = sentences.join(' ');
  const named = new Set(events.flatMap(([s, , t]) => [s, t]));
  const entities: Spec['entities'] = [
    ...SPEAKERS.filter((_, i) => i < quotes).map((name) => ({ type: 'PERSON', name, forms: [{ text: name, kind: 'name' as const }], actor: null })),
    ...[...named].map((name) => ({
      type: 'GPE', name, forms: [{ text: text.includes(name) ? name : name[0].toUpperCase() + name.slice(1), kind: 'name' as const }],
      actor: { code: ACTORS[name], country: ACTORS[name].length === 3 && ACTORS[name] !== 'MED' && ACTORS[name] !== 'EDU' ? ACTORS[name] : null, sector: null },
    })),
  ];
  return buildResult({ meta: { title, published }, text, entities, quotes: quoteSpecs, events: eventSpecs });
}

/** 45 quotes; events in March and April 2010, then June 2015 (four generic links and a self-link), then September 2016. */
export const CORPUS: DocumentIn[] = [
  generated('Spring talks', '2010-03-10', 15, [
    ['the United States', 'visited', 'Russia', '2010-03-10'],
    ['Russia', 'hosted', 'the United States', '2010-04-02'],
    ['the United States', 'welcomed', 'China', '2010-04-20'],
  ]),
  generated('Summer summit', '2015-06-01', 15, [
    ['China', 'thanked', 'Russia', '2015-06-01'],
    ['France', 'praised', 'the United States', '2015-06-01'],
    ['Britain', 'greeted', 'Ireland', '2015-06-01'],
    ['girls', 'wrote to', 'the United States', '2015-06-01'],
    ['website', 'reported on', 'China', '2015-06-01'],
    ['School', 'invited', 'France', '2015-06-01'],
    ['Germany', 'reassured', 'Germany', '2015-06-01'],
  ]),
  generated('Summer review', '2015-06-03', 15, []),
  // 14 more actors in pairs, a year later: too many for a phone at one link per actor
  generated('Autumn pairs', '2016-09-01', 0, [
    ['Spain', 'met', 'Portugal', '2016-09-01'],
    ['Italy', 'toured', 'Greece', '2016-09-01'],
    ['Poland', 'called', 'Czechia', '2016-09-01'],
    ['Sweden', 'advised', 'Norway', '2016-09-01'],
    ['Finland', 'backed', 'Estonia', '2016-09-01'],
    ['Japan', 'courted', 'Korea', '2016-09-01'],
    ['Brazil', 'hailed', 'Argentina', '2016-09-01'],
  ]),
];
