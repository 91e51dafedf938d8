/**
 * Time expressions in news text, resolved against the publication date.
 *
 * chrono-node finds the candidates (its casual English configuration, plus a year parser and a
 * relative-anchor parser of ours); three refiners of ours, run after chrono's own, make it fit news:
 *  1. `newsFilter` drops the false positives news is full of: "may" the verb and lower-case month or weekday
 *     words ("march", "wed", "sun"), month names with no temporal preposition ("the March rally",
 *     "Theresa May"), weekday names inside names ("Good Friday", "The Sunday Times"), "9/11" and other
 *     slash forms without a year, bare clock times, "now", "for a second" and other durations
 *     ("for/within …", "the past two years", "over the past week"), ordinal-only days.
 *  2. `pastBias` resolves what chrono leaves relative or incomplete, with a past bias: a news report's
 *     "on Friday" (published Tuesday 2017-02-21) is 2017-02-17, the Friday before; "on Tuesday" is the
 *     publication day itself; "Feb. 3" is the last Feb. 3 on or before publication; "in March" the last March.
 *     A future cue in the clause ("will", "is to", "plans to", "next", …) flips the bias forward. Units are
 *     kept as stated: "last week" is the previous ISO week (`2017-W07`, precision `week`), "earlier this
 *     month" is `2017-02` (`month`), "last year" is `2016` (`year`). Precision comes from the components
 *     chrono marks as certain (stated), never from the ones it implied.
 *  3. `relativeAnchors` handles "N days after X": with X dated ("two days after Feb. 3") the offset is
 *     applied (vague amounts — "mere days after" — coarsen the precision instead); with X undated ("mere days
 *     after coming into office", "the next day", "two days later") the expression has no date: it is kept
 *     (precision `none`, date '') only when `undated: true` is asked, so that the event dating can tell "this
 *     event is dated relative to something unknown" from "no date stated".
 *
 * Years: a bare year is a time expression only after a temporal preposition ("in 1967", "since 2011",
 * "by 2020", "in early 2016") or in "the summer/end of 1967"; a year premodifying a noun ("the 1967 lines",
 * "the 2016 election") names a border or a past event, not the time of the reported event, and is dropped.
 * Decades ("the 1990s"), seasons and centuries are not dated.
 */
import * as chrono from 'chrono-node';
import {
  addDays,
  addMonths,
  compare,
  isoDay,
  isoMonth,
  isoWeekString,
  isoYear,
  isValid,
  parseIsoDay,
  weekday as weekdayOf,
  type Ymd,
} from './calendar.js';
import type { TimeExpression, TimePrecision } from '../doc/doc.js';

export type { TimeExpression, TimePrecision } from '../doc/doc.js';

export interface FindOptions {
  /** Also return relative expressions whose anchor is undated ("days after coming into office"). */
  undated?: boolean;
  /** Resolve weekdays, yearless dates and months towards the past unless a future cue says otherwise (default true). */
  pastBias?: boolean;
}

interface Resolution {
  date: string;
  precision: TimePrecision | 'none';
  confidence: number;
  tense: 'past' | 'future';
  /** Resolved day, when the precision is day (for relative anchors). */
  ymd?: Ymd;
  /** A relative anchor waiting for its dated complement: signed offset, unit, and whether the amount is exact. */
  anchor?: { sign: 1 | -1; amount: number | null; unit: Unit };
}

type Unit = 'day' | 'week' | 'month' | 'year';

interface NewsOptions {
  ref: Ymd | null;
  pastBias: boolean;
  /** Imposed tense (when resolving a fragment out of its clause). */
  tense?: 'past' | 'future';
}

/** Resolution of each chrono result, set by the refiners (chrono results are plain objects we do not own). */
const resolved = new WeakMap<object, Resolution>();

// ---- word lists ------------------------------------------------------------------------------------------

const MONTH_WORD =
  /\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i;
const WEEKDAY_WORD =
  /\b(sun(?:day)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?)\b/i;
const WEEKDAY_INDEX: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
/** Words before a month name that make it temporal ("in March", "mid-February", "since May"). */
const MONTH_PREFIX =
  /(?:^|[^\p{L}])(?:in|on|since|until|till|by|during|from|through|throughout|before|after|between|of|early|late|mid|last|next|this|end|beginning|start|around|and|to)\s*-?\s*(?:the\s+)?(?:(?:early|late|mid|middle|end|beginning|start)\s*-?\s*(?:of\s+)?)?$/iu;
