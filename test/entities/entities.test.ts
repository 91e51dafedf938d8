/** The entities stage on the seed article: clusters, canonical names, actor codes and mention kinds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPipeline } from '../../src/pipeline/analyze.js';
import type { Entity } from '../../src/doc/doc.js';

const text = readFileSync(new URL('../../examples/seed-article.txt', import.meta.url), 'utf8');
const pipeline = createPipeline();
const doc = pipeline.analyzeDoc(text, { published: '2017-02-21' });
const entities = doc.entities ?? [];
const byName = (name: string): Entity => {
  const e = entities.find((x) => x.name === name);
  assert.ok(e, `no entity named ${name}: ${entities.map((x) => x.name).join(', ')}`);
  return e;
};

test('Khamenei is one entity with his title, role, nominal and pronoun mentions, coded IRNGOV', () => {
  const k = byName('Ali Khamenei');
  assert.equal(k.type, 'PERSON');
  assert.deepEqual(k.actor, { code: 'IRNGOV', country: 'IRN', sector: 'GOV' });
  const texts = k.mentions.map((m) => `${m.text}/${m.kind}`);
  for (const expected of ['Iran’s supreme leader/nominal', 'Ayatollah Khamenei/name', 'Khamenei/name', 'the ayatollah/nominal', 'the supreme leader/nominal', 'The supreme leader/nominal', 'the Iranian leader/nominal', 'he/pronoun', 'He/pronoun']) {
    assert.ok(texts.includes(expected), `${expected} missing from ${texts.join(', ')}`);
  }
  // The lede's description is the first mention, at its exact offsets.
  const first = k.mentions[0];
  assert.equal(text.slice(first.start, first.end), 'Iran’s supreme leader');
  assert.equal(first.start, text.indexOf('Iran’s supreme leader'));
  assert.ok(k.mentions.filter((m) => m.kind === 'pronoun').length >= 10);
});

test('other actors are coded by the publication date', () => {
  assert.deepEqual(byName('Benjamin Netanyahu').actor, { code: 'ISRGOV', country: 'ISR', sector: 'GOV' });
  assert.deepEqual(byName('Donald Trump').actor, { code: 'USAGOV', country: 'USA', sector: 'GOV' });
  assert.equal(byName('Hassan Rouhani').actor?.country, 'IRN');
  assert.equal(byName('Ali Larijani').actor?.country, 'IRN');
  assert.equal(byName('Neturei Karta').type, 'ORG');
  assert.equal(byName('Iran').type, 'GPE');
  assert.equal(byName('Iran').actor?.code, 'IRN');
});

test('the “he” after Netanyahu’s quote is Netanyahu, not the article’s main speaker', () => {
  const n = byName('Benjamin Netanyahu');
  const he = text.indexOf('he said.', text.indexOf('I think there’s an opportunity'));
  assert.ok(n.mentions.some((m) => m.start === he && m.kind === 'pronoun'));
});

test('no entity is a weekday or a bare common noun', () => {
  for (const e of entities) {
    assert.ok(!/^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i.test(e.name), e.name);
    assert.ok(e.mentions.some((m) => m.kind === 'name'), `${e.name} has no name mention`);
  }
});

test('every quote in the article is attributed to the right entity', () => {
  const quotes = doc.quotes ?? [];
  // Direct quotes and quoted fragments (mixed): Khamenei's, except Netanyahu's paragraph about Singapore.
  const quoted = quotes.filter((q) => q.kind !== 'indirect');
  assert.ok(quoted.filter((q) => q.kind === 'direct').length >= 9);
  const netanyahuFrom = text.indexOf('Prime Minister Benjamin Netanyahu on Monday');
  const netanyahuTo = text.indexOf('The two-day conference');
  for (const q of quoted) {
    if (q.start > netanyahuTo) continue; // later paragraphs report others' words
    const expected = q.start >= netanyahuFrom ? 'Benjamin Netanyahu' : 'Ali Khamenei';
    assert.equal(q.speaker?.name, expected, q.text.slice(0, 60));
    assert.equal(q.speaker?.entity, byName(expected).id);
  }
});

test('inside a quotation "I" and "our" are its speaker; a capital acting as subject is its government', () => {
  const d = pipeline.analyzeDoc(
    'Tehran imposed new rules on Monday. Iranian President Hassan Rouhani spoke in Tehran. “I will not let our people down,” Rouhani said.',
    { published: '2017-02-21' },
  );
  const rouhani = d.entities?.find((e) => e.name === 'Hassan Rouhani');
  assert.deepEqual(rouhani?.mentions.map((m) => `${m.text}/${m.kind}`), ['Hassan Rouhani/name', 'I/pronoun', 'our/pronoun', 'Rouhani/name']);
  assert.equal(d.entities?.find((e) => e.name === 'Tehran')?.actor?.code, 'IRNGOV');
});

/** Actor codes of the persons the story names, by name (a story of August 1996, as the news gold's). */
function personCodes(text: string): Record<string, string | null> {
  const d = pipeline.analyzeDoc(text, { published: '1996-08-26' });
  return Object.fromEntries((d.entities ?? []).filter((e) => e.type === 'PERSON').map((e) => [e.name, e.actor?.code ?? null]));
}

