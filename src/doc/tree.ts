/**
 * The dependency tree of a Doc as the stages read it: each token's dependents in text order, indexed once per
 * document (`depTree`, kept as `Doc.tree`), and the one answer to "is it parsed?" (`isParsed`).
 */
import type { DepTree, Doc } from './doc.js';

export type { DepTree };

const NONE: readonly number[] = [];

/** The Doc's dependency tree, built the first time it is asked for and kept as `doc.tree`. */
export function depTree(doc: Doc): DepTree {
  const t = doc.tokens;
  const kept = doc.tree;
  if (kept && kept.head === t.head && kept.children.length === t.count) return kept;
  const n = t.count;
  const head = t.head;
  const children: (readonly number[])[] = new Array<readonly number[]>(n).fill(NONE);
  for (let i = 0; i < n; i++) {
    const h = head[i];
    if (h < 0 || h >= n) continue;
    if (children[h] === NONE) children[h] = [i];
    else (children[h] as number[]).push(i);
  }
  const tree: DepTree = { head, children };
  doc.tree = tree;
  return tree;
}

/**
 * True when every token of [from, to) (default: the whole document) has a head: the parser ran over it. False
 * for an empty range.
 */
export function isParsed(doc: Doc, from = 0, to = doc.tokens.count): boolean {
  const head = doc.tokens.head;
  for (let i = from; i < to; i++) if (head[i] === -2) return false;
  return to > from;
}
