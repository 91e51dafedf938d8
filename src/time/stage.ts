/**
 * The time stage (`Doc.time`: the reference date and each sentence's time expressions); `dateForEvent` dates an
 * event from them, for the events stage. (The publication date itself is found once, by the publication stage:
 * src/text/dateline.ts.)
 */
import type { Doc, PublicationDate, TimeExpression, TimeLayer, TimePrecision } from '../doc/doc.js';
import type { Stage } from '../doc/stage.js';
import { findTimeExpressions } from './expressions.js';
import { publicationDate } from './publication.js';
import { isParsed } from '../doc/tree.js';
import { attachment, clauseTop, dominates } from './deps.js';

export interface TimeStageOptions {
  /** "Today", for a dateline without a year (default: the current date). */
  now?: Date;
}

/** Adds `doc.time`: the reference date, and each sentence's time expressions when first asked for. */
export function timeStage(doc: Doc, opts: TimeStageOptions = {}): void {
  // When the publication stage has run (meta.dateSource is set), the text has been searched for a date already
  // and what it found is meta.published: it is not searched again.
  const searched = doc.meta.dateSource !== undefined;
  doc.time = new SentenceTimes(doc, publicationDate(doc.meta, searched ? '' : doc.text, opts.now));
}

export function createTimeStage(opts: TimeStageOptions = {}): Stage {
  return { name: 'time', requires: ['sentences', 'publication'], assigns: ['time'], run: (doc) => timeStage(doc, opts) };
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
 * precision 'none'. Runs `timeStage` first when the doc has no `time` layer.
 */
/**
 * A sentence without a year, a date or clock-like number (12/5, 5:30, 5pm, 5th), a unit of time, a month, a
 * weekday or a casual day word has no time expression chrono (or our year/anchor parsers) keeps: it is not
 * parsed at all (a bare number, "20 people", is no cue).
 */
const TIME_CUE = /\b(?:1[5-9]\d\d|20\d\d)\b|\d\s*[/:.-]\s*\d|\d\s*(?:am|pm|a\.m|p\.m|h|hrs?|gmt|utc|st|nd|rd|th)\b|\d(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(?:now|today|tonight|tomorrow|tmr|yesterday|ago|noon|midnight|midday|morning|afternoon|evening|nights?|lastnight|overnight|weekends?|weeks?|months?|years?|days?|hours?|minutes?|seconds?|decades?|century|centuries|fortnights?|quarters?|seasons?|spring|summer|autumn|fall|winter|jan(?:uary)?|feb(?:ruary)?|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?)\b/i;
/** "March" and "May" are months only capitalised (the verb and the modal are common). */
const MONTH_CUE = /\b(?:Mar(?:ch)?|MARCH|May|MAY)\b/;

/**
 * The time layer: each sentence's expressions (document offsets) parsed from the sentence alone the first time
 * it is asked for — the events stage needs only the sentences that have events, and parsing the whole text
 * costs more than coding it.
 */
class SentenceTimes implements TimeLayer {
  private readonly bySentence = new Map<number, TimeExpression[]>();
  constructor(
    private readonly doc: Doc,
    readonly publication: PublicationDate,
  ) {}

  expressions(si: number): TimeExpression[] {
    let times = this.bySentence.get(si);
    if (!times) {
      const s = this.doc.sentences[si];
      const shift = (e: TimeExpression): TimeExpression => ({ ...e, start: e.start + s.start, end: e.end + s.start });
      const text = s ? this.doc.text.slice(s.start, s.end) : '';
      times = TIME_CUE.test(text) || MONTH_CUE.test(text) ? findTimeExpressions(text, this.publication.date ?? undefined, { undated: true }).map(shift) : [];
      this.bySentence.set(si, times);
    }
    return times;
  }
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
  if (!doc.time) timeStage(doc);
  const publication = doc.time!.publication;
  const s = doc.sentences[sentenceIndex];
  const fallback: EventDate = publication.date
    ? { date: publication.date, precision: 'publication', expression: null, via: 'publication' }
    : { date: null, precision: 'none', expression: null, via: 'none' };
  if (!s) return fallback;
  const parsed = isParsed(doc, s.tokenStart, s.tokenEnd);
  // Rank: attached to the trigger (fewest steps, then nearest); else in a clause that contains the trigger
  // ("said on Tuesday that … attacked"); else, without a parse only, the nearest in the sentence.
  let best: { e: TimeExpression; rank: number; dist: number; gap: number } | null = null;
  const dl = doc.dateline;
  for (const e of doc.time!.expressions(sentenceIndex)) {
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
