/**
 * A wire headline restates its lead: "Colombia, U.S. reach aviation agreement." over "The U.S. and Colombian
 * governments reached an agreement …". The news gold codes the headline's event like any sentence's (GUIDE.md), but
 * a headline's telegraphic grammar often defeats the parse (no articles, nouns for verbs, a comma for "and"), so the
 * coder finds the act in the lead and not above it. When the headline repeats the lead's trigger word (the same
 * lemma or stem: "reach"/"reached", "talks"/"talks"), the lead's event is the headline's too, with the headline's
 * word as its trigger and `restates` naming the lead's record, so that a user counting events can count it once.
 *
 * On news-train (2026-12-06), of the 117 headline events the coder missed, 56 were coded in the lead with the same
 * root and countries; copying the lead sentence's events whose trigger the headline repeats made 17 of them right
 * for 10 wrong, against 45 right for 59 wrong without the repetition test.
 */
import type { Doc, EventRecord, Sentence } from '../doc/doc.js';
import { isHeadline } from '../nlp/headline.js';

/** Fewest words of a lead sentence: a shorter line under the headline is a byline ("Larisa Sayenko"). */
const MIN_LEAD_TOKENS = 6;

/** The index of the story's lead sentence (the first after the headline and dateline), or -1. */
function leadSentence(doc: Doc): number {
  const after = doc.dateline ? Math.max(doc.dateline.end, doc.sentences[0].end) : doc.sentences[0].end;
  // (within the story's first lines: a headline, a byline, a dateline come before it)
  for (let si = 1; si < doc.sentences.length && si < 6; si++) {
    const s: Sentence = doc.sentences[si];
    if (s.start < after) continue;
    if (s.tokenEnd - s.tokenStart >= MIN_LEAD_TOKENS) return si;
  }
  return -1;
}

/** The first word's stem of a trigger: its first 4-5 letters ("reached" → "reach", "talks" → "talk"). */
function stem(word: string): string {
  const w = word.toLowerCase();
  return w.slice(0, Math.max(4, Math.min(5, w.length - 2)));
}

const country = (a: EventRecord['source']): string | null => a?.actor?.country ?? a?.actor?.code.slice(0, 3) ?? null;

/**
 * Adds to `events` (kept events, in text order) the headline's copies of the lead's events whose trigger the
 * headline repeats, each once per root and pair of countries, unless the headline already has that event.
 * Returns the events with ids renumbered.
 */
export function restateLead(doc: Doc, events: EventRecord[]): EventRecord[] {
  const s0 = doc.sentences[0];
  if (!s0 || !isHeadline(doc, s0, 0)) return events;
  const lead = leadSentence(doc);
  if (lead < 0) return events;
  const t = doc.tokens;
  const key = (e: EventRecord): string => `${e.cameo.root}|${country(e.source)}|${country(e.target)}`;
  const have = new Set(events.filter((e) => e.sentence === 0).map(key));
  const copies: EventRecord[] = [];
  for (const e of events) {
    if (e.sentence !== lead || e.cameo.code === '010' || have.has(key(e))) continue;
    const first = doc.text.slice(e.trigger.start, e.trigger.end).split(/\s+/)[0];
    const lemmaAt = t.start.indexOf(e.trigger.start);
    const lemma = lemmaAt >= 0 ? t.lemma[lemmaAt].toLowerCase() : '';
    const st = stem(first);
    let word = -1;
    for (let k = s0.tokenStart; k < s0.tokenEnd && word < 0; k++) {
      const f = t.form[k].toLowerCase();
      if (/^\p{L}/u.test(f) && ((lemma && t.lemma[k].toLowerCase() === lemma) || f.startsWith(st))) word = k;
    }
    if (word < 0) continue;
    have.add(key(e));
    copies.push({ ...e, id: '', trigger: { start: t.start[word], end: t.end[word], text: t.form[word] }, sentence: 0, quote: null, restates: e.id });
  }
  if (!copies.length) return events;
  const out = [...events.filter((e) => e.sentence === 0), ...copies, ...events.filter((e) => e.sentence !== 0)];
  const ids = new Map<string, string>();
  out.forEach((e, i) => {
    if (e.id) ids.set(e.id, `V${i + 1}`);
  });
  return out.map((e, i) => ({ ...e, id: `V${i + 1}`, ...(e.restates ? { restates: ids.get(e.restates) ?? e.restates } : {}) }));
}
