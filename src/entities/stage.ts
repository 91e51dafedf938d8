/**
 * The entities stage: mentions → clusters → entities with a type, a canonical name and an actor code.
 * Reads tokens, parse and NER spans; writes `doc.entities` (DESIGN schema).
 */
import type { Actor, Doc, Entity, EntityType, Mention } from '../doc/doc.js';
import type { Stage } from '../doc/stage.js';
import { cluster, type Cluster } from './coref.js';
import { detectMentions, type MentionCandidate } from './mentions.js';
import { describePerson, tokenEntities } from './describe.js';
import { describeOrg } from './describe-org.js';

export type { ActorCoder, CodedName } from './actor-coder.js';
import type { ActorCoder, CodedName } from './actor-coder.js';

export interface EntityResources {
  coder: ActorCoder | null;
}

export function createEntitiesStage(res: EntityResources): Stage {
  return {
    name: 'entities',
    requires: ['tokens', 'sentences', 'tags', 'lemmas', 'parse', 'ner', 'publication', 'dateline'],
    assigns: ['entities'],
    run: (doc) => entitiesStage(doc, res),
  };
}

export function entitiesStage(doc: Doc, res: EntityResources): void {
  // the dateline ("BRUSSELS, March 3, 2024 —") says where the story was filed; nobody in it acts
  const dl = doc.dateline;
  const mentions = detectMentions(doc).filter((m) => !dl || doc.tokens.start[m.tokenStart] >= dl.end || doc.tokens.end[m.tokenEnd - 1] <= dl.start);
  const clusters = cluster(doc, mentions);
  const entities: Entity[] = [];
  const stale = new Set<Entity>();
  for (const c of clusters) {
    const e = toEntity(doc, c, mentions, res.coder);
    if (!e) continue;
    const entity = { ...e.entity, id: `E${entities.length + 1}` };
    entities.push(entity);
    if (e.stale) stale.add(entity);
  }
  doc.entities = entities;
  doc.storyCountry = storyCountry(doc, entities, res.coder);
  // People the KB does not know, coded from how the story describes them (describe.ts)
  if (res.coder) {
    const byToken = tokenEntities(doc, entities);
    for (const e of entities) {
      if (e.type === 'ORG' && !e.actor) e.actor = describeOrg(doc, e, res.coder, doc.storyCountry, byToken);
      if (e.type !== 'PERSON') continue;
      if (!e.actor) e.actor = describePerson(doc, e, res.coder, doc.storyCountry, byToken);
      else if (stale.has(e)) {
        // the KB's only roles are from other years: the story's own title for the person holds now
        const now = describePerson(doc, e, res.coder, doc.storyCountry, byToken);
        if (now?.sector) e.actor = now;
      } else if (e.actor.sector === 'ELI') {
        // the story is fresher than the dictionary: "Italian Foreign Minister Lamberto Dini" holds office now,
        // whatever role the 2016 dictionary dates for him
        const now = describePerson(doc, e, res.coder, doc.storyCountry, byToken);
        if (now && now.country === e.actor.country && now.sector && now.sector !== 'ELI') e.actor = now;
      }
    }
  }
}

/**
 * The story's home country: the dateline place's, unless the story never names that country and names another
 * one dominantly; else the country named most often (by entity mentions), when it is named more often than any
 * other.
 */
function storyCountry(doc: Doc, entities: Entity[], coder: ActorCoder | null): string | null {
  const counts = new Map<string, number>();
  const datelineEnd = doc.dateline?.end ?? -1;
  for (const e of entities) {
    const c = e.actor?.country;
    if (c && (e.type === 'GPE' || e.type === 'NORP')) counts.set(c, (counts.get(c) ?? 0) + e.mentions.filter((m) => m.start >= datelineEnd).length);
  }
  const place = doc.dateline?.place;
  if (place && coder?.placeCountry) {
    const c = coder.placeCountry(place);
    // a regional bureau's dateline ("DUBAI" over a story about Saudi Arabia, "NICOSIA" over Iran): the place
    // counts only when the story names its country at all
    if (c && (counts.get(c) ?? 0) > 0) return c;
    if (c) return mostNamed(counts, true) ?? c;
  }
  return mostNamed(counts);
}

