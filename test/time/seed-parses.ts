/**
 * Sentences of examples/seed-article.txt (Times of Israel, published Tuesday 2017-02-21) with hand-written
 * UD parses, for the time and geo tests. Texts are verbatim from the article (the tests check that).
 */
import type { ParsedSentence } from './parsed-doc.js';

export const SEED_PUBLISHED = '2017-02-21';

export const LEADER_TUESDAY: ParsedSentence = {
  text: 'Calling Israel a “cancerous tumor,” Iran’s supreme leader on Tuesday expressed support for a “holy intifada” to eradicate the Jewish state, arguing that the international community is headed toward confrontation with the “Zionist regime.”',
  rows: `
    Calling call VERB VBG 15 advcl
    Israel Israel PROPN NNP 1 obj
    a a DET DT 6 det
    “ “ PUNCT \`\` 6 punct
    cancerous cancerous ADJ JJ 6 amod
    tumor tumor NOUN NN 1 xcomp
    , , PUNCT , 6 punct
    ” ” PUNCT '' 6 punct
    Iran Iran PROPN NNP 12 nmod:poss
    ’s ’s PART POS 9 case
    supreme supreme ADJ JJ 12 amod
    leader leader NOUN NN 15 nsubj
    on on ADP IN 14 case
    Tuesday Tuesday PROPN NNP 15 obl
    expressed express VERB VBD 0 root
    support support NOUN NN 15 obj
    for for ADP IN 21 case
    a a DET DT 21 det
    “ “ PUNCT \`\` 21 punct
    holy holy ADJ JJ 21 amod
    intifada intifada NOUN NN 16 nmod
    ” ” PUNCT '' 21 punct
    to to PART TO 24 mark
    eradicate eradicate VERB VB 16 acl
    the the DET DT 27 det
    Jewish Jewish ADJ JJ 27 amod
    state state NOUN NN 24 obj
    , , PUNCT , 29 punct
    arguing argue VERB VBG 15 advcl
    that that SCONJ IN 35 mark
    the the DET DT 33 det
    international international ADJ JJ 33 amod
    community community NOUN NN 35 nsubj:pass
    is be AUX VBZ 35 aux:pass
    headed head VERB VBN 29 ccomp
    toward toward ADP IN 37 case
    confrontation confrontation NOUN NN 35 obl
    with with ADP IN 42 case
    the the DET DT 42 det
    “ “ PUNCT \`\` 42 punct
    Zionist Zionist ADJ JJ 42 amod
    regime regime NOUN NN 37 nmod
    . . PUNCT . 15 punct
    ” ” PUNCT '' 15 punct`,
};

export const INTIFADA_LAST_YEAR: ParsedSentence = {
  text: 'A wave of terrorism some called a third intifada, which began last year and manifested itself mainly in stabbings and vehicular attacks against Israelis troops and civilians, is “moving forward in a bright and hopeful manner,” the ayatollah declared.',
  rows: `
    A a DET DT 2 det
    wave wave NOUN NN 32 nsubj
    of of ADP IN 4 case
    terrorism terrorism NOUN NN 2 nmod
    some some PRON DT 6 nsubj
    called call VERB VBD 2 acl:relcl
    a a DET DT 9 det
    third third ADJ JJ 9 amod
    intifada intifada NOUN NN 6 xcomp
    , , PUNCT , 12 punct
    which which PRON WDT 12 nsubj
    began begin VERB VBD 2 acl:relcl
    last last ADJ JJ 14 amod
    year year NOUN NN 12 obl:tmod
    and and CCONJ CC 16 cc
    manifested manifest VERB VBD 12 conj
    itself itself PRON PRP 16 obj
    mainly mainly ADV RB 20 advmod
    in in ADP IN 20 case
    stabbings stabbing NOUN NNS 16 obl
    and and CCONJ CC 23 cc
    vehicular vehicular ADJ JJ 23 amod
    attacks attack NOUN NNS 20 conj
    against against ADP IN 26 case
    Israelis Israelis PROPN NNPS 26 compound
    troops troops NOUN NNS 23 nmod
    and and CCONJ CC 28 cc
    civilians civilian NOUN NNS 26 conj
    , , PUNCT , 32 punct
    is be AUX VBZ 32 aux
    “ “ PUNCT \`\` 32 punct
    moving move VERB VBG 0 root
    forward forward ADV RB 32 advmod
    in in ADP IN 39 case
    a a DET DT 39 det
    bright bright ADJ JJ 39 amod
    and and CCONJ CC 38 cc
    hopeful hopeful ADJ JJ 36 conj
    manner manner NOUN NN 32 obl
    , , PUNCT , 32 punct
    ” ” PUNCT '' 32 punct
    the the DET DT 43 det
    ayatollah ayatollah NOUN NN 44 nsubj
    declared declare VERB VBD 32 parataxis
    . . PUNCT . 32 punct`,
};

