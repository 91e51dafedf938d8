/**
 * Is it an event of the story, and whose? The whole shipped pipeline on short wire-style sentences, one per class
 * of error that real news showed (issue: events that hold up on real news): negation, conditions, plans, quotes,
 * metaphors, sport, datelines, titles, bare surnames, joint acts, history.
 */
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPipeline } from '../../src/pipeline/analyze.js';
import type { DocMeta } from '../../src/doc/doc.js';

const pipeline = createPipeline();

/** Events as `code source>target` (plain statements left out, as the news gold does). */
function events(text: string, meta: DocMeta = { published: '2017-08-10' }): string[] {
  return pipeline
    .analyze(text, meta)
    .events.filter((e) => e.cameo.code !== '010')
    .map((e) => `${e.cameo.code} ${e.source?.actor?.code ?? '-'}>${e.target?.actor?.code ?? '-'}`);
}

test('a negated act is no event', () => {
  assert.deepEqual(events('Iran did not attack Israel on Tuesday.'), []);
});

test('an act in a condition is no event; the act it conditions is a threat', () => {
  assert.deepEqual(events('If Iran attacks Israel, the United States will respond.'), []);
  assert.deepEqual(events('Did Iran attack Israel on Tuesday?'), []);
});

test('a planned act is the intent (03x), of the one who plans it only', () => {
  assert.deepEqual(events('Iran plans to visit Israel next week.'), ['036 IRN>ISR']);
});

test("a threat inside a direct quote is the speaker's, with the speaker as its source", () => {
  assert.deepEqual(events('"We will attack Tel Aviv if Israel strikes us," Iranian President Hassan Rouhani said on Tuesday.'), ['138 IRNGOV>ISR']);
});

test("another actor's act inside a direct quote is the speaker's claim, not an event", () => {
  assert.deepEqual(events('"The Israeli army shelled our villages," Iranian President Hassan Rouhani said on Tuesday.'), []);
});

test('a metaphorical attack on a thing is no use of force', () => {
  assert.deepEqual(events('Investors attacked the dollar on Tuesday.'), []);
  assert.deepEqual(events('The Israeli government attacked the plan on Tuesday.').filter((e) => e.startsWith('19')), []);
});

test('a team beating another with a score is sport, not force', () => {
  assert.deepEqual(events('Brazil beat Argentina 3-1 in Sao Paulo on Tuesday.'), []);
});

test("a dateline dates the story, is no actor and does not date the story's events", () => {
  const r = pipeline.analyze('BRUSSELS, March 3, 2024 — The European Union on Monday imposed sanctions on Russia.');
  assert.equal(r.meta.published, '2024-03-03');
  assert.deepEqual(
    r.events.map((e) => [e.cameo.code, e.source?.actor?.country ?? e.source?.actor?.code?.slice(0, 3), e.target?.actor?.code, e.date]),
    [['163', 'IGO', 'RUS', '2024-02-26']],
  );
});

test("the dateline's country is an unqualified title's and an agent's", () => {
  const meta = {};
  assert.deepEqual(events('MINSK 1996-08-30\n\nPresident Alexander Lukashenko signed a pact with Russia on Friday.', meta), ['057 BLRGOV>RUS', '057 RUS>BLRGOV']);
  assert.deepEqual(events("N'DJAMENA 1996-08-30\n\nPolice detained more than 120 students on Friday.", meta), ['173 TCDCOP>TCDCVL']);
});

test("a possessive country and a title code the person: China's foreign minister, North Korea's leader", () => {
  assert.deepEqual(events("China's foreign minister, Wang Yi, met Philippine President Rodrigo Duterte in Manila on Monday."), ['040 CHNGOV>PHLGOV', '040 PHLGOV>CHNGOV']);
  assert.deepEqual(events("North Korea's leader, Kim Jong-un, threatened to strike Guam.").map((e) => e.split('>')[0]), ['138 PRKGOV']);
});

test("a dictionary surname is not another person's: AT&T's chief executive is business, not Saint Lucia's government", () => {
  assert.deepEqual(events("Randall Stephenson, AT&T's chief executive, criticised the French government on Tuesday."), ['111 USABUS>FRAGOV']);
});

test('a joint meeting is coded in both directions, and where it happened is no party to it', () => {
  assert.deepEqual(events('Chinese Foreign Minister Wang Yi and U.S. Secretary of State Rex Tillerson met in Manila on Monday.'), ['040 CHNGOV>USAGOV', '040 USAGOV>CHNGOV']);
});

test('an act the text dates to an earlier year is history, not news of the story', () => {
  assert.deepEqual(events('Moscow sent troops to the region in December 1994 to quell its independence bid.', { published: '1996-08-30' }), []);
});

test('an accusation is coded as the accusation only, not the act it alleges', () => {
  assert.deepEqual(events('Iran accused Israel of attacking a Lebanese village on Tuesday.'), ['1123 IRN>ISR']);
});

test("each event says who vouches for it: the reporter, a reported source, or an allegation", () => {
  const evidence = (text: string): string[] => pipeline.analyze(text, { published: '2017-08-10' }).events.filter((e) => e.cameo.root === '19').map((e) => e.evidence);
  assert.deepEqual(evidence('Israeli troops attacked a Lebanese village on Tuesday.'), ['asserted']);
  assert.deepEqual(evidence('Lebanon said Israeli troops attacked a Lebanese village on Tuesday.'), ['reported']);
  assert.deepEqual(evidence('Israeli troops allegedly attacked a Lebanese village on Tuesday.'), ['alleged']);
});

