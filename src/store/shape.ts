/**
 * A document as both backends store it, each fact once: the text in one row, entities (their mentions packed on
 * the entity row), quotes and events as rows of columns, and only what no column holds (the sentences, the
 * metadata beyond title/author/source/url/published, fields a later pipeline adds) in a small deflated `rest`.
 * Each entity, quote and event row is rebuilt from its columns by a template of the pipeline's own shape; where
 * the stored object differs from that template (a field the columns cannot tell, such as a quote's `parts`),
 * the row carries a patch (`extra`) that restores it exactly. What goes in comes back out deep-equal to its
 * JSON form, in every backend.
 *
 * This module also computes what a document adds to the aggregates the UI reads (per day, per actor pair, per
 * entity, per speaker), so that both backends keep them the same way in the same transaction.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { leadLine } from '../text/lead.js';
import { documentProblem, isDocumentIn, type DocumentIn } from './types.js';

export type Value = string | number | null;
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** One column value: numbers must be finite, booleans become 0/1, anything else its string. */
export const n = (v: unknown): Value => {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return String(v);
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export const monthDays = (y: number, m: number): number => (m === 2 && leap(y) ? 29 : DAYS_IN_MONTH[m - 1]);

/** Days since 0000-01-01, plus one, of a `YYYY-MM-DD` day (0 for ''). */
export function dayNumber(day: string): number {
  if (!day) return 0;
  const dt = new Date(0);
  dt.setUTCFullYear(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  return Math.round(dt.getTime() / 86_400_000) + 719_529;
}

/** `YYYY-MM-DD` from an ISO date or date-time naming a real calendar day, else null. */
export function isoDay(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(s);
  if (!m) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > monthDays(Number(m[1]), month)) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** A list field (PLOVER mode, context) as one comma-separated column; empty is null. */
export function listText(v: string | string[] | null | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.length ? v.join(',') : null;
  return v === '' ? null : v;
}

/** The article's lead line (`leadLine`: not a byline), cut at a word near 100 characters: the list's excerpt. */
export function excerpt(text: string): string {
  const line = leadLine(text);
  if (line.length <= 100) return line;
  const cut = line.slice(0, 100);
  const space = cut.lastIndexOf(' ');
  return (space > 60 ? cut.slice(0, space) : cut) + '…';
}

// ---------------------------------------------------------------- patches

function same(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    return a.length === bb.length && a.every((x, i) => same(x, bb[i]));
  }
  const ka = Object.keys(a);
  const bo = b as Obj;
  if (ka.length !== Object.keys(bo).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && same(a[k], bo[k]));
}

const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * What turns `tmpl` into `want`, or undefined when they are equal: per key, `{"=": value}` sets it, `{"-": 1}`
 * removes it, `{"~": patch}` patches a nested object.
 */
export function diff(want: Obj, tmpl: Obj): Obj | undefined {
  let out: Obj | undefined;
  const put = (k: string, v: Json): void => void ((out ??= {})[k] = v);
  for (const k of Object.keys(want)) {
    const w = want[k];
    const t = tmpl[k];
    if (Object.prototype.hasOwnProperty.call(tmpl, k) && same(w, t)) continue;
    if (isObj(w) && isObj(t)) put(k, { '~': diff(w, t) as Obj });
    else put(k, { '=': w });
  }
  for (const k of Object.keys(tmpl)) if (!Object.prototype.hasOwnProperty.call(want, k)) put(k, { '-': 1 });
  return out;
}

export function patch(tmpl: Obj, p: Obj | null | undefined): Obj {
  if (!p) return tmpl;
  for (const [k, op] of Object.entries(p)) {
    const o = op as Obj;
    if ('=' in o) tmpl[k] = o['='];
    else if ('-' in o) delete tmpl[k];
    else if ('~' in o && isObj(tmpl[k])) tmpl[k] = patch(tmpl[k], o['~'] as Obj);
  }
  return tmpl;
}

const extraOf = (want: Obj, tmpl: Obj): string | null => {
  const d = diff(want, tmpl);
  return d ? JSON.stringify(d) : null;
};

// ---------------------------------------------------------------- offsets

/** UTF-16 offsets (JavaScript's) to code point offsets (SQL substr's), for texts with characters beyond U+FFFF. */
export function codePointOffsets(text: string): (i: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
  const map = new Uint32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) cp++;
  }
  map[text.length] = cp;
  return (i) => (i <= 0 ? 0 : i >= text.length ? map[text.length] : map[i]);
}

