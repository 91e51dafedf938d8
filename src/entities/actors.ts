/**
 * Actor knowledge base: PETRARCH2's Phoenix actor and agent dictionaries compiled by
 * scripts/build-dictionaries.ts (npm run build:dictionaries), with ISO-3166 names, demonyms and capitals.
 *
 * ── data/actors.json.gz (format "herald-actors/1"; data/petr-validate/actors.json has the same shape) ──────────
 * { actors: [{ id: "benjamin_netanyahu", name: "Benjamin Netanyahu", source: "countries",
 *              synonyms: ["benjamin netanyahu", "netanyahu", ...],        lowercase token sequences, space-joined
 *              roles: [{ code: "ISRGOV", from: "2009-04-01", to: null }, { code: "ISRELI", from: null, to: null }],
 *              country?: "ISR" }],                                         set on an actor that IS a country
 *   countries: { "IRN": { actor, name, iso2, iso3, names, demonyms, capital } },   keyed by CAMEO country code
 *   demonyms:  { "iranian": "IRN", "iranians": "IRN", ... },
 *   capitals:  { "tehran": "IRN", ... },
 *   caseSensitive: ["an", "us"],   one-word synonyms that are English function words: they match only an
 *                                  upper-case token ("US" is the United States, "us" a pronoun)
 *   meta }
 * Roles: `from` inclusive, `to` exclusive (PETRARCH's date restrictions); both null = the actor's default code;
 * code null = PETRARCH's "---" (deliberately uncoded). Actor order matters: when two actors share a phrase the
 * later one wins, as in PETRARCH2 (Countries, then International, then MilNonState, then ISO-only territories).
 *
 * ── data/agents.json ("herald-agents/1") ──────────────────────────────────────────────────────────────────────
 * { agents: { "police chief": "~COP", "troops": "~MIL", "peacekeeping troops": "IGO~", ... }, substitutions, meta }
 * "~XXX" appends XXX to the actor code (IRN + troops -> IRNMIL), "XXX~" prepends it (PETRARCH's agent syntax);
 * plurals and !PERSON!/!MINIST! substitutions are already expanded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fnv1a } from '../nlp/linear/keys.js';
import { dataPath } from '../nlp/paths.js';
import { gunzipWhole, readTransient } from '../text/load-buffers.js';
import type { ActorRole } from './actor-role.js';
import type { UserActors } from './user-actors.js';

export type { ActorRole } from './actor-role.js';

/** Does role `r` hold on ISO date `d` (`from` inclusive, `to` exclusive; a missing bound is open)? */
export function roleHolds(r: ActorRole, d: string): boolean {
  return (r.from === null || r.from <= d) && (r.to === null || d < r.to);
}

export interface Actor {
  id: string;
  /** Canonical display name ("Ali Khamenei"). */
  name: string;
  /** Source dictionary: countries | international | milnonstate | iso3166 | validate. */
  source: string;
  /** Lowercase token sequences; the first is the dictionary's head entry. */
  synonyms: string[][];
  roles: ActorRole[];
  /** CAMEO country code when this actor is a country itself. */
  country: string | null;
}

export interface ActorMatch {
  actorId: string;
  /** The actor's code on the requested date (newest role without a date); null when deliberately uncoded. */
  code: string | null;
  name: string;
  start: number;
  /** Number of tokens matched. */
  length: number;
}

export interface AgentEntry {
  /** Agent code without the '~' ("MIL", "GOVMED", "IGO"). */
  code: string;
  /** True for "XXX~" agents, whose code goes before the actor code. */
  prefix: boolean;
}

export interface AgentMatch extends AgentEntry {
  start: number;
  length: number;
}

export interface CountryInfo {
  /** CAMEO country code (usually ISO-3166 alpha-3; Phoenix keeps some historical codes such as SUN, DDR). */
  code: string;
  actorId: string;
  name: string;
  iso2: string | null;
  iso3: string | null;
  names: string[];
  demonyms: string[];
  capital: string | null;
}

