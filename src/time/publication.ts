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
import type { DocMeta } from '../doc/doc.js';

export interface PublicationDate {
  /** ISO `YYYY-MM-DD`, or null when none was found. */
  date: string | null;
  source: 'meta' | 'dateline' | 'none';
}

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
