/**
 * Is a coded event news of this story, reported as having happened? The coder reads every verb in the
 * dictionary; on whole wire stories most of them are not events of the story (news-gold GUIDE.md):
 *  - background: an act the text dates to an earlier year ("sent troops in December 1994") is history;
 *  - direct quotes: the speaker's words are not the reporter's assertion — only the speaker's own speech acts
 *    toward someone (an appeal, a demand, a criticism, a threat, a rejection…) are events, with the speaker as
 *    the source ("We condemn Iraqi involvement," a Foreign Office spokesman said → GBRGOV 111 IRQ);
 *  - an act with no source, or with no target where the code needs one, has no one to record.
 * The coder (coder.ts) applies the sentence-level parts of the same scope: conditions and questions, sport
 * scores, a reporting verb's "should", movement inside one's own country; `accusedAct` finds the act someone
 * is accused of, which only the accusation codes.
 */
import type { Actor, Doc, EventArgument, EventRecord, Quote } from '../doc/doc.js';
import { depTree } from '../doc/tree.js';

/**
 * CAMEO roots that a speaker performs by speaking: appeal (02), intent (03), praise/endorse (05, e.g. 051),
 * demand (10), disapprove (11), reject (12), threaten (13). Statements (01) are left out upstream unless more
 * specific (012 optimism, 013 pessimism…), which are speech acts too.
 */
export const SPEECH_ROOTS: ReadonlySet<string> = new Set(['01', '02', '03', '05', '10', '11', '12', '13']);

/** Roots that are events without an addressee: comments (01x), appeals to no one named (02x), protests (14), force posture (15). */
export const TARGETLESS_ROOTS: ReadonlySet<string> = new Set(['01', '02', '14', '15']);

/**
 * Roots the story scope keeps without a target: comments and protests. An appeal is made to someone and force is
 * shown against someone: on the annotated training stories 1 of 53 appeals and none of 10 shows of force has no
 * target, and of the coder's appeals and shows of force without one, 1 of 24 was right.
 */
export const STORY_TARGETLESS_ROOTS: ReadonlySet<string> = new Set(['01', '14']);

/** First-person words that, in a speaker's own words, stand for the speaker. */
const SPEAKER_WORDS = new Set(['i', 'we', 'us', 'me', 'our']);

export type ScopeVerdict = 'keep' | 'background' | 'quoted' | 'no-source' | 'no-target';

/** The year of an ISO date (YYYY, YYYY-MM, YYYY-MM-DD), or NaN. */
const yearOf = (iso: string | null | undefined): number => (iso && /^\d{4}/.test(iso) ? Number(iso.slice(0, 4)) : NaN);

/** The actor of the entity that spoke quote `q`, as an event argument at the speaker's words. */
export function speakerArgument(doc: Doc, q: Quote): EventArgument | null {
  const sp = q.speaker;
  if (!sp) return null;
  const ent = sp.entity ? doc.entities?.find((e) => e.id === sp.entity) : undefined;
  const actor: Actor | null = ent?.actor ?? null;
  if (!actor) return null;
  return { entity: ent?.id ?? null, name: ent?.name ?? sp.name ?? sp.text, actor, start: sp.start, end: sp.end };
}

/**
 * Decides whether `rec` is an event of the story, and in a speaker's direct quote rewrites its source to the
 * speaker. `dateStated` is the year-bearing date the time stage found for the trigger (not the publication
 * fallback), or null.
 */
export function scopeEvent(doc: Doc, rec: EventRecord, quote: Quote | undefined, dateStated: string | null, describe?: (q: Quote) => EventArgument | null): ScopeVerdict {
  if (isBackground(doc, dateStated)) return 'background';
  if (quote && quote.kind === 'direct') {
    if (!SPEECH_ROOTS.has(rec.cameo.root)) return 'quoted';
    // (a speaker the entities layer has no actor for — "a Foreign Office spokesman" — coded from its words)
    const speaker = speakerArgument(doc, quote) ?? describe?.(quote) ?? null;
    const own = !rec.source || SPEAKER_WORDS.has(doc.text.slice(rec.source.start, rec.source.end).toLowerCase());
    if (own) rec.source = speaker;
    else if (speaker && rec.source?.actor?.code !== speaker.actor?.code) return 'quoted';
  }
  if (!rec.source) return 'no-source';
  if (!rec.target && !STORY_TARGETLESS_ROOTS.has(rec.cameo.root)) return 'no-target';
  return 'keep';
}