test('a headline verb the tagger read as a noun still codes: Manila hails Indonesia; Syria slams Israel', () => {
  const headline = (h: string): string[] => events(`${h}\n\nMANILA 1996-08-31\n\nThe story follows.`, {});
  // (a capital named for its country is its government: GUIDE.md)
  assert.deepEqual(headline('Manila hails Indonesia for peace deal support.'), ['051 PHLGOV>IDN']);
  assert.deepEqual(headline('Syria slams Israel on settlements.'), ['111 SYR>ISR']);
});

test('two people of one government are two actors: Yeltsin endorses Lebed (RUSGOV → RUSGOV)', () => {
  assert.deepEqual(events('MOSCOW 1996-08-30\n\nPresident Boris Yeltsin endorsed security chief Alexander Lebed on Friday.', {}), ['051 RUSGOV>RUSGOV']);
});

test("an agentless arrest is the police's of the country where it happens; a charge the court's", () => {
  const meta = { published: '1996-08-27' };
  assert.deepEqual(events('LAGOS 1996-08-27\n\nFour Nigerian academics have been arrested, a rights group said.', meta), ['173 NGACOP>NGAEDU']);
  assert.deepEqual(events('BRUSSELS 1996-08-27\n\nThree Belgian students were sentenced on Monday.', meta), ['116 BELJUD>BELEDU']);
});

test('a visit is the visitor\'s act; the host "hosts" it only when the text says so', () => {
  assert.deepEqual(events('Japanese Prime Minister Ryutaro Hashimoto visited Mexico and Chile on Tuesday.', { published: '1996-08-27' }), ['042 JPNGOV>MEX', '042 JPNGOV>CHL']);
});

test('a subject the parse marked passive is the actor when the verb has an object: security forces arrested four men', () => {
  assert.deepEqual(events('ALGIERS 1996-08-27\n\nAlgerian security forces also arrested four other men on Tuesday.', { published: '1996-08-27' }), ['173 DZAMIL>DZACVL']);
});

test('a hyphenated pair of names is neither of its parts: ROMANIA-HUNGARY does not swallow Romania', () => {
  const r = pipeline.analyze('BRITAIN WELCOMES ROMANIA-HUNGARY TREATY.\n\nBritain welcomed the treaty between Romania and Hungary on Thursday.', { published: '1996-08-29' });
  const romania = r.entities.find((e) => e.name === 'Romania');
  assert.equal(romania?.actor?.code, 'ROU');
  assert.equal(r.entities.some((e) => e.mentions.some((m) => m.text === 'Romania') && e.name !== 'Romania'), false);
});

test('a person titled by an international body acts for it: EU Farm Commissioner Franz Fischler, U.N. envoy Yasushi Akashi', () => {
  const r = pipeline.analyze('EU Farm Commissioner Franz Fischler spoke on Tuesday. U.N. envoy Yasushi Akashi met Serb leaders.', { published: '1996-08-27' });
  assert.equal(r.entities.find((e) => e.name === 'Franz Fischler')?.actor?.code, 'IGOEUREEC');
  assert.equal(r.entities.find((e) => e.name === 'Yasushi Akashi')?.actor?.code, 'IGOUNO');
});

test('conjoined subjects act on each other only in a joint act: France and Britain backed a proposal', () => {
  assert.deepEqual(events('Only France and Britain backed the proposal on Tuesday.', { published: '1996-08-27' }), []);
  assert.deepEqual(events('France and Britain signed an agreement on Tuesday.', { published: '1996-08-27' }), ['057 FRA>GBR', '057 GBR>FRA']);
});

test('Chechen rebels are Russia\'s, Tamil rebels Sri Lanka\'s', () => {
  // (the actors; the trigger model reads rebels' attacks as unconventional violence, 18x, or force, 19x)
  const got = events('Chechen rebels attacked Russian troops in Grozny on Tuesday.', { published: '1996-08-27' });
  assert.deepEqual(got.map((e) => e.slice(4)), ['RUSREB>RUSMIL']);
  assert.match(got[0], /^1[89]0 /);
});

test('a meeting the text reports as held is the meeting (040), not the intent to meet the dictionary files "meet" under', () => {
  const meta = { published: '1996-08-30' };
  assert.deepEqual(events('Morocco\'s King Hassan met Israeli Foreign Minister David Levy on Thursday.', meta).map((e) => e.slice(0, 3)), ['040', '040']);
  assert.deepEqual(events('Morocco\'s King Hassan will meet Israeli Foreign Minister David Levy next week.', meta).map((e) => e.slice(0, 3)), ['036']);
});

test("CAMEO's own readings: a verdict is 116, expelling diplomats 174, an agreement reached 057", () => {
  const meta = { published: '1996-08-30' };
  assert.deepEqual(events('A Hamburg court sentenced U.S. neo-Nazi leader Gary Lauck on Thursday to four years in prison.', meta).map((e) => e.slice(0, 3)), ['116']);
  assert.deepEqual(events('Jordan expelled an Iraqi diplomat on Thursday.', meta), ['174 JOR>IRQGOV']);
  assert.deepEqual(events('The United States and Colombia reached an agreement on Thursday.', meta), ['057 USA>COL', '057 COL>USA']);
});