// ---------------------------------------------------------------- rows

export interface DocRow {
  id: string;
  title: string | null;
  author: string | null;
  source: string | null;
  url: string | null;
  published: string | null;
  day: string | null;
  origin: string | null;
  added_at: string;
  excerpt: string;
  /** The title lower-cased (empty when none): the list's order after the date. */
  sort_title: string;
  /** The title, else the excerpt, lower-cased: what the list's title filter searches. */
  search_title: string;
  entities: number;
  quotes: number;
  events: number;
  mentions: number;
  /** Deflated JSON of what no column holds: sentences, other metadata, other layers. */
  rest: Buffer;
}

export interface EntityRowIn {
  eid: string;
  type: string | null;
  name: string;
  actor_code: string | null;
  actor_country: string | null;
  actor_sector: string | null;
  mentions: number;
  /** `[[start, end, kind, text?], …]`: the text only where it is not the text's own slice. */
  spans: string;
  extra: string | null;
}

export interface QuoteRowIn {
  qid: string;
  kind: string | null;
  span_start: number;
  span_end: number;
  text: string;
  cue_start: number | null;
  cue_end: number | null;
  cue_text: string | null;
  /** The speaker's name, else the words that name it: what is listed and searched. */
  speaker_name: string | null;
  speaker_eid: string | null;
  speaker_start: number | null;
  speaker_end: number | null;
  speaker_text: string | null;
  confidence: number | null;
  /** The document's publication day, '' when undated. */
  day: string;
  extra: string | null;
}

export const QUOTE_FIELDS = [
  'qid', 'kind', 'span_start', 'span_end', 'text', 'cue_start', 'cue_end', 'cue_text', 'speaker_name', 'speaker_eid',
  'speaker_start', 'speaker_end', 'speaker_text', 'confidence', 'day', 'extra',
] as const satisfies readonly (keyof QuoteRowIn)[];

export interface EventRowIn {
  vid: string;
  trigger_start: number | null;
  trigger_end: number | null;
  trigger_text: string | null;
  sentence: number | null;
  /** The sentence's span in code points (SQL substr derives its text from the document's). */
  sentence_start: number | null;
  sentence_end: number | null;
  source_eid: string | null;
  source_name: string | null;
  source_code: string | null;
  source_country: string | null;
  source_sector: string | null;
  source_start: number | null;
  source_end: number | null;
  target_eid: string | null;
  target_name: string | null;
  target_code: string | null;
  target_country: string | null;
  target_sector: string | null;
  target_start: number | null;
  target_end: number | null;
  cameo_code: string | null;
  cameo_name: string | null;
  cameo_root: string | null;
  goldstein: number | null;
  quad_class: number | null;
  plover_type: string | null;
  plover_mode: string | null;
  plover_context: string | null;
  date: string | null;
  date_precision: string | null;
  /** The event's day, else the publication day; '' when neither is known. */
  day: string;
  location_name: string | null;
  location_country: string | null;
  lat: number | null;
  lon: number | null;
  quote_id: string | null;
  via: string | null;
  modality: string | null;
  evidence: string | null;
  confidence: number | null;
  extra: string | null;
}

export const EVENT_FIELDS = [
  'vid', 'trigger_start', 'trigger_end', 'trigger_text', 'sentence', 'sentence_start', 'sentence_end',
  'source_eid', 'source_name', 'source_code', 'source_country', 'source_sector', 'source_start', 'source_end',
  'target_eid', 'target_name', 'target_code', 'target_country', 'target_sector', 'target_start', 'target_end',
  'cameo_code', 'cameo_name', 'cameo_root', 'goldstein', 'quad_class', 'plover_type', 'plover_mode', 'plover_context',
  'date', 'date_precision', 'day', 'location_name', 'location_country', 'lat', 'lon', 'quote_id', 'via', 'modality',
  'evidence', 'confidence', 'extra',
] as const satisfies readonly (keyof EventRowIn)[];