/** Does the text date the act (`dateStated`, a year-bearing date, or null) to a year before the publication's? */
export function isBackground(doc: Doc, dateStated: string | null): boolean {
  return !!dateStated && yearOf(dateStated) < yearOf(doc.meta.published);
}

/** Adverbs that make an act a habit of the past rather than news: "has often accused", "have long clashed". */
const HABITUAL = new Set(['often', 'frequently', 'repeatedly', 'regularly', 'routinely', 'traditionally', 'usually', 'always', 'long', 'periodically', 'sometimes', 'occasionally']);

/**
 * Is the trigger at token `tok` told as a habit ("India has often accused Pakistan of …", "protesters often have
 * clashed with authorities")? The story's background, not an event of its time (GUIDE.md).
 */
export function isHabitual(doc: Doc, tok: number): boolean {
  const t = doc.tokens;
  const kids = depTree(doc).children[tok] ?? [];
  return kids.some((c) => t.deprel[c] === 'advmod' && HABITUAL.has(t.form[c].toLowerCase()));
}

/** Verbs whose complement is what someone is accused of: the accusation is the event, not the act (GUIDE.md). */
const ACCUSING = new Set(['accuse', 'charge', 'blame', 'allege']);

/** Is the trigger at token `tok` the act someone is accused of ("accused Israel of attacking …")? */
export function accusedAct(doc: Doc, tok: number): boolean {
  const t = doc.tokens;
  // up through complements only ("accused Israel of attacking": advcl/acl/obl), not conjoined clauses ("accused
  // Iran of aggression and said it reserved the right to retaliate")
  for (let k = tok, n = 0; n < 3 && /^(advcl|xcomp|ccomp|acl|obl|nmod)/.test(t.deprel[k]); n++) {
    k = t.head[k];
    if (k < 0) break;
    if (ACCUSING.has(t.lemma[k].toLowerCase())) return true;
  }
  return false;
}

/** Speaker words that say whose voice it is: a government's, its army's, police's, courts'… */
const SPEAKER_ROLES: Record<string, string> = {
  spokesman: 'GOV', spokeswoman: 'GOV', spokesperson: 'GOV', ministry: 'GOV', minister: 'GOV', government: 'GOV',
  official: 'GOV', officials: 'GOV', office: 'GOV', presidency: 'GOV', embassy: 'GOV', cabinet: 'GOV',
  army: 'MIL', military: 'MIL', police: 'COP', court: 'JUD', prosecutor: 'JUD', prosecutors: 'JUD',
};

/**
 * An uncoded speaker's actor from its own words ("a Foreign Office spokesman", "the Iraqi ministry", "police"): the
 * role word's sector, of the country a word of the description names, else of the story's country. Null when no
 * role word says whose voice it is (a diplomat, a witness, an analyst speak for no one the story names).
 */
export function describedSpeaker(doc: Doc, q: Quote, countryOfWord: (w: string) => string | null): EventArgument | null {
  const sp = q.speaker;
  if (!sp || sp.entity) return null;
  const t = doc.tokens;
  let sector: string | null = null;
  let country: string | null = null;
  for (let k = 0; k < t.count && t.start[k] < sp.end; k++) {
    if (t.start[k] < sp.start) continue;
    const w = t.form[k];
    sector = SPEAKER_ROLES[w.toLowerCase()] ?? sector;
    if (!country && /^\p{Lu}/u.test(w)) country = countryOfWord(w);
  }
  country ??= doc.storyCountry ?? null;
  if (!sector || !country) return null;
  return { entity: null, name: sp.text, actor: { code: country + sector, country, sector }, start: sp.start, end: sp.end };
}