test('declining comment is a speech act of its own (011), with no target', () => {
  const meta = { published: '1996-08-27' };
  assert.deepEqual(events('AMMAN 1996-08-27\n\nJordan raised bread prices on Monday. The government declined official comment.', meta), ['011 JORGOV>-']);
  assert.deepEqual(events('OTTAWA 1996-08-27\n\nCanadian Immigration Minister Lucienne Robillard declined to say how many people had applied for asylum.', meta).filter((e) => e.startsWith('01')), ['011 CANGOV>-']);
});

test('who acts around a protest is not who protests: a government closes a university after protests', () => {
  assert.deepEqual(events("N'DJAMENA 1996-08-27\n\nChad's government closed the university after protests.", { published: '1996-08-27' }).filter((e) => e.startsWith('14')), []);
});

test('where one comes from is no goal, and where one leaves for is', () => {
  const meta = { published: '1996-08-27' };
  assert.deepEqual(events('SANTIAGO 1996-08-27\n\nU.S. Ambassador Madeleine Albright, who arrived from Uruguay, will rest in Santiago.', meta).filter((e) => e.includes('URY')), []);
  assert.deepEqual(events('Japanese Prime Minister Ryutaro Hashimoto left Brasilia on Monday for Lima.', meta).map((e) => e.split(' ')[1]), ['JPNGOV>PERGOV']);
});

test('a hyphened pair of countries names the two sides of talks: Israeli-Palestinian talks', () => {
  const meta = { published: '1996-08-27' };
  assert.deepEqual(events('Israeli-Palestinian talks resumed in Cairo on Monday.', meta), ['046 ISR>PSE', '046 PSE>ISR']);
  assert.deepEqual(events('U.S.-Iraqi talks were held in Geneva on Monday.', meta), ['046 USA>IRQ', '046 IRQ>USA']);
});

test('"the two sides" stands for the two parties named before it', () => {
  const text = 'GROZNY 1996-08-22\n\nRussian security chief Alexander Lebed met rebel chief-of-staff Aslan Maskhadov on Thursday. The two sides agreed a ceasefire on Friday.';
  assert.deepEqual(events(text, {}).filter((e) => e.startsWith('05')), ['057 RUSGOV>RUSREB', '057 RUSREB>RUSGOV']);
});

test('planned talks are the intent (036) of the one who goes to them, in one direction', () => {
  assert.deepEqual(
    events('Croatian Foreign Minister Mate Granic landed in Belgrade on Friday for talks with Yugoslav officials.', { published: '1996-08-23' }).filter((e) => e.startsWith('03')),
    ['036 HRVGOV>YUGGOV'],
  );
});

test('"it" as a subject stands for the country or body the previous sentence named as its subject', () => {
  assert.deepEqual(events('DAMASCUS 1996-08-23\n\nSyrian radio condemned Israel on Friday. It welcomed the criticism of Israel by Europe.', {}).filter((e) => e.startsWith('05')), ['051 SYR>ISR']);
});

test('a visit to one\'s own country is no 042', () => {
  assert.deepEqual(events('Polish President Aleksander Kwasniewski visited Poland on Monday.', { published: '1996-08-23' }), []);
});

test('a family-first name is named again by its first word: Banharn after Thai Prime Minister Banharn Silpa-archa; a PM is government', () => {
  const r = pipeline.analyze('BANGKOK 1996-08-26\n\nThai Prime Minister Banharn Silpa-archa proposed a date on Monday. Banharn has denied the accusations.\n\nJordanian PM Kabariti meets Arafat in Ramallah.', { published: '1996-08-26' });
  const banharn = r.entities.filter((e) => e.mentions.some((m) => m.text === 'Banharn'));
  assert.deepEqual(banharn.map((e) => [e.name, e.actor?.code]), [['Banharn Silpa-archa', 'THAGOV']]);
  assert.equal(r.entities.find((e) => e.name === 'Kabariti')?.actor?.code, 'JORGOV');
});

test('"visiting" before a person names a guest, who visits the host\'s country', () => {
  assert.deepEqual(events("China's President Jiang Zemin offered his gratitude in a meeting on Monday with visiting Gabon President Omar Bongo.").filter((e) => e.startsWith('04')), ['042 GABGOV>CHN']);
  // before a country it is a verb: the subject visits
  assert.deepEqual(events('While visiting China on Monday, Gabon President Omar Bongo praised Jiang Zemin.').filter((e) => e.startsWith('04')), ['042 GABGOV>CHN']);
});

test('asking someone to leave is an expulsion (174)', () => {
  assert.deepEqual(events('Jordan has asked an Iraqi diplomat to leave the kingdom, an official source said on Friday.'), ['174 JOR>IRQGOV']);
});

test('calling a general strike is a strike (143), not an appeal', () => {
  assert.deepEqual(events('Palestinian President Yasser Arafat called for a general strike in the West Bank on Thursday.'), ['143 PSEGOV>PSE']);
});

