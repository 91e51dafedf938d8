/**
 * What the event coder needs, loaded once and shared by every document: the verb lexicon (patterns), the
 * CAMEO/PLOVER table, the actor knowledge base (actors + agents), the discard phrases, and the coding profile.
 *
 * Two dictionary sets ship: `data/` (CAMEO.2.0 verbs, Phoenix actors; the default) and `data/petr-validate/`
 * (PETRARCH2's fictional PETR.Validate.* dictionaries, used only to run its unit-test records). The profile
 * switches Herald's extensions to PETRARCH2 (nominal events, intent/threat recoding of future acts, etc.) so
 * that the unit-test records are coded under the semantics they were written for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ActorKB } from '../entities/actors.js';
import { userActorsFromEnv, type UserActors } from '../entities/user-actors.js';
import { dataPath } from '../nlp/paths.js';
import { TriggerModel } from './triggers.js';
import { ArgumentModel } from './arguments.js';
import { EventConfidenceModel } from './confidence.js';
import { EventCodeRefiner } from './codes.js';
import { loadCameoTable, loadVerbLexicon, type CameoTable, type VerbLexicon } from './lexicon.js';

export interface EventProfile {
  /** Code nominal events ("talks between X and Y", "X's visit to Y"). */
  nominals: boolean;
  /** Future acts and acts under an intent verb ("will visit", "plans to attack") code as 03x/13x intents. */
  intent: boolean;
  /** Negated events: dropped ('suppress') or kept with `negated: true` ('mark'). */
  negation: 'suppress' | 'mark';
  /** Let a pattern word match a token's lemma as well as its surface form ("sanctions" ~ "sanction"). */
  lemmaMatch: boolean;
  /** Drop 01x statements (make a statement, comment…) that have no coded target: every "said" would be one. */
  dropBareStatements: boolean;
  /** Code an event only when its source is a named or country actor (not a bare agent such as "officials"). */
  requireSource: boolean;
  /** A possessor or of/in/from phrase gives a head noun its actor even when the head is no agent word ("Caras Galadhon's new mayor"). */
  looseOwners: boolean;
  /** Possessive pronouns ("his trips") stand for the clause's subject. */
  pronouns: boolean;
  /** Polysemous verbs (take, make, give, get…) code only through a pattern or a light-verb object, never by their own code. */
  patternOnlyGeneric: boolean;
  /** The target is the first actor after the verb in its phrase (PETRARCH2), before argument roles are consulted. */
  linearTarget: boolean;
  /** Resolve "the regime", "the government", "the country" to the nearest preceding country when the entity layer has nothing. */
  anaphora: boolean;
  /** An agent without a country ("police", "protesters") takes the country of the event (IRQCOP, IRQOPP). */
  agentCountry: boolean;
  /**
   * PETRARCH2 discards every sentence naming a year 1914–2013 or saying "years ago" (history, not news). Herald
   * keeps them: the time stage dates an event by the expression governing it, and a sentence citing "the 1967
   * lines" or what happened "18 years ago" still reports today's events.
   */
  yearDiscards: boolean;
  /**
   * Keep only the story's own events (scope.ts): nothing dated to an earlier year, only the speaker's speech
   * acts inside a direct quote, nothing without a source or (except comments and protests) a target.
   */
  storyScope: boolean;
  /** Let the learned trigger model (triggers.ts, models/event-triggers.json.gz) confirm, recode or add verb events. */
  learnedTriggers: boolean;
  /** Let the learned argument model (arguments.ts, models/event-args.json.gz) choose each event's source and target. */
  learnedArgs: boolean;
}

export const HERALD_PROFILE: EventProfile = {
  nominals: true,
  intent: true,
  negation: 'suppress',
  lemmaMatch: true,
  dropBareStatements: true,
  requireSource: false,
  looseOwners: false,
  pronouns: true,
  patternOnlyGeneric: true,
  linearTarget: false,
  anaphora: true,
  agentCountry: true,
  yearDiscards: false,
  storyScope: true,
  learnedTriggers: true,
  learnedArgs: true,
};

/** PETRARCH2 semantics, for its unit-test records (PETR.Validate dictionaries). */
export const PETRARCH_PROFILE: EventProfile = {
  nominals: false,
  intent: false,
  negation: 'suppress',
  lemmaMatch: false,
  dropBareStatements: false,
  requireSource: false,
  looseOwners: true,
  pronouns: false,
  patternOnlyGeneric: false,
  linearTarget: true,
  anaphora: false,
  agentCountry: false,
  yearDiscards: true,
  storyScope: false,
  learnedTriggers: false,
  learnedArgs: false,
};

export interface Discards {
  /** Phrases (lowercase, space-joined tokens) whose presence discards the sentence. */
  sentence: string[];
  /** Phrases whose presence anywhere discards the whole story. */
  story: string[];
}

