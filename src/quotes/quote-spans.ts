/**
 * Quote content spans against the paired quote marks (`marks.ts`): a content chunk snapped to the marks of the
 * quotation it starts or ends in, the marks a chunk overlaps, the quoted share of a content, its pieces joined.
 */
import type { Span } from '../doc/doc.js';
import type { MarkedQuote } from './marks.js';
import type { Chunk } from './tagger/labels.js';
import { tokenAt, type QTokens } from './tokens.js';

/** Extends a content chunk that starts/ends just inside a quotation to the quote's marks (all its paragraphs). */
export function snapToQuotes(c: Chunk, t: QTokens, quoteOf: Int32Array, marks: MarkedQuote[], snapEnd = true): Chunk {
  let { from, to } = c;
  const qa = quoteOf[from];
  // a chunk opening the quote, or opening a later paragraph of it that has no quote mark of its own (the mark
  // was left at the end of the paragraph before), takes the whole quote from its start
  const q = qa >= 0 ? marks[qa] : null;
  if (q && (t.start[from] - q.start <= 2 || q.parts.some((p) => t.start[from] >= p.start && t.start[from] - p.start <= 2 && !/^[“"«]/u.test(t.form[tokenAt(t, p.start)])))) {
    from = tokenAt(t, q.start);
  }
  const qb = quoteOf[to - 1];
  if (qb >= 0 && snapEnd) {
    const q = marks[qb];
    let k = to;
    while (k < t.n && t.end[k] <= q.end && (k - to <= 2 || t.start[k] >= q.parts[q.parts.length - 1].start)) k++;
    if (k < t.n && t.end[k] <= q.end) {
      // the quote goes on well past the chunk: leave it
    } else {
      to = k;
      // a chunk that starts inside a quote and runs to its close is that quotation, from its start (the tagger
      // began it mid-sentence: "… just that, \"she said." of a quote opened a paragraph before)
      if (qa === qb && q.detached && from > tokenAt(t, q.start)) from = tokenAt(t, q.start);
    }
  }
  return { from, to };
}

/**
 * Indices of the marks overlapping [s, e) (q.start < e && q.end > s), in order: from the first mark whose running
 * furthest end passes s, by binary search, while marks start before e (`findQuotes` sorts them by start; if they
 * were not, every mark is tested). Scanning every mark per chunk made long documents quadratic (issue 14).
 */
const markReach = new WeakMap<MarkedQuote[], number[] | null>();
export function overlappingMarks(marks: MarkedQuote[], s: number, e: number): number[] {
  let reach = markReach.get(marks);
  if (reach === undefined) {
    const sorted = marks.every((q, i) => i === 0 || marks[i - 1].start <= q.start);
    reach = sorted ? [] : null;
    if (reach) for (const q of marks) reach.push(Math.max(q.end, reach.length ? reach[reach.length - 1] : -Infinity));
    markReach.set(marks, reach);
  }
  const out: number[] = [];
  let i = 0;
  if (reach) {
    for (let hi = marks.length; i < hi; ) {
      const mid = (i + hi) >> 1;
      if (reach[mid] <= s) i = mid + 1;
      else hi = mid;
    }
  }
  for (; i < marks.length; i++) {
    const q = marks[i];
    if (reach && q.start >= e) break;
    if (q.start < e && q.end > s) out.push(i);
  }
  return out;
}

export function markCovered(c: Chunk, t: QTokens, marks: MarkedQuote[], covered: Uint8Array): void {
  for (const i of overlappingMarks(marks, t.start[c.from], t.end[c.to - 1])) covered[i] = 1;
}

/** Sorts content pieces and joins those separated by nothing but spaces. */
export function mergeParts(parts: Span[], text: string): Span[] {
  parts.sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && /^\s*$/u.test(text.slice(last.end, p.start))) last.end = Math.max(last.end, p.end);
    else out.push({ ...p });
  }
  return out;
}

export function quotedChars(parts: Span[], marks: MarkedQuote[]): number {
  let n = 0;
  for (const p of parts) {
    for (const i of overlappingMarks(marks, p.start, p.end)) {
      const q = marks[i];
      const s = Math.max(p.start, q.start);
      const e = Math.min(p.end, q.end);
      if (e > s) n += e - s;
    }
  }
  return n;
}