test('an act told as a habit ("has often accused") is background, not news', () => {
  assert.deepEqual(events('India has often accused Pakistan of abetting militancy in the valley.'), []);
  assert.deepEqual(events('India accused Pakistan on Thursday of abetting militancy in the valley.'), ['112 IND>PAK']);
});

test('a capital named for its government is the government (GOV)', () => {
  assert.deepEqual(events('Tehran criticised Washington on Friday.'), ['111 IRNGOV>USAGOV']);
  assert.deepEqual(events('The German embassy made a sharp protest to the Tehran government on Friday.'), ['114 DEUGOV>IRNGOV']);
});

test('two parties poised to sign are each other\'s partners in the intent', () => {
  // (which intent, 030 or 032, is the learned code table's reading)
  assert.deepEqual(events('Yugoslavia and Croatia were poised on Friday to sign a landmark normalisation treaty.').map((e) => e.replace(/^03\d+/, '03x')), ['03x SRB>HRV', '03x HRV>SRB']);
});

test('talks between two people of one country are talks between two parties, one record each way', () => {
  assert.deepEqual(events("Talks between Russia's Alexander Lebed and Chechen separatist leaders were going well on Thursday."), ['046 RUS>RUS', '046 RUS>RUS']);
});

test('a message sent and a patrol are no events of their own', () => {
  assert.deepEqual(events('Israel on Wednesday sent Syria a message via Washington.'), []);
  assert.deepEqual(events('U.S. and French planes patrol the skies of northern Iraq.'), []);
});

test('"he" after an unnamed official is that official', () => {
  assert.deepEqual(events('An Afghan embassy official said the envoy had been recalled.\nHe did not elaborate.'), ['011 AFGGOV>-']);
});

test('a telephone conversation is consulting by telephone (041), both ways', () => {
  assert.deepEqual(events('Russian President Boris Yeltsin had a telephone conversation with German Chancellor Helmut Kohl on Friday.'), ['041 RUSGOV>DEUGOV', '041 DEUGOV>RUSGOV']);
});

test('a month and day without a year is no sign of an earlier year; a stated year is', () => {
  assert.deepEqual(events("Syria's President Hafez al-Assad met Egypt's President Hosni Mubarak on Sep 15."), ['040 SYRGOV>EGYGOV', '040 EGYGOV>SYRGOV']);
  assert.deepEqual(events("Syria's President Hafez al-Assad met Egypt's President Hosni Mubarak on Sep 15, 2015."), []);
});

test('a protest that names no one it is against is against the protesters\' own government', () => {
  assert.deepEqual(events('Thousands of students protested in Dhaka on Monday.'), ['140 BGDCVL>BGDGOV']);
});

test('contacts with someone are a meeting, both ways', () => {
  assert.deepEqual(events('The agreement followed direct U.S. contacts with Iraqi Kurdish leader Massoud Barzani.'), ['040 USA>IRQGOV', '040 IRQGOV>USA']);
});

test('an event noun that is the object of a negated verb is no act of the story', () => {
  assert.deepEqual(events('The understandings do not rule out guerrilla attacks on Israeli troops in south Lebanon.'), []);
});

test('a person the KB knows only in another year\'s role is what the story calls him', () => {
  // the Phoenix KB has Klaus Kinkel only as the EU presidency of 1994
  assert.deepEqual(events('German Foreign Minister Klaus Kinkel arrived in Israel on Sunday.', { published: '1996-08-25' }), ['042 DEUGOV>ISR']);
  const r = pipeline.analyze('Israeli Foreign Minister David Levy will visit Bonn for talks with his German counterpart Klaus Kinkel next month.', { published: '1996-08-25' });
  assert.equal(r.entities.find((e) => e.name === 'Klaus Kinkel')?.actor?.code, 'DEUGOV');
});

test('a name in apposition to a lede description is who it describes', () => {
  const r = pipeline.analyze(
    'U.N. Ambassador Albright arrives in Chile.\n\nSANTIAGO 1996-08-31\n\nThe U.S. ambassador to the United Nations, Madeleine Albright, arrived in Chile late Friday.\n\nAlbright will meet Foreign Minister Jose Miguel Insulza Monday.',
    { published: '1996-08-31' },
  );
  const albright = r.entities.find((e) => e.name === 'Madeleine Albright');
  assert.ok(albright?.mentions.some((m) => m.text === 'The U.S. ambassador'));
  assert.ok(!r.entities.find((e) => e.name === 'Jose Miguel Insulza')?.mentions.some((m) => m.kind === 'nominal'));
});

test('arriving somewhere for talks is the visit (042), one side\'s, not the talks', () => {
  assert.deepEqual(events('U.S. Ambassador Madeleine Albright arrived in Chile on Friday for talks with Chilean officials.', { published: '1996-08-30' }), ['042 USAGOV>CHL']);
});

test('two countries joined before a plural noun are its two actors, with its sector', () => {
  assert.deepEqual(events('The U.S. and Colombian governments reached an agreement on Friday.', { published: '1996-08-23' }), ['057 USAGOV>COLGOV', '057 COLGOV>USAGOV']);
  assert.deepEqual(events('Israeli and Syrian negotiators met in Washington on Monday.', { published: '1996-08-23' }), ['040 ISRGOV>SYRGOV', '040 SYRGOV>ISRGOV']);
});

