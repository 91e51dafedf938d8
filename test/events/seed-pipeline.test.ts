/**
 * The events of examples/seed-article.txt (Times of Israel, published Tuesday 2017-02-21) through the whole
 * shipped pipeline — tokenizer, tagger, parser, NER, entities, quotes, events — not hand-written parses: the
 * events the issue requires, with exact CAMEO codes, actors, dates and places, and none from the byline or
 * from scare quotes alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPipeline } from '../../src/pipeline/analyze.js';
import type { EventRecord } from '../../src/events/stage.js';

const text = readFileSync(new URL('../../examples/seed-article.txt', import.meta.url), 'utf8');
const doc = createPipeline().analyzeDoc(text, { published: '2017-02-21' });
const events = doc.events ?? [];

const country = (e: EventRecord, side: 'source' | 'target'): string | null => e[side]?.actor?.country ?? null;
/** Events whose trigger is `trigger` in the sentence containing `phrase`. */
function at(phrase: string, trigger: string): EventRecord[] {
  const start = text.indexOf(phrase);
  assert.ok(start >= 0, phrase);
  const si = doc.sentences.findIndex((s) => s.start <= start && start < s.end);
  return events.filter((e) => e.sentence === si && e.trigger.text === trigger);
}

test('pipeline: Iran threatening an attack on Tel Aviv is 138, IRN → ISR, dated; the attack itself is not coded', () => {
  const [e] = at('threatening an attack on Tel Aviv', 'threatening');
  assert.ok(e, 'an event for "threatening"');
  assert.equal(e.cameo.code, '138');
  assert.equal(e.modality, 'threat');
  assert.equal(e.plover?.type, 'THREATEN');
  // "the regime" is the Iran named just before
  assert.equal(country(e, 'source'), 'IRN');
  assert.equal(country(e, 'target'), 'ISR');
  assert.equal(e.date, '2017-02-21');
  assert.equal(at('threatening an attack on Tel Aviv', 'attack').length, 0);
});

test('pipeline: the new US administration imposed sanctions on Iran: 163, USAGOV → IRN', () => {
  const [e] = at('imposed additional sanctions', 'imposed');
  assert.ok(e);
  assert.equal(e.cameo.code, '163');
  assert.equal(e.plover?.type, 'SANCTION');
  assert.equal(e.source?.actor?.code, 'USAGOV');
  assert.equal(country(e, 'target'), 'IRN');
  assert.equal(e.date, '2017-02-21');
});

test('pipeline: Netanyahu discussed the deal with Trump: 046 both ways, ISRGOV ↔ USAGOV, last week in Washington', () => {
  const both = at('Netanyahu discussed the nuclear deal', 'discussed');
  const fwd = both.find((e) => country(e, 'source') === 'ISR');
  const back = both.find((e) => country(e, 'source') === 'USA');
  assert.ok(fwd && back, 'both directions');
  for (const e of [fwd, back]) {
    assert.equal(e.cameo.code, '046');
    assert.equal(e.plover?.type, 'CONSULT');
    assert.equal(e.date, '2017-W07');
    assert.equal(e.datePrecision, 'week');
    assert.equal(e.location?.country, 'USA');
    assert.match(e.location?.name ?? '', /^Washington/);
  }
  assert.equal(fwd.source?.actor?.code, 'ISRGOV');
  assert.equal(fwd.target?.actor?.code, 'USAGOV');
  assert.ok(!both.some((e) => country(e, 'target') === 'IRN'), "Tehran's rhetoric is discussed, not a party");
});

test("pipeline: Netanyahu's visit to Singapore: 042 ISRGOV → SGP (not the host's 043), Monday, in Singapore", () => {
  const visits = at('during a visit in Singapore', 'visit');
  const v = visits.find((e) => e.cameo.code === '042');
  assert.ok(v);
  assert.equal(v.source?.actor?.code, 'ISRGOV');
  assert.equal(v.target?.actor?.code, 'SGP');
  assert.equal(v.date, '2017-02-20');
  assert.equal(v.datePrecision, 'day');
  assert.equal(v.location?.name, 'Singapore');
  assert.ok(!visits.some((e) => e.cameo.code === '043'), "the visit is Netanyahu's act; Singapore hosting it is not reported");
});

test('pipeline: nothing from the byline, nothing triggered inside scare quotes', () => {
  assert.equal(doc.sentences[0].end, text.indexOf('\n'), 'the byline is a sentence of its own');
  assert.deepEqual(events.filter((e) => e.sentence === 0), []);
  for (const e of events) {
    const before = text.slice(Math.max(0, e.trigger.start - 30), e.trigger.start);
    const after = text.slice(e.trigger.end, e.trigger.end + 30);
    const inScare = before.lastIndexOf('“') > before.lastIndexOf('”') && after.includes('”') && after.indexOf('”') < (after.indexOf('“') + 1 || 99);
    assert.ok(!inScare, `"${e.trigger.text}" is inside scare quotes`);
  }
  // every event is dated
  for (const e of events) assert.ok(e.date, `${e.trigger.text} has a date`);
});

