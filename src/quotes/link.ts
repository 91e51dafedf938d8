/**
 * Links each quote's speaker mention to the entities layer, so that "he" and "the ayatollah" carry the
 * entity id and canonical name of the person coreference resolved them to. The mention inside the speaker
 * span wins (a person first, then the earliest and longest mention); failing that, the stand-in name is matched to
 * an entity name.
 */
import type { Doc, Entity, Quote } from '../doc/doc.js';

const KIND_RANK = { name: 3, nominal: 2, pronoun: 1 } as const;

export function linkSpeakers(quotes: Quote[], entities: Entity[]): void {
  for (const q of quotes) {
    const sp = q.speaker;
    if (!sp) continue;
    // The mention that opens the speaker span and covers most of it names the speaker: "Iran’s supreme leader"
    // (a nominal of Khamenei) rather than "Iran" inside it; "Prime Minister Benjamin Netanyahu on Monday, during
    // a visit in Singapore," → Netanyahu, not Singapore.
    let best: Entity | null = null;
    let bestKey = -Infinity;
    for (const e of entities) {
      for (const m of e.mentions) {
        if (m.start < sp.start || m.end > sp.end) continue;
        const coverage = (m.end - m.start) / Math.max(1, sp.end - sp.start);
        // A place or group inside a longer description is a modifier, not the speaker.
        if (e.type !== 'PERSON' && e.type !== 'ORG' && coverage < 0.6) continue;
        const key = -(m.start - sp.start) * 10 + (m.end - m.start) + KIND_RANK[m.kind] + (e.type === 'PERSON' ? 1000 : 0);
        if (key > bestKey) {
          bestKey = key;
          best = e;
        }
      }
    }
    if (!best && sp.name) {
      const last = sp.name.split(' ').pop()!.toLowerCase();
      best = entities.find((e) => e.type === 'PERSON' && e.name.toLowerCase().split(' ').pop() === last) ?? null;
    }
    if (best) {
      sp.entity = best.id;
      sp.name = best.name;
    }
  }
}

const FIRST_PERSON = new Set(['i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'ourselves']);

/**
 * Inside a direct quotation "I" and "we" are its speaker: those pronouns become mentions of the speaker's
 * entity (coreference cannot know this before the quotes are found).
 */
export function linkFirstPerson(doc: Doc): void {
  const t = doc.tokens;
  const byId = new Map((doc.entities ?? []).map((e) => [e.id, e]));
  for (const q of doc.quotes ?? []) {
    if (q.kind === 'indirect' || !q.speaker?.entity) continue;
    const e = byId.get(q.speaker.entity);
    if (!e) continue;
    for (const part of q.parts ?? [q]) {
      for (let i = 0; i < t.count; i++) {
        if (t.start[i] < part.start || t.end[i] > part.end || !FIRST_PERSON.has(t.form[i].toLowerCase())) continue;
        if (e.mentions.some((m) => m.start === t.start[i])) continue;
        e.mentions.push({ start: t.start[i], end: t.end[i], text: t.form[i], kind: 'pronoun', tokenStart: i, tokenEnd: i + 1, head: i });
      }
    }
    e.mentions.sort((a, b) => a.start - b.start);
  }
}

export function linkDocSpeakers(doc: Doc): void {
  if (doc.quotes && doc.entities) {
    linkSpeakers(doc.quotes, doc.entities);
    linkFirstPerson(doc);
  }
}