export const TEHRAN_CONFERENCE: ParsedSentence = {
  text: 'Addressing some 700 delegates in a Tehran conference center, the supreme leader denounced what he called “compromise strategies” — referring to the Palestinian Authority’s endorsement of a two-state solution based on the 1967 lines — and called instead for “all-out resistance.”',
  rows: `
    Addressing address VERB VBG 14 advcl
    some some ADV RB 3 advmod
    700 700 NUM CD 4 nummod
    delegates delegate NOUN NNS 1 obj
    in in ADP IN 9 case
    a a DET DT 9 det
    Tehran Tehran PROPN NNP 9 compound
    conference conference NOUN NN 9 compound
    center center NOUN NN 1 obl
    , , PUNCT , 14 punct
    the the DET DT 13 det
    supreme supreme ADJ JJ 13 amod
    leader leader NOUN NN 14 nsubj
    denounced denounce VERB VBD 0 root
    what what PRON WP 14 obj
    he he PRON PRP 17 nsubj
    called call VERB VBD 15 acl:relcl
    “ “ PUNCT \`\` 20 punct
    compromise compromise NOUN NN 20 compound
    strategies strategy NOUN NNS 17 xcomp
    ” ” PUNCT '' 20 punct
    — — PUNCT : 23 punct
    referring refer VERB VBG 14 advcl
    to to ADP IN 29 case
    the the DET DT 27 det
    Palestinian Palestinian PROPN NNP 27 compound
    Authority Authority PROPN NNP 29 nmod:poss
    ’s ’s PART POS 27 case
    endorsement endorsement NOUN NN 23 obl
    of of ADP IN 33 case
    a a DET DT 33 det
    two-state two-state ADJ JJ 33 amod
    solution solution NOUN NN 29 nmod
    based base VERB VBN 33 acl
    on on ADP IN 38 case
    the the DET DT 38 det
    1967 1967 NUM CD 38 nummod
    lines line NOUN NNS 34 obl
    — — PUNCT : 23 punct
    and and CCONJ CC 41 cc
    called call VERB VBD 14 conj
    instead instead ADV RB 41 advmod
    for for ADP IN 46 case
    “ “ PUNCT \`\` 46 punct
    all-out all-out ADJ JJ 46 amod
    resistance resistance NOUN NN 41 obl
    . . PUNCT . 14 punct
    ” ” PUNCT '' 14 punct`,
};

