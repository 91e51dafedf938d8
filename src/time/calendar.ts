/**
 * Calendar arithmetic on plain {year, month, day} triples in UTC, so results never depend on the machine's
 * time zone (chrono-node's own arithmetic uses local time), and ISO 8601 formatting of partial dates.
 */

export interface Ymd {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

const MS_DAY = 86_400_000;

export function toUtc(d: Ymd): number {
  return Date.UTC(d.year, d.month - 1, d.day);
}

export function fromUtc(ms: number): Ymd {
  const x = new Date(ms);
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

export function addDays(d: Ymd, n: number): Ymd {
  return fromUtc(toUtc(d) + n * MS_DAY);
}

export function addMonths(d: Ymd, n: number): { year: number; month: number } {
  const m = d.year * 12 + (d.month - 1) + n;
  return { year: Math.floor(m / 12), month: (m % 12) + 1 };
}

/** 0 = Sunday … 6 = Saturday (JavaScript / chrono convention). */
export function weekday(d: Ymd): number {
  return new Date(toUtc(d)).getUTCDay();
}

export function compare(a: Ymd, b: Ymd): number {
  return toUtc(a) - toUtc(b);
}

export function isValid(d: Ymd): boolean {
  const back = fromUtc(toUtc(d));
  return back.year === d.year && back.month === d.month && back.day === d.day;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export const isoDay = (d: Ymd): string => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
export const isoMonth = (year: number, month: number): string => `${pad(year, 4)}-${pad(month)}`;
export const isoYear = (year: number): string => pad(year, 4);

/** ISO 8601 week of a day: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(d: Ymd): { year: number; week: number } {
  const wd = (weekday(d) + 6) % 7; // Monday = 0
  const thursday = addDays(d, 3 - wd);
  const jan1 = toUtc({ year: thursday.year, month: 1, day: 1 });
  const week = Math.floor((toUtc(thursday) - jan1) / MS_DAY / 7) + 1;
  return { year: thursday.year, week };
}

export function isoWeekString(d: Ymd): string {
  const w = isoWeek(d);
  return `${pad(w.year, 4)}-W${pad(w.week)}`;
}

/** Parses `YYYY-MM-DD` (anything after the day, such as a time, is ignored); null when not a valid date. */
export function parseIsoDay(s: string | undefined): Ymd | null {
  if (!s) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s.trim());
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValid(d) ? d : null;
}
