/**
 * Coding a person the knowledge base does not know from how the story describes them (the Phoenix dictionaries
 * end around 2016 and miss most officials of any given week): the words of their noun phrase before the name
 * ("Russian security chief Alexander Lebed", "rebel military leader Aslan Maskhadov", "Poland's Foreign
 * Minister …") and of an apposition ("Adel Ibrahim, the Iraqi embassy's press attache"). The country is the
 * first country word there (a demonym, a country, a possessive), else the story's home country; the sector the
 * most telling role word (a rebel leader is a rebel, a former minister an elite), from the role table below and
 * then the KB's agent dictionary. No role word, no code: a name alone says nothing of what a person does.
 */
import { uposIndex, type Actor, type Doc, type Entity } from '../doc/doc.js';
import type { ActorCoder } from './actor-coder.js';

/**
 * Role words → CAMEO sector, for titles the Phoenix agent dictionary lacks or codes for another reading
 * (it has "spokesman" as media; in wire stories a spokesman speaks for a government or body).
 */
const ROLE_SECTORS: Record<string, string> = {
  official: 'GOV', officials: 'GOV', leader: 'GOV', chief: 'GOV', head: 'GOV', spokesman: 'GOV', spokeswoman: 'GOV',
  spokesperson: 'GOV', counterpart: 'GOV', adviser: 'GOV', advisor: 'GOV', aide: 'GOV', negotiator: 'GOV', peacemaker: 'GOV', envoy: 'GOV',
  secretary: 'GOV', 'under-secretary': 'GOV', coordinator: 'GOV', commissioner: 'GOV', 'director-general': 'GOV', director: 'GOV', attache: 'GOV', chairman: 'GOV',
  'gov.': 'GOV', pm: 'GOV', governor: 'GOV', chancellor: 'GOV', king: 'GOV', queen: 'GOV', emir: 'GOV', sheikh: 'GOV',
  speaker: 'LEG', deputy: 'LEG', senator: 'LEG', congressman: 'LEG', parliamentarian: 'LEG',
  general: 'MIL', 'major-general': 'MIL', 'lieutenant-general': 'MIL', 'brigadier-general': 'MIL', colonel: 'MIL',
  'commander-in-chief': 'MIL', 'chief-of-staff': 'MIL', commander: 'MIL', admiral: 'MIL', marshal: 'MIL',
  editor: 'MED', correspondent: 'MED', owner: 'BUS', businessman: 'BUS', executive: 'BUS', ceo: 'BUS',
};

/**
 * Role words too general to outrank a more telling one ("chief executive" is business, "security chief" government;
 * see `role` for "deputy").
 */
const WEAK_ROLES = new Set(['official', 'officials', 'leader', 'chief', 'head', 'director', 'chairman', 'secretary', 'member', 'coordinator']);

/** Words that override the office a title names: whose side the person is on. */
const SIDE_SECTORS: Record<string, string> = {
  rebel: 'REB', rebels: 'REB', guerrilla: 'REB', guerrillas: 'REB', separatist: 'REB', insurgent: 'REB', militant: 'REB',
  opposition: 'OPP', dissident: 'OPP', dissidents: 'OPP', opponent: 'OPP', former: 'ELI', ex: 'ELI',
};

/** The entity each token belongs to (see `tokenEntities`). */
export type TokenEntities = (Entity | undefined)[];

/** Token → entity of the mention covering it (a name mention's entity first). */
export function tokenEntities(doc: Doc, entities: Entity[]): TokenEntities {
  const out: TokenEntities = new Array<Entity | undefined>(doc.tokens.count);
  // names first: "AT&T" inside the description "AT&T's chief" is the company's, not the chief's
  for (const kind of ['name', 'nominal', 'pronoun']) {
    for (const e of entities) for (const m of e.mentions) if (m.kind === kind) for (let k = m.tokenStart; k < m.tokenEnd; k++) out[k] ??= e;
  }
  return out;
}

/** Title words that take "of"/"for" inside a title ("Minister of Finance", "Secretary for Near Eastern Affairs"). */
const TITLE_OF = new Set(['minister', 'secretary', 'commissioner', 'president', 'chairman', 'director', 'governor', 'ambassador', 'chief', 'head', 'under-secretary', 'undersecretary', 'leader']);