export const NETANYAHU_SINGAPORE: ParsedSentence = {
  text: 'Prime Minister Benjamin Netanyahu on Monday evening, during a visit in Singapore, highlighted his recent trips to two Muslim countries — Azerbaijan and Kazakhstan — citing their religious tolerance and friendship to Israel as a model to be emulated by other states.',
  rows: `
    Prime Prime PROPN NNP 2 compound
    Minister Minister PROPN NNP 3 compound
    Benjamin Benjamin PROPN NNP 15 nsubj
    Netanyahu Netanyahu PROPN NNP 3 flat
    on on ADP IN 7 case
    Monday Monday PROPN NNP 7 compound
    evening evening NOUN NN 15 obl
    , , PUNCT , 11 punct
    during during ADP IN 11 case
    a a DET DT 11 det
    visit visit NOUN NN 15 obl
    in in ADP IN 13 case
    Singapore Singapore PROPN NNP 11 nmod
    , , PUNCT , 11 punct
    highlighted highlight VERB VBD 0 root
    his his PRON PRP$ 18 nmod:poss
    recent recent ADJ JJ 18 amod
    trips trip NOUN NNS 15 obj
    to to ADP IN 22 case
    two two NUM CD 22 nummod
    Muslim Muslim ADJ JJ 22 amod
    countries country NOUN NNS 18 nmod
    — — PUNCT : 24 punct
    Azerbaijan Azerbaijan PROPN NNP 22 appos
    and and CCONJ CC 26 cc
    Kazakhstan Kazakhstan PROPN NNP 24 conj
    — — PUNCT : 24 punct
    citing cite VERB VBG 15 advcl
    their their PRON PRP$ 31 nmod:poss
    religious religious ADJ JJ 31 amod
    tolerance tolerance NOUN NN 28 obj
    and and CCONJ CC 33 cc
    friendship friendship NOUN NN 31 conj
    to to ADP IN 35 case
    Israel Israel PROPN NNP 33 nmod
    as as ADP IN 38 case
    a a DET DT 38 det
    model model NOUN NN 28 obl
    to to PART TO 41 mark
    be be AUX VB 41 aux:pass
    emulated emulate VERB VBN 38 acl
    by by ADP IN 44 case
    other other ADJ JJ 44 amod
    states state NOUN NNS 41 obl:agent
    . . PUNCT . 15 punct`,
};

export const NETUREI_KARTA_TEHRAN: ParsedSentence = {
  text: 'The Jewish anti-Zionist group Neturei Karta also sent a senior representative to Tehran for the event.',
  rows: `
    The the DET DT 4 det
    Jewish Jewish ADJ JJ 4 amod
    anti-Zionist anti-Zionist ADJ JJ 4 amod
    group group NOUN NN 8 nsubj
    Neturei Neturei PROPN NNP 6 compound
    Karta Karta PROPN NNP 4 appos
    also also ADV RB 8 advmod
    sent send VERB VBD 0 root
    a a DET DT 11 det
    senior senior ADJ JJ 11 amod
    representative representative NOUN NN 8 obj
    to to ADP IN 13 case
    Tehran Tehran PROPN NNP 8 obl
    for for ADP IN 16 case
    the the DET DT 16 det
    event event NOUN NN 8 obl
    . . PUNCT . 8 punct`,
};

export const NUCLEAR_DEAL_TEL_AVIV: ParsedSentence = {
  text: 'A year and half after six world powers signed a landmark nuclear agreement with Iran, the regime has in recent weeks stepped up its provocative activities, including launching ballistic missile tests in violation of UN Security resolutions and threatening an attack on Tel Aviv.',
  rows: `
    A a DET DT 2 det
    year year NOUN NN 9 obl:npmod
    and and CCONJ CC 4 cc
    half half NOUN NN 2 conj
    after after SCONJ IN 9 mark
    six six NUM CD 8 nummod
    world world NOUN NN 8 compound
    powers power NOUN NNS 9 nsubj
    signed sign VERB VBD 23 advcl
    a a DET DT 13 det
    landmark landmark NOUN NN 13 compound
    nuclear nuclear ADJ JJ 13 amod
    agreement agreement NOUN NN 9 obj
    with with ADP IN 15 case
    Iran Iran PROPN NNP 9 obl
    , , PUNCT , 9 punct
    the the DET DT 18 det
    regime regime NOUN NN 23 nsubj
    has have AUX VBZ 23 aux
    in in ADP IN 22 case
    recent recent ADJ JJ 22 amod
    weeks week NOUN NNS 23 obl
    stepped step VERB VBN 0 root
    up up ADP RP 23 compound:prt
    its its PRON PRP$ 27 nmod:poss
    provocative provocative ADJ JJ 27 amod
    activities activity NOUN NNS 23 obj
    , , PUNCT , 30 punct
    including include VERB VBG 30 mark
    launching launch VERB VBG 23 advcl
    ballistic ballistic ADJ JJ 33 amod
    missile missile NOUN NN 33 compound
    tests test NOUN NNS 30 obj
    in in ADP IN 35 case
    violation violation NOUN NN 30 obl
    of of ADP IN 39 case
    UN UN PROPN NNP 39 compound
    Security Security PROPN NNP 39 compound
    resolutions resolution NOUN NNS 35 nmod
    and and CCONJ CC 41 cc
    threatening threaten VERB VBG 30 conj
    an a DET DT 43 det
    attack attack NOUN NN 41 obj
    on on ADP IN 46 case
    Tel Tel PROPN NNP 46 compound
    Aviv Aviv PROPN NNP 43 nmod
    . . PUNCT . 23 punct`,
};

