/**
 * Place mentions in a sentence and the location of an event.
 *
 * `placesInSentence` finds capitalised token sequences that the gazetteer knows (longest match first, up to
 * the longest gazetteer name), or takes candidate spans from the NER model when given, and records why each
 * is a place mention:
 *  - `preposition`: governed by a preposition ("in Tehran", "to Singapore", "from Iran");
 *  - `locative-head`: a noun modifier of a phrase that is itself locative ("in a Tehran conference center")
 *    or of a place noun ("the Tehran office");
 *  - `candidate`: an NER LOC/GPE span (optional input);
 *  - `name`: none of these, but a country, a capital or a city of ≥ 100,000 (so "Washington" in "Washington
 *    imposed sanctions" is reported, as an actor-like mention, not as a location).
 * A known name inside a longer capitalised name is not a place ("Tehran University", "Washington Post",
 * "Hassan Rouhani", "US President"), except for a following date word ("in Tehran Tuesday") or a place word
 * that extends the name ("Idlib Province"). Demonyms ("Iranian") are never place mentions.
 *
 * `locationForEvent` picks the mention where the event happened: a stative locative preposition (in, at, near,
 * inside, across, …) or a locative head, attached in the dependency parse to the trigger or to its arguments
 * and adjuncts (not through another clause); "to/into" only for motion and visit triggers ("sent a
 * representative to Tehran", "a visit to Singapore"); "on/against" only for attack triggers. Origins ("from
 * Iran"), possessives ("Tehran's rhetoric"), subjects and objects are never the location, so the country of
 * the source actor is not taken for the event's place. Null when no place is stated.
 */
import { UPOS_TAGS, type Doc, type PlaceMention, type Span } from '../doc/doc.js';
import { Gazetteer } from './gazetteer.js';
import type { Place } from '../doc/doc.js';
import { nameKey } from './names.js';
import { isParsed } from '../doc/tree.js';
import { attachment, relBase } from '../time/deps.js';

export type { PlaceMention };

export interface PlaceOptions {
  gazetteer?: Gazetteer;
  /** Spans from the NER model (LOC/GPE/FAC) to consider even without a preposition. */
  candidates?: Span[];
  /** ISO3 country that breaks ties between homonyms ("Paris" with USA → Paris, Texas). */
  contextCountry?: string;
}

