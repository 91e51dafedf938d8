/**
 * The publication date of an article: `meta.published` when it holds a date (the CLI's `--date` lands there
 * too), else a dateline or date line at the top of the text:
 *   "TEHRAN, Feb 21 (Reuters) -", "WASHINGTON (AP) — Feb. 21, 2017 —", "February 21, 2017",
 *   "Tue 21 Feb 2017", "Published: 2017-02-21 10:31", "21/02/2017".
 * A dateline without a year (wire style: "TEHRAN, Feb 21 (Reuters) -") takes the latest such day on or before
 * `now` (the date the text is processed, passed in for reproducibility).
 */
import * as chrono from 'chrono-node';
import { compare, isoDay, isValid, parseIsoDay, type Ymd } from './calendar.js';
import type { DocMeta, PublicationDate } from '../doc/doc.js';

export type { PublicationDate };

/** How far into the text a dateline may be: the first few short lines. */
const HEAD_LINES = 6;
const HEAD_CHARS = 600;
/** "CITY, date (Agency) -" or "CITY (Agency) - date -": upper-case place, date, optional agency, then a dash. */
const DATELINE =
  /^\s*\p{Lu}[\p{Lu}\p{M} .'’-]{1,40}(?:,\s*[\p{L} .]{2,30}(?=,))?,?\s+(?:\([^)]{1,30}\)\s*[-–—]?\s*)?(.{3,40}?)\s*(?:\([^)]{1,30}\))?\s*[-–—:]/u;
/** A line that is only a date, maybe with a label and a time: "Published: Tue 21 Feb 2017 10:31 GMT". */
const DATE_LABEL = /^\s*(?:(?:published|updated|posted|last\s+updated|date|first\s+published)\b\s*(?:on|at)?\s*:?\s*)?/i;

function resolveYear(c: chrono.ParsedComponents, now: Ymd): Ymd | null {
  const month = c.get('month');
  const day = c.get('day');
  if (!c.isCertain('month') || !c.isCertain('day') || month == null || day == null) return null;
  if (c.isCertain('year')) {
    const d = { year: c.get('year')!, month, day };
    return isValid(d) ? d : null;
  }
  let d = { year: now.year, month, day };
  if (compare(d, now) > 0) d = { year: now.year - 1, month, day };
  return isValid(d) ? d : null;
}

function nowYmd(now: Date): Ymd {
  return { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() };
}

/** The date a line states, when the line is essentially a date (≥ 60% of its letters and digits). */
function dateLine(line: string, now: Ymd): Ymd | null {
  const body = line.replace(DATE_LABEL, '');
  if (body.length > 80) return null;
  const iso = /^\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+Z?)?\s*$/.exec(body);
  if (iso) return parseIsoDay(iso[1]);
  const results = chrono.strict.parse(body, { instant: new Date(Date.UTC(now.year, now.month - 1, now.day, 12)), timezone: 0 });
  if (results.length !== 1) return null;
  const r = results[0];
  const dense = (s: string): number => s.replace(/[^\p{L}\p{N}]/gu, '').length;
  if (dense(r.text) < 0.6 * dense(body)) return null;
  return r.start.isCertain('year') ? resolveYear(r.start, now) : null;
}

function datelineDate(line: string, now: Ymd): Ymd | null {
  const m = DATELINE.exec(line);
  if (!m) return null;
  const results = chrono.strict.parse(m[1], { instant: new Date(Date.UTC(now.year, now.month - 1, now.day, 12)), timezone: 0 });
  const r = results[0];
  return r ? resolveYear(r.start, now) : null;
}

/**
 * The publication date: from `meta.published` (an ISO date, any time part ignored), else from a dateline or
 * date line among the first lines of `text`; `now` only resolves a dateline that states no year.
 */
export function publicationDate(meta: DocMeta | undefined, text: string, now: Date = new Date()): PublicationDate {
  const fromMeta = parseIsoDay(meta?.published);
  if (fromMeta) return { date: isoDay(fromMeta), source: 'meta' };
  const today = nowYmd(now);
  const lines = text.slice(0, HEAD_CHARS).split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, HEAD_LINES);
  for (const line of lines) {
    const d = dateLine(line, today) ?? datelineDate(line, today);
    if (d) return { date: isoDay(d), source: 'dateline' };
  }
  return { date: null, source: 'none' };
}

// Where the date came from (`DateSource`) is part of the output's `meta`, declared with it: DocMeta.dateSource.

/**
 * A date in a file name: `YYYY-MM-DD`, `YYYY_MM_DD`, `YYYY.MM.DD` or `YYYYMMDD`, not inside a longer number,
 * and a real day (2016-02-30 is not). Only the name counts, not the folders.
 */
export function dateFromFileName(path: string): string | null {
  const name = path.split(/[\\/]/).pop() ?? '';
  const re = /(?<!\d)(\d{4})([-_.]?)(\d{2})\2(\d{2})(?!\d)/g;
  for (let m = re.exec(name); m; m = re.exec(name)) {
    const d = { year: Number(m[1]), month: Number(m[3]), day: Number(m[4]) };
    if (d.year >= 1900 && d.year <= 2100 && isValid(d)) return isoDay(d);
  }
  return null;
}

/**
 * The publication date by precedence: `meta.published` (metadata), `option` (the CLI's --date), a dateline or
 * date line in the text, the HTML `<meta>` date, the file name. Returns the metadata with `published` set when
 * one was found and `dateSource` saying where from ('none' when nowhere).
 */
export function datePublication(
  meta: DocMeta,
  text: string,
  fallbacks: { option?: string; html?: string; fileName?: string } = {},
  now: Date = new Date(),
): DocMeta {
  const known = meta.dateSource;
  const fromMeta = parseIsoDay(meta.published);
  if (fromMeta) return { ...meta, dateSource: known && known !== 'none' ? known : 'meta' };
  const option = parseIsoDay(fallbacks.option);
  if (option) return { ...meta, published: isoDay(option), dateSource: 'option' };
  const inText = publicationDate(undefined, text, now);
  if (inText.date) return { ...meta, published: inText.date, dateSource: 'dateline' };
  const html = parseIsoDay(fallbacks.html?.slice(0, 10));
  if (html) return { ...meta, published: isoDay(html), dateSource: 'html' };
  const named = fallbacks.fileName ? dateFromFileName(fallbacks.fileName) : null;
  if (named) return { ...meta, published: named, dateSource: 'filename' };
  return { ...meta, dateSource: 'none' };
}

/** The one-line warning for an article without a publication date (stderr; not an error). */
export function undatedWarning(label: string): string {
  const sidecar = label !== '-' && !/[:[]\d+\]?$/.test(label) ? ` or a sidecar ${label.replace(/\.[^./\\]+$/, '')}.meta.json` : '';
  return `${label}: no publication date (none in its metadata, a dateline, an HTML <meta> tag or the file name); actor roles were resolved without one — give --date YYYY-MM-DD${sidecar}`;
}

/**
 * Why `v` is not a real calendar day written YYYY-MM-DD ("month 13 does not exist", "2017-02 has no day 30"),
 * or null when it is one. For the CLI's and the API's date filters (issue 14: `--since 2017-13-45` was compared
 * as a string).
 */
export function isoDateProblem(v: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return 'not a date like 2017-02-21';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `month ${m[2]} does not exist`;
  if (!isValid({ year, month, day })) return `${m[1]}-${m[2]} has no day ${m[3]}`;
  return null;
}
