/**
 * The most specific code: the dictionary often codes an act at its root's generic code ("agreed" 050, "criticised"
 * 110, "will meet" 030) where the CAMEO codebook, and the news gold's GUIDE ("use the most specific code that the
 * sentence supports"), give a specific one (057 sign formal agreement, 111 criticize, 036 express intent to meet).
 * A table learned by `npm run train:event-codes` on the project's annotated stories (data/news-train) maps the
 * coder's code with the trigger's lemma to the specific code annotators chose under the same root; shipped as
 * models/event-codes.json. It never changes an event's root, so it changes no root-level match.
 */
import { existsSync, readFileSync } from 'node:fs';
import { modelPath } from '../nlp/paths.js';

export interface EventCodesFile {
  format: 'herald-event-codes/1';
  /** "code|lemma" → the specific code. */
  byLemma: Record<string, string>;
  /** "code" → the specific code, whatever the lemma (empty in the shipped table: a code's majority reading is its
   * most frequent lemma's, "agreed" 057, not the others': "backed a proposal" is no signed agreement). */
  byCode: Record<string, string>;
  provenance: Record<string, unknown>;
}

/**
 * Would `to` make `from` less specific: a code the dictionary gave below its root's generic one (138 threaten with
 * military force) taken back up to it (130)? Annotators often settle for the generic code; the codebook asks for the
 * most specific the sentence supports ("threatening an attack on Tel Aviv" is 138), so the table never does so.
 */
export function generalises(from: string, to: string): boolean {
  return /^\d\d0$/.test(to) && from !== to && from.slice(0, 2) === to.slice(0, 2);
}

export class EventCodeRefiner {
  private readonly byLemma: Map<string, string>;
  private readonly byCode: Map<string, string>;

  private constructor(readonly file: EventCodesFile) {
    this.byLemma = new Map(Object.entries(file.byLemma));
    this.byCode = new Map(Object.entries(file.byCode));
  }

  static of(file: EventCodesFile): EventCodeRefiner {
    if (file.format !== 'herald-event-codes/1') throw new Error(`event codes: unknown format ${String(file.format)}`);
    return new EventCodeRefiner(file);
  }

  private static cached: EventCodeRefiner | null | undefined;
  /** The shipped table (models/event-codes.json), or null when it is missing. */
  static default(): EventCodeRefiner | null {
    if (EventCodeRefiner.cached === undefined) {
      const p = modelPath('event-codes.json');
      EventCodeRefiner.cached = existsSync(p) ? EventCodeRefiner.of(JSON.parse(readFileSync(p, 'utf8')) as EventCodesFile) : null;
    }
    return EventCodeRefiner.cached;
  }

  /** The specific code for an event coded `code` at a trigger of lemma `lemma` (lower-cased); `code` when none. */
  refine(code: string, lemma: string): string {
    const to = this.byLemma.get(`${code}|${lemma}`) ?? this.byCode.get(code);
    // (a table built by hand could break the promise: never another root)
    return to && to.slice(0, 2) === code.slice(0, 2) && !generalises(code, to) ? to : code;
  }
}