test('two people of one code who meet are two records, one per direction', () => {
  assert.deepEqual(events('Israeli Prime Minister Benjamin Netanyahu met President Ezer Weizman on Tuesday.', { published: '1996-08-23' }), ['040 ISRGOV>ISRGOV', '040 ISRGOV>ISRGOV']);
});

test('an agreement between two named parties is their agreeing; one the story only refers to is none', () => {
  const meta = { published: '1996-08-23' };
  assert.deepEqual(events('Ties were strained over a military accord between Turkey and Israel which drew Iranian objections.', meta), ['057 TUR>ISR', '057 ISR>TUR']);
  assert.deepEqual(events('The Palestinian Authority was set up under the 1993 PLO-Israel interim peace deal.', meta), []);
});

test('an act a noun of intent looks forward to is planned; one with no desire for it is none', () => {
  const meta = { published: '1996-08-23' };
  assert.deepEqual(events('Israeli Prime Minister Benjamin Netanyahu has said he has no desire to hold talks with Palestinian President Yasser Arafat.', meta), []);
  assert.ok(events('Chinese negotiator Tang Shubei said it was time for China and Taiwan to hold political talks.', meta).every((e) => e.startsWith('03')));
});

test('a past tense the tagger took for a participle, with a noun phrase after it, is active in a story body', () => {
  const r = pipeline.analyze('Syria holds Israelis.\n\nBEIRUT 1996-08-22\n\nSyria arrested two Israeli soldiers on Monday.', { published: '1996-08-22' });
  assert.deepEqual(r.events.map((e) => `${e.cameo.code} ${e.source?.actor?.code}>${e.target?.actor?.code}`), ['173 SYR>ISRMIL']);
});

test('an appeal to no one named is no event of the story', () => {
  const text = 'Seoul embassies warned.\n\nSEOUL 1996-08-22\n\n"The ministry has ordered the embassy to take urgent security measures," a South Korean foreign ministry official said, asking not to be named.';
  assert.deepEqual(events(text, { published: '1996-08-22' }).filter((e) => e.startsWith('02')), []);
});

test("an agentless expulsion is the government's of the country the story is told from, not the expelled one's", () => {
  const text = 'Jordan expels Iraqi diplomat.\n\nAMMAN 1996-08-29\n\nJordan on Thursday ordered an Iraqi diplomat to leave.\n\nHis assistant, Iraqi diplomat Hussein Khalaf, was expelled earlier this year.';
  assert.ok(events(text, { published: '1996-08-29' }).includes('174 JORGOV>IRQGOV'), events(text, { published: '1996-08-29' }).join(', '));
});

test('talks between two titled people are theirs both ways, however the parse hung the names', () => {
  const text = 'The appeal was made on Sunday during talks between South Korean deputy Foreign Minister Lee Ki-choo and his Chinese counterpart Tang Jiaxuan, the spokesman said.';
  assert.deepEqual(events(text, { published: '1996-08-26' }), ['046 KORGOV>CHNGOV', '046 CHNGOV>KORGOV']);
});

test("whose the object is, is the target of backing it; not of discussing it", () => {
  const meta = { published: '1996-08-30' };
  // (root and actors: the specific code is the code table's, 050 or 051)
  const backed = events('EU Farm Commissioner Franz Fischler proposed a ban. Only France and Britain backed Fischler\'s proposal.', meta);
  assert.deepEqual(backed.filter((e) => e.startsWith('05')).map((e) => e.slice(0, 2) + e.slice(3)), ['05 FRA>IGOEEC', '05 GBR>IGOEEC']);
  const discussed = "Russian Prime Minister Viktor Chernomyrdin said on Thursday after a meeting with security chief Alexander Lebed and top officials, who discussed Lebed's plans to restore peace in Chechnya, that it needed more work.";
  assert.deepEqual(events(discussed, meta).filter((e) => e.startsWith('040 RUS>')), []);
});

test("two agents of one country are two actors, though the parse ties both to the country's name", () => {
  const text = 'An Iraqi Kurdish guerrilla group on Saturday accused Iraqi government forces of killing two civilians in shelling in northern Iraq.';
  assert.ok(events(text, { published: '1996-08-24' }).includes('112 IRQREB>IRQMIL'));
});

test('an agreement reached with someone is both sides\' (057 both ways), whatever the trigger model makes of the verb', () => {
  const text = 'Russian security chief Alexander Lebed clinched a truce with Chechen separatists on Wednesday.';
  assert.deepEqual(events(text, { published: '1996-08-22' }), ['057 RUSGOV>RUSREB', '057 RUSREB>RUSGOV']);
});

test('the one a news agency quotes as saying something is the source of what they say', () => {
  const text = "State media quoted China's top negotiator with Taipei, Tang Shubei, as telling a visiting group from Taiwan that it was time for political talks.";
  const all = pipeline.analyze(text, { published: '1996-08-22' }).events;
  assert.ok(all.some((e) => e.trigger.text === 'telling' && e.source?.actor?.code === 'CHNGOV'), all.map((e) => `${e.trigger.text} ${e.source?.actor?.code}`).join(', '));
});

