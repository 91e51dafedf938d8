/**
 * The Doc's layers as the output schema (src/doc/schema.ts): a plain JSON object per document.
 */
import { UPOS_TAGS, type Doc, type DocMeta } from '../doc/doc.js';
import type { Result, TokenRecord } from '../doc/schema.js';

// The schema's types live in src/doc/ so that the store, which may not import the pipeline, derives its own from them.
export type { EntityRecord, MentionRecord, Result, TokenRecord } from '../doc/schema.js';

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
    entities: (doc.entities ?? []).map((e) => ({
      id: e.id,
      type: e.type,
      name: e.name,
      mentions: e.mentions.map((m) => ({ start: m.start, end: m.end, text: m.text, kind: m.kind })),
      actor: e.actor,
    })),
    quotes: doc.quotes ?? [],
    events: doc.events ?? [],
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