/** Parts of speech a title before a name is made of ("German Defence Minister", "Poland's Foreign Minister"). */
const TITLE_POS = new Set(['NOUN', 'PROPN', 'ADJ', 'PART'].map(uposIndex));

/**
 * Tokens of the title before a name mention: the nouns, adjectives and possessives right before it, read off the
 * text rather than the parse (which often hangs a long title on the wrong word).
 */
function modifiersBefore(doc: Doc, start: number): number[] {
  const t = doc.tokens;
  const out: number[] = [];
  for (let k = start - 1; k >= 0 && k >= start - 8; k--) {
    // a title's own hyphens and prepositions: "rebel chief-of-staff", "Minister of Foreign Affairs", "Assistant
    // Secretary for Near Eastern Affairs"
    const inWord = k > 0 && t.end[k - 1] === t.start[k] && t.end[k] === t.start[k + 1] && (t.form[k] === '-' || t.form[k - 1] === '-' || t.form[k + 1] === '-');
    const titleOf = (t.form[k] === 'of' || t.form[k] === 'for') && k > 0 && TITLE_OF.has(t.form[k - 1].toLowerCase()) && /^\p{Lu}/u.test(t.form[k + 1]);
    if (!inWord && !titleOf && (!TITLE_POS.has(t.upos[k]) || /^[,;:()"“”—–-]$/.test(t.form[k]))) break;
    out.push(k);
  }
  return out.reverse();
}

/** Parts of speech that end a description read backwards from its comma (a clause's verb, a conjunction). */
const CLAUSE_POS = new Set(['VERB', 'AUX', 'CCONJ', 'SCONJ', 'PRON'].map(uposIndex));
const PUNCT = uposIndex('PUNCT');

/**
 * Tokens of a description right before the name and its comma ("the Polish embassy's charge d'affaires in
 * Tripoli, Tadeusz Awdankiewicz", "The commander of Russian troops in Chechnya, Vyacheslav Tikhomirov"), read off
 * the text back to the clause's edge: the parse often hangs such a name on the last noun before the comma. Not a
 * phrase that starts with a preposition ("In Jakarta, Tsang will meet …").
 */
function descriptionBefore(doc: Doc, start: number): number[] {
  const t = doc.tokens;
  if (start < 2 || t.form[start - 1] !== ',') return [];
  const out: number[] = [];
  for (let k = start - 2; k >= 0 && k >= start - 14; k--) {
    // (punctuation ends it, a title's own hyphen aside; so does a paragraph break)
    if (CLAUSE_POS.has(t.upos[k]) || (t.upos[k] === PUNCT && t.form[k] !== '-') || t.end[k] + 1 < t.start[k + 1]) break;
    out.push(k);
  }
  out.reverse();
  return out.length && t.upos[out[0]] !== uposIndex('ADP') ? out : [];
}

/** Prepositions of place and company: a country inside their phrase is where or with whom, not whose. */
const PLACE_PREPS = new Set(['in', 'at', 'to', 'with', 'from', 'near', 'on']);

/**
 * Is token `k` inside a phrase of place of the description `words` ("in Tripoli", "with Taipei"; not the
 * preposition before the description: "talks with Iraqi Deputy Prime Minister Tareq Aziz")?
 */
function inPlacePhrase(doc: Doc, k: number, words: readonly number[]): boolean {
  const f = doc.tokens.form;
  for (let j = k - 1; j >= 0 && j >= k - 3 && words.includes(j); j--) {
    const w = f[j].toLowerCase();
    if (PLACE_PREPS.has(w)) return true;
    if (w !== 'the' && !/^\p{Lu}/u.test(f[j])) return false;
  }
  return false;
}

/** Tokens of an apposition of the name ("X, the Iraqi embassy's press attache") or the name's own host noun. */
function appositionOf(doc: Doc, head: number): number[] {
  const t = doc.tokens;
  const out: number[] = [];
  const collect = (k: number, depth: number): void => {
    out.push(k);
    if (depth > 3) return;
    for (let c = Math.max(0, k - 8); c < Math.min(t.count, k + 10); c++) {
      if (t.head[c] === k && !/^(acl|acl:relcl|punct|cc|conj|appos)$/.test(t.deprel[c])) collect(c, depth + 1);
    }
  };
  // (an apposition after a conjoined name is that name's, wherever the parse hung it: "Interior Minister Zbigniew
  // Siemiatkowski and Bernd Schmidbauer, German intelligence co-ordinator in …" — the German is Schmidbauer)
  const conjBetween = (h: number, from: number, to: number): boolean => {
    for (let j = from + 1; j < to; j++) if (t.head[j] === h && t.deprel[j] === 'conj') return true;
    return false;
  };
  for (let c = Math.max(0, head - 12); c < Math.min(t.count, head + 14); c++) {
    if (t.head[c] === head && t.deprel[c] === 'appos' && !(c > head && conjBetween(head, head, c))) collect(c, 0);
  }
  const first = t.head[head];
  if (t.deprel[head] === 'conj' && first >= 0 && first < head) {
    for (let c = head + 1; c < Math.min(t.count, head + 14); c++) {
      if (t.head[c] === first && t.deprel[c] === 'appos' && !conjBetween(first, head, c)) collect(c, 0);
    }
  }
  // the name is itself the apposition: "the speaker of the Belarus parliament, Semyon Sharetsky"
  const h = t.head[head];
  if (t.deprel[head] === 'appos' && h >= 0) collect(h, 0);
  return out.sort((a, b) => a - b);
}

/** The of-phrase of a name ("King Birendra of Nepal", "Prince Hassan of Jordan"): its noun and the noun's own words. */
function ofPhraseOf(doc: Doc, head: number): number[] {
  const t = doc.tokens;
  const out: number[] = [];
  for (let c = head + 1; c < Math.min(t.count, head + 6); c++) {
    if (t.head[c] !== head || t.deprel[c] !== 'nmod') continue;
    let of = false;
    for (let k = head + 1; k < c; k++) if (t.head[k] === c && t.deprel[k] === 'case' && t.form[k].toLowerCase() === 'of') of = true;
    if (!of) continue;
    for (let k = head + 1; k <= c; k++) if (k === c || (t.head[k] === c && /^(compound|flat|amod)$/.test(t.deprel[k]))) out.push(k);
  }
  return out;
}

/**
 * An actor for `entity` (an uncoded person) from its description, or null when no role word says what they
 * do. `home` is the story's home country.
 */
export function describePerson(doc: Doc, entity: Entity, coder: ActorCoder, home: string | null, byToken: TokenEntities): Actor | null {
  const t = doc.tokens;
  let country: string | null = null;
  let sector: string | null = null;
  let weak: string | null = null;
  let side: string | null = null;
  // the mention whose description gave the side
  let sideMention: Entity['mentions'][number] | null = null;
  // an international or non-governmental body named in the title ("EU Farm Commissioner Franz Fischler", "U.N.
  // envoy Yasushi Akashi"): the person acts for it, when no country is named
  let body: Actor | null = null;
  let possessed: string | null = null;
  // a country named only where the person is ("charge d'affaires in Tripoli"), and the country of a person the
  // description names ("Netanyahu aide Dore Gold"): weaker than a country the title gives
  let placed: string | null = null;
  let led: string | null = null;
  // "deputy" is a legislator only alone: a "Deputy Foreign Minister" is a minister, a "Deputy Secretary of State" a
  // secretary
  let deputy = false;
  const role = (w: string): void => {
    if (w === 'deputy') {
      deputy = true;
      return;
    }
    const sec = ROLE_SECTORS[w] ?? coder.sectorOf(w);
    if (!sec) return;
    if (WEAK_ROLES.has(w)) weak ??= sec;
    else sector ??= sec;
  };
  // the fullest introduction first ("former Tanzanian president Julius Nyerere" before the headline's "Burundi
  // negotiator Nyerere"): its words decide when descriptions differ
  // (and of two as full, the body's before the headline's, whose telegraphic parse hangs words anywhere: "Students
  // burn Hasina effigy, battle police" is no police officer Hasina)
  const headline = (m: Entity['mentions'][number]): number => (doc.dateline && m.start < doc.dateline.start ? 1 : 0);
  const order = entity.mentions.filter((m) => m.kind !== 'pronoun').sort((a, b) => (b.kind === 'name' ? b.tokenEnd - b.tokenStart : 0) - (a.kind === 'name' ? a.tokenEnd - a.tokenStart : 0) || headline(a) - headline(b) || a.start - b.start);
  for (const m of order) {
    const words = m.kind === 'name' ? [...modifiersBefore(doc, m.tokenStart), ...descriptionBefore(doc, m.tokenStart), ...appositionOf(doc, m.head), ...ofPhraseOf(doc, m.head)] : [];
    // a nominal mention is a description itself ("Lukashenko's political adviser")
    if (m.kind === 'nominal') for (let k = m.tokenStart; k < m.tokenEnd; k++) words.push(k);
    // titles inside the name's own span ("President Lukashenko") say the role, never the country
    if (m.kind === 'name') for (let k = m.tokenStart; k < m.tokenEnd; k++) role(t.form[k].toLowerCase());
    for (const k of words) {
      const w = t.form[k];
      const lw = w.toLowerCase();
      const other = byToken[k];
      if (other && other !== entity && other.actor) {
        // a place or people named in the description gives the country ("North Korea's leader"); a company the
        // sector ("AT&T's chief executive"); another person named only a fallback country ("Netanyahu aide Dore
        // Gold"), never their own code
        if (other.type === 'GPE' || other.type === 'NORP') {
          if (inPlacePhrase(doc, k, words)) placed ??= other.actor.country;
          else country ??= other.actor.country;
        } else if (other.type === 'PERSON' && t.upos[k] !== uposIndex('PRON')) led ??= other.actor.country;
        else if (/^(IGO|NGO)/.test(other.actor.code)) body ??= other.actor;
        else if (other.type === 'ORG' && /^(MNC|BUS)/.test(other.actor.code)) {
          // a company's people are business, of the company's country (MNCUSAMED: a US multinational)
          sector ??= 'BUS';
          country ??= other.actor.country ?? (/^MNC[A-Z]{3}/.test(other.actor.code) ? other.actor.code.slice(3, 6) : null);
        } else if (other.type === 'ORG' && other.actor.country) {
          // a national body ("FBI Director Louis Freeh", "PUK leader Jalal Talabani"): its country, and the side
          // of a rebel or opposition group; the title says the office (an FBI director is a government official)
          country ??= other.actor.country;
          const s = other.actor.sector?.slice(0, 3);
          if (s === 'REB' || s === 'OPP') side ??= s;
        }
        continue;
      }
      // (a country's possessive right before the name: "Russia's Alexander Lebed")
      if (m.kind === 'name' && k === m.tokenStart - 1 && (lw === "'s" || lw === '’s') && k > 0) {
        const owner = byToken[k - 1];
        const c = owner && owner !== entity && owner.actor && (owner.type === 'GPE' || owner.type === 'NORP') ? owner.actor.country : /^\p{Lu}/u.test(t.form[k - 1]) ? coder.countryOf(t.form[k - 1]) : null;
        if (c) possessed ??= c;
      }
      if (/^\p{Lu}/u.test(w) && !country && !(other && other.type === 'PERSON')) {
        // "Iraqi", "Russian", "Poland('s)"
        const c = coder.countryOf(w);
        if (c && inPlacePhrase(doc, k, words)) placed ??= c;
        else if (c) country = c;
      }
      const sideWord = SIDE_SECTORS[lw];
      // a side outranks a past office the story gives elsewhere: "former President Abolhassan Banisadr" is
      // "an avowed opponent of the Tehran government" now (within one description the first word decides:
      // "former rebel leader")
      if (sideWord && (side === null || (side === 'ELI' && sideWord !== 'ELI' && m !== sideMention))) {
        side = sideWord;
        sideMention = m;
      }
      // a hyphened title the tokenizer split ("Director-General"): the whole title, not a general's rank
      const joined = k >= 2 && t.form[k - 1] === '-' ? `${t.form[k - 2].toLowerCase()}-${lw}` : '';
      role(ROLE_SECTORS[joined] ? joined : lw);
    }
  }
  // whose side the person is on outranks the office: a rebel leader is a rebel, a former minister an elite
  const code = side ?? sector ?? weak ?? (deputy ? 'LEG' : null);
  if (body && !country) return body;
  // "Russia's Alexander Lebed", "Japan's Hashimoto": a country's own person, role unsaid — the country itself
  if (!code && possessed) return { code: possessed, country: possessed, sector: null };
  if (!code) return null;
  const where = country ?? led ?? home ?? placed;
  if (!where) return null;
  return { code: where + code, country: where, sector: code };
}
