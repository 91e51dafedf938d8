/**
 * Coding an organisation the knowledge base does not know from its own name and what stands right before it, as
 * describe.ts codes people: "the Jordanian Arab Socialist Baath Party" is a Jordanian party, "Bangladesh's Criminal
 * Investigation Department" Bangladeshi police, "the U.N. Human Rights Commission" a United Nations body. The
 * country is a country word or coded body inside the name, else a possessive right before it ("Iliescu's Party of
 * Social Democracy"), else — for a national body only (a ministry, a party, a police force) — the story's home
 * country; the sector is the kind of body the name's head word says. No kind word, no code.
 */
import type { Actor, Doc, Entity } from '../doc/doc.js';
import type { ActorCoder } from './actor-coder.js';
import type { TokenEntities } from './describe.js';

/** Words that say what kind of body an organisation is → CAMEO sector. */
const BODY_SECTORS: Record<string, string> = {
  party: 'PTY', league: 'PTY',
  ministry: 'GOV', department: 'GOV', commission: 'GOV', government: 'GOV', cabinet: 'GOV', presidency: 'GOV',
  parliament: 'LEG', assembly: 'LEG', congress: 'LEG', senate: 'LEG', duma: 'LEG',
  court: 'JUD', tribunal: 'JUD',
  police: 'COP', army: 'MIL', navy: 'MIL',
  airlines: 'BUS', airways: 'BUS', airline: 'BUS', corporation: 'BUS', corp: 'BUS', company: 'BUS', bank: 'BUS', group: 'BUS',
  university: 'EDU', college: 'EDU',
  union: 'LAB', unions: 'LAB', federation: 'LAB',
  newspaper: 'MED', daily: 'MED', weekly: 'MED', monthly: 'MED', television: 'MED', radio: 'MED', agency: 'MED',
  front: 'REB', movement: 'OPP',
};

/** Sectors of bodies that belong to the country the story is about when their name names none. */
const NATIONAL = new Set(['GOV', 'LEG', 'JUD', 'COP', 'MIL', 'PTY', 'OPP']);

/** An actor for `entity` (an uncoded organisation) from its name, or null. `home` is the story's home country. */
export function describeOrg(doc: Doc, entity: Entity, coder: ActorCoder, home: string | null, byToken: TokenEntities): Actor | null {
  const t = doc.tokens;
  const names = entity.mentions.filter((m) => m.kind === 'name').sort((a, b) => b.tokenEnd - b.tokenStart - (a.tokenEnd - a.tokenStart));
  const m = names[0];
  if (!m) return null;
  // a shorter name the dictionary knows ("Hizbollah" beside a mention the recogniser ran on, "Hizbollah (Party of God")
  for (const n of names.slice(1)) {
    const known = coder.codeName(Array.from({ length: n.tokenEnd - n.tokenStart }, (_, i) => t.form[n.tokenStart + i]), 'ORG', doc.meta.published);
    if (known) return known.actor;
  }
  let sector: string | null = null;
  let country: string | null = null;
  let body: Actor | null = null;
  // the head word last: "the Palestinian Information Ministry" is a ministry, whatever "Information" might be
  for (let k = m.tokenEnd - 1; k >= m.tokenStart; k--) {
    const w = t.form[k];
    sector ??= BODY_SECTORS[w.toLowerCase()] ?? null;
    if (/^\p{Lu}/u.test(w)) {
      const c = coder.countryOf(w);
      if (c) country = c;
    }
  }
  // a coded body at the start of the name: "the U.N. Human Rights Commission", "United Nations Special Commission"
  const words = Array.from({ length: m.tokenEnd - m.tokenStart }, (_, i) => t.form[m.tokenStart + i]);
  for (let n = Math.min(3, words.length - 1); n >= 1 && !body; n--) {
    const inner = coder.codeName(words.slice(0, n), 'ORG', doc.meta.published);
    if (inner && /^(IGO|NGO)/.test(inner.actor.code)) body = inner.actor;
  }
  if (body) return body;
  if (!sector) return null;
  // "Bangladesh's Criminal Investigation Department", "Iliescu's Party of Social Democracy"
  // (a modifier may come between: "Albania's opposition Socialist Party", "Iraq's ruling Baath Party")
  const s = m.tokenStart;
  const poss = [s - 1, s - 2].find((k) => k >= 1 && /^['’]s$/.test(t.form[k]));
  if (!country && poss !== undefined) {
    const owner = byToken[poss - 1];
    if (owner && owner !== entity && owner.actor?.country) country = owner.actor.country;
  }
  // "Albania's opposition Socialist Party", "the opposition Bangladesh Nationalist Party": an opposition party
  if (sector === 'PTY' && [s - 1, s - 2].some((k) => k >= 0 && /^opposition$/i.test(t.form[k]))) sector = 'OPP';
  const where = country ?? (NATIONAL.has(sector) ? home : null);
  if (!where) return null;
  return { code: where + sector, country: where, sector };
}
