/**
 * Links each quote's speaker mention to the entities layer, so that "he" and "the ayatollah" carry the
 * entity id and canonical name of the person coreference resolved them to. The mention inside the speaker
 * span wins (names over nominals over pronouns); failing that, the stand-in name is matched to an entity name.
 */
import type { Doc, Entity, Quote } from '../doc/doc.js';

const KIND_RANK = { name: 3, nominal: 2, pronoun: 1 } as const;

export function linkSpeakers(quotes: Quote[], entities: Entity[]): void {
  for (const q of quotes) {
    const sp = q.speaker;
    if (!sp) continue;
    let best: Entity | null = null;
    let bestRank = 0;
    for (const e of entities) {
      for (const m of e.mentions) {
        if (m.start < sp.start || m.end > sp.end) continue;
        // Prefer the mention nearest the start of the speaker span ("Netanyahu" over "Singapore" in a long span).
        const rank = KIND_RANK[m.kind] * 10 + (e.type === 'PERSON' ? 5 : 0) - (m.start - sp.start) / 1000;
        if (rank > bestRank) {
          bestRank = rank;
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

export function linkDocSpeakers(doc: Doc): void {
  if (doc.quotes && doc.entities) linkSpeakers(doc.quotes, doc.entities);
}
