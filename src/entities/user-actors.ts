/**
 * A user's own actors file (`--actors FILE`, or HERALD_ACTORS): PETRARCH users keep dictionaries of their own for
 * the people and groups of their beat, and the Phoenix dictionaries stop around 2016. The file extends and
 * overrides the shipped knowledge base, for names (entity coding) and for the event coder alike:
 *
 *   {
 *     "actors": [
 *       { "name": "Kim Jong-un", "synonyms": ["kim jong-un", "kim jong un"], "code": "PRKGOV" },
 *       { "name": "Ursula von der Leyen", "synonyms": ["von der leyen"], "kind": "person",
 *         "roles": [{ "code": "DEUGOV", "from": "2013-12-17", "to": "2019-07-17" },
 *                   { "code": "IGOEEC", "from": "2019-12-01", "to": null }] }
 *     ],
 *     "demonyms": { "azeri": "AZE" }
 *   }
 *
 * `code` is a shorthand for one role at all dates; `roles` give dated codes (`from` inclusive, `to` exclusive,
 * ISO dates or null). Synonyms are matched case-insensitively as whole token sequences; the name itself is
 * always one. Every problem is reported with the file and the entry, and what to write instead.
 */
import { readFileSync } from 'node:fs';
import { HeraldError } from '../text/errors.js';
import type { ActorRole } from './actor-role.js';

export interface UserActor {
  name: string;
  synonyms: string[];
  kind: 'person' | 'org' | 'group' | 'country' | 'city' | 'other';
  roles: ActorRole[];
}

export interface UserActors {
  path: string;
  actors: UserActor[];
  demonyms: Record<string, string>;
}

const CODE = /^[A-Z]{3}(?:[A-Z]{3}){0,3}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS = new Set(['person', 'org', 'group', 'country', 'city', 'other']);
const FORMAT = 'an object {"actors": [{"name": "...", "synonyms": ["..."], "code": "PRKGOV"}], "demonyms": {"azeri": "AZE"}}';

const cache = new Map<string, UserActors>();

/** The environment variable that carries `--actors` to every pipeline (worker threads included). */
export const ACTORS_ENV = 'HERALD_ACTORS';

/** Reads and checks a user actors file (memoised per path). */
export function loadUserActors(path: string): UserActors {
  const known = cache.get(path);
  if (known) return known;
  let raw: unknown;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new HeraldError(`${path}: cannot read the actors file (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the --actors path`);
  }
  try {
    raw = JSON.parse(text);
  } catch {
    throw new HeraldError(`${path}: not valid JSON; an actors file holds ${FORMAT}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new HeraldError(`${path}: an actors file holds ${FORMAT}`);
  const r = raw as { actors?: unknown; demonyms?: unknown };
  if (r.actors !== undefined && !Array.isArray(r.actors)) throw new HeraldError(`${path}: "actors" must be a list; an actors file holds ${FORMAT}`);
  const actors = ((r.actors as unknown[] | undefined) ?? []).map((a, i) => checkActor(path, a, i));
  const demonyms: Record<string, string> = {};
  if (r.demonyms !== undefined) {
    if (!r.demonyms || typeof r.demonyms !== 'object' || Array.isArray(r.demonyms)) throw new HeraldError(`${path}: "demonyms" must map words to country codes, e.g. {"azeri": "AZE"}`);
    for (const [w, c] of Object.entries(r.demonyms)) {
      if (typeof c !== 'string' || !/^[A-Z]{3}$/.test(c)) throw new HeraldError(`${path}: demonym "${w}" needs a three-letter country code such as "AZE", not ${JSON.stringify(c)}`);
      demonyms[w.toLowerCase()] = c;
    }
  }
  const out = { path, actors, demonyms };
  cache.set(path, out);
  return out;
}

function checkActor(path: string, a: unknown, i: number): UserActor {
  const where = `${path}: actors[${i}]`;
  if (!a || typeof a !== 'object') throw new HeraldError(`${where} must be an object like {"name": "Kim Jong-un", "code": "PRKGOV"}`);
  const o = a as Record<string, unknown>;
  if (typeof o.name !== 'string' || !o.name.trim()) throw new HeraldError(`${where} needs a "name"`);
  const label = `${where} ("${o.name}")`;
  const synonyms = o.synonyms === undefined ? [] : o.synonyms;
  if (!Array.isArray(synonyms) || synonyms.some((s) => typeof s !== 'string' || !s.trim())) throw new HeraldError(`${label}: "synonyms" must be a list of names`);
  let roles: ActorRole[];
  if (typeof o.code === 'string') {
    if (!CODE.test(o.code)) throw new HeraldError(`${label}: "${o.code}" is no CAMEO actor code; write a country code and roles in capitals, e.g. "PRKGOV", "IGOUNO"`);
    roles = [{ code: o.code, from: null, to: null }];
  } else if (Array.isArray(o.roles) && o.roles.length) {
    roles = o.roles.map((x, j) => {
      const role = x as Record<string, unknown>;
      const code = role?.code;
      if (typeof code !== 'string' || !CODE.test(code)) throw new HeraldError(`${label}: roles[${j}] needs a CAMEO "code" such as "DEUGOV"`);
      for (const k of ['from', 'to'] as const) {
        const d = role[k];
        if (d !== undefined && d !== null && (typeof d !== 'string' || !DATE.test(d))) throw new HeraldError(`${label}: roles[${j}].${k} must be an ISO date YYYY-MM-DD or null`);
      }
      return { code, from: (role.from as string | undefined) ?? null, to: (role.to as string | undefined) ?? null };
    });
  } else {
    throw new HeraldError(`${label}: give a "code" (e.g. "PRKGOV") or "roles" [{"code", "from", "to"}]`);
  }
  const kind = typeof o.kind === 'string' ? o.kind : 'person';
  if (!KINDS.has(kind)) throw new HeraldError(`${label}: "kind" is one of ${[...KINDS].join(', ')}`);
  const names = [o.name, ...(synonyms as string[])].map((s) => s.trim().toLowerCase().replace(/\s+/g, ' ').replace(/’/g, "'"));
  return { name: o.name.trim(), synonyms: [...new Set(names)], kind: kind as UserActor['kind'], roles };
}

/** The user actors file named by the environment (set by `--actors`), or null. */
export function userActorsFromEnv(): UserActors | null {
  const p = process.env[ACTORS_ENV];
  return p ? loadUserActors(p) : null;
}