test("a country's officials and counterparts are its government (GUIDE.md), not the country as a whole", () => {
  const meta = { published: '1996-08-26' };
  assert.deepEqual(events('U.S. Senator Arlen Specter met Saudi officials on Monday.', meta).filter((e) => e.startsWith('04')), ['040 USALEG>SAUGOV', '040 SAUGOV>USALEG']);
});

test('people and refugees are civilians (CVL), as GUIDE.md codes them', () => {
  const meta = { published: '1996-08-26' };
  assert.deepEqual(events('Hungarian police detained 40 Bosnian refugees on Thursday.', meta), ['173 HUNCOP>BIHCVL']);
  assert.deepEqual(events('Chadian police detained 120 people on Monday.', meta), ['173 TCDCOP>TCDCVL']);
});

test("agents of the story's country act with no one named: a protest is against its government", () => {
  // (a protest's source alone, an agent with no country or name: the story's home country gives it one)
  assert.deepEqual(events('SEOUL 1996-08-30\n\nThe students marched on Friday.', { published: '1996-08-30' }), ['141 KORCVL>KORGOV']);
});

/** Events with the confidence floor off (HERALD_MIN_CONFIDENCE=0, as `--min-confidence 0` sets it). */
function allEvents(text: string, meta: DocMeta): string[] {
  process.env.HERALD_MIN_CONFIDENCE = '0';
  try {
    return events(text, meta);
  } finally {
    delete process.env.HERALD_MIN_CONFIDENCE;
  }
}

test('events less likely than the confidence floor are left out; --min-confidence 0 keeps them', () => {
  // (the release by hijackers is right, but the confidence model rates such events about 0.2)
  const text = 'KHARTOUM 1996-08-30\n\nThe hijackers freed 20 passengers on Friday.';
  const meta = { published: '1996-08-30' };
  const withFloor = <T>(floor: number, f: () => T): T => {
    process.env.HERALD_MIN_CONFIDENCE = String(floor);
    try {
      return f();
    } finally {
      delete process.env.HERALD_MIN_CONFIDENCE;
    }
  };
  const [freed] = withFloor(0, () => pipeline.analyze(text, meta).events);
  assert.ok(freed && freed.confidence > 0.1 && freed.confidence < 0.3, `confidence ${freed?.confidence}`);
  assert.deepEqual(allEvents(text, meta), ['0841 SDNCRM>SDNCVL']);
  // a floor just above it leaves it out; the default floor, the model file's, by the same rule
  assert.deepEqual(withFloor(freed.confidence + 0.01, () => events(text, meta)), []);
  const floor = (JSON.parse(readFileSync(new URL('../../models/event-confidence.json', import.meta.url), 'utf8')) as { minConfidence: number }).minConfidence;
  assert.deepEqual(events(text, meta), freed.confidence >= floor ? ['0841 SDNCRM>SDNCVL'] : []);
});

test('hijackers and suspects are criminals, strikers labour (GUIDE.md)', () => {
  assert.deepEqual(allEvents('KHARTOUM 1996-08-30\n\nThe hijackers released 20 passengers on Friday.', { published: '1996-08-30' }), ['0841 SDNCRM>SDNCVL']);
  assert.deepEqual(events('PARIS 1996-08-30\n\nThe strikers marched on Friday.', { published: '1996-08-30' }), ['141 FRALAB>FRAGOV']);
});

test("a telegraphic headline's verb codes its event", () => {
  // the fast profile's tagger read "kill" as a noun (news-train's "Nigeria police kill six robbery suspects.")
  const text = 'Nigeria police kill six robbery suspects.\n\nLAGOS 1996-08-30\n\nPolice said on Friday they had shot dead six suspected armed robbers.';
  // (police killing suspects: violent repression, 17x, as the news gold codes it, or force)
  assert.match(events(text, { published: '1996-08-30' })[0], /^1[789]\d NGACOP>NGACRM$/);
});

test("Serbia is SRB at every date, not Phoenix's constituent-republic code (SCGSRB in 1996)", () => {
  assert.deepEqual(events('BELGRADE 1996-08-30\n\nThe American diplomat arrived in Belgrade on Friday.', { published: '1996-08-30' }), ['042 USAGOV>SRBGOV']);
});

test("a bare \"the government\" is the story's home country's, not the last country named", () => {
  const text = 'AMMAN 1996-08-30\n\nJordan blamed Iraq for the riots on Friday. The government also expelled an Iraqi diplomat.';
  assert.deepEqual(events(text, { published: '1996-08-30' }), ['112 JOR>IRQ', '174 JORGOV>IRQGOV']);
});

test('a relative pronoun the parse hung on a verb stands for the noun before it', () => {
  // (news-train: the parse attached "who held talks" to "take"; the source was Paris's country)
  const text = 'JERUSALEM 1996-08-30\n\nHe took a telephone call from U.S. Middle East envoy Dennis Ross, who held talks in Paris on Tuesday with Israeli officials.';
  assert.deepEqual(events(text, { published: '1996-08-30' }), ['046 USAGOV>ISRGOV', '046 ISRGOV>USAGOV']);
});