test("a national body in a person's title gives the country; the title says the office", () => {
  const codes = personCodes('FBI Director Louis Freeh, who has twice visited Saudi Arabia, told the committee he was not satisfied.');
  assert.equal(codes['Louis Freeh'], 'USAGOV');
});

test("a title's of-phrase names the country: King Birendra of Nepal, in a story from Beijing", () => {
  const codes = personCodes('BEIJING 1996-08-24\n\nKing Birendra of Nepal has told China his nation will not become the tool of people who want Tibetan independence.');
  assert.equal(codes['Birendra'], 'NPLGOV');
});

test('a deputy minister is a minister; a deputy alone a legislator', () => {
  const codes = personCodes('Talbott was to meet Russian Deputy Foreign Minister Georgy Mamedov in Ottawa.\n\nRussian deputy Sergei Yushenkov criticised the plan.');
  assert.equal(codes['Georgy Mamedov'], 'RUSGOV');
  assert.equal(codes['Sergei Yushenkov'], 'RUSLEG');
});

test('a role told again in other words is the person named before: the premier, the monarch', () => {
  const mentionsOf = (text: string, name: string): string[] => {
    const d = pipeline.analyzeDoc(text, { published: '1996-08-27' });
    const e = (d.entities ?? []).find((x) => x.name === name);
    return (e?.mentions ?? []).map((m) => d.text.slice(m.start, m.end));
  };
  assert.deepEqual(
    mentionsOf(
      'ANKARA 1996-08-27\n\nBosnian Prime Minister Hasan Muratovic arrived in Ankara on Tuesday for an official visit.\n\n' +
        'The premier, who is due to meet his Turkish counterpart Necmettin Erbakan on Tuesday, will also be discussing the postponed Bosnian elections.',
      'Hasan Muratovic',
    ),
    ['Hasan Muratovic', 'The premier', 'his'],
  );
  assert.deepEqual(
    mentionsOf(
      'KATHMANDU 1996-08-23\n\nKing Birendra left Nepal on Friday for a week-long visit to China, officials said.\n\n' +
        'The constitutional monarch, who last visited China in 1993, was scheduled to meet Chinese President Jiang Zemin.',
      'Birendra',
    ),
    ['Birendra', 'The constitutional monarch'],
  );
});

test("a lede's indefinite subject is the person the story names next as a speaker; a reporting tag is not", () => {
  const d = pipeline.analyzeDoc(
    'UNITED NATIONS 1996-08-22\n\nA senior U.N. official said on Thursday he expected the Iraqi oil-for-food deal could be completed "quite soon."\n\n' +
      '"I am reluctant to speculate," said Undersecretary-General Yasushi Akashi.',
    { published: '1996-08-22' },
  );
  const akashi = (d.entities ?? []).find((e) => e.name === 'Yasushi Akashi');
  assert.deepEqual(akashi?.mentions.map((m) => d.text.slice(m.start, m.end)), ['A senior U.N. official', 'he', 'I', 'Yasushi Akashi']);
  assert.equal(akashi?.actor?.code, 'IGOUNO');
  // "…, a spokesman said" tells who told it, not who the next sentence names
  const tag = pipeline.analyzeDoc(
    'JERUSALEM 1996-08-25\n\nIsraeli President Ezer Weizman consulted on Sunday with Prime Minister Benjamin Netanyahu, a spokesman said.\n\n' +
      'Weizman and Netanyahu met at the president\'s residence.',
    { published: '1996-08-25' },
  );
  const weizman = (tag.entities ?? []).find((e) => e.name === 'Ezer Weizman');
  assert.ok(weizman && !weizman.mentions.some((m) => tag.text.slice(m.start, m.end) === 'a spokesman'));
});

test('a public role told of someone just named and not yet described is that person: Lebed, the Kremlin security chief', () => {
  const d = pipeline.analyzeDoc(
    'MOSCOW 1996-08-26\n\nAlexander Lebed may finally get to discuss his Chechen peace proposals with Boris Yeltsin on Tuesday.\n\n' +
      'It could be a sobering experience for the Kremlin security chief, who had promised to wrap up the war by the weekend.',
    { published: '1996-08-26' },
  );
  const lebed = (d.entities ?? []).find((e) => e.name === 'Alexander Lebed');
  assert.deepEqual(lebed?.mentions.map((m) => d.text.slice(m.start, m.end)), ['Alexander Lebed', 'his', 'for the Kremlin security chief']);
  assert.equal(lebed?.actor?.code, 'RUSGOV');
});

test("a regional bureau's dateline is not the home country of a story about another country", () => {
  const text =
    'Senator in Saudi bomb probe.\n\nDUBAI 1996-08-26\n\nSpecter met Saudi officials on Monday during a brief visit to Saudi Arabia.\n\n' +
    'Specter met Crown Prince Abdullah in Jeddah, Saudi state television reported.\n\nThe United States has 5,000 troops in Saudi Arabia.';
  const d = pipeline.analyzeDoc(text, { published: '1996-08-26' });
  assert.equal(d.storyCountry, 'SAU');
  // a dateline whose country the story names stays the home country
  const home = pipeline.analyzeDoc('Talks open.\n\nWASHINGTON 1996-08-26\n\nTalbott flew to Ottawa to meet his Russian and Canadian counterparts.', { published: '1996-08-26' });
  assert.equal(home.storyCountry, 'USA');
});

