/**
 * Small walks over the dependency parse shared by the time and geo stages: is a modifier attached to a
 * predicate without leaving a clause, and which clause does a token sit in.
 */
import type { Doc } from '../doc/doc.js';

/** Relations that open a clause of its own: what sits below one belongs to that clause's predicate. */
export const CLAUSE_RELS = new Set(['ccomp', 'csubj', 'parataxis', 'acl', 'xcomp', 'conj', 'list', 'dep', 'reparandum']);
const MAX_STEPS = 8;

/** `acl:relcl` → `acl`, `obl:tmod` → `obl`. */
export function relBase(rel: string): string {
  const i = rel.indexOf(':');
  return i < 0 ? rel : rel.slice(0, i);
}

/** Steps from token `from` up to `target` without crossing a clause boundary; -1 when not reached. */
export function climb(doc: Doc, from: number, target: number): number {
  const { head, deprel } = doc.tokens;
  let cur = from;
  for (let steps = 0; steps <= MAX_STEPS; steps++) {
    if (cur === target) return steps;
    const h = head[cur];
    if (h < 0 || CLAUSE_RELS.has(relBase(deprel[cur]))) return -1;
    cur = h;
  }
  return -1;
}

/**
 * Like `climb`, but a trigger that is the second conjunct of a predicate ("expressed support … and called
 * for …") also takes what is attached to the first conjunct, one step further away.
 */
export function attachment(doc: Doc, from: number, trigger: number): number {
  const d = climb(doc, from, trigger);
  if (d >= 0) return d;
  const { head, deprel } = doc.tokens;
  if (relBase(deprel[trigger]) === 'conj' && head[trigger] >= 0 && from < trigger) {
    const first = head[trigger];
    const e = climb(doc, from, first);
    if (e >= 0) return e + 1;
  }
  return -1;
}

/** The predicate of the clause `from` sits in: the first token up the tree attached by a clause relation, or the root. */
export function clauseTop(doc: Doc, from: number): number {
  const { head, deprel } = doc.tokens;
  let cur = from;
  for (let steps = 0; steps <= MAX_STEPS * 4; steps++) {
    if (head[cur] < 0 || CLAUSE_RELS.has(relBase(deprel[cur]))) return cur;
    cur = head[cur];
  }
  return cur;
}

/** True when `ancestor` is `x` or above it in the tree. */
export function dominates(doc: Doc, ancestor: number, x: number): boolean {
  const { head } = doc.tokens;
  let cur = x;
  for (let steps = 0; steps <= MAX_STEPS * 4 && cur >= 0; steps++) {
    if (cur === ancestor) return true;
    cur = head[cur];
  }
  return false;
}