/** Which columns of EVENT_FIELDS hold numbers (the rest hold text), for typed bulk inserts. */
export const EVENT_NUMERIC = new Set<string>([
  'trigger_start', 'trigger_end', 'sentence', 'sentence_start', 'sentence_end', 'source_start', 'source_end', 'target_start',
  'target_end', 'goldstein', 'quad_class', 'lat', 'lon', 'confidence',
]);
export const QUOTE_NUMERIC = new Set<string>(['span_start', 'span_end', 'cue_start', 'cue_end', 'speaker_start', 'speaker_end', 'confidence']);

export const ENTITY_FIELDS = [
  'eid', 'type', 'name', 'actor_code', 'actor_country', 'actor_sector', 'mentions', 'spans', 'extra',
] as const satisfies readonly (keyof EntityRowIn)[];

export interface FlatDoc {
  doc: DocRow;
  text: string;
  entities: EntityRowIn[];
  quotes: QuoteRowIn[];
  events: EventRowIn[];
}

const META_COLUMNS = ['title', 'author', 'source', 'url', 'published'] as const;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

// Templates: the pipeline's shape of each layer, from the columns alone.

type Actorish = { code: string | null; country: string | null; sector: string | null };
const actorOf = (code: Value, country: Value, sector: Value): Actorish | null =>
  code === null && country === null && sector === null ? null : { code: code as string | null, country: country as string | null, sector: sector as string | null };

function mentionsOf(spans: string, text: string): Obj[] {
  return (JSON.parse(spans) as [number, number, string | null, string?][]).map(([start, end, kind, t]) => {
    const m: Obj = { start, end, text: t ?? text.slice(start, end) };
    if (kind !== null) m.kind = kind;
    return m;
  });
}

export function entityTemplate(r: EntityRowIn, text: string): Obj {
  return { id: r.eid, type: r.type, name: r.name, mentions: mentionsOf(r.spans, text), actor: actorOf(r.actor_code, r.actor_country, r.actor_sector) };
}

export function quoteTemplate(r: QuoteRowIn): Obj {
  const cue = r.cue_start === null && r.cue_end === null && r.cue_text === null ? null : { start: r.cue_start, end: r.cue_end, text: r.cue_text };
  const speaker =
    r.speaker_eid === null && r.speaker_name === null && r.speaker_start === null && r.speaker_text === null
      ? null
      : { entity: r.speaker_eid, name: r.speaker_name, start: r.speaker_start, end: r.speaker_end, text: r.speaker_text };
  return { id: r.qid, kind: r.kind, start: r.span_start, end: r.span_end, text: r.text, cue, speaker, confidence: r.confidence };
}

function argTemplate(eid: Value, name: Value, code: Value, country: Value, sector: Value, start: Value, end: Value): Obj | null {
  if (eid === null && name === null && code === null && country === null && sector === null && start === null) return null;
  return { entity: eid, name, actor: actorOf(code, country, sector), start, end };
}

export function eventTemplate(r: EventRowIn): Obj {
  return {
    id: r.vid,
    trigger: r.trigger_start === null && r.trigger_text === null ? null : { start: r.trigger_start, end: r.trigger_end, text: r.trigger_text },
    sentence: r.sentence,
    source: argTemplate(r.source_eid, r.source_name, r.source_code, r.source_country, r.source_sector, r.source_start, r.source_end),
    target: argTemplate(r.target_eid, r.target_name, r.target_code, r.target_country, r.target_sector, r.target_start, r.target_end),
    cameo:
      r.cameo_code === null && r.cameo_name === null && r.goldstein === null && r.quad_class === null
        ? null
        : { code: r.cameo_code, name: r.cameo_name, root: r.cameo_root, goldstein: r.goldstein, quadClass: r.quad_class },
    plover: r.plover_type === null ? null : { type: r.plover_type, mode: r.plover_mode ?? '', context: r.plover_context ? r.plover_context.split(',') : [] },
    date: r.date,
    datePrecision: r.date_precision,
    location: r.location_name === null && r.location_country === null && r.lat === null ? null : { name: r.location_name, country: r.location_country, lat: r.lat, lon: r.lon },
    quote: r.quote_id,
    via: r.via,
    modality: r.modality,
    evidence: r.evidence,
    confidence: r.confidence,
  } as Obj;
}