export const NETANYAHU_WASHINGTON: ParsedSentence = {
  text: 'Netanyahu discussed the nuclear deal and Tehran’s increasingly belligerent rhetoric with US President Donald Trump last week in Washington.',
  rows: `
    Netanyahu Netanyahu PROPN NNP 2 nsubj
    discussed discuss VERB VBD 0 root
    the the DET DT 5 det
    nuclear nuclear ADJ JJ 5 amod
    deal deal NOUN NN 2 obj
    and and CCONJ CC 11 cc
    Tehran Tehran PROPN NNP 11 nmod:poss
    ’s ’s PART POS 7 case
    increasingly increasingly ADV RB 10 advmod
    belligerent belligerent ADJ JJ 11 amod
    rhetoric rhetoric NOUN NN 5 conj
    with with ADP IN 15 case
    US US PROPN NNP 15 compound
    President President PROPN NNP 15 compound
    Donald Donald PROPN NNP 2 obl
    Trump Trump PROPN NNP 15 flat
    last last ADJ JJ 18 amod
    week week NOUN NN 2 obl:tmod
    in in ADP IN 20 case
    Washington Washington PROPN NNP 2 obl
    . . PUNCT . 2 punct`,
};

export const SANCTIONS_MERE_DAYS: ParsedSentence = {
  text: 'The new US administration has indicated that it would take a more aggressive position on Iranian provocations than its predecessor, having already imposed additional sanctions on the regime mere days after coming into office.',
  rows: `
    The the DET DT 4 det
    new new ADJ JJ 4 amod
    US US PROPN NNP 4 compound
    administration administration NOUN NN 6 nsubj
    has have AUX VBZ 6 aux
    indicated indicate VERB VBN 0 root
    that that SCONJ IN 10 mark
    it it PRON PRP 10 nsubj
    would would AUX MD 10 aux
    take take VERB VB 6 ccomp
    a a DET DT 14 det
    more more ADV RBR 13 advmod
    aggressive aggressive ADJ JJ 14 amod
    position position NOUN NN 10 obj
    on on ADP IN 17 case
    Iranian Iranian ADJ JJ 17 amod
    provocations provocation NOUN NNS 14 nmod
    than than ADP IN 20 case
    its its PRON PRP$ 20 nmod:poss
    predecessor predecessor NOUN NN 13 obl
    , , PUNCT , 24 punct
    having have AUX VBG 24 aux
    already already ADV RB 24 advmod
    imposed impose VERB VBN 6 advcl
    additional additional ADJ JJ 26 amod
    sanctions sanction NOUN NNS 24 obj
    on on ADP IN 29 case
    the the DET DT 29 det
    regime regime NOUN NN 24 obl
    mere mere ADJ JJ 31 amod
    days day NOUN NNS 33 obl:npmod
    after after SCONJ IN 33 mark
    coming come VERB VBG 24 advcl
    into into ADP IN 35 case
    office office NOUN NN 33 obl
    . . PUNCT . 6 punct`,
};

/** The hand-parsed seed sentences in article order, as the time and geo tests index them (0–7). */
export const SEED_SENTENCES = [
  LEADER_TUESDAY,
  INTIFADA_LAST_YEAR,
  TEHRAN_CONFERENCE,
  NETANYAHU_SINGAPORE,
  NETUREI_KARTA_TEHRAN,
  NUCLEAR_DEAL_TEL_AVIV,
  NETANYAHU_WASHINGTON,
  SANCTIONS_MERE_DAYS,
];