/** Capitalised words that turn a weekday into a name: "Good Friday", "Super Tuesday". */
const WEEKDAY_NAME_PREFIX = /\b(?:Good|Black|Bloody|Super|Holy|Easter|Palm|Ash|Cyber|Maundy|Shrove|Giving|Fat)\s+$/;
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30,
};
const FUTURE_CUE =
  /\b(?:will|won['’]t|shall|would|going to|plans? to|planned to|planning to|scheduled|is to|are to|was to|set to|due to|expected to|intends? to|hopes? to|next|upcoming|(?:the|this)\s+coming|later this)\b|['’]ll\b/i;
const CLAUSE_CUT = /[.;:!?“”"—]|\b(?:said|says|told|announced|added|that)\b/gi;

function unitOf(word: string): Unit | null {
  const w = word.toLowerCase().replace(/s$/, '');
  return w === 'day' || w === 'week' || w === 'month' || w === 'year' ? w : null;
}

function amountOf(words: string): number | null {
  const w = words.trim().toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  return NUMBER_WORDS[w] ?? null;
}

// ---- tense -----------------------------------------------------------------------------------------------

/** 'future' when the clause around [start, end) has a future cue; else 'past' (news reports the past). */
export function clauseTense(text: string, start: number, end: number): 'past' | 'future' {
  const from = Math.max(0, start - 100);
  let back = text.slice(from, start);
  let cut = -1;
  for (const m of back.matchAll(CLAUSE_CUT)) cut = m.index + m[0].length;
  if (cut >= 0) back = back.slice(cut);
  if (FUTURE_CUE.test(back)) return 'future';
  // A clause-initial expression ("On Friday, he will …") takes its tense from what follows.
  if (back.trim().split(/\s+/).filter(Boolean).length <= 1) {
    let fwd = text.slice(end, end + 60);
    const stop = /[.;!?“”"]|\b(?:said|says|that)\b/i.exec(fwd);
    if (stop) fwd = fwd.slice(0, stop.index);
    if (FUTURE_CUE.test(fwd)) return 'future';
  }
  return 'past';
}

// ---- chrono parsers of ours -------------------------------------------------------------------------------

/** "in 1967", "since 2011", "by 2020", "in early 2016", "the summer of 1967", "between 2010 and 2012". */
const yearParser: chrono.Parser = {
  pattern: () =>
    /\b(?:(?:in|since|until|till|by|before|after|during|from|through|throughout|between|around|circa)\s+(?:the\s+year\s+|(?:early|late|mid|the\s+(?:early|late|middle)\s+(?:part\s+)?of)\s*-?\s*)?|(?:spring|summer|autumn|fall|winter|end|start|beginning|middle|half)\s+of\s+)((?:1[5-9]|20)\d\d)(?![\d,.]\d|\s*(?:%|percent|per\s+cent|s\b|[-–]\d))/i,
  extract: (context, match) => {
    const after = context.text.slice(match.index! + match[0].length, match.index! + match[0].length + 24);
    // "in 2000 homes", "in 2016 elections": a number or a premodifier, not a year.
    const next = /^\s+([a-z][a-z’'-]*)/.exec(after)?.[1];
    if (next && /(?:[^su]s|people|men|women|children|police|troops|staff|personnel)$/.test(next)) return null;
    return { year: Number(match[1]) };
  },
};

/** "mere days after", "a year and a half after", "two weeks before", "days later": offsets from an anchor. */
const ANCHOR =
  /\b((?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+|few|several|some|many|mere|just|only|nearly|almost|about|around|more\s+than|less\s+than|barely|within|a\s+few|a\s+couple\s+of)\s+)*)(days?|weeks?|months?|years?)((?:\s+and\s+(?:a\s+)?half)?)\s+(after|before|later|earlier|prior\s+to)\b/i;
const ANCHOR_WHOLE = new RegExp(`^${ANCHOR.source.slice(2)}$`, 'i');
const ANCHOR_START = new RegExp(`^${ANCHOR.source.slice(2)}`, 'i');

const anchorParser: chrono.Parser = {
  pattern: () => ANCHOR,
  extract: (context, match) => {
    const r = context.createParsingResult(match.index!, match[0], {});
    r.start.addTag('herald/anchor');
    return r;
  },
};

// ---- refiners --------------------------------------------------------------------------------------------

function newsOptions(context: chrono.ParsingContext): NewsOptions {
  return (context.option as { herald?: NewsOptions }).herald ?? { ref: null, pastBias: true };
}

const isCapital = (s: string): boolean => /^\p{Lu}/u.test(s);

/** Refiner 1: drops news false positives (see the module comment). */
const newsFilter: chrono.Refiner = {
  refine: (context, results) =>
    results.filter((r) => {
      const text = r.text;
      const t = text.toLowerCase().trim();
      const c = r.start;
      const tags = r.tags();
      if (ANCHOR_WHOLE.test(text.trim())) return true;
      if (/^(?:right\s+)?now$/.test(t) || /^(?:for|within|over)\b/.test(t)) return false;
      if (/\b(?:past|last|next|previous|coming)\s+(?:\d+|a\s+few|few|several|couple|two|three|four|five|six|seven|eight|nine|ten|twelve)\b/.test(t)) return false;
      if (/\bpast\s+(?:week|month|year|weekend)\b/.test(t)) return false;
      if (/^(?:a\s+)?(?:second|minute|hour)s?$/.test(t)) return false;
      const dateKnown = c.isCertain('day') || c.isCertain('month') || c.isCertain('year') || c.isCertain('weekday');
      const casualDay = /\b(?:yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))\b/.test(t);
      const relative = tags.has('result/relativeDate') || /\b(?:this|last|next)\s+(?:week|month|year|weekend)\b/.test(t);
      if (!dateKnown && !casualDay && !relative) return false; // clock time alone
      if (tags.has('parser/SlashDateFormatParser') && !c.isCertain('year')) return false; // 9/11, 24/7
      const before = context.text.slice(Math.max(0, r.index - 40), r.index);
      const after = context.text.slice(r.index + text.length, r.index + text.length + 40);
      const mw = MONTH_WORD.exec(text);
      if (c.isCertain('month') && mw) {
        if (!isCapital(mw[1])) return false; // "may", "march"
        if (!c.isCertain('day') && !c.isCertain('year')) {
          const pre = before + text.slice(0, mw.index);
          if (!MONTH_PREFIX.test(pre)) return false; // "the March rally", "Theresa May"
        }
      }
      const ww = WEEKDAY_WORD.exec(text);
      if (c.isCertain('weekday') && ww && !c.isCertain('day')) {
        const w = ww[1];
        if (!isCapital(w)) return false; // "wed", "sun"
        if (w.length <= 4 && !/^(?:Tues|Thur|Thurs)$/.test(w)) return false; // "Sun", "Sat", "Mon" alone
        const pre = before + text.slice(0, ww.index);
        if (WEEKDAY_NAME_PREFIX.test(pre)) return false; // "Good Friday"
        if (/\bthe\s+$/i.test(pre) && /^\s+\p{Lu}/u.test(text.slice(ww.index + w.length) + after)) return false; // "The Sunday Times"
      }
      if (c.isCertain('day') && !c.isCertain('month') && !c.isCertain('weekday') && !relative && !casualDay) return false;
      return true;
    }),
};

/** Refiner 2: resolves each result against the publication date with a past bias (see the module comment). */
const pastBias: chrono.Refiner = {
  refine: (context, results) => {
    const { ref, pastBias: bias, tense: imposed } = newsOptions(context);
    const out: chrono.ParsingResult[] = [];
    for (const r of results) {
      const tense = imposed ?? (bias ? clauseTense(context.text, r.index, r.index + r.text.length) : 'future');
      const res = resolve(r, context.text.slice(Math.max(0, r.index - 8), r.index), ref, tense, bias);
      if (!res) continue;
      resolved.set(r, res);
      out.push(r);
    }
    return out;
  },
};

/** Refiner 3: "N days after X" — applies the offset to a dated X that follows, or leaves the anchor undated. */
const relativeAnchors: chrono.Refiner = {
  refine: (context, results) => {
    const out: chrono.ParsingResult[] = [];
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      const res = resolved.get(r);
      if (!res?.anchor) {
        out.push(r);
        continue;
      }
      const next = results[i + 1];
      const nres = next && resolved.get(next);
      const gap = next ? context.text.slice(r.index + r.text.length, next.index) : '';
      if (
        next &&
        nres &&
        !nres.anchor &&
        nres.precision !== 'none' &&
        /^[^.;!?]{0,50}$/.test(gap) &&
        gap.trim().split(/\s+/).filter(Boolean).length <= 4
      ) {
        const merged = context.createParsingResult(r.index, context.text.slice(r.index, next.index + next.text.length));
        merged.start = next.start;
        resolved.set(merged, shiftFrom(res.anchor, nres, res.tense));
        out.push(merged);
        i++;
        continue;
      }
      out.push(r); // undated: kept for the caller to drop or report
    }
    return out;
  },
};

// ---- resolution ------------------------------------------------------------------------------------------

function dayRes(d: Ymd, confidence: number, tense: 'past' | 'future'): Resolution {
  return { date: isoDay(d), precision: 'day', confidence, tense, ymd: d };
}

function unitRes(unit: Unit, d: Ymd, confidence: number, tense: 'past' | 'future'): Resolution {
  if (unit === 'day') return dayRes(d, confidence, tense);
  if (unit === 'week') return { date: isoWeekString(d), precision: 'week', confidence, tense };
  if (unit === 'month') return { date: isoMonth(d.year, d.month), precision: 'month', confidence, tense };
  return { date: isoYear(d.year), precision: 'year', confidence, tense };
}

function shiftUnit(d: Ymd, unit: Unit, n: number): Ymd {
  if (unit === 'day') return addDays(d, n);
  if (unit === 'week') return addDays(d, 7 * n);
  const m = addMonths(d, unit === 'month' ? n : 12 * n);
  return { year: m.year, month: m.month, day: 1 };
}

/** Expressions relative to the publication date ("yesterday", "last week", "two days ago"); undefined when `t` is none. */
function relativeToPublication(t: string, ref: Ymd | null, tense: 'past' | 'future', past: boolean): Resolution | null | undefined {
  let m: RegExpExecArray | null;
  if (/\b(?:yesterday|last\s+night)\b/.test(t)) return ref && dayRes(addDays(ref, -1), 0.9, tense);
  if (/\btomorrow\b/.test(t)) return ref && dayRes(addDays(ref, 1), 0.85, tense);
  if (/\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b/.test(t)) return ref && dayRes(ref, 0.9, tense);
  if ((m = /\b(this|last|next)\s+(week|month|year)\b/.exec(t))) {
    const n = m[1] === 'last' ? -1 : m[1] === 'next' ? 1 : 0;
    const unit = m[2] as Unit;
    return ref && unitRes(unit, shiftUnit(ref, unit, n), 0.9, tense);
  }
  if ((m = /^(?:(this|last|next)\s+|(?:the\s+)?)weekend$/.exec(t.replace(/^(?:over|during|on|at)\s+/, '')))) {
    // The weekend lies inside one ISO week: the Saturday names it.
    if (!ref) return null;
    const wd = weekdayOf(ref);
    const forward = m[1] === 'next' || m[1] === 'this' || (!m[1] && !past);
    let sat = addDays(ref, wd === 0 ? -1 : 6 - wd); // this week's Saturday (yesterday when ref is Sunday)
    if (!forward && compare(sat, ref) > 0) sat = addDays(sat, -7);
    if (m[1] === 'last' && compare(sat, ref) >= 0) sat = addDays(sat, -7);
    if (m[1] === 'next' && compare(sat, ref) <= 0) sat = addDays(sat, 7);
    return ref && unitRes('week', sat, 0.7, tense);
  }
  if ((m = /\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)\s+(days?|weeks?|months?|years?)\s+(ago|from\s+now|hence)\b/.exec(t))) {
    const n = amountOf(m[1]);
    const unit = unitOf(m[2]);
    if (n == null || !unit) return null;
    return ref && unitRes(unit, shiftUnit(ref, unit, m[3] === 'ago' ? -n : n), 0.85, tense);
  }
  if ((m = /^in\s+(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(days?|weeks?|months?|years?)$/.exec(t))) {
    const n = amountOf(m[1]);
    const unit = unitOf(m[2]);
    if (n == null || !unit) return null;
    return ref && unitRes(unit, shiftUnit(ref, unit, n), 0.75, 'future');
  }
  return undefined;
}

function resolve(
  r: chrono.ParsingResult,
  pre: string,
  ref: Ymd | null,
  tense: 'past' | 'future',
  bias: boolean,
): Resolution | null {
  const t = r.text.toLowerCase().trim();
  const c = r.start;
  const certain = (k: chrono.Component): boolean => c.isCertain(k);

  const am = ANCHOR_START.exec(r.text.trim());
  if (am) {
    const unit = unitOf(am[2])!;
    const half = am[3].trim() !== '';
    const amount = half ? null : amountOf(am[1]);
    const sign: 1 | -1 = /^(?:after|later)$/i.test(am[4]) ? 1 : -1;
    const anchored = /^(?:after|before|prior\s+to)$/i.test(am[4]);
    const anchor = anchored ? { sign, amount, unit } : undefined;
    const rest = r.text.trim().slice(am[0].length).trim();
    if (!rest || !anchor) return { date: '', precision: 'none', confidence: 0.5, tense, anchor };
    // chrono merged "two days after Feb. 3" itself (without our past bias): resolve "Feb. 3" our way.
    const x = resolveAlone(rest, ref, tense, bias);
    return x && x.precision !== 'none' ? shiftFrom(anchor, x, tense) : { date: '', precision: 'none', confidence: 0.5, tense };
  }
  // Anaphoric: "the next day", "the day before", "the following week" — relative to the story, not publication.
  if (/\b(?:day|week|month|year)\s+(?:before|after)$/.test(t) || /^(?:the\s+)?(?:following|previous|preceding)\b/.test(t)) {
    return { date: '', precision: 'none', confidence: 0.5, tense };
  }
  if (/^(?:next|last)\s+(?:day|week|month|year|morning|evening|night)$/.test(t) && /\bthe\s+$/i.test(pre)) {
    return { date: '', precision: 'none', confidence: 0.5, tense };
  }

  const relative = relativeToPublication(t, ref, tense, tense === 'past' && bias);
  if (relative !== undefined) return relative;

  // Absolute: the year was stated.
  if (certain('year') && !r.tags().has('result/relativeDate')) {
    const y = c.get('year')!;
    if (ref && y > ref.year + 50) return null;
    if (certain('month') && certain('day')) {
      const d = { year: y, month: c.get('month')!, day: c.get('day')! };
      return isValid(d) ? dayRes(d, 0.95, tense) : null;
    }
    if (certain('month')) return { date: isoMonth(y, c.get('month')!), precision: 'month', confidence: 0.9, tense };
    return { date: isoYear(y), precision: 'year', confidence: 0.85, tense };
  }

  if (!ref) return null; // everything below is relative to the publication date
  const past = tense === 'past' && bias;

  if (r.tags().has('result/relativeDate')) return null; // other relative forms are durations, not dates

  // A weekday alone: the nearest such day on or before publication (or on or after, for the future).
  if (certain('weekday') && !certain('day') && !certain('month')) {
    const wd = c.get('weekday')!;
    const wm = WEEKDAY_WORD.exec(r.text);
    if (wm && WEEKDAY_INDEX[wm[1].slice(0, 3).toLowerCase()] !== wd) return null;
    const refWd = weekdayOf(ref);
    const mod = /\b(last|past|previous|next|this|coming)\s+\p{L}+day\b/u.exec(t)?.[1];
    let delta: number;
    if (mod === 'last' || mod === 'past' || mod === 'previous') delta = -(((refWd - wd + 7) % 7) || 7);
    else if (mod === 'next' || mod === 'coming') delta = ((wd - refWd + 7) % 7) || 7;
    else if (mod === 'this') delta = (wd - refWd + 7) % 7;
    else if (past) delta = -((refWd - wd + 7) % 7);
    else delta = (wd - refWd + 7) % 7;
    return dayRes(addDays(ref, delta), mod ? 0.85 : 0.8, tense);
  }
  // Month and day without a year.
  if (certain('month') && certain('day')) {
    const month = c.get('month')!;
    const day = c.get('day')!;
    let d = { year: ref.year, month, day };
    if (past && compare(d, ref) > 0) d = { year: ref.year - 1, month, day };
    if (!past && compare(d, ref) < 0) d = { year: ref.year + 1, month, day };
    return isValid(d) ? dayRes(d, 0.85, tense) : null;
  }
  // A month alone.
  if (certain('month')) {
    const month = c.get('month')!;
    let year = ref.year;
    if (past && month > ref.month) year--;
    if (!past && month < ref.month) year++;
    return { date: isoMonth(year, month), precision: 'month', confidence: 0.75, tense };
  }
  return null;
}

/** The first resolution of `text` on its own, with the tense imposed. */
function resolveAlone(text: string, ref: Ymd | null, tense: 'past' | 'future', bias: boolean): Resolution | null {
  const results = getChrono().parse(text, referenceOf(ref), { herald: { ref, pastBias: bias, tense } } as chrono.ParsingOption);
  for (const r of results) {
    const res = resolved.get(r);
    if (res) return res;
  }
  return null;
}

/** "N units after X" with X resolved: exact amounts shift X; vague ones coarsen the precision. */
function shiftFrom(anchor: NonNullable<Resolution['anchor']>, x: Resolution, tense: 'past' | 'future'): Resolution {
  const { sign, amount, unit } = anchor;
  if (amount != null && x.ymd) return dayRes(shiftUnit(x.ymd, unit, sign * amount), 0.7, tense);
  if (amount != null) return { ...x, confidence: 0.5, tense };
  // Vague: "days after Feb. 3" → the week a few days on; "weeks after" → the month; "months after" → the year.
  if (!x.ymd) return { ...x, confidence: 0.4, tense };
  if (unit === 'day') return unitRes('week', addDays(x.ymd, sign * 3), 0.55, tense);
  if (unit === 'week') return unitRes('month', addDays(x.ymd, sign * 14), 0.5, tense);
  if (unit === 'month') return unitRes('year', shiftUnit(x.ymd, 'month', sign * 3), 0.45, tense);
  return { date: '', precision: 'none', confidence: 0.4, tense };
}

// ---- the configured chrono -------------------------------------------------------------------------------

let newsChrono: chrono.Chrono | undefined;

/** Noon UTC of the publication day (any fixed day without one: only stated years are used then). */
function referenceOf(ref: Ymd | null): chrono.ParsingReference {
  const instant = ref ? new Date(Date.UTC(ref.year, ref.month - 1, ref.day, 12)) : new Date(Date.UTC(2000, 0, 1, 12));
  return { instant, timezone: 0 };
}

/**
 * Gates on chrono's costliest parsers: a word each one's pattern cannot match without (a necessary condition,
 * so the results are the same), tested on the whole text before the pattern is run. The duration patterns
 * ("two weeks ago", "days later") are huge regular expressions tried at every word of a sentence, and on a
 * busy heap V8 keeps recompiling them: they were half of chrono's time on news, where few sentences hold an
 * "ago" or a "later"; the clock-time pattern needs a digit, the month-name ones a month. A gate applies only
 * while the parser's pattern still holds its `mandatory` part verbatim (chrono-node 2.10), else the parser
 * runs ungated.
 */
interface ParserGate {
  /** Source text that the parser's pattern must contain, as a part every match goes through. */
  mandatory: string;
  /** Matches wherever that part could: a text it does not match cannot match the pattern. */
  gate: RegExp;
}

const PARSER_GATES: ReadonlyMap<string, ParserGate> = new Map([
  // (${TIME_UNITS_PATTERN})\s{0,5}(?:ago|before|earlier)(?=\W|$)
  ['ENTimeUnitAgoFormatParser', { mandatory: '\\s{0,5}(?:ago|before|earlier)(?=\\W|$)', gate: /(?:ago|before|earlier)(?=\W|$)/i }],
  // (${TIME_UNITS_PATTERN})\s{0,5}(?:later|after|from now|henceforth|forward|out)(?=(?:\W|$))
  [
    'ENTimeUnitLaterFormatParser',
    { mandatory: '\\s{0,5}(?:later|after|from now|henceforth|forward|out)(?=(?:\\W|$))', gate: /(?:later|after|from now|henceforth|forward|out)(?=\W|$)/i },
  ],
  // a weekday name (every one starts with one of these) or weekend/weekday
  ['ENWeekdayParser', { mandatory: '|weekend|weekday)', gate: /sun|mon|tue|wed|thu|fri|sat|weekend|weekday/i }],
  // a month name (every one starts with one of these)
  ['ENMonthNameMiddleEndianParser', { mandatory: 'september|', gate: /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i }],
  ['ENMonthNameLittleEndianParser', { mandatory: 'september|', gate: /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i }],
  ['ENMonthNameParser', { mandatory: 'september|', gate: /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i }],
  ['ENYearMonthNameParser', { mandatory: 'september|', gate: /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i }],
  // clock times: a number of one to four digits
  ['ENTimeExpressionParser', { mandatory: '??(\\d{1,4})', gate: /\d/ }],
  // "now", "today", …, "last night" ("tmrw" holds "tmr")
  [
    'ENCasualDateParser',
    { mandatory: '(now|today|tonight|tomorrow|overmorrow|tmr|tmrw|yesterday|last\\s*night)(?=\\W|$)', gate: /now|today|tonight|tomorrow|overmorrow|tmr|yesterday|night/i },
  ],
  // "this morning", "noon", … ("midnight" holds "night")
  ['ENCasualTimeParser', { mandatory: '(morning|afternoon|evening|night|midnight|midday|noon)(?=\\W|$)', gate: /morning|afternoon|evening|night|midday|noon/i }],
  ['ENEndOfCurrentMonthParser', { mandatory: '\\s+of\\s+(?:the\\s+)?month(?=\\W|$)', gate: /month/i }],
]);

/** A pattern that fails at once (anchored at the start, then impossible). */
const NEVER = /^(?!)/;

function gated(parser: chrono.Parser): chrono.Parser {
  const g = PARSER_GATES.get((parser as { constructor?: { name?: string } }).constructor?.name ?? '');
  if (!g) return parser;
  // whether the parser's pattern holds the gate's part, checked once per pattern object (sources of up to 1,500
  // characters, where the gate itself reads a sentence)
  let checked: RegExp | null = null;
  let holds = false;
  return {
    pattern: (context) => {
      const re = parser.pattern(context);
      if (re !== checked) {
        checked = re;
        holds = re.flags === 'i' && re.source.includes(g.mandatory);
      }
      return holds && !g.gate.test(context.text) ? NEVER : re;
    },
    extract: (context, match) => parser.extract(context, match),
  };
}

function getChrono(): chrono.Chrono {
  if (newsChrono) return newsChrono;
  const c = chrono.casual.clone();
  c.parsers = c.parsers.map(gated);
  c.parsers.push(yearParser, anchorParser);
  c.refiners.push(newsFilter, pastBias, relativeAnchors);
  newsChrono = c;
  return c;
}

/**
 * Time expressions in `text`, resolved against the publication date `published` (ISO `YYYY-MM-DD`).
 * Without a publication date only absolute expressions (with a stated year) are returned.
 */
export function findTimeExpressions(text: string, published: string | undefined, opts: FindOptions = {}): TimeExpression[] {
  const ref = parseIsoDay(published);
  const option = { herald: { ref, pastBias: opts.pastBias ?? true } } as chrono.ParsingOption;
  const results = getChrono().parse(text, referenceOf(ref), option);
  const out: TimeExpression[] = [];
  for (const r of results) {
    const res = resolved.get(r);
    if (!res) continue;
    if (res.precision === 'none' && !opts.undated) continue;
    // chrono may include the punctuation around a weekday ("(Tuesday)", ", Friday,"): trim it.
    let start = r.index;
    let end = r.index + r.text.length;
    while (start < end && /[\s,(（]/.test(text[start])) start++;
    while (end > start && /[\s,)）]/.test(text[end - 1])) end--;
    out.push({
      start,
      end,
      text: text.slice(start, end),
      date: res.date,
      precision: res.precision,
      confidence: res.confidence,
      tense: res.tense,
    });
  }
  return out;
}
