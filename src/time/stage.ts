/**
 * The time stage: the publication date and every time expression of a Doc (`timeStage`), and the date of an
 * event given its trigger (`dateForEvent`), for the event coder.
 */
import type { Doc } from '../doc/doc.js';
import { findTimeExpressions, type TimeExpression, type TimePrecision } from './expressions.js';
import { publicationDate, type PublicationDate } from './publication.js';
import { attachment, clauseTop, dominates, isParsed } from './deps.js';

/** A Doc after `timeStage`. */
export interface DocWithTime extends Doc {
  /** Time expressions in text order, undated relative ones ("days after X", precision 'none') included. */
  times: TimeExpression[];
  /** The reference date the expressions were resolved against. */
  publication: PublicationDate;
}

export interface TimeStageOptions {
  /** "Today", for a dateline without a year (default: the current date). */
  now?: Date;
}

/** Adds `times` and `publication` to the doc. */
export function timeStage(doc: Doc, opts: TimeStageOptions = {}): asserts doc is DocWithTime {
  const d = doc as DocWithTime;
  d.publication = publicationDate(doc.meta, doc.text, opts.now);
  d.times = findTimeExpressions(doc.text, d.publication.date ?? undefined, { undated: true });
}

export interface EventDate {
  /** ISO date as precise as stated, the publication date (precision 'publication'), or null. */
  date: string | null;
  /** 'none': the governing expression is relative to something undated ("days after coming into office"), or no date at all. */
  precision: TimePrecision | 'none';
  /** The expression used; null for the publication fallback. */
  expression: TimeExpression | null;
  /** How it was chosen: attached to the trigger in the parse, nearest in the sentence, or the publication date. */
  via: 'dependency' | 'sentence' | 'publication' | 'none';
}

/** Tokens of sentence `s` overlapping [start, end). */
function tokensIn(doc: Doc, from: number, to: number, start: number, end: number): number[] {
  const out: number[] = [];
  const t = doc.tokens;
  for (let i = from; i < to; i++) if (t.start[i] < end && t.end[i] > start) out.push(i);
  return out;
}

/**
 * The date of the event whose trigger is token `trigger` of sentence `sentenceIndex`: the time expression
 * of the sentence attached to the trigger in the dependency parse (directly, or through its arguments and
 * adjuncts, not through another clause); else one attached to a clause that contains the trigger ("said on
 * Tuesday that Iran attacked"); else, when the sentence has no parse, the expression nearest the trigger;
 * else the publication date (precision 'publication'). An expression that belongs to another clause only
 * ("… which began last year, … the ayatollah declared") does not date the trigger. When the chosen
 * expression is relative to something undated ("mere days after coming into office") the date is null with
 * precision 'none'. Runs `timeStage` first when the doc has no `times`.
 */
/**
 * A sentence without a year, a date or clock-like number (12/5, 5:30, 5pm, 5th), a unit of time, a month, a
 * weekday or a casual day word has no time expression chrono (or our year/anchor parsers) keeps: it is not
 * parsed at all (a bare number, "20 people", is no cue).
 */
