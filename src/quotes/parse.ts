/**
 * Dependency-parse helpers for the quotes stage. When the NLP core has parsed the Doc, a cue verb's reported
 * clause (its ccomp / parataxis / xcomp / obj subtree) and its subject (nsubj subtree) give the content and
 * the speaker of attributions that the taggers left incomplete. Without a parse these return null.
 */
import { uposIndex, type Doc, type Span } from '../doc/doc.js';
import { depTree, isParsed } from '../doc/tree.js';

const VERB = uposIndex('VERB');

export interface ParseView {
  doc: Doc;
  /** Each token's dependents in text order (the Doc's tree). */
  children: readonly (readonly number[])[];
}

/** A view over the Doc's parse, or null when the Doc has no dependency arcs. */
export function parseView(doc: Doc): ParseView | null {
  if (!doc.tokens || !isParsed(doc)) return null;
  return { doc, children: depTree(doc).children };
}

/** The cue's head token: the token inside `span` whose head lies outside it, preferring a verb. */
export function cueHead(v: ParseView, span: Span): number {
  const t = v.doc.tokens;
  let best = -1;
  // the first token ending after the span's start, by binary search (token ends increase): a scan from the
  // document's first token for each cue made long documents quadratic (issue 14)
  let first = 0;
  for (let hi = t.count; first < hi; ) {
    const mid = (first + hi) >> 1;
    if (t.end[mid] <= span.start) first = mid + 1;
    else hi = mid;
  }
  for (let i = first; i < t.count; i++) {
    if (t.end[i] <= span.start) continue;
    if (t.start[i] >= span.end) break;
    const h = t.head[i];
    const outside = h < 0 || t.start[h] < span.start || t.end[h] > span.end;
    if (outside && (best < 0 || t.upos[i] === VERB)) best = i;
  }
  return best;
}

/** Character span of the subtree rooted at token `r`. */
export function subtreeSpan(v: ParseView, r: number): Span {
  const t = v.doc.tokens;
  let start = t.start[r];
  let end = t.end[r];
  const stack = [r];
  while (stack.length) {
    const k = stack.pop()!;
    if (t.start[k] < start) start = t.start[k];
    if (t.end[k] > end) end = t.end[k];
    for (const c of v.children[k]) stack.push(c);
  }
  return { start, end };
}

function childWith(v: ParseView, h: number, rels: string[]): number {
  const t = v.doc.tokens;
  for (const rel of rels) {
    for (const c of v.children[h]) {
      if (t.deprel[c] === rel || t.deprel[c].startsWith(rel + ':')) return c;
    }
  }
  return -1;
}

/** The reported clause of a cue verb: its ccomp / parataxis / xcomp / obj subtree, trimmed of punctuation. */
export function reportedClause(v: ParseView, cue: Span): Span | null {
  const h = cueHead(v, cue);
  if (h < 0) return null;
  const c = childWith(v, h, ['ccomp', 'parataxis', 'xcomp', 'obj']);
  if (c < 0) return null;
  const s = subtreeSpan(v, c);
  // a "that" complementiser belongs to the content (PolNeAR convention), final punctuation does not
  const text = v.doc.text;
  let end = s.end;
  while (end > s.start && /[.,;:!?\s]/u.test(text[end - 1])) end--;
  return end > s.start ? { start: s.start, end } : null;
}

/** The subject (nsubj subtree) of a cue verb. */
export function subjectOf(v: ParseView, cue: Span): Span | null {
  const h = cueHead(v, cue);
  if (h < 0) return null;
  const c = childWith(v, h, ['nsubj']);
  return c < 0 ? null : subtreeSpan(v, c);
}

/**
 * The speaker of a cue verb from the parse when its own subject is missing: the subject of the verb it is
 * conjoined to ("It welcomed … but called for …"), of the clause a participle hangs on ("…, saying he was
 * biased"), the noun a misparsed reduced relative hangs on ("A senior politician accused …" parsed as
 * politician ← acl accused); else the nearest name before it in its sentence, past an apposition ("Freddy
 * Pinas, a visitor from the Netherlands, accused …").
 */
export function speakerOf(v: ParseView, cue: Span): Span | null {
  const t = v.doc.tokens;
  let h = cueHead(v, cue);
  if (h < 0) return null;
  for (let step = 0; step < 4; step++) {
    const s = childWith(v, h, ['nsubj']);
    if (s >= 0) return t.deprel[s].startsWith('nsubj:pass') ? null : subtreeSpan(v, s);
    const rel = t.deprel[h];
    const up = t.head[h];
    if (up < 0) break;
    if (rel === 'conj' || rel === 'xcomp' || (rel.startsWith('advcl') && t.xpos[h] === 'VBG')) {
      h = up;
      continue;
    }
    if (rel.startsWith('acl') && up < h && (t.upos[up] === NOUN || t.upos[up] === PROPN)) {
      // the noun's phrase, without the misparsed clause
      let start = t.start[up];
      for (const c of v.children[up]) if (c < up) start = Math.min(start, subtreeSpan(v, c).start);
      return { start, end: t.end[up] };
    }
    break;
  }
  return null;
}

const NOUN = uposIndex('NOUN');
const PROPN = uposIndex('PROPN');
