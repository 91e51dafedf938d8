/**
 * What the entities stage needs from an actor knowledge base (implemented by coding.ts over the Phoenix KB): its own
 * file so that the stage and describe.ts, which both read it, import it from below rather than from each other.
 */
import type { Actor } from '../doc/doc.js';

/** What actor coding needs from the knowledge base (see actors.ts). */
export interface ActorCoder {
  /** Codes a name (tokens as written); null when the KB does not know it. */
  codeName(tokens: string[], nerType: string, date: string | undefined): CodedName | null;
  /** ISO3 country for a country word: "Iran", "Iranian", "Tehran" (capital metonymy). */
  countryOf(word: string): string | null;
  /** Sector for a role noun or agent word: "leader" → GOV, "troops" → MIL. */
  sectorOf(role: string): string | null;
  /** ISO3 country of a place name of any length ("TEL AVIV", "Bonn", "Chad"), or null. */
  placeCountry?(name: string): string | null;
  /** ISO3 country whose capital the name is ("Bonn" → DEU), or null (not "Arbil", not "Britain"). */
  capitalOf?(name: string): string | null;
}

export interface CodedName {
  actor: Actor;
  /** Canonical name from the KB ("Ali Khamenei"). */
  name: string;
  /** What the KB says the name is, when it knows: countries and cities are GPEs. */
  kind: 'person' | 'org' | 'country' | 'city' | 'group' | 'demonym' | 'other';
  /**
   * True when every role the KB gives the actor is dated and none covers the date asked: the code is the
   * nearest role's guess ("Klaus Kinkel" is only the EU presidency of 1994 in the Phoenix KB; in 1996 he is
   * Germany's foreign minister), so what the story says of the person is worth more.
   */
  stale?: boolean;
}
