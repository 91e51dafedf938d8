/**
 * The stage contract: a step of the pipeline that reads some layers of a Doc and adds others. Each stage names
 * what it needs (`requires`) and what it adds (`assigns`); `createPipeline` checks once, before any document,
 * that every requirement is assigned by an earlier stage (see src/pipeline/stages.ts).
 */
import type { Doc } from './doc.js';

/** The layers of a Doc a stage can need or add. */
export type Layer =
  /** The original text and the caller's metadata: every Doc has them. */
  | 'text'
  | 'meta'
  /** `meta.published` and `meta.dateSource`: the publication date, looked for once. */
  | 'publication'
  /** `Doc.dateline`. */
  | 'dateline'
  /** `Doc.tokens` (offsets and forms) and `Doc.sentences`. */
  | 'tokens'
  | 'sentences'
  /** The token layer's `upos`, `xpos` and `lemma`. */
  | 'tags'
  | 'lemmas'
  /** The token layer's `head` and `deprel`. */
  | 'parse'
  /** `Doc.ner`. */
  | 'ner'
  /** `Doc.entities` and `Doc.storyCountry`. */
  | 'entities'
  | 'quotes'
  /** `Doc.time`, `Doc.places`. */
  | 'time'
  | 'places'
  | 'events';

/** The layers every Doc has before any stage runs. */
export const GIVEN_LAYERS: readonly Layer[] = ['text', 'meta'];

export interface Stage {
  /** A short name, used in messages ("nlp", "events"). */
  readonly name: string;
  /** Layers that must be there when `run` is called. */
  readonly requires: readonly Layer[];
  /** Layers `run` adds. */
  readonly assigns: readonly Layer[];
  run(doc: Doc): void;
}