/** The sentence an event was coded from: its `sentence` index, else the one holding its trigger. */
export function sentenceOf(ev: { sentence?: unknown; trigger?: { start?: unknown } | null }, sentences: { start: number; end: number }[]): { index: number; start: number; end: number } | null {
  if (typeof ev.sentence === 'number' && sentences[ev.sentence]) return { index: ev.sentence, ...sentences[ev.sentence] };
  const at = ev.trigger?.start;
  if (typeof at !== 'number') return null;
  const i = sentences.findIndex((s) => s.start <= at && at < s.end);
  return i >= 0 ? { index: i, start: sentences[i].start, end: sentences[i].end } : null;
}

const pack = (v: unknown): Buffer => deflateRawSync(JSON.stringify(v), { level: 6 });

/**
 * The rows of one document, which must have its text. What is stored is the document's JSON form (undefined
 * values dropped, as JSON export writes it), and it must have what `STORED_DOCUMENT` needs, so that what is
 * stored reads back as a DocumentIn (`assemble` checks the same).
 */
export function flatten(input: DocumentIn, origin: string | null, addedAt: string): FlatDoc {
  const text = input.text;
  if (typeof text !== 'string') throw new Error(`document ${input.id}: the result has no text; analyse with text included to store it`);
  const { text: _t, tokens: _k, ...rest0 } = input;
  const d = JSON.parse(JSON.stringify(rest0)) as Obj;
  const problem = documentProblem(d);
  if (problem) throw new Error(`document ${input.id}: ${problem} (the store needs it to keep a result)`);
  const meta = (isObj(d.meta) ? d.meta : {}) as Obj;
  const day = isoDay(str(meta.published));
  const cp = codePointOffsets(text);

  const entitiesIn = (Array.isArray(d.entities) ? d.entities : []) as Obj[];
  const quotesIn = (Array.isArray(d.quotes) ? d.quotes : []) as Obj[];
  const eventsIn = (Array.isArray(d.events) ? d.events : []) as Obj[];
  const sentences = (Array.isArray(d.sentences) ? d.sentences : []) as { start: number; end: number }[];

  let mentionCount = 0;
  const entities: EntityRowIn[] = entitiesIn.map((e) => {
    const a = isObj(e.actor) ? e.actor : null;
    const ms = Array.isArray(e.mentions) ? (e.mentions as Obj[]) : [];
    mentionCount += ms.length;
    const spans = JSON.stringify(
      ms.map((m) => {
        const s = num(m?.start) ?? 0;
        const t = num(m?.end) ?? 0;
        const k = str(m?.kind);
        return typeof m?.text === 'string' && m.text !== text.slice(s, t) ? [s, t, k, m.text] : [s, t, k];
      }),
    );
    const row: EntityRowIn = {
      eid: String(e.id ?? ''), type: n(e.type) as string | null, name: String(e.name ?? ''),
      actor_code: n(a?.code) as string | null, actor_country: n(a?.country) as string | null, actor_sector: n(a?.sector) as string | null,
      mentions: ms.length, spans, extra: null,
    };
    row.extra = extraOf(e, entityTemplate(row, text));
    return row;
  });

  const quotes: QuoteRowIn[] = quotesIn.map((q) => {
    const sp = isObj(q.speaker) ? q.speaker : null;
    const cue = isObj(q.cue) ? q.cue : null;
    const start = num(q.start);
    const end = num(q.end);
    if (start === null || end === null) throw new Error(`document ${input.id}: quote ${String(q.id)} has no start and end`);
    const row: QuoteRowIn = {
      qid: String(q.id ?? ''), kind: n(q.kind) as string | null, span_start: start, span_end: end,
      text: typeof q.text === 'string' ? q.text : text.slice(start, end),
      cue_start: num(cue?.start), cue_end: num(cue?.end), cue_text: n(cue?.text) as string | null,
      speaker_name: (n(sp?.name) ?? n(sp?.text)) as string | null, speaker_eid: n(sp?.entity) as string | null,
      speaker_start: num(sp?.start), speaker_end: num(sp?.end), speaker_text: n(sp?.text) as string | null,
      confidence: num(q.confidence), day: day ?? '', extra: null,
    };
    row.extra = extraOf(q, quoteTemplate(row));
    return row;
  });

  const events: EventRowIn[] = eventsIn.map((ev) => {
    const s = sentenceOf(ev as { sentence?: unknown; trigger?: { start?: unknown } }, sentences);
    const trig = isObj(ev.trigger) ? ev.trigger : null;
    const src = isObj(ev.source) ? ev.source : null;
    const tgt = isObj(ev.target) ? ev.target : null;
    const sa = isObj(src?.actor) ? (src.actor as Obj) : null;
    const ta = isObj(tgt?.actor) ? (tgt.actor as Obj) : null;
    const cameo = isObj(ev.cameo) ? ev.cameo : null;
    const plover = isObj(ev.plover) ? ev.plover : null;
    const loc = isObj(ev.location) ? ev.location : null;
    const code = str(cameo?.code);
    const row: EventRowIn = {
      vid: String(ev.id ?? ''), trigger_start: num(trig?.start), trigger_end: num(trig?.end), trigger_text: n(trig?.text) as string | null,
      sentence: s ? s.index : null, sentence_start: s ? cp(s.start) : null, sentence_end: s ? cp(s.end) : null,
      source_eid: n(src?.entity) as string | null, source_name: n(src?.name) as string | null,
      source_code: n(sa?.code) as string | null, source_country: n(sa?.country) as string | null, source_sector: n(sa?.sector) as string | null,
      source_start: num(src?.start), source_end: num(src?.end),
      target_eid: n(tgt?.entity) as string | null, target_name: n(tgt?.name) as string | null,
      target_code: n(ta?.code) as string | null, target_country: n(ta?.country) as string | null, target_sector: n(ta?.sector) as string | null,
      target_start: num(tgt?.start), target_end: num(tgt?.end),
      cameo_code: n(code) as string | null, cameo_name: n(cameo?.name) as string | null,
      cameo_root: (n(cameo?.root) ?? (code ? code.slice(0, 2) : null)) as string | null,
      goldstein: num(cameo?.goldstein), quad_class: num(cameo?.quadClass),
      plover_type: n(plover?.type) as string | null,
      plover_mode: listText(plover?.mode as string | string[] | null | undefined),
      plover_context: listText(plover?.context as string | string[] | null | undefined),
      date: n(ev.date) as string | null, date_precision: n(ev.datePrecision) as string | null,
      day: isoDay(str(ev.date)) ?? day ?? '',
      location_name: n(loc?.name) as string | null, location_country: n(loc?.country) as string | null, lat: num(loc?.lat), lon: num(loc?.lon),
      quote_id: n(ev.quote) as string | null, via: n(ev.via) as string | null, modality: n(ev.modality) as string | null,
      evidence: n(ev.evidence) as string | null, confidence: num(ev.confidence), extra: null,
    };
    row.extra = extraOf(ev, eventTemplate(row));
    return row;
  });

  // What no column holds: the metadata beyond its five columns, the sentences, any other layer.
  const metaRest: Obj = {};
  for (const [k, v] of Object.entries(meta)) if (!(META_COLUMNS as readonly string[]).includes(k) || typeof v !== 'string') metaRest[k] = v;
  const restObj: Obj = {};
  for (const [k, v] of Object.entries(d)) {
    if (k === 'id' || k === 'entities' || k === 'quotes' || k === 'events') continue;
    restObj[k] = k === 'meta' ? metaRest : v;
  }
  // Which layers the document had (an absent layer comes back absent, an empty one empty).
  restObj['\u0000layers'] = ['entities', 'quotes', 'events'].filter((k) => k in d).join(',');
  if (!('meta' in d)) restObj['\u0000nometa'] = true;
  const keys = Object.keys(d);
  restObj['\u0000order'] = keys.join(',');

  const title = str(meta.title);
  const ex = excerpt(text);
  return {
    text,
    doc: {
      id: input.id, title: n(meta.title) as string | null, author: n(meta.author) as string | null, source: n(meta.source) as string | null,
      url: n(meta.url) as string | null, published: n(meta.published) as string | null, day, origin, added_at: addedAt, excerpt: ex,
      sort_title: (title ?? '').toLowerCase(), search_title: (title ?? ex).toLowerCase(),
      entities: entities.length, quotes: quotes.length, events: events.length, mentions: mentionCount, rest: pack(restObj),
    },
    entities,
    quotes,
    events,
  };
}