test("international bodies take GUIDE.md's short codes, not Phoenix's region and role qualifiers", () => {
  const text = 'BRUSSELS 1996-08-30\n\nThe European Union criticised Israel on Friday. NATO troops detained 65 Bosnian Serb policemen on Thursday.';
  assert.deepEqual(events(text, { published: '1996-08-30' }), ['111 IGOEEC>ISR', '173 IGONAT>BIHCOP']);
});

test("a traveller's arrival is a visit, whatever the dictionary reads in who travels", () => {
  // (the dictionary's pattern for "relief … arrive" codes humanitarian aid, 073)
  const got = events('BAGHDAD 1996-08-30\n\nA new U.N. relief coordinator has arrived in Baghdad to take up his task.', { published: '1996-08-30' });
  assert.deepEqual(got, ['042 IGOUNO>IRQGOV']);
});

test('a bare number acted on is people, civilians of the story', () => {
  // (as news-train's headline "Peru's guerrillas kill one, take 8 hostage"; "The two will also discuss …" is two
  // people named before, not civilians)
  assert.deepEqual(events('LIMA 1996-08-30\n\nShining Path guerrillas kidnapped three in the jungle on Friday, police said.', { published: '1996-08-30' }), ['181 PERREB>PERCVL']);
});

test('a clause the parse hung on a noun as its modifier is still a clause with its own verb', () => {
  // the parse reads "sign" as a compound of "agency"; the verb has its subject and its auxiliary all the same
  const text =
    "Poland's Foreign Minister Dariusz Rosati will visit Yugoslavia on September 3. During Rosati's trip the two countries will sign an agreement on mutual protection of investments, the agency quoted Foreign Ministry officials as saying.";
  assert.deepEqual(events(text, { published: '1996-08-30' }), ['036 POLGOV>YUG', '032 YUG>POLGOV', '032 POLGOV>YUG']);
});

test('two parties who agree have reached an agreement, both ways; one party agreeing to act is an intent', () => {
  const text =
    'The United States and Colombia reached an aviation agreement on Friday. The governments of the two nations have also agreed to maintain their current level of routes, the agreement said.';
  assert.deepEqual(events(text), ['057 USA>COL', '057 COL>USA', '057 USAGOV>COLGOV', '057 COLGOV>USAGOV']);
  assert.deepEqual(events('Iraq agreed to allow U.N. inspectors into the site.'), ['035 IRQ>IGOUNO']);
});

test("a headline that repeats its lead's trigger word restates the lead's event, marked as the copy it is", () => {
  const text =
    'Swiss arrest Rwandan on genocide suspicion.\n\nBERNE 1996-08-22\n\nSwiss police arrested a Rwandan man on Wednesday on suspicion of taking part in the 1994 genocide, the justice ministry said.';
  const evs = pipeline.analyze(text, { published: '1996-08-22' }).events.filter((e) => e.cameo.code !== '010');
  assert.deepEqual(
    evs.map((e) => [e.id, e.cameo.code, e.source?.actor?.code, e.target?.actor?.code, e.trigger.text, e.trigger.start, e.restates ?? null]),
    [
      ['V1', '173', 'CHECOP', 'RWACVL', 'arrest', 6, 'V2'],
      ['V2', '173', 'CHECOP', 'RWACVL', 'arrested', 76, null],
    ],
  );
  // (a headline with another word for it restates nothing: "Swiss hold Rwandan …" over "arrested")
  assert.deepEqual(events(text.replace('Swiss arrest', 'Swiss hold'), { published: '1996-08-22' }), ['173 CHECOP>RWACVL']);
});

test('who is dismayed by something disapproves of its owner: a feeling is not done to its subject', () => {
  const text = "DAMASCUS 1996-08-30\n\nSyria has been dismayed by Netanyahu's refusal to trade the occupied Arab lands for peace.";
  assert.deepEqual(events(text, { published: '1996-08-30' }), ['110 SYR>ISRGOV']);
});

test('two people acting together on a topic that names their own countries act on each other', () => {
  const text =
    'JERUSALEM 1996-08-30\n\nIsraeli Foreign Minister David Levy will visit Bonn next month. The ministry said Levy and German Foreign Minister Klaus Kinkel would discuss the Middle East process and German-Israeli relations on September 9.';
  // (the visit to Bonn, the seat of government, first; then the talks both ways)
  assert.deepEqual(events(text, { published: '1996-08-30' }), ['036 ISRGOV>DEUGOV', '036 ISRGOV>DEUGOV', '036 DEUGOV>ISRGOV']);
});

test('meeting "to discuss" is one meeting: the purpose clause repeats the act between the same two', () => {
  const text = 'MOSCOW 1996-08-28\n\nAzerbaijani presidential adviser Vafa Gulizade and his Armenian counterpart Zhirayr Liparityan met to discuss the disputed enclave on Wednesday.';
  assert.deepEqual(events(text, { published: '1996-08-28' }), ['040 AZEGOV>ARMGOV', '040 ARMGOV>AZEGOV']);
});

test('force that students use against the police is a violent protest (145)', () => {
  assert.deepEqual(events('SEOUL 1996-08-20\n\nStudents threw firebombs at riot police on Tuesday.', { published: '1996-08-20' }), ['145 KORCVL>KORCOP']);
  assert.deepEqual(events('DHAKA 1996-08-20\n\nStudents battled police in the capital on Tuesday.', { published: '1996-08-20' }), ['145 BGDCVL>BGDCOP']);
});