export interface CodeParts {
  code: string;
  country: string | null;
  sector: string | null;
}

export interface PhraseCode {
  code: string | null;
  start: number;
  length: number;
  actor: ActorMatch | null;
  agent: AgentMatch | null;
}

interface RawActor {
  id: string;
  name: string;
  source: string;
  synonyms: string[];
  roles: ActorRole[];
  country?: string;
}
interface RawCountry {
  actor: string;
  name: string;
  iso2: string | null;
  iso3: string | null;
  names: string[];
  demonyms: string[];
  capital: string | null;
}
export interface ActorsFile {
  meta: Record<string, unknown>;
  actors: RawActor[];
  countries: Record<string, RawCountry>;
  demonyms: Record<string, string>;
  capitals: Record<string, string>;
  caseSensitive?: string[];
}
export interface AgentsFile {
  meta: Record<string, unknown>;
  agents: Record<string, string>;
  substitutions: Record<string, string[]>;
}

function readDataJson<T>(dir: string, name: string): T {
  const gz = join(dir, `${name}.json.gz`);
  const plain = join(dir, `${name}.json`);
  if (existsSync(gz)) return JSON.parse(gunzipWhole(readTransient(gz), true).toString('utf8')) as T;
  if (existsSync(plain)) return JSON.parse(readFileSync(plain, 'utf8')) as T;
  throw new Error(`dictionary ${name}.json(.gz) not found in ${dir}; run "npm run build:dictionaries"`);
}

/** Lowercases a token and straightens curly apostrophes, as the compiled phrases are. */
const normToken = (t: string): string => {
  const l = t.toLowerCase();
  // the regex only when there is a curly apostrophe to straighten (most tokens have none)
  return l.includes('’') || l.includes('‘') ? l.replace(/[’‘]/g, "'") : l;
};
const isUpper = (t: string): boolean => t === t.toUpperCase() && t !== t.toLowerCase();
/** A free-text phrase as the compiled key: "Iranian" -> "iranian", "South  Korean" -> "south korean". */
const phraseKey = (s: string): string => s.split(/[\s_]+/).filter(Boolean).map(normToken).join(' ');

/** Normalises a date to YYYY-MM-DD ("2017" -> 2017-01-01, "2017-02" -> 2017-02-01, timestamps cut); else null. */
function normDate(date: string | undefined): string | null {
  if (!date) return null;
  // one date per document, asked for every actor coded in it
  if (date === lastDate.date) return lastDate.norm;
  const norm = normDateOf(date);
  lastDate.date = date;
  lastDate.norm = norm;
  return norm;
}
const lastDate: { date: string | undefined; norm: string | null } = { date: undefined, norm: null };

/** Entries a memo of the KB keeps before it starts afresh (a long-running server reads an open vocabulary). */
const MEMO_LIMIT = 50_000;

function normDateOf(date: string): string | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date.trim());
  if (!m) return null;
  return `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`;
}

const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

interface IndexEntry {
  tokens: string[];
  ref: number;
}

/**
 * A first-token index of phrases, longest first; later registrations of the same phrase override earlier.
 * Memory matters (one index per worker thread, ~35k phrases): entries keep the caller's token arrays rather
 * than copies, and the by-first-word lists are dropped once split by their second word.
 */
/**
 * A long list of phrases sharing their first two words ("minister of …", "abd al …") split once more: those of
 * three or more words by their third word, then the two-word ones, each in the list's order (longest first).
 */
interface ThirdSplit {
  byThird: Map<string, IndexEntry[]>;
  pairs: IndexEntry[];
}

/** The one (never changed) `bySecond` of the first words that start no longer phrase: 5.3k of 19k, ~1 MB of empty maps a worker. */
const NO_SECOND: ReadonlyMap<string, IndexEntry[] | ThirdSplit> = new Map();

/** Lists of phrases sharing their first two words longer than this are split by their third word. */
const THIRD_SPLIT_MIN = 8;

