/**
 * Quote-mark pairing over the original text: curly and straight double quotes, single quotes nested inside
 * them (or used on their own, as in headlines), apostrophes told apart from closing single quotes, and
 * multi-paragraph quotes (a paragraph that opens a quote without closing it continues into the next
 * paragraph when that one opens with a quote mark again).
 */
import type { Span } from '../doc/doc.js';

export interface MarkedQuote extends Span {
  /** One part per paragraph (a single part for an ordinary quote); each includes its marks. */
  parts: Span[];
  /** False when the quote ran to the end of its paragraph with no closing mark (and did not continue). */
  closed: boolean;
  /** True for a top-level quote in single marks. */
  single: boolean;
  /** Quotes nested inside this one (single marks inside double). */
  nested: Span[];
  /** Opened by a straight mark left alone at the end of the paragraph before (`… island. "¶The development …`). */
  detached?: boolean;
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
const isSpace = (ch: string | undefined): boolean => ch === undefined || /\s/u.test(ch);

interface OpenDouble {
  start: number;
  partStart: number;
  parts: Span[];
  nested: Span[];
  /**
   * The next paragraph continues this quote although it does not open with a quote mark: a straight quote
   * left dangling at a paragraph's end (`… in the area. "¶We often see …, "he said.`, the mark detached from
   * its words), or an unclosed straight quote whose closing mark comes in the next paragraph.
   */
  continues?: boolean;
  /** Opened by a straight mark (one that may stand apart from the quote's words). */
  straight?: boolean;
}

/** All top-level quotes of `text`, in order of their start. */
export function findQuotes(text: string): MarkedQuote[] {
  const out: MarkedQuote[] = [];
  let carry: OpenDouble | null = null;
  let ps = 0;
  const len = text.length;
  while (ps < len) {
    let pe = text.indexOf('\n', ps);
    if (pe < 0) pe = len;
    // trim the paragraph
    let a = ps;
    while (a < pe && isSpace(text[a])) a++;
    let b = pe;
    while (b > a && isSpace(text[b - 1])) b--;
    if (a < b) {
      carry = scanParagraph(text, a, b, carry, out);
    }
    ps = pe + 1;
  }
  if (carry) finishOpen(carry, text, carry.parts.length ? carry.parts[carry.parts.length - 1].end : len, out, false);
  out.sort((x, y) => x.start - y.start);
  return out;
}

function finishOpen(o: OpenDouble, _text: string, end: number, out: MarkedQuote[], closed: boolean): void {
  const parts = o.parts.slice();
  if (parts.length === 0 || parts[parts.length - 1].end < end) {
    if (o.partStart < end) parts.push({ start: o.partStart, end });
  }
  if (parts.length === 0) return;
  const q: MarkedQuote = { start: o.start, end: parts[parts.length - 1].end, parts, closed, single: false, nested: o.nested };
  if (o.straight) q.detached = true;
  out.push(q);
}

/** Number of straight double quotes in text[from, to). */
function straightCount(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (text[k] === '"') n++;
  return n;
}

/** The paragraph [from, to) holds the closing mark of a straight quote left open: an odd number of straight marks, or a first one after `, ` / `. ` (`… helpful, "said a spokesman`). */
function closesInParagraph(text: string, from: number, to: number): boolean {
  if (straightCount(text, from, to) % 2 === 1) return true;
  const k = text.indexOf('"', from);
  return k > from && k < to && /[,.!?]\s?$/u.test(text.slice(Math.max(from, k - 2), k));
}

function paragraphEnd(text: string, from: number): number {
  const e = text.indexOf('\n', from);
  return e < 0 ? text.length : e;
}

/** Number of closing curly double quotes in text[from, to). */
function closersAhead(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (text[k] === '”') n++;
  return n;
}

function scanParagraph(text: string, a: number, b: number, carry: OpenDouble | null, out: MarkedQuote[]): OpenDouble | null {
  let open: OpenDouble | null = null;
  if (carry) {
    const first = text[a];
    if (carry.continues) {
      open = carry;
      open.continues = false;
      if (open.parts.length === 0) open.start = a;
      open.partStart = a;
    } else if (first === '“' || first === '"' || first === '«') {
      open = carry;
      open.partStart = a;
      a++;
    } else {
      finishOpen(carry, text, carry.parts[carry.parts.length - 1]?.end ?? carry.partStart, out, false);
    }
  }
  const singles: number[] = [];
  let curlyClosedStraight = false;
  /** Curly double quotes nested inside the open one (`“… he calls “hell” than …”`). */
  let inner = 0;
  let innerStart = -1;
  for (let c = a; c < b; c++) {
    const ch = text[c];
    const prev = c > 0 ? text[c - 1] : undefined;
    const next = c + 1 < text.length ? text[c + 1] : undefined;
    if (ch === '“' || ch === '«') {
      if (!open) {
        open = { start: c, partStart: c, parts: [], nested: [] };
        singles.length = 0;
      } else if (ch === '“' && inner === 0 && closersAhead(text, c + 1, b) >= 2) {
        inner = 1;
        innerStart = c;
      }
    } else if ((ch === '”' || ch === '»') && inner > 0 && open) {
      inner = 0;
      open.nested.push({ start: innerStart, end: c + 1 });
    } else if (ch === '”' && !open && c === a && isWordChar(next)) {
      // a paragraph that opens with a closing mark (a typo for “) opens a quote
      open = { start: c, partStart: c, parts: [], nested: [] };
      singles.length = 0;
    } else if (ch === '”' || ch === '»') {
      if (open) {
        // a straight opener closed by a curly mark: a straight mark later in the paragraph is its real close
        if (text[open.start] === '"') curlyClosedStraight = true;
        finishOpen(open, text, c + 1, out, true);
        open = null;
        singles.length = 0;
      }
    } else if (ch === '"') {
      if (open) {
        if (isSpace(prev) && !isSpace(next) && c + 1 < b && !/[.,;:!?)]/u.test(next ?? '') && !/[,.!?]\s+$/u.test(text.slice(Math.max(a, c - 3), c))) {
          // (after `, ` or `. ` it closes: `… helpful, "said a spokesman`, the mark detached from its words)
          // `"` glued to the next word while a quote is open: a stray opener; restart the quote here
          open = { start: c, partStart: c, parts: [], nested: [] };
          singles.length = 0;
        } else {
          finishOpen(open, text, c + 1, out, true);
          open = null;
          singles.length = 0;
        }
      } else if (!isSpace(next) && c + 1 < b) {
        open = { start: c, partStart: c, parts: [], nested: [] };
        singles.length = 0;
      } else if (c + 1 === b && !curlyClosedStraight && (isSpace(prev) || (/[.,!?]/u.test(prev ?? '') && straightCount(text, a, c) > 0 && !/[“”]/u.test(text.slice(a, b))))) {
        // (glued to the words before, `… minister."`, only in a paragraph whose other marks are straight too)
        // a lone mark ending the paragraph opens a quote whose words are in the next paragraph
        let n = b;
        while (n < text.length && isSpace(text[n])) n++;
        if (n < text.length) return { start: n, partStart: n, parts: [], nested: [], continues: true, straight: true };
      }
    } else if (ch === '‘' || ch === "'" || ch === '’') {
      const inWord = isWordChar(prev) && isWordChar(next);
      if (inWord) continue; // apostrophe: isn’t, Iran’s
      const canOpen = !isWordChar(prev) && (isWordChar(next) || next === '“' || next === '"' || next === '$');
      const canClose = !isSpace(prev) && !isWordChar(next);
      if (ch === '‘' && canOpen) {
        singles.push(c);
      } else if (canClose && singles.length > 0) {
        const s = singles.pop()!;
        if (open) open.nested.push({ start: s, end: c + 1 });
        else if (singles.length === 0) out.push({ start: s, end: c + 1, parts: [{ start: s, end: c + 1 }], closed: true, single: true, nested: [] });
      } else if (ch === "'" && canOpen && !canClose) {
        singles.push(c);
      }
    }
  }
  if (open) {
    // An unclosed quote: continues when the next paragraph re-opens with a quote mark.
    let n = b;
    while (n < text.length && isSpace(text[n])) n++;
    const nextCh = text[n];
    if (n < text.length && (nextCh === '“' || nextCh === '"' || nextCh === '«')) {
      open.parts.push({ start: open.partStart, end: b });
      return open;
    }
    if (n < text.length && (text[open.start] === '"' || open.straight) && closesInParagraph(text, n, paragraphEnd(text, n))) {
      // an unclosed straight quote whose closing mark is in the next paragraph (`"We condemn it.¶In no way …, "said`)
      open.parts.push({ start: open.partStart, end: b });
      open.continues = true;
      return open;
    }
    finishOpen(open, text, b, out, false);
  }
  return null;
}