/**
 * The country named most often, when it is named more often than any other (with `dominant`, at least three times
 * and more than twice as often as any other: what the story is about, over its dateline).
 */
function mostNamed(counts: ReadonlyMap<string, number>, dominant = false): string | null {
  let best: string | null = null;
  let top = 0;
  let second = 0;
  for (const [c, n] of counts) {
    if (n > top) {
      second = top;
      top = n;
      best = c;
    } else if (n > second) second = n;
  }
  if (dominant) return top >= 3 && top > 2 * second ? best : null;
  return top > second ? best : null;
}

function titleCase(tokens: string[], doc: Doc, m: MentionCandidate): string {
  // Take the name as written in its longest name mention (keeps "McCain", "al-Assad").
  const t = doc.tokens;
  const n = m.nameTokens.length;
  const out: string[] = [];
  for (let i = m.tokenEnd - n; i < m.tokenEnd; i++) out.push(t.form[i]);
  return out.length ? joinTokens(out) : tokens.join(' ');
}

const joinTokens = (ws: string[]): string => ws.join(' ').replace(/ (['’]s|n['’]t)\b/g, '$1').replace(/ - /g, '-');

function toEntity(doc: Doc, c: Cluster, mentions: MentionCandidate[], coder: ActorCoder | null): { entity: Omit<Entity, 'id'>; stale: boolean } | null {
  const names = c.mentions.map((i) => mentions[i]).filter((m) => m.kind === 'name');
  if (names.length === 0) return null;
  const longest = names.reduce((a, b) => (b.nameTokens.length > a.nameTokens.length ? b : a));
  let name = titleCase(longest.nameTokens, doc, longest);
  const coded = coder?.codeName(name.split(' '), c.nerType, doc.meta.published) ?? null;
  let actor: Actor | null = coded?.actor ?? null;
  if (coded?.name) name = coded.name;
  let type = entityType(c.nerType, coded?.kind);
  if (type === 'OTHER' && coded?.kind === 'demonym') type = 'NORP';
  // A capital acting ("Tehran said", "Washington imposed") stands for its government.
  // (a capital only: "Arbil", a city the KB files under its country, and "Britain", a one-word country name the KB
  // lists among its synonyms, are no government)
  if (coded?.kind === 'city' && actor?.country && (coder?.capitalOf ? coder.capitalOf(name) : coder?.countryOf(name)) === actor.country &&
      c.mentions.some((i) => mentions[i].deprel.startsWith('nsubj'))) {
    actor = { code: `${actor.country}GOV`, country: actor.country, sector: 'GOV' };
  }
  const t = doc.tokens;
  const out: Mention[] = c.mentions.map((i) => {
    const m = mentions[i];
    const start = t.start[m.tokenStart];
    const end = t.end[m.tokenEnd - 1];
    return { start, end, text: doc.text.slice(start, end), kind: m.kind, tokenStart: m.tokenStart, tokenEnd: m.tokenEnd, head: m.head };
  });
  return { entity: { type, name, mentions: out, actor }, stale: !!coded?.stale };
}

function entityType(nerType: string, kind: CodedName['kind'] | undefined): EntityType {
  // What the knowledge base knows a name to be outranks the NER model's guess ("Neturei Karta" is a group).
  if (kind === 'country' || kind === 'city') return 'GPE';
  if (kind === 'org') return 'ORG';
  if (kind === 'person') return 'PERSON';
  if (kind === 'demonym' || kind === 'group') return nerType === 'ORG' ? 'ORG' : 'NORP';
  switch (nerType) {
    case 'PER':
      return 'PERSON';
    case 'ORG':
      return 'ORG';
    case 'LOC':
      return 'LOC';
    default:
      return 'OTHER';
  }
}