/** Bits of the first-word filter (a power of two): 256 Ki bits, 32 KB, ~2% false positives for 17k first words. */
const FIRST_BITS = 1 << 18;

class PhraseIndex {
  private readonly split = new Map<string, { bySecond: ReadonlyMap<string, IndexEntry[] | ThirdSplit>; single: IndexEntry[] }>();
  /**
   * A Bloom filter of the first words: most tokens of a sentence start no phrase, and telling so from 32 KB of
   * bits is cheaper than a miss in the 17k-entry map (whose buckets and keys are rarely in cache on a whole
   * article's analysis). No false negatives: a word it rejects is not in `split`.
   */
  // 16 bits a number, in a plain array of small integers: an ArrayBuffer here (external memory) brought a
  // major GC forward while the KB loads, ~40 ms of the load
  private readonly firstBits: number[] = new Array<number>(FIRST_BITS >>> 4).fill(0);
  private readonly exact = new Map<string, IndexEntry>();

  /** Phrases that match only upper-case tokens. */
  constructor(private readonly upperOnly: ReadonlySet<string> = new Set()) {}

  /** Registers `tokens` (kept, not copied: the caller must not change the array). */
  add(tokens: string[], ref: number, override: boolean): void {
    const key = tokens.join(' ');
    if (this.exact.has(key) && !override) return;
    this.exact.set(key, { tokens, ref });
  }

  /** Freezes the index after all additions. */
  build(): void {
    const byFirst = new Map<string, IndexEntry[]>();
    for (const e of this.exact.values()) {
      let list = byFirst.get(e.tokens[0]);
      if (!list) byFirst.set(e.tokens[0], (list = []));
      list.push(e);
    }
    for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
    // Each list split by its second word: a common first word ("the", "united") has a hundred phrases, of which
    // only those with the token's second word can match. Longest first within each part, as in the list.
    for (const [first, list] of byFirst) {
      const bySecond = new Map<string, IndexEntry[] | ThirdSplit>();
      const single: IndexEntry[] = [];
      for (const e of list) {
        if (e.tokens.length === 1) {
          single.push(e);
          continue;
        }
        // (only lists in this walk: the splits replace some of them below)
        let l = bySecond.get(e.tokens[1]) as IndexEntry[] | undefined;
        if (!l) bySecond.set(e.tokens[1], (l = []));
        l.push(e);
      }
      // long lists are replaced in place by their split (a value replaced during the walk: keys unchanged); only
      // a first word with more phrases than that can have one
      if (list.length > THIRD_SPLIT_MIN) for (const [second, l] of bySecond) {
        if (!Array.isArray(l) || l.length <= THIRD_SPLIT_MIN) continue;
        const byThird = new Map<string, IndexEntry[]>();
        const pairs: IndexEntry[] = [];
        for (const e of l) {
          if (e.tokens.length === 2) {
            pairs.push(e);
            continue;
          }
          let t = byThird.get(e.tokens[2]);
          if (!t) byThird.set(e.tokens[2], (t = []));
          t.push(e);
        }
        bySecond.set(second, { byThird, pairs });
      }
      // Lists built by push keep V8's growth slack (a one-phrase list holds 17 slots): exact-size copies, the
      // same phrases in the same order. ~5 MB of a worker's heap (45k lists; heap snapshot, issue 16).
      for (const [second, l] of bySecond) {
        if (Array.isArray(l)) bySecond.set(second, l.slice());
        else {
          for (const [third, t] of l.byThird) l.byThird.set(third, t.slice());
          l.pairs = l.pairs.slice();
        }
      }
      this.split.set(first, { bySecond: bySecond.size ? bySecond : NO_SECOND, single: single.slice() });
      const h = fnv1a(first);
      const a = h & (FIRST_BITS - 1);
      const b = (h >>> 14) & (FIRST_BITS - 1);
      this.firstBits[a >>> 4] |= 1 << (a & 15);
      this.firstBits[b >>> 4] |= 1 << (b & 15);
    }
  }

