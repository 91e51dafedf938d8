/**
 * A sentence's dependency parse as the coder reads it: children (from the Doc's tree), relation bases, subtrees,
 * and the lowercased forms that dictionary patterns are matched against. Built once per sentence; token indices
 * are doc-level throughout.
 */
import { UPOS_TAGS, type Doc } from '../doc/doc.js';
import { depTree, isParsed } from '../doc/tree.js';

/**
 * One doc-length array per document that each new view fills with its own sentence's forms, after clearing the
 * previous view's: a view's `lc` is only valid until the next view of the same document is built (the events
 * stage codes one sentence at a time). A fresh doc-length array per sentence made long documents quadratic
 * (issue 14); an empty array filled from a doc-level index would turn sparse (slow) past token 1024.
 */
const lcWindows = new WeakMap<Doc, { lc: string[]; from: number; to: number }>();

function lcWindow(doc: Doc, from: number, to: number): string[] {
  let w = lcWindows.get(doc);
  if (!w || w.lc.length < to) lcWindows.set(doc, (w = { lc: new Array<string>(Math.max(to, doc.tokens.count)), from: 0, to: 0 }));
  else for (let i = w.from; i < w.to; i++) (w.lc as (string | undefined)[])[i] = undefined;
  w.from = from;
  w.to = to;
  return w.lc;
}

const NONE: readonly number[] = [];

export class SentenceView {
  readonly from: number;
  readonly to: number;
  /** Lowercased forms, curly apostrophes straightened (doc-level index; only [from, to) filled). */
  readonly lc: string[];
  /** Original forms of the sentence, 0-based within the sentence (for the actor KB's phrase lookups). */
  readonly forms: string[];
  /** `lc` of the sentence, 0-based like `forms` (the actor KB's normalised tokens). */
  readonly normForms: string[];
  /** The Doc's children index (shared with the other stages). */
  private readonly kids: readonly (readonly number[])[];
  private readonly lemmas: string[];
  /** Relation bases of the sentence's tokens once asked, 0-based (`base` is asked thousands of times a document). */
  private readonly bases: (string | undefined)[];
  /** `isPunct` of the sentence's tokens once asked, 0-based: 1 yes, 0 no, -1 not yet. */
  private readonly punct: Int8Array;
  readonly parsed: boolean;

  /** `docLc`: the doc's lowercased, straightened forms when the caller has them (the same strings; saves redoing them). */
  constructor(
    readonly doc: Doc,
    readonly index: number,
    docLc?: readonly string[],
  ) {
    const s = doc.sentences[index];
    const t = doc.tokens;
    this.from = s.tokenStart;
    this.to = s.tokenEnd;
    this.lc = lcWindow(doc, this.from, this.to);
    this.forms = [];
    this.normForms = [];
    this.lemmas = [];
    this.bases = new Array<string | undefined>(this.to - this.from).fill(undefined);
    this.punct = new Int8Array(this.to - this.from).fill(-1);
    for (let i = this.from; i < this.to; i++) {
      const f = t.form[i];
      const straight = f.includes('’') || f.includes('‘') ? f.replace(/[’‘]/g, "'") : f;
      this.lc[i] = docLc ? docLc[i] : straight.toLowerCase();
      this.forms.push(straight);
      this.normForms.push(this.lc[i]);
      const l = t.lemma[i];
      this.lemmas.push(l ? (l.includes('’') ? l.replace(/’/g, "'") : l).toLowerCase() : this.lc[i]);
    }
    this.parsed = isParsed(doc, this.from, this.to);
    this.kids = depTree(doc).children;
  }

  head(i: number): number {
    const h = this.doc.tokens.head[i];
    return h >= this.from && h < this.to ? h : -1;
  }

  /** Full relation ("obl:agent"). */
  rel(i: number): string {
    return this.doc.tokens.deprel[i];
  }

  /** Relation without its subtype ("obl"). */
  base(i: number): string {
    const k = i - this.from;
    if (k < 0 || k >= this.bases.length) return this.baseAt(i);
    return (this.bases[k] ??= this.baseAt(i));
  }

  private baseAt(i: number): string {
    const r = this.doc.tokens.deprel[i];
    const k = r.indexOf(':');
    return k < 0 ? r : r.slice(0, k);
  }

  upos(i: number): string {
    return UPOS_TAGS[this.doc.tokens.upos[i]];
  }

  xpos(i: number): string {
    return this.doc.tokens.xpos[i];
  }

  /** Lowercased lemma (the form when untagged). */
  lemma(i: number): string {
    return this.lemmas[i - this.from];
  }

  /** Dependents of token `i` of the sentence, in text order (none for a token outside it, or without a parse). */
  children(i: number): readonly number[] {
    return i >= this.from && i < this.to && this.parsed ? this.kids[i] : NONE;
  }

  /** Children whose full relation or relation base is one of `rels`. */
  childrenRel(i: number, ...rels: string[]): number[] {
    const out: number[] = [];
    for (const c of this.children(i)) if (rels.includes(this.rel(c)) || rels.includes(this.base(c))) out.push(c);
    return out;
  }

  firstChild(i: number, ...rels: string[]): number {
    for (const c of this.children(i)) if (rels.includes(this.rel(c)) || rels.includes(this.base(c))) return c;
    return -1;
  }

  /** The case marker (preposition) of a nominal, lowercased; '' when none. Multiword ("because of") joined. */
  caseOf(i: number): string {
    const parts: string[] = [];
    for (const c of this.children(i)) {
      if (this.base(c) !== 'case' || c > i) continue;
      parts.push(this.lc[c]);
      for (const f of this.children(c)) if (this.base(f) === 'fixed') parts.push(this.lc[f]);
    }
    return parts.join(' ');
  }

  /** Tokens of the subtree of `i` (sorted), skipping the subtrees of children whose relation is in `stop`. */
  subtree(i: number, stop?: ReadonlySet<string>): number[] {
    const out: number[] = [];
    const walk = (k: number): void => {
      out.push(k);
      for (const c of this.children(k)) if (!stop || !(stop.has(this.rel(c)) || stop.has(this.base(c)))) walk(c);
    };
    walk(i);
    return out.sort((a, b) => a - b);
  }

  /** Conjuncts of `i` (its conj children, recursively), in text order, `i` first. */
  conjuncts(i: number): number[] {
    const out = [i];
    for (let k = 0; k < out.length; k++) for (const c of this.children(out[k])) if (this.base(c) === 'conj') out.push(c);
    return out.sort((a, b) => a - b);
  }

  isPunct(i: number): boolean {
    const k = i - this.from;
    if (k < 0 || k >= this.punct.length) return this.punctAt(i);
    if (this.punct[k] < 0) this.punct[k] = this.punctAt(i) ? 1 : 0;
    return this.punct[k] === 1;
  }

  private punctAt(i: number): boolean {
    return this.upos(i) === 'PUNCT' || /^[\p{P}\p{S}]+$/u.test(this.doc.tokens.form[i]);
  }

  isVerb(i: number): boolean {
    const u = this.upos(i);
    if (u === 'VERB') return true;
    if (u !== '_' && u !== 'X') return false;
    return this.xpos(i).startsWith('VB');
  }

  isNominal(i: number): boolean {
    const u = this.upos(i);
    return u === 'NOUN' || u === 'PROPN' || u === 'PRON' || u === 'NUM' || u === 'X' || u === '_';
  }
}