/** The sentence and story discard indexes under `profile` (year phrases dropped unless it keeps them). */
export function buildDiscardIndex(discards: Discards, profile: EventProfile): { sentence: DiscardIndex; story: DiscardIndex } {
  const keep = (p: string): boolean => profile.yearDiscards || !/^(\d{4}|(\w+ )?(years|months|weeks) ago)$/.test(p.trim());
  return { sentence: new DiscardIndex(discards.sentence.filter(keep)), story: new DiscardIndex(discards.story.filter(keep)) };
}

/** Discard phrases indexed by their first token, for a scan over lowercased tokens. */
export class DiscardIndex {
  private readonly byFirst = new Map<string, string[][]>();

  constructor(phrases: readonly string[]) {
    for (const p of phrases) {
      const toks = p.split(' ').filter(Boolean);
      if (!toks.length) continue;
      let list = this.byFirst.get(toks[0]);
      if (!list) this.byFirst.set(toks[0], (list = []));
      list.push(toks);
    }
  }

  /** Does a phrase occur in lc[from..to)? */
  matches(lc: readonly string[], from: number, to: number): boolean {
    for (let i = from; i < to; i++) {
      const list = this.byFirst.get(lc[i]);
      if (!list) continue;
      for (const p of list) {
        if (i + p.length > to) continue;
        let ok = true;
        for (let j = 1; j < p.length && ok; j++) ok = lc[i + j] === p[j];
        if (ok) return true;
      }
    }
    return false;
  }
}

export interface EventResources {
  lexicon: VerbLexicon;
  cameo: CameoTable;
  actors: ActorKB;
  discards: Discards;
  discardIndex?: { sentence: DiscardIndex; story: DiscardIndex };
  profile: EventProfile;
  /** The dictionary directory the resources came from. */
  dir: string;
  /** The learned trigger model (when the profile uses one and it is shipped). */
  triggers?: TriggerModel | null;
  /** The learned argument model (null: the rules' arguments stand). */
  args?: ArgumentModel | null;
  /** The learned event confidence (null: the fixed confidences of the sentence profile). */
  confidence?: EventConfidenceModel | null;
  /** The learned table of specific codes (null: the coder's codes stand). */
  codes?: EventCodeRefiner | null;
}

export interface LoadEventOptions {
  /** Dictionary directory (default data/; data/petr-validate for the PETRARCH2 unit-test dictionaries). */
  dir?: string;
  profile?: Partial<EventProfile>;
  /** A user's own actors file; default the one HERALD_ACTORS names (`--actors`), none for PETRARCH2's test dictionaries. */
  actors?: UserActors | null;
}

const cache = new Map<string, EventResources>();

function readDiscards(dir: string): Discards {
  const p = join(dir, 'discards.json');
  if (!existsSync(p)) return { sentence: [], story: [] };
  const raw = JSON.parse(readFileSync(p, 'utf8')) as { sentence?: string[]; story?: string[] };
  return { sentence: raw.sentence ?? [], story: raw.story ?? [] };
}

/** True when `dir` holds PETRARCH2's PETR.Validate dictionaries (the fictional test actors). */
export function isValidateDir(dir: string): boolean {
  return /petr-validate\/?$/.test(resolve(dir));
}

/**
 * Loads (once per directory and profile) the event resources. The CAMEO table always comes from data/ (the
 * Validate dictionaries have none); the profile defaults to PETRARCH2's for data/petr-validate, else Herald's.
 */
export function loadEventResources(opts: LoadEventOptions = {}): EventResources {
  const dir = resolve(opts.dir ?? dataPath('.'));
  const base = isValidateDir(dir) ? PETRARCH_PROFILE : HERALD_PROFILE;
  const profile: EventProfile = { ...base, ...opts.profile };
  // a user's own actors file (--actors) extends the shipped KB, never PETRARCH2's fictional test actors
  const user = isValidateDir(dir) ? null : opts.actors === undefined ? userActorsFromEnv() : opts.actors;
  const key = `${dir}|${JSON.stringify(profile)}|${user?.path ?? ''}`;
  let res = cache.get(key);
  if (!res) {
    const discards = readDiscards(dir);
    res = {
      lexicon: loadVerbLexicon(dir),
      cameo: loadCameoTable(),
      actors: ActorKB.load(dir, user),
      discards,
      discardIndex: buildDiscardIndex(discards, profile),
      profile,
      dir,
      triggers: profile.learnedTriggers ? TriggerModel.default() : null,
      args: profile.learnedArgs ? ArgumentModel.default() : null,
      confidence: profile.storyScope ? EventConfidenceModel.default() : null,
      codes: profile.storyScope ? EventCodeRefiner.default() : null,
    };
    cache.set(key, res);
  }
  return res;
}