/** The columns of a stored document row that `assemble` reads. */
export interface StoredDoc {
  id: string;
  title: string | null;
  author: string | null;
  source: string | null;
  url: string | null;
  published: string | null;
  rest: Buffer | Uint8Array;
}

/** A stored document back from its rows (entities, quotes and events in their stored order). */
export function assemble(doc: StoredDoc, text: string, entities: EntityRowIn[], quotes: QuoteRowIn[], events: EventRowIn[]): DocumentIn {
  const rest = JSON.parse(inflateRawSync(doc.rest).toString('utf8')) as Obj;
  const layers = new Set(String(rest['\u0000layers'] ?? '').split(',').filter(Boolean));
  const order = String(rest['\u0000order'] ?? '').split(',').filter(Boolean);
  const parts: Obj = {};
  if (!rest['\u0000nometa']) {
    const meta: Obj = {};
    const metaRest = isObj(rest.meta) ? rest.meta : {};
    for (const k of META_COLUMNS) if (doc[k] !== null && !(k in metaRest)) meta[k] = doc[k];
    Object.assign(meta, metaRest);
    parts.meta = meta;
  }
  parts.id = doc.id;
  for (const [k, v] of Object.entries(rest)) if (k !== 'meta' && !k.startsWith('\u0000')) parts[k] = v;
  if (layers.has('entities')) parts.entities = entities.map((r) => patch(entityTemplate(r, text), r.extra ? (JSON.parse(r.extra) as Obj) : null));
  if (layers.has('quotes')) parts.quotes = quotes.map((r) => patch(quoteTemplate(r), r.extra ? (JSON.parse(r.extra) as Obj) : null));
  if (layers.has('events')) parts.events = events.map((r) => patch(eventTemplate(r), r.extra ? (JSON.parse(r.extra) as Obj) : null));
  // The stored document's own key order, with the text after its metadata (as the pipeline writes it).
  const out: Obj = {};
  const put = (k: string): void => {
    if (k in parts && !(k in out)) out[k] = parts[k];
  };
  put('id');
  put('meta');
  out.text = text;
  for (const k of order) put(k);
  for (const k of Object.keys(parts)) put(k);
  // A check, not a cast: what `flatten` accepted passes it, so failing it means the rows were changed since.
  if (!isDocumentIn(out)) throw new Error(`stored document ${doc.id}: ${documentProblem(out)}; the database was changed by something other than Herald`);
  return out;
}

/**
 * A result blob as Herald stored it before schema 2 (SQLite) / 3 (PostgreSQL): the whole result without text
 * and tokens, raw-deflated JSON. Read only to migrate such a database.
 */
export function legacyResult(row: { text: string; result: string | Buffer | Uint8Array }): DocumentIn {
  const json = typeof row.result === 'string' ? row.result : inflateRawSync(row.result).toString('utf8');
  const r: unknown = JSON.parse(json);
  if (!isDocumentIn(r)) throw new Error(`a stored result of the old schema: ${documentProblem(r)}`);
  const { id, meta, ...rest } = r;
  return { id, meta, text: row.text, ...rest };
}

/** Only for tests that build a database of an older schema: the result blob as it was stored then. */
export function legacyPack(doc: DocumentIn): Buffer {
  const stored: Record<string, unknown> = { ...doc };
  delete stored.text;
  delete stored.tokens;
  return deflateRawSync(JSON.stringify(stored), { level: 1 });
}