test('pipeline: no event has its source entity as its own target ("said Khamenei, according to … his website")', () => {
  const [said] = at('said Khamenei, according to a translation', 'said');
  assert.ok(said, 'the statement is coded');
  assert.equal(said.cameo.code, '010');
  assert.equal(said.source?.name, 'Ali Khamenei');
  assert.equal(said.target, null);
  for (const e of events) if (e.source?.entity) assert.notEqual(e.target?.entity, e.source.entity, e.id);
});

test('pipeline: no event from a speech continuation, an opinion verb, "expressed support" or a naming "called"', () => {
  // "… the current disaster,” he went on.": GO's 040 (consult) is for going somewhere, not going on speaking
  assert.deepEqual(at('he went on', 'went'), []);
  // “I think there’s an opportunity …”: CONSIDER's 040 is for considering a proposal, not an opinion
  assert.deepEqual(at('I think there’s an opportunity', 'think'), []);
  // EXPRESS has CAMEO.2.0's 110 (disapprove) of its own; only its patterns (concern, condolences …) code, and the
  // learned trigger model may read support as support (05x), never as disapproval
  assert.deepEqual(at('expressed support for a “holy intifada”', 'expressed').filter((e) => e.cameo.root !== '05'), []);
  // "denounced what he called “compromise strategies” … and called instead for “all-out resistance”": the first
  // names, the second appeals to no one named (no event of the story: appeals need an addressee, scope.ts);
  // "called on all Islamic … countries" is an appeal
  const inSentence = at('what he called “compromise strategies”', 'called');
  assert.deepEqual(inSentence, []);
  const appeal = at('called on all Islamic and Arab countries', 'called');
  assert.ok(appeal.length > 0 && appeal.every((e) => e.cameo.code === '020'), 'called on … is an appeal');
});

test('pipeline: no target from a "presence of" phrase or from inside the source\'s own phrase', () => {
  const said = at('in the presence of Iranian President Hassan Rouhani', 'said');
  for (const e of said) assert.equal(e.target, null, `${e.cameo.code} targets ${e.target?.name}`);
  // "is attended by delegates from 80 countries, including some allied with Israel": Israel neither attends nor
  // hosts, and the delegates are no Israelis
  for (const e of at('including some allied with Israel', 'attended')) {
    assert.notEqual(country(e, 'target'), 'ISR');
    assert.notEqual(country(e, 'source'), 'ISR');
  }
});

test('pipeline: no act from a gerund after "of", from a "should" clause, and no borrowed country for a conjoined party', () => {
  // "keeping the flames of fighting alight", "the history of fighting": kinds of act, not acts
  assert.deepEqual(events.filter((e) => e.trigger.text === 'fighting'), []);
  // "… have different viewpoints but should rally around the liberation of Palestine": an opinion, no mobilisation
  assert.deepEqual(at('should rally around the liberation', 'rally'), []);
  // "cooperation between Israel and some Sunni Arab states": the states are Muslim (MUS), not Israel's
  // (whether hinting at it is an event at all is the learned trigger model's call; its targets are the rule's)
  const hints = at('Hinting at the clandestine yet solid cooperation', 'Hinting');
  for (const e of hints) assert.ok(['ISR', 'MUS'].includes(e.target?.actor?.code ?? ''), e.target?.actor?.code);
});

test("pipeline: Netanyahu's recent trips to Azerbaijan and Kazakhstan: 042 ISRGOV → AZE and → KAZ", () => {
  // the parse hangs "to two Muslim countries — Azerbaijan and Kazakhstan" on "highlighted", not on "trips"
  const trips = at('highlighted his recent trips', 'trips').filter((e) => e.cameo.code === '042');
  assert.deepEqual(trips.map((e) => `${e.source?.actor?.code}>${e.target?.actor?.code}`).sort(), ['ISRGOV>AZE', 'ISRGOV>KAZ']);
  // "recent" trips came before the Monday on which he highlighted them: only the publication date bounds them
  for (const e of trips) assert.deepEqual([e.date, e.datePrecision], ['2017-02-21', 'publication']);
});

test('pipeline: "arguing that the international community …" is a statement, and the community nobody\'s national', () => {
  const [e] = at('arguing that the international community', 'arguing');
  assert.ok(e);
  assert.equal(e.cameo.code, '010');
  assert.equal(e.target?.actor?.country ?? null, null);
});