const TIME_CUE = /\b(?:1[5-9]\d\d|20\d\d)\b|\d\s*[/:.-]\s*\d|\d\s*(?:am|pm|a\.m|p\.m|h|hrs?|gmt|utc|st|nd|rd|th)\b|\d(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(?:now|today|tonight|tomorrow|tmr|yesterday|ago|noon|midnight|midday|morning|afternoon|evening|nights?|lastnight|overnight|weekends?|weeks?|months?|years?|days?|hours?|minutes?|seconds?|decades?|century|centuries|fortnights?|quarters?|seasons?|spring|summer|autumn|fall|winter|jan(?:uary)?|feb(?:ruary)?|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?)\b/i;
/** "March" and "May" are months only capitalised (the verb and the modal are common). */
const MONTH_CUE = /\b(?:Mar(?:ch)?|MARCH|May|MAY)\b/;

/** Per document: the publication date and, per sentence, its expressions (parsed on demand). */
const sentenceTimes = new WeakMap<Doc, { publication: PublicationDate; bySentence: Map<number, TimeExpression[]> }>();

/**
 * The time expressions of one sentence (document offsets): from `doc.times` when the time stage ran, else parsed
 * from the sentence alone and cached — the events stage needs only the sentences that have events, and parsing
 * the whole text costs more than coding it.
 */
function timesOf(doc: Doc, si: number): { publication: PublicationDate; times: TimeExpression[] } {
  if ('times' in doc) {
    const d = doc as DocWithTime;
    return { publication: d.publication, times: d.times };
  }
  let c = sentenceTimes.get(doc);
  if (!c) sentenceTimes.set(doc, (c = { publication: publicationDate(doc.meta, doc.text), bySentence: new Map() }));
  let times = c.bySentence.get(si);
  if (!times) {
    const s = doc.sentences[si];
    const shift = (e: TimeExpression): TimeExpression => ({ ...e, start: e.start + s.start, end: e.end + s.start });
    const text = s ? doc.text.slice(s.start, s.end) : '';
    times = TIME_CUE.test(text) || MONTH_CUE.test(text) ? findTimeExpressions(text, c.publication.date ?? undefined, { undated: true }).map(shift) : [];
    c.bySentence.set(si, times);
  }
  return { publication: c.publication, times };
}

/** Adjectives that place a noun's act before the time of the clause around it. */
const EARLIER_MODIFIERS = new Set(['recent', 'previous', 'earlier', 'past', 'prior', 'former', 'last']);

/** Does token `trigger` (a noun) carry an adjective like "recent" or "previous"? */
function hasEarlierModifier(doc: Doc, trigger: number, from: number, to: number): boolean {
  const t = doc.tokens;
  for (let k = from; k < to; k++) {
    if (t.head[k] === trigger && t.deprel[k] === 'amod' && EARLIER_MODIFIERS.has(t.form[k].toLowerCase())) return true;
  }
  return false;
}

export function dateForEvent(doc: Doc, sentenceIndex: number, trigger: number): EventDate {
  const d = timesOf(doc, sentenceIndex);
  const s = doc.sentences[sentenceIndex];
  const fallback: EventDate = d.publication.date
    ? { date: d.publication.date, precision: 'publication', expression: null, via: 'publication' }
    : { date: null, precision: 'none', expression: null, via: 'none' };
  if (!s) return fallback;
  const parsed = isParsed(doc, s.tokenStart, s.tokenEnd);
  // Rank: attached to the trigger (fewest steps, then nearest); else in a clause that contains the trigger
  // ("said on Tuesday that … attacked"); else, without a parse only, the nearest in the sentence.
  let best: { e: TimeExpression; rank: number; dist: number; gap: number } | null = null;
  const dl = doc.dateline;
  for (const e of d.times) {
    if (e.end <= s.start || e.start >= s.end) continue;
    // the dateline's date is when the story was filed (the publication date), not when its events happened
    if (dl && e.start < dl.end && e.end > dl.start) continue;
    const toks = tokensIn(doc, s.tokenStart, s.tokenEnd, e.start, e.end);
    if (!toks.length || toks.includes(trigger)) continue;
    const gap = Math.min(...toks.map((k) => Math.abs(k - trigger)));
    let rank = 2;
    let dist = 0;
    if (parsed) {
      rank = 9;
      for (const k of toks) {
        const h = doc.tokens.head[k];
        if (h >= 0 && toks.includes(h)) continue; // inside the expression
        const c = attachment(doc, k, trigger);
        if (c >= 0 && (rank > 0 || c < dist)) {
          rank = 0;
          dist = c;
        } else if (rank > 1 && dominates(doc, clauseTop(doc, k), trigger)) {
          rank = 1;
        }
      }
      if (rank === 9) continue; // belongs to another clause ("which began last year" for "declared")
    }
    if (!best || rank < best.rank || (rank === best.rank && (dist < best.dist || (dist === best.dist && gap < best.gap)))) {
      best = { e, rank, dist, gap };
    }
  }
  if (!best) return fallback;
  // "highlighted on Monday his recent trips to …": an act the noun itself places before the clause's time
  if (best.rank === 1 && hasEarlierModifier(doc, trigger, s.tokenStart, s.tokenEnd)) return fallback;
  const via = best.rank === 0 ? 'dependency' : 'sentence';
  if (best.e.precision === 'none') return { date: null, precision: 'none', expression: best.e, via };
  return { date: best.e.date, precision: best.e.precision, expression: best.e, via };
}
