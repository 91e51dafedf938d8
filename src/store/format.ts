/**
 * Rows out of the store as people and other programs read them: aligned tables for a terminal, CSV
 * (RFC 4180), GDELT-style event TSV and PLOVER JSON records.
 */
import type { EntityRow, EventRow, QuoteRow } from './types.js';

type Cell = string | number | null | undefined;

// ---------------------------------------------------------------- CSV

export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (values: Cell[]): string => values.map(csvField).join(',') + '\n';

export function toCsv<R extends object>(rows: R[], columns: readonly (keyof R & string)[]): string {
  let out = csvLine([...columns]);
  for (const r of rows) out += csvLine(columns.map((c) => r[c] as Cell));
  return out;
}

export const QUOTE_CSV_COLUMNS = [
  'date', 'speaker', 'kind', 'text', 'cue', 'confidence', 'document', 'quote', 'start', 'end', 'title', 'url',
] as const satisfies readonly (keyof QuoteRow)[];

export const EVENT_CSV_COLUMNS = [
  'date', 'source', 'source_code', 'target', 'target_code', 'trigger', 'cameo_code', 'cameo_name', 'cameo_root',
  'quad_class', 'goldstein', 'plover_type', 'plover_mode', 'plover_context', 'location', 'country', 'lat', 'lon',
  'confidence', 'document', 'event', 'url', 'sentence_text',
] as const satisfies readonly (keyof EventRow)[];

export const ENTITY_CSV_COLUMNS = [
  'name', 'type', 'actor_code', 'country', 'sector', 'documents', 'mentions',
] as const satisfies readonly (keyof EntityRow)[];

// ---------------------------------------------------------------- tables

export interface TableColumn<R> {
  title: string;
  value(r: R): Cell;
  /** Widest the column may get (characters). */
  max?: number;
  /** This column takes the room the others leave (one per table). */
  flex?: boolean;
  align?: 'right';
}

const oneLine = (v: Cell): string => (v === null || v === undefined ? '' : String(v).replace(/\s+/g, ' ').trim());

function clip(s: string, width: number): string {
  const chars = [...s];
  if (chars.length <= width) return s;
  return width <= 1 ? chars.slice(0, width).join('') : chars.slice(0, width - 1).join('') + '…';
}

const len = (s: string): number => [...s].length;

/** An aligned text table that fits in `width` columns (the flex column is clipped first). */
export function toTable<R>(rows: R[], columns: TableColumn<R>[], width = 120): string {
  const cells = rows.map((r) => columns.map((c) => oneLine(c.value(r))));
  const widths = columns.map((c, i) => {
    const w = Math.max(len(c.title), ...cells.map((row) => len(row[i])));
    return c.max ? Math.min(w, Math.max(c.max, len(c.title))) : w;
  });
  const flex = columns.findIndex((c) => c.flex);
  if (flex >= 0) {
    const others = widths.reduce((a, w, i) => (i === flex ? a : a + w + 2), 0);
    widths[flex] = Math.max(len(columns[flex].title), Math.min(widths[flex], width - others));
  }
  const line = (vals: string[]): string =>
    vals
      .map((v, i) => {
        const s = clip(v, widths[i]);
        const pad = ' '.repeat(Math.max(0, widths[i] - len(s)));
        return columns[i].align === 'right' ? pad + s : i === vals.length - 1 ? s : s + pad;
      })
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.title)), line(widths.map((w) => '─'.repeat(w)))];
  for (const row of cells) out.push(line(row));
  return out.join('\n') + '\n';
}

const withCode = (name: string | null, code: string | null): string =>
  name && code ? `${name} (${code})` : (name ?? code ?? '');

export const QUOTE_TABLE: TableColumn<QuoteRow>[] = [
  { title: 'DATE', value: (r) => r.date, max: 10 },
  { title: 'SPEAKER', value: (r) => r.speaker ?? '?', max: 24 },
  { title: 'QUOTE', value: (r) => r.text, flex: true },
  { title: 'SOURCE', value: (r) => r.title ?? r.url ?? r.document.slice(0, 12), max: 28 },
];

export const EVENT_TABLE: TableColumn<EventRow>[] = [
  { title: 'DATE', value: (r) => r.date, max: 10 },
  { title: 'SOURCE', value: (r) => withCode(r.source, r.source_code), max: 28 },
  { title: 'EVENT', value: (r) => (r.cameo_code ? `${r.cameo_code} ${r.cameo_name ?? ''}` : (r.trigger ?? '')), flex: true },
  { title: 'TARGET', value: (r) => withCode(r.target, r.target_code), max: 28 },
  { title: 'PLOVER', value: (r) => r.plover_type, max: 14 },
  { title: 'GOLDSTEIN', value: (r) => r.goldstein, align: 'right' },
  { title: 'LOCATION', value: (r) => r.location, max: 20 },
];

