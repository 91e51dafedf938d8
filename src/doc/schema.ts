/**
 * The output schema (DESIGN.md): the plain JSON object the pipeline returns for one document, and the lenient
 * form of it that the store keeps. Both live here, beside the Doc, because the pipeline builds the one
 * (`toResult`) and the store reads the other, and the store may not import the pipeline: the store's input
 * type is derived from this one (`Lenient`), so the two cannot drift apart again.
 *
 * Quotes and events are the Doc's own records (doc.ts) as they are; entities and tokens are plain copies of
 * the Doc's richer layers.
 */
import type { Actor, DocMeta, EntityType, EventRecord, MentionKind, Quote, Span } from './doc.js';

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

export interface MentionRecord extends Span {
  text: string;
  kind: MentionKind;
}

export interface EntityRecord {
  id: string;
  type: EntityType;
  name: string;
  mentions: MentionRecord[];
  actor: Actor | null;
}

/** The metadata a result carries: all but `path`, where the text was read from, which is no part of the output. */
export type ResultMeta = Omit<DocMeta, 'path'>;

/** One analysed document. Field names are fixed; later stages add fields, never rename them. */
export interface Result {
  id: string;
  meta: ResultMeta;
  text?: string;
  sentences: Span[];
  entities: EntityRecord[];
  quotes: Quote[];
  events: EventRecord[];
  tokens?: TokenRecord[];
}

/** A field a reader needs: present, not null, of this JavaScript type, and taken to be of the schema's type. */
export type Need = 'string' | 'number' | 'object';

/**
 * How lenient a reader is with each field of a record: a `Need`, it needs the field; `'words'`, it takes a
 * string field or a string-list field as either (one string, or a list of strings, as tools other than Herald
 * write PLOVER's mode and context); a nested spec, the same for the fields of a nested record, or, in brackets,
 * of each element of a list. A field the spec does not name is optional, nullable and lenient in turn.
 */
export type LenientSpec = { readonly [key: string]: Need | 'words' | LenientSpec | readonly [LenientSpec] };

type Needed<S> = { [K in keyof S]: S[K] extends Need ? K : never }[keyof S];
type Words<S> = { [K in keyof S]: S[K] extends 'words' ? K : never }[keyof S];
type SpecOf<S, K> = K extends keyof S ? (S[K] extends readonly [infer E] ? E : S[K] extends LenientSpec ? S[K] : object) : object;
/** Written out as one object type, so that editors and errors show the fields rather than an intersection. */
type Flat<T> = { [K in keyof T]: T[K] };

/**
 * `T` as a result written by any version of Herald, or by another tool, may hold it: every field optional and
 * nullable, enumerations widened to `string`, nested records and list elements lenient in turn, except where
 * the spec `S` says otherwise. A `T` is always a `Lenient<T, S>`, so whatever the pipeline returns can be
 * stored as it is; the converse takes a check (`unmet`).
 */
export type Lenient<T, S = object> = T extends readonly (infer E)[]
  ? Lenient<E, S>[]
  : T extends string
    ? string
    : T extends object
      ? Flat<
          { [K in keyof T & Needed<S>]-?: Exclude<T[K], undefined> } & { [K in keyof T & Words<S>]?: string | string[] | null } & {
            [K in Exclude<keyof T, Needed<S> | Words<S>>]?: Lenient<T[K], SpecOf<S, K>> | null;
          }
        >
      : T;

const isList = (s: LenientSpec | readonly [LenientSpec]): s is readonly [LenientSpec] => Array.isArray(s);
const isRecord = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What `v` lacks of what `spec` needs, at every level the spec names, as a path (`quotes[2].start: not a
 * number`); undefined when nothing: the check that makes a JSON value a `Lenient<T, S>`. The fields the spec does
 * not name are not looked at (they are lenient: readers test them as they read them).
 */
export function unmet(v: unknown, spec: LenientSpec, path = ''): string | undefined {
  if (!isRecord(v)) return `${path || 'the document'}: not an object`;
  const at = (key: string): string => (path ? `${path}.${key}` : key);
  for (const [key, need] of Object.entries(spec)) {
    const x: unknown = Reflect.get(v, key);
    if (need === 'words') {
      if (x !== undefined && x !== null && typeof x !== 'string' && !(Array.isArray(x) && x.every((w) => typeof w === 'string'))) {
        return `${at(key)}: neither a string nor a list of strings`;
      }
    } else if (need === 'object') {
      if (!isRecord(x)) return `${at(key)}: not an object`;
    } else if (typeof need === 'string') {
      if (typeof x !== need) return `${at(key)}: not a ${need}`;
    } else if (x === undefined || x === null) {
      continue;
    } else if (isList(need)) {
      if (!Array.isArray(x)) return `${at(key)}: not a list`;
      for (let i = 0; i < x.length; i++) {
        const bad = unmet(x[i], need[0], `${at(key)}[${i}]`);
        if (bad) return bad;
      }
    } else {
      const bad = unmet(x, need, at(key));
      if (bad) return bad;
    }
  }
  return undefined;
}
