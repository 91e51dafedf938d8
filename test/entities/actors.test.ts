// Tests of the compiled actor KB and agents (data/actors.json.gz, data/agents.json, data/petr-validate/*).
// They read only the committed files under data/, so they run without ../shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorKB } from '../../src/entities/actors.js';
import { dataPath } from '../../src/nlp/paths.js';

const kb = ActorKB.load();
const toks = (s: string): string[] => s.split(' ');

test('Netanyahu is ISRGOV on 2017-02-21, ISRELI between his terms', () => {
  const m = kb.lookup(toks('Netanyahu'), 0, '2017-02-21');
  assert.deepEqual(m, { actorId: 'benjamin_netanyahu', code: 'ISRGOV', name: 'Benjamin Netanyahu', start: 0, length: 1 });
  const a = kb.actor('benjamin_netanyahu');
  assert.ok(a);
  assert.equal(kb.codeAt(a, '1993-05-01'), 'ISRELI'); // ISRELI 1967-01-01..1996-06-18
  assert.equal(kb.codeAt(a, '1997-01-01'), 'ISRGOV'); // ISRGOV 1996-06-18..1999-07-06
  assert.equal(kb.codeAt(a, '2003-01-01'), 'ISRELI'); // no dated role: the undated default
  assert.equal(kb.codeAt(a, '2017-02-21T10:00:00Z'), 'ISRGOV');
  assert.equal(kb.codeAt(a), 'ISRGOV', 'no date: the newest role');
  assert.deepEqual(a.roles[2], { code: 'ISRGOV', from: '2009-04-01', to: null });
});

test('Khamenei is IRNGOV, canonical name "Ali Khamenei"', () => {
  const m = kb.lookup(['khamenei']);
  assert.ok(m);
  assert.equal(m.code, 'IRNGOV');
  assert.equal(m.name, 'Ali Khamenei');
  const a = kb.actor(m.actorId);
  assert.ok(a);
  assert.deepEqual(a.roles, [
    { code: 'IRNGOV', from: '1981-10-13', to: '1989-08-03' },
    { code: 'IRNGOV', from: '1989-06-04', to: null },
    { code: 'IRNELI', from: null, to: null },
  ]);
  assert.equal(kb.codeAt(a, '1975-01-01'), 'IRNELI');
  assert.equal(kb.codeAt(a, '2020-01-01'), 'IRNGOV');
  assert.ok(a.synonyms.some((s) => s.join(' ') === 'ayatollah khamenei'));
  assert.equal(kb.find('Ayatollah Khamenei')?.id, m.actorId);
});

test('longest match from a start position', () => {
  const t = toks('Israeli Prime Minister Benjamin Netanyahu said');
  const m = kb.lookup(t, 0, '2017-02-21');
  assert.equal(m?.actorId, 'benjamin_netanyahu');
  assert.equal(m?.length, 5);
  assert.equal(kb.lookup(t, 3, '2017-02-21')?.length, 2);
  assert.equal(kb.lookup(toks('yesterday Khamenei'), 1)?.name, 'Ali Khamenei');
  assert.equal(kb.lookup(toks('the weather'), 0), null);
  assert.equal(kb.lookup([], 0), null);
});

test('"Iranian troops" -> IRNMIL; agents compose with actors', () => {
  assert.equal(kb.codePhrase(toks('Iranian troops'))?.code, 'IRNMIL');
  const p = kb.codePhrase(toks('troops of Iran'));
  assert.equal(p?.code, 'IRNMIL');
  assert.equal(p?.length, 3);
  assert.equal(kb.codePhrase(toks('Israeli police'))?.code, 'ISRCOP');
  assert.equal(kb.codePhrase(toks('police'))?.code, 'COP');
  assert.equal(kb.codePhrase(toks('nothing here')), null);
  assert.equal(kb.compose('IRN', 'MIL'), 'IRNMIL');
  assert.equal(kb.compose('IRNMIL', 'MIL'), 'IRNMIL');
  assert.equal(kb.compose('USA', { code: 'IGO', prefix: true }), 'IGOUSA');
  assert.equal(kb.compose(null, 'GOV'), 'GOV');
});

test('agents: POLICE_CHIEF [~COP], plurals, substitutions, prefix agents', () => {
  assert.equal(kb.agent('troops'), 'MIL');
  assert.equal(kb.agent('police chief'), 'COP');
  assert.equal(kb.agent('police chiefs'), 'COP');
  assert.equal(kb.agent('Police Chief'), 'COP');
  assert.equal(kb.agent('congresswoman'), 'LEG'); // CONGRESS!PERSON!
  assert.equal(kb.agent('foreign ministries'), 'GOV'); // FOREIGN_!MINIST!
  assert.equal(kb.agent('rebels'), 'REB');
  assert.deepEqual(kb.agentEntry('peacekeeping troops'), { code: 'IGO', prefix: true });
  assert.equal(kb.agent('banana'), null);
  assert.deepEqual(kb.lookupAgent(toks('the police chief said'), 1), { code: 'COP', prefix: false, start: 1, length: 2 });
});