test("a headline's participle with an agent is passive: the agent acts", () => {
  const text = 'Defiant U.S. neo-Nazi jailed by German court.\n\nHAMBURG 1996-08-22\n\nThe court ruled on Thursday.';
  assert.deepEqual(events(text, { published: '1996-08-22' }), ['173 DEUJUD>USA']);
});

test('an apposition after the second of two names describes the second', () => {
  const text =
    "WARSAW 1996-08-22\n\nInterior Minister Zbigniew Siemiatkowski and Bernd Schmidbauer, German intelligence co-ordinator in Helmut Kohl's chancellery, sealed the closer links during talks in Warsaw.";
  const r = pipeline.analyze(text, { published: '1996-08-22' });
  assert.deepEqual(
    r.entities.filter((e) => e.type === 'PERSON').map((e) => [e.name, e.actor?.code ?? null]),
    [['Zbigniew Siemiatkowski', 'POLGOV'], ['Bernd Schmidbauer', 'DEUSPY'], ['Helmut Kohl', 'DEUGOV']],
  );
});

test('"its" after a person\'s act is the body named before, not the person', () => {
  const text =
    "BUJUMBURA 1996-08-31\n\nThe U.N. Security Council on Friday threatened Burundi with an arms embargo. Burundi's military leader Pierre Buyoya on Saturday dismissed its threat of an arms embargo against Burundi.";
  // (rejecting it, 120, or disapproving of it, 110: the trigger model's reading; the target is the point here)
  const got = events(text, { published: '1996-08-31' });
  assert.equal(got[0], '130 IGOUNO>BDI');
  assert.match(got[1], /^1[12]0 BDIGOV>IGOUNO$/);
  assert.equal(got.length, 2);
});

test('a step of a planned trip is planned too', () => {
  const text = 'WARSAW 1996-08-30\n\nPolish Foreign Minister Dariusz Rosati will meet Serbian President Slobodan Milosevic in Belgrade, before visiting Croatia.';
  assert.deepEqual(events(text, { published: '1996-08-30' }), ['036 POLGOV>SRBGOV', '036 POLGOV>HRV']);
});

test('the speaker of an inverted "said" is whom the next "he" stands for; the Foreign Office is British', () => {
  const text = 'LONDON 1996-08-31\n\n"We are in close touch with all our allies," said the Foreign Office spokesman.\n\nHe declined to give any further information.';
  assert.deepEqual(events(text, { published: '1996-08-31' }), ['011 GBRGOV>-']);
});

test("the side a story gives a person outranks a past office it gives elsewhere", () => {
  const text =
    'TEHRAN 1996-08-31\n\nFormer Iranian President Abolhassan Banisadr testified in Berlin on Thursday. Banisadr, an avowed opponent of the Tehran government, accused top Iranian leaders of ordering the killing.';
  assert.deepEqual(events(text, { published: '1996-08-31' }), ['112 IRNOPP>IRNGOV']);
});

test('a deputy minister is a minister, whatever the parse hung on "deputy" (Phoenix files the word as police)', () => {
  const text = 'MOSCOW 1996-08-22\n\nGerman envoy Wolfgang Ischinger said he met three Russian deputy foreign ministers on Thursday.';
  assert.deepEqual(events(text, { published: '1996-08-22' }), ['040 DEUGOV>RUSGOV', '040 RUSGOV>DEUGOV']);
});

test("a person's description is read from the body before the headline's telegraphic parse", () => {
  const text =
    'Students burn Hasina effigy, battle police.\n\nDHAKA 1996-08-25\n\nStudents battled police and burned an effigy of Prime Minister Sheikh Hasina during a strike on Sunday.';
  const r = pipeline.analyze(text, { published: '1996-08-25' });
  assert.equal(r.entities.find((e) => e.name === 'Hasina')?.actor?.code, 'BGDGOV');
});

test('owning up is 015, addressed to no one; so is an optimistic comment about someone', () => {
  // (news-train: "He also admitted kidnapping two other girls" had been a plain statement aimed at the girls, and
  // "Israel plays down fears of war with Syria" was aimed at Syria)
  assert.deepEqual(events('BONN 1996-08-22\n\nChancellor Helmut Kohl admitted making mistakes in the election campaign.', { published: '1996-08-22' }), ['015 DEUGOV>-']);
  assert.deepEqual(events('Israel plays down fears of war with Syria.\n\nJERUSALEM 1996-08-21\n\nIsrael is ready to talk.', { published: '1996-08-21' }).filter((e) => e.startsWith('013')), ['013 ISR>-']);
});

test('leaving a place for another is a visit to the other, also when the parse hangs the goal on "said"', () => {
  const text =
    "Japan's Hashimoto leaves Brazil for Peru.\n\nBRASILIA 1996-08-26\n\nJapanese Prime Minister Ryutaro Hashimoto left Brasilia on Monday for Lima, " +
    'the penultimate stop on a 10-day Latin American tour, a Brazilian Foreign Ministry spokeswoman said.';
  assert.deepEqual(events(text, { published: '1996-08-26' }), ['042 JPNGOV>PER', '042 JPNGOV>PERGOV']);
});
