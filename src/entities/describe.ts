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
import type { ActorCoder } from './stage.js';

/**
 * Role words → CAMEO sector, for titles the Phoenix agent dictionary lacks or codes for another reading
 * (it has "spokesman" as media; in wire stories a spokesman speaks for a government or body).
 */
const ROLE_SECTORS: Record<string, string> = {
  official: 'GOV', officials: 'GOV', leader: 'GOV', chief: 'GOV', head: 'GOV', spokesman: 'GOV', spokeswoman: 'GOV',
  spokesperson: 'GOV', adviser: 'GOV', advisor: 'GOV', aide: 'GOV', negotiator: 'GOV', peacemaker: 'GOV', envoy: 'GOV',
  secretary: 'GOV', 'under-secretary': 'GOV', 'director-general': 'GOV', director: 'GOV', attache: 'GOV', chairman: 'GOV',
  'gov.': 'GOV', governor: 'GOV', chancellor: 'GOV', king: 'GOV', queen: 'GOV', emir: 'GOV', sheikh: 'GOV',
  speaker: 'LEG', deputy: 'LEG', senator: 'LEG', congressman: 'LEG', parliamentarian: 'LEG',
  general: 'MIL', 'major-general': 'MIL', 'lieutenant-general': 'MIL', 'brigadier-general': 'MIL', colonel: 'MIL',
  'commander-in-chief': 'MIL', 'chief-of-staff': 'MIL', commander: 'MIL', admiral: 'MIL', marshal: 'MIL',
  editor: 'MED', correspondent: 'MED', owner: 'BUS', businessman: 'BUS',
};

/** Words that override the office a title names: whose side the person is on. */
const SIDE_SECTORS: Record<string, string> = {
  rebel: 'REB', rebels: 'REB', guerrilla: 'REB', guerrillas: 'REB', separatist: 'REB', insurgent: 'REB', militant: 'REB',
  opposition: 'OPP', dissident: 'OPP', former: 'ELI', ex: 'ELI',
};

const VERB = uposIndex('VERB');

/** Tokens of the noun phrase before a name mention: modifiers the parse hangs on the name ("Russian security chief"). */
function modifiersBefore(doc: Doc, start: number, end: number, head: number): number[] {
  const t = doc.tokens;
  const out: number[] = [];
  for (let k = start - 1; k >= 0 && k >= start - 6; k--) {
    const f = t.form[k];
    if (/^[,;:()"“”—–-]$/.test(f) || t.upos[k] === VERB) break;
    // a word of the phrase hangs (through others) on the name or on the phrase's own words
    let h = t.head[k];
    let inside = false;
    for (let n = 0; n < 4 && h >= 0; n++, h = t.head[h]) {
      if ((h >= start && h < end) || h === head || out.includes(h)) {
        inside = true;
        break;
      }
    }
    if (!inside) break;
    out.push(k);
  }
  return out.reverse();
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
  for (let c = Math.max(0, head - 12); c < Math.min(t.count, head + 14); c++) {
    if (t.head[c] === head && t.deprel[c] === 'appos') collect(c, 0);
  }
  // the name is itself the apposition: "the speaker of the Belarus parliament, Semyon Sharetsky"
  const h = t.head[head];
  if (t.deprel[head] === 'appos' && h >= 0) collect(h, 0);
  return out.sort((a, b) => a - b);
}

/**
 * An actor for `entity` (an uncoded person) from its description, or null when no role word says what they
 * do. `home` is the story's home country.
 */
export function describePerson(doc: Doc, entity: Entity, coder: ActorCoder, home: string | null): Actor | null {
  const t = doc.tokens;
  let country: string | null = null;
  let sector: string | null = null;
  let side: string | null = null;
  for (const m of entity.mentions) {
    if (m.kind === 'pronoun') continue;
    const words = m.kind === 'name' ? [...modifiersBefore(doc, m.tokenStart, m.tokenEnd, m.head), ...appositionOf(doc, m.head)] : [];
    // a nominal mention is a description itself ("Lukashenko's political adviser")
    if (m.kind === 'nominal') for (let k = m.tokenStart; k < m.tokenEnd; k++) words.push(k);
    // titles inside the name's own span ("President Lukashenko") say the role, never the country
    if (m.kind === 'name') for (let k = m.tokenStart; k < m.tokenEnd; k++) sector ??= ROLE_SECTORS[t.form[k].toLowerCase()] ?? coder.sectorOf(t.form[k].toLowerCase());
    for (const k of words) {
      const w = t.form[k];
      const lw = w.toLowerCase();
      if (/^\p{Lu}/u.test(w) && !country) {
        // "Iraqi", "Russian", "Poland('s)" — but not another person's name ("Lukashenko's adviser")
        const c = coder.countryOf(w);
        if (c) country = c;
      }
      side ??= SIDE_SECTORS[lw] ?? null;
      sector ??= ROLE_SECTORS[lw] ?? coder.sectorOf(lw);
    }
  }
  if (!sector && !side) return null;
  // whose side the person is on outranks the office: a rebel leader is a rebel, a former minister an elite
  const code = (side ?? sector)!;
  const where = country ?? home;
  if (!where) return null;
  return { code: where + code, country: where, sector: code };
}