  get(phrase: string): number | undefined {
    return this.exact.get(phrase)?.ref;
  }

  /** `norm`, when given, holds normToken of each of `tokens` (the caller has them already). */
  longest(tokens: readonly string[], start: number, norm?: readonly string[]): IndexEntry | null {
    if (start < 0 || start >= tokens.length) return null;
    const word = norm ? norm[start] : normToken(tokens[start]);
    const h = fnv1a(word);
    const a = h & (FIRST_BITS - 1);
    const b = (h >>> 14) & (FIRST_BITS - 1);
    if (!(this.firstBits[a >>> 4] & (1 << (a & 15))) || !(this.firstBits[b >>> 4] & (1 << (b & 15)))) return null;
    const first = this.split.get(word);
    if (!first) return null;
    // Every phrase of two or more words comes before the one-word phrase (longest first), so the first match
    // among those with this second word, else the one-word phrase, is the first match of the whole list.
    if (start + 1 < tokens.length && first.bySecond.size) {
      const part = first.bySecond.get(norm ? norm[start + 1] : normToken(tokens[start + 1]));
      if (part) {
        // the following tokens normalised once each (a common pair of words has many phrases)
        const done: string[] = [];
        const at = (i: number): string => (norm ? norm[start + i] : (done[i] ??= normToken(tokens[start + i])));
        if (Array.isArray(part)) {
          for (const e of part) {
            if (start + e.tokens.length > tokens.length) continue;
            let ok = true;
            for (let i = 2; i < e.tokens.length && ok; i++) ok = at(i) === e.tokens[i];
            if (ok) return e;
          }
        } else {
          // the phrases of three or more words come first in the list, and only those with this third word can match
          const list = start + 2 < tokens.length ? part.byThird.get(at(2)) : undefined;
          if (list) {
            for (const e of list) {
              if (start + e.tokens.length > tokens.length) continue;
              let ok = true;
              for (let i = 3; i < e.tokens.length && ok; i++) ok = at(i) === e.tokens[i];
              if (ok) return e;
            }
          }
          // then the first two-word phrase, which the two words match
          if (part.pairs.length) return part.pairs[0];
        }
      }
    }
    for (const e of first.single) {
      if (this.upperOnly.has(e.tokens[0]) && !isUpper(tokens[start])) continue;
      return e;
    }
    return null;
  }
}

/** Hyphenated words as separate tokens ("ki-moon" -> "ki - moon"), for tokenizers that split hyphens. */
function hyphenVariant(tokens: string[]): string[] | null {
  if (!tokens.some((t) => t.length > 1 && t.includes('-'))) return null;
  return tokens.flatMap((t) => (t.length > 1 && t.includes('-') ? t.split(/(-)/).filter(Boolean) : [t]));
}

const OF_WORDS = new Set(['of', 'from', 'in', 'for']);

export class ActorKB {
  readonly meta: Record<string, unknown>;
  private readonly actorList: Actor[];
  private readonly byId = new Map<string, Actor>();
  private readonly phrases: PhraseIndex;
  private readonly agentPhrases = new PhraseIndex();
  private readonly agentCodes: string[] = [];
  /** `agentCodes` parsed. */
  private readonly agentEntries: AgentEntry[] = [];
  private readonly raw: ActorsFile;
  /** roleAt's last answer per actor (with the roles and the normalised date it was for). */
  private readonly roleMemo = new WeakMap<Actor, { roles: ActorRole[]; date: string | null; role: ActorRole | undefined }>();
  /** countryOfDemonym's answers by word. */
  private readonly demonymMemo = new Map<string, string | null>();

