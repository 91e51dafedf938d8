/**
 * The output schema (see DESIGN.md): a plain JSON object per document built from the Doc's layers.
 * Field names are fixed; later stages add fields, never rename them.
 */
import { UPOS_TAGS, type Doc, type DocMeta, type Span } from '../doc/doc.js';

export interface TokenRecord {
  start: number;
  end: number;
  text: string;
  upos: string;
  xpos: string;
  lemma: string;
  /** Index of the head token within the document, -1 for a sentence root. */
  head: number;
  deprel: string;
}

export interface Result {
  id: string;
  meta: DocMeta;
  text?: string;
  sentences: Span[];
  tokens?: TokenRecord[];
}

export interface ResultOptions {
  /** Include the original text (default true). */
  text?: boolean;
  /** Include the token layer (default false). */
  tokens?: boolean;
}

export function toResult(doc: Doc, opts: ResultOptions = {}): Result {
  const meta: DocMeta = { ...doc.meta };
  delete meta.path;
  const result: Result = {
    id: doc.id,
    meta,
    ...(opts.text !== false ? { text: doc.text } : {}),
    sentences: doc.sentences.map((s) => ({ start: s.start, end: s.end })),
  };
  if (opts.tokens) {
    const t = doc.tokens;
    const tokens: TokenRecord[] = new Array(t.count);
    for (let i = 0; i < t.count; i++) {
      tokens[i] = {
        start: t.start[i],
        end: t.end[i],
        text: t.form[i],
        upos: UPOS_TAGS[t.upos[i]],
        xpos: t.xpos[i],
        lemma: t.lemma[i],
        head: t.head[i],
        deprel: t.deprel[i],
      };
    }
    result.tokens = tokens;
  }
  return result;
}
