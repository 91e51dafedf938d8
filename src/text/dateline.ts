/**
 * The wire-story dateline: the place (and often the date) a story was filed from, at the top of the text —
 * "BONN 1996-08-30" on a line of its own (Reuters archives), "TEHRAN, Feb 21 (Reuters) -", "BRUSSELS, March 3,
 * 2024 —", "WASHINGTON (AP) —". It tells the story's home country (an unqualified "the president" or "police" in a
 * Minsk story are Belarusian), and it is never an actor of the sentence it prefixes. Pure text: the country of the
 * place is resolved later, by the entities stage's knowledge base.
 */
import type { Dateline } from '../doc/doc.js';
import type { Stage } from '../doc/stage.js';
import { datePublication } from '../time/publication.js';

export type { Dateline };

/** How far into the text a dateline may be: the first few lines. */
const HEAD_LINES = 6;
const HEAD_CHARS = 600;

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
/** A date after the place: ISO, or "Feb 21", "March 3, 2024", "21 February". */
const DATE = `(?:\\d{4}-\\d\\d-\\d\\d|${MONTH}\\s+\\d{1,2}(?:,?\\s+\\d{4})?|\\d{1,2}\\s+${MONTH}(?:\\s+\\d{4})?)`;
/** An agency in brackets: "(Reuters)", "(AP)", "(AFP)". */
const AGENCY = '\\([\\p{L}&. -]{2,30}\\)';
/** Upper-case place words ("TEL AVIV", "N'DJAMENA"), optionally ", STATE" or ", Country". */
const UPPER_PLACE = "\\p{Lu}[\\p{Lu}\\p{M}'’.-]+(?:\\s+\\p{Lu}[\\p{Lu}\\p{M}'’.-]+){0,3}";
const TITLE_PLACE = "\\p{Lu}[\\p{L}\\p{M}'’.-]+(?:\\s+\\p{Lu}[\\p{L}\\p{M}'’.-]+){0,2}";

/** "BONN 1996-08-30" (a line of its own), or "PLACE, date (Agency) -" / "PLACE (Agency) -" / "PLACE, date -" before the lead. */
const LINE_ONLY = new RegExp(`^(${UPPER_PLACE})(?:,\\s*[\\p{L} .]{2,25})?,?\\s+${DATE}\\s*$`, 'u');
const UPPER_LEAD = new RegExp(`^(${UPPER_PLACE})(?:,\\s*[\\p{L} .]{2,25}(?=,))?(?:,?\\s+${DATE})?\\s*(?:${AGENCY})?\\s*[-–—:]+\\s*`, 'u');
const TITLE_LEAD = new RegExp(`^(${TITLE_PLACE})(?:,\\s*${DATE})?\\s*${AGENCY}\\s*[-–—:]+\\s*`, 'u');

const DATE_RE = new RegExp(DATE, 'u');
const AGENCY_RE = new RegExp(AGENCY, 'u');

/** The dateline among the first lines of `text`, or null. */
export function findDateline(text: string): Dateline | null {
  const head = text.slice(0, HEAD_CHARS);
  let offset = 0;
  let lines = 0;
  for (const line of head.split('\n')) {
    const at = offset;
    offset += line.length + 1;
    const body = line.trimEnd();
    if (!body.trim()) continue;
    if (++lines > HEAD_LINES) break;
    const lead = body.length - body.trimStart().length;
    const s = body.trimStart();
    let m = LINE_ONLY.exec(s) ?? TITLE_LEAD.exec(s);
    if (!m) {
      // an upper-case lead with neither a date nor an agency ("BREAKING -") is no dateline
      const u = UPPER_LEAD.exec(s);
      if (u && (DATE_RE.test(u[0]) || AGENCY_RE.test(u[0]))) m = u;
    }
    if (!m) continue;
    const place = m[1];
    const start = at + lead;
    return { start, end: start + m[0].trimEnd().length, place, placeStart: start, placeEnd: start + place.length };
  }
  return null;
}

/**
 * The publication stage: `meta.published` from the metadata, else a dateline or date line at the top of the
 * text (`meta.dateSource` says which, 'none' when neither: actor roles and relative dates then have no reference
 * date), and `Doc.dateline` ("TEHRAN, Feb 21 (Reuters) -"), which dates the story and names its place but is
 * never an actor or an event's date.
 */
export const publicationStage: Stage = {
  name: 'publication',
  requires: ['text', 'meta'],
  assigns: ['publication', 'dateline'],
  run(doc) {
    doc.meta = datePublication(doc.meta, doc.text);
    doc.dateline = findDateline(doc.text);
  },
};