  constructor(actors: ActorsFile, agents: AgentsFile | null) {
    // The raw actor list is not kept: its synonyms live on, split, in `actorList` (about a third of the KB's
    // ~45 MB heap per worker was this second copy).
    this.raw = { ...actors, actors: [] };
    this.meta = actors.meta;
    this.phrases = new PhraseIndex(new Set(actors.caseSensitive ?? []));
    // one string per distinct token ("the", "party", "united" recur in thousands of synonyms)
    const interned = new Map<string, string>();
    const intern = (t: string): string => {
      const x = interned.get(t);
      if (x !== undefined) return x;
      interned.set(t, t);
      return t;
    };
    this.actorList = actors.actors.map((a) => ({
      id: a.id,
      name: a.name,
      source: a.source,
      synonyms: a.synonyms.map((s) => s.split(' ').map(intern)),
      roles: a.roles,
      country: a.country ?? null,
    }));
    this.actorList.forEach((a, i) => {
      this.byId.set(a.id, a);
      for (const s of a.synonyms) this.phrases.add(s, i, true);
    });
    // tokenizer-variant keys never override a phrase the dictionary spells that way
    this.actorList.forEach((a, i) => {
      for (const s of a.synonyms) {
        const v = hyphenVariant(s);
        if (v) this.phrases.add(v, i, false);
      }
    });
    this.phrases.build();
    if (agents) {
      for (const [phrase, code] of Object.entries(agents.agents)) {
        const tokens = phrase.split(' ');
        this.agentCodes.push(code);
        this.agentEntries.push(parseAgentCode(code));
        this.agentPhrases.add(tokens, this.agentCodes.length - 1, true);
      }
      for (const [phrase] of Object.entries(agents.agents)) {
        const v = hyphenVariant(phrase.split(' '));
        const ref = this.agentPhrases.get(phrase);
        if (v && ref !== undefined) this.agentPhrases.add(v, ref, false);
      }
      this.agentPhrases.build();
    }
  }

  /**
   * Loads `dir`/actors.json(.gz) and `dir`/agents.json (default: the package's data/; data/petr-validate holds
   * PETRARCH2's unit-test dictionaries). Cached per directory.
   */
  /** The KB compiled in `dir`, with its supplement and then a user's own actors file (`--actors`) merged in. */
  static load(dir: string = dataPath('.'), user: UserActors | null = null): ActorKB {
    const base = resolve(dir);
    const key = user ? `${base}|${user.path}` : base;
    let kb = kbCache.get(key);
    if (!kb) {
      const agentsExist = existsSync(join(base, 'agents.json')) || existsSync(join(base, 'agents.json.gz'));
      const supPath = join(base, 'actors-supplement.json');
      const sup = existsSync(supPath) ? (JSON.parse(readFileSync(supPath, 'utf8')) as SupplementFile) : null;
      let actors = readDataJson<ActorsFile>(base, 'actors');
      if (sup) actors = mergeSupplement(actors, sup, 'supplement');
      if (user) actors = mergeSupplement(actors, user, 'user');
      const agents = agentsExist ? withSupplementAgents(readDataJson<AgentsFile>(base, 'agents'), sup) : null;
      kb = new ActorKB(actors, agents);
      kbCache.set(key, kb);
    }
    return kb;
  }

  get size(): number {
    return this.actorList.length;
  }

  actors(): readonly Actor[] {
    return this.actorList;
  }

  actor(id: string): Actor | undefined {
    return this.byId.get(id);
  }

  /**
   * Longest dictionary actor starting at `tokens[start]`, or null. Tokens are compared lowercased, except that a
   * one-word synonym which is also an English function word ("US") needs the original upper-case token; `date`
   * (the publication date, ISO) selects the role for `code`.
   */
  lookup(tokens: readonly string[], start = 0, date?: string, norm?: readonly string[]): ActorMatch | null {
    const e = this.phrases.longest(tokens, start, norm);
    if (!e) return null;
    const a = this.actorList[e.ref];
    return { actorId: a.id, code: this.codeAt(a, date), name: a.name, start, length: e.tokens.length };
  }

  /** The actor whose synonym is exactly this phrase ("Benjamin Netanyahu", "tehran"), or undefined. */
  find(phrase: string): Actor | undefined {
    const ref = this.phrases.get(phraseKey(phrase));
    return ref === undefined ? undefined : this.actorList[ref];
  }