test('"Tehran" -> IRN (capital metonymy), demonyms -> countries', () => {
  assert.equal(kb.lookup(['Tehran'])?.code, 'IRN');
  assert.equal(kb.countryOfCapital('Tehran'), 'IRN');
  assert.equal(kb.countryOfCapital('Jerusalem'), 'ISR');
  assert.equal(kb.countryOfCapital('Paris'), 'FRA');
  assert.equal(kb.countryOfCapital('Springfield'), null);
  assert.equal(kb.countryOfDemonym('Iranian'), 'IRN');
  assert.equal(kb.countryOfDemonym('Israeli'), 'ISR');
  assert.equal(kb.countryOfDemonym('Israelis'), 'ISR');
  assert.equal(kb.countryOfDemonym('Palestinian'), 'PSE');
  assert.equal(kb.countryOfDemonym('South Korean'), 'KOR');
  assert.equal(kb.countryOfDemonym('British'), 'GBR');
  assert.equal(kb.countryOfDemonym('Tehran'), null);
});

test('countries carry ISO-3166 names, codes and capitals', () => {
  assert.deepEqual(kb.country('IRN'), {
    code: 'IRN',
    actorId: 'iran',
    name: 'Iran',
    iso2: 'IR',
    iso3: 'IRN',
    names: ['Islamic Republic of Iran', 'Iran', 'Persia'],
    demonyms: ['iranian'],
    capital: 'Tehran',
  });
  assert.equal(kb.lookup(toks('Islamic Republic of Iran'))?.code, 'IRN');
  assert.equal(kb.lookup(toks('United States of America'))?.code, 'USA');
  assert.equal(kb.actor('iran')?.country, 'IRN');
  // Phoenix keeps historical codes that ISO lacks
  assert.equal(kb.country('SUN')?.iso3, null);
});

test('"US" is the United States, "us" a pronoun', () => {
  assert.equal(kb.lookup(['US'])?.code, 'USA');
  assert.equal(kb.lookup(['U.S.'])?.code, 'USA');
  assert.equal(kb.lookup(['us']), null);
  assert.equal(kb.lookup(toks('told us'), 1), null);
  assert.equal(kb.lookup(toks('the United Nations'))?.name, 'United Nations');
});

test('splitCode separates country and sector', () => {
  assert.deepEqual(kb.splitCode('IRNMIL'), { code: 'IRNMIL', country: 'IRN', sector: 'MIL' });
  assert.deepEqual(kb.splitCode('IRN'), { code: 'IRN', country: 'IRN', sector: null });
  assert.deepEqual(kb.splitCode('IGOUNO'), { code: 'IGOUNO', country: null, sector: 'IGO' });
  assert.deepEqual(kb.splitCode('COP'), { code: 'COP', country: null, sector: 'COP' });
});

test('International and MilNonState actors, hyphen-split tokens', () => {
  assert.equal(kb.lookup(toks('International Atomic Energy Agency'))?.code, 'IGOUNOIAE');
  assert.equal(kb.lookup(['IAEA'])?.name, 'IAEA');
  const ban = kb.lookup(toks('Ban Ki-moon'), 0, '2010-01-01');
  assert.equal(ban?.code, 'IGOUNO');
  assert.equal(kb.lookup(toks('Ban Ki - moon'), 0, '2010-01-01')?.length, 4);
  assert.equal(kb.lookup(toks('Abu Nidal Organization'))?.code, 'IMGMUSALQ');
});

test('PETR.Validate actors: date restrictions as PETRARCH2 reads them', () => {
  const v = ActorKB.load(dataPath('petr-validate'));
  const sam = v.find('Sam Gamgee');
  assert.ok(sam);
  assert.equal(v.codeAt(sam, '2005-01-01'), 'HOBCIV'); // [HOBCIV <20080120]
  assert.equal(v.codeAt(sam, '2009-01-01'), 'HOBMIL'); // [HOBMIL 20080120-20121109]
  assert.equal(v.codeAt(sam, '2010-01-10'), 'ORCHOB'); // the narrower [ORCHOB 20100109-20100112] overrides
  assert.equal(v.codeAt(sam, '2010-01-12'), 'HOBMIL'); // end dates are exclusive
  assert.equal(v.codeAt(sam, '2013-01-01'), 'HOBGOV');
  assert.equal(v.codeAt(sam, '2014-01-01'), 'HOBELI'); // [HOBELI >20130119]
  const gollum = v.find('smeagol');
  assert.ok(gollum);
  assert.deepEqual(gollum.roles, [
    { code: 'HOB', from: null, to: '1995-06-01' },
    { code: 'HOBGOV', from: '1995-06-01', to: '1999-08-15' },
    { code: 'HOBREB', from: '1999-08-16', to: null },
  ]);
  assert.equal(v.codeAt(gollum, '1996-01-01'), 'HOBGOV');
  // [FRO/BIL/SAM] is one role per code
  const shire = v.find('the shire');
  assert.ok(shire);
  assert.deepEqual(v.codesAt(shire), ['FRO', 'BIL', 'SAM']);
  // [---] is a deliberate null code
  assert.equal(v.lookup(['boromir'])?.code, null);
  assert.equal(v.agent('golden geese'), 'GGS');
  assert.equal(v.agent('congressmen'), 'LEG');
  assert.equal(v.agent('congresses'), 'LEG');
  assert.equal(v.codePhrase(toks('Ithilen soldiers'))?.code, 'ITHMIL');
});
