/**
 * Links each quote's speaker mention to the entities layer, so that "he" and "the ayatollah" carry the
 * entity id and canonical name of the person coreference resolved them to. The mention inside the speaker
 * span wins (a person first, then the earliest and longest mention); failing that, the stand-in name is matched to
 * an entity name.
 */
import type { Doc, Entity, Quote } from '../doc/doc.js';
import { resolveQuoteSpeakers } from './resolve.js';

const KIND_RANK = { name: 3, nominal: 2, pronoun: 1 } as const;

/** Every mention of every entity, by start offset (then entity, then mention order), for span lookups. */
interface PlacedMention {
  m: Entity['mentions'][number];
  e: Entity;
}

function mentionsByStart(entities: Entity[]): PlacedMention[] {
  const out: PlacedMention[] = [];
  for (const e of entities) for (const m of e.mentions) out.push({ m, e });
  // stable: ties keep entity order, then mention order (the order the scan over entities used to see them)
  return out.sort((a, b) => a.m.start - b.m.start);
}

/** Index of the first mention starting at or after `start`. */
function firstFrom(list: PlacedMention[], start: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].m.start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function linkSpeakers(quotes: Quote[], entities: Entity[]): void {
  // Mentions sorted once and searched per quote: a scan of every mention for each quote made long documents
  // quadratic (issue 14).
  const placed = mentionsByStart(entities);
  const order = new Map(entities.map((e, i) => [e, i]));
  let byLast: Map<string, Entity> | undefined;
  for (const q of quotes) {
    const sp = q.speaker;
    if (!sp) continue;
    // The mention that opens the speaker span and covers most of it names the speaker: "Iran’s supreme leader"
    // (a nominal of Khamenei) rather than "Iran" inside it; "Prime Minister Benjamin Netanyahu on Monday, during
    // a visit in Singapore," → Netanyahu, not Singapore.
    let best: Entity | null = null;
    let bestKey = -Infinity;
    let bestOrder = Infinity;
    for (let k = firstFrom(placed, sp.start); k < placed.length && placed[k].m.start <= sp.end; k++) {
      const { m, e } = placed[k];
      if (m.end > sp.end) continue;
      const coverage = (m.end - m.start) / Math.max(1, sp.end - sp.start);
      // A place or group inside a longer description is a modifier, not the speaker.
      if (e.type !== 'PERSON' && e.type !== 'ORG' && coverage < 0.6) continue;
      const key = -(m.start - sp.start) * 10 + (m.end - m.start) + KIND_RANK[m.kind] + (e.type === 'PERSON' ? 1000 : 0);
      // equal keys: the earlier entity wins, as in a scan over the entities in order
      const o = order.get(e) as number;
      if (key > bestKey || (key === bestKey && o < bestOrder)) {
        bestKey = key;
        best = e;
        bestOrder = o;
      }
    }
    if (!best && sp.name) {
      const last = sp.name.split(' ').pop()!.toLowerCase();
      if (!byLast) {
        byLast = new Map();
        for (const e of entities) {
          const l = e.type === 'PERSON' ? e.name.toLowerCase().split(' ').pop() : undefined;
          if (l !== undefined && !byLast.has(l)) byLast.set(l, e);
        }
      }
      best = byLast.get(last) ?? null;
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
  // Per entity, the starts of its mentions; tokens found from each part's start by binary search (tokens are in
  // text order): a scan of the whole document per quote made long documents quadratic (issue 14).
  const starts = new Map<Entity, Set<number>>();
  for (const q of doc.quotes ?? []) {
    if (q.kind === 'indirect' || !q.speaker?.entity) continue;
    const e = byId.get(q.speaker.entity);
    if (!e) continue;
    let own = starts.get(e);
    if (!own) starts.set(e, (own = new Set(e.mentions.map((m) => m.start))));
    for (const part of q.parts ?? [q]) {
      let lo = 0;
      let hi = t.count;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (t.start[mid] < part.start) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < t.count && t.start[i] <= part.end; i++) {
        if (t.end[i] > part.end || !FIRST_PERSON.has(t.form[i].toLowerCase())) continue;
        if (own.has(t.start[i])) continue;
        own.add(t.start[i]);
        e.mentions.push({ start: t.start[i], end: t.end[i], text: t.form[i], kind: 'pronoun', tokenStart: i, tokenEnd: i + 1, head: i });
      }
    }
  }
  for (const e of starts.keys()) e.mentions.sort((a, b) => a.start - b.start);
}

export function linkDocSpeakers(doc: Doc): void {
  if (doc.quotes && doc.entities) {
    linkSpeakers(doc.quotes, doc.entities);
    resolveQuoteSpeakers(doc, doc.quotes);
    linkFirstPerson(doc);
  }
}
