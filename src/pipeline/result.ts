/**
 * The output schema (see DESIGN.md): a plain JSON object per document built from the Doc's layers.
 * Field names are fixed; later stages add fields, never rename them.
 */
import { UPOS_TAGS, type Actor, type Doc, type DocMeta, type EntityType, type EventRecord, type MentionKind, type Quote, type Span } from '../doc/doc.js';

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

export interface EntityRecord {
  id: string;
  type: EntityType;
  name: string;
  mentions: { start: number; end: number; text: string; kind: MentionKind }[];
  actor: Actor | null;
}

export interface Result {
  id: string;
  meta: DocMeta;
  text?: string;
  sentences: Span[];
  entities: EntityRecord[];
  quotes: Quote[];
  events: EventRecord[];
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