const CONNECTORS = new Set(['of', 'de', 'del', 'da', 'do', 'dos', 'das', 'al', 'el', 'la', 'le', 'les', 'and', 'the', 'upon', 'on', 'sur', 'am', 'an', 'der', 'di', 'du', 'y', 'ad', 'as', 'ash', 'at', 'az', 'en']);
const PUNCT_INSIDE = new Set(['-', ',', '.', '’', "'"]);
/** Words after a name that belong to it: "Idlib Province", "Gaza City". */
const PLACE_SUFFIX = new Set(['province', 'city', 'governorate', 'district', 'region', 'county', 'state', 'oblast', 'prefecture', 'municipality', 'territory', 'island', 'islands', 'strip', 'valley', 'heights']);
/** Capitalised words that may precede a place name without making it part of another name. */
const PLACE_PREFIX = new Set(['north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'central', 'greater', 'upper', 'lower', 'downtown', 'metropolitan', 'occupied', 'rural', 'coastal', 'suburban', 'inner', 'outer', 'old']);
const DATE_WORDS = /^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$|^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?$|^(?:January|February|March|April|June|July|August|September|October|November|December)$/;
/** Sentence-initial capitalised function words ("In Tehran, …"). */
const FUNCTION_WORDS = new Set(
  'in at on from to by for with near inside outside across the a an and but or as after before when while since during this that these those there here it its his her their our we they he she i if though although because so yet then also meanwhile later earlier'.split(' '),
);
/** Words that may sit between a preposition and the place name ("in the northern city of Aleppo" is not handled; "in northern Syria" is). */
const PRE_SKIP = new Set(['the', 'a', 'an', ...PLACE_PREFIX]);
const PREPOSITIONS = new Set(['in', 'at', 'near', 'inside', 'outside', 'across', 'throughout', 'around', 'within', 'to', 'into', 'toward', 'towards', 'from', 'via', 'through', 'on', 'against', 'over', 'off', 'along', 'beyond', 'between', 'of', 'for', 'with', 'by', 'onto']);
/** Prepositions that state where something happens. */
const STATIVE = new Set(['in', 'at', 'near', 'inside', 'outside', 'across', 'throughout', 'around', 'within', 'along', 'off', 'over']);
const DIRECTIONAL = new Set(['to', 'into', 'toward', 'towards', 'onto']);
const ATTACK = new Set(['on', 'against']);
/** Triggers whose destination is where the event takes place. */
const MOTION_LEMMAS = new Set(['visit', 'travel', 'trip', 'go', 'come', 'fly', 'arrive', 'arrival', 'return', 'send', 'dispatch', 'deploy', 'deployment', 'journey', 'head', 'move', 'tour', 'mission', 'delegation', 'march', 'flee', 'evacuate', 'bring', 'take', 'deliver', 'ship', 'transfer', 'extradite', 'deport', 'expel']);
/** Triggers whose "on/against X" is a place when X is a place: "bombed … on Aleppo" rarely, "an attack on Tel Aviv". */
const ATTACK_LEMMAS = new Set(['attack', 'strike', 'airstrike', 'raid', 'assault', 'bomb', 'bombing', 'shell', 'shelling', 'fire', 'launch', 'offensive', 'invasion', 'invade', 'march']);
/** Nouns that make a place modifier locative ("the Tehran office", "a Geneva summit"). */
const PLACE_NOUNS = new Set(['center', 'centre', 'hall', 'office', 'headquarters', 'hq', 'summit', 'conference', 'meeting', 'talks', 'hotel', 'hospital', 'court', 'courthouse', 'airport', 'embassy', 'consulate', 'palace', 'square', 'stadium', 'base', 'prison', 'jail', 'camp', 'port', 'harbor', 'harbour', 'station', 'street', 'suburb', 'neighborhood', 'neighbourhood', 'district', 'province', 'region', 'area', 'outskirts', 'rally', 'protest', 'home', 'residence', 'compound', 'mosque', 'church', 'synagogue', 'university', 'campus', 'border', 'crossing', 'checkpoint', 'market', 'bureau']);
const MIN_NAME_ONLY_POPULATION = 100_000;
const UPOS_PROPN = UPOS_TAGS.indexOf('PROPN');

/** Capitalised, or an elided article before a capital ("d’Ivoire", "al-Assad"). */
const isCap = (form: string): boolean => /^(?:\p{Lu}|(?:d|l|al|el)['’-]\p{Lu})/u.test(form);
const lemmaOf = (doc: Doc, i: number): string => (doc.tokens.lemma[i] || doc.tokens.form[i]).toLowerCase();

/** Head of tokens [a, b): the one whose head lies outside (the last one without a parse). */
function spanHead(doc: Doc, a: number, b: number, hasParse: boolean): number {
  if (!hasParse) return b - 1;
  for (let i = b - 1; i >= a; i--) {
    const h = doc.tokens.head[i];
    if (h < a || h >= b) {
      if (!PUNCT_INSIDE.has(doc.tokens.form[i])) return i;
    }
  }
  return b - 1;
}

/** The preposition governing token `h`: its `case` child in the parse; without a parse, the word before (skipping "the", "northern", …). */
function prepositionOf(doc: Doc, h: number, first: number, s: { tokenStart: number; tokenEnd: number }, hasParse: boolean): string {
  const t = doc.tokens;
  if (hasParse) {
    for (let i = s.tokenStart; i < h; i++) if (t.head[i] === h && t.deprel[i] === 'case') return t.form[i].toLowerCase();
    return '';
  }
  for (let i = first - 1; i >= s.tokenStart && i >= first - 4; i--) {
    const w = t.form[i].toLowerCase();
    if (PREPOSITIONS.has(w)) return w;
    if (!PRE_SKIP.has(w)) break;
  }
  return '';
}

/** Place mentions of sentence `sentenceIndex` (see the module comment for what counts). */
export function placesInSentence(doc: Doc, sentenceIndex: number, opts: PlaceOptions = {}): PlaceMention[] {
  const gaz = opts.gazetteer ?? Gazetteer.default();
  const s = doc.sentences[sentenceIndex];
  if (!s) return [];
  const t = doc.tokens;
  const a = s.tokenStart;
  const b = s.tokenEnd;
  const hasParse = isParsed(doc, a, b);
  const text = doc.text;
  /** Per token of the sentence, once known: capitalised. */
  let cap: Uint8Array | null = null;
  const capital = (i: number): boolean =>
    (cap ? cap[i - a] === 1 : isCap(t.form[i])) && !(i === a && FUNCTION_WORDS.has(t.form[i].toLowerCase()));
  const out: PlaceMention[] = [];

  const make = (i: number, j: number, place: Place, evidence: PlaceMention['evidence'] | null): PlaceMention | null => {
    const head = spanHead(doc, i, j, hasParse);
    const preposition = prepositionOf(doc, head, i, s, hasParse);
    const next = j < b ? t.form[j] : '';
    const possessive = next === '’s' || next === "'s" || next === '’' || next === "'" || (hasParse && t.deprel[head] === 'nmod:poss');
    let ev = evidence;
    if (!ev && preposition) ev = 'preposition';
    if (!ev && !possessive && locativeHead(doc, head, s, hasParse)) ev = 'locative-head';
    if (!ev) {
      const notable = place.kind === 'country' || place.capital || place.population >= MIN_NAME_ONLY_POPULATION;
      if (!notable || (i === a && j === i + 1 && place.kind !== 'country')) return null;
      ev = 'name';
    }
    return {
      start: t.start[i],
      end: t.end[j - 1],
      text: text.slice(t.start[i], t.end[j - 1]),
      tokenStart: i,
      tokenEnd: j,
      head,
      place,
      evidence: ev,
      preposition,
      possessive,
    };
  };

  // NER candidates first: they win over the scan where they overlap.
  const taken = new Uint8Array(b - a);
  for (const c of opts.candidates ?? []) {
    if (c.end <= s.start || c.start >= s.end) continue;
    let i = a;
    while (i < b && t.end[i] <= c.start) i++;
    let j = i;
    while (j < b && t.start[j] < c.end) j++;
    if (j <= i) continue;
    let k = i;
    if (t.form[k].toLowerCase() === 'the' && k + 1 < j) k++;
    const place = gaz.resolve(text.slice(t.start[k], t.end[j - 1]), opts.contextCountry);
    if (!place) continue;
    const m = make(k, j, place, 'candidate');
    if (m) {
      out.push(m);
      for (let x = i; x < j; x++) taken[x - a] = 1;
    }
  }

  const maxLen = gaz.maxWords * 2 + 1;
  // per token, once: capitalised; may sit inside a name (capitalised, a connector or inner punctuation, not taken)
  const caps = new Uint8Array(b - a);
  const inner = new Uint8Array(b - a);
  for (let x = a; x < b; x++) {
    const f = t.form[x];
    caps[x - a] = isCap(f) ? 1 : 0;
    // connectors are at most four letters (lowercasing never shortens a word)
    inner[x - a] = (caps[x - a] || (f.length <= 4 && CONNECTORS.has(f.toLowerCase())) || PUNCT_INSIDE.has(f)) && !taken[x - a] ? 1 : 0;
  }
  cap = caps;
  for (let i = a; i < b; i++) {
    if (taken[i - a] || !capital(i)) continue;
    let found: { j: number; place: Place } | null = null;
    // a span [i, j) needs every token strictly between its first and last to be `inner`: j - 1 <= the first that is not
    let stop = i + 1;
    while (stop < b && inner[stop - a]) stop++;
    for (let j = Math.min(b, i + maxLen, stop + 1); j > i; j--) {
      if (!caps[j - 1 - a]) continue;
      const key = nameKey(text.slice(t.start[i], t.end[j - 1]));
      if (!gaz.hasKey(key)) continue;
      const place = gaz.resolve(key, opts.contextCountry);
      if (place) {
        found = { j, place };
        break;
      }
    }
    if (!found) continue;
    let j = found.j;
    // Part of a longer name? ("Tehran University", "Hassan Rouhani", "US President") — not a place mention.
    if (j < b && PLACE_SUFFIX.has(t.form[j].toLowerCase()) && isCap(t.form[j])) j++;
    else if (j < b && isCap(t.form[j]) && !DATE_WORDS.test(t.form[j])) {
      i = j - 1;
      continue;
    }
    // "President Jordan", "Theresa May": a name before it — but not a capitalised sentence opener ("Calling Israel").
    const prev = i - 1;
    const opener = prev === a && (t.upos[prev] ? t.upos[prev] !== UPOS_PROPN : /(?:ing|ed|ly)$/.test(t.form[prev]));
    const prevName = prev >= a && capital(prev) && !opener;
    if (prevName && !PLACE_PREFIX.has(t.form[prev].toLowerCase())) {
      i = j - 1;
      continue;
    }
    const m = make(i, j, found.place, null);
    if (m) out.push(m);
    i = j - 1;
  }
  out.sort((x, y) => x.start - y.start);
  return out;
}

/** A modifier (compound, or a proper-noun premodifier) of a locative phrase or of a place noun. */
function locativeHead(doc: Doc, h: number, s: { tokenStart: number; tokenEnd: number }, hasParse: boolean): boolean {
  const t = doc.tokens;
  let noun = -1;
  if (hasParse) {
    if (t.deprel[h] !== 'compound' || t.head[h] < 0) return false;
    noun = t.head[h];
  } else {
    // Without a parse: the next lower-case noun-ish word within two tokens ("a Tehran conference center").
    for (let i = h + 1; i < Math.min(s.tokenEnd, h + 4); i++) {
      if (isCap(t.form[i]) || !/^\p{Ll}+$/u.test(t.form[i])) break;
      noun = i;
    }
    if (noun < 0) return false;
  }
  if (PLACE_NOUNS.has(lemmaOf(doc, noun))) return true;
  const first = hasParse ? Math.min(h, noun) : h;
  return STATIVE.has(prepositionOf(doc, noun, first, s, hasParse));
}

export interface LocationOptions extends PlaceOptions {
  /** Place mentions already found for the sentence (saves a scan when coding several events). */
  mentions?: PlaceMention[];
}

const ARGUMENT_RELS = new Set(['nsubj', 'obj', 'iobj', 'csubj', 'expl']);

/** The token whose phrase carries the mention's locative role: its head, or the noun it modifies. */
function anchorOf(doc: Doc, m: PlaceMention): { token: number; prep: string } {
  const t = doc.tokens;
  if (m.evidence === 'locative-head' && t.deprel[m.head] === 'compound' && t.head[m.head] >= 0) {
    const noun = t.head[m.head];
    let prep = '';
    for (let i = noun - 1; i >= 0 && !prep; i--) if (t.head[i] === noun && t.deprel[i] === 'case') prep = t.form[i].toLowerCase();
    return { token: noun, prep: prep || 'in' };
  }
  return { token: m.head, prep: m.evidence === 'locative-head' ? 'in' : m.preposition };
}

/**
 * Where the event triggered by token `trigger` (in sentence `sentenceIndex`) happened, or null when the
 * sentence states no place for it (see the module comment).
 */
export function locationForEvent(doc: Doc, sentenceIndex: number, trigger: number, opts: LocationOptions = {}): Place | null {
  const s = doc.sentences[sentenceIndex];
  if (!s) return null;
  const mentions = opts.mentions ?? placesInSentence(doc, sentenceIndex, opts);
  const t = doc.tokens;
  const hasParse = isParsed(doc, s.tokenStart, s.tokenEnd);
  const trigLemma = lemmaOf(doc, trigger);
  let best: { m: PlaceMention; dist: number; gap: number } | null = null;
  for (const m of mentions) {
    if (m.possessive || m.evidence === 'name') continue;
    if (trigger >= m.tokenStart && trigger < m.tokenEnd) continue;
    const { token, prep } = anchorOf(doc, m);
    if (hasParse && ARGUMENT_RELS.has(relBase(t.deprel[token]))) continue;
    let dist: number;
    if (hasParse) {
      dist = attachment(doc, token, trigger);
      if (dist < 0) continue;
      const governor = t.head[token];
      const govLemma = governor >= 0 ? lemmaOf(doc, governor) : '';
      if (!STATIVE.has(prep)) {
        const motion = DIRECTIONAL.has(prep) && (MOTION_LEMMAS.has(govLemma) || (governor === trigger && MOTION_LEMMAS.has(trigLemma)));
        const attack = ATTACK.has(prep) && governor === trigger && ATTACK_LEMMAS.has(trigLemma);
        if (!motion && !attack) continue;
      }
    } else {
      // No parse: a stative preposition anywhere in the sentence, the nearest first.
      if (!STATIVE.has(prep) && !(DIRECTIONAL.has(prep) && MOTION_LEMMAS.has(trigLemma))) continue;
      dist = 0;
    }
    const gap = Math.abs(m.head - trigger);
    if (!best || dist < best.dist || (dist === best.dist && gap < best.gap)) best = { m, dist, gap };
  }
  return best ? best.m.place : null;
}