  /**
   * The actor's code on `date`: among roles valid then (from <= date < to), the narrowest dated one wins (a
   * dated role overrides an undated default); with no valid dated role the first undated role; with no date, or
   * nothing valid, the newest role (latest start). Null when the chosen role is deliberately uncoded.
   */
  codeAt(actor: Actor | string, date?: string): string | null {
    const a = typeof actor === 'string' ? this.byId.get(actor) : actor;
    if (!a || a.roles.length === 0) return null;
    return this.roleAt(a, date)?.code ?? null;
  }

  /**
   * All codes of the chosen role's period: a compound entry such as PETRARCH's `[FRO/BIL/SAM]` yields one role
   * per code with the same dates, and all of them apply.
   */
  codesAt(actor: Actor | string, date?: string): string[] {
    const a = typeof actor === 'string' ? this.byId.get(actor) : actor;
    if (!a) return [];
    const r = this.roleAt(a, date);
    if (!r) return [];
    const out: string[] = [];
    for (const x of a.roles) if (x.from === r.from && x.to === r.to && x.code && !out.includes(x.code)) out.push(x.code);
    return out;
  }

  /** Whether some role of the actor holds on `date` (an undated role always does). */
  hasRoleOn(actor: Actor | string, date: string): boolean {
    const a = typeof actor === 'string' ? this.byId.get(actor) : actor;
    const d = normDate(date);
    if (!a || !d) return true;
    return a.roles.some((r) => roleHolds(r, d));
  }

  /** The role {@link codeAt} chooses. */
  roleAt(actor: Actor, date?: string): ActorRole | undefined {
    // an actor is coded many times in a document, always on its one date: the choice (which parses the dates of
    // every role, dozens for a country) is kept per actor for the last date asked
    const d = normDate(date);
    const m = this.roleMemo.get(actor);
    if (m && m.roles === actor.roles && m.date === d) return m.role;
    const role = this.chooseRole(actor.roles, d);
    this.roleMemo.set(actor, { roles: actor.roles, date: d, role });
    return role;
  }

  private chooseRole(roles: ActorRole[], d: string | null): ActorRole | undefined {
    if (d) {
      let best: ActorRole | undefined;
      let bestSpan = Infinity;
      let undated: ActorRole | undefined;
      for (const r of roles) {
        if (!roleHolds(r, d)) continue;
        if (r.from === null && r.to === null) {
          undated ??= r;
          continue;
        }
        const span = (r.to === null ? Infinity : dayNumber(r.to)) - (r.from === null ? -Infinity : dayNumber(r.from));
        if (!best || span < bestSpan) {
          best = r;
          bestSpan = span;
        }
      }
      if (best) return best;
      if (undated) return undated;
    }
    return newestRole(roles);
  }

  /** CAMEO country code of a demonym or adjective ("Iranian", "Israelis", "South Korean"), or null. */
  countryOfDemonym(word: string): string | null {
    // memoised by word: the coder asks for every token of a sentence it reads, several times, and building the
    // key (split, normalise, join) cost more than the lookup
    let c = this.demonymMemo.get(word);
    if (c === undefined) {
      if (this.demonymMemo.size >= MEMO_LIMIT) this.demonymMemo.clear();
      this.demonymMemo.set(word, (c = this.raw.demonyms[phraseKey(word)] ?? null));
    }
    return c;
  }

  /** CAMEO country code of a capital city ("Tehran" -> IRN; governments are often named by their capital). */
  countryOfCapital(name: string): string | null {
    return this.raw.capitals[phraseKey(name)] ?? null;
  }

  /** Country record by CAMEO country code. */
  country(code: string): CountryInfo | undefined {
    const c = this.raw.countries[code.toUpperCase()];
    if (!c) return undefined;
    return { code: code.toUpperCase(), actorId: c.actor, name: c.name, iso2: c.iso2, iso3: c.iso3, names: c.names, demonyms: c.demonyms, capital: c.capital };
  }

