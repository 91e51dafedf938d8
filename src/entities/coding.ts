/**
 * Actor coding: names → CAMEO actor codes with the actor knowledge base (compiled from the Phoenix
 * dictionaries) plus a small hand-curated supplement for actors newer than those dictionaries. Roles are chosen
 * by the publication date (newest role when no date is known).
 */
import { readFileSync } from 'node:fs';
import type { Actor } from '../doc/doc.js';
import { dataPath } from '../nlp/paths.js';
import { ActorKB, roleHolds, type ActorRole } from './actors.js';
import { userActorsFromEnv, type UserActors } from './user-actors.js';
import type { ActorCoder, CodedName } from './actor-coder.js';

interface SupplementActor {
  name: string;
  synonyms: string[];
  kind: CodedName['kind'];
  roles: ActorRole[];
}

function roleAt(roles: ActorRole[], date: string | undefined): ActorRole | undefined {
  if (date) {
    const r = roles.find((x) => roleHolds(x, date));
    if (r) return r;
  }
  return roles[roles.length - 1];
}

export class KbActorCoder implements ActorCoder {
  private supplement = new Map<string, SupplementActor>();

  constructor(private kb: ActorKB, supplement: SupplementActor[]) {
    for (const a of supplement) for (const s of a.synonyms) this.supplement.set(s, a);
  }

  /** The shipped KB and supplement, then a user's own actors file (`--actors`; by default HERALD_ACTORS). */
  static load(user: UserActors | null = userActorsFromEnv()): KbActorCoder {
    const sup = JSON.parse(readFileSync(dataPath('actors-supplement.json'), 'utf8')) as { actors: SupplementActor[] };
    return new KbActorCoder(ActorKB.load(dataPath('.'), user), [...sup.actors, ...(user?.actors ?? [])]);
  }

  private actor(code: string): Actor {
    const p = this.kb.splitCode(code);
    return { code: p.code, country: p.country, sector: p.sector };
  }

  codeName(tokens: string[], nerType: string, date: string | undefined): CodedName | null {
    const phrase = tokens.join(' ').toLowerCase().replace(/’/g, "'");
    const sup = this.supplement.get(phrase);
    if (sup) {
      const role = roleAt(sup.roles, date);
      return role?.code ? { actor: this.actor(role.code), name: sup.name, kind: sup.kind } : null;
    }
    const demonym = nerType !== 'PER' ? this.kb.countryOfDemonym(phrase) : null;
    if (demonym) return { actor: this.actor(demonym), name: tokens.join(' '), kind: 'demonym' };
    const m = this.kb.lookup(tokens, 0, date);
    if (!m || m.length !== tokens.length || !m.code) return null;
    const entry = this.kb.actor(m.actorId);
    if (entry?.country) {
      // A country, or a place the dictionary codes as its country (capitals, "Tel Aviv" → ISR).
      const info = this.kb.country(entry.country);
      const isCountry = !!info && (info.names.includes(phrase) || entry.synonyms.some((s) => s.join(' ') === phrase && s.length > 1) || phrase === info.name.toLowerCase());
      return isCountry
        ? { actor: this.actor(m.code), name: entry.name, kind: 'country' }
        : { actor: this.actor(m.code), name: tokens.join(' '), kind: nerType === 'PER' ? 'other' : 'city' };
    }
    const kind = nerType === 'PER' ? 'person' : nerType === 'ORG' ? 'org' : 'group';
    const stale = kind === 'person' && !!date && !this.kb.hasRoleOn(m.actorId, date);
    return { actor: this.actor(m.code), name: m.name, kind, ...(stale ? { stale } : {}) };
  }

  countryOf(word: string): string | null {
    const w = word.replace(/['’]s$/, '');
    const m = this.kb.lookup([w], 0);
    const entry = m ? this.kb.actor(m.actorId) : undefined;
    return this.kb.countryOfDemonym(w) ?? this.kb.countryOfCapital(w) ?? entry?.country ?? null;
  }

  capitalOf(name: string): string | null {
    return this.kb.countryOfCapital(name);
  }

  placeCountry(name: string): string | null {
    const words = name.toLowerCase().split(/\s+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1));
    if (words.length === 1) return this.countryOf(words[0]);
    const m = this.kb.lookup(words, 0);
    const entry = m && m.length === words.length ? this.kb.actor(m.actorId) : undefined;
    return entry?.country ?? this.kb.countryOfCapital(words.join(' '));
  }

  sectorOf(role: string): string | null {
    const code = this.kb.agent(role);
    return code ? code.replace(/~/g, '').slice(0, 3) : null;
  }
}