export const ENTITY_TABLE: TableColumn<EntityRow>[] = [
  { title: 'NAME', value: (r) => r.name, flex: true },
  { title: 'TYPE', value: (r) => r.type, max: 6 },
  { title: 'ACTOR', value: (r) => r.actor_code, max: 12 },
  { title: 'DOCUMENTS', value: (r) => r.documents, align: 'right' },
  { title: 'MENTIONS', value: (r) => r.mentions, align: 'right' },
];

// ---------------------------------------------------------------- GDELT

/** Columns of the GDELT-style event TSV, named as in GDELT's event table. */
export const GDELT_COLUMNS = [
  'GLOBALEVENTID', 'SQLDATE', 'Actor1Code', 'Actor1Name', 'Actor1CountryCode', 'Actor1Type1Code',
  'Actor2Code', 'Actor2Name', 'Actor2CountryCode', 'Actor2Type1Code', 'EventCode', 'EventBaseCode',
  'EventRootCode', 'QuadClass', 'GoldsteinScale', 'ActionGeo_FullName', 'ActionGeo_CountryCode',
  'ActionGeo_Lat', 'ActionGeo_Long', 'DATEADDED', 'SOURCEURL',
] as const;

const tsv = (v: Cell): string => (v === null || v === undefined ? '' : String(v).replace(/[\t\r\n]+/g, ' '));

export function gdeltLine(r: EventRow): string {
  const code = r.cameo_code ?? '';
  const values: Cell[] = [
    r.event_id,
    r.date ? r.date.replace(/-/g, '') : '',
    r.source_code, r.source, r.source_country, r.source_sector,
    r.target_code, r.target, r.target_country, r.target_sector,
    code, code.slice(0, 3), r.cameo_root ?? code.slice(0, 2),
    r.quad_class, r.goldstein,
    r.location, r.country, r.lat, r.lon,
    r.added_at.replace(/\D/g, '').slice(0, 14),
    r.url,
  ];
  return values.map(tsv).join('\t') + '\n';
}

export const gdeltHeader = (): string => GDELT_COLUMNS.join('\t') + '\n';

// ---------------------------------------------------------------- PLOVER

export interface PloverEntity {
  code: string | null;
  sector?: string;
  entity_text?: string;
  actor_code?: string;
}

/** A PLOVER JSON record (field names from the PLOVER manual's JSON table) for one event. */
export interface PloverRecord {
  id: string;
  date: string | null;
  actor: PloverEntity[];
  recipient: PloverEntity[];
  event: string[];
  event_text?: string[];
  event_loc?: { extracted_place?: string; country_code?: string; lat?: number; lon?: number };
  quad_code?: number;
  event_scale?: number;
  mode: string[];
  context: string[];
  text?: string;
  cite_info: { url?: string; title?: string; publication?: string; language: string };
  coder: string;
  coded_date: string;
  cameo?: { code: string; root: string | null; name?: string };
  confidence?: number;
}

function ploverEntity(name: string | null, code: string | null, country: string | null, sector: string | null): PloverEntity[] {
  if (!name && !code) return [];
  const e: PloverEntity = { code: country ?? (code ? code.slice(0, 3) : null) };
  if (sector) e.sector = sector;
  if (name) e.entity_text = name;
  if (code) e.actor_code = code;
  return [e];
}

const list = (v: string | null): string[] => (v ? v.split(',').filter(Boolean) : []);

/** The PLOVER record for an event, or null when the event has no PLOVER type. */
export function ploverRecord(r: EventRow, coder: string): PloverRecord | null {
  if (!r.plover_type) return null;
  const rec: PloverRecord = {
    id: `${r.document.slice(0, 16)}-${r.event}`,
    date: r.date,
    actor: ploverEntity(r.source, r.source_code, r.source_country, r.source_sector),
    recipient: ploverEntity(r.target, r.target_code, r.target_country, r.target_sector),
    event: [r.plover_type],
    mode: list(r.plover_mode),
    context: list(r.plover_context),
    cite_info: { language: 'en' },
    coder,
    coded_date: r.added_at.slice(0, 10),
  };
  if (r.trigger) rec.event_text = [r.trigger];
  if (r.location || r.country || r.lat !== null) {
    const loc: NonNullable<PloverRecord['event_loc']> = {};
    if (r.location) loc.extracted_place = r.location;
    if (r.country) loc.country_code = r.country;
    if (r.lat !== null && r.lon !== null) {
      loc.lat = r.lat;
      loc.lon = r.lon;
    }
    rec.event_loc = loc;
  }
  if (r.quad_class !== null) rec.quad_code = r.quad_class;
  if (r.goldstein !== null) rec.event_scale = r.goldstein;
  if (r.sentence_text) rec.text = r.sentence_text;
  if (r.url) rec.cite_info.url = r.url;
  if (r.title) rec.cite_info.title = r.title;
  if (r.source_name) rec.cite_info.publication = r.source_name;
  if (r.cameo_code) {
    rec.cameo = { code: r.cameo_code, root: r.cameo_root };
    if (r.cameo_name) rec.cameo.name = r.cameo_name;
  }
  if (r.confidence !== null) rec.confidence = r.confidence;
  return rec;
}