  /** CAMEO country codes known to the KB. */
  countryCodes(): string[] {
    return Object.keys(this.raw.countries);
  }

  /** Sector code of an agent word or phrase ("troops" -> "MIL", "police chief" -> "COP"), or null. */
  agent(phrase: string): string | null {
    return this.agentEntry(phrase)?.code ?? null;
  }

  /** The agent entry of a phrase, with its position ("IGO~" agents go before the actor code). */
  agentEntry(phrase: string): AgentEntry | null {
    const ref = this.agentPhrases.get(phraseKey(phrase));
    return ref === undefined ? null : parseAgentCode(this.agentCodes[ref]);
  }

  /** Longest agent phrase starting at `tokens[start]`, or null. */
  lookupAgent(tokens: readonly string[], start = 0, norm?: readonly string[]): AgentMatch | null {
    const e = this.agentPhrases.longest(tokens, start, norm);
    if (!e) return null;
    const a = this.agentEntries[e.ref];
    return { code: a.code, prefix: a.prefix, start, length: e.tokens.length };
  }

  /**
   * Combines an actor code with an agent, as PETRARCH does: IRN + MIL -> IRNMIL; an agent already in the code is
   * not repeated (IRNMIL + MIL -> IRNMIL); prefix agents go first (IGO~ + USA -> IGOUSA); no actor -> the agent.
   */
  compose(actorCode: string | null, agent: string | AgentEntry): string {
    const ag: AgentEntry = typeof agent === 'string' ? parseAgentCode(agent.includes('~') ? agent : `~${agent}`) : agent;
    if (!actorCode) return ag.code;
    if (ag.prefix) return actorCode.startsWith(ag.code) ? actorCode : ag.code + actorCode;
    return actorCode.includes(ag.code) ? actorCode : actorCode + ag.code;
  }

  /**
   * Codes a noun phrase made of an actor and/or an agent starting at `tokens[start]`: "Iranian troops" ->
   * IRNMIL, "troops of Iran" -> IRNMIL, "Netanyahu" -> ISRGOV (on `date`), "police" -> COP. Null when neither
   * an actor nor an agent starts there.
   */
  codePhrase(tokens: readonly string[], start = 0, date?: string): PhraseCode | null {
    const actor = this.lookup(tokens, start, date);
    if (actor) {
      const agent = this.lookupAgent(tokens, start + actor.length);
      const code = agent ? this.compose(actor.code, agent) : actor.code;
      return { code, start, length: actor.length + (agent?.length ?? 0), actor, agent };
    }
    const agent = this.lookupAgent(tokens, start);
    if (!agent) return null;
    let end = start + agent.length;
    let owner: ActorMatch | null = null;
    if (end < tokens.length && OF_WORDS.has(normToken(tokens[end]))) {
      owner = this.lookup(tokens, end + 1, date);
      if (owner) end = owner.start + owner.length;
    }
    return { code: this.compose(owner?.code ?? null, agent), start, length: end - start, actor: owner, agent };
  }

  private roleTriples: Set<string> | null = null;

  /**
   * An international organisation's code as news-gold GUIDE.md writes it: IGO and the body's own three letters
   * (IGOEEC, IGONAT, IGOOSC, IGOWBK), without Phoenix's region and role qualifiers (IGOEUREEC, IGOWSTNATMIL,
   * IGOUNODEVWBK): the last three letters that are no agent's role name the body. Other codes are returned as given.
   */
  shortIgoCode(code: string): string {
    if (!code.startsWith('IGO') || code.length <= 6 || code.length % 3 !== 0) return code;
    this.roleTriples ??= new Set(this.agentCodes.map((a) => a.replace(/~/g, '')).filter((a) => a.length === 3));
    for (let k = code.length - 3; k >= 3; k -= 3) {
      const t = code.slice(k, k + 3);
      if (!this.roleTriples.has(t)) return `IGO${IGO_ALIASES[t] ?? t}`;
    }
    return code;
  }