test('a description before the name and its comma codes the person; a place inside it is not their country', () => {
  const codes = personCodes(
    '"We have not received any complaint," the Polish embassy\'s charge d\'affaires in Tripoli, Tadeusz Awdankiewicz, told Reuters.\n\n' +
      "State media quoted China's top negotiator with Taipei, Tang Shubei, as saying it was time for talks.\n\n" +
      'The commander of Russian troops in Chechnya, Vyacheslav Tikhomirov, signed the agreement.',
  );
  assert.equal(codes['Tadeusz Awdankiewicz'], 'POLGOV');
  assert.equal(codes['Tang Shubei'], 'CHNGOV');
  assert.equal(codes['Vyacheslav Tikhomirov'], 'RUSMIL');
});

test("a person's aide is of that person's country; a preposition before the title is not a place of it", () => {
  const codes = personCodes('He said Netanyahu aide Dore Gold could meet on Thursday.\n\nEkeus would hold talks with Iraqi Deputy Prime Minister Tareq Aziz.');
  assert.equal(codes['Dore Gold'], 'ISRGOV');
  assert.equal(codes['Tareq Aziz'], 'IRQGOV');
});

test('an organisation the dictionary lacks is coded from its name: its country word, owner or coded body, and its kind', () => {
  const d = pipeline.analyzeDoc(
    'The Jordanian Arab Socialist Baath Party condemned the decision.\n\n' +
      "Bangladesh's Criminal Investigation Department arrested two men.\n\n" +
      'The U.N. Human Rights Commission criticised the report.\n\nThe Catholic Information Office said the nuns were safe.',
    { published: '1996-08-26' },
  );
  const code = (name: string): string | null => d.entities?.find((e) => e.name === name)?.actor?.code ?? null;
  assert.equal(code('Jordanian Arab Socialist Baath Party'), 'JORPTY');
  assert.equal(code('Criminal Investigation Department'), 'BGDGOV');
  assert.equal(code('U.N. Human Rights Commission'), 'IGOUNO');
  // no kind of body named: no guess
  assert.equal(code('Catholic Information Office'), null);
  // an owner before a modifier, and an opposition party is the opposition (GUIDE.md)
  const albania = pipeline.analyzeDoc("Albania's opposition Socialist Party pulled out of the poll on Saturday.", { published: '1996-08-26' });
  assert.equal(albania.entities?.find((e) => e.name === 'Socialist Party')?.actor?.code, 'ALBOPP');
});

test("a description before a name stops at the sentence's start; a shorter known name codes an organisation", () => {
  const codes = personCodes('He accused the president of a dictatorship in the former Soviet republic.\n\nThe speaker of the Belarus parliament, Semyon Sharetsky, told Reuters.');
  assert.equal(codes['Semyon Sharetsky'], 'BLRLEG');
  const d = pipeline.analyzeDoc('Hizbollah (Party of God) gunmen have waged a guerrilla war to oust Israel. Hizbollah denied it.', { published: '1996-08-31' });
  assert.equal(d.entities?.find((e) => e.mentions.some((m) => m.text === 'Hizbollah'))?.actor?.code, 'LBNREB');
});

test('Guinea is Guinea (GIN), not Guinea-Bissau, whose Phoenix entry also lists the bare word', () => {
  const d = pipeline.analyzeDoc("CONAKRY 1996-08-30\n\nGuinea's president, Lansana Conte, left for Kuwait on Friday.", { published: '1996-08-30' });
  assert.equal(d.entities?.find((e) => e.name === 'Guinea')?.actor?.code, 'GIN');
  assert.equal(d.entities?.find((e) => e.name === 'Lansana Conte')?.actor?.code, 'GINGOV');
});

test('a capital acting is its government, a city or a one-word country name is not; seats of government count', () => {
  const code = (text: string, name: string): string | null =>
    pipeline.analyzeDoc(text, { published: '1996-08-31' }).entities?.find((e) => e.name === name)?.actor?.code ?? null;
  assert.equal(code('Britain on Saturday condemned the attack.', 'Britain'), 'GBR');
  assert.equal(code('Arbil fell to the rebels on Saturday.', 'Arbil'), 'IRQ');
  assert.equal(code('Tehran on Saturday condemned the attack.', 'Tehran'), 'IRNGOV');
  // Bonn, Germany's seat of government until 1999 (the Phoenix table lists today's capitals), acts for it
  const bonn = pipeline.analyze('BONN 1996-08-31\n\nBonn on Saturday condemned the attack on its embassy in Tehran.', { published: '1996-08-31' });
  assert.equal(bonn.events.find((e) => e.trigger.text === 'condemned')?.source?.actor?.code, 'DEUGOV');
});