  /**
   * Splits a CAMEO actor code into country and (first) sector: IRNMIL -> {IRN, MIL}, IRN -> {IRN, null},
   * IGOUNO -> {null, IGO}, COP -> {null, COP}.
   */
  splitCode(code: string): CodeParts {
    const c = code.toUpperCase();
    const head = c.slice(0, 3);
    if (this.raw.countries[head]) return { code: c, country: head, sector: c.length >= 6 ? c.slice(3, 6) : null };
    return { code: c, country: null, sector: c.length >= 3 ? head : null };
  }
}

const kbCache = new Map<string, ActorKB>();

/** Phoenix's letters for a body that GUIDE.md names otherwise (the OSCE: Phoenix SCE, the gold OSC). */
const IGO_ALIASES: Record<string, string> = { SCE: 'OSC' };

interface SupplementFile {
  actors?: { name: string; synonyms: string[]; roles: ActorRole[]; country?: string }[];
  /** Countries the Phoenix table lacks (historical states such as Yugoslavia, YUG), keyed by code. */
  countries?: Record<string, RawCountry>;
  /** Demonyms and group names the Phoenix country table lacks ("serb" → SRB). */
  demonyms?: Record<string, string>;
  /** Agent nouns the Phoenix agents dictionary lacks, in its format ("hijackers": "~CRM"); no plural is formed. */
  agents?: Record<string, string>;
  /** Seats of government the Phoenix capitals (today's) lack: "Bonn" → DEU, "Berne" → CHE. */
  capitals?: Record<string, string>;
}

/** The supplement's agent nouns added to the compiled agents (a phrase both list takes the supplement's code). */
function withSupplementAgents(file: AgentsFile, sup: SupplementFile | null): AgentsFile {
  if (!sup?.agents) return file;
  const agents = { ...file.agents };
  for (const [phrase, code] of Object.entries(sup.agents)) agents[phraseKey(phrase)] = code;
  return { ...file, agents };
}

/**
 * The hand-curated supplement (`actors-supplement.json` beside the compiled file) or a user's actors file merged
 * into the KB: actors are added after the compiled ones, so that a synonym they share overrides it; demonyms,
 * countries and capitals extend the country table.
 */
function mergeSupplement(file: ActorsFile, sup: SupplementFile, source: string): ActorsFile {
  const extra: RawActor[] = (sup.actors ?? []).map((a) => ({
    id: `${source}:${a.name.toLowerCase().replace(/\s+/g, '_')}`,
    name: a.name,
    source,
    synonyms: a.synonyms.map(phraseKey),
    roles: a.roles,
    ...(a.country ? { country: a.country } : {}),
  }));
  const demonyms = { ...file.demonyms };
  for (const [w, c] of Object.entries(sup.demonyms ?? {})) demonyms[phraseKey(w)] = c;
  const countries = { ...file.countries };
  const capitals = { ...file.capitals };
  for (const [w, c] of Object.entries(sup.capitals ?? {})) capitals[phraseKey(w)] = c;
  for (const [code, c] of Object.entries(sup.countries ?? {})) {
    countries[code] = c;
    for (const d of c.demonyms) demonyms[phraseKey(d)] ??= code;
  }
  return { ...file, actors: [...file.actors, ...extra], demonyms, countries, capitals };
}

function parseAgentCode(raw: string): AgentEntry {
  const prefix = raw.endsWith('~') && !raw.startsWith('~');
  return { code: raw.replace(/~/g, ''), prefix };
}

/** The newest role: latest start (open start oldest), then latest end (open end newest); else the first role. */
export function newestRole<R extends ActorRole>(roles: R[]): R | undefined {
  let best: R | undefined;
  for (const r of roles) {
    if (r.from === null && r.to === null) continue;
    if (!best) {
      best = r;
      continue;
    }
    const rf = r.from ?? '';
    const bf = best.from ?? '';
    if (rf > bf || (rf === bf && (r.to ?? '9999-99-99') > (best.to ?? '9999-99-99'))) best = r;
  }
  return best ?? roles[0];
}
